"""`icic process`: read every document the current pipeline has not read, store the facts."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from nlp.pipeline import PIPELINE_VERSION, Pipeline
from kb.store import mark_failed, pending_documents, save_extraction

log = logging.getLogger("icic.process")


@dataclass
class ProcessStats:
    processed: int = 0
    failed: int = 0
    skipped: int = 0


def process_pending(db, pipeline: Pipeline, *, limit: int | None = None, progress=None) -> ProcessStats:
    """Process pending documents one transaction each; a failing document is logged and skipped."""
    stats = ProcessStats()
    for row in pending_documents(db, PIPELINE_VERSION, limit=limit):
        if not (row["text"] or "").strip():
            mark_failed(db, row["id"], PIPELINE_VERSION, "empty article")
            log.warning("document %s (%s): empty article, skipped", row["id"], row["url"])
            stats.skipped += 1
            continue
        try:
            doc = pipeline(row["text"], row["published"], lang_hint=row["lang_hint"], title=row["title"])
            save_extraction(db, row["id"], doc.to_json(), PIPELINE_VERSION)
            stats.processed += 1
        except Exception as exc:  # one bad article never stops the run
            log.warning("document %s (%s): %s: %s", row["id"], row["url"], type(exc).__name__, exc)
            mark_failed(db, row["id"], PIPELINE_VERSION, f"{type(exc).__name__}: {exc}")
            stats.failed += 1
        if progress:
            progress(stats)
    return stats
