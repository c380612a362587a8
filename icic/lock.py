"""Locks beside the knowledge base: one `icic run` at a time, senders taking turns.

A lock is an flock on `<kb>.<purpose>`.  Its file descriptor is inheritable, and the
children `icic` starts (the crawler, Datasette) keep it (crawler.run passes its
inheritable descriptors on), so the lock lasts as long as any process of the run: a
parent killed while its crawler lives on does not let a second run in beside it.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class LockHeld(Exception):
    """The lock is taken by another process; the message names the file and the holder's pid."""


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
        os.set_inheritable(handle.fileno(), True)      # children of the run hold it too
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield lock  # released when the last process holding the file closes it, even on a crash


@contextmanager
def run_lock(kb_path: str):
    """One `icic run` per knowledge base: LockHeld at once when another holds it."""
    lock = lock_path(kb_path, "lock")
    try:
        with file_lock(lock, wait=False):
            yield lock
    except BlockingIOError:
        holder = lock.read_text(encoding="utf-8").strip() or "another process"
        raise LockHeld(f"another `icic run` is running on this knowledge base "
                       f"(lock {lock} held by pid {holder}); exiting") from None
