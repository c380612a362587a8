"""The `icic` command line: a thin layer that wires crawler, nlp, kb and reports."""
from icic.cli.base import cli

# Each module adds its commands to the group.
from icic.cli import crawl, extract, ingest, process, kb, digest, run, demo, sources  # noqa: E402,F401


def main() -> None:
    cli(prog_name="icic")


__all__ = ["cli", "main"]
