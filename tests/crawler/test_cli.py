"""`icic crawl` end to end over the sample site."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from icic.cli import cli
from crawlhelpers import DEMO_SOURCES, SITE, manifest

pytestmark = pytest.mark.slow


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def site():
    from crawler.devserver import serve_site

    with serve_site(SITE) as server:
        yield server


def test_crawl_prints_a_table_per_source(site, tmp_path):
    db = tmp_path / "kb.sqlite"
    result = run("crawl", "--db", str(db), "--sources", str(DEMO_SOURCES), "--base", site.base_url, "--no-delay")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "crawl run 1: finished"
    assert lines[1].split() == ["source", "fetched", "new", "updated", "duplicates", "reprints", "relevant",
                                "not_modified", "errors"]
    rows = {line.split()[0]: line.split() for line in lines[3:]}
    assert set(rows) == {"steppe-herald", "oasis-daily", "TOTAL"}
    assert int(rows["TOTAL"][2]) == len(manifest())                          # new
    assert "http_404 1" in " ".join(rows["steppe-herald"]) and "robots_disallowed 1" in " ".join(rows["TOTAL"])
    assert "crawling:" in result.stderr                                       # progress while it ran


def test_crawl_json_and_max_pages(site, tmp_path):
    result = run("crawl", "--db", str(tmp_path / "kb.sqlite"), "--sources", str(DEMO_SOURCES), "--base",
                 site.base_url, "--no-delay", "--max-pages", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    total = next(r for r in rows if r["source"] == "TOTAL")
    assert total["fetched"] == 5


@pytest.mark.parametrize("args, message", [
    (["--sources", str(DEMO_SOURCES)], "contains {base} but no base URL was given"),
    (["--sources", "/nonexistent.yaml"], "/nonexistent.yaml: no such sources file"),
])
def test_crawl_errors_are_one_line(tmp_path, args, message):
    result = run("crawl", "--db", str(tmp_path / "kb.sqlite"), *args)
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_crawl_help_has_example():
    result = run("crawl", "--help")
    assert "Example" in result.output and "--frontier" in result.output
