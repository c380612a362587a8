"""Each fault of the fault-injecting server is logged with its reason, counted by kind, and survived."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kb import open_db
from crawlhelpers import crawl_site

pytestmark = pytest.mark.slow
FAULT_SOURCES = Path(__file__).with_name("fault_sources.yaml")


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    from crawler.devserver import serve_site

    root = tmp_path_factory.mktemp("empty-site")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    db_path = root.parent / "faults.sqlite"
    log_lines = io.StringIO()
    with serve_site(root) as site, contextlib.redirect_stderr(log_lines):   # the crawler's log is relayed here
        stats = crawl_site(site, db_path, FAULT_SOURCES, timeout=1.0, retry_times=1, retry_backoff=0.1,
                           max_page_bytes=10_000_000)
        yield {"stats": stats["sources"]["faults"], "log": site.requests, "db": db_path,
               "stderr": log_lines.getvalue()}


def stored(db_path, route: str):
    return list(open_db(db_path).query("select * from documents where url like ?", [f"%/_faults/{route}"]))


def hits(log, route: str) -> list[dict]:
    return [r for r in log if urlsplit(r["path"]).path == f"/_faults/{route}"]


@pytest.mark.parametrize("kind, count", [
    ("http_503", 1),            # permanent 503: retried, then given up
    ("http_404", 1),            # a dead link
    ("timeout", 1),             # the slow page outlasts the 1 s timeout
    ("redirect_loop", 1),       # a → b → a … until the redirect limit
    ("too_large", 1),           # the 20 MB page is over max_page_bytes
    ("needs_ocr", 1),           # the PDF: read as a document, but its page has no text layer
    ("truncated", 1),           # Content-Length longer than the body
    ("invalid_encoding", 1),    # bytes that are not UTF-8 in a page that says UTF-8
])
def test_each_fault_is_counted_by_kind(fault_crawl, kind, count):
    assert fault_crawl["stats"]["errors"].get(kind) == count


def test_no_fault_is_left_unnamed(fault_crawl):
    assert set(fault_crawl["stats"]["errors"]) == {"http_503", "http_404", "timeout", "redirect_loop", "too_large",
                                                   "needs_ocr", "truncated", "invalid_encoding"}


def test_500_then_200_is_retried_and_stored(fault_crawl):
    assert [r["status"] for r in hits(fault_crawl["log"], "flaky.html")] == [500, 200]
    assert stored(fault_crawl["db"], "flaky.html")


def test_429_waits_for_retry_after(fault_crawl):
    tries = hits(fault_crawl["log"], "busy.html")
    assert [r["status"] for r in tries] == [429, 200]
    assert tries[1]["time"] - tries[0]["time"] >= 0.95          # Retry-After: 1
    assert stored(fault_crawl["db"], "busy.html")


def test_permanent_503_retried_a_bounded_number_of_times(fault_crawl):
    assert [r["status"] for r in hits(fault_crawl["log"], "down.html")] == [503, 503]   # retry_times = 1


def test_invalid_utf8_page_is_stored_with_replacements(fault_crawl):
    row = stored(fault_crawl["db"], "bad-utf8.html")[0]
    assert "timetable" in row["text"] and "\ufffd" in row["text"]


def test_the_crawl_goes_on_after_faults(fault_crawl):
    assert fault_crawl["stats"]["new"] == 3          # flaky, busy and bad-utf8 pages stored
    assert not stored(fault_crawl["db"], "huge.html") and not stored(fault_crawl["db"], "annual-report-2025-11.pdf")


def test_faults_are_in_the_crawl_run_stats(fault_crawl):
    import json

    row = next(open_db(fault_crawl["db"]).query("select status, stats from crawl_runs"))
    assert row["status"] == "finished"
    assert json.loads(row["stats"])["sources"]["faults"]["errors"]["too_large"] == 1


@pytest.mark.parametrize("kind, reason", [
    ("http_503", "HTTP 503"), ("http_404", "HTTP 404"), ("timeout", "took longer than 1.0 seconds"),
    ("redirect_loop", "redirect loop"), ("too_large", "larger than download max size"),
    ("needs_ocr", "no text layer on its 1 page(s) (a scan?): needs OCR"), ("truncated", ""), ("invalid_encoding", "not valid utf-8"),
])
def test_each_fault_is_logged_with_its_reason(fault_crawl, kind, reason):
    pattern = re.compile(rf"WARNING crawler\.faults: faults: {kind}: http://127\.0\.0\.1:\d+/_faults/\S+ \(.*"
                         + re.escape(reason))
    assert pattern.search(fault_crawl["stderr"]), fault_crawl["stderr"][-2000:]
