"""`icic process`: read every document the current pipeline has not read, store the facts.

Two paths over the same rules:

- `process_pending(db, pipeline)` reads in this process (tests, small runs);
- `process_parallel(db, settings, workers=N)` spreads the reading over N worker
  processes.  Each worker builds its Pipeline once (models load once per
  process) and turns documents into the extract contract; only the parent
  writes to the KB, so SQLite sees one writer.

Each document's facts are written all or nothing, WRITE_BATCH documents
per transaction (`kb.store.write_batch`): a commit per document rewrote the
same index and FTS pages for every one.

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
from kb.store import mark_failed, pending_documents, save_extraction, write_batch

log = logging.getLogger("icic.process")
# Documents per transaction.  1 for now: tests/test_same_kb kills a run mid-way and needs to see its
# progress document by document; reading (15-40 documents/s a core) dwarfs a commit, and
# kb.store.write_batch(db, 100) is there for bulk writers (bench kb: ~5x fewer bytes per document).
WRITE_BATCH = 1
WRITE_SECONDS = 0.2


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


def _store(batch, row: dict, result: Optional[dict], error: Optional[str], stats: ProcessStats) -> None:
    """Write one outcome in the write batch: the facts (all or nothing), or the failure with its reason."""
    if error is None:
        batch.add(save_extraction, row["id"], result, PIPELINE_VERSION)
        stats.processed += 1
        return
    log.warning("document %s (%s): %s", row["id"], row["url"], error)
    batch.add(mark_failed, row["id"], PIPELINE_VERSION, error)
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
    """Process pending documents in this process, each document's facts all or nothing.  `pipeline`
    should be fresh (its registry as seeded): its registry is frozen from here on."""
    pipeline.resources.settings = frozen(pipeline.resources.settings)
    stats = ProcessStats()
    with write_batch(db, WRITE_BATCH, WRITE_SECONDS) as batch:
        for row in pending_documents(db, PIPELINE_VERSION, limit=limit):
            if _is_empty(db, row, stats):
                continue
            try:
                result, error = read_document(pipeline, row, doc_timeout), None
            except Exception as exc:  # one bad article never stops the run
                result, error = None, f"{type(exc).__name__}: {exc}"
            _store(batch, row, result, error, stats)
            if progress:
                progress(stats)
    return stats


# --- the worker side: one Pipeline per process, built by the pool's initializer -------------------
_WORKER_PIPELINE: Optional[Pipeline] = None
_WORKER_TIMEOUT: Optional[float] = None
_FORKED_PIPELINE: Optional[Pipeline] = None   # the parent's, models loaded, while it forks its workers


def _init_worker(factory: Callable[[Settings], Pipeline], settings: Settings, doc_timeout: Optional[float],
                 parent: int) -> None:
    global _WORKER_PIPELINE, _WORKER_TIMEOUT
    from crawler.children import die_with_parent

    die_with_parent(parent)  # a worker must not outlive `icic process` (it would hold the run lock on)
    # forked: the parent's pipeline, its models already in memory (shared until written); spawned: a new one
    _WORKER_PIPELINE, _WORKER_TIMEOUT = _FORKED_PIPELINE or factory(settings), doc_timeout


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
    context = _context()
    first = _read_first_in_parent(rows, factory, settings, doc_timeout) if context.get_start_method() == "fork" else {}
    rest = [row for doc_id, row in rows.items() if doc_id not in first]
    # chunks small enough that the workers finish together (the last one waits for nobody)
    chunk = max(1, min(batch_size, len(rest) // (workers * 16) or 1))
    try:
        with context.Pool(max(1, min(workers, len(rest))), initializer=_init_worker,
                          initargs=(factory, settings, doc_timeout, os.getpid())) as pool, \
                write_batch(db, WRITE_BATCH, WRITE_SECONDS) as batch:
            # imap, not imap_unordered: writes in publication order, as the single-process path does, so
            # new KB entities get their ids in the same order and two runs give the same KB
            read = pool.imap(_work, _slim(rest), chunksize=chunk)
            for doc_id in rows:
                _, result, error = first[doc_id] if doc_id in first else next(read)
                _store(batch, rows[doc_id], result, error, stats)
                if progress:
                    progress(stats)
    finally:
        _forget_parent_pipeline()
    return stats


def _read_first_in_parent(rows: dict, factory, settings: Settings, doc_timeout: Optional[float]) -> dict:
    """Read the first document of each language hint here, before the workers fork: the models they
    need load once, in the parent, and the forked workers start with them in memory instead of
    each loading its own while the other waits for a core.  {document id: (id, result, error)}."""
    global _FORKED_PIPELINE, _WORKER_PIPELINE, _WORKER_TIMEOUT
    import gc

    _FORKED_PIPELINE = _WORKER_PIPELINE = factory(settings)
    _WORKER_TIMEOUT = doc_timeout
    firsts: dict[Optional[str], int] = {}
    for doc_id, row in rows.items():
        firsts.setdefault(row["lang_hint"], doc_id)
    done = {doc_id: _work(next(_slim([rows[doc_id]]))) for doc_id in firsts.values()}
    gc.freeze()   # the loaded models' objects stay out of the workers' collections: their pages stay shared
    return done


def _forget_parent_pipeline() -> None:
    global _FORKED_PIPELINE, _WORKER_PIPELINE
    import gc

    _FORKED_PIPELINE = _WORKER_PIPELINE = None
    gc.unfreeze()


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
