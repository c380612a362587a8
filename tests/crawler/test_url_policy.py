"""A feed cannot make the crawler read local files, other schemes, other hosts or internal addresses
(issue 13, item 1): real crawls of hostile feeds served on 127.0.0.1."""
from __future__ import annotations

import base64

import pytest

from crawlhelpers import fast_config
from hostile import HostileServer, page, rss, source, sources_file
from kb import open_db

SECRET = "The vault combination is written on the inside of the lid"


def crawl(tmp_path, sources_yaml: str, **crawl_values) -> dict:
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    return run_crawl(fast_config(**crawl_values), tmp_path / "kb.sqlite", load_sources(sources_yaml), timeout=120)


def texts(tmp_path) -> list[str]:
    return [r["text"] for r in open_db(tmp_path / "kb.sqlite").query("select text from documents")]


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.html"
    path.write_bytes(page("Staff only", SECRET, "Nobody outside the office may read this page at all."))
    return path


@pytest.fixture
def other_service():
    """Another local service (another port of the same machine) that no feed may reach."""
    with HostileServer({"/stolen.html": (200, {}, page("Internal", SECRET, "An internal dashboard page."))}) as srv:
        yield srv


def hostile_feed(site: HostileServer, other: HostileServer, secret_file) -> list[str]:
    data = base64.b64encode(page("Data", SECRET, "Carried inside a data URL.")).decode()
    return [
        secret_file.as_uri(),                                           # file:///…/secret.html
        f"data:text/html;base64,{data}",
        f"ftp://127.0.0.1:{other.port}/stolen.html",
        f"{other.base}/stolen.html",                                    # another port on loopback
        f"http://localhost:{site.port}/news/by-another-name.html",      # another host name
        "http://169.254.169.254/latest/meta-data/stolen.html",          # cloud metadata address
        f"{site.base}/news/redirect-out.html",                          # on the site, then 302 to the other service
        f"{site.base}/news/redirect-file.html",                         # on the site, then 302 to file://
        f"{site.base}/news/good-article.html",
    ]


def site_routes(other: HostileServer, secret_file) -> dict:
    return {
        "/news/good-article.html": (200, {}, page("Good article", "A grain terminal opened at the border crossing.",
                                                  "Its owners said it would store wheat for export.")),
        "/news/redirect-out.html": (302, {"Location": f"{other.base}/stolen.html"}, b""),
        "/news/redirect-file.html": (302, {"Location": secret_file.as_uri()}, b""),
    }


def test_hostile_feed_links_are_refused_and_nothing_secret_is_stored(tmp_path, secret_file, other_service):
    with HostileServer() as site:
        site.routes.update(site_routes(other_service, secret_file))
        site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                    rss(hostile_feed(site, other_service, secret_file)))
        stats = crawl(tmp_path, sources_file(tmp_path, [source("site", f"{site.base}/", [f"{site.base}/feed.xml"])]))
        asked = site.paths()
    stored = texts(tmp_path)
    assert len(stored) == 1 and "grain terminal" in stored[0]
    assert not [t for t in stored if SECRET in t]
    assert other_service.paths() == []                                    # never reached, redirects included
    assert "/news/by-another-name.html" not in asked
    errors = stats["sources"]["site"]["errors"]
    assert errors.get("refused_url") == 7, errors                          # 6 links and a redirect to another port
    assert errors.get("http_302") == 1                                     # Scrapy itself never follows one to file:


def test_allowed_hosts_of_a_source_let_its_other_host_in(tmp_path, secret_file, other_service):
    with HostileServer() as site:
        site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([f"{other_service.base}/stolen.html"]))
        extra = f"    allowed_hosts: ['127.0.0.1:{other_service.port}']\n"
        crawl(tmp_path, sources_file(tmp_path, [source("site", f"{site.base}/", [f"{site.base}/feed.xml"], extra)]))
    assert other_service.paths().count("/stolen.html") == 1
    assert [t for t in texts(tmp_path) if "internal dashboard" in t]


def test_a_public_source_may_not_reach_internal_addresses(tmp_path, other_service):
    """A source whose homepage is on a public address cannot name a loopback host, even in its allow-list."""
    extra = f"    allowed_hosts: ['127.0.0.1:{other_service.port}']\n"
    stats = crawl(tmp_path, sources_file(tmp_path, [source("public", "http://93.184.216.34/",
                                                           [f"{other_service.base}/stolen.html"], extra)]))
    assert other_service.paths() == []
    assert stats["sources"]["public"]["errors"] == {"refused_url": 1}


@pytest.mark.parametrize("url, source_id, refused", [
    ("http://127.0.0.1:8000/a.html", "local", False),
    ("https://news.example.kz/a.html", "local", False),          # *.example.kz in the allow-list
    ("http://127.0.0.1:8001/a.html", "local", True),             # another port
    ("file:///etc/passwd", "local", True),
    ("gopher://127.0.0.1:8000/", "local", True),
    ("http://[::1]:8000/", "local", True),
    ("http://10.0.0.7/", "public", True),                        # private, though allow-listed
    ("http://93.184.216.34/news/1", "public", False),
    ("javascript:alert(1)", "public", True),
])
def test_policy_table(url, source_id, refused):
    from crawler.urlpolicy import UrlPolicy

    policy = UrlPolicy([
        {"id": "local", "homepage": "http://127.0.0.1:8000/", "allowed_hosts": ["*.example.kz"]},
        {"id": "public", "homepage": "http://93.184.216.34/", "allowed_hosts": ["10.0.0.7"]},
    ])
    assert (policy.refusal(url, source_id) is not None) is refused
