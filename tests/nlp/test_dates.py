"""Dates and deadlines as intervals: tables per language, sentences written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from nlp.dates import DateExtractor, month_number, ordinal_value

EXTRACT = DateExtractor()
PUB = dt.date(2025, 11, 15)   # a Saturday


def dates(text: str, published=PUB) -> list[tuple]:
    return [(text[s:e], f["kind"], f["start"], f["end"]) for s, e, f in EXTRACT(text, published)]


RU = [
    ("АСТАНА, 15 ноября — Заседание прошло в столице.", [("15 ноября", "point", "2025-11-15", "2025-11-15")]),
    ("Договор подписан 3 марта 2024 года.", [("3 марта 2024 года", "point", "2024-03-03", "2024-03-03")]),
    ("Запуск намечен на IV квартал 2026 года.", [("IV квартал 2026 года", "quarter", "2026-10-01", "2026-12-31")]),
    ("Работы завершат в 4-м квартале.", [("в 4-м квартале", "quarter", "2025-10-01", "2025-12-31")]),
    ("Открытие — в первом полугодии 2027 года.", [("в первом полугодии 2027 года", "half", "2027-01-01", "2027-06-30")]),
    ("Цех заработает в 2026 году.", [("в 2026 году", "year", "2026-01-01", "2026-12-31")]),
    ("Ярмарка пройдет в июне–июле.", [("июне–июле", "range", "2025-06-01", "2025-07-31")]),
    ("Программа рассчитана на 2024–2027 годы.", [("2024–2027 годы", "range", "2024-01-01", "2027-12-31")]),
    ("Льготы действуют с 2025 по 2030 год.", [("с 2025 по 2030 год", "range", "2025-01-01", "2030-12-31")]),
    ("Объем вырос в текущем году.", [("текущем году", "year", "2025-01-01", "2025-12-31")]),
    ("Об этом сообщили в прошлом месяце.", [("в прошлом месяце", "month", "2025-10-01", "2025-10-31")]),
    ("Делегация приедет на следующей неделе.", [("на следующей неделе", "range", "2025-11-17", "2025-11-23")]),
    ("Об этом стало известно вчера.", [("вчера", "point", "2025-11-14", "2025-11-14")]),
    ("Цель — довести оборот до $5 млрд к 2030 году.", [("к 2030 году", "deadline", "2025-11-15", "2030-12-31")]),
    ("Работы завершат до конца года.", [("до конца года", "deadline", "2025-11-15", "2025-12-31")]),
    ("С начала года оборот вырос на 12%.", []),
    ("На побережье стоят 5 маяков.", []),
    ("Проект стоит $1,3 млрд и даст 1 500 рабочих мест.", []),
    ("Справки по телефону 8 (7252) 53-10-20.", []),
]
KK = [
    ("ТҮРКІСТАН, 20 қараша — Жиын өтті.", [("20 қараша", "point", "2025-11-20", "2025-11-20")]),
    ("Нысан 2026 жылдың төртінші тоқсанында ашылады.",
     [("2026 жылдың төртінші тоқсанында", "quarter", "2026-10-01", "2026-12-31")]),
    ("Жұмыс IV тоқсанда аяқталады.", [("IV тоқсанда", "quarter", "2025-10-01", "2025-12-31")]),
    ("Ашылу 2027 жылдың бірінші жартысында өтеді.",
     [("2027 жылдың бірінші жартысында", "half", "2027-01-01", "2027-06-30")]),
    ("Зауыт 2026 жылы іске қосылады.", [("2026 жылы", "year", "2026-01-01", "2026-12-31")]),
    ("Биыл екі форум өтеді.", [("Биыл", "year", "2025-01-01", "2025-12-31")]),
    ("Бұл туралы кеше белгілі болды.", [("кеше", "point", "2025-11-14", "2025-11-14")]),
    ("Тауар айналымы 2030 жылға дейін екі есе өседі.", [("2030 жылға дейін", "deadline", "2025-11-15", "2030-12-31")]),
    ("Жол 2028 жылға қарай салынады.", [("2028 жылға қарай", "deadline", "2025-11-15", "2028-12-31")]),
    ("Жұмыстар жыл соңына дейін аяқталады.", [("жыл соңына дейін", "deadline", "2025-11-15", "2025-12-31")]),
    ("Орталықта 30 мыңға дейін адам бола алады.", []),
]
UZ_LATN = [
    ("TOSHKENT, 14-noyabr — Uchrashuv boʻldi.", [("14-noyabr", "point", "2025-11-14", "2025-11-14")]),
    ("Hujjat 2025-yil 3-oktabrda imzolangan.", [("2025-yil 3-oktabrda", "point", "2025-10-03", "2025-10-03")]),
    ("Ishga tushirish 2026-yilning toʻrtinchi choragiga rejalashtirilgan.",
     [("2026-yilning toʻrtinchi choragiga", "quarter", "2026-10-01", "2026-12-31")]),
    ("Ish IV chorakda tugaydi.", [("IV chorakda", "quarter", "2025-10-01", "2025-12-31")]),
    ("Ochilish 2027-yilning birinchi yarmida boʻladi.",
     [("2027-yilning birinchi yarmida", "half", "2027-01-01", "2027-06-30")]),
    ("Qurilish shu yilning avgust oyida boshlanadi.",
     [("shu yilning avgust oyida", "month", "2025-08-01", "2025-08-31")]),
    ("Zavod 2026-yilda ishlaydi.", [("2026-yilda", "year", "2026-01-01", "2026-12-31")]),
    ("Joriy yil eksport oshdi.", [("Joriy yil", "year", "2025-01-01", "2025-12-31")]),
    ("Bu haqda kecha maʼlum qilindi.", [("kecha", "point", "2025-11-14", "2025-11-14")]),
    ("Markaz 2027-yilgacha quriladi.", [("2027-yilgacha", "deadline", "2025-11-15", "2027-12-31")]),
    ("Savdo 2030-yilga qadar oshadi.", [("2030-yilga qadar", "deadline", "2025-11-15", "2030-12-31")]),
    ("Yil boshidan beri 2 mln tonna yuk tashildi.", []),
]
UZ_CYRL = [
    ("ГУЛИСТОН, 12 ноябрь — Йиғилиш бўлди.", [("12 ноябрь", "point", "2025-11-12", "2025-11-12")]),
    ("Корхона 2026 йилнинг биринчи ярмида ишга туширилади.",
     [("2026 йилнинг биринчи ярмида", "half", "2026-01-01", "2026-06-30")]),
    ("Иш шу йилнинг иккинчи чорагида якунланади.",
     [("шу йилнинг иккинчи чорагида", "quarter", "2025-04-01", "2025-06-30")]),
    ("Йўл 2028 йилгача қурилади.", [("2028 йилгача", "deadline", "2025-11-15", "2028-12-31")]),
]
EN = [
    ("ASTANA, November 14 – The talks ended.", [("November 14", "point", "2025-11-14", "2025-11-14")]),
    ("The deal was signed on November 3, 2024.", [("November 3, 2024", "point", "2024-11-03", "2024-11-03")]),
    ("The deal was signed on 03.11.2024.", [("03.11.2024", "point", "2024-11-03", "2024-11-03")]),
    ("Launch is set for the 4th quarter of 2026.", [("the 4th quarter of 2026", "quarter", "2026-10-01", "2026-12-31")]),
    ("Residents start in Q3 2026.", [("in Q3 2026", "quarter", "2026-07-01", "2026-09-30")]),
    ("Opening is due in the first half of 2027.", [("in the first half of 2027", "half", "2027-01-01", "2027-06-30")]),
    ("Sales doubled in H1 2025.", [("in H1 2025", "half", "2025-01-01", "2025-06-30")]),
    ("Work will start this year.", [("this year", "year", "2025-01-01", "2025-12-31")]),
    ("The plant opens next year.", [("next year", "year", "2026-01-01", "2026-12-31")]),
    ("Parliament ratified it last December.", [("last December", "month", "2024-12-01", "2024-12-31")]),
    ("It should run by 2027.", [("by 2027", "deadline", "2025-11-15", "2027-12-31")]),
    ("It should run by the end of 2026.", [("by the end of 2026", "deadline", "2025-11-15", "2026-12-31")]),
    ("The fair runs in June–July 2026.", [("June–July 2026", "range", "2026-06-01", "2026-07-31")]),
    ("Output in the first nine months of 2024 rose.",
     [("in the first nine months of 2024", "range", "2024-01-01", "2024-09-30")]),
    ("The ministry said on Tuesday.", [("on Tuesday", "point", "2025-11-11", "2025-11-11")]),
    ("The $1,3 figure and 2,5 trillion are not dates; nor is 1 500.", []),
]


# "the next N years / months": a duration counted from the publication date (2025-11-15), in every language
NEXT_SPANS = [
    ("В ближайшие три года откроют 20 цехов.", [("В ближайшие три года", "duration", "2025-11-15", "2028-11-15")]),
    ("Терминал построят в течение ближайших шести месяцев.",
     [("в течение ближайших шести месяцев", "duration", "2025-11-15", "2026-05-15")]),
    ("The park will add 2,000 jobs over the next five years.",
     [("over the next five years", "duration", "2025-11-15", "2030-11-15")]),
    ("In the next 18 months the plant will open.", [("In the next 18 months", "duration", "2025-11-15", "2027-05-15")]),
    ("Алдағы үш жылда 25 жоба іске асады.", [("Алдағы үш жылда", "duration", "2025-11-15", "2028-11-15")]),
    ("Kelgusi ikki yil ichida ombor quriladi.", [("Kelgusi ikki yil ichida", "duration", "2025-11-15", "2027-11-15")]),
    ("Келгуси олти ойда бекат очилади.", [("Келгуси олти ойда", "duration", "2025-11-15", "2026-05-15")]),
    ("За последние три года объем вырос.", []),                      # the past three years: no date of an event
]


TABLES = {"ru": RU, "kk": KK, "uz-Latn": UZ_LATN, "uz-Cyrl": UZ_CYRL, "en": EN, "next": NEXT_SPANS}
ROWS = [pytest.param(lang, text, expected, id=f"{lang}-{i}")
        for lang, table in TABLES.items() for i, (text, expected) in enumerate(table)]


@pytest.mark.parametrize("lang,text,expected", ROWS)
def test_table(lang, text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("в этом году", [("relative", None, None)]),
    ("shu yilning avgust oyida", [("relative", None, None)]),
    ("к 2030 году", [("deadline", None, "2030-12-31")]),                # absolute: resolves without a date
    ("в IV квартале 2026 года", [("quarter", "2026-10-01", "2026-12-31")]),
])
def test_without_publication_date(text, expected):
    assert [(k, s, e) for _, k, s, e in dates(text, None)] == expected


def test_money_spans_are_not_dates(pipeline):
    doc = pipeline("Проект на $1,3 млрд запустят в 2026 году.", "2025-11-15")
    assert [d["kind"] for d in doc.dates] == ["year"]


@pytest.mark.parametrize("word,month", [("ноября", 11), ("қараша", 11), ("noyabrgacha", 11), ("декабрь", 12),
                                         ("Sept.", 9), ("sentabr", 9)])
def test_month_names(word, month):
    assert month_number(word) == month


@pytest.mark.parametrize("word,value", [("IV", 4), ("4-м", 4), ("төртінші", 4), ("toʻrtinchi", 4), ("first", 1),
                                         ("второе", 2)])
def test_ordinals(word, value):
    assert ordinal_value(word) == value


def test_a_duration_is_no_date_but_sets_a_commitments_deadline(pipeline):
    doc = pipeline("Kelgusi uch yil ichida kompaniya 25 ta loyihani amalga oshirishni rejalashtirmoqda.", "2026-05-14")
    assert doc.dates == []
    assert [(d["text"], d["kind"], d["end"]) for d in doc.durations] == [
        ("Kelgusi uch yil ichida", "duration", "2029-05-14")]
    assert [(c["status"], c["deadline"]["end"]) for c in doc.commitments] == [("planned", "2029-05-14")]
    assert doc.to_json()["durations"][0]["text"] == "Kelgusi uch yil ichida"
