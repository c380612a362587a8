"""Commitment tracks: every report of one real-world step, across articles and languages, as one track.

A track is identified by its step, not by its actor: the actor is a property
of each report (the ministry, the vice-minister, "Kazakhstan" and the two
presidents may all report the technical launch).  `nlp` names the step of each
commitment (`step`): a milestone of the subject from the topic file
("icic.technical-launch"), else a step type ("launch", "invest", "sign") with
its `object` (the named project, company or zone).  The track key is

* ``m:<milestone>`` for a milestone: every report of it joins it, in any language;
* ``s:<step>|<object>`` for a step with a named object;
* ``s:<step>|<amount currency>`` for a money step without an object (the same figure);
* ``d:<document url>#<start>`` otherwise: a report too vague to join another stays alone.

Reports without a step (older KBs, other producers) are keyed by the content
words of their English gloss and amount.  Grouping by key makes the tracks a
function of the reports alone, whatever order the documents were processed in;
a track's summary and history (`track_events`) are a fold of its reports in
report order (`fold`): a report that comes after the track's last one is added
to the running state kept in the track row (`tracks.state`), at a cost that
does not grow with the track; a report removed, or one that sorts before the
last, has the track rebuilt from all its reports (once per write batch).

A track is *open* while its latest status is planned, agreed, in_progress or
delayed; a done step (completed, signed, cancelled) carries an event date and
is never due or overdue.  *Slipped* means a later report moved the deadline later.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Optional

from sqlite_utils import Database

from kb.fold import fold_name, fold_text

AMOUNT_TOLERANCE = 0.25
OPEN = ("planned", "agreed", "in_progress", "delayed")
DONE = ("completed", "signed", "cancelled")
STOP = set(fold_text("""
    the a an of to for in on at by with and or from into its their be is will was were
    и в во на до по с со к для из о об от что как к году году
    мен және бен пен үшін дейін жылы
    va bilan uchun yil yilgacha
""").split())


class TrackError(ValueError):
    """A track that does not exist, or an option of the track queries that cannot be used."""


def action_words(action: Optional[str], action_en: Optional[str] = None) -> set[str]:
    """The folded content words of an action (and its English gloss)."""
    from kb.search import glossary

    text = " ".join(t for t in (action_en, action) if t)
    # a word and its glossary equivalents in other languages count as one word
    return {min(glossary().get(w, (w,))) for w in fold_text(text).split() if w not in STOP and len(w) > 1}


def amounts_agree(a: dict, b: dict) -> bool:
    """False when both carry an amount and they cannot be the same figure."""
    if a.get("amount") is None or b.get("amount") is None:
        return True
    if a.get("currency") and b.get("currency") and a["currency"] != b["currency"]:
        return False
    high = max(abs(a["amount"]), abs(b["amount"])) or 1.0
    return abs(a["amount"] - b["amount"]) / high <= AMOUNT_TOLERANCE


def _figure(amount: Optional[float], currency: Optional[str]) -> Optional[str]:
    """An amount rounded to two significant digits: reports of the same figure share it."""
    if amount is None:
        return None
    return f"{float(f'{amount:.2g}'):.15g} {currency or ''}".strip()


def track_key(c: dict, url: Optional[str] = None) -> str:
    """The key of the track a commitment belongs to (see the module's docstring)."""
    step, obj = c.get("step"), c.get("object")
    if step and c.get("milestone"):
        return f"m:{step}"
    if step and obj and fold_name(obj):
        return f"s:{step}|{fold_name(obj)}"
    figure = _figure(c.get("amount"), c.get("currency"))
    if step and figure:                     # the same figure for the same kind of step
        return f"s:{step}|{figure}"
    words = sorted(action_words(c.get("action")))
    if len(words) >= 3:                     # the same wording: a reprint of the same story
        return f"w:{step or ''}|" + " ".join(words)
    if not step:
        gloss = sorted(action_words(None, c.get("action_en")))
        if len(gloss) >= 2 or (gloss and figure):
            return "g:" + " ".join(gloss) + (f"|{figure}" if figure else "")
    return f"d:{url or c.get('document_id')}#{c.get('start')}"


def _dicts(db: Database, sql: str, params: list) -> list[dict]:
    """Rows of a SELECT as dicts, straight from the connection (`db.query` wraps each query in a
    savepoint: three statements instead of one on the ingest path)."""
    cursor = db.conn.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row)) for row in cursor]


def track_for(db: Database, c: dict, url: Optional[str] = None) -> tuple[int, str]:
    """(track id, key) of the track the commitment `c` (a commitments row as a dict) belongs to, the track
    created when it is the first report of its key."""
    key = c.get("track_key") or track_key(c, url)
    row = db.execute("select id from tracks where step_key = ?", [key]).fetchone()
    if row:
        return row[0], key
    return db.execute("insert into tracks (step_key, step, object, actor, action, action_en, reports, slipped) "
                      "values (?, ?, ?, ?, ?, ?, 0, 0)",
                      [key, c.get("step"), c.get("object"), c["actor"], c["action"], c["action_en"]]).lastrowid, key


def assign(db: Database, commitment_ids: Iterable[int]) -> dict[int, list[int]]:
    """Put each stored commitment on the track of its key (creating it); returns the new reports of each track.
    (Ingest gives a new commitment its track as it is inserted: `kb.extractions.save_commitments`.)"""
    touched: dict[int, list[int]] = {}
    for cid in commitment_ids:
        c = _dicts(db, "select c.*, d.url from commitments c join documents d on d.id = c.document_id "
                       "where c.id = ?", [cid])[0]
        track_id, key = track_for(db, c, c["url"])
        db.execute("update commitments set track_id = ?, track_key = ? where id = ?", [track_id, key, cid])
        touched.setdefault(track_id, []).append(cid)
    return touched


def _deadline(c: dict) -> Optional[str]:
    """A deadline as history compares it: "start/end" for a period, the end alone for a "by" deadline
    (whose start is only the day it was reported: "by 2030" said again later is no change)."""
    if not c["deadline_end"]:
        return None
    if c["deadline_start"] and c.get("deadline_kind") != "deadline":
        return f"{c['deadline_start']}/{c['deadline_end']}"
    return c["deadline_end"]


def _amount(c: dict) -> Optional[str]:
    if c["amount"] is None:
        return None
    return f"{c['amount']:.15g} {c['currency'] or ''}".strip()


FIELDS = (("status", lambda c: c["status"]), ("deadline", _deadline), ("amount", _amount))


def _end(value: Optional[str]) -> Optional[str]:
    return value.split("/")[-1] if value else None


def history(reports: list[dict]) -> list[dict]:
    """The events of a track: each first value and each change of status, deadline and amount, in report order
    (`reports` as REPORTS_SQL reads them).

    A done report ends the deadline's story: its date is an event date, not a new deadline."""
    state = new_state()
    return [e for c in reports for e in fold(state, c)]


REPORTS_SQL = ("select c.*, d.lang as doc_lang, d.relevance as doc_relevance, d.url as doc_url "
               "from commitments c join documents d on d.id = c.document_id where {} "
               "order by coalesce(c.reported, ''), d.url, c.start, c.id")
COUNTED = ("actor", "action_en", "object")       # the summary names the value most reports give
PENDING = "_icic_tracks_to_rebuild"              # set on a Database while a write batch runs


def report_order(c: dict) -> tuple:
    """A report's place in its track, as REPORTS_SQL orders them (SQLite sorts a null start first)."""
    return (c["reported"] or "", c["doc_url"], c["start"] is not None, c["start"] or 0, c["id"])


def new_state() -> dict:
    """The running summary of a track with no report yet (see `fold`)."""
    return {"n": 0, "tail": None, "last": {}, "slip": False, "counts": {f: {} for f in COUNTED}, "entity": {},
            "first": None, "gloss": None, "latest": None, "amount": None, "deadline": None, "event": None,
            "langs": [], "about": False}


def fold(state: dict, c: dict) -> list[dict]:
    """Add the report `c` (the next in report order) to a track's running `state`; returns its history events.

    The state holds what the summary needs and nothing that grows with the reports: the history's
    last values, the counts of each actor, gloss and object with the report that first gave it, and
    the latest report with a deadline, an amount and an event date.  Folding every report in order
    from `new_state()` is the full rebuild; folding only a new last report is the incremental update,
    so both give the same track by construction."""
    events, last = [], state["last"]
    for name, value_of in FIELDS:
        value = value_of(c)
        if value is not None and value != last.get(name):
            old = last.get(name)
            events.append({"date": c["reported"], "commitment_id": c["id"], "field": name, "old": old, "new": value})
            state["slip"] = state["slip"] or bool(name == "deadline" and old and _end(value) > _end(old))
            last[name] = value
    for field in COUNTED:
        if c.get(field):
            state["counts"][field].setdefault(c[field], [0, state["n"]])[0] += 1
    if c["actor_entity_id"] and (c["actor"] or c["actor"] is None):   # the first id each actor had
        state["entity"].setdefault(c["actor"] or "", c["actor_entity_id"])
    state["first"] = state["first"] or {"action": c["action"], "step": c.get("step"), "reported": c["reported"]}
    state["gloss"] = state["gloss"] or c["action_en"] or None
    state["latest"] = {"status": c["status"], "reported": c["reported"]}
    if c["amount"] is not None:
        state["amount"] = [c["amount"], c["currency"]]
    if c["deadline_end"]:
        state["deadline"] = [c["deadline_kind"], c["deadline_start"], c["deadline_end"]]
    if c.get("event_end"):
        state["event"] = c["event_end"]
    if c["doc_lang"] and c["doc_lang"] not in state["langs"]:
        state["langs"] = sorted([*state["langs"], c["doc_lang"]])
    state["about"] = state["about"] or c["doc_relevance"] == "about"
    state["n"] += 1
    state["tail"] = list(report_order(c))
    return events


def _most_named(counts: dict):
    """The value most reports give (ties: the one the earliest report gave)."""
    return max(counts, key=lambda v: (counts[v][0], -counts[v][1]), default=None)


def summary(state: dict) -> dict:
    """The track row's summary columns from its running state."""
    status = state["latest"]["status"]
    is_open = status in OPEN
    deadline = state["deadline"] if is_open else None
    amount = state["amount"] or (None, None)
    actor = _most_named(state["counts"]["actor"])
    first = state["first"]
    return {
        "actor": actor, "actor_entity_id": state["entity"].get(actor or ""),
        "actor_key": fold_name(actor) if actor else None,
        "actors": " | ".join(state["counts"]["actor"]) or None,     # in the order they were first named
        "action": first["action"], "action_en": _most_named(state["counts"]["action_en"]),
        "step": first["step"], "object": _most_named(state["counts"]["object"]),
        "status": status, "open": int(is_open), "amount": amount[0], "currency": amount[1],
        "deadline_kind": deadline[0] if deadline else None, "deadline_start": deadline[1] if deadline else None,
        "deadline_end": deadline[2] if deadline else None,
        "event_date": state["event"] if not is_open else None,
        "first_reported": first["reported"], "last_reported": state["latest"]["reported"],
        "reports": state["n"], "slipped": int(state["slip"] and is_open), "about": int(state["about"]),
        "lang": ",".join(state["langs"]) or None,
        "action_key": " ".join(sorted(action_words(first["action"], state["gloss"]))),
    }


def _reports(db: Database, where: str, params: list) -> list[dict]:
    return _dicts(db, REPORTS_SQL.format(where), params)


def _write(db: Database, track_id: int, state: dict, events: list[dict], old: Optional[dict] = None) -> None:
    """Store a track's state and the summary columns that differ from `old` (all when None); append `events`.

    A track of one report keeps no state (null): its next report folds that one again (`extend`).  Why: most
    tracks never get a second report (bench kb, 200,000 documents: 99,441 of 104,451), and their ~480 bytes of
    state made up three quarters of the tracks table (19,183 pages), over which the writes of the growing
    tracks spread (one random leaf each)."""
    row = summary(state)
    changed = {k: v for k, v in row.items() if old is None or old.get(k) != v}
    encoded = json.dumps(state, ensure_ascii=False, separators=(",", ":")) if state["n"] > 1 else None
    if old is None or old.get("state") != encoded:
        changed["state"] = encoded
    if changed:
        db.execute(f"update tracks set {', '.join(f'[{k}] = ?' for k in changed)} where id = ?",
                   [*changed.values(), track_id])
    db.conn.executemany("insert into track_events (track_id, commitment_id, date, field, old, new) "
                        "values (?, ?, ?, ?, ?, ?)",
                        [(track_id, e["commitment_id"], e["date"], e["field"], e["old"], e["new"]) for e in events])


def _folded(db: Database, track_id: int, without: Iterable[int] = ()) -> dict:
    """A track's running state folded from its reports (but those of `without`)."""
    state = new_state()
    for c in _reports(db, "c.track_id = ? and c.id not in (select value from json_each(?))",
                      [track_id, json.dumps(list(without))]):
        fold(state, c)
    return state


def refresh(db: Database, track_id: int) -> None:
    """Rebuild a track's summary, state and history from all its reports; delete it when it has none.

    Only what changed is written: the summary columns that differ from the stored row, and the history from
    its first changed event on (a report that sorts just before the track's last few leaves the events before
    it as they are).  Why: a rebuild of a long track rewrote every event of it and every summary column, the
    deadline index's entry included (bench kb, 200,000 documents: track events 0.33 -> 0.79 pages a document
    from the first tenth to the last, the deadline index 0.11 -> 0.59)."""
    reports = _reports(db, "c.track_id = ?", [track_id])
    if not reports:
        db.execute("delete from track_events where track_id = ?", [track_id])
        db.execute("delete from tracks where id = ?", [track_id])
        return
    state = new_state()
    events = [e for c in reports for e in fold(state, c)]
    old = _dicts(db, "select * from tracks where id = ?", [track_id])
    _write(db, track_id, state, _keep_same_events(db, track_id, events), old[0] if old else None)


EVENT = ("commitment_id", "date", "field", "old", "new")


def _keep_same_events(db: Database, track_id: int, events: list[dict]) -> list[dict]:
    """Delete a track's stored events from the first that differs from `events` (its history in order);
    returns the events still to insert.  The stored ones are in history order by id (each write appends)."""
    stored = db.execute("select id, commitment_id, date, field, old, new from track_events where track_id = ? "
                        "order by id", [track_id]).fetchall()
    same = 0
    while same < min(len(stored), len(events)) and stored[same][1:] == tuple(events[same][k] for k in EVENT):
        same += 1
    if same < len(stored):
        db.execute("delete from track_events where track_id = ? and id >= ?", [track_id, stored[same][0]])
    return events[same:]


def extend(db: Database, track_id: int, commitment_ids: list[int]) -> bool:
    """Add new reports to a track when they all come after its last one: their events appended, the changed
    summary columns rewritten, at a cost that does not grow with the track.  False (nothing written)
    when they do not come last or the track has no state (`_stored_state`): the track needs `refresh`."""
    row = _dicts(db, "select * from tracks where id = ?", [track_id])
    state = _stored_state(db, row[0], commitment_ids) if row else None
    if state is None:
        return False
    reports = _reports(db, "c.id in (select value from json_each(?))", [json.dumps(commitment_ids)])
    if state["tail"] is not None and report_order(reports[0]) <= tuple(state["tail"]):
        return False
    events = [e for c in reports for e in fold(state, c)]
    _write(db, track_id, state, events, row[0])
    return True


def _stored_state(db: Database, track: dict, new: list[int]) -> Optional[dict]:
    """The running state of a track row before its `new` reports: stored, folded from its one report (which
    keeps none, see `_write`), or new for a track just created; None when it has to be rebuilt (no state kept:
    a KB before m014)."""
    if track["state"]:
        return json.loads(track["state"])
    if not track["reports"]:
        return new_state()
    if track["reports"] > 1:
        return None
    state = _folded(db, track["id"], new)
    return state if state["n"] == 1 else None


def update(db: Database, removed: Iterable[int], added: dict[int, list[int]], defer: bool = False) -> None:
    """Bring the tracks of one stored document up to date: `removed` lost reports (the document's former
    ones), `added` maps a track to its new reports.  A track whose new reports come last is extended;
    any other (a report removed, or one that sorts before the track's last) is rebuilt from its reports,
    once per write batch when `defer` (then by `refresh_pending` before the batch commits)."""
    pending = getattr(db, PENDING, None) if defer else None
    rebuild = pending if pending is not None else set()
    rebuild.update(removed)
    for track_id in sorted(added):
        if track_id not in rebuild and not extend(db, track_id, added[track_id]):
            rebuild.add(track_id)
    if pending is None:
        for track_id in sorted(rebuild):
            refresh(db, track_id)


def start_pending(db: Database) -> None:
    """Collect the tracks to rebuild until `refresh_pending` (a write batch's transaction)."""
    setattr(db, PENDING, set())


def refresh_pending(db: Database) -> None:
    """Rebuild every track collected since `start_pending`, and stop collecting."""
    pending = getattr(db, PENDING, None) or set()
    setattr(db, PENDING, None)
    for track_id in sorted(pending):
        refresh(db, track_id)


def flags(track: dict, as_of: dt.date, soon_days: int = 90) -> list[str]:
    """slipped, overdue, due-soon for one track as of a date: only an open step is due or overdue."""
    out = ["slipped"] if track.get("slipped") else []
    end = track.get("deadline_end")
    is_open = track.get("open") if track.get("open") is not None else track.get("status") in OPEN
    if end and is_open:
        if end < as_of.isoformat():
            out.append("overdue")
        elif end <= (as_of + dt.timedelta(days=soon_days)).isoformat():
            out.append("due-soon")
    return out


def refold_keys(db: Database, entities_merged: Iterable[int] = ()) -> dict[str, int]:
    """Fold the stored keys of commitments and tracks again with the current `kb.fold` (migration m020): each
    commitment's actor key and track key, and each track's step, actor and action keys.

    A track key made of folded words («object11» was «object1») can now put two reports that shared a track on
    two, or two tracks' reports on one: reports whose key changed join the track of their new key as a fresh
    ingest groups them (`_regroup`), and every track that gained or lost one is rebuilt from its reports.  Tracks
    that only change their summary's keys get them from their state; those with a report by an entity merged
    into another (`entities_merged`, see kb.entities.refold_keys) are rebuilt for the entity ids their state
    holds.  Returns how many of each."""
    rows = _dicts(db, "select c.id, c.track_id, c.track_key, c.actor, c.actor_key, c.step, c.milestone, c.object, "
                      "c.amount, c.currency, c.action, c.action_en, c.document_id, c.start, d.url from commitments c "
                      "join documents d on d.id = c.document_id order by c.id", [])
    db.conn.executemany("update commitments set actor_key = ? where id = ?",
                        [(key, r["id"]) for r in rows if (key := fold_name(r["actor"]) if r["actor"] else None)
                         != r["actor_key"]])
    moved = {r["id"]: key for r in rows if r["track_id"] is not None and (key := track_key(r, r["url"])) != r["track_key"]}
    rebuild = _regroup(db, rows, moved)
    if entities_merged:
        rebuild |= {r[0] for r in db.execute(
            "select distinct track_id from commitments where track_id is not null and actor_entity_id in "
            "(select value from json_each(?))", [json.dumps(sorted(set(entities_merged)))])}
    for track_id in sorted(rebuild):
        refresh(db, track_id)
    summaries = 0
    for track_id, state, actor_key, action_key in db.execute(
            "select id, state, actor_key, action_key from tracks where reports > 0").fetchall():
        if track_id not in rebuild:
            row = summary(json.loads(state) if state else _folded(db, track_id))
            if (row["actor_key"], row["action_key"]) != (actor_key, action_key):
                db.execute("update tracks set actor_key = ?, action_key = ? where id = ?",
                           [row["actor_key"], row["action_key"], track_id])
                summaries += 1
    return {"reports moved": len(moved), "tracks rebuilt": len(rebuild), "summaries": summaries}


def _regroup(db: Database, rows: list[dict], moved: dict[int, str]) -> set[int]:
    """Give each report of `moved` {commitment id: its new key} the track of its new key; returns the tracks to
    rebuild (every one that gained or lost a report; those left with none are deleted by `refresh`).

    Which track keeps its id: a track whose reports all keep one key just takes the new key.  Otherwise the key
    goes, in the order of its first report, to the first-created track among its reports' tracks not taken yet
    (a fresh ingest creates a track at its first report), else to a new track."""
    if not moved:
        return set()
    by_id = {r["id"]: r for r in rows}
    keys = {r["id"]: moved.get(r["id"], r["track_key"]) for r in rows if r["track_id"] is not None}
    touched = {by_id[c]["track_id"] for c in moved}
    # every report on a touched track or on the track now holding one of the new keys is regrouped
    holders = dict(db.execute("select step_key, id from tracks").fetchall())
    touched |= {holders[k] for k in set(moved.values()) if k in holders}
    members = sorted(c for c, r in by_id.items() if r["track_id"] in touched)
    first: dict[str, int] = {}
    for c in members:
        first.setdefault(keys[c], c)
    taken: dict[str, int] = {}
    for key, c in sorted(first.items(), key=lambda kv: kv[1]):
        free = sorted({by_id[m]["track_id"] for m in members if keys[m] == key} - set(taken.values()))
        taken[key] = free[0] if free else None
    # two steps: a key may move to a track whose old key another track is about to leave (unique step_key)
    db.conn.executemany("update tracks set step_key = ? where id = ?", [(f"\x00{t}", t) for t in sorted(touched)])
    for key, track_id in taken.items():
        if track_id is None:   # no track holds the key now (each was given a placeholder): a new one
            taken[key] = track_for(db, {**by_id[first[key]], "track_key": key})[0]
        else:
            db.execute("update tracks set step_key = ? where id = ?", [key, track_id])
    db.conn.executemany("update commitments set track_id = ?, track_key = ? where id = ?",
                        [(taken[keys[c]], keys[c], c) for c in members
                         if (taken[keys[c]], keys[c]) != (by_id[c]["track_id"], by_id[c]["track_key"])])
    changed = {t for t in touched if {keys[c] for c in members if by_id[c]["track_id"] == t} != {_key_of(taken, t)}}
    return changed | {taken[keys[c]] for c in members if taken[keys[c]] != by_id[c]["track_id"]}


def _key_of(taken: dict[str, int], track_id: int) -> Optional[str]:
    return next((k for k, t in taken.items() if t == track_id), None)
