"""`icic demo`: the main job end to end on the bundled sample site.

Serves `samples/site/` on 127.0.0.1 (a free port), crawls it with the
project's spider over real HTTP, processes every article, writes a dry-run
digest and prints a summary of what the knowledge base now holds.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from icic.cli.base import cli, open_kb, pass_state
from icic.cli.output import Column, emit

ROOT = Path(__file__).resolve().parents[2]


def digest_day(site: Path, tz_name: str) -> dt.date:
    """The morning after the newest sample article (local time): its digest covers the site's last day."""
    from zoneinfo import ZoneInfo

    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    newest = max(dt.datetime.fromisoformat(a["published"]) for a in manifest)
    return newest.astimezone(ZoneInfo(tz_name)).date() + dt.timedelta(days=1)


def summary(db) -> None:
    """Print what the knowledge base holds: documents by language, relevance, money, commitments."""
    click.echo("\nArticles by language and script")
    emit(list(db.query(
        "select lang, script, count(*) as articles, sum(relevance = 'about') as about, "
        "sum(relevance = 'related') as related from documents group by lang, script order by articles desc")),
        "table")
    money = list(db.query(
        "select m.text, m.amount, m.currency, d.lang from money m join documents d on d.id = m.document_id "
        "where d.relevance = 'about' order by m.amount * coalesce(m.usd / nullif(m.amount, 0), 1) desc limit 8"))
    total = db.execute("select count(*) from money").fetchone()[0]
    click.echo(f"\nMoney figures: {total} (the largest in articles about the center)")
    emit(money, "table", [Column("text"), Column("amount", "money"), Column("lang")])
    commitments = db.execute("select count(*) from commitments").fetchone()[0]
    tracks = db.execute("select count(*) from tracks").fetchone()[0]
    click.echo(f"\nCommitments: {commitments} reports in {tracks} tracks")
    from reports.render import status_words

    statuses = db.query("select status, count(*) as reports from commitments group by status order by reports desc")
    emit([{**r, "status": status_words(r["status"]) or "not reported"} for r in statuses], "table")


@cli.command()
@click.option("--site", type=click.Path(file_okay=False, exists=True), default=str(ROOT / "samples" / "site"),
              show_default=True, help="The static site to serve and crawl.")
@click.option("--port", type=int, default=0, show_default=True, help="Port for the site (0 = a free one).")
@click.option("--db", "db_path", default="data/icic.sqlite", show_default=True, help="Knowledge base to fill.")
@click.option("--out", "out_dir", default="out", show_default=True, help="Folder for the digest files.")
@pass_state
def demo(state, site, port, db_path, out_dir):
    """Serve the bundled sample site on 127.0.0.1, crawl it, process it, write a dry-run digest.

    \b
    Example:
        icic demo --db data/icic.sqlite --out out
    """
    from crawler.devserver import PortInUse, serve_site
    from crawler.run import CrawlError, run_crawl
    from crawler.sources import load_sources

    from crawler import sources as sources_module

    DEMO_SOURCES = Path(sources_module.__file__).parent / "demo_sources.yaml"
    from icic.cli.crawl import print_crawl
    from icic.cli.extract import build_pipeline
    from icic.cli.process import pending_count
    from icic.cli.progress import CrawlProgress, ProcessProgress
    from icic.process import persist_registry, process_pending
    from reports.digest import write_digest

    if not (Path(site) / "manifest.json").is_file():
        raise click.ClickException(f"{site}: not a sample site (no manifest.json; see samples/build_site.py)")
    config = state.config
    # The site is our own, on loopback: no need to wait between requests.
    config.crawl.download_delay = 0.0
    config.crawl.autothrottle = False
    try:
        server = serve_site(site, port=port)
    except PortInUse as exc:
        raise click.ClickException(str(exc)) from None
    with server:
        click.echo(f"serving {site} at {server.base_url}")
        sources = load_sources(DEMO_SOURCES, base=server.base_url)
        db = open_kb(state, db_path)
        try:
            with CrawlProgress() as progress:
                stats = run_crawl(config, db_path, sources, progress=progress)
        except CrawlError as exc:
            raise click.ClickException(str(exc)) from None
    print_crawl(stats, "table")
    pipeline = build_pipeline(state)
    persist_registry(db, pipeline)      # the registry first: its aliases are stored the same whatever is read
    with ProcessProgress(pending_count(db)) as progress:
        result = process_pending(db, pipeline, doc_timeout=config.nlp.doc_timeout or None, progress=progress)
    click.echo(f"processed {result.processed}, failed {result.failed}, skipped {result.skipped}")
    day = digest_day(Path(site), config.digest.timezone)
    for path in write_digest(db, config, day, out_dir):
        click.echo(f"digest: {path}")
    summary(db)
