"""`icic process`: read the documents the current pipeline has not read."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, open_kb, pass_state


@cli.command()
@db_option
@click.option("--limit", type=int, help="Process at most this many documents.")
@pass_state
def process(state, db_path, limit):
    """Read every document not yet processed by the current pipeline version.

    Idempotent: a second run changes nothing; a new pipeline version reprocesses.

    \b
    Example:
        icic process --db data/icic.sqlite
    """
    from icic.cli.extract import build_pipeline
    from icic.process import process_pending

    db = open_kb(state, db_path)
    stats = process_pending(db, build_pipeline(state), limit=limit)
    click.echo(f"processed {stats.processed}, failed {stats.failed}, skipped {stats.skipped}")
