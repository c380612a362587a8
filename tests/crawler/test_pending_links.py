"""Interrupted, limited or partly failed crawls lose no article (issue 13, item 5): a route's validators
are kept only once everything it listed is stored or queued in pending_links; failed articles are
tried again on later runs, after a backoff; a killed run is marked interrupted."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from crawlhelpers import DEMO_SOURCES, ROOT, crawl_site, fast_config, manifest
from hostile import HostileServer, page, rss, source, sources_file
from kb import open_db

pytestmark = pytest.mark.slow
ARTICLES = {a["url"] for a in manifest()}


def stored(db_path) -> set[str]:
    return {urlsplit(r["url"]).path for r in open_db(db_path).query("select url from documents")}


def stored_now(db_path) -> int:
    """How many sample articles a running crawl has stored (read-only: the crawl owns the schema)."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            urls = [r[0] for r in conn.execute("select url from documents")]
    except sqlite3.OperationalError:        # not created yet
        return 0
    return len({urlsplit(u).path for u in urls} & ARTICLES)


def test_max_pages_runs_add_up_to_every_article(tmp_path):
    """Ten articles per run: each next run takes the next ten, though every route answers 304."""
    from crawler.devserver import serve_site

    db_path, runs = tmp_path / "kb.sqlite", 0
    with serve_site(ROOT / "samples" / "site") as site:
        while runs < 12:
            stats = crawl_site(site, db_path, max_pages=10)
            runs += 1
            if stats["totals"]["new"] + stats["totals"]["duplicates"] == 0:
                break
        assert stats["totals"]["not_modified"] > 0                # the routes themselves were not re-read
    assert stored(db_path) == ARTICLES
    assert runs <= 8


KILLER = """
import sys
from crawlhelpers import crawl_site
from crawler.devserver import SiteServer
class Site: base_url = sys.argv[1]
crawl_site(Site, sys.argv[2], download_delay=0.2)
"""


def crawl_and_kill(base_url: str, db_path, after: int) -> None:
    """Run a crawl in its own process group and kill -9 the whole group once `after` articles are stored."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "crawler"), str(ROOT)])}
    proc = subprocess.Popen([sys.executable, "-c", KILLER, base_url, str(db_path)], env=env, start_new_session=True,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db_path.exists() and stored_now(db_path) >= after:
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert after <= stored_now(db_path) < len(ARTICLES), "the crawl did not run, or finished before it was killed"


@pytest.mark.parametrize("after", [15, 35])
def test_killed_crawl_loses_nothing(tmp_path, after):
    from crawler.devserver import serve_site

    db_path = tmp_path / "kb.sqlite"
    with serve_site(ROOT / "samples" / "site") as site:
        crawl_and_kill(site.base_url, db_path, after)
        stats = crawl_site(site, db_path)
    assert stored(db_path) == ARTICLES
    assert stats["status"] == "finished"
    statuses = [r["status"] for r in open_db(db_path).query("select status from crawl_runs order by id")]
    assert statuses == ["interrupted", "finished"]


def test_failed_article_is_retried_on_a_later_run(tmp_path):
    body = page("Bus route", "A new bus route links the two border villages from Monday.",
                "Buses run every hour in both directions.")
    with HostileServer() as site:
        site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([f"{site.base}/news/bus.html"]))
        site.routes["/news/bus.html"] = lambda h, hit: (503, {}, b"busy") if hit == 1 else (200, {}, body)
        sources = sources_file(tmp_path, [source("site", f"{site.base}/", [f"{site.base}/feed.xml"])])

        def run(backoff):
            from crawler.run import run_crawl
            from crawler.sources import load_sources

            return run_crawl(fast_config(retry_times=0, pending_backoff=backoff), tmp_path / "kb.sqlite",
                             load_sources(sources), timeout=60)

        first = run(0)
        assert first["totals"]["errors"] == {"http_503": 1}
        second = run(0)
        assert second["totals"]["not_modified"] == 1 and second["totals"]["new"] == 1
    assert stored(tmp_path / "kb.sqlite") == {"/news/bus.html"}
    assert open_db(tmp_path / "kb.sqlite")["pending_links"].count == 0


def test_backoff_waits_before_the_next_try(tmp_path):
    with HostileServer() as site:
        site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([f"{site.base}/news/gone.html"]))
        sources = sources_file(tmp_path, [source("site", f"{site.base}/", [f"{site.base}/feed.xml"])])
        from crawler.run import run_crawl
        from crawler.sources import load_sources

        for _ in range(2):
            run_crawl(fast_config(retry_times=0, pending_backoff=3600), tmp_path / "kb.sqlite", load_sources(sources),
                      timeout=60)
        asked = site.paths().count("/news/gone.html")
    row = next(open_db(tmp_path / "kb.sqlite").query("select * from pending_links"))
    assert asked == 1 and row["attempts"] == 1 and row["last_error"].startswith("http_404")


def test_backoff_doubles_and_gives_up(tmp_path):
    import datetime as dt

    from kb import pending

    db = open_db(tmp_path / "kb.sqlite")
    pending.queue(db, [{"url": "http://127.0.0.1:1/a.html", "source_id": "s"}])
    waits = []
    for _ in range(pending.MAX_ATTEMPTS):
        row = pending.failed(db, "http://127.0.0.1:1/a.html", "http_503: HTTP 503", backoff=60)
        waits.append(dt.datetime.fromisoformat(row["next_try"]) - dt.datetime.now(dt.timezone.utc))
    assert [round(w.total_seconds() / 60) for w in waits[:4]] == [1, 2, 4, 8]
    assert row["status"] == "abandoned" and pending.due(db, dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)) == []
