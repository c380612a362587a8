"""`icic sources check`: is each route of the sources file alive, and what does it list?"""
from __future__ import annotations

from typing import Optional

import click

from icic.cli.base import cli, emit, format_option, pass_state

COLUMNS = ["source", "route", "url", "status", "type", "items", "newest", "note"]


@cli.group()
def sources():
    """The outlets of the sources file and their routes.

    \b
    Example:
        icic sources check --source kun-uz
    """


@sources.command("check")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False),
              help="Sources file to check (default: `sources` of the configuration, else the shipped one).")
@click.option("--base", help="Base URL put in place of {base} in the sources file (local test sites).")
@click.option("--source", "only", multiple=True, help="Only this source id (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--delay", type=click.FloatRange(min=0.0),
              help="Seconds between two requests to one host (default: crawl.download_delay).")
@format_option
@pass_state
def check(state, sources_path: Optional[str], base: Optional[str], only: tuple[str, ...], timeout: float,
          delay: Optional[float], fmt: str):
    """Fetch every route once (feeds, sitemaps, robots.txt, listings, one search) and print its HTTP
    status, content type, item count and newest item date.  Polite: robots.txt obeyed, one request at
    a time.  Exits 1 when a route gave no items.

    \b
    Example:
        icic sources check
        icic sources check --source kun-uz --format json
    """
    from crawler.check import check_sources
    from crawler.settings import _user_agent
    from crawler.sources import SourcesError, load_sources, topic_terms

    config = state.config
    try:
        chosen = load_sources(sources_path or config.sources_path(), base=base)
        terms = topic_terms(config.topic_path()) if any(s.search for s in chosen) else []
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    unknown = sorted(set(only) - {s.id for s in chosen})
    if unknown:
        raise click.BadParameter(f"no such source: {', '.join(unknown)}", param_hint="--source")
    chosen = [s for s in chosen if not only or s.id in only]
    results = list(check_sources(chosen, terms, user_agent=_user_agent(config.crawl.user_agent,
                                                                       config.crawl.contact_url),
                                 timeout=timeout, delay=config.crawl.download_delay if delay is None else delay))
    emit([r.row() for r in results], fmt, COLUMNS)
    failed = [r for r in results if r.error or r.status != 200]
    click.echo(f"{len(results)} routes: {len(results) - len(failed)} answered with items, {len(failed)} did not",
               err=True)
    if failed:
        raise SystemExit(1)
