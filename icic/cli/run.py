"""`icic run`: crawl → process → digest, the daily job; one at a time per knowledge base."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import click

from icic.cli.base import cli, db_option, pass_state


@contextmanager
def run_lock(kb_path: str):
    """Hold an exclusive flock on `<kb>.lock` beside the KB; a second holder is refused at once."""
    path = Path(kb_path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise click.ClickException(f"another `icic run` is running on this knowledge base "
                                       f"(lock {lock} held by pid {holder}); exiting") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield lock  # the lock goes with the file's closing, even on a crash


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
