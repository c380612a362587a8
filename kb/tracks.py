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
a track's summary and history (`track_events`) are rebuilt from its reports in
report order whenever one of them changes.

A track is *open* while its latest status is planned, agreed, in_progress or
delayed; a done step (completed, signed, cancelled) carries an event date and
is never due or overdue.  *Slipped* means a later report moved the deadline later.
"""
from __future__ import annotations

import datetime as dt
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


def assign(db: Database, commitment_ids: Iterable[int]) -> set[int]:
    """Put each commitment on the track of its key (creating it); returns the ids of the tracks touched."""
    touched = set()
    for cid in commitment_ids:
        c = _dicts(db, "select c.*, d.url from commitments c join documents d on d.id = c.document_id "
                       "where c.id = ?", [cid])[0]
        key = c.get("track_key") or track_key(c, c["url"])
        row = db.execute("select id from tracks where step_key = ?", [key]).fetchone()
        if row:
            track_id = row[0]
        else:
            track_id = db.execute(
                "insert into tracks (step_key, step, object, actor, action, action_en, reports, slipped) "
                "values (?, ?, ?, ?, ?, ?, 0, 0)",
                [key, c.get("step"), c.get("object"), c["actor"], c["action"], c["action_en"]]).lastrowid
        db.execute("update commitments set track_id = ?, track_key = ? where id = ?", [track_id, key, cid])
        touched.add(track_id)
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


def history(reports: list[dict]) -> list[dict]:
    """The events of a track: each first value and each change of status, deadline and amount, in report order.

    A done report ends the deadline's story: its date is an event date, not a new deadline."""
    events, last = [], {}
    for c in reports:
        for name, value_of in FIELDS:
            value = value_of(c)
            if value is not None and value != last.get(name):
                events.append({"date": c["reported"], "commitment_id": c["id"], "field": name,
                               "old": last.get(name), "new": value})
                last[name] = value
    return events


def _end(value: Optional[str]) -> Optional[str]:
    return value.split("/")[-1] if value else None


def _most_named(reports: list[dict], field: str):
    """The value of `field` most reports give (ties: the earliest report's)."""
    counts: dict = {}
    for c in reports:
        if c.get(field):
            counts[c[field]] = counts.get(c[field], 0) + 1
    return max(counts, key=lambda v: (counts[v], -next(i for i, c in enumerate(reports) if c.get(field) == v)),
               default=None)


def refresh(db: Database, track_id: int) -> None:
    """Recompute a track's summary and history from its reports; delete it when it has none."""
    reports = _dicts(db, "select c.*, d.lang as doc_lang, d.relevance as doc_relevance, d.url as doc_url "
                     "from commitments c join documents d on d.id = c.document_id "
                     "where c.track_id = ? order by coalesce(c.reported, ''), d.url, c.start, c.id", [track_id])
    db.execute("delete from track_events where track_id = ?", [track_id])
    if not reports:
        db.execute("delete from tracks where id = ?", [track_id])
        return
    events = history(reports)
    slipped = any(e["field"] == "deadline" and e["old"] and _end(e["new"]) > _end(e["old"]) for e in events)
    latest = reports[-1]
    status = latest["status"]
    is_open = status in OPEN
    with_deadline = next((c for c in reversed(reports) if c["deadline_end"]), None) if is_open else None
    with_amount = next((c for c in reversed(reports) if c["amount"] is not None), None)
    with_event = next((c for c in reversed(reports) if c.get("event_end")), None) if not is_open else None
    actor = _most_named(reports, "actor")
    row = {
        "actor": actor,
        "actor_entity_id": next((c["actor_entity_id"] for c in reports if c["actor"] == actor
                                 and c["actor_entity_id"]), None),
        "actor_key": fold_name(actor) if actor else None,
        "actors": " | ".join(dict.fromkeys(c["actor"] for c in reports if c["actor"])) or None,
        "action": reports[0]["action"],
        "action_en": _most_named(reports, "action_en"),
        "step": reports[0].get("step"), "object": _most_named(reports, "object"),
        "status": status, "open": int(is_open),
        "amount": with_amount["amount"] if with_amount else None,
        "currency": with_amount["currency"] if with_amount else None,
        "deadline_kind": with_deadline["deadline_kind"] if with_deadline else None,
        "deadline_start": with_deadline["deadline_start"] if with_deadline else None,
        "deadline_end": with_deadline["deadline_end"] if with_deadline else None,
        "event_date": (with_event["event_end"] if with_event else None),
        "first_reported": reports[0]["reported"], "last_reported": latest["reported"],
        "reports": len(reports), "slipped": int(slipped and is_open),
        "about": int(any(c["doc_relevance"] == "about" for c in reports)),
        "lang": ",".join(sorted({c["doc_lang"] for c in reports if c["doc_lang"]})) or None,
        "action_key": " ".join(sorted(action_words(reports[0]["action"], row_gloss(reports)))),
    }
    db.execute(f"update tracks set {', '.join(f'[{k}] = ?' for k in row)} where id = ?", [*row.values(), track_id])
    db.conn.executemany("insert into track_events (track_id, commitment_id, date, field, old, new) "
                        "values (?, ?, ?, ?, ?, ?)",
                        [(track_id, e["commitment_id"], e["date"], e["field"], e["old"], e["new"]) for e in events])


def row_gloss(reports: list[dict]) -> Optional[str]:
    return next((c["action_en"] for c in reports if c["action_en"]), None)


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
