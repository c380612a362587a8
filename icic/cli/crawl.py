"""`icic crawl`: fetch the news from the configured sources into the knowledge base."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, open_kb, pass_state


@cli.command()
@db_option
@pass_state
def crawl(state, db_path):
    """Crawl the sources (feeds, sitemaps, listing pages) into the knowledge base.

    \b
    Example:
        icic crawl --db data/icic.sqlite
    """
    from crawler.run import run_crawl

    open_kb(state, db_path)
    stats = run_crawl(state.config, db_path or state.config.kb.path)
    click.echo(stats)
