"""Entities (nlp/entities/): natasha for Russian and its mending, spaCy for
English, rules for Kazakh and Uzbek, the registry link, the merge rule."""
from __future__ import annotations

import pytest

from nlp import registry as reglib

from nlp.entities.merge import merge, unify
from nlp.entities.normal import ru_normal, turkic_normal


def _ents(pipeline, text):
    return [(e["type"], e["text"], e["normal"], e["canonical"]) for e in pipeline(text).entities]


def _by_text(pipeline, text):
    return {e["text"]: e for e in pipeline(text).entities}


# --- Russian: natasha and what is mended -------------------------------------------------------
def test_dateline_is_a_place_and_linked(pipeline):
    ents = _by_text(pipeline, "ТАШКЕНТ, 15 ноября — Sputnik. Делегация прибыла на переговоры.")
    assert ents["ТАШКЕНТ"]["type"] == "LOC" and ents["ТАШКЕНТ"]["canonical"] == "Tashkent"
    assert ents["Sputnik"]["type"] == "ORG"


def test_unknown_dateline_city_is_a_place(pipeline):
    ents = _by_text(pipeline, "КЕНТАУ, 3 марта — Здесь открылся новый цех по выпуску кирпича.")
    assert ents["КЕНТАУ"]["type"] == "LOC"


@pytest.mark.parametrize("text,name,normal,canonical", [
    ("Переговоры Шавката Мирзиёева прошли успешно.", "Шавката Мирзиёева", "Шавкат Мирзиёев", "Shavkat Mirziyoyev"),
    ("Встреча с Касым-Жомартом Токаевым состоялась вчера.", "Касым-Жомартом Токаевым", "Касым-Жомарт Токаев",
     "Kassym-Jomart Tokayev"),
    ("Заседание Высшего межгосударственного совета перенесли.", "Высшего межгосударственного совета",
     "Высший межгосударственный совет", "Supreme Interstate Council"),
])
def test_known_names_normalised_and_linked(pipeline, text, name, normal, canonical):
    e = _by_text(pipeline, text)[name]
    assert (e["normal"], e["canonical"]) == (normal, canonical)


@pytest.mark.parametrize("words,type,normal", [
    ("Бейбитом Исабаевым", "PER", "Бейбит Исабаев"),
    ("Нуржаном Султаналиевым", "PER", "Нуржан Султаналиев"),
    ("Анной Петровой", "PER", "Анна Петрова"),
    ("Р.Скляра", "PER", "Р.Скляр"),
    ("Габит Сыздыкбеков", "PER", "Габит Сыздыкбеков"),     # not the plural of «Сыздыкбек»
    ("Мирзиёева", "PER", "Мирзиёев"),                 # «ё» stays, not «Мирзиеев»
    ("Высшего Межгосударственного совета", "ORG", "Высший Межгосударственный совет"),   # not «Высочайший»
    ("Высшей школы экономики", "ORG", "Высшая школа экономики"),
    ("Туркестанской области", "LOC", "Туркестанская область"),
    ("Новом Ташкенте", "LOC", "Новый Ташкент"),
    ("Министерства инвестиций и внешней торговли", "ORG", "Министерство инвестиций и внешней торговли"),
    ("Центра «Хоргос»", "ORG", "Центр «Хоргос»"),
    ("Куксарой", "ORG", "Куксарой"),                        # unknown to the dictionary: not declined
])
def test_russian_normal_forms(pipeline, words, type, normal):
    from nlp.entities.normal import _morph

    assert ru_normal(_morph(pipeline.resources), words, type) == normal


def test_closing_quote_is_kept(pipeline):
    text = "Строится Международный центр промышленной кооперации «Центральная Азия» у границы."
    e = next(e for e in pipeline(text).entities if e["type"] == "ORG")
    assert e["text"].endswith("«Центральная Азия»") and e["id"] == "org:icic"


def test_quoted_city_names_of_buildings_are_not_places(pipeline):
    ents = _by_text(pipeline, "В Новом Ташкенте построят квартал «Астана» и гостиницу «Самарканд».")
    assert "Новом Ташкенте" in ents
    assert "Астана" not in ents and "Самарканд" not in ents


def test_checkpoints_in_quotes_are_places(pipeline):
    ents = _by_text(pipeline, "Грузовики проходят через пункты пропуска «Атамекен» и «Гулистан».")
    assert {ents[k]["canonical"] for k in ents if ents[k]["type"] == "LOC"} >= {"Atameken", "Gulistan"}


@pytest.mark.parametrize("text", ["Kredit 48 million AQSh dollari miqdorida.", "Кредит на 48 млн долларов США.",
                                  "Несие 48 млн АҚШ долларын құрайды."])
def test_the_country_of_a_currency_is_not_a_place(pipeline, text):
    assert [e for e in pipeline(text).entities if e["canonical"] == "United States"] == []


def test_a_quoted_place_naming_an_organisation(pipeline):
    ents = _by_text(pipeline, "Жиынға өңірлік «Атамекен» кәсіпкерлер палатасының өкілдері қатысты.")
    assert "«Атамекен» кәсіпкерлер палатасының" in ents and "Атамекен" not in ents


def test_titles_are_not_people(pipeline):
    people = [e["text"] for e in pipeline("Премьер-министры двух стран провели встречу в Астане.").entities
              if e["type"] == "PER"]
    assert people == []


# --- English: spaCy ------------------------------------------------------------------------------
def test_english_mapping(pipeline):
    ents = _by_text(pipeline, "Aigerim Suleimenova, head of Orda Logistics, flew from Shymkent to Frankfurt "
                              "on Monday with 40 million dollars of orders.")
    assert ents["Aigerim Suleimenova"]["type"] == "PER"
    assert ents["Shymkent"]["type"] == "LOC" and ents["Shymkent"]["id"] == "loc:shymkent"
    assert ents["Frankfurt"]["type"] == "LOC"
    assert not any(k in ents for k in ("Monday", "40 million dollars"))


def test_english_common_words_opening_a_sentence(pipeline):
    ents = _by_text(pipeline, "Pedestrians crossed the bridge. Shoppers came from Tashkent.")
    assert set(ents) == {"Tashkent"}


@pytest.mark.parametrize("text,name", [
    ("Reuters reported that the plant would open in May.", "Reuters"),
    ("Israel sent a delegation to the forum in Tashkent.", "Israel"),
    ("Clinton told reporters the talks had gone well.", "Clinton"),
])
def test_english_names_opening_a_sentence_stay(pipeline, text, name):
    """The model knows these in lower case too; the tagger calls them proper nouns there."""
    assert name in _by_text(pipeline, text)


def test_an_organisations_short_name_is_that_organisation(pipeline):
    doc = pipeline("The Kyzylkum Cement Company opened a new kiln in Navoi. Kyzylkum expects to double output by 2027.")
    short = [e for e in doc.entities if e["text"] == "Kyzylkum"]
    full = next(e for e in doc.entities if e["text"] == "Kyzylkum Cement Company")
    assert short and all(e["type"] == "ORG" and e["canonical"] == full["canonical"] for e in short)


@pytest.mark.parametrize("text,name", [
    ("Сенатор выступил на заседании Конгресса в среду.", "Конгресса"),
    ("Депутаты Думы одобрили закон о бюджете.", "Думы"),
])
def test_a_capitalised_body_within_a_russian_sentence_is_a_name(pipeline, text, name):
    assert _by_text(pipeline, text)[name]["type"] == "ORG"


@pytest.mark.parametrize("text", ["Соглашение подписано Посольством и местной компанией.",
                                  "Документы переданы в Министерство к пятнице."])
def test_a_capitalised_kind_of_body_alone_is_no_name(pipeline, text):
    assert not [e for e in pipeline(text).entities if e["type"] == "ORG"]


@pytest.mark.parametrize("text", ["Русские туристы приехали в Бухару.", "Белорусская сторона ответила на письмо.",
                                  "Тбилисский врач считает иначе."])
def test_an_adjective_opening_a_russian_sentence_is_no_place(text):
    from nlp.pipeline import Pipeline, Settings

    first = text.split()[0]
    assert first not in {e["text"] for e in Pipeline(Settings(frozen_registry=True))(text).entities}


def test_an_epithet_is_part_of_the_name_not_a_city():
    from nlp.pipeline import Pipeline, Settings

    doc = Pipeline(Settings(frozen_registry=True))("Он ведёт себя, словно царь Иоанн Грозный.")
    assert [(e["type"], e["text"]) for e in doc.entities] == [("PER", "Иоанн Грозный")]


@pytest.mark.parametrize("text", ["Михаил Тюркин выиграл турнир.", "Тренер Олег Данн доволен игрой."])
def test_a_russian_word_takes_russian_endings_after_a_stem(pipeline, text):
    """«Тюркин» is no «Турк-ия» (Turkey) with a Kazakh ending, «Данн» no «Дан-ия» (Denmark)."""
    reg = reglib.shared(pipeline.resources)
    assert not [m for m in reg.find(text) if m.entity.type == "LOC"]


def test_english_demonyms_are_not_organisations(pipeline):
    ents = _by_text(pipeline, "The Kazakh-Uzbek talks ended. Kazakh officials were pleased.")
    assert "Kazakh-Uzbek" not in ents and "Kazakh" not in ents


# --- Kazakh and Uzbek: rules and the registry ---------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("Сауда министрі Арман Шаққалиев Шымкентте болды.",
     {("PER", "Арман Шаққалиев"), ("LOC", "Шымкентте")}),
    ("Облыс әкімі Дархан Сатыбалдының айтуынша, жұмыс аяқталды.", {("PER", "Дархан Сатыбалдының")}),
    ("Жиынға «Оңтүстік Жарық» ЖШС өкілдері келді.", {("ORG", "«Оңтүстік Жарық» ЖШС")}),
    ("Жобаны Кентау машина жасау зауыты қаржыландырады.", {("ORG", "Кентау машина жасау зауыты")}),
    ("Жиында Қазақстан мен Қытай іскерлік кеңесінің мүшелері болды.",
     {("ORG", "Қазақстан мен Қытай іскерлік кеңесінің")}),
    ("Vazir oʻrinbosari Bekmurod Akbarov Gulistonda boʻldi.", {("PER", "Bekmurod Akbarov"), ("LOC", "Gulistonda")}),
    ("Loyihani «Yashil Vodiy» MChJ moliyalashtiradi.", {("ORG", "«Yashil Vodiy» MChJ")}),
    ("Бугун «Тошкент Тола» МЧЖ янги цех очди.", {("ORG", "«Тошкент Тола» МЧЖ")}),
    ("Qoʻshma loyiha Chinoz tumani hududida amalga oshiriladi.", {("LOC", "Chinoz tumani")}),
    ("Toʻqimachilik korxonasi Oʻzbekistonning eksportini oshiradi.", {("LOC", "Oʻzbekistonning")}),
    # a quoted name with its legal form opens a sentence: the quotes are evidence enough
    ("Forum boʻldi. «Sharq Tolasi» AJ memorandum imzoladi.", {("ORG", "«Sharq Tolasi» AJ")}),
    ("Tadbirda Investitsiyalar, sanoat va savdo vazirligi vakillari qatnashdi.",
     {("ORG", "Investitsiyalar, sanoat va savdo vazirligi")}),
    # a sentence may open with a name when its first word is a place, known or marked as one
    ("Сирдарё вилояти ҳокимлиги маълумот берди.", {("ORG", "Сирдарё вилояти ҳокимлиги")}),
    ("Бахмал тумани ҳокимлиги танлов эълон қилди.", {("ORG", "Бахмал тумани ҳокимлиги")}),
    ("Guliston davlat universiteti yangi kurs ochdi.", {("ORG", "Guliston davlat universiteti")}),
    ("Шымкент халықаралық әуежайы жаңа терминал салады.", {("ORG", "Шымкент халықаралық әуежайы")}),
    ("Yosh olimlar Toshkent davlat texnika instituti bilan ishlaydi.",
     {("ORG", "Toshkent davlat texnika instituti")}),
])

def test_kazakh_and_uzbek(pipeline, text, expected):
    got = {(e["type"], e["text"]) for e in pipeline(text).entities}
    assert expected <= got, got

@pytest.mark.parametrize("text,normal", [
    ("Жиында Қазақстан-Қытай іскерлік кеңесінің мүшелері сөйледі.", "Қазақстан-Қытай іскерлік кеңесі"),
    ("Biz Fargʻona viloyati hokimligining vakillari bilan uchrashdik.", "Fargʻona viloyati hokimligi"),
])
def test_marker_words_lose_their_endings(pipeline, text, normal):
    assert normal in {e["normal"] for e in pipeline(text).entities}


@pytest.mark.parametrize("text", [
    "Отырыс қорытындысы бойынша хаттама қабылданды.",      # «қорытындысы» is not «қоры» (a fund)
    "Viloyat hokimligi yigʻilish oʻtkazdi.",                # a capital at the start of a sentence proves nothing
    "Шаҳар ҳокимлиги йиғилиш ўтказди.",                     # the city's administration: no place named
    "Бу институти ҳақида гапирди.",                          # a sentence opener
    "Кеше кездесу өтті.",
])
def test_no_false_alarms(pipeline, text):
    assert [e for e in pipeline(text).entities if e["source"] == "rules"] == []


@pytest.mark.parametrize("word,base", [("Тоқаевтың", "Тоқаев"), ("Mirziyoyevning", "Mirziyoyev"),
                                       ("Шаққалиевке", "Шаққалиев"), ("Astana", "Astana"),
                                       ("Дархан Сатыбалдының", "Дархан Сатыбалды"), ("Svetlana", "Svetlana"),
                                       ("Нұржан Сұлтаналиевпен", "Нұржан Сұлтаналиев")])
def test_turkic_normal(word, base):
    assert turkic_normal(word) == base


# --- merge and unify -----------------------------------------------------------------------------
def test_merge_rule():
    reg = {"type": "LOC", "start": 10, "end": 20, "source": "registry"}
    inner = {"type": "PER", "start": 12, "end": 18, "source": "natasha"}
    around = {"type": "ORG", "start": 0, "end": 30, "source": "rules"}
    longer = {"type": "ORG", "start": 40, "end": 60, "source": "rules"}
    shorter = {"type": "PER", "start": 45, "end": 55, "source": "natasha"}
    same_a = {"type": "PER", "start": 70, "end": 80, "source": "transformers"}
    same_b = {"type": "PER", "start": 70, "end": 80, "source": "spacy"}
    kept = merge([reg], [inner, around, longer, shorter, same_a, same_b])
    assert reg in kept and inner not in kept           # the registry wins over what overlaps it
    assert around in kept                              # an ORG around a registry place keeps both
    assert longer in kept and shorter not in kept      # the longer span wins
    assert same_b in kept and same_a not in kept       # then the source listed first


def test_a_statistical_full_name_outgrows_the_registry():
    class Person:
        id, type, canonical = "per:lavrov", "PER", "Sergey Lavrov"
    surname = {"type": "PER", "start": 8, "end": 16, "source": "registry", "entity": Person}
    full = {"type": "PER", "start": 0, "end": 16, "source": "natasha"}
    by_rules = {"type": "PER", "start": 0, "end": 16, "source": "rules"}
    assert merge([surname], [by_rules]) == [surname]                  # rules do not outgrow the registry
    kept = merge([surname], [full])
    assert [(k["start"], k["end"], k["source"]) for k in kept] == [(0, 16, "natasha")]
    assert kept[0]["entity"] is Person                                # and the registry links the full name


@pytest.mark.parametrize("text,name,normal", [
    ("Встреча с Сергеем Лавровым прошла в Москве.", "Сергеем Лавровым", "Сергей Лавров"),
    ("Премию получил Георгий Петров из Самары.", "Георгий Петров", "Георгий Петров"),
])
def test_natasha_full_names_are_kept(pipeline, text, name, normal):
    found = _by_text(pipeline, text)
    assert name in found and found[name]["type"] == "PER" and found[name]["normal"] == normal


def test_unify_gives_one_canonical_per_entity():
    ents = [
        {"type": "PER", "normal": "Бейбит Исабаев", "canonical": "Beybit Isabayev", "id": None},
        {"type": "PER", "normal": "Исабаев", "canonical": "Isabayev", "id": None},
        {"type": "LOC", "normal": "Джетысуский район", "canonical": "Dzhetysuskiy rayon", "id": None},
        {"type": "LOC", "normal": "Джетысуйский район", "canonical": "Dzhetysuyskiy rayon", "id": None},
        {"type": "ORG", "normal": "Центр «Хоргос»", "canonical": "Tsentr «Khorgos»", "id": None},
        {"type": "ORG", "normal": "Центр приграничного сотрудничества «Хоргос»", "canonical": "X", "id": "org:x"},
    ]
    unify(ents)
    assert len({e["canonical"] for e in ents[:2]}) == 1
    assert len({e["canonical"] for e in ents[2:4]}) == 1
    assert ents[4]["id"] == "org:x"


def test_every_entity_has_the_contract_fields(pipeline):
    for e in pipeline("Президент Тоқаев Ташкентке барды. Kazakh President Tokayev visited Tashkent.").entities:
        assert set(e) == {"type", "text", "normal", "canonical", "span", "id", "source"}
        assert e["type"] in ("PER", "ORG", "LOC")


# --- quoted names (nlp/entities/quoted_ner.py) ---------------------------------------------------
@pytest.mark.parametrize("text,name", [
    ("Он написал об этом в социальной сети «ВКонтакте».", "ВКонтакте"),
    ("Магазин «Лукоморье» открылся у вокзала.", "Лукоморье"),
    ("Компания \"Ромашка\" подписала договор поставки.", "Ромашка"),
    ("The firm \"Silk Road Logistics\" opened an office in Almaty.", "Silk Road Logistics"),
])
def test_a_quoted_name_after_its_kind_is_an_organisation(pipeline, text, name):
    found = _by_text(pipeline, text)
    assert name in found and found[name]["type"] == "ORG"


@pytest.mark.parametrize("text", [
    "Он сказал: «Мы готовы начать».",                      # a quotation
    "В центре логистики «Silkway Central Asia» идёт стройка.",   # a facility, not a company
])
def test_quotes_alone_make_no_organisation(pipeline, text):
    assert not [e for e in pipeline(text).entities if e["source"] == "quotes"]


def test_the_kazakh_models_head_word_joins_a_registry_organisation():
    from nlp.entities.merge import join_heads

    text = "Парламент Сенаты заңды қабылдады."
    head = {"type": "ORG", "start": 0, "end": 9, "source": "kk_model"}
    senate = {"type": "ORG", "start": 10, "end": 16, "source": "registry", "entity": "org:senate-kz"}
    assert join_heads(text, [head, senate]) == [{**senate, "start": 0}]
    spaced = "Парламент  Сенаты заңды қабылдады."              # not one name across two spaces
    apart = {**senate, "start": 11, "end": 17}
    assert join_heads(spaced, [head, apart]) == [head, apart]


def test_the_kazakh_models_other_classes_block_the_names_inside_them():
    """«Қазақстан Президенті» is a position: the registry's country inside it goes, the name after stays."""
    from nlp.entities.merge import kazakh_first

    text = "Қазақстан Президенті Тоқаев Астанада болды."
    position = {"type": "BLOCK", "start": 0, "end": 20, "source": "kk_model"}
    country = {"type": "LOC", "start": 0, "end": 9, "source": "registry", "entity": "loc:kazakhstan"}
    capital = {"type": "LOC", "start": 28, "end": 36, "source": "registry", "entity": "loc:astana"}
    person = {"type": "PER", "start": 21, "end": 27, "source": "kk_model"}
    matches, found = kazakh_first([country, capital], [position, person])
    assert matches == [capital] and found == [person]
    assert text[person["start"]:person["end"]] == "Тоқаев"


def test_the_kazakh_models_names_come_before_the_rules():
    """The rules' «Шевченко қаласын» overlaps the model's «Форт-Шевченко»: the model's reading stays;
    an organisation the rules found around the model's place stays too; where the model found
    nothing, the rules' name stays."""
    from nlp.entities.merge import kazakh_first

    text = "Форт-Шевченко қаласын Маңғыстау облысы әкімдігі мен Ержан Сапаров аралады."
    model_place = {"type": "LOC", "start": 0, "end": 13, "source": "kk_model"}
    rules_place = {"type": "LOC", "start": 5, "end": 21, "source": "rules"}
    model_region = {"type": "LOC", "start": 22, "end": 38, "source": "kk_model"}
    rules_akimat = {"type": "ORG", "start": 22, "end": 47, "source": "rules"}
    rules_person = {"type": "PER", "start": 52, "end": 65, "source": "rules"}
    assert text[rules_akimat["start"]:rules_akimat["end"]] == "Маңғыстау облысы әкімдігі"
    assert text[rules_person["start"]:rules_person["end"]] == "Ержан Сапаров"
    found = [model_place, rules_place, model_region, rules_akimat, rules_person]
    assert kazakh_first([], found)[1] == [model_place, model_region, rules_akimat, rules_person]


@pytest.mark.parametrize("text,name", [
    ("Кеше « Шапағат » қайырымдылық қорының өкілдері ауылға барды .", "Шапағат"),
    ("Бүгін «Жасыл дала» білім беру қоры жаңа бағдарлама ашты.", "Жасыл дала"),
])
def test_a_kazakh_quoted_organisation_is_its_quoted_name(pipeline, text, name):
    """KazNERD marks the quoted name alone; a center keeps its full name (the domain's own)."""
    found = _by_text(pipeline, text)
    assert name in found and found[name]["type"] == "ORG", found


def test_a_kazakh_quoted_center_keeps_its_full_name(pipeline):
    text = "Кеше «Болашақ» инновациялық орталығы жұмысын бастады."
    assert "«Болашақ» инновациялық орталығы" in _by_text(pipeline, text)
