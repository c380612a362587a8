"""`icic demo`: the main job end to end on the bundled sample site."""
from __future__ import annotations

import click

from icic.cli.base import cli, pass_state


@cli.command()
@pass_state
def demo(state):
    """Serve the bundled sample site on 127.0.0.1, crawl it, process it, write a dry-run digest.

    \b
    Example:
        icic demo
    """
    raise click.ClickException("the demo is not wired yet")
