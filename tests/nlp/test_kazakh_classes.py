"""Kazakh names, class by class: how Kazakh news writes a name and what the merge makes of the
model's, the rules' and the registry's readings (nlp/entities/kazakh_ner.py, merge.py, registry.py).

Every sentence is written here.  Rows that go through the whole pipeline check what a reader of the
KB sees; rows on one function check the rule alone, where the model's reading of a sentence would
make the row test the model rather than the rule."""
from __future__ import annotations

import pytest

from nlp import registry as reglib
from nlp.entities import kazakh_ner, merge


def _entities(pipeline, text: str) -> set[tuple[str, str]]:
    return {(e["type"], e["text"]) for e in pipeline(text).entities}


# --- the registry: a Kazakh word adds endings, it never loses one --------------------------------
@pytest.mark.parametrize("text,found", [
    ("Түркі кеңесінің отырысы Бакуде өтті.", set()),                        # Turkic, not Turkey
    ("Turkiy davlatlar tashkiloti sammiti boʻlib oʻtdi.", set()),           # the same in Uzbek
    ("Түркияның сыртқы істер министрі келді.", {"loc:turkey"}),
    ("Turkiyaga tashrif rejalashtirilgan.", {"loc:turkey"}),
    ("Делегация побывала в Турции.", {"loc:turkey"}),                       # Russian keeps its endings
    ("Мәжілісмендер заң жобасын талқылады.", set()),                        # members: a case before a plural
    ("Мәжілісінің отырысында заң қабылданды.", {"org:mazhilis"}),
    ("Астанадағылар мерекеге дайындалып жатыр.", {"loc:astana"}),           # -дағы and its plural
])
def test_a_kazakh_or_uzbek_word_is_a_whole_alias_word_with_endings(pipeline, text, found):
    reg = reglib.shared(pipeline.resources)
    assert {m.entity.id for m in reg.find(text)} & {"loc:turkey", "org:mazhilis", "loc:astana"} == found


# --- the model's organisations: a head word names their kind --------------------------------------
@pytest.mark.parametrize("word,head", [
    ("кабинеті", True), ("достастығының", True), ("телерадиокешенінің", True), ("министрліктері", True),
    ("музейінде", True), ("серіктестігі", True), ("гвардиясының", True),
    ("парламентшілер", False), ("кеңестік", False), ("іске", False),
])
def test_an_organisations_head_word(word, head):
    assert bool(kazakh_ner.ORG_HEAD.match(word)) is head


def test_a_model_organisation_around_a_place_with_its_head_word_is_kept_beside_it(pipeline):
    text = "Кеше Қазақстан халқы Ассамблеясының сессиясы Астанада өтті ."
    found = _entities(pipeline, text)
    assert ("ORG", "Қазақстан халқы Ассамблеясының") in found and ("LOC", "Астанада") in found


@pytest.mark.parametrize("words,named", [
    (["Қазақстан", "халқы", "Ассамблеясы"], True),        # the head capitalised: a proper name
    (["Ұлыбритания", "Парламенті"], True),
    (["Қазақстан", "журналистика", "академиясы"], True),  # three words, the place first
    (["Қытай", "соты"], False),                            # a court in China
    (["Семейдегі", "ядролық", "медицина", "орталығы"], False),   # a center in Semey
])
def test_a_named_body_around_a_place(words, named):
    nlp = kazakh_ner.load_model()
    doc = nlp.make_doc(" ".join(words) + " .")
    span = doc.char_span(0, len(" ".join(words)), label="ORG")
    assert kazakh_ner._named_body(span) is named


def test_two_bodies_side_by_side_are_two_names():
    """«Парламент Сенаты» is one name (the second word has the possessive of a compound); «Ұлттық банк
    Үкіметпен» are two."""
    text = "Ұлттық банк Үкіметпен бірлесіп жұмыс істейді."
    bank = {"type": "ORG", "start": 0, "end": 11, "source": "kk_model"}
    government = {"type": "ORG", "start": 12, "end": 21, "source": "registry", "entity": "org:gov-kz"}
    assert merge.join_heads(text, [bank, government]) == [bank, government]
    senate_text = "Парламент Мәжілісінің отырысы өтті."
    head = {"type": "ORG", "start": 0, "end": 9, "source": "kk_model"}
    mazhilis = {"type": "ORG", "start": 10, "end": 21, "source": "registry", "entity": "org:mazhilis"}
    assert merge.join_heads(senate_text, [head, mazhilis]) == [{**mazhilis, "start": 0}]


def _known(pipeline, entity_id: str):
    return reglib.shared(pipeline.resources).entities[entity_id]


def test_a_quoted_name_the_model_calls_an_organisation_holds_the_places_in_it(pipeline):
    text = "Кеше « Алматы Моторс » жаңа зауыт ашты ."
    org = {"type": "ORG", "start": 7, "end": 20, "source": "kk_model"}
    city = {"type": "LOC", "start": 7, "end": 13, "source": "registry", "entity": _known(pipeline, "loc:almaty")}
    assert text[org["start"]:org["end"]] == "Алматы Моторс"
    assert merge.merge([city], [org], text) == [org]
    unquoted = "Кеше Алматы Моторс жаңа зауыт ашты ."                 # no quotes: the place stays
    org2, city2 = {**org, "start": 5, "end": 18}, {**city, "start": 5, "end": 11}
    assert city2 in merge.merge([city2], [org2], unquoted)


# --- people and places: where a Kazakh name ends ---------------------------------------------------
def _ents(text: str, spans: list[tuple[int, int, str]]):
    doc = kazakh_ner.load_model().make_doc(text)
    return [doc.char_span(a, b, label=label) for a, b, label in spans]


@pytest.mark.parametrize("text,span,label,expected", [
    ("Жарыс Польшаның Гливице қаласында өтеді .", (6, 23), "LOC", ["Польшаның", "Гливице"]),
    ("Еуропадағы Венгрияның Азиядағы серіктесі .", (0, 30), "LOC", ["Еуропадағы", "Венгрияның", "Азиядағы"]),
    ("Жарыс Польшаның Гливице қаласында өтеді .", (6, 23), "PER", []),      # a person across a case: none
    ("Дәрігер Сәуле Асанқызының еңбегі .", (8, 25), "PER", ["Сәуле Асанқызының"]),
    ("Ақмарал Бекқызының Жанарының кітабы .", (0, 28), "PER", ["Ақмарал Бекқызының Жанарының"]),  # the whole name
    ("Оңтүстік Қазақстан өңірі .", (0, 18), "LOC", ["Оңтүстік Қазақстан"]),
])
def test_a_case_ending_inside_a_name_ends_it(text, span, label, expected):
    out = list(kazakh_ner._at_case_breaks(_ents(text, [(*span, label)])))
    assert [e.text for e in out] == expected and all(e.label_ == label for e in out)


@pytest.mark.parametrize("text,name", [
    ("Делегация Польшаның Гливице қаласында болды .", "Гливице"),
    ("Қонақтар Бразилияның Сантус қаласына барды .", "Сантус"),
])
def test_the_rules_place_is_its_name_without_its_kind(pipeline, text, name):
    doc = pipeline(text)
    rules = {text[c["start"]:c["end"]] for c in kazakh_ner.kazakh_rules(doc, 0, len(text)) if c["type"] == "LOC"}
    assert name in rules and not any("қала" in r for r in rules)


def test_a_province_keeps_its_kind():
    c = {"type": "LOC", "start": 0, "end": 13, "source": "rules"}
    assert kazakh_ner._place_name("Ақтөбе облысы әкімі келді.", c) == c


def test_a_side_of_the_world_before_a_known_place_is_one_place(pipeline):
    text = "Ресейдің Оңтүстік Орал өңірінде фестиваль өтті ."
    region = {"type": "LOC", "start": 9, "end": 22, "source": "kk_model"}
    oral = {"type": "LOC", "start": 18, "end": 22, "source": "registry", "entity": _known(pipeline, "loc:oral")}
    assert text[region["start"]:region["end"]] == "Оңтүстік Орал"
    assert merge.merge([oral], [region], text) == [region]
    plain = "Ресейдің үлкен Орал өңірінде ."                         # no side of the world: the registry's
    big, oral2 = {**region, "start": 9, "end": 19}, {**oral, "start": 15, "end": 19}
    assert merge.merge([oral2], [big], plain) == [oral2]


@pytest.mark.parametrize("text,name", [
    ("Ресей Федерациясының үкіметі шешім қабылдады .", "Ресей Федерациясының"),
    ("Oʻzbekiston Respublikasi Prezidenti farmon imzoladi.", "Oʻzbekiston Respublikasi"),
])
def test_the_form_of_a_state_is_part_of_its_name(pipeline, text, name):
    doc = pipeline(text)
    place = next(e for e in doc.entities if e["text"] == name)
    assert place["type"] == "LOC" and place["id"] in ("loc:russia", "loc:uzbekistan")


def test_an_adjective_of_the_state_is_not_its_form(pipeline):
    assert ("LOC", "Қазақстан республикалық") not in _entities(pipeline, "Қазақстан республикалық деңгейде жарыс өткізді .")


# --- capitals that are the sentence's -------------------------------------------------------------
@pytest.mark.parametrize("text,word", [
    ("Келесі жылы зауыттың екінші кезегі іске қосылады .", "Келесі"),       # next year, not Keles
    ("Келесі кезеңде жол салынады .", "Келесі"),
])
def test_a_common_word_opening_a_sentence_is_no_known_place(pipeline, text, word):
    assert word not in {t for _, t in _entities(pipeline, text)}


def test_a_known_place_before_its_kind_stays(pipeline):
    doc = pipeline("Келес ауданында жаңа мектеп ашылды .")
    assert "loc:keles" in {e["id"] for e in doc.entities}


@pytest.mark.parametrize("text,expected", [
    ("Мен Тоқаевтың сөзін тыңдадым .", "Тоқаевтың"),        # «Мен» (I) opens the sentence
    ("Жуырда Тоқаевтың жаңа кітабы шықты .", "Тоқаевтың"),    # «Жуырда» (recently): a lower-case word there
    ("Бүгін Ауыл шаруашылығы министрлігі мәлімдеді .", None),   # «Бүгін» (today), «Ауыл» (village)
])
def test_a_rules_person_opening_with_a_common_word(pipeline, text, expected):
    doc = pipeline(text)
    people = [text[c["start"]:c["end"]] for c in kazakh_ner.kazakh_rules(doc, 0, len(text)) if c["type"] == "PER"]
    assert people == ([expected] if expected else [])


def test_a_rules_span_across_the_models_other_class_goes():
    text = "Ал Сыбайлас жемқорлыққа қарсы күрес агенттігі мәлімдеді ."
    block = {"type": "BLOCK", "start": 3, "end": 45, "source": "kk_model"}
    person = {"type": "PER", "start": 0, "end": 11, "source": "rules"}
    assert merge.kazakh_first([], [block, person])[1] == []


@pytest.mark.parametrize("sentence", ["Айгүл , сөз сізге .", "Бекзат, әзірге осы."])
def test_a_person_addressed_on_air_may_be_a_name(sentence):
    assert kazakh_ner.may_name(sentence)


def test_a_quoted_name_opening_a_sentence_may_be_a_name():
    assert kazakh_ner.may_name("« Темір жол » серіктестігі жаңа вагондар алды .")
    assert not kazakh_ner.may_name("Темір жол салынды .")


# --- the center under its name in single quotes -----------------------------------------------------
def test_central_asia_in_single_quotes_is_the_centers_name(pipeline):
    text = ("The Senate ratified the agreement on the International Centre for Industrial Cooperation "
            "'Central Asia'. Goods will cross without duties.")
    doc = pipeline(text)
    assert "loc:central-asia" not in {e["id"] for e in doc.entities}
    assert "org:icic" in {e["id"] for e in doc.entities}
