"""`icic process`: read every document the current pipeline has not read, store the facts.

Two paths over the same rules:

- `process_pending(db, pipeline)` reads in this process (tests, small runs);
- `process_parallel(db, settings, workers=N)` spreads the reading over N worker
  processes.  Each worker builds its Pipeline once (models load once per
  process) and turns documents into the extract contract; only the parent
  writes to the KB, so SQLite sees one writer.

Each document's facts are written all or nothing, up to WRITE_BATCH documents
per transaction (`kb.store.write_batch`): a commit per document rewrote the
same index and FTS pages for every one.

Both are idempotent: a document already processed by PIPELINE_VERSION is not
pending, so a second run changes nothing, and a new version reprocesses.  A
document that fails is logged with its reason, marked failed for this
version, and skipped; the run goes on.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from nlp.pipeline import PIPELINE_VERSION, Pipeline, Settings
from kb.entities import save_registry_rows
from kb.store import mark_failed, pending_documents, save_extraction, write_batch

log = logging.getLogger("icic.process")
WRITE_BATCH = 100   # documents per transaction (and at most a second of holding the write lock)


@dataclass
class ProcessStats:
    processed: int = 0
    failed: int = 0
    skipped: int = 0


def read_document(pipeline: Pipeline, row: dict) -> dict:
    """The extract contract of one stored document."""
    doc = pipeline(row["text"], row["published"], lang_hint=row["lang_hint"], title=row["title"])
    return doc.to_json()


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


def process_pending(db, pipeline: Pipeline, *, limit: int | None = None, progress=None) -> ProcessStats:
    """Process pending documents in this process, each document's facts all or nothing."""
    stats = ProcessStats()
    with write_batch(db, WRITE_BATCH) as batch:
        for row in pending_documents(db, PIPELINE_VERSION, limit=limit):
            if _is_empty(db, row, stats):
                continue
            try:
                result, error = read_document(pipeline, row), None
            except Exception as exc:  # one bad article never stops the run
                result, error = None, f"{type(exc).__name__}: {exc}"
            _store(batch, row, result, error, stats)
            if progress:
                progress(stats)
    return stats


# --- the worker side: one Pipeline per process, built by the pool's initializer -------------------
_WORKER_PIPELINE: Optional[Pipeline] = None


def _init_worker(factory: Callable[[Settings], Pipeline], settings: Settings) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = factory(settings)


def _work(row: dict) -> tuple[int, Optional[dict], Optional[str]]:
    """(document id, result, error) — exceptions come back as text, never kill the pool."""
    try:
        return row["id"], read_document(_WORKER_PIPELINE, row), None
    except Exception as exc:
        return row["id"], None, f"{type(exc).__name__}: {exc}"


def worker_count(configured: int) -> int:
    """`nlp.workers`: 0 means one per core."""
    return configured if configured > 0 else (os.cpu_count() or 1)


def process_parallel(db, settings: Settings, *, workers: int = 0, limit: int | None = None, batch_size: int = 16,
                     progress: Optional[Callable[[ProcessStats], None]] = None,
                     factory: Callable[[Settings], Pipeline] = Pipeline) -> ProcessStats:
    """Process pending documents on `workers` processes (0 = every core); the parent writes.

    `factory(settings)` builds each worker's pipeline once (a module-level callable: it
    travels to the workers by name).
    """
    workers = worker_count(workers)
    if workers == 1:
        return process_pending(db, factory(settings), limit=limit, progress=progress)
    stats = ProcessStats()
    rows = {row["id"]: row for row in pending_documents(db, PIPELINE_VERSION, limit=limit)
            if not _is_empty(db, row, stats)}
    if not rows:
        return stats
    # chunks small enough that the workers finish together (the last one waits for nobody)
    chunk = max(1, min(batch_size, len(rows) // (workers * 16) or 1))
    with _context().Pool(min(workers, len(rows)), initializer=_init_worker,
                                   initargs=(factory, settings)) as pool, write_batch(db, WRITE_BATCH) as batch:
        # imap, not imap_unordered: writes in document order, as the single-process path does, so the
        # registry grows the same way and two runs give the same KB
        for doc_id, result, error in pool.imap(_work, _slim(rows.values()), chunksize=chunk):
            _store(batch, rows[doc_id], result, error, stats)
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
