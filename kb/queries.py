"""Analyst queries over the KB: commitment tracks, one track's timeline, entities.

Every value from a user reaches SQL as a parameter; names are matched in
folded form (`kb.fold`), so `--actor Токаев` finds the track of Tokayev.
"""
from __future__ import annotations

import datetime as dt
import heapq
import json
import sqlite3
from typing import Optional

from sqlite_utils import Database

from kb.entities import find_entity_ids, waiting_changes
from kb.fold import fold_name
from kb.tracks import TrackError, flags

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
STATUSES = ("planned", "agreed", "signed", "in_progress", "completed", "cancelled", "delayed")
# The one definition of an open step and of a step about the center, for every view: the CLI, the
# digest and Datasette's canned queries all select tracks with these conditions.
OPEN_SQL = "t.open = 1"
ABOUT_SQL = "t.about = 1"
TRACK_COLUMNS = ["id", "actor", "action", "status", "amount", "currency", "due", "reports", "first_reported",
                 "last_reported", "lang", "flags"]


def as_date(value, name: str) -> Optional[dt.date]:
    """Parse YYYY-MM-DD (None stays None); TrackError naming the option otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise TrackError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None
    if not FIRST_DAY <= day <= LAST_DAY:     # a day near year 1 or 9999 overflows the date arithmetic
        raise TrackError(f"{name} must be a date between {FIRST_DAY} and {LAST_DAY}, not {value!r}")
    return day


def _actor_clause(db: Database, actor: str) -> tuple[str, list]:
    """Tracks whose actor, or the actor of any of their reports, is `actor` (a track shows who said what)."""
    ids, key = json.dumps(find_entity_ids(db, actor)), f" {fold_name(actor) or actor} "
    words = "instr(' ' || {} || ' ', ?) > 0"          # whole folded words: "x" is not inside every name
    # the tracks of the matching reports, in one pass over the reports, rather than a lookup of each track's
    # reports (one seek per age block of the index by track since m022: 166 -> 322 ms at 200,000 documents)
    return ("(t.actor_entity_id in (select value from json_each(?)) or " + words.format("t.actor_key")
            + " or t.id in (select c.track_id from commitments c where "
            "c.actor_entity_id in (select value from json_each(?)) or " + words.format("c.actor_key") + "))",
            [ids, key, ids, key])


def track_rows(db: Database, *, actor=None, status=None, due_before=None, due_after=None, overdue=False,
               slipped=False, due_soon: Optional[int] = None, lang=None, as_of=None, include_all: bool = False,
               limit: int = 1000) -> list[dict]:
    """The raw track rows the filters select (with `actor_name`), soonest deadline first.

    By default only steps reported by an article about the center; `include_all` adds the rest.
    Overdue and due-soon are open steps only (a done step has an event date, not a deadline)."""
    as_of = as_date(as_of, "--as-of") or dt.date.today()
    where, params = ([] if include_all else [ABOUT_SQL]), []
    if actor:
        clause, args = _actor_clause(db, actor)
        where.append(clause)
        params += args
    if status:
        if status not in STATUSES:
            raise TrackError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        where.append("t.status = ?")
        params.append(status)
    if due_before:
        where.append("t.deadline_end < ?")
        params.append(as_date(due_before, "--due-before").isoformat())
    if due_after:
        where.append("t.deadline_end > ?")
        params.append(as_date(due_after, "--due-after").isoformat())
    if overdue:
        where.append(f"t.deadline_end < ? and {OPEN_SQL}")
        params.append(as_of.isoformat())
    if slipped:
        where.append("t.slipped = 1")
    if due_soon is not None:
        if int(due_soon) < 0:
            raise TrackError(f"--due-soon takes a number of days, not {due_soon!r}")
        where.append(f"t.deadline_end between ? and ? and {OPEN_SQL}")
        params += [as_of.isoformat(), (as_of + dt.timedelta(days=int(due_soon))).isoformat()]
    if lang:
        where.append("instr(',' || coalesce(t.lang, '') || ',', ',' || ? || ',') > 0")
        params.append(lang)
    sql = ("select t.*, coalesce(e.canonical, t.actor) as actor_name from tracks t "
           "left join entities e on e.id = t.actor_entity_id"
           + (" where " + " and ".join(where) if where else "")
           + " order by t.deadline_end is null, t.deadline_end, t.id limit ?")
    return list(db.query(sql, [*params, int(limit)]))


def list_tracks(db: Database, *, as_of=None, due_soon: Optional[int] = None, **filters) -> list[dict]:
    """Commitment tracks matching the filters (see `track_rows`), each with its flags as of `as_of`."""
    as_of = as_date(as_of, "--as-of") or dt.date.today()
    soon = int(due_soon) if due_soon is not None else 90
    return [_track_row(t, as_of, soon) for t in track_rows(db, as_of=as_of, due_soon=due_soon, **filters)]


def _track_row(t: dict, as_of: dt.date, soon: int) -> dict:
    return {"id": t["id"], "actor": t["actor_name"], "action": t["action_en"] or t["action"], "status": t["status"],
            "amount": t["amount"], "currency": t["currency"], "due": t["deadline_end"], "reports": t["reports"],
            "first_reported": t["first_reported"], "last_reported": t["last_reported"], "lang": t["lang"],
            "flags": ",".join(flags(t, as_of, soon)), "open": bool(t.get("open")), "step": t.get("step"),
            "event_date": t.get("event_date"), "actors": t.get("actors")}


REPORT_COLUMNS = ["track_id", "date", "outlet", "lang", "actor", "action", "status", "due", "amount", "currency",
                  "url"]


def list_reports(db: Database, **filters) -> list[dict]:
    """Every report (one commitment as one article stated it) of the tracks `track_rows(**filters)` selects:
    its track, document, url, actor, step, status, evidence, deadline, event date and amount."""
    ids = [t["id"] for t in track_rows(db, limit=10_000_000, **filters)]
    rows = db.query(
        "select c.track_id, c.id as commitment_id, c.document_id, c.reported as date, "
        "coalesce(s.name, d.source_id) as outlet, d.lang, d.url, d.title, c.actor, c.action, c.action_en, "
        "c.step, c.object, c.status, c.evidence, c.start, c.end, c.deadline_kind, c.deadline_start, "
        "c.deadline_end as due, c.event_end as event_date, c.amount, c.currency "
        "from commitments c join documents d on d.id = c.document_id left join sources s on s.id = d.source_id "
        "where c.track_id in (select value from json_each(?)) order by c.track_id, coalesce(c.reported, ''), c.id",
        [json.dumps(ids)])
    return [_report_row(r) for r in rows]


def _report_row(r: dict) -> dict:
    deadline = ({"kind": r["deadline_kind"], "start": r["deadline_start"], "end": r["due"]}
                if r["due"] else None)
    return {**r, "action": r["action_en"] or r["action"], "original_action": r["action"],
            "span": [r["start"], r["end"]], "deadline": deadline}


def track_timeline(db: Database, track_id: int, as_of=None) -> dict:
    """One track: its summary, its history in report order, and every report with its source."""
    as_of = as_date(as_of, "--as-of") or dt.date.today()
    rows = list(db.query("select t.*, coalesce(e.canonical, t.actor) as actor_name from tracks t "
                         "left join entities e on e.id = t.actor_entity_id where t.id = ?", [int(track_id)]))
    if not rows:
        raise TrackError(f"no track {track_id}")
    events = list(db.query("select date, field, old, new, commitment_id from track_events where track_id = ? "
                           "order by coalesce(date, ''), id", [int(track_id)]))
    reports = list(db.query(
        "select c.id as commitment_id, c.reported as date, coalesce(s.name, d.source_id) as outlet, d.url, d.lang, "
        "c.status, c.deadline_end as due, c.amount, c.currency, c.evidence from commitments c "
        "join documents d on d.id = c.document_id left join sources s on s.id = d.source_id "
        "where c.track_id = ? order by coalesce(c.reported, ''), c.id", [int(track_id)]))
    return {"track": _track_row(rows[0], as_of, 90), "events": events, "reports": reports}


def list_entities(db: Database, query: Optional[str] = None, *, type_: Optional[str] = None,
                  limit: int = 50, with_top: int = 3) -> list[dict]:
    """Entities by mention count, with first and last seen and the entities most often mentioned with them."""
    where, params = [], []
    if query:
        key = fold_name(query)
        if not key:
            raise TrackError(f"nothing to look for in {query!r}")
        where.append("(instr(e.key, ?) > 0 or e.id in (select entity_id from aliases where instr(folded, ?) > 0))")
        params += [key, key]
    if type_:
        where.append("e.type = ?")
        params.append(type_.upper())
    # ranked on the counts kept at ingest (kb.entities.update_counts), then documents and dates for the few
    # shown: one aggregate over every mention joined to its document took 4-5 s at 200,000 documents, and
    # counting each matching entity's mentions one seek per age block of the mentions index (m017)
    sql = ("select e.id, e.canonical as name, e.type, c.mentions from entity_counts c "
           "join entities e on e.id = c.entity_id"
           + (" where " + " and ".join(where) if where else "") + " order by mentions desc, name, e.id limit ?")
    rows = [dict(zip(("id", "name", "type", "mentions"), r)) for r in db.execute(sql, [*params, int(limit)])]
    together = co_mentioned_many(db, [row["id"] for row in rows], with_top)
    for row in rows:
        row.update(zip(("documents", "first_seen", "last_seen"), _seen(db, row["id"])))
        row["with"] = ", ".join(f"{r['canonical']} ({r['n']})" for r in together.get(row["id"], []))
    return rows


SEEN = ("select count(distinct m.document_id), substr(min(d.published), 1, 10), substr(max(d.published), 1, 10) "
        "from mentions m join documents d {} on d.id = m.document_id where m.entity_id = ?")


def _seen(db: Database, entity_id: int) -> tuple:
    """(documents, first seen, last seen) of one entity, publication dates read from the (id, published) index
    (the planner would read each document's row, text and all)."""
    try:
        return db.execute(SEEN.format("indexed by idx_documents_id_published"), [entity_id]).fetchone()
    except sqlite3.OperationalError:   # a KB opened read-only before migration m008
        return db.execute(SEEN.format(""), [entity_id]).fetchone()


def co_mentioned(db: Database, entity_id: int, top: int = 3) -> list[dict]:
    """The entities sharing most documents with `entity_id` (the pairs counted at ingest)."""
    return co_mentioned_many(db, [entity_id], top).get(entity_id, [])


def co_mentioned_many(db: Database, entity_ids: list[int], top: int) -> dict[int, list[dict]]:
    """{entity id: its `top` co-mentioned entities [{canonical, n}]}, most shared documents first, then by
    name and id: each one's merged pairs (a range of the `entity_pairs` key) plus the changes still waiting
    (`kb.entities.pair_counts`: one scan for all of them); names are read only for the rows that can rank."""
    ids = sorted(set(entity_ids))
    if not ids or top <= 0:
        return {}
    waiting: dict[int, dict[int, int]] = {}
    for a, b, n in waiting_changes(db, ids):
        mine = waiting.setdefault(a, {})
        mine[b] = mine.get(b, 0) + n
    ranked: dict[int, list[tuple[int, int]]] = {}
    for a in ids:
        counts = _candidates(db, a, top, waiting.get(a, {}))
        last = max(1, min(heapq.nlargest(top, counts.values()) or [1]))
        ranked[a] = [(n, b) for b, n in counts.items() if n >= last]   # with the ties for the last place
    names = dict(db.execute("select id, canonical from entities where id in (select value from json_each(?))",
                            [json.dumps(sorted({b for rows in ranked.values() for _, b in rows}))]).fetchall())
    return {a: [{"canonical": names.get(b), "n": n} for n, b in _first(rows, names, top)]
            for a, rows in ranked.items() if rows}


def _candidates(db: Database, entity_id: int, top: int, changes: dict[int, int]) -> dict[int, int]:
    """{other: documents} of every entity that may rank among the `top` co-mentioned with `entity_id`, the
    waiting `changes` added.  When no change takes a document away, a count only grows, so the `top`-th
    count of the merged pairs is a floor: the rows under it (most of ~1,000 an entity at 200,000
    documents) are passed over inside SQLite instead of being read; otherwise every row is read."""
    if any(n < 0 for n in changes.values()):
        rows = db.execute("select other_id, documents from entity_pairs where entity_id = ?", [entity_id])
    else:
        floor = db.execute("select documents from entity_pairs where entity_id = ? order by documents desc "
                           "limit 1 offset ?", [entity_id, top - 1]).fetchone()
        rows = db.execute("select other_id, documents from entity_pairs where entity_id = ? and (documents >= ? "
                          "or other_id in (select value from json_each(?)))",
                          [entity_id, floor[0] if floor else 1, json.dumps(sorted(changes))])
    counts = dict(rows.fetchall())
    for other, n in changes.items():
        counts[other] = counts.get(other, 0) + n
    return counts


def _first(rows: list[tuple[int, int]], names: dict[int, str], top: int) -> list[tuple[int, int]]:
    """The `top` (documents, entity id) rows by documents, then name, then id."""
    return [(n, b) for _, _, b, n in sorted((-n, names.get(b) or "", b, n) for n, b in rows)[:top]]
