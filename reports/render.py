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

TEMPLATES = Path(__file__).parent / "templates"
LANG_NAMES = {"ru": "Русский · Russian", "kk": "Қазақша · Kazakh", "uz": "Oʻzbekcha · Uzbek",
              "en": "English", "other": "Other languages"}
SCALES = ((1e12, "trn"), (1e9, "bn"), (1e6, "mn"), (1e3, "k"))


def amount(value: float | None, currency: str | None = None, qualifier: str | None = None,
           upper: float | None = None) -> str:
    """123e9, KZT, over → "over 123 bn KZT"; a range when `upper` is given."""
    if value is None:
        return ""
    text = _scaled(value) + (f"–{_scaled(upper)}" if upper else "")
    return " ".join(part for part in (qualifier, text, currency) if part)


def _scaled(value: float) -> str:
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def day(value: dt.date | dt.datetime | None) -> str:
    """21 Nov 2026."""
    return f"{value:%d %b %Y}" if value else ""


def moment(value: dt.datetime | None) -> str:
    """21 Nov 2026, 10:15."""
    return f"{value:%d %b %Y, %H:%M}" if value else ""


def change(item: dict) -> str:
    """A track event in words: "deadline moved from 2026-12-31 to 2027-06-30"."""
    verb = {"deadline": "deadline moved", "amount": "amount changed", "status": "status changed"}[item["kind"]]
    old, new = (_value(item, v) for v in (item["old"], item["new"]))
    return f"{verb} from {old} to {new}" if old else f"{verb} to {new}"


def _value(item: dict, value) -> str:
    if item["kind"] == "amount":
        try:
            return amount(float(value), item.get("currency"))
        except (TypeError, ValueError):
            return str(value or "")
    return str(value or "")


@functools.cache
def environment() -> Environment:
    """The shared environment (templates in reports/templates)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), disabled_extensions=("txt",), default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(amount=amount, day=day, moment=moment, change=change)
    env.globals["lang_name"] = lambda code: LANG_NAMES.get(code, code)
    return env


def render(name: str, **context) -> str:
    """Render the template `name` with `context`."""
    return environment().get_template(name).render(**context)
