"""Relevance (nlp/relevance.py): the center under its many names, inflected, in
four languages; mentions in passing; near misses."""
from __future__ import annotations

import pytest

from nlp.relevance import WEIGHT, TopicError, judge, load_topic

ABOUT = [
    # the name in the title
    "Орталықтың құрылысы\n\nШымкент, 5 мамыр. «Орталық Азия» халықаралық өнеркәсіптік кооперация "
    "орталығының бірінші кезеңі аяқталды.",
    "Sanoat kooperatsiyasi markazida yangi zavod\n\nGuliston, 3-iyun. Bugun markazda toʻqimachilik fabrikasi ochildi.",
    "Центр промышленной кооперации примет первых резидентов\n\nАСТАНА, 3 мая — Первые компании въедут осенью.",
    "ICIC opens its customs terminal\n\nASTANA, May 3. The terminal will process 300 trucks a day.",
    # in the lead paragraph, inflected
    "Граница станет ближе\n\nВ Мактааральском районе продолжается строительство Международного центра "
    "промышленной кооперации «Центральная Азия». Работы идут по графику.",
    "Чегарада янги имкониятлар\n\nСирдарё вилоятида «Марказий Осиё» халқаро саноат кооперацияси марказининг "
    "қурилиши давом этмоқда.",
    # under the name some outlets give it, close to a near miss's
    "МЦПС «Центральная Азия» достраивают\n\nРаботы на площадке у границы завершат осенью.",
    # named once, then "the center" again and again
    "Savdo hajmi oshdi\n\nIkki davlat rahbarlari uchrashdi.\n\nHujjatlarning bir qismi xalqaro sanoat "
    "kooperatsiyasi markazida amalga oshiriladi. Markaz hududida zavod quriladi. Markazning ishga tushishi "
    "2026-yilga rejalashtirilgan. Markaz ramzga aylanadi.",
]

RELATED = [
    # the center in passing, late in the article
    "Рекорд товарооборота\n\nТАШКЕНТ, 2 мая — Товарооборот вырос на 12 %.\n\nЭкспорт растёт.\n\n"
    "После запуска Международного центра промышленной кооперации объёмы вырастут ещё.",
    "Chegara posti yangilanadi\n\nGuliston, 10-dekabr. «Gulistan» posti rekonstruksiya qilinadi.\n\n"
    "Post yaqinida sanoat kooperatsiyasi markazi qurilmoqda.",
    # only related terms
    "Атамекен өткізу пункті жаңартылады\n\nМақтаарал, 4 наурыз. Түркістан облысы мен Сырдария облысы "
    "арасындағы шекара маңындағы сауда өсті.",
]

NONE = [
    "Хоргос принимает рекордное число грузов\n\nАЛМАТЫ, 4 мая — Международный центр приграничного "
    "сотрудничества «Хоргос» принял 5 тысяч туристов. Центр «Хоргос» расширяется.",
    "Weather\n\nIt will rain in Almaty on Friday. Take an umbrella.",
    "Турнир по шахматам\n\nВ Шымкенте прошёл детский турнир по шахматам.",
    "СЭЗ «Туран» привлекла инвесторов\n\nТУРКЕСТАН, 3 мая — Специальная экономическая зона «Туран» "
    "подписала пять соглашений.",
]


@pytest.mark.parametrize("text", ABOUT)
def test_about(pipeline, text):
    rel = pipeline(text).relevance
    assert rel["label"] == "about" and 0.6 <= rel["score"] <= 1.0


@pytest.mark.parametrize("text", RELATED)
def test_related(pipeline, text):
    rel = pipeline(text).relevance
    assert rel["label"] == "related" and 0.2 <= rel["score"] < 0.6


@pytest.mark.parametrize("text", NONE)
def test_not_about(pipeline, text):
    assert pipeline(text).relevance["label"] != "about"


def test_title_given_apart_counts_as_title(pipeline):
    body = "Работы идут по графику. Подрядчик завершит их к осени."
    assert pipeline(body, title="Центр промышленной кооперации достраивают").relevance["label"] == "about"
    assert pipeline(body).relevance["label"] == "none"


def weights(**given):
    return {**dict.fromkeys(WEIGHT, 0.0), "count": 2, **given}


def test_near_misses_outweigh_a_passing_mention():
    assert judge(weights(name=2.0, near=6.0))["label"] == "related"
    assert judge(weights(name=2.0, near=1.0))["label"] == "about"


def test_a_near_miss_in_the_headline_must_be_outweighed():
    assert judge(weights(name=2.0, near=3.0, opening_near=1))["label"] == "related"
    assert judge(weights(name=4.0, near=3.0, opening_near=1))["label"] == "about"
    assert judge(weights(name=2.0, near=3.0, opening_near=1, opening_subject=1))["label"] == "about"


def test_one_mention_in_passing_in_a_long_article_is_related():
    assert judge(weights(name=2.0, count=1, paragraphs=6))["label"] == "related"
    assert judge(weights(name=2.0, count=1, paragraphs=3))["label"] == "about"
    assert judge(weights(name=2.0, anaphora=0.4, count=1, paragraphs=6))["label"] == "about"
    assert judge(weights(name=2.0, count=1, lead_subject=1, paragraphs=6))["label"] == "about"


def test_scores_grow_with_mentions():
    few = judge(weights(name=2.0))
    many = judge(weights(name=9.0))
    assert few["score"] < many["score"] <= 1.0


def test_another_subject_from_a_topic_file(tmp_path):
    from nlp.pipeline import Pipeline, Settings

    topic = tmp_path / "topic.yaml"
    topic.write_text("id: port\ncanonical: Port of Kuryk\nnames: [порт Курык, Kuryk port]\n"
                     "related: [Актау]\nnear_misses: []\n", encoding="utf-8")
    pipeline = Pipeline(Settings(topic_path=str(topic)), order=["normalize", "language", "relevance"])
    assert pipeline("Порт Курык расширят\n\nРаботы начнутся весной.").relevance["label"] == "about"
    assert pipeline("Центр промышленной кооперации\n\nСтроится.").relevance["label"] == "none"


@pytest.mark.parametrize("content", ["names: []\n", "- a list\n", "names: [unclosed\n"])
def test_bad_topic_file(tmp_path, content):
    path = tmp_path / "topic.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TopicError):
        load_topic(path)


@pytest.mark.parametrize("sentence, reading", [
    # a name with a marker attached, or after one preposition, is another subject's
    ("Центр промышленной кооперации в Шымкенте откроется весной.", "near"),
    ("The industrial cooperation hub in China opened on Monday.", "near"),
    ("МЦПС «Хоргос» расширяется.", "near"),
    # the center's own names are not: a marker cannot take them
    ("Делегация МЦПК в Шымкенте провела встречу.", "center"),
    # generic phrases: projects or a platform for industrial cooperation, cooperation in Central Asia
    ("Казахстан и Узбекистан реализуют 50 проектов промышленной кооперации.", "none"),
    ("Цифровая платформа промышленной кооперации заработает в 2026 году.", "none"),
    ("Қазақстан Орталық Азиядағы ынтымақтастық орталығы болғысы келеді.", "none"),
    # a word that names the center only beside the quoted «Central Asia»
    ("Проект «Центральная Азия» выходит на новый этап.", "center"),
    # a trade center: the center with «Central Asia» and "international", any other without
    ("«Markaziy Osiyo» xalqaro savdo markazi quriladi.", "center"),
    ("Международный центр приграничной торговли «Центральная Азия» строится.", "center"),
    ("Xalqaro savdo markazi Toshkentda ochildi.", "none"),
    # «Central Asia» in quotes of any kind
    ("Зона „Центральная Азия“ растёт.", "center"),
    ("Zone “Central Asia” grows.", "center"),
    ("Zona ‘Markaziy Osiyo’ kengaymoqda.", "center"),
    ("Zona 'Markaziy Osiyo' kengaymoqda.", "center"),
    ("Стройку МЦПКа осмотрели.", "center"),
    # an international industrial zone is ambiguous; its place beside it makes it the center
    ("Международная индустриальная зона откроется в Ташкенте.", "none"),
    ("В Мактааральском районе строят международную индустриальную зону.", "center"),
    ("Sirdaryo viloyatida barpo etilayotgan xalqaro sanoat zonasi kengaymoqda.", "center"),
])
def test_refers(sentence, reading):
    from nlp.relevance import refers

    assert refers(sentence) == reading


def test_the_lead_is_the_first_paragraph_of_prose(pipeline):
    """Tags, a byline and a photo credit between the headline and the lead are not the lead."""
    from nlp.relevance import weigh

    text = ("Стройка у границы\n\nЭкономика,Строительство\nАнна Петрова\nФото пресс-службы\n\n"
            "В Мактааральском районе на площадке МЦПК заложили первый цех. Его откроют осенью.\n\n"
            "Подрядчик набирает рабочих.\n\nВ районе собрали хлопок.\n\nДороги отремонтировали.\n\n"
            "Прошёл праздник урожая.")
    weights = weigh(pipeline(text))
    assert weights["lead_subject"] == 1 and weights["count"] == 1
    assert pipeline(text).relevance["label"] == "about"
