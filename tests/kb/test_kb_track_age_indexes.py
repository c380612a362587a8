"""Migration m022: commitments and track events looked up by track through indexes led by an age block
(rowid >> AGE_SHIFT), so a write batch lands on the newest block's pages.  An m021 KB migrates to a fresh KB's
schema, statistics and answers; every reader of a track's reports or events plans a seek a block, never a scan;
a track whose reports and events lie in several blocks reads them all."""
from __future__ import annotations

import datetime as dt

from kb import open_db
from kb.datasette import QUERIES
from kb.db import AGE_SHIFT
from kb.queries import list_reports, list_tracks, track_timeline
from kb.tracks import REPORTS_SQL, refresh
from kbhelpers import add_doc, commitment, new_db

AS_OF = dt.date(2026, 6, 1)
STATUSES = ["planned", "in_progress", "delayed", "completed"]


def fill(db, n: int = 20, first: int = 0) -> None:
    """Reports of steps on four warehouses whose deadlines move, by two actors, in date order."""
    for k in range(first, first + n):
        due = f"202{6 + k % 3}-{1 + (k * 7) % 12:02d}-15"
        step = commitment(f"open warehouse {k % 4}", status=STATUSES[k % 4 if k % 4 != 3 else 0], end=due,
                          step="open", object=f"склад {k % 4}", actor=["Kazakhstan", "Uzbekistan"][k % 2])
        add_doc(db, k, f"Склад {k % 4} откроют к {due} (заметка {k}).", published=f"2026-{1 + k // 28:02d}-{1 + k % 28:02d}",
                commitments=[step])


def answers(db) -> tuple:
    """What the readers of a track's reports and events give."""
    tracks = [r[0] for r in db.execute("select id from tracks order by id")]
    timelines = [track_timeline(db, t, as_of=AS_OF) for t in tracks]
    canned = [db.execute(QUERIES[name]["sql"], {"as_of": AS_OF.isoformat()}).fetchall()
              for name in ("overdue", "due_next_90_days", "slipped")]
    return (timelines, canned, list_tracks(db, as_of=AS_OF, actor="Uzbekistan"), list_reports(db, as_of=AS_OF),
            db.execute("select * from tracks order by id").fetchall(),
            db.execute("select * from track_events order by id").fetchall())


def schema(db) -> set:
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def stats(db) -> list:
    return db.execute("select * from sqlite_stat1 order by tbl, idx").fetchall()


def plan(db, sql: str, params) -> str:
    return " | ".join(r[3] for r in db.execute("explain query plan " + sql, params))


def test_m022_gives_an_m021_kb_the_schema_statistics_and_answers_of_a_new_one(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db), stats(db)
    fill(db)
    kept = answers(db)
    assert kept[0][0]["events"] and kept[1][2] and kept[2]
    # the KB as m021 left it: the track-first indexes, the statistics of m017 only
    for index in ("idx_commitments_age_track", "idx_track_events_age_track"):
        db.execute(f"drop index {index}")
    db["commitments"].create_index(["track_id"])
    db["track_events"].create_index(["track_id"])
    db.execute("delete from sqlite_stat1 where tbl in ('commitments', 'track_events')")
    db.execute("delete from _sqlite_migrations where name = 'm022_kb_track_reports_and_events_by_track_in_age_blocks'")
    db.execute("PRAGMA user_version = 21")
    db.close()
    db = open_db(path)
    assert (schema(db), stats(db)) == fresh
    assert answers(db) == kept


def test_readers_of_a_track_seek_each_age_block():
    db = new_db()
    fill(db, 6)
    seek_reports = "idx_commitments_age_track (ANY(<expr>) AND track_id=?)"
    seek_events = "idx_track_events_age_track (ANY(<expr>) AND track_id=?"
    assert seek_reports in plan(db, REPORTS_SQL.format("c.track_id = ?"), [1])           # refresh
    assert seek_events in plan(db, "delete from track_events where track_id = ? and id >= ?", [1, 1])
    timeline = "select date, field, old, new from track_events where track_id = ? order by coalesce(date, ''), id"
    assert seek_events in plan(db, timeline, [1])
    for name in ("overdue", "due_next_90_days", "slipped"):                                # Datasette
        canned = plan(db, QUERIES[name]["sql"], {"as_of": "2026-06-01"})
        assert seek_reports in canned and "SCAN c" not in canned


def test_an_analyze_of_a_nearly_empty_kb_is_corrected_when_it_is_opened(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fill(db, 2)
    db.execute("ANALYZE")
    lookup = "select id from commitments where track_id = ?"
    assert db.execute("select stat from sqlite_stat1 where idx = 'idx_commitments_age_track'").fetchone()[0] \
        .split()[1] == "2"
    db.execute("ANALYZE sqlite_schema")
    assert "SCAN commitments" in plan(db, lookup, [1])                 # every report read for each track
    db.close()
    db = open_db(path)
    assert "idx_commitments_age_track (ANY(<expr>) AND track_id=?)" in plan(db, lookup, [1])
    assert [r[0] for r in db.execute(lookup, [1])] == [1]


def skip_to_block(db, block: int) -> None:
    """Make the next commitment and track event get ids in age block `block` (a placeholder row of each there)."""
    doc = db.execute("select min(id) from documents").fetchone()[0]
    db.execute("insert into commitments (id, document_id, actor, action, status) values (?, ?, 'x', 'x', 'x')",
               [block << AGE_SHIFT, doc])
    db.execute("insert into track_events (id, field) values (?, 'placeholder')", [block << AGE_SHIFT])


def history(db) -> list:
    """Every track's summary and events, without the ids the blocks change."""
    summaries = db.execute("select id, status, deadline_end, reports, slipped, actors from tracks order by id").fetchall()
    events = db.execute("select track_id, date, field, old, new from track_events where track_id is not null "
                        "order by track_id, id").fetchall()
    return summaries, events


def test_a_track_whose_reports_and_events_lie_in_three_blocks_reads_them_all():
    """Reports in blocks 0, 2 and 5, then a late report that sorts before the last ones (the track rebuilt):
    the tracks, their events and timelines equal those of a KB whose ids stay in one block."""
    spread, packed = new_db(), new_db()
    for db in (spread, packed):
        fill(db, 8)
        if db is spread:
            skip_to_block(db, 2)
        fill(db, 8, first=8)
        if db is spread:
            skip_to_block(db, 5)
        fill(db, 8, first=16)
        add_doc(db, 99, "Склад 1 открыт раньше срока.", published="2026-01-03",       # before most of its track
                commitments=[commitment("open warehouse 1", status="completed", step="open", object="склад 1")])
    assert history(spread) == history(packed) and history(spread)[1]
    blocks = spread.execute(f"select count(distinct id >> {AGE_SHIFT}) from commitments where track_id = 2").fetchone()
    assert blocks[0] == 3
    for t in (1, 2, 3, 4):
        refresh(spread, t)
        ours, theirs = track_timeline(spread, t, as_of=AS_OF), track_timeline(packed, t, as_of=AS_OF)
        assert [e["new"] for e in ours["events"]] == [e["new"] for e in theirs["events"]]
    assert history(spread) == history(packed)
