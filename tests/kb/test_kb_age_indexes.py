"""Migration m017: mentions looked up by entity and documents by content hash through indexes led by an age
block (rowid >> shift), so a write batch lands on the newest block's pages.  The same answers as before, from
a KB migrated from m016 as from a new one; the planner keeps using the indexes whatever ANALYZE said."""
from __future__ import annotations

import json

from kb import open_db
from kb.queries import SEEN, list_entities
from kb.search import search
from kb.store import HASH_SHIFT, save_document
from kbhelpers import add_doc, entity, new_db

PLACES = [("Жетысай", "Zhetysai"), ("Сарыагаш", "Saryagash"), ("Туркестан", "Turkistan"), ("Шымкент", "Shymkent")]


def fill(db, n: int = 30) -> None:
    """Documents of our own naming two or three of four places and one of three people."""
    for k in range(n):
        names = [entity("LOC", *PLACES[k % 4]), entity("LOC", *PLACES[(k * 3 + 1) % 4], start=20),
                 entity("PER", f"Человек{k % 3}", f"Person {k % 3}", start=40)]
        add_doc(db, k, f"Заметка {k}: центр торговли, {PLACES[k % 4][0]} и склад номер {k}.",
                published=f"2026-{1 + k % 12:02d}-{1 + k % 28:02d}", entities=names)


def answers(db) -> tuple:
    """What readers of mentions by entity and of content hashes give."""
    seen = [db.execute(SEEN.format(""), [i]).fetchone() for i in range(1, 8)]
    found = [[r["id"] for r in search(db, "центр", entity=name, limit=50)] for _, name in PLACES]
    return (list_entities(db), list_entities(db, "Жетысай"), seen, found,
            db.execute("select * from mentions order by id").fetchall(),
            db.execute("select id, url, content_hash from documents order by id").fetchall())


def schema(db) -> set:
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def plan(db, sql: str, params: list) -> str:
    return " | ".join(r[3] for r in db.execute("explain query plan " + sql, params))


def test_m017_gives_an_m016_kb_the_schema_statistics_and_answers_of_a_new_one(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db), db.execute("select * from sqlite_stat1 order by idx").fetchall()
    fill(db)
    kept = answers(db)
    # the KB as m016 left it: the key-first indexes, no statistics
    for index in ("idx_mentions_age_entity", "idx_documents_age_hash"):
        db.execute(f"drop index {index}")
    db["mentions"].create_index(["entity_id", "document_id"])
    db["documents"].create_index(["content_hash"])
    db.execute("drop table sqlite_stat1")
    db.execute("delete from _sqlite_migrations where name = 'm017_kb_mentions_by_entity_in_age_blocks'")
    db.execute("PRAGMA user_version = 16")
    db.close()
    db = open_db(path)
    assert (schema(db), db.execute("select * from sqlite_stat1 order by idx").fetchall()) == fresh
    assert answers(db) == kept
    assert kept[3][0] and kept[0][0]["documents"] > 0


def test_lookups_by_entity_use_the_age_block_index():
    db = new_db()
    fill(db, 8)
    ids = json.dumps([1, 2])
    in_list = "select document_id from mentions where entity_id in (select value from json_each(?))"  # search, money
    assert "idx_mentions_age_entity (ANY(<expr>) AND entity_id=?)" in plan(db, in_list, [ids])
    assert "idx_mentions_age_entity" in plan(db, SEEN.format(""), [1])
    counted = "select (select count(*) from mentions m where m.entity_id = e.id) from entities e"
    assert "idx_mentions_age_entity" in plan(db, counted, [])


def test_an_analyze_of_a_nearly_empty_kb_is_corrected_when_it_is_opened(tmp_path):
    """ANALYZE of a KB with three mentions says a block holds three rows: the planner would then scan every
    mention for each entity once the KB has grown.  Opening it writes the statistics back."""
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    add_doc(db, 1, "Одна заметка.", entities=[entity("LOC", *PLACES[0]), entity("LOC", *PLACES[1], start=9),
                                               entity("PER", "Человек", "Person", start=18)])
    db.execute("ANALYZE")
    stat = db.execute("select stat from sqlite_stat1 where idx = 'idx_mentions_age_entity'").fetchone()[0]
    assert stat.split()[1] == "3"
    db.execute("ANALYZE sqlite_schema")
    lookup = "select document_id from mentions where entity_id = ?"
    assert "idx_mentions_age_entity" not in plan(db, lookup, [1])
    db.close()
    db = open_db(path)
    assert "idx_mentions_age_entity (ANY(<expr>) AND entity_id=?)" in plan(db, lookup, [1])
    assert [r[0] for r in db.execute(lookup, [1])] == [1]


def test_a_text_stored_in_an_older_block_is_found_as_a_duplicate():
    """Documents far apart in age (different blocks of the hash index) are recognised as the same text, and
    the oldest document of a hash wins as with the former index."""
    db = new_db()
    first, _ = save_document(db, {"url": "http://sample.test/a.html", "text": "Склад открыт в понедельник."})
    far = 3 << HASH_SHIFT
    db.execute("insert into documents (id, url, text, content_hash, state, version) values (?, ?, ?, ?, 'new', 1)",
               [far, "http://sample.test/far.html", "Второй склад открыт.", "0" * 40])
    db.execute("update documents set content_hash = (select content_hash from documents where id = ?) where id = ?",
               [first, far])           # an update may give a later document the text of an earlier one
    assert save_document(db, {"url": "http://sample.test/b.html", "text": "склад  ОТКРЫТ в понедельник"}) == \
        (first, "duplicate")
    later, _ = save_document(db, {"url": "http://sample.test/c.html", "text": "Новый склад у границы."})
    assert later > far
    assert save_document(db, {"url": "http://sample.test/d.html", "text": "Новый склад у границы!"}) == \
        (later, "duplicate")
    assert "idx_documents_age_hash (<expr>=? AND <expr>=?)" in plan(
        db, f"select min(id) from documents where (id >> {HASH_SHIFT}) in (0, 1, 2, 3, 4) and "
            "substr(content_hash, 1, 8) = ? and +content_hash = ?", ["a", "b"])
