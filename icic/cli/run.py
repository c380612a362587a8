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
@click.option("--send", is_flag=True, help="Mail the digest to digest.recipients (without it nothing is sent).")
@click.option("--dry-run", is_flag=True, hidden=True, help="The default; kept for older crontabs.")
@click.pass_context
def run(ctx, db_path, send, dry_run):
    """Crawl, process, then build the digest; with --send mail it to digest.recipients: the daily job.

    Without --send nothing is mailed (the digest files are written and the
    recipients who would get it are listed), as with `icic digest`.  Holds a
    lock beside the KB so two runs never overlap (the second exits).

    \b
    Example:
        icic run
        icic run --send
    """
    from icic.cli.crawl import crawl
    from icic.cli.digest import digest, preflight
    from icic.cli.process import process

    if send and dry_run:
        raise click.UsageError("--send and --dry-run contradict each other")
    state = ctx.obj
    preflight(state, (), send)  # a missing password or server fails here, before the crawl
    with run_lock(db_path or state.config.kb.path):
        ctx.invoke(crawl, db_path=db_path)
        ctx.invoke(process, db_path=db_path)
        ctx.invoke(digest, db_path=db_path, day=None, send=send, dry_run=not send)
