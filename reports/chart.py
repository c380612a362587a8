"""The digest's inline chart: articles per day by language, and the coming deadlines on a timeline.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global
state, no display needed); returns PNG bytes.
"""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter
from matplotlib.figure import Figure

LANG_COLOURS = {"ru": "#2563eb", "kk": "#0d9488", "uz": "#d97706", "en": "#7c3aed"}
OTHER_COLOUR = "#9ca3af"
INK, MUTED = "#1f2937", "#6b7280"
LEVELS = (1.05, -1.05)  # label heights, alternating so neighbours do not overlap (two lines clear the dot)


def _shorten(text: str, limit: int = 38) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bars(ax, counts: dict[str, Counter], days: list[dt.date], names: dict[str, str]) -> None:
    """Stacked bars: one colour per language."""
    bottom = [0] * len(days)
    for lang in sorted(counts, key=lambda lang: list(LANG_COLOURS).index(lang) if lang in LANG_COLOURS else 9):
        heights = [counts[lang].get(day, 0) for day in days]
        ax.bar(days, heights, bottom=bottom, width=0.8, label=names.get(lang, lang),
               color=LANG_COLOURS.get(lang, OTHER_COLOUR))
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_title("Articles about the center per day, by language", loc="left", fontsize=10, color=INK)
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
    ax.set_xlim(days[0] - dt.timedelta(days=1), days[-1] + dt.timedelta(days=1))
    ax.yaxis.get_major_locator().set_params(integer=True)
    if counts:
        ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=4)
    else:
        ax.text(0.5, 0.5, "no articles in these days", transform=ax.transAxes, ha="center", color=MUTED)


def _by_date(deadlines: list[dict]) -> list[tuple[dt.date, list[dict]]]:
    """Deadlines that fall on one date share one dot."""
    groups: dict[dt.date, list[dict]] = {}
    for item in deadlines:
        groups.setdefault(item["deadline"], []).append(item)
    return sorted(groups.items())


def _label(when: dt.date, items: list[dict]) -> str:
    """"31 Dec 2026" over what falls due: one commitment by its actor and action, several by their number."""
    if len(items) > 1:
        return f"{when:%d %b %Y}\n{len(items)} deadlines"
    item = items[0]
    who = f"{item['actor']}: " if item.get("actor") else ""
    return f"{when:%d %b %Y}\n{_shorten(who + (item.get('action') or ''))}"


def _timeline(ax, deadlines: list[dict], today: dt.date) -> None:
    """Deadlines as dots on a date axis, labels alternating above and below."""
    ax.set_title("Next deadlines of open commitments", loc="left", fontsize=10, color=INK)
    ax.axhline(0, color="#d1d5db", linewidth=2, zorder=1)
    ax.set_yticks([])
    ax.set_ylim(-1.75, 1.75)
    if not deadlines:
        ax.text(0.5, 0.5, "no open deadlines ahead", transform=ax.transAxes, ha="center", color=MUTED)
        ax.set_xticks([])
        return
    last = max(d["deadline"] for d in deadlines)
    ax.set_xlim(today - dt.timedelta(days=5), last + dt.timedelta(days=max(20, (last - today).days // 6)))
    ax.plot([today], [0], marker="|", markersize=14, color=INK)
    ax.text(today, -0.35, "today", ha="center", va="top", fontsize=7, color=MUTED)
    for i, (when, items) in enumerate(_by_date(deadlines)):
        level = LEVELS[i % len(LEVELS)]
        ax.plot([when], [0], "o", color="#dc2626", zorder=3)
        ax.vlines(when, 0, level * 0.8, color="#fca5a5", linewidth=1)
        ax.text(when, level, _label(when, items), ha="center", va="center", fontsize=7, color=INK)
    locator = AutoDateLocator(minticks=3, maxticks=5)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(DateFormatter("%d %b %Y"))  # whole dates: no "2027-Jan" offset label


def render_chart(counts: dict[str, Counter], day: dt.date, days: int, deadlines: list[dict],
                 names: dict[str, str]) -> bytes:
    """The PNG: `days` days of stacked bars ending on `day`, and a timeline of `deadlines`."""
    figure = Figure(figsize=(8, 2.1), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, height_ratios=[3, 2])
    axis_days = [day - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    _bars(top, counts, axis_days, names)
    _timeline(bottom, deadlines, day)
    for ax in (top, bottom):
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(labelsize=8, colors=MUTED)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()
