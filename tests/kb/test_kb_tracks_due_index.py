"""Migration m018: the tracks' deadlines indexed only for open steps about the center (`idx_tracks_due`, partial;
by age block since m024: `idx_tracks_age_due`),
which is what overdue and due-soon ask for in the CLI and in Datasette.  An m017 KB migrates to a fresh KB's
schema and answers; the readers' plans use the index where they did before, and the answers of the queries
that can no longer use it (--all) stay those of a scan."""
from __future__ import annotations

import datetime as dt

from kb import open_db
from kb.datasette import QUERIES
from kb.queries import list_reports, list_tracks, track_rows
from kbhelpers import add_doc, commitment, new_db

AS_OF = dt.date(2026, 6, 1)
STATUSES = ["planned", "in_progress", "completed", "delayed", "signed"]


def fill(db, n: int = 24) -> None:
    """Steps on a few objects, reported by articles about the center or only related to it, with deadlines
    before and after AS_OF, some done, some moved by a later report."""
    for k in range(n):
        due = f"202{5 + k % 3}-{1 + (k * 5) % 12:02d}-{1 + k % 27:02d}"
        step = commitment(f"open warehouse {k % 7}", status=STATUSES[k % 5], end=due, step="open",
                          object=f"склад {k % 7}", actor=["Kazakhstan", "Uzbekistan"][k % 2])
        add_doc(db, k, f"Склад {k % 7} откроют к сроку {due}.", published=f"2026-0{1 + k % 5}-{1 + k:02d}",
                commitments=[step], relevance=["about", "related", "about"][k % 3])
    for k in range(4):           # steps reported only by articles related to the center, two of them overdue
        depot = commitment(f"build depot {k}", status="planned", end=f"202{5 + k % 2}-03-01", step="build",
                           object=f"депо {k}")
        add_doc(db, 50 + k, f"Депо {k} построят.", published="2025-01-10", commitments=[depot], relevance="related")


def answers(db) -> tuple:
    """What the readers of the tracks' deadlines give."""
    cli = [[t["id"] for t in list_tracks(db, as_of=AS_OF, **filters)]
           for filters in ({"overdue": True}, {"due_soon": 400}, {"overdue": True, "include_all": True},
                           {"due_soon": 400, "include_all": True}, {"due_before": "2026-12-31"}, {})]
    reports = [r["commitment_id"] for r in list_reports(db, overdue=True, as_of=AS_OF)]
    canned = [db.execute(QUERIES[name]["sql"], {"as_of": AS_OF.isoformat()}).fetchall()
              for name in ("overdue", "due_next_90_days")]
    return cli, reports, canned, db.execute("select * from tracks order by id").fetchall()


def schema(db) -> set:
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def plan(db, sql: str, params) -> str:
    return " | ".join(r[3] for r in db.execute("explain query plan " + sql, params))


def test_m018_gives_an_m017_kb_the_schema_and_answers_of_a_new_one(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db)
    fill(db)
    kept = answers(db)
    assert kept[0][0] and kept[0][1] and kept[1] and kept[2][0]
    assert len(kept[0][2]) > len(kept[0][0])        # --all adds overdue steps of articles only related
    # the KB as m017 left it
    db.execute("drop index idx_tracks_age_due")       # m024's, made again after m018's
    db["tracks"].create_index(["open", "deadline_end"])
    db.execute("delete from _sqlite_migrations where name in ('m018_kb_tracks_due_index_of_open_steps_about_the_center', "
               "'m024_kb_tracks_due_index_in_age_blocks_no_state_of_one_report')")
    db.execute("PRAGMA user_version = 17")
    db.close()
    db = open_db(path)
    assert schema(db) == fresh
    assert "idx_tracks_open_deadline_end" not in {r[1] for r in schema(db)}
    assert answers(db) == kept


def test_overdue_and_due_soon_read_the_partial_index():
    db = new_db()
    fill(db, 6)
    sql, params = captured_sql(db, overdue=True)
    assert "USING INDEX idx_tracks_age_due (ANY(<expr>) AND deadline_end<?)" in plan(db, sql, params)
    sql, params = captured_sql(db, due_soon=90)
    assert "USING INDEX idx_tracks_age_due (ANY(<expr>) AND deadline_end>? AND deadline_end<?)" in plan(db, sql, params)
    for name in ("overdue", "due_next_90_days"):
        assert "USING INDEX idx_tracks_age_due (ANY(<expr>)" in plan(db, QUERIES[name]["sql"], {"as_of": "2026-06-01"})


def test_tracks_enter_and_leave_the_index_as_they_open_close_and_become_about_the_center():
    """The index holds exactly the open tracks about the center with a deadline, after every kind of change."""
    db = new_db()
    fill(db)
    add_doc(db, 100, "Склад 1 открыт.", published="2026-07-01",
            commitments=[commitment("open warehouse 1", status="completed", step="open", object="склад 1")])
    add_doc(db, 101, "Склад 2 откроют.", published="2026-07-02", relevance="related",
            commitments=[commitment("open warehouse 2", status="planned", end="2027-03-01", step="open",
                                    object="склад 2")])
    indexed = db.execute("select id from tracks indexed by idx_tracks_age_due where open = 1 and about = 1 "
                         "and deadline_end > ''").fetchall()
    scanned = db.execute("select id from tracks not indexed where open = 1 and about = 1 and deadline_end is not null "
                         "order by deadline_end, id").fetchall()
    assert sorted(indexed) == sorted(scanned) and scanned


def captured_sql(db, **filters) -> tuple[str, list]:
    """The SQL and parameters `track_rows` runs for `filters` (traced on the connection)."""
    seen = []
    db.conn.set_trace_callback(seen.append)
    try:
        track_rows(db, as_of=AS_OF, **filters)
    finally:
        db.conn.set_trace_callback(None)
    sql = next(s for s in seen if "from tracks t" in s)
    return sql, []
