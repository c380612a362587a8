"""Writing many documents per transaction (kb.store.write_batch): same KB as one by one, each one all or nothing."""
from __future__ import annotations

import sqlite3

import pytest

from kb import entities, search
from kb.extractions import ExtractionError
from kb.search import segment_count as search_segments, set_options
from kb.store import save_document, save_extraction, write_batch
from kbhelpers import VERSION, commitment, entity, new_db

TABLES = ("documents", "document_urls", "entities", "aliases", "mentions", "money", "dates", "commitments", "tracks",
          "track_events")


def item(n: int) -> dict:
    """Document n: a few sentences of our own, a fixed fetch time so two KBs compare equal."""
    return {"url": f"http://sample.test/steppe-herald/{n}.html", "source_id": "steppe-herald",
            "title": f"Стройка, заметка {n}", "published": f"2026-02-{1 + n % 27:02d}", "fetched": "2026-03-01T00:00:00",
            "text": f"Заметка {n}: Казахстан обещает достроить терминал номер {n % 4} к 2028 году. "
                    f"Қазақстанның министрлігі хабарлады."}


def extraction(n: int) -> dict:
    """Facts of document n; every third one updates a commitment an earlier one made."""
    return {"lang": "ru", "script": "Cyrl", "relevance": {"label": "about", "score": 0.8},
            "entities": [entity("LOC", "Казахстан", "Kazakhstan", 10), entity("ORG", f"Терминал {n % 4}", f"Terminal {n % 4}")],
            "money": [{"text": "$5 млн", "amount": 5e6 + n, "currency": "USD", "span": [0, 6]}],
            "dates": [{"text": "к 2028 году", "kind": "deadline", "start": None, "end": "2028-12-31", "span": [0, 5]}],
            "commitments": [commitment(f"finish terminal {n % 4}", end=f"{2028 + n % 3}-12-31",
                                       status="planned" if n % 2 else "in_progress")]}


def store(db, n: int, result: dict | None = None) -> None:
    doc_id, _ = save_document(db, item(n))
    save_extraction(db, doc_id, result or extraction(n), VERSION)


def dump(db) -> dict:
    """Every row of the fact tables, without the moments a row was created."""
    out = {}
    for table in TABLES:
        rows = [{k: v for k, v in r.items() if k != "created"} for r in db[table].rows_where(order_by="rowid")]
        out[table] = rows
    out["search"] = db.execute("select rowid, title, text from search_index order by rowid").fetchall()
    return out


@pytest.mark.parametrize("size", [1, 3, 100])
def test_batch_size_does_not_change_the_kb(size):
    one_by_one = new_db()
    for n in range(12):
        store(one_by_one, n)
    batched = new_db()
    with write_batch(batched, size) as batch:
        for n in range(12):
            batch.add(store, n)
    assert batched.conn.in_transaction is False
    assert dump(batched) == dump(one_by_one)
    assert len(dump(batched)["track_events"]) > 4


def test_a_failing_write_keeps_the_earlier_ones_and_leaves_nothing_of_itself():
    db = new_db()
    broken = {**extraction(1), "entities": [{"text": "Токаев", "span": [0, 6]}]}     # an entity without a type
    with pytest.raises(ExtractionError):
        with write_batch(db, 10) as batch:
            batch.add(store, 0)
            batch.add(store, 1, broken)
            batch.add(store, 2)
    states = {r["url"].rsplit("/", 1)[1]: r["state"] for r in db["documents"].rows}
    assert states == {"0.html": "processed"}    # the failing write (document and facts) left nothing; 2 never ran
    assert {r["document_id"] for r in db["mentions"].rows} == {1}
    assert db.execute("select count(*) from search_index").fetchone()[0] == 1


def test_queued_writes_do_not_hold_the_write_lock(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    with write_batch(db, 10) as batch:
        batch.add(store, 0)
        other.execute("BEGIN IMMEDIATE")         # would raise 'database is locked' if the batch held the lock
        other.execute("insert into sources (id, name) values ('crawler', 'written meanwhile')")
        other.execute("COMMIT")
        assert db["documents"].count == 0       # queued, not yet written
    assert db["documents"].count == 1
    assert db["sources"].get("crawler")["name"] == "written meanwhile"


@pytest.mark.parametrize("folds", [False, True])
def test_a_batch_of_new_documents_flushes_one_search_segment(monkeypatch, folds):
    """No statement of a new document's write opens a statement journal (an upsert that may set a foreign key,
    a commitment's track set afterwards, a delete from a table others refer to, an update of a whole table, an
    `insert … select` upsert): FTS5 flushes its pending terms at each, a segment a document where a batch should
    write one.  The batch's merge step is off, or it would merge the segments before they are counted; with
    `folds`, co-mention changes are folded into `entity_pairs` every other document."""
    monkeypatch.setattr(search, "MERGE_PAGES", 0)
    if folds:
        monkeypatch.setattr(entities, "MERGE_AT_LEAST", 1)
    batched, one_by_one = new_db(), new_db()
    for db in (batched, one_by_one):
        set_options(db, {"automerge": 0, "crisismerge": 100})     # no merges: every segment stays
    with write_batch(batched, 100) as batch:
        for n in range(12):
            batch.add(store, n)
    for n in range(12):
        store(one_by_one, n)
    assert search_segments(one_by_one) == 12                 # one flush a transaction, as counted here
    assert search_segments(batched) == 1
    assert dump(batched) == dump(one_by_one)
    assert batched.execute("select count(*) from track_events").fetchone()[0] > 4
    folded = batched.execute("select count(*) from entity_pair_folded where upto > 0").fetchone()[0]
    assert (folded >= 4) if folds else (folded == 0)
    kazakhstan_and_each_terminal = {pair: 3 for t in range(2, 6) for pair in ((1, t), (t, 1))}   # 3 documents each
    assert entities.pair_counts(batched) == entities.pair_counts(one_by_one) == kazakhstan_and_each_terminal
    assert (batched["entity_pairs"].count > 0) == folds


def test_an_article_seen_again_under_another_address_moves_the_address_in_a_batch():
    """The URL writes without an upsert still move an address to the document now found there and refresh
    its last-seen moment, in a batch as one by one."""
    def run(db, batched: bool):
        first, moved = item(0), {**item(1), "urls": ["http://sample.test/steppe-herald/0.html"]}
        if batched:
            with write_batch(db, 10) as batch:
                batch.add(lambda d: save_document(d, first))
                batch.add(lambda d: save_document(d, {**moved, "fetched": "2026-03-02T00:00:00"}))
        else:
            save_document(db, first)
            save_document(db, {**moved, "fetched": "2026-03-02T00:00:00"})
        return {r["url"]: (r["document_id"], r["kind"], r["seen"]) for r in db["document_urls"].rows}

    urls = run(new_db(), True)
    assert urls == run(new_db(), False)
    assert urls["http://sample.test/steppe-herald/0.html"] == (2, "alias", "2026-03-02T00:00:00")
