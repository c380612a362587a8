"""Migrations m021, m023 and m026: the search index's FTS5 merge options (kb.db.SEARCH_MERGE) on an older KB as on a
new one."""
from __future__ import annotations

import pytest

from kb import open_db
from kb.db import M021_SEARCH_MERGE, M023_SEARCH_MERGE, SEARCH_MERGE, migrations
from kb.store import write_batch
from kb.search import search, set_options
from kbhelpers import add_doc, new_db

TEXTS = ["Терминал центра откроют весной, сообщил министр.", "Қазақстанның орталығы жаңа қоймалар салады.",
         "Markazda yangi ombor qurilishi boshlandi.", "The center's customs post opens in May."]


def options(db) -> dict:
    return dict(db.execute("select k, v from search_index_config where k != 'version'").fetchall())


def schema(db) -> set:
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def test_a_new_kb_has_the_options_of_m026():
    assert options(new_db()) == SEARCH_MERGE == {"automerge": 0, "crisismerge": 16, "usermerge": 8}


def forget(db, options_now: dict, *names: str) -> None:
    """Make the KB look as it was before the migrations `names` ran, with FTS5 options `options_now`."""
    db.execute("delete from search_index_config where k in ('automerge', 'crisismerge', 'usermerge')")
    set_options(db, options_now)
    for name in names:
        db.execute("delete from _sqlite_migrations where name = ?", [name])
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")


def add_many(db, start: int, count: int) -> None:
    """`count` documents of our own words, 5 a write batch, so the index has segments at several levels."""
    words = ["склад", "терминал", "пошлина", "вагон", "причал", "рынок", "мост", "цех"]
    for first in range(start, start + count, 5):
        with write_batch(db, 5) as batch:
            for n in range(first, first + 5):
                batch.add(lambda d, n=n: add_doc(d, n, f"Заметка {n}: {words[n % 8]} и {words[n * 3 % 8]} у границы."))


QUERIES = ["терминал", "центр", "ombor", "customs post", "Қазақстан", "склад", "терминал вагон", "заметка 37"]


M021, M023, M026 = ("m021_kb_search_index_merges_whole_levels", "m023_kb_search_index_merges_a_bounded_step_a_batch",
                     "m026_kb_search_index_merges_levels_of_eight")


@pytest.mark.parametrize("before, forgotten", [
    ({}, (M021, M023, M026)), (M021_SEARCH_MERGE, (M023, M026)), (M023_SEARCH_MERGE, (M026,))])
def test_an_older_kb_gets_the_options_schema_and_answers_of_a_new_one(tmp_path, before, forgotten):
    """A KB as m019 left it (FTS5's own defaults), as m021 left it (whole levels) or as m023 left it (levels of 4
    merged in steps), the index written in batches under those options, migrates to a new KB's options and
    schema, and answers as a KB built anew."""
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db)
    forget(db, before, *forgotten)
    for n, text in enumerate(TEXTS):
        add_doc(db, n, text, lang=["ru", "kk", "uz", "en"][n])
    add_many(db, 4, 200)
    db.close()
    db = open_db(path)
    assert options(db) == SEARCH_MERGE
    assert schema(db) == fresh
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.applied(db))
    add_many(db, 204, 100)                  # written on under the new options
    anew = new_db()
    for n, text in enumerate(TEXTS):
        add_doc(anew, n, text, lang=["ru", "kk", "uz", "en"][n])
    add_many(anew, 4, 300)
    answers = [search(anew, q) for q in QUERIES]
    assert all(answers[:4]) and all(answers[5:])
    assert [search(db, q) for q in QUERIES] == answers
