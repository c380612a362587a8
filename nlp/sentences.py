"""Stage 3: sentences (character spans over the normalised text), paragraph-aware.

A sentence never crosses a line break.  Inside a line, it ends at . ! ? … (with
closing quotes or brackets) followed by a space and a capital letter, a digit or
an opening quote — unless the word before the full stop is

- an abbreviation that never ends a sentence (т.е., e.g., Mr., им., ул., проф.);
- an initial (С. Умурзаков, Р.Скляр);
- «г.» after a word, not a year (г. Ташкент).

Abbreviations that may end a sentence (млрд., млн., тыс., т.д., т.б., h.k., mln.)
end it when a capital follows, as a full stop would.
"""
from __future__ import annotations

import re

from nlp.pipeline import Doc, stage

CANDIDATE = re.compile(r"[.!?…]+[»\"”’)\]]*(?=\s+[«\"“„(\[—–-]?\s?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ0-9])")
NEVER_END = {
    # Russian
    "т.е", "т.к", "т.н", "им", "ул", "пр", "просп", "пер", "д", "кв", "стр", "проф", "акад", "доц", "ген",
    "гос", "см", "ср", "напр", "рис", "тел", "обл", "р-н", "пос", "с", "ст", "вл", "корп", "каб", "зам",
    "англ", "рус", "каз", "узб", "мин",
    # Kazakh and Uzbek
    "көш", "ш", "sh", "t", "k", "koʻch", "ko‘ch", "prof", "akad",
    # English
    "mr", "mrs", "ms", "dr", "st", "e.g", "i.e", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "gen", "gov", "sen", "rep", "inc", "ltd", "co", "corp", "u.s", "u.k",
    "gr",   # «TCL gr.» LLP: a company name with a period inside
}
LINE = re.compile(r"[^\n]+")
INITIALS = re.compile(r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ]\.)*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ]")
WORD_BEFORE = re.compile(r"([^\s«\"“(]+?)[.!?…]+[»\"”’)\]]*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of `text`, none crossing a line break, stripped of spaces."""
    spans = []
    for line in LINE.finditer(text):
        start = line.start()
        for m in CANDIDATE.finditer(text, line.start(), line.end()):
            if _ends_sentence(text, line.start(), m):
                spans.append(_strip(text, start, m.end()))
                start = m.end()
        spans.append(_strip(text, start, line.end()))
    return [s for s in spans if s[1] > s[0]]


def _ends_sentence(text: str, line_start: int, m: re.Match) -> bool:
    if not text[m.start()] == ".":
        return True
    before = WORD_BEFORE.search(text, max(line_start, m.start() - 30), m.end())
    word = before.group(1) if before else ""
    low = word.lower().lstrip("(")
    if low in NEVER_END or low.rstrip(".") in NEVER_END:
        return False
    if INITIALS.fullmatch(word):
        return False                                  # an initial: С. Умурзаков, J. R. Smith
    if low in ("г", "гг"):
        prev = text[max(line_start, m.start() - 12):m.start() - len(word)].rstrip()
        return prev[-1:].isdigit()                    # «2025 г.» may end a sentence, «г. Ташкент» does not
    return True


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@stage("sentences", assigns=("sentences",), requires=("text",))
def sentences_stage(doc: Doc) -> None:
    doc.sentences = split_sentences(doc.text)
