"""Which tracks changed since a date, and which were reported in a script: sets of track ids
that `icic commitments --changed-since` and `--script` intersect with what kb.queries selects."""
from __future__ import annotations

import datetime as dt

from sqlite_utils import Database


def changed_track_ids(db: Database, since: dt.date) -> set[int]:
    """Tracks first reported on or after `since`, or with a change (status, deadline, amount) dated then or later."""
    day = since.isoformat()
    rows = db.execute("select track_id from track_events where date >= ? "
                      "union select id from tracks where first_reported >= ?", [day, day]).fetchall()
    return {r[0] for r in rows if r[0] is not None}


def track_ids_in_script(db: Database, script: str) -> set[int]:
    """Tracks with at least one report from an article in `script` (Cyrl, Latn)."""
    rows = db.execute("select distinct c.track_id from commitments c join documents d on d.id = c.document_id "
                      "where d.script = ? and c.track_id is not null", [script]).fetchall()
    return {r[0] for r in rows}
