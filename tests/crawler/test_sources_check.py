"""`icic sources check` against the bundled site on 127.0.0.1: one request per route, what each lists."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from icic.cli import cli
from crawlhelpers import DEMO_SOURCES, SITE, manifest

pytestmark = pytest.mark.slow

BROKEN = """
sources:
  - id: broken
    name: Broken
    homepage: '{base}/steppe-herald/'
    country: KZ
    languages: [ru]
    feeds:
      - url: '{base}/steppe-herald/feeds/gone.xml'
        verified: 'contradicted: answers 404'
    listings:
      - url: '{base}/private/secret.html'
        verified: unverified
"""


def check(*args):
    return CliRunner().invoke(cli, ["sources", "check", "--delay", "0", "--format", "json", *args],
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def site():
    from crawler.devserver import serve_site

    with serve_site(SITE) as server:
        yield server


def test_every_route_is_fetched_once_and_summarised(site):
    site.clear_log()
    result = check("--sources", str(DEMO_SOURCES), "--base", site.base_url)
    assert result.exit_code == 0, result.output
    rows = {(r["source"], r["route"]): r for r in json.loads(result.stdout)}
    feed = rows[("steppe-herald", "feed")]
    assert (feed["status"], feed["type"]) == (200, "application/xml")
    newest = max(dt.datetime.fromisoformat(a["published"]) for a in manifest() if a["outlet"] == "steppe-herald")
    assert feed["newest"] == newest.date().isoformat() and feed["items"] > 0
    atom = rows[("oasis-daily", "feed")]
    assert atom["items"] == len([a for a in manifest() if a["outlet"] == "oasis-daily"])
    assert rows[("steppe-herald", "robots")]["items"] == 1           # the sitemap robots.txt names
    assert rows[("steppe-herald", "listing")]["items"] > 5
    paths = [r["path"] for r in site.requests]
    assert paths.count("/robots.txt") == 2                            # the robots route, and the rules once
    assert len(paths) == len(rows) + 1                                # one request per route, nothing crawled
    assert "5 routes: 5 answered with items, 0 did not" in result.stderr


def test_dead_routes_are_named_and_exit_1(site, tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text(BROKEN, encoding="utf-8")
    result = check("--sources", str(sources), "--base", site.base_url)
    assert result.exit_code == 1
    rows = {r["route"]: r for r in json.loads(result.stdout)}
    assert rows["feed"]["status"] == 404 and rows["feed"]["verified"] == "contradicted: answers 404"
    assert rows["listing"]["note"] == "disallowed by robots.txt" and rows["listing"]["status"] == "-"
    assert rows["listing"]["verified"] == "unverified"


def test_unknown_source_is_a_usage_error():
    result = CliRunner().invoke(cli, ["sources", "check", "--source", "nope"])
    assert result.exit_code == 2 and "no such source: nope" in result.output
