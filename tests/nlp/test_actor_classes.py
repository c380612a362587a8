"""Who takes the step, for the classes of actor real news brings (see actor_classes.py)."""
from __future__ import annotations

import re

import pytest

from actor_classes import CLASSES, PLACES, PUB
from kb.fold import fold_name

ROWS = [pytest.param(lang, text, checks, id=f"{name}-{lang}-{i}")
        for name, rows in CLASSES.items() for i, (lang, text, checks) in enumerate(rows)]
PARTY = re.compile(r"\s+and\s+")


@pytest.fixture(scope="module")
def reader():
    """A pipeline whose registry does not grow: each row reads the same whatever was read before."""
    from nlp.pipeline import Pipeline, Settings

    return Pipeline(Settings(frozen_registry=True))


@pytest.mark.parametrize("lang,text,checks", ROWS)
def test_actor(reader, lang, text, checks):
    doc = reader(text, PUB)
    for words, parties, never in checks:
        found = [c for c in doc.commitments if words in c["evidence"]]
        assert found, (words, [c["evidence"] for c in doc.commitments])
        actor = found[0]["actor"] or ""
        got = [fold_name(p) for p in PARTY.split(actor) if p]
        for want in parties:
            assert any(fold_name(want) in g for g in got), (actor, want)
        assert len(got) == len(parties), actor
        for bad in never:
            assert fold_name(bad) not in fold_name(actor), (actor, bad)


@pytest.mark.parametrize("lang,text,place", [pytest.param(*row, id=f"place-{row[0]}") for row in PLACES])
def test_place_is_not_the_object(reader, lang, text, place):
    doc = reader(text, PUB)
    assert doc.commitments, text
    for c in doc.commitments:
        assert fold_name(place) not in fold_name(c.get("object") or ""), c
        assert fold_name(place) not in fold_name(c.get("action_en") or ""), c
