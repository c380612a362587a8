"""Live progress of `icic crawl` and `icic process`: rich bars on a terminal, nothing when stderr is piped.

Log lines go above the bars: rich redirects stderr while the display is live, and the
CLI's log handler writes to the current sys.stderr (icic.cli.base.CurrentStderr).
"""
from __future__ import annotations

import sys
from typing import Optional


def stderr_is_terminal() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


class _Live:
    """A rich Progress on stderr when stderr is a terminal; every method does nothing otherwise."""

    def __init__(self, enabled: Optional[bool] = None):
        self.enabled = stderr_is_terminal() if enabled is None else enabled
        self.progress = None

    def __enter__(self):
        if self.enabled:
            self.progress = self._build()
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def _build(self):
        raise NotImplementedError


class CrawlProgress(_Live):
    """One line for the whole crawl (pages, rate, elapsed, ETA when --max-pages bounds it) and one per source."""

    def __init__(self, max_pages: Optional[int] = None, enabled: Optional[bool] = None):
        super().__init__(enabled)
        self.max_pages = max_pages or None
        self.total_task = None
        self.source_tasks: dict[str, int] = {}

    def _build(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.total_task = progress.add_task("crawl", total=self.max_pages, rate="")
        return progress

    def __call__(self, stats: dict) -> None:
        """Called by run_crawl with the run's stats while it goes on."""
        if self.progress is None:
            return
        totals = stats.get("totals") or {}
        task = self.progress.tasks[self.total_task]
        elapsed = task.elapsed or 0.0
        fetched = totals.get("fetched", 0)
        rate = f"{fetched / elapsed:.1f} pages/s" if elapsed > 0 and fetched else ""
        self.progress.update(self.total_task, completed=fetched, rate=rate)
        for sid, counts in sorted((stats.get("sources") or {}).items()):
            errors = sum((counts.get("errors") or {}).values())
            line = (f"  {sid}: {counts.get('new', 0)} new, {counts.get('updated', 0)} updated"
                    + (f", {errors} errors" if errors else ""))
            if sid not in self.source_tasks:
                self.source_tasks[sid] = self.progress.add_task(line, total=None, rate="")
            self.progress.update(self.source_tasks[sid], description=line, completed=counts.get("fetched", 0))


class ProcessProgress(_Live):
    """One bar over the documents to read: done of total, rate, elapsed and ETA, failures counted."""

    def __init__(self, total: int, enabled: Optional[bool] = None):
        super().__init__(enabled)
        self.total = total
        self.task = None

    def _build(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True))
        self.task = progress.add_task("reading", total=self.total, rate="")
        return progress

    def __call__(self, stats) -> None:
        """Called by process_parallel after each document."""
        if self.progress is None:
            return
        done = stats.processed + stats.failed + stats.skipped
        elapsed = self.progress.tasks[self.task].elapsed or 0.0
        rate = f"{done / elapsed:.1f} docs/s" if elapsed > 0 and done else ""
        failed = f" ({stats.failed} failed)" if stats.failed else ""
        self.progress.update(self.task, completed=done, rate=rate, description=f"reading{failed}")
