"""Stage 3: sentences (character spans over the normalised text)."""
from __future__ import annotations

import re

from nlp.pipeline import Doc, stage

# A sentence ends at . ! ? … followed by space and an upper-case letter, a quote or a digit,
# or at a line break; abbreviations like "млрд." or "т.е." rarely precede a capital.
BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ0-9])|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in BOUNDARY.finditer(text):
        end = m.start() if text[m.start()] == "\n" else m.end()
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@stage("sentences", assigns=("sentences",), requires=("text",))
def sentences_stage(doc: Doc) -> None:
    doc.sentences = split_sentences(doc.text)
