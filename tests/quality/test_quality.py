"""The quality gate: per-stage, per-language scores on the annotated sample articles.

Floors live in floors.json; a floor is lowered only on purpose, with the reason in the
commit message.  `python -m tests.quality.scoring` prints the current table.
"""
from __future__ import annotations

import pytest

from scoring import group_of, load_articles, load_floors, score

FLOORS = load_floors()
CASES = [(stage, group) for stage, groups in sorted(FLOORS.items()) for group in sorted(groups)]


@pytest.fixture(scope="module")
def table():
    from nlp.pipeline import Pipeline

    # a fresh pipeline, not the session one: the entity registry grows with use, and the gate
    # must score the same whatever ran before it
    return score(Pipeline())


@pytest.mark.parametrize("stage,group", CASES)
def test_floor(table, stage, group):
    got = table[stage].get(group)
    assert got is not None, f"no {group} articles scored for {stage}"
    assert got >= FLOORS[stage][group], f"{stage} {group}: {got:.3f} below the floor {FLOORS[stage][group]:.3f}"


def test_corpus_covers_every_language():
    groups = {group_of(a) for a in load_articles()}
    assert {"ru", "kk", "en", "uz-Latn", "uz-Cyrl"} <= groups


def test_every_article_has_facts():
    for article in load_articles():
        assert {"money", "dates", "commitments"} <= set(article["facts"]), article["id"]
