"""`icic run`: crawl → process → digest, the daily job; one at a time per knowledge base."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import click

from icic.cli.base import cli, db_option, pass_state


def lock_path(kb_path: str, purpose: str) -> Path:
    """`<kb>.<purpose>` beside the knowledge base (the folder is made if need be)."""
    path = Path(kb_path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f"{path.name}.{purpose}")


@contextmanager
def file_lock(lock: Path, *, wait: bool):
    """Hold an exclusive flock on `lock`, writing our pid in it; BlockingIOError when taken and not `wait`."""
    with open(lock, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield lock  # released when the file closes, even on a crash


@contextmanager
def run_lock(kb_path: str):
    """One `icic run` per knowledge base: a second one is refused at once, naming the holder."""
    lock = lock_path(kb_path, "lock")
    try:
        with file_lock(lock, wait=False):
            yield lock
    except BlockingIOError:
        holder = lock.read_text(encoding="utf-8").strip() or "another process"
        raise click.ClickException(f"another `icic run` is running on this knowledge base "
                                   f"(lock {lock} held by pid {holder}); exiting") from None


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
