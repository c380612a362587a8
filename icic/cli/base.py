"""The `icic` click group and the options every command shares."""
from __future__ import annotations

import functools
import logging
from typing import Optional

import click

from icic.config import Config, ConfigError, load_config

FORMATS = click.Choice(["table", "json", "csv"])


class State:
    """What the group passes to its commands: the config path, loaded on first use."""

    def __init__(self, config_path: Optional[str]):
        self.config_path = config_path
        self._config: Optional[Config] = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise click.ClickException(str(exc)) from None
        return self._config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="icic-monitor")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="ICIC_CONFIG",
              help="Configuration file merged over the defaults (env ICIC_CONFIG).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, config_path: Optional[str], verbose: int) -> None:
    """ICIC Monitor: news about the International Center for Industrial Cooperation
    "Central Asia", in Russian, Kazakh, Uzbek and English.

    \b
    Example:
        icic crawl && icic process && icic commitments --status planned
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    state = State(config_path)
    ctx.obj = state
    if config_path:
        state.config  # fail early, with the file named, on a bad configuration


pass_state = click.make_pass_decorator(State)


def db_option(func):
    """--db PATH: the knowledge base (default: kb.path of the configuration)."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False),
                        help="Knowledge base file (default: kb.path from the configuration).")(func)


def format_option(func):
    """--format table|json|csv, the same for every listing command."""
    return click.option("--format", "fmt", type=FORMATS, default="table", show_default=True,
                        help="Output format.")(func)


def open_kb(state: State, db_path: Optional[str], *, create: bool = True):
    """Open the knowledge base, turning its errors into one-line CLI errors."""
    import os
    import sqlite3

    from kb import SchemaTooNew, open_db

    path = db_path or state.config.kb.path
    if os.path.exists(path) and not os.path.isfile(path):
        raise click.ClickException(f"{path}: not a regular file, so not a knowledge base")
    try:
        return open_db(path, create=create)
    except SchemaTooNew as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except sqlite3.DatabaseError as exc:      # not SQLite, damaged, or unwritable
        raise click.ClickException(f"{path}: not a usable knowledge base (SQLite said: {exc})") from None


def emit(rows: list[dict], fmt: str, columns: Optional[list[str]] = None) -> None:
    """Print rows as an aligned table, JSON or CSV."""
    import csv
    import json
    import sys

    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        if not rows:
            click.echo("(no rows)")
            return
        cells = [[_cell(r.get(c)) for c in columns] for r in rows]
        widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
        click.echo("  ".join("-" * w for w in widths))
        for row in cells:
            click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


def _cell(value, limit: int = 60) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cached(func):
    return functools.cache(func)
