"""`icic crawl`: fetch the news from the configured sources into the knowledge base."""
from __future__ import annotations

import json
from typing import Optional

import click

from icic.cli.base import cli, db_option, format_option, open_kb, pass_state
from icic.cli.output import Column, emit
from icic.cli.progress import CrawlProgress

# robots.txt forbidding a page is the crawl being polite, not a fault: it has its own column.
POLITE = ("robots_disallowed",)
COLUMNS = [Column("source"), Column("fetched", "number"), Column("new", "number"), Column("updated", "number"),
           Column("duplicates", "number"), Column("reprints", "number"), Column("not_modified", "number"),
           Column("robots", "number"), Column("errors"), Column("skipped_host", "number", in_table=False)]


def _row(source: str, counts: dict) -> dict:
    """One source's counters: errors as {kind: n} (robots.txt refusals counted apart, as `robots`)."""
    errors = dict(sorted((counts.get("errors") or {}).items()))
    return {"source": source, "fetched": counts.get("fetched", 0), "new": counts.get("new", 0),
            "updated": counts.get("updated", 0), "duplicates": counts.get("duplicates", 0),
            "reprints": counts.get("near_duplicates", 0), "not_modified": counts.get("not_modified", 0),
            "robots": sum(errors.pop(kind, 0) for kind in POLITE), "errors": errors,
            "skipped_host": counts.get("skipped_host", 0)}


def stats_rows(stats: dict) -> list[dict]:
    """One row per source of a crawl run's stats."""
    return [_row(sid, counts) for sid, counts in sorted(stats.get("sources", {}).items())]


def total_row(stats: dict) -> dict:
    return _row("total", stats.get("totals", {}))


def _errors_cell(errors: dict, skipped_host: int) -> str:
    """Faults by kind, and the requests a dead host's circuit breaker dropped (counted once)."""
    cell = ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items()))
    if skipped_host:
        cell += f"{'; ' if cell else ''}{skipped_host} skipped (host down)"
    return cell


def _errors_text(row: dict) -> dict:
    return {**row, "errors": _errors_cell(row["errors"], row["skipped_host"])}


def print_crawl(stats: dict, fmt: str) -> None:
    """The closing report: a table per source with a total line, or the stats as JSON/CSV."""
    rows = stats_rows(stats)
    if fmt == "json":
        click.echo(json.dumps({"run_id": stats["run_id"], "status": stats["status"], "sources": rows,
                               "totals": total_row(stats)}, ensure_ascii=False, indent=2))
    elif fmt == "table":
        emit([_errors_text(r) for r in rows + [total_row(stats)]], fmt, COLUMNS,
             title=f"crawl run {stats['run_id']}: {stats['status']}")
    else:
        emit(rows if fmt == "jsonl" else [_errors_text(r) for r in rows], fmt, COLUMNS)


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
    listings are asked for with conditional GET.  Shows live progress on a terminal and ends with
    a table per source (pages robots.txt forbids are counted under `robots`, not as errors).

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
        with CrawlProgress(max_pages if max_pages is not None else config.crawl.max_pages) as progress:
            stats = run_crawl(config, path, sources, frontier=frontier, max_pages=max_pages, progress=progress)
    except (SourcesError, CrawlError) as exc:
        raise click.ClickException(str(exc)) from None
    print_crawl(stats, fmt)
    fail_if_nothing_reached(stats, [s.id for s in sources])


def fail_if_nothing_reached(stats: dict, source_ids: list[str]) -> None:
    """Exit non-zero, naming what happened to each source, when no source's site answered at all
    (no network, or every host down): a crawl of nothing must not look like a quiet day."""
    from crawler.stats import unreached_sources

    lost = unreached_sources(stats, source_ids)
    if source_ids and len(lost) == len(source_ids):
        raise click.ClickException("no source could be reached: " + "; ".join(f"{sid}: {what}"
                                                                            for sid, what in lost.items()))
