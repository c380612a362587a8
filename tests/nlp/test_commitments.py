"""Commitments: which sentences commit to something, with what status, amount and deadline.

Each row is a short article written for these tests: (text, expected) where
expected lists (status, amount or None, deadline end or None) per commitment.
"""
from __future__ import annotations

import pytest

from nlp.commitments import gloss, quantities

PUB = "2025-11-15"


def read(pipeline, text: str) -> list[tuple]:
    """(status, amount, date) per commitment: the deadline of an open step, the event date of a done one."""
    doc = pipeline(text, PUB)
    out = []
    for c in doc.commitments:
        assert not (c["status"] in ("completed", "signed", "cancelled") and c["deadline"]), c  # done: never due
        out.append((c["status"], (c["amount"] or {}).get("amount"),
                    (c["deadline"] or c.get("event_date") or {}).get("end")))
    return out


RU = [
    ("Компания уже вложила в строительство около 40 млрд тенге.", [("completed", 40e9, None)]),
    ("Мы оплатили поставку оборудования на 3,2 млн евро.", [("completed", 3.2e6, None)]),
    ("Министерство планирует открыть терминал в IV квартале 2026 года.", [("planned", None, "2026-12-31")]),
    ("Стороны договорились увеличить поставки зерна.", [("agreed", None, None)]),
    ("Компании подписали соглашение о строительстве склада на $40 млн.", [("signed", 40e6, None)]),
    ("В Шымкенте запущен новый цех по выпуску труб.", [("completed", None, None)]),
    ("На площадке ведется строительство таможенного терминала.", [("in_progress", None, None)]),
    ("Открытие моста перенесено на 2027 год.", [("delayed", None, "2027-12-31")]),
    ("Проект канатной дороги отменен.", [("cancelled", None, None)]),
    ("Поставлена цель довести товарооборот до $12 млрд к 2030 году.", [("planned", 12e9, "2030-12-31")]),
    ("Парк назвали инструментом для доведения экспорта до $2 млрд к 2028 году.", [("planned", 2e9, "2028-12-31")]),
    ("Рост экспорта до $2 млрд в 2024 году обеспечило зерно.", []),       # reached, not aimed at
    ("Товарооборот за девять месяцев достиг $3 млрд.", []),
    ("Министр посетил выставку и осмотрел павильоны.", []),
    ("Парк, который будет реализован с участием инвесторов, расположен у границы.", []),
]
KK = [
    ("Жаңа терминал 2026 жылы пайдалануға беріледі.", [("planned", None, "2026-12-31")]),
    ("Зауыттың іске қосылуы 2026 жылдың үшінші тоқсанына жоспарланған.", [("planned", None, "2026-09-30")]),
    ("Тараптар жәрмеңке ұйымдастыруға келісті.", [("agreed", None, None)]),
    ("Екі компания меморандумға қол қойды.", [("signed", None, None)]),
    ("Қосалқы станция іске қосылды.", [("completed", None, None)]),
    ("Логистика орталығы салынуда.", [("in_progress", None, None)]),
    ("Тауар айналымын 2030 жылға дейін 8 млрд долларға жеткізу мақсат етілді.", [("planned", 8e9, "2030-12-31")]),
    ("Биыл тауар айналымы 3 млрд долларға жетті.", []),
]
UZ_LATN = [
    ("Korxona 2026-yilning birinchi yarmida ishga tushirilishi rejalashtirilgan.", [("planned", None, "2026-06-30")]),
    ("Tomonlar yarmarka tashkil etishga kelishib olindi.", [("agreed", None, None)]),
    ("Hamkorlik toʻgʻrisida memorandum imzolandi.", [("signed", None, None)]),
    ("Yangi sex ishga tushirildi.", [("completed", None, None)]),
    ("Ombor majmuasi qurilmoqda.", [("in_progress", None, None)]),
    ("Savdo hajmini 2030-yilga qadar 10 milliard dollarga yetkazish maqsad qilingan.", [("planned", 10e9, "2030-12-31")]),
    ("Oʻtgan yili eksport 2 milliard dollarni tashkil etdi.", []),
]
UZ_CYRL = [
    ("Шаҳарда иккита янги бекат фойдаланишга топширилди.", [("completed", None, None)]),
    ("Корхона 2027 йил охиригача тўлиқ қувватга чиқарилади.", [("planned", None, "2027-12-31")]),
    ("Ҳокимлик 2024 йилда йўлни таъмирлади.", []),
    ("Корхона 2026 йилда ишга туширилиши режалаштирилган.", [("planned", None, "2026-12-31")]),
    ("Ҳамкорлик тўғрисида меморандум имзоланди.", [("signed", None, None)]),
    ("Тўқимачилик фабрикаси ишга туширилди.", [("completed", None, None)]),
    ("Омбор мажмуаси қурилмоқда.", [("in_progress", None, None)]),
]
EN = [
    ("Officials see the park as a way of boosting exports to $2 billion by 2028.", [("planned", 2e9, "2028-12-31")]),
    ("Exports rose to $2 billion in 2024.", []),
    ("The free zone will add 40 hectares of warehouses in 2027.", [("planned", None, "2027-12-31")]),
    ("Visitors may carry up to 500 euros' worth of goods duty-free.", []),   # a quantity, not a plan
    ("The operator plans to open a customs terminal by the end of 2026.", [("planned", None, "2026-12-31")]),
    ("The two ministries agreed to share border data.", [("agreed", None, None)]),
    ("A joint venture signed a $60 million contract for a cement plant.", [("signed", 60e6, None)]),
    ("The first warehouse was launched last month.", [("completed", None, "2025-10-31")]),
    ("A hotel is under construction near the checkpoint.", [("in_progress", None, None)]),
    ("The opening of the bridge has been postponed to Q2 2026.", [("delayed", None, "2026-06-30")]),
    ("The cable-car project was cancelled.", [("cancelled", None, None)]),
    ("Exports reached $2 billion in 2024.", []),
    ("Goods bought inside will enjoy a simplified regime.", []),
]


TABLES = {"ru": RU, "kk": KK, "uz-Latn": UZ_LATN, "uz-Cyrl": UZ_CYRL, "en": EN}
ROWS = [pytest.param(lang, text, expected, id=f"{lang}-{i}")
        for lang, table in TABLES.items() for i, (text, expected) in enumerate(table)]


@pytest.mark.parametrize("lang,text,expected", ROWS)
def test_table(pipeline, lang, text, expected):
    assert read(pipeline, text) == expected


def test_two_clauses_two_commitments(pipeline):
    text = "The technical launch is planned for Q4 2026, the official opening – for the first half of 2027."
    assert read(pipeline, text) == [("planned", None, "2026-12-31"), ("planned", None, "2027-06-30")]


def test_each_clause_has_its_own_status(pipeline):
    text = "Construction began in March 2024, and completion is scheduled for the end of 2026."
    assert [c["status"] for c in pipeline(text, PUB).commitments] == ["in_progress", "planned"]


def test_amount_in_a_following_sentence(pipeline):
    text = "A Turkish firm signed an agreement to build a glass plant. The project is valued at $85 million."
    assert read(pipeline, text) == [("signed", 85e6, None)]


@pytest.mark.parametrize("text", [
    "Аким поручил подвести газ до конца 2026 года. Область выделит на это 8 млрд тенге.",
    "The ministry plans to finish the roads by 2027. The region will allocate $20 million to them.",
])
def test_someone_who_will_pay_is_a_commitment_of_its_own(pipeline, text):
    assert read(pipeline, text) == [("planned", None, "2026-12-31" if "2026" in text else "2027-12-31"),
                                    ("planned", 8e9 if "тенге" in text else 20e6, None)]


def test_a_passive_figure_still_joins_the_sentence_before(pipeline):
    text = "Әуежайда жаңа терминалдың құрылысы басталды. Жобаға 60 млрд теңге инвестиция салынады."
    assert read(pipeline, text) == [("in_progress", 60e9, None)]


def test_evidence_is_the_original_sentence(pipeline):
    text = "Qozog'iston tomoni 2027-yilgacha ombor qurishni rejalashtirgan."
    [c] = pipeline(text, PUB).commitments
    assert c["evidence"] == text          # the apostrophe as written, not the normalised one
    assert c["deadline"]["kind"] == "deadline" and c["deadline"]["start"] == PUB


def test_headline_is_not_a_second_report(pipeline):
    text = "Центр запущен\n\nВ Ташкенте запущен Международный центр промышленной кооперации «Центральная Азия»."
    assert [c["evidence"] for c in pipeline(text, PUB).commitments] == [text.split("\n\n")[1]]


def test_actor_prefers_the_subject(pipeline):
    [c] = pipeline("Президент Шавкат Мирзиёев пообещал открыть завод в 2026 году.", PUB).commitments
    assert c["actor"] == "Shavkat Mirziyoyev"


@pytest.mark.parametrize("status,clause,expected", [
    ("planned", "техникалық іске қосылуы жоспарланған", "technical launch"),
    ("planned", "qurilish ishlari boshlanadi", "start construction"),
    ("signed", "signed an agreement", "sign agreement"),
    ("planned", "довести товарооборот до $10 млрд", "raise trade to"),
    ("agreed", "договорились продолжать обмены", "agree"),
    # finishing the works is its own deadline, never merged into the start of construction
    ("planned", "строительство планируется завершить к концу 2026 года", "complete construction"),
    ("planned", "құрылыс жұмыстары 2027 жылы аяқталады", "complete construction"),
    ("planned", "qurilish ishlari 2027-yilda yakunlanadi", "complete construction"),
    ("planned", "қурилиш ишлари 2027 йилда якунланади", "complete construction"),
    ("planned", "construction is expected to be finished by 2027", "complete construction"),
    ("delayed", "completion of construction moved to 2027", "complete construction"),
    ("planned", "строительство начнется в августе", "start construction"),
    ("in_progress", "строительство ведется", "construction under way"),
    # English gloss words are whole words: "fair" inside "Affairs", "trade" inside "trademark" gloss nothing
    ("planned", "the Ministry of Foreign Affairs will hold talks in the spring", "plan"),
    ("planned", "the new trademark is to be registered by March", "plan"),
    ("planned", "the contractor intends to finish the bridge next year", "plan"),
    ("planned", "they promised a fair deal for the farmers", "plan"),
    ("planned", "an industrial fair will be held in Shymkent in May", "organise fair"),
    ("planned", "the trade fair opens at the border in June", "organise fair"),
    ("planned", "the two sides plan to raise turnover to $10 billion", "raise to"),
    ("signed", "the partners signed two contracts on Tuesday", "sign agreement"),
])
def test_gloss(status, clause, expected):
    assert gloss(status, clause) == expected


@pytest.mark.parametrize("text,expected", [
    ("создать около 13 тысяч рабочих мест", [(13000.0, "jobs")]),
    ("на 100 гектарах построят 8 зданий", [(100.0, "hectares"), (8.0, "buildings")]),
    ("500 та янги иш ўрни", [(500.0, "jobs")]),
    ("launch over 60 large projects", [(60.0, "projects")]),
])
def test_quantities(text, expected):
    assert [(q["value"], q["unit"]) for q in quantities(text)] == expected


def test_names_in_a_clause_do_not_gloss_it(pipeline):
    """The Ministry of Trade agreeing on a schedule is no plan to raise trade."""
    [c] = pipeline("Officials of the Ministry of Trade and Integration agreed on a single schedule for the "
                   "border posts.", PUB).commitments
    assert c["status"] == "agreed" and "trade" not in (c["action_en"] or "")   # no gloss rather than a wrong one
    assert "schedule" in c["action"]                                         # the step as the article words it


@pytest.mark.parametrize("text, actor", [
    # written for this test: a pact concluded "with" a partner makes the partner a party too; a pact
    # only discussed, or no pact, leaves the subject alone
    ("Keyingi yili Shavkat Mirziyoyev Qasym-Jomart Toqayev bilan shartnoma imzolashi rejalashtirilgan.",
     "Shavkat Mirziyoyev and Kassym-Jomart Tokayev"),
    ("Keyingi yili Shavkat Mirziyoyev Qasym-Jomart Toqayev bilan shartnomani muhokama qilishi rejalashtirilgan.",
     "Shavkat Mirziyoyev"),
    ("Keyingi yili Shavkat Mirziyoyev Qasym-Jomart Toqayev bilan zavod ochishi rejalashtirilgan.",
     "Shavkat Mirziyoyev"),
])
def test_the_partner_of_a_concluded_pact_is_a_party(pipeline, text, actor):
    assert [c["actor"] for c in pipeline(text, "2025-11-15").commitments] == [actor]
