"""Child processes that die with their parent (Linux: PR_SET_PDEATHSIG).

Killing or timing out `icic crawl`, `icic run` or `icic serve` must not leave the
crawler or Datasette running on: a crawler outliving its parent kept storing
documents beside the next run.  `die_with_parent` is a `preexec_fn` for
subprocess (and what a forked pool worker calls first): the kernel sends the
child SIGKILL when the parent ends, however it ends.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
from typing import Callable, Optional

PR_SET_PDEATHSIG = 1


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies; exit at once if the parent
    (pid `parent`) is already gone."""
    prctl = _prctl()
    if prctl is None:
        return
    prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:      # the parent died before the request took effect
        os._exit(1)


def preexec(sig: int = signal.SIGKILL) -> Optional[Callable[[], None]]:
    """A subprocess `preexec_fn` that makes the child die with this process (None off Linux)."""
    if _prctl() is None:
        return None
    parent = os.getpid()
    return lambda: die_with_parent(parent, sig)
