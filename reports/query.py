"""What the digest says, read from the knowledge base (SQL only; reports/ never writes kb/ facts).

Every function takes the sqlite-utils `Database` and a `Window` and returns
plain dicts, so the templates and the tests see the same data.  Tables the KB
may not have yet (or columns added later) are checked first: a missing one
gives an empty section, never an error.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlite_utils import Database

SHOWN = ("about", "related")
CLOSED = {"completed", "done", "cancelled", "canceled", "abandoned", "failed"}
LANG_ORDER = ("ru", "kk", "uz", "en")
TRACKED_FIELDS = ("deadline", "amount", "status")


@dataclass(frozen=True)
class Window:
    """The digest's 24 hours: [start, end) as aware datetimes, and the local day it is for."""

    day: dt.date
    start: dt.datetime
    end: dt.datetime
    tz: ZoneInfo

    @classmethod
    def for_day(cls, day: dt.date, time: str, tz_name: str) -> "Window":
        """The 24 hours that end at `time` (HH:MM) on `day` in the zone `tz_name`."""
        tz = ZoneInfo(tz_name)
        hour, minute = map(int, time.split(":"))
        end = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
        return cls(day, end - dt.timedelta(hours=24), end, tz)

    @classmethod
    def for_range(cls, since: dt.date, day: dt.date, time: str, tz_name: str) -> "Window":
        """From `time` on `since` to `time` on `day` (`icic digest --since`): any number of days."""
        daily = cls.for_day(day, time, tz_name)
        return cls(day, cls.for_day(since, time, tz_name).end, daily.end, daily.tz)

    @property
    def hours(self) -> int:
        """The window's length in hours (24 for a daily digest)."""
        return round((self.end - self.start).total_seconds() / 3600)

    def contains(self, moment: dt.datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def sql_bounds(self, before_days: int = 1) -> tuple[str, str]:
        """Loose ISO date bounds for a string prefilter; `contains` decides exactly."""
        lo = self.start.date() - dt.timedelta(days=before_days)
        return lo.isoformat(), (self.end.date() + dt.timedelta(days=2)).isoformat()


def parse_moment(value: str | None, tz: ZoneInfo) -> dt.datetime | None:
    """An ISO date or datetime from the KB as an aware datetime; naive ones are read in `tz`."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def parse_day(value: str | None) -> dt.date | None:
    """The date part of an ISO date or datetime, or None."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def has_table(db: Database, table: str, *columns: str) -> bool:
    """True when `table` exists with every one of `columns`."""
    if not db[table].exists():
        return False
    have = set(db[table].columns_dict)
    return all(c in have for c in columns)


# ---------------------------------------------------------------- articles


def _documents_near(db: Database, window: Window, before_days: int = 1) -> list[dict]:
    lo, hi = window.sql_bounds(before_days)
    sql = """select d.id, d.url, d.title, d.text, d.lang, d.script, d.relevance, d.relevance_score,
                    d.published, d.first_seen, d.cluster_id, d.source_id
             from documents d
             where coalesce(d.published, d.first_seen) >= ? and coalesce(d.published, d.first_seen) < ?
               and d.relevance in ('about', 'related')"""
    return list(db.query(sql, [lo, hi]))


def _members(db: Database, cluster_ids: set[int]) -> dict[int, list[dict]]:
    """Every relevant document of each cluster, whenever it was published."""
    if not cluster_ids:
        return {}
    marks = ",".join("?" * len(cluster_ids))
    rows = db.query(f"""select id, url, title, text, lang, script, relevance, relevance_score, published,
                               first_seen, cluster_id, source_id
                        from documents where cluster_id in ({marks})""", sorted(cluster_ids))
    out: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        out[row["cluster_id"]].append(row)
    return out


def _groups(db: Database, window: Window) -> list[list[dict]]:
    """Window documents folded into reprint groups (a cluster, or a document alone)."""
    near = _documents_near(db, window)
    clustered = _members(db, {d["cluster_id"] for d in near if d["cluster_id"] is not None})
    groups, seen = [], set()
    for doc in near:
        key = ("c", doc["cluster_id"]) if doc["cluster_id"] is not None else ("d", doc["id"])
        if key in seen:
            continue
        seen.add(key)
        groups.append(clustered[doc["cluster_id"]] if key[0] == "c" else [doc])
    return groups


def _first_published(doc: dict, tz: ZoneInfo) -> dt.datetime | None:
    return parse_moment(doc["published"], tz) or parse_moment(doc["first_seen"], tz)


def _outlets(db: Database, docs: list[dict]) -> list[dict]:
    """Every outlet that carried one of `docs` (in their order): name and a URL, one entry per outlet."""
    ids = [d["id"] for d in docs]
    marks = ",".join("?" * len(ids))
    names = {r["id"]: r["name"] for r in db.query("select id, name from sources")} if db["sources"].exists() else {}
    copies: dict[int, list[dict]] = defaultdict(list)
    if db["document_urls"].exists():
        for row in db.query(f"select url, source_id, document_id from document_urls "
                            f"where document_id in ({marks}) order by seen, url", ids):
            copies[row["document_id"]].append(row)
    out: dict[str, dict] = {}
    for doc in docs:
        for row in [doc, *copies[doc["id"]]]:
            name = names.get(row["source_id"]) or row["source_id"] or urlsplit(row["url"]).hostname or row["url"]
            out.setdefault(name, {"name": name, "url": row["url"]})
    return list(out.values())


def snippet(text: str | None, limit: int = 180) -> str:
    """The first words of an article, cut at a word boundary."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.—–-") + "…"


def _entry(db: Database, docs: list[dict], tz: ZoneInfo) -> dict:
    """One digest entry for a reprint group: the first publication's title, every outlet."""
    docs = sorted(docs, key=lambda d: (_first_published(d, tz) or dt.datetime.max.replace(tzinfo=tz), d["id"]))
    head = docs[0]
    first = _first_published(head, tz)
    return {
        "document_ids": [d["id"] for d in docs],
        "title": head["title"] or snippet(head["text"], 90),
        "url": head["url"], "lang": head["lang"] or "other", "script": head["script"],
        "relevance": "about" if any(d["relevance"] == "about" for d in docs) else "related",
        "score": max(d["relevance_score"] or 0 for d in docs),
        "published": first, "snippet": snippet(head["text"]),
        "outlets": _outlets(db, docs), "reprints": len(docs) - 1,
    }


def articles(db: Database, window: Window) -> list[dict]:
    """Entries first published in the window: reprints folded, newest first."""
    entries = []
    for docs in _groups(db, window):
        first = min(filter(None, (_first_published(d, window.tz) for d in docs)), default=None)
        if window.contains(first):
            entries.append(_entry(db, docs, window.tz))
    entries.sort(key=lambda e: e["published"], reverse=True)
    return entries


def by_language(entries: list[dict]) -> list[dict]:
    """Entries grouped by language in a fixed order (ru, kk, uz, en, then the rest)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        groups[entry["lang"]].append(entry)
    order = sorted(groups, key=lambda lang: (LANG_ORDER.index(lang) if lang in LANG_ORDER else 99, lang))
    return [{"lang": lang, "entries": groups[lang]} for lang in order]


# ---------------------------------------------------------------- commitments


def _deadline(row: dict) -> dt.date | None:
    return parse_day(row.get("deadline_end")) or parse_day(row.get("deadline_start"))


def _commitment(row: dict) -> dict:
    """A commitment or track row in the shape the templates use."""
    return {
        "id": row.get("id"), "track_id": row.get("track_id"), "actor": row.get("actor"),
        "action": row.get("action_en") or row.get("action") or "", "original": row.get("action"),
        "status": row.get("status"), "amount": row.get("amount"), "currency": row.get("currency"),
        "deadline": _deadline(row), "deadline_kind": row.get("deadline_kind"),
        "deadline_start": row.get("deadline_start"), "deadline_end": row.get("deadline_end"),
        "evidence": row.get("evidence"), "title": row.get("title"), "url": row.get("url"),
        "lang": row.get("lang"),
    }


def _tracks_in_use(db: Database) -> bool:
    return has_table(db, "tracks", "deadline_end", "status") and bool(
        db.execute("select 1 from tracks limit 1").fetchone())


def new_commitments(db: Database, window: Window, document_ids: list[int]) -> list[dict]:
    """Commitments reported by the window's articles, one per track; known tracks are not new."""
    if not document_ids or not has_table(db, "commitments", "document_id"):
        return []
    marks = ",".join("?" * len(document_ids))
    rows = db.query(f"""select c.*, d.title, d.url, d.lang from commitments c join documents d on d.id = c.document_id
                        where c.document_id in ({marks}) order by c.document_id, c.start""", document_ids)
    known = _tracks_before(db, window)
    out, seen = [], set()
    for row in rows:
        key = row.get("track_id") or (row.get("actor"), row.get("action"))
        if key in seen or row.get("track_id") in known:
            continue
        seen.add(key)
        out.append(_commitment(row))
    return out


def _tracks_before(db: Database, window: Window) -> set[int]:
    """Tracks first reported before the window opened (their news is a change, not a new item)."""
    if not has_table(db, "tracks", "first_reported"):
        return set()
    rows = db.query("select id, first_reported from tracks where first_reported is not null")
    return {r["id"] for r in rows if (m := parse_moment(r["first_reported"], window.tz)) and m < window.start}


def _field_kind(field: str) -> str | None:
    """deadline_end → deadline, amount → amount, status → status; other fields are not reported."""
    return next((kind for kind in TRACKED_FIELDS if (field or "").startswith(kind)), None)


def changed_tracks(db: Database, window: Window) -> list[dict]:
    """Tracks whose deadline, amount or status changed in the window: one line per track and field,
    from the value before the window to the last one in it.  A first value (old is empty) is news of a
    new commitment, not a change, and is left to `new_commitments`."""
    if not has_table(db, "track_events", "track_id", "date", "field") or not db["tracks"].exists():
        return []
    lo, hi = window.sql_bounds()
    about = " and t.about = 1" if has_table(db, "tracks", "about") else ""
    rows = db.query(f"""select e.*, t.actor, t.action, t.action_en, t.currency
                        from track_events e join tracks t on t.id = e.track_id
                        where e.date >= ? and e.date < ?{about} order by e.date, e.id""", [lo, hi])
    merged: dict[tuple, dict] = {}
    for row in rows:
        kind = _field_kind(row["field"])
        if not kind or row.get("old") in (None, "") or not window.contains(parse_moment(row["date"], window.tz)):
            continue
        key = (row["track_id"], kind)
        if key in merged:
            merged[key]["new"] = row.get("new")
        else:
            merged[key] = {"track_id": row["track_id"], "actor": row["actor"], "kind": kind, "field": row["field"],
                           "action": row.get("action_en") or row.get("action") or "", "old": row.get("old"),
                           "new": row.get("new"), "currency": row.get("currency"),
                           **_reported_by(db, row["track_id"], row["field"], row["date"], "old"),
                           **_reported_by(db, row["track_id"], row["field"], row["date"], "new")}
    return [c for c in merged.values() if c["old"] != c["new"]]


def _reported_by(db: Database, track_id: int, field: str, date: str, which: str) -> dict:
    """The date and outlet of the report that gave a track's old value (the last event of the field
    before `date`) or its new one (the event at `date`): a change is between two reports."""
    op, order = ("<", "desc") if which == "old" else ("=", "desc")
    row = next(iter(db.query(
        f"""select e.date, coalesce(s.name, d.source_id) as outlet, d.url from track_events e
            join commitments c on c.id = e.commitment_id join documents d on d.id = c.document_id
            left join sources s on s.id = d.source_id
            where e.track_id = ? and e.field = ? and e.date {op} ? order by e.date {order}, e.id desc limit 1""",
        [track_id, field, date])), None)
    return {f"{which}_date": row and row["date"], f"{which}_outlet": row and row["outlet"],
            f"{which}_url": row and row["url"]}


def open_commitments(db: Database, window: Window) -> list[dict]:
    """Open steps with a deadline, about the center: the rows `icic commitments` selects (one query
    for every view, so the digest, the CLI and Datasette count the same)."""
    if not _tracks_in_use(db) or not has_table(db, "tracks", "open", "about"):
        return []
    from kb.queries import track_rows

    rows = track_rows(db, limit=1_000_000, as_of=window.day)
    return [_commitment({**row, "actor": row.get("actor_name") or row.get("actor")}) for row in rows
            if row.get("open") and _deadline(row)]


def due_and_overdue(db: Database, window: Window, days: int) -> tuple[list[dict], list[dict]]:
    """(due within `days` of the digest day, soonest first; overdue, latest first)."""
    items = open_commitments(db, window)
    horizon = window.day + dt.timedelta(days=days)
    due = sorted((i for i in items if window.day <= i["deadline"] <= horizon), key=lambda i: i["deadline"])
    overdue = sorted((i for i in items if i["deadline"] < window.day), key=lambda i: i["deadline"], reverse=True)
    return due, overdue


def upcoming(db: Database, window: Window, limit: int = 8) -> list[dict]:
    """The next open deadlines after the digest day (for the timeline)."""
    items = [i for i in open_commitments(db, window) if i["deadline"] >= window.day]
    return sorted(items, key=lambda i: i["deadline"])[:limit]


# ---------------------------------------------------------------- money, entities, chart


def money(db: Database, document_ids: list[int]) -> list[dict]:
    """The money figures of the window's articles, each amount once, largest (in USD when known) first."""
    if not document_ids:
        return []
    marks = ",".join("?" * len(document_ids))
    rows = db.query(f"""select m.text, m.amount, m.amount_max, m.currency, m.qualifier, m.usd,
                               d.title, d.url, d.lang
                        from money m join documents d on d.id = m.document_id
                        where m.document_id in ({marks}) order by m.document_id, m.start""", document_ids)
    out, seen = [], set()
    for row in rows:
        key = (row["amount"], row["amount_max"], row["currency"])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return sorted(out, key=lambda r: -(r["usd"] or 0))


def top_entities(db: Database, document_ids: list[int], limit: int) -> list[dict]:
    """The names mentioned in most of the window's articles: name, type, articles, mentions."""
    if not document_ids:
        return []
    marks = ",".join("?" * len(document_ids))
    name = "coalesce(e.canonical, m.normal, m.text)"
    rows = db.query(f"""select {name} as name, coalesce(e.type, m.type) as type,
                               count(distinct m.document_id) as articles, count(*) as mentions
                        from mentions m left join entities e on e.id = m.entity_id
                        where m.document_id in ({marks}) and {name} is not null
                        group by {name}, coalesce(e.type, m.type)
                        order by articles desc, mentions desc, name limit ?""", [*document_ids, limit])
    return list(rows)


def articles_per_day(db: Database, window: Window, days: int,
                     relevance: tuple[str, ...] = SHOWN) -> dict[str, Counter]:
    """{lang: Counter(local date → articles of `relevance` first published that day)} for `days` days up to
    the digest time."""
    first = window.day - dt.timedelta(days=days - 1)
    probe = Window(window.day, dt.datetime.combine(first, dt.time(), tzinfo=window.tz), window.end, window.tz)
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc in _documents_near(db, probe):
        moment = _first_published(doc, window.tz)
        if probe.contains(moment) and doc["relevance"] in relevance:
            counts[doc["lang"] or "other"][moment.astimezone(window.tz).date()] += 1
    return dict(counts)
