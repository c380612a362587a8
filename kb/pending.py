"""Links a crawl has found but not yet stored: the crawler's queue across runs.

A route (feed, sitemap, listing) is only marked unchanged (its ETag and
Last-Modified saved) once every link it listed is stored or queued here, so an
interrupted, `--max-pages`-limited or partly failed crawl loses nothing: the next
run asks for what is due here before anything else.  A link that failed is tried
again on later runs after a backoff that doubles with each attempt; after
`max_attempts` it is kept with status "abandoned" (and its last error) and no
longer asked for.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Optional

from sqlite_utils import Database

from kb.extractions import write_transaction

BACKOFF_SECONDS = 900.0           # first retry after 15 minutes, then 30, 60 … (capped)
MAX_BACKOFF_SECONDS = 7 * 86400.0
MAX_ATTEMPTS = 8


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def queue(db: Database, links: Iterable[dict]) -> None:
    """Queue links {url, source_id, kind, route, meta} (kind "article" or a route kind) in one
    transaction; a link already queued keeps its attempts and backoff."""
    now = _iso(_now())
    rows = [(l["url"], l.get("source_id"), l.get("kind") or "article", l.get("route"),
             json.dumps(l.get("meta") or {}, sort_keys=True), now) for l in links]
    if not rows:
        return
    with write_transaction(db):
        db.conn.executemany(
            "insert into pending_links (url, source_id, kind, route, meta, added, attempts, status) "
            "values (?, ?, ?, ?, ?, ?, 0, 'pending') on conflict(url) do nothing", rows)


def done(db: Database, urls: Iterable[Optional[str]]) -> None:
    """The links are stored (or their route was read): off the queue."""
    urls = [(u,) for u in dict.fromkeys(urls) if u]
    if urls:
        with write_transaction(db):
            db.conn.executemany("delete from pending_links where url = ?", urls)


def failed(db: Database, url: str, reason: str, *, backoff: float = BACKOFF_SECONDS,
           max_attempts: int = MAX_ATTEMPTS) -> Optional[dict]:
    """Count a failed attempt: the link is due again after backoff·2^(attempts-1) seconds, or abandoned
    after `max_attempts`.  Returns the row as it is now (None when the link was not queued)."""
    with write_transaction(db):
        row = db.conn.execute("select attempts from pending_links where url = ?", [url]).fetchone()
        if row is None:
            return None
        attempts = row[0] + 1
        wait = min(backoff * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS)
        status = "abandoned" if attempts >= max_attempts else "pending"
        db.conn.execute("update pending_links set attempts = ?, next_try = ?, last_error = ?, status = ? "
                        "where url = ?", [attempts, _iso(_now() + dt.timedelta(seconds=wait)), reason[:500],
                                          status, url])
    return dict(next(db.query("select * from pending_links where url = ?", [url])))


def due(db: Database, now: Optional[dt.datetime] = None) -> list[dict]:
    """Pending links whose backoff has passed, oldest first, meta decoded."""
    moment = _iso(now or _now())
    rows = db.query("select * from pending_links where status = 'pending' and (next_try is null or next_try <= ?) "
                    "order by added, url", [moment])
    return [{**r, "meta": json.loads(r["meta"] or "{}")} for r in rows]


def counts(db: Database) -> dict[str, int]:
    """How many links are pending and abandoned."""
    return {r["status"]: r["n"] for r in db.query("select status, count(*) as n from pending_links group by status")}
