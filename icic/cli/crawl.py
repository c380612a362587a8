"""`icic crawl`: fetch the news from the configured sources into the knowledge base."""
from __future__ import annotations

import sys
import time
from typing import Optional

import click

from icic.cli.base import cli, db_option, emit, format_option, open_kb, pass_state

COLUMNS = ["source", "fetched", "new", "updated", "duplicates", "reprints", "relevant", "not_modified", "errors"]


def stats_rows(stats: dict) -> list[dict]:
    """One row per source (and a total) of a crawl run's stats, for the closing table."""
    rows = []
    for sid, counts in sorted(stats.get("sources", {}).items()) + [("TOTAL", stats.get("totals", {}))]:
        errors = counts.get("errors") or {}
        rows.append({
            "source": sid, "fetched": counts.get("fetched", 0), "new": counts.get("new", 0),
            "updated": counts.get("updated", 0), "duplicates": counts.get("duplicates", 0),
            "reprints": counts.get("near_duplicates", 0), "relevant": counts.get("relevant", 0),
            "not_modified": counts.get("not_modified", 0),
            "errors": _errors_cell(errors, counts.get("skipped_host", 0)),
        })
    return rows


def _errors_cell(errors: dict, skipped_host: int) -> str:
    """Faults by kind, and the requests a dead host's circuit breaker dropped (counted once)."""
    cell = ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items()))
    if skipped_host:
        cell += f"{'; ' if cell else ''}{skipped_host} skipped (host down)"
    return cell or "-"


class Progress:
    """Prints the running totals to stderr: one rewritten line on a terminal, a line every 5 s otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.shown = None

    def __call__(self, stats: dict) -> None:
        totals = stats.get("totals") or {}
        errors = sum((totals.get("errors") or {}).values())
        line = (f"crawling: {totals.get('fetched', 0)} fetched, {totals.get('new', 0)} new, "
                f"{totals.get('updated', 0)} updated, {errors} errors")
        if line == self.shown or (not self.tty and time.monotonic() - self.last < 5):
            return
        click.echo(("\r" + line) if self.tty else line, err=True, nl=not self.tty)
        self.shown, self.last = line, time.monotonic()

    def done(self) -> None:
        if self.tty and self.shown:
            click.echo("", err=True)


@cli.command()
@db_option
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False),
              help="Sources file to crawl (default: `sources` of the configuration, else the shipped one).")
@click.option("--base", help="Base URL put in place of {base} in the sources file (local test sites).")
@click.option("--frontier", help="Share the request queue and seen-set on Redis: redis://HOST:PORT/DB.")
@click.option("--max-pages", type=click.IntRange(min=0), help="Fetch at most this many article pages (0 = no limit).")
@click.option("--no-delay", is_flag=True,
              help="No download delay or AutoThrottle: only for servers you run yourself.")
@format_option
@pass_state
def crawl(state, db_path, sources_path: Optional[str] = None, base: Optional[str] = None,
          frontier: Optional[str] = None, max_pages: Optional[int] = None, no_delay: bool = False,
          fmt: str = "table"):
    """Crawl the sources (feeds, sitemaps, listing pages, site search) into the knowledge base.

    Politely: robots.txt obeyed, one request per site at a time, a delay between requests, retries
    that honour Retry-After.  Articles already stored are not fetched again; feeds, sitemaps and
    listings are asked for with conditional GET.  Ends with a table per source.

    \b
    Example:
        icic crawl --db data/icic.sqlite
        icic crawl --sources my-sources.yaml --frontier redis://127.0.0.1:6379/0
    """
    from crawler.run import CrawlError, run_crawl
    from crawler.sources import SourcesError, load_sources

    config = state.config
    if no_delay:
        config = config.model_copy(update={"crawl": config.crawl.model_copy(
            update={"download_delay": 0.0, "autothrottle": False})})
    path = db_path or config.kb.path
    open_kb(state, db_path).close()
    try:
        sources = load_sources(sources_path or config.sources_path(), base=base)
        progress = Progress()
        stats = run_crawl(config, path, sources, frontier=frontier, max_pages=max_pages, progress=progress)
        progress.done()
    except (SourcesError, CrawlError) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "table":
        click.echo(f"crawl run {stats['run_id']}: {stats['status']}")
    emit(stats_rows(stats), fmt, COLUMNS)
    fail_if_nothing_reached(stats, [s.id for s in sources])


def fail_if_nothing_reached(stats: dict, source_ids: list[str]) -> None:
    """Exit non-zero, naming what happened to each source, when no source's site answered at all
    (no network, or every host down): a crawl of nothing must not look like a quiet day."""
    from crawler.stats import unreached_sources

    lost = unreached_sources(stats, source_ids)
    if source_ids and len(lost) == len(source_ids):
        raise click.ClickException("no source could be reached: " + "; ".join(f"{sid}: {what}"
                                                                            for sid, what in lost.items()))
