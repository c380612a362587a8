"""Sentence splitting (nlp/sentences.py) in the four languages: abbreviations,
initials, quotes and paragraphs."""
from __future__ import annotations

import pytest

from nlp.sentences import split_sentences

CASES = [
    # a company name with a period inside («TCL gr.» LLP), in three scripts
    ("Қозоғистоннинг «TCL gr.» МЧЖ билан меморандум имзоланди. Лойиҳа қиймати маълум.",
     ["Қозоғистоннинг «TCL gr.» МЧЖ билан меморандум имзоланди.", "Лойиҳа қиймати маълум."]),
    ("The investor TCL gr. LLP will build the first stage. Work starts in May.",
     ["The investor TCL gr. LLP will build the first stage.", "Work starts in May."]),
    ("Инвестор ТОО «TCL gr.» Компания начнет работы. Это решено.",
     ["Инвестор ТОО «TCL gr.» Компания начнет работы.", "Это решено."]),
    # Russian
    ("Объём составил 1,3 млрд. долларов. Это рекорд.", ["Объём составил 1,3 млрд. долларов.", "Это рекорд."]),
    ("Проект стоит $2 млрд. Строительство начнётся весной.",
     ["Проект стоит $2 млрд.", "Строительство начнётся весной."]),
    ("Встреча прошла в г. Ташкент. Стороны подписали протокол.",
     ["Встреча прошла в г. Ташкент.", "Стороны подписали протокол."]),
    ("Завод построили в 2024 г. Он уже работает.", ["Завод построили в 2024 г.", "Он уже работает."]),
    ("С. Умурзаков встретился с Р.Скляром. Обсудили логистику.",
     ["С. Умурзаков встретился с Р.Скляром.", "Обсудили логистику."]),
    ("Речь о зерне, хлопке и т.д. Всё будет готово к маю.",
     ["Речь о зерне, хлопке и т.д.", "Всё будет готово к маю."]),
    ("«Мы готовы!» — сказал он. Потом уехал.", ["«Мы готовы!» — сказал он.", "Потом уехал."]),
    ("Он сказал: «Центр откроется в срок». Затем ответил на вопросы.",
     ["Он сказал: «Центр откроется в срок».", "Затем ответил на вопросы."]),
    ("Музей на ул. Абая открыт. Вход свободный.", ["Музей на ул. Абая открыт.", "Вход свободный."]),
    # Kazakh
    ("Көлемі 185,1 млрд теңге. Жұмыс 2026 ж. аяқталады.", ["Көлемі 185,1 млрд теңге.", "Жұмыс 2026 ж. аяқталады."]),
    ("Мақта, күріш т.б. өңделеді. Орталық биыл ашылады.", ["Мақта, күріш т.б. өңделеді.", "Орталық биыл ашылады."]),
    ("Министр келді! Жиналыс басталды.", ["Министр келді!", "Жиналыс басталды."]),
    # Uzbek
    ("Loyiha qiymati 48 mln. dollar. Qurilish bahorda boshlanadi.",
     ["Loyiha qiymati 48 mln. dollar.", "Qurilish bahorda boshlanadi."]),
    ("Paxta, sholi va h.k. qayta ishlanadi. Markaz 2027-yilda ochiladi.",
     ["Paxta, sholi va h.k. qayta ishlanadi.", "Markaz 2027-yilda ochiladi."]),
    ("Лойиҳа қиймати 48 млн доллар. Қурилиш баҳорда бошланади.",
     ["Лойиҳа қиймати 48 млн доллар.", "Қурилиш баҳорда бошланади."]),
    # English
    ("Goods such as cotton, e.g. yarn, will pass. The rest waits.",
     ["Goods such as cotton, e.g. yarn, will pass.", "The rest waits."]),
    ("Mr. Torebayev spoke first. Dr. Akbarov followed.", ["Mr. Torebayev spoke first.", "Dr. Akbarov followed."]),
    ("Trade reached $1.3 billion. It is a record?! Yes.", ["Trade reached $1.3 billion.", "It is a record?!", "Yes."]),
    ("The U.S. delegation arrived. Talks began.", ["The U.S. delegation arrived.", "Talks began."]),
    # paragraphs: a title without a full stop is a sentence of its own
    ("Центр открылся\n\nТАШКЕНТ, 5 мая — Сегодня открылся центр. Гости довольны.",
     ["Центр открылся", "ТАШКЕНТ, 5 мая — Сегодня открылся центр.", "Гости довольны."]),
    ("", []),
    ("   \n  \n", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_split(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_spans_are_ordered_and_inside_the_text():
    text = "Бір. Екі!\nTwo. Three?\n\nUch. Tort…"
    spans = split_sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert not any("\n" in text[s:e] for s, e in spans)
