"""The daily digest: what was first published about the center in the 24 hours before the digest time.

`build_digest` reads the KB and renders HTML, text and the chart;
`write_digest` writes `digest-YYYY-MM-DD.html/.png/.txt/.eml` to the output
folder.  Sending lives in reports/send.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from reports import query
from reports.chart import render_chart
from reports.formats import plural
from reports.render import LANG_NAMES, render

CHART_CID = "chart"


@dataclass
class Digest:
    """A built digest: its data, both renderings and the chart."""

    day: dt.date
    window: query.Window
    context: dict
    text: str
    chart: bytes
    empty: bool
    subject: str
    html_parts: dict = field(default_factory=dict)

    def html(self, chart_src: str) -> str:
        """The HTML with the chart at `chart_src` ("cid:…" in mail, a file name on disk)."""
        if chart_src not in self.html_parts:
            self.html_parts[chart_src] = render("digest.html", **self.context, chart_src=chart_src)
        return self.html_parts[chart_src]

    @property
    def stem(self) -> str:
        """digest-DAY, or digest-SINCE-to-DAY for a window longer than a day (`icic digest --since`)."""
        if self.window.hours != 24:
            return f"digest-{self.window.start.date().isoformat()}-to-{self.day.isoformat()}"
        return f"digest-{self.day.isoformat()}"


def today(config) -> dt.date:
    """Today's date in the digest's time zone."""
    return dt.datetime.now(ZoneInfo(config.digest.timezone)).date()


def parse_day(value: Optional[str | dt.date]) -> Optional[dt.date]:
    """A --date value (YYYY-MM-DD) as a date; ValueError names a bad one."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--date must be YYYY-MM-DD, not {value!r}") from None


def unsubscribe_link(header: Optional[str]) -> str:
    """The first URI of a List-Unsubscribe value ("<mailto:…>, <https://…>")."""
    found = re.findall(r"<([^<>]+)>", header or "")
    return found[0] if found else (header or "")


def gather(db: Database, config, window: query.Window) -> dict:
    """Every section's data for the window (the template context without presentation)."""
    cfg = config.digest
    entries = query.articles(db, window)
    about = [e for e in entries if e["relevance"] == "about"]
    related = [e for e in entries if e["relevance"] == "related"]
    doc_ids = [i for e in entries for i in e["document_ids"]]
    due, overdue = query.due_and_overdue(db, window, cfg.due_days)
    changes = query.changed_tracks(db, window)
    return {
        "about": about, "groups": query.by_language(about), "related": related[: cfg.list_limit],
        "related_more": max(0, len(related) - cfg.list_limit),
        "new_commitments": query.new_commitments(db, window, doc_ids),
        "changes": changes[: cfg.list_limit], "changes_more": max(0, len(changes) - cfg.list_limit),
        "due": due[: cfg.list_limit], "due_more": max(0, len(due) - cfg.list_limit),
        "overdue": overdue[: cfg.list_limit], "overdue_more": max(0, len(overdue) - cfg.list_limit),
        "money": query.money(db, doc_ids)[: cfg.list_limit],
        "entities": query.top_entities(db, doc_ids, cfg.top_entities),
        "outlet_count": len({o["name"] for e in entries for o in e["outlets"]}),
    }


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
    chart = render_chart(query.articles_per_day(db, window, cfg.chart_days), day, cfg.chart_days,
                         query.upcoming(db, window), LANG_NAMES)
    subject = cfg.subject.format(date=day.isoformat(), count=len(data["about"]))
    span = "24 hours" if window.hours == 24 else plural(round(window.hours / 24), "day")
    context = {**data, "day": day, "window": window, "empty": empty, "subject": subject, "span": span,
               "timezone": cfg.timezone, "due_days": cfg.due_days, "chart_days": cfg.chart_days,
               "unsubscribe": cfg.list_unsubscribe, "unsubscribe_link": unsubscribe_link(cfg.list_unsubscribe)}
    text = render("digest.txt", **context)
    return Digest(day, window, context, text, chart, empty, subject)


def write_files(digest: Digest, config, out_dir: Path, to: Optional[list[str]] = None) -> list[Path]:
    """Write the .html (+ .png beside it), .txt and .eml (to `to`, default digest.recipients) to `out_dir`."""
    from reports.message import build_message

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
