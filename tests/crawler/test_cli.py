"""`icic crawl` end to end over the sample site."""
from __future__ import annotations

import json
import re

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
    assert lines[1].split() == ["source", "fetched", "new", "updated", "duplicates", "reprints", "not_modified",
                                "robots", "errors"]                       # no always-0 `relevant` column
    rows = {line.split()[0]: line.split() for line in lines[3:]}
    assert set(rows) == {"steppe-herald", "oasis-daily", "total"}
    assert int(rows["total"][2]) == len(manifest())                          # new
    assert "http_404 1" in " ".join(rows["steppe-herald"])
    assert rows["total"][7] == "1" and "robots_disallowed" not in result.stdout  # robots.txt: counted, no error
    log = result.stderr.splitlines()                                        # no progress when not a terminal:
    assert log and all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d WARNING crawler\.faults: ", line) for line in log), log
    assert not any("robots_disallowed" in line for line in log)          # the log lines, in the CLI's format


def test_crawl_json_and_max_pages(site, tmp_path):
    result = run("crawl", "--db", str(tmp_path / "kb.sqlite"), "--sources", str(DEMO_SOURCES), "--base",
                 site.base_url, "--no-delay", "--max-pages", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"]["fetched"] == 5 and data["status"] == "finished"
    assert {r["source"] for r in data["sources"]} <= {"steppe-herald", "oasis-daily"}  # no TOTAL pseudo-row
    assert all(isinstance(r["errors"], dict) for r in data["sources"])


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


def test_progress_on_a_terminal_with_log_lines_above(site, tmp_path):
    """On a terminal: rich progress (pages, rate, per-source counts) on stderr, each log line on its own."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    master, slave = pty.openpty()
    icic = str(Path(sys.executable).with_name("icic"))
    proc = subprocess.Popen([icic, "crawl", "--db", str(tmp_path / "kb.sqlite"), "--sources", str(DEMO_SOURCES),
                             "--base", site.base_url, "--no-delay"], stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(master)
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert proc.returncode == 0, out
    assert re.search(r"crawl .*\d+ pages/s", out) and "steppe-herald: " in out   # rate, per-source state
    warnings = [line for line in re.split(r"[\r\n]+", out) if "WARNING crawler.faults" in line]
    assert warnings and all(re.match(r"\d{4}-\d\d-\d\d ", line) for line in warnings)  # not glued to a bar
    assert "crawl run 1: finished" in out
