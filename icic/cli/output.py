"""How listing commands print rows: one place, so `--format` means the same everywhere.

- `table` on a terminal: a rich table that wraps its cells to the terminal's width
  (COLUMNS is honoured), nothing cut with "…";
- `table` when piped: plain aligned rows, every value whole (for grep and less);
- `json` (one array), `jsonl` (one object a line): every field of each row, the listed
  columns first, with real numbers and lists; `csv`: the listed columns.

A column has a kind that decides how a value reads for people: `money` shows the
amount with its currency in one cell ("123,000,000,000 KZT"), `date` the date only,
`list` the items joined by commas.  Machine formats keep the raw values.
"""
from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import click

from reports.formats import iso_day, money, number

FORMAT_NAMES = ("table", "json", "csv", "jsonl")


@dataclass(frozen=True)
class Column:
    """One output column: its key in the rows, how it reads, and whether tables show it."""

    name: str
    kind: str = "text"          # text | number | money | date | list | url
    currency: str = "currency"  # for money: the key holding the currency code
    unit: Optional[str] = None  # for money: a fixed currency instead (USD for usd columns)
    in_table: bool = True       # False: only in json/csv (e.g. currency, shown inside the money cell)

    def text(self, row: dict) -> str:
        """The value as a person reads it."""
        value = row.get(self.name)
        if self.kind == "money":
            return money(value, self.unit or row.get(self.currency))
        if self.kind == "date":
            return iso_day(value)
        if self.kind == "list":
            return ", ".join(_item_text(v) for v in (value or []))
        if self.kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return number(value)
        return "" if value is None else " ".join(str(value).split())


def _item_text(item) -> str:
    """A list item for people: {"name": "Tokayev", "documents": 3} → "Tokayev (3)"; anything else as text."""
    if isinstance(item, dict) and "name" in item:
        counts = [str(v) for k, v in item.items() if k != "name"]
        return f"{item['name']} ({', '.join(counts)})" if counts else str(item["name"])
    return str(item)


def columns_of(spec: Sequence[Column | str] | None, rows: list[dict]) -> list[Column]:
    """Columns from a spec of Column or names (default: the first row's keys)."""
    names = spec if spec is not None else (list(rows[0]) if rows else [])
    return [c if isinstance(c, Column) else Column(c) for c in names]


def machine_value(value):
    """A value for JSON/CSV: whole floats as integers, everything else as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def emit(rows: list[dict], fmt: str, columns: Sequence[Column | str] | None = None, *,
         title: Optional[str] = None) -> None:
    """Print `rows` in the format `fmt` (table, json, jsonl or csv)."""
    cols = columns_of(columns, rows)
    if fmt == "json":
        click.echo(json.dumps([_machine_row(r, cols) for r in rows], ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(_machine_row(row, cols), ensure_ascii=False, default=str))
    elif fmt == "csv":
        _csv(rows, cols)
    elif not rows:
        click.echo("(no rows)")
    elif stdout_is_terminal():
        _rich_table(rows, [c for c in cols if c.in_table], title)
    else:
        if title:
            click.echo(title)
        _plain_table(rows, [c for c in cols if c.in_table])


def _machine_row(row: dict, cols: list[Column]) -> dict:
    """The listed columns first, then every other field of the row: scripts get all a command knows."""
    names = [c.name for c in cols] + [k for k in row if k not in {c.name for c in cols}]
    return {name: machine_value(row.get(name)) for name in names}


def _csv(rows: list[dict], cols: list[Column]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([c.name for c in cols])
    for row in rows:
        writer.writerow([(", " if c.kind == "list" and any(isinstance(i, dict) for i in v) else ",").join(
                             map(_item_text, v)) if isinstance(v, (list, tuple)) else ("" if v is None else v)
                         for c, v in ((c, machine_value(row.get(c.name))) for c in cols)])


def stdout_is_terminal() -> bool:
    """True when people read stdout (a terminal), False when it goes to a pipe or a file."""
    stream = sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def _plain_table(rows: list[dict], cols: list[Column]) -> None:
    """Aligned columns, values whole: wide lines are the pager's business when piped."""
    cells = [[c.text(r) for c in cols] for r in rows]
    widths = [max(len(c.name), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    click.echo("  ".join(c.name.ljust(w) for c, w in zip(cols, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


def console(stderr: bool = False):
    """A rich Console on stdout (or stderr): its width is the terminal's, or COLUMNS when set."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


TEXT_MIN = 14  # a wrapped text column narrower than this reads as a column of letters


def _rich_table(rows: list[dict], cols: list[Column], title: Optional[str]) -> None:
    """A table that fits the terminal: long cells wrap (words, else folded), none is cut.  When even that
    would squeeze a text column under TEXT_MIN characters, each row is printed as a block of
    `name  value` lines instead (what `icic search` gives on an 80-column terminal)."""
    out = console()
    cells = [[col.text(row) for col in cols] for row in rows]
    if _least_width(cols, cells) > out.width:
        _records(out, cells, cols, title)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False, expand=False)
    for col in cols:
        table.add_column(col.name, overflow="fold", justify="right" if col.kind in ("money", "number") else "left",
                         no_wrap=col.kind == "date")
    for row in cells:
        table.add_row(*(_rich_text(col, value) for col, value in zip(cols, row)))
    out.print(table)


def _rich_text(col: Column, value: str):
    """A cell as rich Text (so a [bracketed] match is not read as markup); a URL is a terminal hyperlink,
    whole even where the cell folds it over two lines."""
    from rich.text import Text

    return Text(value, style=f"link {value}" if col.kind == "url" and value else "")


def _least_width(cols: list[Column], cells: list[list[str]]) -> int:
    """The narrowest the table can be with every text column at least TEXT_MIN wide (or its longest value)."""
    total = 0
    for i, col in enumerate(cols):
        longest = max([len(col.name), *(len(row[i]) for row in cells)])
        words = max([len(col.name), *(len(w) for row in cells for w in row[i].split())])
        total += longest if col.kind != "text" else min(longest, max(TEXT_MIN, min(words, 20)))
    return total + 2 * (len(cols) - 1)


def _records(out, cells: list[list[str]], cols: list[Column], title: Optional[str]) -> None:
    from rich.table import Table
    from rich.text import Text

    if title:
        out.print(Text(title))
    for n, row in enumerate(cells):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for col, value in zip(cols, row):
            if value:
                grid.add_row(Text(col.name), _rich_text(col, value))
        if n:
            out.print()
        out.print(grid)


def echo_lines(lines: Iterable[str]) -> None:
    """Print lines of text (wrapped by the terminal, not by us)."""
    for line in lines:
        click.echo(line)
