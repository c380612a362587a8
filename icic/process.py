"""`icic process`: read every document the current pipeline has not read, store the facts.

Two paths over the same rules:

- `process_pending(db, pipeline)` reads in this process (tests, small runs);
- `process_parallel(db, settings, workers=N)` spreads the reading over N worker
  processes.  Each worker builds its Pipeline once (models load once per
  process) and turns documents into the extract contract; only the parent
  writes to the KB, one transaction per document, so SQLite sees one writer.

Both are idempotent: a document already processed by PIPELINE_VERSION is not
pending, so a second run changes nothing, and a new version reprocesses.  A
document that fails is logged with its reason, marked failed for this
version, and skipped; the run goes on.  So is one that takes longer than the
time limit (`nlp.doc_timeout`).

The same documents give the same KB whatever the worker count, the batches
(`--limit`), kills and resumptions or the order of crawling: every document is
read against the frozen registry (its seed file; reading never grows it, see
`Settings.frozen_registry`), so what one document yields does not depend on
which were read before it, and the parent links mentions to KB entities by
their canonical names, writing in publication order.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from nlp.pipeline import PIPELINE_VERSION, Pipeline, Settings
from kb.entities import save_registry_rows
from kb.store import mark_failed, pending_documents, save_extraction

log = logging.getLogger("icic.process")


@dataclass
class ProcessStats:
    processed: int = 0
    failed: int = 0
    skipped: int = 0


class DocumentTimeout(Exception):
    """Reading one document took longer than the time limit."""


@contextlib.contextmanager
def time_limit(seconds: Optional[float]):
    """Raise DocumentTimeout in the block after `seconds` (None or 0: no limit).

    A SIGALRM timer, so it works in the main thread of a process (the parent, or a pool worker) and
    interrupts Python code; a single call into C that never returns is not interrupted."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise DocumentTimeout(f"reading took longer than the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_document(pipeline: Pipeline, row: dict, seconds: Optional[float] = None) -> dict:
    """The extract contract of one stored document, read within `seconds` (DocumentTimeout)."""
    with time_limit(seconds):
        doc = pipeline(row["text"], row["published"], lang_hint=row["lang_hint"], title=row["title"])
        return doc.to_json()


def frozen(settings: Settings) -> Settings:
    """The settings with the registry frozen: how `process` reads (see the module's docstring)."""
    return dataclasses.replace(settings, frozen_registry=True)


def _store(db, row: dict, result: Optional[dict], error: Optional[str], stats: ProcessStats) -> None:
    """Write one outcome: the facts in one transaction, or the failure with its reason."""
    if error is None:
        save_extraction(db, row["id"], result, PIPELINE_VERSION)
        stats.processed += 1
        return
    log.warning("document %s (%s): %s", row["id"], row["url"], error)
    mark_failed(db, row["id"], PIPELINE_VERSION, error)
    stats.failed += 1


def _is_empty(db, row: dict, stats: ProcessStats) -> bool:
    if (row["text"] or "").strip():
        return False
    mark_failed(db, row["id"], PIPELINE_VERSION, "empty article")
    log.warning("document %s (%s): empty article, skipped", row["id"], row["url"])
    stats.skipped += 1
    return True


def process_pending(db, pipeline: Pipeline, *, limit: int | None = None, progress=None,
                    doc_timeout: Optional[float] = None) -> ProcessStats:
    """Process pending documents in this process, one transaction each.  `pipeline` should be fresh
    (its registry as seeded): its registry is frozen from here on."""
    pipeline.resources.settings = frozen(pipeline.resources.settings)
    stats = ProcessStats()
    for row in pending_documents(db, PIPELINE_VERSION, limit=limit):
        if _is_empty(db, row, stats):
            continue
        try:
            result, error = read_document(pipeline, row, doc_timeout), None
        except Exception as exc:  # one bad article never stops the run
            result, error = None, f"{type(exc).__name__}: {exc}"
        _store(db, row, result, error, stats)
        if progress:
            progress(stats)
    return stats


# --- the worker side: one Pipeline per process, built by the pool's initializer -------------------
_WORKER_PIPELINE: Optional[Pipeline] = None
_WORKER_TIMEOUT: Optional[float] = None


def _init_worker(factory: Callable[[Settings], Pipeline], settings: Settings, doc_timeout: Optional[float],
                 parent: int) -> None:
    global _WORKER_PIPELINE, _WORKER_TIMEOUT
    from crawler.children import die_with_parent

    die_with_parent(parent)  # a worker must not outlive `icic process` (it would hold the run lock on)
    _WORKER_PIPELINE, _WORKER_TIMEOUT = factory(settings), doc_timeout


def _work(row: dict) -> tuple[int, Optional[dict], Optional[str]]:
    """(document id, result, error) — exceptions come back as text, never kill the pool."""
    try:
        return row["id"], read_document(_WORKER_PIPELINE, row, _WORKER_TIMEOUT), None
    except Exception as exc:
        return row["id"], None, f"{type(exc).__name__}: {exc}"


def worker_count(configured: int) -> int:
    """`nlp.workers`: 0 means one per core; never more than the cores (more only adds memory)."""
    cores = os.cpu_count() or 1
    return min(configured, cores) if configured > 0 else cores


def process_parallel(db, settings: Settings, *, workers: int = 0, limit: int | None = None, batch_size: int = 16,
                     progress: Optional[Callable[[ProcessStats], None]] = None,
                     factory: Callable[[Settings], Pipeline] = Pipeline,
                     doc_timeout: Optional[float] = None) -> ProcessStats:
    """Process pending documents on `workers` processes (0 = every core); the parent writes.

    `factory(settings)` builds each worker's pipeline once (a module-level callable: it
    travels to the workers by name).
    """
    workers, settings = worker_count(workers), frozen(settings)
    if workers == 1:
        return process_pending(db, factory(settings), limit=limit, progress=progress, doc_timeout=doc_timeout)
    stats = ProcessStats()
    rows = {row["id"]: row for row in pending_documents(db, PIPELINE_VERSION, limit=limit)
            if not _is_empty(db, row, stats)}
    if not rows:
        return stats
    chunk = max(1, min(batch_size, len(rows) // (workers * 4) or 1))
    with _context().Pool(min(workers, len(rows)), initializer=_init_worker,
                                   initargs=(factory, settings, doc_timeout, os.getpid())) as pool:
        # imap, not imap_unordered: writes in publication order, as the single-process path does, so
        # new KB entities get their ids in the same order and two runs give the same KB
        for doc_id, result, error in pool.imap(_work, _slim(rows.values()), chunksize=chunk):
            _store(db, rows[doc_id], result, error, stats)
            if progress:
                progress(stats)
    return stats


def persist_registry(db, pipeline: Pipeline) -> int:
    """Store the registry's entities with every alias (all scripts) in the KB, so that
    `icic entities Toqayev` and `icic search --entity МЦПК` find an entity by a spelling no
    article has used yet.  Idempotent; returns how many registry entries were written."""
    return save_registry_rows(db, *pipeline.registry().rows())


def _slim(rows: Iterable[dict]) -> Iterable[dict]:
    """Only what a worker needs travels to it."""
    keys = ("id", "text", "published", "lang_hint", "title")
    return ({k: row[k] for k in keys} for row in rows)


def _context():
    """fork where the platform has it (workers start at once), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
