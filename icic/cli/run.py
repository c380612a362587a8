"""`icic run`: crawl → process → digest, the daily job; one at a time per knowledge base."""
from __future__ import annotations

from contextlib import contextmanager

import click

from icic.cli.base import cli, db_option, pass_state


@contextmanager
def run_lock(kb_path: str):
    """One `icic run` per knowledge base (icic.lock): a second one is refused at once, naming the holder."""
    from icic.lock import LockHeld, run_lock as lock

    try:
        with lock(kb_path) as path:
            yield path
    except LockHeld as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@db_option
@click.option("--dry-run", is_flag=True, help="Build the digest files but send nothing.")
@click.pass_context
def run(ctx, db_path, dry_run):
    """Crawl, process, then build the digest and mail it to digest.recipients: the daily job.

    Holds a lock beside the KB so two runs never overlap (the second exits).

    \b
    Example:
        icic run
        icic run --dry-run
    """
    from icic.cli.crawl import crawl
    from icic.cli.digest import digest, preflight
    from icic.cli.process import process

    state = ctx.obj
    send = bool(state.config.digest.recipients) and not dry_run
    preflight(state, (), send)  # a missing password fails here, before the crawl
    with run_lock(db_path or state.config.kb.path):
        ctx.invoke(crawl, db_path=db_path)
        ctx.invoke(process, db_path=db_path)
        ctx.invoke(digest, db_path=db_path, send=send, dry_run=dry_run)
