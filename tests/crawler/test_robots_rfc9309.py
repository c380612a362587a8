"""robots.txt failures are read as RFC 9309 says (issue 13, item 2): 4xx allows everything, 5xx or
no answer disallows the whole host for the run, an oversized file is read up to 500 KiB."""
from __future__ import annotations

import time

import pytest

from crawlhelpers import fast_config
from hostile import HostileServer, page, rss, source, sources_file
from kb import open_db

ARTICLE = page("Ferry timetable", "The river ferry moved to its summer timetable on Monday.",
               "Crossings now leave every forty minutes from the northern pier.")
PRIVATE = page("Private", "A page the site keeps out of crawlers by robots.txt.", "Nobody should store it.")


def crawl(tmp_path, site: HostileServer, **values) -> dict:
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    path = sources_file(tmp_path, [source("site", f"{site.base}/", [f"{site.base}/feed.xml"])])
    return run_crawl(fast_config(**values), tmp_path / "kb.sqlite", load_sources(path), timeout=120)


def site_with(robots) -> HostileServer:
    site = HostileServer({"/robots.txt": robots, "/news/ferry.html": (200, {}, ARTICLE),
                          "/private/staff.html": (200, {}, PRIVATE)})
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                rss([f"{site.base}/news/ferry.html", f"{site.base}/private/staff.html"]))
    return site


def stored_paths(tmp_path) -> list[str]:
    return sorted(r["url"].split("/", 3)[3] for r in open_db(tmp_path / "kb.sqlite").query("select url from documents"))


@pytest.mark.parametrize("status", [500, 503])
def test_robots_5xx_disallows_the_host_for_the_run(tmp_path, status):
    with site_with((status, {}, b"<h1>down</h1>")) as site:
        stats = crawl(tmp_path, site, retry_times=1)
        asked = site.paths()
    assert set(asked) == {"/robots.txt"}                  # neither the feed nor any article
    assert stored_paths(tmp_path) == []
    assert stats["sources"]["site"]["errors"].get("robots_unavailable") == 1   # the feed, refused with the reason


def test_robots_timeout_disallows_the_host(tmp_path):
    def slow(handler, hit):
        handler.server.owner.stopping.wait(3)
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"

    with site_with(slow) as site:
        crawl(tmp_path, site, timeout=1.0, retry_times=0)
        asked = site.paths()
    assert set(asked) == {"/robots.txt"}
    assert stored_paths(tmp_path) == []


def test_robots_4xx_allows_everything(tmp_path):
    with site_with((404, {}, b"no robots here")) as site:
        crawl(tmp_path, site)
    assert stored_paths(tmp_path) == ["news/ferry.html", "private/staff.html"]


def test_host_comes_back_on_the_next_run(tmp_path):
    """Unreachable robots.txt only stops this run: the next one, with robots.txt answering, crawls."""
    with site_with((503, {}, b"")) as site:
        crawl(tmp_path, site, retry_times=0)
        site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
        crawl(tmp_path, site, retry_times=0)
    assert stored_paths(tmp_path) == ["news/ferry.html"]


def test_oversized_robots_is_read_up_to_500_kib(tmp_path):
    """A robots.txt larger than the page size limit is neither dropped (= allow all) nor read whole:
    its first 500 KiB count, so an early Disallow holds and one after 500 KiB is not read."""
    filler = b"".join(b"# comment line %06d to make the file long\n" % i for i in range(40_000))   # ~1.7 MB
    robots = b"User-agent: *\nDisallow: /private/\n" + filler + b"Disallow: /news/\n"
    with site_with((200, {"Content-Type": "text/plain"}, robots)) as site:
        crawl(tmp_path, site, max_page_bytes=1_000_000)
    assert stored_paths(tmp_path) == ["news/ferry.html"]


def test_cut_robots_keeps_whole_lines():
    from crawler.robots import cut_robots

    body = b"User-agent: *\n" + b"Disallow: /a\n" * 100
    assert cut_robots(body, limit=40) == b"User-agent: *\nDisallow: /a\nDisallow: /a\n"
    assert cut_robots(body, limit=10_000) == body
