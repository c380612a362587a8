"""`icic process`: read the documents the current pipeline has not read."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, open_kb, pass_state
from icic.config import MAX_WORKERS


def pending_count(db, limit=None) -> int:
    """How many documents the current pipeline has still to read (for the progress bar's total)."""
    from nlp.pipeline import PIPELINE_VERSION

    n = db.execute("select count(*) from documents where pipeline_version is null or pipeline_version != ?",
                   [PIPELINE_VERSION]).fetchone()[0]
    return min(n, limit) if limit else n


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), help="Process at most this many documents.")
@click.option("--workers", type=click.IntRange(0, MAX_WORKERS),
              help="Worker processes (default: nlp.workers; 0 = one per core; never more than the cores).")
@pass_state
def process(state, db_path, limit, workers):
    """Read every document not yet processed by the current pipeline version.

    Uses every core (nlp.workers); the parent process writes each document's
    facts in one transaction.  Idempotent: a second run changes nothing; a new
    pipeline version reprocesses.  A document that fails is logged and skipped.

    \b
    Example:
        icic process --db data/icic.sqlite
        icic process --workers 2 --limit 100
    """
    from icic.cli.extract import build_pipeline
    from icic.cli.progress import ProcessProgress
    from icic.process import persist_registry, process_parallel

    cfg = state.config.nlp
    # build_pipeline is cheap (models load lazily): it gives the Settings each worker rebuilds from
    db = open_kb(state, db_path)
    pipeline = build_pipeline(state)
    # the registry first, every run: its aliases are then stored the same way whatever batch, kill or
    # order the documents came in (an alias keeps the language it was first stored with)
    persist_registry(db, pipeline)
    with ProcessProgress(pending_count(db, limit)) as progress:
        stats = process_parallel(db, pipeline.resources.settings, workers=cfg.workers if workers is None else workers,
                                 limit=limit, batch_size=cfg.batch_size, doc_timeout=cfg.doc_timeout or None,
                                 progress=progress)
    click.echo(f"processed {stats.processed}, failed {stats.failed}, skipped {stats.skipped}")
