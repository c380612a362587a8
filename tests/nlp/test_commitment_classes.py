"""Commitments of the classes real news brings (see commitment_classes.py): one per step, its actor,
its step, its own deadline or event date."""
from __future__ import annotations

import pytest

from commitment_classes import CENTER, CLASSES, PUB
from kb.fold import fold_name

ROWS = [pytest.param(lang, text, expected, id=f"{name}-{lang}-{i}")
        for name, rows in CLASSES.items() for i, (lang, text, expected) in enumerate(rows)]


def read(pipeline, lang: str, text: str) -> list[tuple]:
    lead = "" if "\n" in text else CENTER[lang]
    doc = pipeline(lead + text, PUB)
    out = []
    for c in doc.commitments:
        if lead and c["span"][1] <= len(lead):
            continue                    # the lead sentence of the test article is not under test
        date = c["deadline"] or c.get("event_date") or {}
        out.append((c["status"], c["actor"], c["step"], date.get("end")))
    return out


@pytest.mark.parametrize("lang,text,expected", ROWS)
def test_class(pipeline, lang, text, expected):
    got = read(pipeline, lang, text)
    assert [(s, st, d) for s, _, st, d in got] == [(s, st, d) for s, _, st, d in expected], got
    for (_, actor, _, _), (_, want, _, _) in zip(got, expected):
        if want:
            assert actor and fold_name(want) in fold_name(actor), (actor, want)
