"""Incremental track maintenance (kb.tracks.extend) gives the same tracks as rebuilding each from all its reports,
whatever the order the documents are processed in, the write batch size, and reprocessing in between."""
from __future__ import annotations

import json
import random

import pytest

from kb import tracks
from kb.db import schema_version
from kb.store import save_document, save_extraction, write_batch
from kbhelpers import VERSION, commitment, new_db

STEPS = [dict(step="icic.construction-start", milestone=True), dict(step="icic.technical-launch", milestone=True),
         dict(step="construction", object="Silkway terminal"), dict(step="invest", object="Atameken logistics hub")]
ACTORS = ["Kazakhstan", "Uzbekistan", "TCL gr. LLP", "Ministry of Trade", None]
STATUSES = ["planned", "planned", "agreed", "in_progress", "delayed", "completed", "signed"]
DAYS = ["2025-01-10", "2025-01-10", "2025-03-02", "2025-06-30", "2025-06-30", "2025-09-01", "2026-02-14"]


def report(rng: random.Random, k: int) -> dict:
    """A made-up report of one of four steps, with a status, maybe a deadline and an amount."""
    end = rng.choice([None, "2026-12-31", "2027-06-30", "2028-12-31"])
    gloss = rng.choice(["start building the center", "launch the center", "build the terminal", None])
    c = commitment(gloss, action=rng.choice(["начать стройку центра", "орталықты іске қосу", "terminal qurish"]),
                   actor=rng.choice(ACTORS), status=rng.choice(STATUSES), end=end,
                   start=rng.choice([None, "2026-01-01"]) if end else None,
                   amount=rng.choice([None, 1.5e8, 2e8]), currency="USD",
                   evidence=f"Evidence sentence number {k} of our own.", **rng.choice(STEPS))
    if rng.random() < 0.2:
        c["event_date"] = {"kind": "day", "start": "2025-05-05", "end": "2025-05-05"}
    return c


def corpus(seed: int = 3, n: int = 36) -> list[tuple[dict, dict]]:
    """(document item, extraction) pairs; several share a day, so the URL orders their reports."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        item = {"url": f"http://sample.test/steppe-herald/{rng.randrange(1000)}-{k}.html", "source_id": "steppe-herald",
                "title": f"Note {k}", "text": f"Note {k} of our own about the center.", "fetched": "2026-03-01T00:00:00",
                "published": rng.choice(DAYS), "lang_hint": "ru"}
        commitments = [report(rng, k) for _ in range(rng.choice([0, 1, 1, 1, 2]))]
        out.append((item, {"lang": rng.choice(["ru", "kk", "uz", "en"]), "script": "Cyrl",
                           "relevance": {"label": rng.choice(["about", "related"]), "score": 0.5},
                           "commitments": commitments}))
    return out


def store(db, item: dict, result: dict) -> None:
    doc_id, _ = save_document(db, item)
    save_extraction(db, doc_id, result, VERSION)


def ingest(db, pairs, batch: int) -> None:
    if batch == 1:
        for item, result in pairs:
            store(db, item, result)
        return
    with write_batch(db, batch) as writes:
        for item, result in pairs:
            writes.add(store, item, result)


def content(db) -> dict:
    """Each track by its key: summary columns and state (ids left out), its events in id order, its reports."""
    url = {r[0]: (r[1], r[2]) for r in db.execute("select c.id, d.url, c.start from commitments c "
                                                   "join documents d on d.id = c.document_id")}
    entity = {r[0]: r[1] for r in db.execute("select id, key from entities")}
    out = {}
    for t in db.query("select * from tracks"):
        state = json.loads(t.pop("state") or "null")            # none for a track of one report
        if state:
            state["tail"] = state["tail"][:-1]                   # the commitment id: order of processing
            state["entity"] = {a: entity.get(e) for a, e in state["entity"].items()}
        events = [(e["date"], e["field"], e["old"], e["new"], url[e["commitment_id"]]) for e in db.query(
            "select * from track_events where track_id = ? order by id", [t["id"]])]
        reports = sorted(url[r[0]] for r in db.execute("select id from commitments where track_id = ?", [t["id"]]))
        t["actor_entity_id"] = entity.get(t["actor_entity_id"])
        out[t.pop("step_key")] = {**{k: v for k, v in t.items() if k != "id"}, "state": state, "events": events,
                                  "spans": reports}
    return out


def rebuilt(db) -> dict:
    """The tracks of `db` rebuilt from scratch, each from all its reports."""
    for (track_id,) in db.execute("select id from tracks").fetchall():
        tracks.refresh(db, track_id)
    return content(db)


def reprocess(db, pairs) -> None:
    """Document 0's report changes, document 1's disappears, document 2 is read again unchanged."""
    (item0, result0), (item1, result1), (item2, result2) = pairs[:3]
    changed = [{**c, "status": "delayed", "deadline": {"kind": "deadline", "start": None, "end": "2029-12-31"}}
               for c in result0["commitments"]] or [report(random.Random(9), 0)]
    ingest(db, [(item0, {**result0, "commitments": changed}), (item1, {**result1, "commitments": []}),
                (item2, result2)], batch=3)


@pytest.mark.parametrize("order", ["published", "reversed", "shuffled"])
@pytest.mark.parametrize("batch", [1, 5, 100])
def test_incremental_tracks_equal_a_rebuild_in_any_order_and_batch(order, batch):
    pairs = corpus()
    ordered = sorted(pairs, key=lambda p: (p[0]["published"], p[0]["url"]))
    if order == "reversed":
        ordered.reverse()
    elif order == "shuffled":
        random.Random(5).shuffle(ordered)
    db = new_db()
    ingest(db, ordered, batch)
    incremental = content(db)
    assert incremental == rebuilt(db)
    reference = new_db()
    ingest(reference, ordered if order == "published" else sorted(ordered, key=lambda p: p[0]["url"]), 1)
    assert incremental == content(reference)
    assert sum(len(t["events"]) for t in incremental.values()) > 20 and len(incremental) >= 3


@pytest.mark.parametrize("batch", [1, 4])
def test_reprocessing_changed_and_vanished_reports_equals_a_rebuild(batch):
    pairs = corpus(seed=11)
    db = new_db()
    ingest(db, pairs, batch)
    reprocess(db, pairs)
    after = content(db)
    assert after == rebuilt(db)
    fresh = new_db()                          # the same documents read once, as they now are
    ingest(fresh, pairs, batch)
    reprocess(fresh, pairs)
    assert content(fresh) == after
    gone = {c for t in after.values() for c in t["spans"] if c[0] == pairs[1][0]["url"]}
    assert not gone


def test_reports_in_order_extend_tracks_without_a_rebuild(monkeypatch):
    """In publication order (as `icic process` reads) no track is rebuilt: each new report is folded in."""
    rebuilds = []
    refresh = tracks.refresh
    monkeypatch.setattr(tracks, "refresh", lambda db, track_id: rebuilds.append(track_id) or refresh(db, track_id))
    pairs = sorted(corpus(), key=lambda p: (p[0]["published"], p[0]["url"]))
    db = new_db()
    ingest(db, pairs, 5)
    assert rebuilds == []
    assert max(t["reports"] for t in content(db).values()) >= 8
    reprocess(db, pairs)                      # a report removed: its track is rebuilt, once for the batch
    assert len(rebuilds) == len(set(rebuilds)) > 0


def events_of(db, track_id: int) -> list[tuple]:
    return db.execute("select id, commitment_id, date, field, old, new from track_events where track_id = ? "
                      "order by id", [track_id]).fetchall()


def test_a_rebuild_writes_only_what_changed():
    """A rebuild that finds the same history and summary writes nothing; a report that sorts before a track's
    last one leaves the events before it as they were (same rows) and the track still equals a rebuild."""
    pairs = sorted(corpus(n=60), key=lambda p: (p[0]["published"], p[0]["url"]))
    db = new_db()
    ingest(db, pairs, 5)
    track_id = db.execute("select track_id from track_events group by track_id order by count(*) desc, track_id "
                          "limit 1").fetchone()[0]
    changes = db.conn.total_changes
    tracks.refresh(db, track_id)
    assert db.conn.total_changes == changes

    late = db.execute(tracks.REPORTS_SQL.format("c.track_id = ?").replace("c.*", "c.document_id"),
                      [track_id]).fetchall()[-2][0]                       # the last report but one comes last
    late_url = db.execute("select url from documents where id = ?", [late]).fetchone()[0]
    db = new_db()
    ingest(db, [p for p in pairs if p[0]["url"] != late_url], 5)
    track_id = db.execute("select track_id from track_events group by track_id order by count(*) desc, track_id "
                          "limit 1").fetchone()[0]
    before = events_of(db, track_id)
    ingest(db, [p for p in pairs if p[0]["url"] == late_url], 5)
    after = events_of(db, track_id)
    kept = [e for e in before if e in after]
    assert kept == before[:len(kept)] == after[:len(kept)] and len(kept) >= 2
    assert content(db) == rebuilt(db)


def test_migrations_give_an_older_kb_the_states_and_counts_ingest_keeps(tmp_path):
    """A KB written before m014 and m015 (no track states, no entity counts) gets them on opening, equal to
    what ingest keeps, and goes on incrementally from there."""
    from kb import open_db
    from kb.entities import count_all, pair_counts
    from kbhelpers import entity

    path = tmp_path / "kb.sqlite"
    pairs = sorted(corpus(seed=4), key=lambda p: (p[0]["published"], p[0]["url"]))
    for k, (_, result) in enumerate(pairs):
        result["entities"] = [entity("LOC", "Казахстан", "Kazakhstan"), entity("PER", f"Имя{k % 4}", f"Name {k % 4}")]
    db = new_db(path)
    ingest(db, pairs[:-5], 1)
    kept = content(db), db.execute("select * from entity_counts order by 1").fetchall(), pair_counts(db)
    db.execute("drop index idx_tracks_age_due")  # m018's and m024's partial index: a KB of m013 had (open, deadline_end)
    db["tracks"].create_index(["open", "deadline_end"])
    db["tracks"].transform(drop={"state"})
    for table in ("entity_counts", "entity_pairs", "entity_pair_changes"):
        db.execute(f"drop table {table}")
    db.execute("delete from _sqlite_migrations where name in ('m014_kb_incremental_tracks', 'm015_kb_entity_counts', "
               "'m016_kb_pair_changes_fewer_indexes', 'm018_kb_tracks_due_index_of_open_steps_about_the_center', "
               "'m024_kb_tracks_due_index_in_age_blocks_no_state_of_one_report')")
    db.execute("PRAGMA user_version = 13")
    db.close()
    db = open_db(path)
    assert (content(db), db.execute("select * from entity_counts order by 1").fetchall(), pair_counts(db)) == kept
    ingest(db, pairs[-5:], 1)
    grown = content(db)
    assert grown == rebuilt(db) and grown != kept[0]
    counts = pair_counts(db)
    count_all(db)
    assert pair_counts(db) == counts


def schema(db) -> set:
    """Every table, index and trigger with its SQL (the autoindexes' SQL is null)."""
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def test_m016_gives_a_kb_written_before_it_the_schema_and_pairs_of_a_new_one(tmp_path, monkeypatch):
    """A KB as m015 left it (pairs only in entity_pairs, documents_fts and its triggers, the actor indexes) is
    migrated to the schema a new KB has, with the same co-mentions, and goes on merging pair changes."""
    from kb import entities as kb_entities
    from kb import open_db
    from kb.entities import count_all, pair_counts
    from kbhelpers import entity

    path = tmp_path / "kb.sqlite"
    pairs = sorted(corpus(seed=6), key=lambda p: (p[0]["published"], p[0]["url"]))
    for k, (_, result) in enumerate(pairs):
        result["entities"] = [entity("LOC", "Казахстан", "Kazakhstan"), entity("PER", f"Имя{k % 4}", f"Name {k % 4}"),
                              entity("ORG", f"Орг{k % 3}", f"Org {k % 3}")]
    db = new_db(path)
    fresh = schema(db)
    ingest(db, pairs[:-6], 4)
    kept = content(db), pair_counts(db)
    assert kept[1] and not db.execute("select count(*) from entity_pairs").fetchone()[0]   # all still waiting
    # the KB as m015 left it
    db.execute("drop table entity_pair_changes")
    count_all(db)
    db["documents"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    for columns in (["actor_key"], ["actor_entity_id"], ["deadline_end"]):
        db["tracks"].create_index(columns)
    db.execute("delete from _sqlite_migrations where name = 'm016_kb_pair_changes_fewer_indexes'")
    db.execute("PRAGMA user_version = 15")
    assert {"documents_fts", "idx_tracks_actor_key"} <= set(db.table_names()) | {i.name for i in db["tracks"].indexes}
    db.close()
    db = open_db(path)
    assert schema(db) == fresh
    assert (content(db), pair_counts(db)) == kept
    monkeypatch.setattr(kb_entities, "MERGE_AT_LEAST", 1)
    ingest(db, pairs[-6:], 2)
    counts = pair_counts(db)
    assert counts != kept[1] and db.execute("select count(*) from entity_pair_changes").fetchone()[0] < 40
    count_all(db)
    assert pair_counts(db) == counts


def test_a_track_of_one_report_keeps_no_state_and_its_next_report_extends_it(monkeypatch):
    """The state of a track of one report is not stored (`_write`); the next report folds that one again
    (`extend`) rather than rebuilding the track, and gives the track a rebuild gives."""
    from kbhelpers import add_doc

    db = new_db()
    first = commitment("open the terminal", status="planned", end="2027-06-30", step="open", object="Silkway terminal")
    add_doc(db, 1, "The terminal opens next year.", published="2026-01-10", commitments=[first])
    assert [tuple(r) for r in db.execute("select reports, state from tracks")] == [(1, None)]
    rebuilt_ids = []
    monkeypatch.setattr(tracks, "refresh", lambda db, track_id: rebuilt_ids.append(track_id))
    later = commitment("open the terminal", status="delayed", end="2028-06-30", step="open", object="Silkway terminal")
    add_doc(db, 2, "The terminal opens a year later.", published="2026-03-01", commitments=[later])
    assert rebuilt_ids == []
    monkeypatch.undo()
    stored = content(db)
    assert [t["reports"] for t in stored.values()] == [2] and list(stored.values())[0]["state"]["n"] == 2
    assert [e[1:3] for e in list(stored.values())[0]["events"]] == \
        [("status", None), ("deadline", None), ("status", "planned"), ("deadline", "2027-06-30")]
    assert stored == rebuilt(db)


def test_refolding_keys_reaches_the_tracks_of_one_report():
    """`refold_keys` (m020) gives a track of one report, which keeps no state, its keys from its report."""
    from kbhelpers import add_doc

    db = new_db()
    add_doc(db, 1, "Entity 11 opens the terminal.", published="2026-01-10",
            commitments=[commitment("open the terminal", actor="Entity 11", step="open", object="terminal 11")])
    kept = db.execute("select actor_key, action_key from tracks").fetchall()
    db.execute("update tracks set actor_key = 'entity 1', action_key = 'open terminal'")   # as a former fold left them
    assert tracks.refold_keys(db)["summaries"] == 1
    assert db.execute("select actor_key, action_key from tracks").fetchall() == kept


def test_m025_folds_the_changes_an_older_kb_has_waiting_and_starts_the_sweep(tmp_path, monkeypatch):
    """A KB as m023 left it (pair changes waiting with rowids 1, 2, ..., no sweep state) is migrated to the schema a
    new KB has, with the same co-mentions, all folded, the sweep at part 0; then it goes on folding a part at a
    time to what counting the mentions afresh gives."""
    from kb import entities as kb_entities
    from kb import open_db
    from kb.entities import count_all, pair_counts
    from kbhelpers import entity

    path = tmp_path / "kb.sqlite"
    pairs = sorted(corpus(seed=8), key=lambda p: (p[0]["published"], p[0]["url"]))
    for k, (_, result) in enumerate(pairs):
        result["entities"] = [entity("PER", f"Имя{k % 9}", f"Name {k % 9}"), entity("ORG", f"Орг{k % 5}", f"Org {k % 5}"),
                              entity("LOC", f"Место{k % 19}", f"Place {k % 19}")]
    db = new_db(path)
    fresh = schema(db)
    ingest(db, pairs[:-8], 4)
    kept = content(db), pair_counts(db)
    waiting = db.execute("select entity_id, other_id, documents from entity_pair_changes order by rowid").fetchall()
    assert kept[1] and waiting and not db.execute("select count(*) from entity_pairs").fetchone()[0]
    # the KB as m023 left it
    with db.conn:
        db.execute("drop table entity_pair_sweep")
        db.execute("drop table entity_pair_folded")
        db.execute("delete from entity_pair_changes")
        db.conn.executemany("insert into entity_pair_changes (entity_id, other_id, documents) values (?, ?, ?)",
                            waiting)
        db.execute("delete from _sqlite_migrations where name = 'm025_kb_pair_changes_folded_a_part_at_a_time'")
    db.execute(f"PRAGMA user_version = {schema_version(db) - 1}")
    db.close()
    db = open_db(path)
    assert schema(db) == fresh
    assert (content(db), pair_counts(db)) == kept
    assert not db.execute("select count(*) from entity_pair_changes").fetchone()[0]
    assert db.execute("select part, appended, folded from entity_pair_sweep").fetchall() == [(0, 0, 0)]
    assert db.execute("select part, upto from entity_pair_folded").fetchall() == [(p, 0) for p in range(16)]
    monkeypatch.setattr(kb_entities, "MERGE_AT_LEAST", 1)
    ingest(db, pairs[-8:], 2)
    counts = pair_counts(db)
    assert counts != kept[1] and db.execute("select part from entity_pair_sweep").fetchone()[0] > 0
    count_all(db)
    assert pair_counts(db) == counts
