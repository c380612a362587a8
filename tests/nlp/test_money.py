"""Money in ru, kk, uz (Latin and Cyrillic) and en: tables of sentences written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from nlp.money import MoneyExtractor, parse_number, rate_on, to_usd

EXTRACT = MoneyExtractor()


def amounts(text: str, lang: str) -> list[tuple]:
    return [(f["amount"], f["currency"], f["qualifier"], f["amount_max"]) for _, _, f in EXTRACT(text, lang)]


RU = [
    ("Инвестор вложит $2,7 млрд в новый завод.", [(2.7e9, "USD", None, None)]),
    ("Смета выросла до 48 млрд тенге.", [(48e9, "KZT", "up_to", None)]),
    ("Выделено свыше 350 млн рублей.", [(350e6, "RUB", "over", None)]),
    ("Контракт оценен примерно в 12 млн евро.", [(12e6, "EUR", None, None)]),
    ("Проект стоимостью около 40 млн долларов США.", [(40e6, "USD", "about", None)]),
    ("Объем — от 100 до 150 млн долларов.", [(100e6, "USD", "range", 150e6)]),
    ("Кредит на 1 250 000 000 тенге одобрен.", [(1.25e9, "KZT", None, None)]),
    ("Китайская сторона выделит 500 млн юаней.", [(500e6, "CNY", None, None)]),
    ("Узбекская часть обойдется в 900 млрд сумов.", [(900e9, "UZS", None, None)]),
    ("Порядка 3,5 трлн тенге направят на дороги.", [(3.5e12, "KZT", "about", None)]),
    ("Будет создано 1 500 рабочих мест.", []),
    ("На сумму 5 млн поставлено оборудование.", []),
]
KK = [
    ("Жобаның құны 64,3 млрд теңге.", [(64.3e9, "KZT", None, None)]),
    ("Инвестор 200 млн долларға жуық қаражат салады.", [(200e6, "USD", "about", None)]),
    ("Құрылысқа 12 млрд теңгеден астам жұмсалды.", [(12e9, "KZT", "over", None)]),
    ("Шамамен 40 миллион АҚШ доллары бөлінеді.", [(40e6, "USD", "about", None)]),
    ("Келісімшарт 15 мың теңгені құрайды.", [(15e3, "KZT", None, None)]),
    ("Жобаға 5 млрд теңгеге дейін қаржы қажет.", [(5e9, "KZT", "up_to", None)]),
    ("Аумағы 100 гектар.", []),
]
UZ_LATN = [
    ("Loyiha qiymati 75 million AQSh dollarini tashkil etadi.", [(75e6, "USD", None, None)]),
    ("Viloyat 320 milliard soʻm ajratdi.", [(320e9, "UZS", None, None)]),
    ("Budjetdan 45 mlrd so'm yoʻnaltirildi.", [(45e9, "UZS", None, None)]),
    ("Qariyb 2,4 mln dollarlik uskunalar keltirildi.", [(2.4e6, "USD", "about", None)]),
    ("Savdo 3 milliard dollardan ortiq boʻldi.", [(3e9, "USD", "over", None)]),
    ("Hamkorlar 10 million dollardan 15 million dollargacha sarmoya kiritadi.", [(10e6, "USD", "range", 15e6)]),
    ("Eksport 800 ming yevroga yetdi.", [(800e3, "EUR", None, None)]),
    ("Markazda 2 ming ish oʻrni yaratiladi.", []),
]
UZ_CYRL = [
    ("Лойиҳа қиймати 30 миллион долларни ташкил этади.", [(30e6, "USD", None, None)]),
    ("Ҳокимлик 150 миллиард сўм ажратди.", [(150e9, "UZS", None, None)]),
    ("Қарийб 5 миллион долларлик шартнома имзоланди.", [(5e6, "USD", "about", None)]),
    ("Экспорт 2 миллиард АҚШ долларидан ортиқ бўлди.", [(2e9, "USD", "over", None)]),
    ("Ҳар бир корхонада 300 та иш ўрни бор.", []),
]
EN = [
    ("The operator plans to invest $1.2 billion.", [(1.2e9, "USD", None, None)]),
    ("The plant will cost about $85m.", [(85e6, "USD", "about", None)]),
    ("Investors pledged more than $300 million.", [(300e6, "USD", "over", None)]),
    ("Budgets range from $100–150 million.", [(100e6, "USD", "range", 150e6)]),
    ("The road will cost 37.5 billion tenge.", [(37.5e9, "KZT", None, None)]),
    ("Duty-free purchases are capped at $1,500 per person.", [(1500.0, "USD", None, None)]),
    ("The bridge will cost up to 180 billion soums.", [(180e9, "UZS", "up_to", None)]),
    ("A fund of EUR 20 mn was set up.", [(20e6, "EUR", None, None)]),
    ("The market grew 2,5 trillion times, they joked, on 15.11.2025.", []),
    ("Call +7 701 123 45 67 for details.", []),
]


TABLES = {"ru": RU, "kk": KK, "uz-Latn": UZ_LATN, "uz-Cyrl": UZ_CYRL, "en": EN}
ROWS = [pytest.param(lang, text, expected, id=f"{lang}-{i}")
        for lang, table in TABLES.items() for i, (text, expected) in enumerate(table)]


@pytest.mark.parametrize("lang,text,expected", ROWS)
def test_table(lang, text, expected):
    assert amounts(text, lang.split("-")[0]) == expected


@pytest.mark.parametrize("text,lang,value", [
    ("1,3", "ru", 1.3), ("1,300", "en", 1300.0), ("1.5", "en", 1.5), ("1 300,5", "ru", 1300.5),
    ("1\u00a0300", "ru", 1300.0), ("1.300.000", "ru", 1300000.0), ("1,300,000", "en", 1300000.0),
])
def test_numbers(text, lang, value):
    assert parse_number(text, lang) == value


def test_spans_cover_the_words():
    text = "Поставлена цель — $10 млрд к 2030 году."
    [(start, stop, _)] = list(EXTRACT(text, "ru"))
    assert text[start:stop] == "$10 млрд"


@pytest.mark.parametrize("currency,day,rate", [
    ("USD", dt.date(2025, 1, 1), 1.0),
    ("KZT", dt.date(2025, 11, 20), 525.0),      # latest row on or before the day
    ("KZT", dt.date(2024, 3, 1), 456.0),
    ("UZS", dt.date(2020, 1, 1), 11250.0),      # before the table: its earliest row
])
def test_rate_table(currency, day, rate):
    assert rate_on(currency, day) == rate


def test_usd_equivalent_uses_the_publication_date():
    assert to_usd(525e9, "KZT", dt.date(2025, 11, 15)) == 1e9
    assert to_usd(1e6, "XYZ", dt.date(2025, 11, 15)) is None


def test_stage_adds_usd(pipeline):
    doc = pipeline("Жобаның құны 52,5 млрд теңге болады.", "2025-11-15")
    assert doc.money[0]["usd"] == pytest.approx(1e8)
