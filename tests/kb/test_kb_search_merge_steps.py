"""The search index's merges a bounded step a write batch (kb.search.merge_step, migration m023)."""
from __future__ import annotations

import random

from kb import search as kb_search
from kb.db import M021_SEARCH_MERGE, SEARCH_MERGE
from kb.search import SEGMENT_SHIFT, fold_text, index_document, set_options
from kb.store import write_batch
from kbhelpers import new_db

STEMS = ["склад", "терминал", "таможня", "дорога", "поезд", "контейнер", "граница", "рынок", "павильон", "причал",
         "вагон", "обмен", "пошлина", "сделка", "цех", "мост", "агентство", "инвестор", "налог", "маршрут"]
WORDS = [f"{stem}{suffix}" for stem in STEMS for suffix in ("", "ный", "ник", "ство", "ка", "ище", "овый", "ушка",
                                                             "ость", "ение", "ация", "ист", "ант", "оид", "арь",
                                                             "ица", "ок", "ыш", "ота", "иха")]   # 400 words, none common
BATCHES, PER_BATCH, STEP = 300, 10, 32


def text(n: int) -> str:
    """Document n: 60 of the invented words and a word of its own, so the index grows with every batch."""
    rng = random.Random(n)
    return " ".join(rng.choice(WORDS) for _ in range(60)) + f" заметка{n}"


def leaves(db) -> dict:
    """{row id: block} of every segment page (segment ids are the high bits of the ids, FTS5_SEGMENT_ROWID)."""
    return dict(db.execute(f"select id, block from search_index_data where id >> {SEGMENT_SHIFT} > 0").fetchall())


def segments(db) -> int:
    return len({row_id >> SEGMENT_SHIFT for row_id in leaves(db)})


def pages_a_batch(db) -> tuple[list[int], list[int]]:
    """Segment pages each write batch wrote (new rows or rows rewritten), and the segments after it, for
    BATCHES batches of PER_BATCH documents."""
    written, counts, before = [], [], leaves(db)
    for b in range(BATCHES):
        with write_batch(db, PER_BATCH) as batch:
            for n in range(b * PER_BATCH, (b + 1) * PER_BATCH):
                batch.add(index_document, n + 1, f"Заметка {n}", text(n), "ru")
        after = leaves(db)
        written.append(sum(1 for row_id, block in after.items() if before.get(row_id) != block))
        counts.append(len({row_id >> SEGMENT_SHIFT for row_id in after}))
        before = after
    return written, counts


def matches(db, words: str) -> list[int]:
    """The documents whose stored keys hold every one of `words` (folded as the index folds them)."""
    query = " ".join(f'"{key}"' for key in fold_text(words, "ru").split())
    return [r[0] for r in db.execute("select rowid from search_index where search_index match ? order by rowid",
                                     [query])]


def test_a_new_kb_merges_a_bounded_step_a_batch_only():
    options = dict(new_db().execute("select k, v from search_index_config where k != 'version'").fetchall())
    assert options == SEARCH_MERGE == {"automerge": 0, "crisismerge": 16, "usermerge": 8}


def test_no_write_batch_merges_more_than_a_step(monkeypatch):
    """Each batch writes its own segment and at most a step of merges (FTS5 stops between terms, and rewrites
    the first page of each input segment it paused in: usermerge pages); m021's whole-level merges wrote
    the whole index in the 256th batch.  The index still merges: at most twice the segments m021 left."""
    no_merges = new_db()
    set_options(no_merges, {"automerge": 0, "crisismerge": 1000})
    monkeypatch.setattr(kb_search, "MERGE_PAGES", 0)          # no step: the two indexes before m023
    flushes, _ = pages_a_batch(no_merges)
    assert segments(no_merges) == BATCHES                  # one segment a batch, none merged
    whole_levels = new_db()
    set_options(whole_levels, M021_SEARCH_MERGE)
    m021, m021_segments = pages_a_batch(whole_levels)
    monkeypatch.setattr(kb_search, "MERGE_PAGES", STEP)     # a small step, so that most merges take several
    stepped = new_db()
    written, stepped_segments = pages_a_batch(stepped)
    # FTS5 stops once it has written more than the step (one page past it), then writes the output's last
    # page and rewrites the first page of each input segment it read from (usermerge of them)
    bound = max(flushes) + STEP + 2 + SEARCH_MERGE["usermerge"]
    assert max(written) <= bound < max(m021)
    assert max(m021) > sum(flushes[:256]) // 3            # the 256th batch rewrote the index (merged, it shrinks)
    # levels of 8 (m026) rewrite a document fewer times than m021's levels of 4 (log 8 against log 4 of the
    # batches), and the price is more segments to search: up to 7 a level instead of 3
    assert sum(written) < sum(m021)
    assert sum(m021_segments) < sum(stepped_segments) <= 2 * sum(m021_segments)
    for query in ("заметка7", "склад", "склад терминал мост", "цехок"):
        assert matches(stepped, query) == matches(whole_levels, query) == matches(no_merges, query)
    assert matches(stepped, "заметка7") == [8] and len(matches(stepped, "склад")) > 100
