"""The daily digest: what was first published about the center in the 24 hours before the digest time.

`build_digest` reads the KB and renders HTML, text and the chart;
`write_digest` writes `digest-YYYY-MM-DD.html/.png/.txt/.eml` to the output
folder.  Sending lives in reports/send.py.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from reports import details, query
from reports.chart import render_chart
from reports.formats import plural
from reports.message import build_message
from reports.model import CHART_CID, Digest  # noqa: F401  (Digest is part of this module's API)
from reports.render import LANG_NAMES, render

def today(config) -> dt.date:
    """Today's date in the digest's time zone."""
    return dt.datetime.now(ZoneInfo(config.digest.timezone)).date()


def parse_day(value: Optional[str | dt.date]) -> Optional[dt.date]:
    """A --date value (YYYY-MM-DD) as a date; ValueError names a bad one."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--date must be YYYY-MM-DD, not {value!r}") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2199, 12, 31):   # the window and chart count days around it
        raise ValueError(f"--date must be between 1900-01-01 and 2199-12-31, not {value!r}")
    return day


def unsubscribe_link(header: Optional[str]) -> str:
    """The first URI of a List-Unsubscribe value ("<mailto:…>, <https://…>")."""
    found = re.findall(r"<([^<>]+)>", header or "")
    return found[0] if found else (header or "")


def gather(db: Database, config, window: query.Window) -> dict:
    """Every section's data for the window (the template context without presentation)."""
    cfg = config.digest
    limit = cfg.list_limit
    entries = query.articles(db, window)
    center = details.center_names(config.topic_path())
    for entry in entries:
        entry["gloss"] = details.gloss(db, entry, center)
    about = [e for e in entries if e["relevance"] == "about"]
    related = [e for e in entries if e["relevance"] == "related"]
    doc_ids = [i for e in entries for i in e["document_ids"]]
    due, overdue = query.due_and_overdue(db, window, cfg.due_days)
    changes = query.changed_tracks(db, window)
    new = query.new_commitments(db, window, doc_ids)
    shown = {"due": due[:limit], "overdue": overdue[:limit]}
    for items in (new[:limit], *shown.values()):
        details.add_evidence(db, items)
    return {
        "about": about, "groups": query.by_language(about), "related": related[:limit],
        "related_more": max(0, len(related) - limit),
        **shown, "new_commitments": new, "new_shown": new[:limit], "new_more": max(0, len(new) - limit),
        "new_count": len(new),
        "changes": changes[:limit], "changes_more": max(0, len(changes) - limit),
        "due_more": max(0, len(due) - limit), "overdue_more": max(0, len(overdue) - limit),
        "money": query.money(db, doc_ids)[:limit],
        "entities": query.top_entities(db, doc_ids, cfg.top_entities),
        "outlet_count": len({o["name"] for e in entries for o in e["outlets"]}),
        "more_links": more_links(cfg.datasette_url),
    }


def more_links(base: Optional[str]) -> dict:
    """Where each section's "and N more" leads: Datasette's full lists when digest.datasette_url is set."""
    if not base:
        return {}
    return {"overdue": f"{base}/overdue", "due": f"{base}/due_next_90_days",
            "new": f"{base}/commitments?_sort_desc=reported", "changes": f"{base}/track_events?_sort_desc=date",
            "related": f"{base}/documents?relevance=related"}


def build_digest(db: Database, config, day: Optional[dt.date | str] = None,
                 since: Optional[dt.date] = None) -> Digest:
    """Read the KB and render the digest for `day` (default: today in digest.timezone); with `since`, over
    the days from digest.time on `since` to digest.time on `day` instead of the last 24 hours."""
    cfg = config.digest
    day = parse_day(day) or today(config)
    window = (query.Window.for_range(since, day, cfg.time, cfg.timezone) if since
              else query.Window.for_day(day, cfg.time, cfg.timezone))
    data = gather(db, config, window)
    empty = not (data["about"] or data["related"] or data["changes"])
    chart = render_chart(about_per_day(db, window, cfg.chart_days), day, cfg.chart_days,
                         query.upcoming(db, window), LANG_NAMES)
    subject = cfg.subject.format(date=day.isoformat(), count=len(data["about"]))
    span = "24 hours" if window.hours == 24 else plural(round(window.hours / 24), "day")
    context = {**data, "day": day, "window": window, "empty": empty, "subject": subject, "span": span,
               "timezone": cfg.timezone, "due_days": cfg.due_days, "chart_days": cfg.chart_days,
               "unsubscribe": cfg.list_unsubscribe, "unsubscribe_link": unsubscribe_link(cfg.list_unsubscribe)}
    text = render("digest.txt", **context)
    return Digest(day, window, context, text, chart, empty, subject)


def about_per_day(db: Database, window: query.Window, days: int) -> dict:
    """The chart's bars: articles about the center per day and language (not the related ones its title
    would otherwise misstate)."""
    return query.articles_per_day(db, window, days, relevance=("about",))


def write_files(digest: Digest, config, out_dir: Path, to: Optional[list[str]] = None) -> list[Path]:
    """Write the .html (+ .png beside it), .txt and .eml (to `to`, default digest.recipients) to `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / f"{digest.stem}.png"
    png.write_bytes(digest.chart)
    html = out_dir / f"{digest.stem}.html"
    html.write_text(digest.html(png.name), encoding="utf-8")
    txt = out_dir / f"{digest.stem}.txt"
    txt.write_text(digest.text, encoding="utf-8")
    eml = out_dir / f"{digest.stem}.eml"
    eml.write_bytes(build_message(digest, config, config.digest.recipients if to is None else to).as_bytes())
    return [html, txt, eml, png]


def write_digest(db: Database, config, day: Optional[dt.date | str] = None,
                 out_dir: Optional[str | Path] = None) -> list[Path]:
    """Build the digest for `day` and write its files; [] on an empty day when digest.skip_empty is set."""
    digest = build_digest(db, config, day)
    if digest.empty and config.digest.skip_empty:
        return []
    return write_files(digest, config, Path(out_dir or config.digest.out_dir))
