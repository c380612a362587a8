"""Uzbek names (both scripts), class by class, read by the rules and the registry alone (no model
reads Uzbek): bodies named by their marker, also where they open a sentence, bodies named after a
person, two capitals before a marker, quoted names, patronymics, districts named after a person.
Every sentence is written here."""
from __future__ import annotations

import pytest


def _entities(pipeline, text: str) -> set[tuple[str, str]]:
    doc = pipeline(text)
    assert doc.lang == "uz", doc.lang
    return {(e["type"], e["text"]) for e in doc.entities}


@pytest.mark.parametrize("text,name", [
    # a body opening a sentence: its capital is the name's, its marker says so
    ("Ichki ishlar vazirligi matbuot xizmati maʼlumot berdi.", "Ichki ishlar vazirligi"),
    ("Sogʻliqni saqlash vazirligi yangi qaror chiqardi.", "Sogʻliqni saqlash vazirligi"),
    ("Соғлиқни сақлаш вазирлиги янги қарор қабул қилди.", "Соғлиқни сақлаш вазирлиги"),
    ("Artel kompaniyasi Andijonda yangi zavod qurmoqda.", "Artel kompaniyasi"),
    ("Markaziy bank foiz stavkasini oʻzgartirmadi.", "Markaziy bank"),
    ("Investitsiyalar, sanoat va savdo vazirligi hisobot berdi.", "Investitsiyalar, sanoat va savdo vazirligi"),
    # two capitals before the marker
    ("Ўзбекистон Миллий банки фермерларга кредит ажратди.", "Ўзбекистон Миллий банки"),
    ("Samsung Electronics kompaniyasi Toshkentda vakolatxona ochdi.", "Samsung Electronics kompaniyasi"),
    # named after a person
    ("Алишер Навоий номидаги Тошкент давлат ўзбек тили ва адабиёти университети талабалари келди.",
     "Алишер Навоий номидаги Тошкент давлат ўзбек тили ва адабиёти университети"),
    ("Talabalar Mirzo Ulugʻbek nomidagi Oʻzbekiston milliy universitetida oʻqiydi.",
     "Mirzo Ulugʻbek nomidagi Oʻzbekiston milliy universitetida"),
    # a quoted name and its kind
    ("\"Uzbekistan Airways\" aviakompaniyasi Istanbulga yangi reys ochdi.", "\"Uzbekistan Airways\" aviakompaniyasi"),
])
def test_uzbek_organisations(pipeline, text, name):
    assert ("ORG", name) in _entities(pipeline, text)


def test_the_administration_of_a_region_named_before_is_no_name_of_its_own(pipeline):
    assert not {t for t in _entities(pipeline, "Viloyat hokimligi matbuot xizmati xabar berdi.") if t[0] == "ORG"}


def test_a_common_word_opening_a_sentence_does_not_open_a_body(pipeline):
    text = "Bugun vazirlik yangi qaror chiqardi. Bugun bank yopiq."
    assert not {t for t in _entities(pipeline, text) if t[0] == "ORG"}


@pytest.mark.parametrize("text,absent", [
    ("\"Uzbekistan Airways\" aviakompaniyasi Istanbulga yangi reys ochdi.", "Uzbekistan"),   # a word of a quoted name
    ("Алишер Навоий номидаги университет талабалари келди.", "Навоий"),                     # the poet, not the city
])
def test_a_place_word_inside_a_name_is_no_place(pipeline, text, absent):
    assert ("LOC", absent) not in _entities(pipeline, text)


def test_a_quotation_keeps_its_places(pipeline):
    doc = pipeline('The minister said: "Tashkent is ready" for the forum.')
    assert ("LOC", "Tashkent") in {(e["type"], e["text"]) for e in doc.entities}


@pytest.mark.parametrize("text,name", [
    ("Farhod Ergashevich Yoʻldoshev Qoraqalpogʻistonda ishlaydi.", "Farhod Ergashevich Yoʻldoshev"),
    ("Yigʻilishda Ravshan Akmalovich Qodirov nutq soʻzladi.", "Ravshan Akmalovich Qodirov"),
])
def test_a_person_with_a_patronymic(pipeline, text, name):
    assert ("PER", name) in _entities(pipeline, text)


@pytest.mark.parametrize("text,name", [
    ("Мирзо Улуғбек туманида янги мактаб қурилди.", "Мирзо Улуғбек туманида"),
    ("Yunusobod tumanida yangi park ochildi.", "Yunusobod tumanida"),
    ("Жиззах вилоятидаги Зарбдор туманида пахта йиғими бошланди.", "Зарбдор туманида"),
])
def test_a_district_is_a_place_also_when_it_bears_a_persons_name(pipeline, text, name):
    assert ("LOC", name) in _entities(pipeline, text)
