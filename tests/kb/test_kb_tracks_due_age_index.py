"""Migration m024: the open tracks' deadlines about the center indexed by (age block of the track, deadline),
`idx_tracks_age_due`, so a moved deadline moves its entry within its track's block.  An m023 KB migrates to a
fresh KB's schema, statistics and answers; overdue and due-soon, in the CLI and in Datasette, read one range a
block and give the tracks of every block in deadline order, as a scan of the tracks does.  The tracks of one
report lose their state (kb.tracks._write keeps none)."""
from __future__ import annotations

import datetime as dt
import json

from kb.datasette import QUERIES
from kb.db import AGE_SHIFT
from kb.queries import list_tracks
from kb.tracks import _folded
from kbhelpers import add_doc, commitment, migrate_again, new_db, schema, stats

AS_OF = dt.date(2026, 6, 1)
STATUSES = ["planned", "in_progress", "delayed", "completed"]


def fill(db, n: int = 16, first: int = 0) -> None:
    """Reports of steps on five warehouses whose deadlines move across AS_OF, about the center or related."""
    for k in range(first, first + n):
        due = f"202{5 + k % 3}-{1 + (k * 7) % 12:02d}-15"
        step = commitment(f"open warehouse {k % 5}", status=STATUSES[k % 4], end=due, step="open",
                          object=f"склад {first + k % 5}", actor=["Kazakhstan", "Uzbekistan"][k % 2])
        add_doc(db, k, f"Склад {first + k % 5} откроют к {due} (заметка {k}).", published=f"2026-{1 + k // 28:02d}-{1 + k % 28:02d}",
                commitments=[step], relevance=["about", "about", "related"][k % 3])


def answers(db) -> tuple:
    """What the readers of the index give, and the tracks themselves."""
    cli = [[(t["id"], t["due"]) for t in list_tracks(db, as_of=AS_OF, **filters)]
           for filters in ({"overdue": True}, {"due_soon": 400}, {"overdue": True, "include_all": True})]
    canned = [db.execute(QUERIES[name]["sql"], {"as_of": AS_OF.isoformat()}).fetchall()
              for name in ("overdue", "due_next_90_days")]
    return cli, canned, db.execute("select * from tracks order by id").fetchall()


def scanned(db) -> tuple:
    """Overdue and due-soon (400 days) as a scan of every track finds them, in deadline order."""
    where = "open = 1 and about = 1 and deadline_end {} order by deadline_end, id"
    return ([tuple(r) for r in db.execute("select id, deadline_end from tracks not indexed where "
                                          + where.format("< ?"), [AS_OF.isoformat()])],
            [tuple(r) for r in db.execute("select id, deadline_end from tracks not indexed where "
                                          + where.format("between ? and ?"),
                                          [AS_OF.isoformat(), (AS_OF + dt.timedelta(days=400)).isoformat()])])


def test_m024_gives_an_m023_kb_the_schema_statistics_and_answers_of_a_new_one(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db), stats(db)
    fill(db)
    add_doc(db, 99, "Депо откроют к 2025 году.", published="2024-11-01", relevance="about",     # a track of one report
            commitments=[commitment("open depot", status="planned", end="2025-12-31", step="open", object="депо")])
    kept = answers(db)
    assert kept[0][0] and kept[0][1] and kept[1][0]
    # the KB as m023 left it: m018's index of the deadlines alone, no statistics for it, a state in every track
    singles = [r[0] for r in db.execute("select id from tracks where reports = 1")]
    assert singles and db.execute("select count(*) from tracks where reports > 1 and state is not null").fetchone()[0]
    for track_id in singles:
        db.execute("update tracks set state = ? where id = ?",
                   [json.dumps(_folded(db, track_id), ensure_ascii=False, separators=(",", ":")), track_id])
    db.execute("drop index idx_tracks_age_due")
    db.execute("create index idx_tracks_due on tracks (deadline_end) where open = 1 and about = 1")
    db.execute("delete from sqlite_stat1 where idx = 'idx_tracks_age_due'")
    db = migrate_again(db, path, "m024_kb_tracks_due_index_in_age_blocks_no_state_of_one_report")
    assert (schema(db), stats(db)) == fresh
    assert "idx_tracks_due" not in {r[1] for r in schema(db)}
    assert answers(db) == kept


def test_overdue_and_due_soon_give_the_tracks_of_every_block_in_deadline_order():
    db = new_db()
    fill(db, 8)
    for block in (1, 2):        # the next tracks get ids in the next block (a placeholder track there, removed)
        db.execute("insert into tracks (id, step_key, reports, slipped) values (?, ?, 0, 0)",
                   [block << AGE_SHIFT, f"placeholder {block}"])
        fill(db, 8, first=100 * block)
        db.execute("delete from tracks where id = ?", [block << AGE_SHIFT])
    blocks = {r[0] >> AGE_SHIFT for r in db.execute("select id from tracks where open = 1 and about = 1")}
    overdue, due_soon = scanned(db)
    assert blocks == {0, 1, 2} and {i >> AGE_SHIFT for i, _ in overdue} == {0, 1, 2}
    assert [(t["id"], t["due"]) for t in list_tracks(db, as_of=AS_OF, overdue=True)] == overdue
    assert [(t["id"], t["due"]) for t in list_tracks(db, as_of=AS_OF, due_soon=400)] == due_soon
    canned = db.execute(QUERIES["overdue"]["sql"], {"as_of": AS_OF.isoformat()}).fetchall()   # latest first
    assert sorted(r[0] for r in canned) == sorted(i for i, _ in overdue)
    assert [r[4] for r in canned] == sorted((due for _, due in overdue), reverse=True)
