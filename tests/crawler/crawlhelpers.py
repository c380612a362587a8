"""Helpers of the crawler tests: the sample site, its manifest, a config without delays, a crawl over real HTTP."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "samples" / "site"
DEMO_SOURCES = ROOT / "crawler" / "demo_sources.yaml"


def manifest() -> list[dict]:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


def fast_config(**crawl):
    """The default configuration with polite delays off (local servers only) and short timeouts."""
    from icic.config import load_config

    config = load_config()
    # The sample site is a fixed archive (2024–2026): no age bound, unless a test sets one.
    values = {"download_delay": 0.0, "autothrottle": False, "timeout": 5.0, "retry_backoff": 0.1,
              "max_age_days": 0, **crawl}
    return config.model_copy(update={"crawl": config.crawl.model_copy(update=values)})


def crawl_site(site, db_path, sources_file=DEMO_SOURCES, **crawl):
    """Crawl a served site with the given sources file; returns the run's stats."""
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    return run_crawl(fast_config(**crawl), db_path, load_sources(sources_file, base=site.base_url), timeout=180)
