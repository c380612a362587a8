"""Fixtures of the crawler tests: the sample site, a crawl of it over real HTTP, a config without delays."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "samples" / "site"
DEMO_SOURCES = ROOT / "crawler" / "demo_sources.yaml"


def manifest() -> list[dict]:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


def fast_config(**crawl):
    """The default configuration with polite delays off (local servers only) and short timeouts."""
    from icic.config import load_config

    config = load_config()
    values = {"download_delay": 0.0, "autothrottle": False, "timeout": 5.0, "retry_backoff": 0.1, **crawl}
    return config.model_copy(update={"crawl": config.crawl.model_copy(update=values)})


def crawl_site(site, db_path, sources_file=DEMO_SOURCES, **crawl):
    """Crawl a served site with the given sources file; returns the run's stats."""
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    return run_crawl(fast_config(**crawl), db_path, load_sources(sources_file, base=site.base_url), timeout=180)


@pytest.fixture
def site_copy(tmp_path):
    """A private copy of the sample site a test may change."""
    if not (SITE / "manifest.json").exists():
        pytest.skip("samples/site has not been generated")
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site served on 127.0.0.1 and crawled twice into one KB: (site, db path, first, second)."""
    from crawler.devserver import serve_site

    if not (SITE / "manifest.json").exists():
        pytest.skip("samples/site has not been generated")
    db_path = tmp_path_factory.mktemp("crawl") / "kb.sqlite"
    with serve_site(SITE) as site:
        first = crawl_site(site, db_path)
        first_log = site.requests
        site.clear_log()
        second = crawl_site(site, db_path)
        yield {"site": site, "db": db_path, "first": first, "second": second, "first_log": first_log,
               "second_log": site.requests}
