"""`icic run` (crawl → process → digest) and `icic demo`."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, pass_state


@cli.command()
@db_option
@click.pass_context
def run(ctx, db_path):
    """Crawl, process, then build the digest: the daily job.

    \b
    Example:
        icic run
    """
    from icic.cli.crawl import crawl
    from icic.cli.digest import digest
    from icic.cli.kb import process

    ctx.invoke(crawl, db_path=db_path)
    ctx.invoke(process, db_path=db_path)
    ctx.invoke(digest, db_path=db_path)
