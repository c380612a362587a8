"""Migration m021: the search index's FTS5 merge options (kb.db.SEARCH_MERGE) on an older KB as on a new one."""
from __future__ import annotations

from kb import open_db
from kb.db import SEARCH_MERGE, migrations
from kb.search import search
from kbhelpers import add_doc, new_db

TEXTS = ["Терминал центра откроют весной, сообщил министр.", "Қазақстанның орталығы жаңа қоймалар салады.",
         "Markazda yangi ombor qurilishi boshlandi.", "The center's customs post opens in May."]


def options(db) -> dict:
    return dict(db.execute("select k, v from search_index_config where k != 'version'").fetchall())


def schema(db) -> set:
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def test_a_new_kb_merges_whole_levels_of_four():
    assert options(new_db()) == SEARCH_MERGE == {"automerge": 4, "crisismerge": 4}


def test_m021_gives_an_older_kb_the_options_schema_and_answers_of_a_new_one(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db)
    for n, text in enumerate(TEXTS):
        add_doc(db, n, text, lang=["ru", "kk", "uz", "en"][n])
    queries = ["терминал", "центр", "ombor", "customs post", "Қазақстан"]
    answers = [search(db, q) for q in queries]
    assert all(answers[:4])
    # the KB as m019 left it: FTS5's own defaults (no option stored)
    db.execute("delete from search_index_config where k in ('automerge', 'crisismerge')")
    db.execute("delete from _sqlite_migrations where name = 'm021_kb_search_index_merges_whole_levels'")
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    assert options(db) == {}
    db.close()
    db = open_db(path)
    assert options(db) == SEARCH_MERGE
    assert schema(db) == fresh
    assert [search(db, q) for q in queries] == answers
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.applied(db))
