"""Commitment tracks: every report of one commitment, across articles and languages, as one track.

A new commitment joins the track of the same actor (linked entity, else the
folded actor name) whose action shares most of its folded words (the English
gloss `action_en` when the report has one), provided the amounts do not
contradict each other (another currency, or more than AMOUNT_TOLERANCE apart).
Deadlines never block a match: a deadline that moves is exactly what a track is
for.  A track's history (`track_events`) is rebuilt from its reports in
report-date order whenever one of them changes, so reprocessing a document
gives the same tracks (idempotent).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from sqlite_utils import Database

from kb.fold import fold_text

AMOUNT_TOLERANCE = 0.25
MATCH = 0.5            # share of the new report's action words found in the track's
MATCH_NO_ACTOR = 0.75  # stricter when neither report names an actor
OPEN = ("planned", "agreed", "signed", "in_progress", "delayed")
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


def score(commitment: dict, track: dict) -> float:
    """How well a commitment fits a track: share of its action words in the track's, 0 when amounts clash."""
    if not amounts_agree(commitment, track):
        return 0.0
    share = _share(action_words(commitment.get("action"), commitment.get("action_en")),
                   set((track.get("action_key") or "").split()))
    gloss = action_words(None, commitment.get("action_en"))
    if len(gloss) >= 2 and track.get("action_en"):  # both glossed: compare glosses, unless one word ("plan") says little
        share = max(share, _share(gloss, action_words(None, track["action_en"])))
    if commitment.get("deadline_end") and commitment.get("deadline_end") == track.get("deadline_end"):
        share += 0.1
    if commitment.get("amount") is not None and commitment.get("amount") == track.get("amount"):
        share += 0.1
    return share


def _share(mine: set[str], theirs: set[str]) -> float:
    return len(mine & theirs) / len(mine) if mine and theirs else 0.0


def candidates(db: Database, commitment: dict) -> list[dict]:
    """Tracks the commitment could belong to: same actor entity or actor name (or both without actor),
    sharing at least one action word (so an actor with thousands of tracks stays cheap)."""
    if commitment.get("actor_entity_id"):
        sql, params = "(actor_entity_id = ? or actor_key = ?)", [commitment["actor_entity_id"], commitment.get("actor_key")]
    elif commitment.get("actor_key"):
        sql, params = "actor_key = ?", [commitment["actor_key"]]
    else:
        sql, params = "actor_key is null and actor_entity_id is null", []
    words = sorted(action_words(commitment.get("action"), commitment.get("action_en")))[:30]
    if not words:
        return []
    shared = " or ".join(["instr(' ' || action_key || ' ', ?) > 0"] * len(words))
    return _dicts(db, f"select * from tracks where {sql} and ({shared})", [*params, *(f" {w} " for w in words)])


def _dicts(db: Database, sql: str, params: list) -> list[dict]:
    """Rows of a SELECT as dicts, straight from the connection (`db.query` wraps each query in a
    savepoint: three statements instead of one on the ingest path)."""
    cursor = db.conn.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row)) for row in cursor]


def best_track(db: Database, commitment: dict) -> Optional[int]:
    """The id of the track the commitment belongs to, or None for a new commitment."""
    threshold = MATCH if (commitment.get("actor_key") or commitment.get("actor_entity_id")) else MATCH_NO_ACTOR
    best, best_score = None, threshold
    for track in candidates(db, commitment):
        s = score(commitment, track)
        if s >= best_score:
            best, best_score = track["id"], s
    return best


def assign(db: Database, commitment_ids: Iterable[int]) -> set[int]:
    """Put each commitment on its track (creating tracks); returns the ids of the tracks touched."""
    touched = set()
    for cid in commitment_ids:
        c = _dicts(db, "select * from commitments where id = ?", [cid])[0]
        track_id = best_track(db, c)
        if track_id is None:
            track_id = db.execute(
                "insert into tracks (actor, actor_entity_id, actor_key, action, action_en, action_key, reports, slipped) "
                "values (?, ?, ?, ?, ?, ?, 0, 0)",
                [c["actor"], c["actor_entity_id"], c["actor_key"], c["action"], c["action_en"],
                 " ".join(sorted(action_words(c["action"], c["action_en"])))]).lastrowid
        else:
            key = db.execute("select action_key from tracks where id = ?", [track_id]).fetchone()[0]
            words = set((key or "").split()) | action_words(c["action"], c["action_en"])
            db.execute("update tracks set action_key = ? where id = ?", [" ".join(sorted(words)), track_id])
        db.execute("update commitments set track_id = ? where id = ?", [track_id, cid])
        touched.add(track_id)
    return touched


def _deadline(c: dict) -> Optional[str]:
    if not c["deadline_end"]:
        return None
    return f"{c['deadline_start']}/{c['deadline_end']}" if c["deadline_start"] else c["deadline_end"]


def _amount(c: dict) -> Optional[str]:
    if c["amount"] is None:
        return None
    return f"{c['amount']:.15g} {c['currency'] or ''}".strip()


FIELDS = (("status", lambda c: c["status"]), ("deadline", _deadline), ("amount", _amount))


def history(reports: list[dict]) -> list[dict]:
    """The events of a track: each first value and each change of status, deadline and amount, in report order."""
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


def refresh(db: Database, track_id: int) -> None:
    """Recompute a track's summary and history from its reports; delete it when it has none."""
    reports = _dicts(db, "select c.*, d.lang as doc_lang from commitments c join documents d on d.id = c.document_id "
                     "where c.track_id = ? order by coalesce(c.reported, ''), c.id", [track_id])
    db.execute("delete from track_events where track_id = ?", [track_id])
    if not reports:
        db.execute("delete from tracks where id = ?", [track_id])
        return
    events = history(reports)
    slipped = any(e["field"] == "deadline" and e["old"] and _end(e["new"]) > _end(e["old"]) for e in events)
    latest = {name: next((c for c in reversed(reports) if value_of(c) is not None), None) for name, value_of in FIELDS}
    first = reports[0]
    row = {
        "actor": next((c["actor"] for c in reports if c["actor"]), None),
        "actor_entity_id": next((c["actor_entity_id"] for c in reports if c["actor_entity_id"]), None),
        "action": first["action"], "action_en": next((c["action_en"] for c in reports if c["action_en"]), None),
        "status": latest["status"]["status"] if latest["status"] else None,
        "amount": latest["amount"]["amount"] if latest["amount"] else None,
        "currency": latest["amount"]["currency"] if latest["amount"] else None,
        "deadline_kind": latest["deadline"]["deadline_kind"] if latest["deadline"] else None,
        "deadline_start": latest["deadline"]["deadline_start"] if latest["deadline"] else None,
        "deadline_end": latest["deadline"]["deadline_end"] if latest["deadline"] else None,
        "first_reported": first["reported"], "last_reported": reports[-1]["reported"],
        "reports": len(reports), "slipped": int(slipped),
        "lang": ",".join(sorted({c["doc_lang"] for c in reports if c["doc_lang"]})) or None,
    }
    db.execute(f"update tracks set {', '.join(f'[{k}] = ?' for k in row)} where id = ?", [*row.values(), track_id])
    db.conn.executemany("insert into track_events (track_id, commitment_id, date, field, old, new) "
                        "values (?, ?, ?, ?, ?, ?)",
                        [(track_id, e["commitment_id"], e["date"], e["field"], e["old"], e["new"]) for e in events])


def flags(track: dict, as_of: dt.date, soon_days: int = 90) -> list[str]:
    """slipped, overdue, due-soon for one track as of a date."""
    out = ["slipped"] if track.get("slipped") else []
    end = track.get("deadline_end")
    if end and track.get("status") not in ("completed", "cancelled"):
        if end < as_of.isoformat():
            out.append("overdue")
        elif end <= (as_of + dt.timedelta(days=soon_days)).isoformat():
            out.append("due-soon")
    return out
