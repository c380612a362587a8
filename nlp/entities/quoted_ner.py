"""Organisations named in quotes (« », " ", „ “, “ ”) after a word that says what they are:
«в социальной сети «ВКонтакте»», «магазин «Лукоморье»», «the firm "Silk Road Logistics"».

natasha and spaCy miss most of these (a quoted brand is rarely a word they know); the quotes
give the span and the word before them the type.  The name inside the quotes is the entity.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp.pipeline import Doc

# Stems of words that introduce an organisation's quoted name (Russian, English).
KINDS = (
    r"компани|фирм|газет|журнал|сет[иьей]|соцсет|магазин|банк|холдинг|корпораци|завод|фабрик|фонд|клуб|"
    r"парти|агентств|издани|издательств|телеканал|канал|радиостанци|радио|сервис|ассоциаци|концерн|групп|"
    r"ресторан|кафе|гостиниц|отел|движени|организаци|обществ|предприяти|театр|студи|портал|сайт|"
    r"company|firm|newspaper|network|bank|group|agency|fund|party|club|brand|holding|chain|publisher|"
    r"channel|website|portal|studio"
)
KIND_BEFORE = re.compile(rf"(?i)(?<!\w)(?:{KINDS})\w*(?:\s+\w+)?\s*$")
QUOTED = re.compile(r"«([^«»\n]{2,60})»|\"([^\"\n]{2,60})\"|„([^„“”\n]{2,60})[“”]|“([^“”\n]{2,60})”")
MAX_WORDS = 5


def quoted_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """ORG candidates {type, start, end, source} for quoted names after a kind word in doc.text[start:end]."""
    text = doc.text
    out = []
    for m in QUOTED.finditer(text, start, end):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        s, e = m.start(group), m.end(group)
        name = text[s:e]
        if not name[:1].isupper() and not name[:1].isdigit() or len(name.split()) > MAX_WORDS:
            continue                                   # a quoted phrase, not a name
        if KIND_BEFORE.search(text, max(start, m.start() - 40), m.start()):
            out.append({"type": "ORG", "start": s, "end": e, "source": "quotes"})
    return out
