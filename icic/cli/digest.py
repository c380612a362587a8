"""`icic digest`: the daily digest of what changed about the center."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, open_kb, pass_state


@cli.command()
@db_option
@click.option("--date", "day", help="Digest day (YYYY-MM-DD); default today in digest.timezone.")
@click.option("--dry-run", is_flag=True, help="Write the files, send nothing.")
@pass_state
def digest(state, db_path, day, dry_run):
    """Build the daily digest (HTML, text and .eml) and, with --send, mail it.

    \b
    Example:
        icic digest --date 2026-11-21 --dry-run
    """
    from reports.digest import write_digest

    db = open_kb(state, db_path)
    for path in write_digest(db, state.config, day):
        click.echo(f"wrote {path}")
