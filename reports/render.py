"""One Jinja environment for every report: HTML escaped, text not, nothing undefined.

Autoescape is on for everything except `.txt` templates (the plain-text twin),
and StrictUndefined turns a missing value into a render error instead of a
silent blank.
"""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports import formats

TEMPLATES = Path(__file__).parent / "templates"
LANG_NAMES = {"ru": "Русский · Russian", "kk": "Қазақша · Kazakh", "uz": "Oʻzbekcha · Uzbek",
              "en": "English", "other": "Other languages"}
STATUS_WORDS = {"planned": "planned", "agreed": "agreed", "signed": "signed", "in_progress": "under way",
                "completed": "completed", "cancelled": "cancelled", "delayed": "delayed"}


def status_words(status: str | None) -> str:
    """A status code in words: in_progress → "under way"; an unknown code with its underscores as spaces."""
    return STATUS_WORDS.get(status or "", (status or "").replace("_", " "))


def amount(value: float | None, currency: str | None = None, qualifier: str | None = None,
           upper: float | None = None) -> str:
    """123e9, KZT, over → "over 123,000,000,000 KZT" (the project's one money format, reports.formats)."""
    return formats.money(value, currency, qualifier, upper)


def day(value: dt.date | dt.datetime | None) -> str:
    """1 Nov 2026."""
    return f"{value.day} {value:%b %Y}" if value else ""


def moment(value: dt.datetime | None) -> str:
    """1 Nov 2026, 10:15."""
    return f"{day(value)}, {value:%H:%M}" if value else ""


def change(item: dict) -> str:
    """A track event in words: "deadline moved from 2026-12-31 to 2027-06-30"."""
    verb = {"deadline": "deadline moved", "amount": "amount changed", "status": "status changed"}[item["kind"]]
    old, new = (_value(item, v) for v in (item["old"], item["new"]))
    return f"{verb} from {old} to {new}" if old else f"{verb} to {new}"


def _value(item: dict, value) -> str:
    """A track value as the KB keeps it ("2026-10-01/2026-12-31", "25000000 USD", "planned"), in words."""
    text = str(value or "")
    if item["kind"] == "deadline":
        start, _, end = text.rpartition("/")
        return period(start or None, end)
    if item["kind"] == "amount":
        number, _, currency = text.partition(" ")
        try:
            return amount(float(number), currency or item.get("currency"))
        except ValueError:
            return text
    return status_words(text)


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def period(start: str | None, end: str | None) -> str:
    """An interval in the words people use: "2026", "Q4 2026", "H1 2027", "Nov 2026", or "1 Oct 2026 – 5 Jan 2027"."""
    first, last = _iso(start), _iso(end)
    if not last:
        return str(end or "")
    if not first or first == last:
        return day(last)
    following = (last + dt.timedelta(days=1))
    if first.day == 1 and following.day == 1 and first.year == last.year:
        months = last.month - first.month + 1
        name = {12: f"{first.year}", 6: f"H{(first.month + 5) // 6} {first.year}",
                3: f"Q{(first.month + 2) // 3} {first.year}", 1: f"{first:%b %Y}"}.get(months)
        if name and (months == 1 or (first.month - 1) % months == 0):
            return name
        return f"{first:%b}–{last:%b %Y}"
    return f"{day(first)} – {day(last)}"


def when(item: dict) -> str:
    """A commitment's deadline in words: "by 31 Dec 2026", "Q4 2026", or "" when it has none."""
    if not item.get("deadline"):
        return ""
    if item.get("deadline_kind") == "deadline" or not item.get("deadline_start"):
        return f"by {day(item['deadline'])}"
    return period(item.get("deadline_start"), item.get("deadline_end"))


def reports_of(item: dict) -> str:
    """The two reports a change is between: "before: Steppe Herald, 1 Oct 2026; now: Oasis Daily, 21 Nov 2026"."""
    parts = []
    for label, which in (("before", "old"), ("now", "new")):
        outlet, date = item.get(f"{which}_outlet"), _iso(item.get(f"{which}_date"))
        if outlet or date:
            parts.append(f"{label}: " + ", ".join(p for p in (outlet, day(date)) if p))
    return "; ".join(parts)


def is_web_url(value) -> bool:
    """True for an http(s) URL with a host: the only kind the digest renders as a link."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(value or "").strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@functools.cache
def environment() -> Environment:
    """The shared environment (templates in reports/templates)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), disabled_extensions=("txt",), default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(amount=amount, day=day, moment=moment, change=change, period=period, when=when,
                       status=status_words, plural=formats.plural, usd=lambda v: formats.money(round(v), "USD"))
    env.globals["lang_name"] = lambda code: LANG_NAMES.get(code, code)
    env.globals["reports_of"] = reports_of
    env.tests["web_url"] = is_web_url
    return env


def render(name: str, **context) -> str:
    """Render the template `name` with `context`."""
    return environment().get_template(name).render(**context)
