"""How numbers and dates read, the same in the terminal, the digest and Datasette.

Money is grouped digits and the ISO code ("123,000,000,000 KZT", "1,300,000 USD",
"2.5 USD"); dates are dates ("2024-01-16", never the time and zone of a report).
JSON output keeps the raw numbers: these functions are only for people.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional


def number(value: float | int | None) -> str:
    """12,500,000 for 12500000.0; two decimals only when the value has a fraction."""
    if value is None:
        return ""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def money(amount: float | int | None, currency: Optional[str] = None, qualifier: Optional[str] = None,
          upper: float | int | None = None) -> str:
    """"over 123,000,000,000 KZT"; a range "10,000–20,000 USD" when `upper` is given; "" without an amount."""
    if amount is None:
        return ""
    text = number(amount) + (f"–{number(upper)}" if upper else "")
    words = QUALIFIERS.get(qualifier or "", (qualifier or "").replace("_", " "))
    return " ".join(part for part in (words, text, currency) if part)


QUALIFIERS = {"up_to": "up to", "over": "over", "about": "about", "at_least": "at least", "under": "under"}


def iso_day(value) -> str:
    """The date part of an ISO date or datetime ("2024-01-16T12:00:00+05:00" → "2024-01-16"); "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value)
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return text  # not a date after all: shown as it is rather than hidden


def plural(count: int, one: str, many: Optional[str] = None) -> str:
    """"1 article", "2 articles", "1 reprint", "3 outlets"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
