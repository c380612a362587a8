"""Language and script per text and per paragraph (nlp/lang.py), over a table of
sentences written for the project (tests/nlp/lang_table.py)."""
from __future__ import annotations

import pytest

from nlp.lang import detect, script_of
from nlp.normalize import normalize
from lang_table import EN, EN_WITH_NAMES, KK, MIXED, RU, RU_WITH_NAMES, UZ_CYRL, UZ_LATN

TABLE = ([(s, "ru", "Cyrl") for s in RU] + [(s, "kk", "Cyrl") for s in KK]
         + [(s, "uz", "Latn") for s in UZ_LATN] + [(s, "uz", "Cyrl") for s in UZ_CYRL]
         + [(s, "en", "Latn") for s in EN])


def test_table_has_forty_per_language_and_script_with_short_ones():
    for sentences in (RU, KK, UZ_LATN, UZ_CYRL, EN):
        assert len(sentences) >= 40
        assert any(len(s.split()) <= 5 for s in sentences)


@pytest.mark.parametrize("sentence,lang,script", TABLE)
def test_sentence_language_and_script(sentence, lang, script):
    text, _ = normalize(sentence)
    assert detect(text) == (lang, script)


@pytest.mark.parametrize("sentence", UZ_LATN[:10])
def test_uzbek_with_ascii_apostrophes(sentence):
    """Uzbek typed with a plain apostrophe (o'zbek) is still Uzbek after normalisation."""
    text, _ = normalize(sentence.replace("ʻ", "'"))
    assert detect(text) == ("uz", "Latn")


@pytest.mark.parametrize("paragraphs,doc_lang,para_langs", MIXED)
def test_mixed_documents(pipeline, paragraphs, doc_lang, para_langs):
    doc = pipeline("\n\n".join(paragraphs))
    assert doc.lang == doc_lang
    assert [p["lang"] for p in doc.paragraphs] == para_langs


@pytest.mark.parametrize("text,script", [
    ("Привет", "Cyrl"), ("hello", "Latn"), ("Oʻzbekiston", "Latn"), ("123 456", None),
    ("中华人民共和国", "Cjk"), ("Ташкент Tashkent Ташкент", "Cyrl"),
])
def test_script_of(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize("text", RU_WITH_NAMES)
def test_russian_quoting_kazakh_and_uzbek_names(text):
    assert detect(normalize(text)[0]) == ("ru", "Cyrl")


def test_no_letters_is_undetermined():
    assert detect("2025 — 15 %") == ("und", None)


@pytest.mark.parametrize("text", ["Peter Blackburn", "Rotterdam 1996-08-22", "Nadim Ladki scored twice for Al Ain."])
def test_latin_names_the_detector_is_unsure_of_are_english(text):
    assert detect(text)[0] == "en"


def test_a_paragraph_of_names_keeps_the_documents_language(pipeline):
    text = ("The two governments signed the customs agreement in Tashkent on Friday after a long night.\n"
            "Present were Dirk van der Berg, Hans Petersen and Olga Kristiansen of the working group.\n"
            "The center is due to open its first stage next year, the ministers said.")
    doc = pipeline(text)
    assert doc.lang == "en" and [p["lang"] for p in doc.paragraphs] == ["en", "en", "en"]


@pytest.mark.parametrize("text", EN_WITH_NAMES)
def test_english_made_of_central_asian_names_is_english(text):
    assert detect(text) == ("en", "Latn")


@pytest.mark.parametrize("text", ["• Марокко", "Бразилия", "• Чехия"])
def test_one_cyrillic_word_without_kazakh_or_uzbek_letters_is_russian(text):
    """py3langid called a country's name alone Uzbek or Kazakh (a bulleted list of countries)."""
    assert detect(text) == ("ru", "Cyrl")


def test_a_short_kazakh_sentence_without_kazakh_letters_stays_kazakh():
    assert detect("Бала мектепке барады.") == ("kk", "Cyrl")


# Uzbek Cyrillic writes ъ as its apostrophe before any letter; Russian only before е, ё, ю, я.
# These Uzbek lines have none of ў, қ, ғ, ҳ, so ъ is the only mark of Uzbek they carry.
UZ_CYRL_BY_HARD_SIGN = [
    "Манба: «Тошкент метрополитени» маълумот",      # py3langid: Russian (names, a short line)
    "Муаллиф: Алексей Петров, маълумот",            # py3langid: Russian
    "Маъмурият раиси бугун матбуотга маълумот берди",
    "ТАЪЛИМ МАРКАЗИ КЕЛАСИ ОЙДА ОЧИЛАДИ",
]
RU_WITH_HARD_SIGN = [
    "Объект сдадут в эксплуатацию в следующем году",
    "Подъезд к терминалу закрыли на ремонт до весны",
    "ОБЪЁМ ИНВЕСТИЦИЙ СОСТАВИТ ДВА МИЛЛИАРДА ДОЛЛАРОВ",
    "Делегаты съехались на форум в Шымкенте",
]


@pytest.mark.parametrize("sentence", UZ_CYRL_BY_HARD_SIGN)
def test_uzbek_cyrillic_known_by_its_hard_sign(sentence):
    assert detect(normalize(sentence)[0]) == ("uz", "Cyrl")


@pytest.mark.parametrize("sentence", RU_WITH_HARD_SIGN)
def test_russian_hard_sign_before_iotated_vowels_stays_russian(sentence):
    assert detect(normalize(sentence)[0]) == ("ru", "Cyrl")


@pytest.mark.parametrize("line", UZ_CYRL_BY_HARD_SIGN[:2])
def test_uzbek_cyrillic_line_in_an_uzbek_latin_text(pipeline, line):
    """A line in Uzbek Cyrillic at the end of an Uzbek Latin article is Uzbek, not Russian."""
    doc = pipeline("\n\n".join([
        "Viloyat hokimligi yangi sanoat zonasi qurilishi boshlanganini maʼlum qildi.",
        "Loyiha doirasida oʻnlab korxonalar ishga tushiriladi.",
        line]))
    assert doc.lang == "uz"
    assert [p["lang"] for p in doc.paragraphs] == ["uz", "uz", "uz"]
    assert doc.paragraphs[-1]["script"] == "Cyrl"


DENSE_KAZAKH = [
    "Шекара маңындағы орталықтың екінші кезеңі келесі жылдың көктемінде іске қосылады.",
    "Өңірлік әкімдік жаңа логистикалық алаңның құрылысына үш жүз гектар жер бөлді.",
    "Кәсіпкерлер сауда үйлерінің ашылуын күтіп отыр, бірақ мерзімі әлі белгісіз.",
]


@pytest.mark.parametrize("text", DENSE_KAZAKH)
def test_dense_kazakh_letters_settle_kazakh_without_the_identifier(text, monkeypatch):
    from nlp import lang

    asked = []
    monkeypatch.setattr(lang, "_langid", lambda text, langs: asked.append(text) or ("uz", 0.99))
    assert detect(text) == ("kk", "Cyrl")
    assert not asked                       # py3langid not consulted: the letters decided


def test_an_uzbek_letter_leaves_the_decision_to_the_identifier(monkeypatch):
    from nlp import lang

    text = DENSE_KAZAKH[0] + " Ҳамкорлар ўз фикрини билдирди."
    asked = []
    real = lang._langid
    monkeypatch.setattr(lang, "_langid", lambda t, langs: asked.append(t) or real(t, langs))
    detect(text)
    assert asked                           # Uzbek's letters too: the shortcut does not apply
