"""Crawls of the sample site over real HTTP: everything lands, reprints fold, a re-crawl fetches nothing."""
from __future__ import annotations

import datetime as dt
import email.utils
from collections import Counter
from urllib.parse import urlsplit

import pytest

from kb import open_db
from kb.store import cluster_members
from crawlhelpers import SITE, crawl_site, manifest

pytestmark = pytest.mark.slow
ARTICLES = manifest()
FEEDS = ("/steppe-herald/feeds/rss.xml", "/oasis-daily/feeds/atom.xml")


def article_paths(log) -> Counter:
    paths = {a["url"] for a in ARTICLES}
    return Counter(urlsplit(r["path"]).path for r in log if urlsplit(r["path"]).path in paths)


def test_every_sample_article_lands(crawled):
    db = open_db(crawled["db"])
    stored = {urlsplit(r["url"]).path: r for r in db.query("select * from documents")}
    assert set(stored) == {a["url"] for a in ARTICLES}
    for article in ARTICLES:
        row = stored[article["url"]]
        assert row["source_id"] == article["outlet"], article["id"]
        assert row["title"] == article["title"], article["id"]
        assert row["published"][:10] == article["published"][:10], article["id"]
    assert crawled["first"]["totals"]["new"] == len(ARTICLES)


def test_tracking_parameters_never_reach_the_kb(crawled):
    db = open_db(crawled["db"])
    assert not list(db.query("select url from document_urls where url like '%utm_%'"))


def test_reprint_pair_lands_in_one_cluster(crawled):
    db = open_db(crawled["db"])
    reprint = next(a for a in ARTICLES if a["reprint_of"])
    original = next(a for a in ARTICLES if a["id"] == reprint["reprint_of"])
    rows = {urlsplit(r["url"]).path: r for r in db.query("select id, url, cluster_id from documents")}
    cluster = rows[reprint["url"]]["cluster_id"]
    assert cluster is not None and cluster == rows[original["url"]]["cluster_id"]
    members = cluster_members(db, cluster)
    assert {m["source_id"] for m in members} == {reprint["outlet"], original["outlet"]}
    assert {urlsplit(m["url"]).path for m in members} >= {reprint["url"], original["url"]}
    others = db.execute("select count(*) from documents where cluster_id is not null").fetchone()[0]
    assert others == 2                                   # no other story was folded into it


def test_windows_1251_page_decoded(crawled):
    article = next(a for a in ARTICLES if a["encoding"] == "windows-1251")
    db = open_db(crawled["db"])
    row = next(db.query("select title, text from documents where url like ?", ["%" + article["url"]]))
    assert row["title"] == article["title"]
    assert "Туркестан" in row["text"] and "\ufffd" not in row["text"]


def test_truncated_page_stored_and_counted(crawled):
    article = next(a for a in ARTICLES if a["truncated"])
    db = open_db(crawled["db"])
    assert list(db.query("select id from documents where url like ?", ["%" + article["url"]]))
    assert crawled["first"]["sources"][article["outlet"]]["errors"]["truncated"] == 1


def test_dead_link_counted_as_404(crawled):
    assert crawled["first"]["sources"]["steppe-herald"]["errors"]["http_404"] == 1
    assert any(r["status"] == 404 and "kokand-bazaar-story-removed" in r["path"] for r in crawled["first_log"])


def test_robots_disallowed_path_never_requested(crawled):
    assert any(r["path"] == "/robots.txt" for r in crawled["first_log"])
    for log in (crawled["first_log"], crawled["second_log"]):
        assert not [r for r in log if r["path"].startswith("/private/")]
    errors = crawled["first"]["totals"]["errors"]
    assert errors["robots_disallowed"] >= 1


def test_first_crawl_fetches_each_article_once(crawled):
    counts = article_paths(crawled["first_log"])
    assert set(counts) == {a["url"] for a in ARTICLES}
    assert max(counts.values()) == 1


def test_polite_user_agent_names_contact(crawled):
    agents = {r["headers"].get("User-Agent") for r in crawled["first_log"]}
    assert len(agents) == 1 and "ICIC-Monitor" in agents.pop()


def test_recrawl_fetches_nothing_new(crawled):
    second, log = crawled["second"], crawled["second_log"]
    assert article_paths(log) == Counter()                  # no article requested again
    by_path = {r["path"]: r["status"] for r in log}
    for feed in FEEDS:
        assert by_path[feed] == 304
    assert by_path["/sitemap.xml"] == 304 and by_path["/steppe-herald/news/index.html"] == 304
    assert second["totals"]["new"] == second["totals"]["fetched"] == 0
    assert second["totals"]["not_modified"] >= 4
    assert set(second["totals"]["errors"]) <= {"robots_disallowed"} or not second["totals"]["errors"]


def test_runs_recorded_in_the_kb(crawled):
    db = open_db(crawled["db"])
    runs = list(db.query("select id, status, finished, stats from crawl_runs order by id"))
    assert [r["status"] for r in runs] == ["finished", "finished"] and all(r["finished"] for r in runs)
    assert crawled["first"]["run_id"] == runs[0]["id"]


def test_changed_article_is_refetched_and_versioned(site_copy, tmp_path):
    from crawler.devserver import serve_site

    article = next(a for a in ARTICLES if a["outlet"] == "steppe-herald" and a["encoding"] == "utf-8"
                   and not a["truncated"] and a["id"].startswith("en"))
    db_path = tmp_path / "kb.sqlite"
    with serve_site(site_copy) as site:
        crawl_site(site, db_path)
        page = site_copy / article["url"].lstrip("/")
        last_paragraph = "Officials later added that the schedule had been revised once more."
        page.write_text(page.read_text(encoding="utf-8").replace("</article>", f"<p>{last_paragraph}</p></article>"),
                        encoding="utf-8")
        feed = site_copy / "steppe-herald/feeds/rss.xml"
        old_date = next(line for line in feed.read_text(encoding="utf-8").splitlines() if "<pubDate>" in line)
        changed = email.utils.format_datetime(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1))
        feed.write_text(feed.read_text(encoding="utf-8").replace(old_date, f"<pubDate>{changed}</pubDate>", 1),
                        encoding="utf-8")
        site.clear_log()
        second = crawl_site(site, db_path)
        refetched = article_paths(site.requests)
    assert second["totals"]["updated"] == 1 and second["totals"]["new"] == 0
    db = open_db(db_path)
    row = next(db.query("select version, text, state from documents where url like ?", ["%" + article["url"]]))
    assert row["version"] == 2 and last_paragraph in row["text"] and row["state"] == "new"
    assert article["url"] in refetched and sum(refetched.values()) == 1


def test_max_age_days_skips_what_routes_date_older(tmp_path):
    from crawler.devserver import serve_site

    days = 200
    sources = tmp_path / "sources.yaml"
    sources.write_text(DEMO_AGE.format(days=days), encoding="utf-8")
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    recent = {a["url"] for a in ARTICLES if dt.datetime.fromisoformat(a["published"]) >= cutoff}
    assert 0 < len(recent) < len(ARTICLES)
    with serve_site(SITE) as site:
        stats = crawl_site(site, tmp_path / "kb.sqlite", sources)
        fetched = set(article_paths(site.requests))
    assert fetched == recent
    assert stats["totals"]["skipped_old"] >= len(ARTICLES) - len(recent)


DEMO_AGE = """
sources:
  - id: steppe-herald
    name: Steppe Herald
    homepage: '{{base}}/steppe-herald/'
    country: KZ
    languages: [ru]
    feeds: ['{{base}}/steppe-herald/feeds/rss.xml']
    robots_sitemaps: true
    max_age_days: {days}
  - id: oasis-daily
    name: Oasis Daily
    homepage: '{{base}}/oasis-daily/'
    country: UZ
    languages: [en]
    feeds: ['{{base}}/oasis-daily/feeds/atom.xml']
    max_age_days: {days}
"""


def test_robots_txt_holds_for_requests_that_wait_for_it_together(tmp_path):
    """Several first requests to a site wait for its robots.txt at once; each must get the rules
    (Scrapy 2.13+ handed None to all but the first waiter, letting them through)."""
    from crawler.devserver import serve_site

    sources = tmp_path / "sources.yaml"
    sources.write_text(ROBOTS_RACE, encoding="utf-8")
    with serve_site(SITE) as site:
        stats = crawl_site(site, tmp_path / "kb.sqlite", sources)
        private = [r["path"] for r in site.requests if r["path"].startswith("/private/")]
    assert private == []
    assert stats["totals"]["errors"]["robots_disallowed"] == 4


ROBOTS_RACE = """
sources:
  - id: steppe-herald
    name: Steppe Herald
    homepage: '{base}/steppe-herald/'
    country: KZ
    languages: [ru]
    feeds: ['{base}/steppe-herald/feeds/rss.xml', '{base}/private/a.xml', '{base}/private/b.xml',
            '{base}/private/c.xml', '{base}/private/secret.html']
"""


def test_search_templates_are_crawled_with_the_subjects_names(tmp_path):
    import re
    from urllib.parse import parse_qs

    from crawler.devserver import serve_site
    from crawler.sources import topic_terms
    from crawlhelpers import ROOT

    sources = tmp_path / "sources.yaml"
    sources.write_text(SEARCH, encoding="utf-8")
    latin = [t for t in topic_terms(ROOT / "nlp" / "data" / "topic.yaml") if not re.search("[\u0400-\u04ff]", t)]
    with serve_site(SITE) as site:           # the server ignores the query and answers with the listing
        stats = crawl_site(site, tmp_path / "kb.sqlite", sources)
        queries = [parse_qs(urlsplit(r["path"]).query).get("q", [None])[0] for r in site.requests
                   if urlsplit(r["path"]).path == "/steppe-herald/news/index.html"]
    assert sorted(queries) == sorted(latin)                    # English outlet: the Latin names only
    assert stats["totals"]["new"] == 10                        # the first listing page's articles


SEARCH = """
sources:
  - id: steppe-herald
    name: Steppe Herald
    homepage: '{base}/steppe-herald/'
    country: KZ
    languages: [en]
    search: ['{base}/steppe-herald/news/index.html?q={query}']
"""


def test_max_pages_counts_pages_that_arrive(tmp_path):
    """--max-pages N fetches N article pages: a link repeated by a second route is asked for once, and
    a request that brings no page (robots.txt forbids it, 404) gives its place to a link that waited."""
    from crawler.devserver import serve_site

    site_dir = tmp_path / "site"
    (site_dir / "news").mkdir(parents=True)
    (site_dir / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    links = ["/private/x.html", "/news/gone.html", "/news/a.html", "/news/a.html", "/news/b.html", "/news/c.html"]
    items = "".join(f"<item><title>{p}</title><link>__BASE__{p}</link></item>" for p in links)
    (site_dir / "news" / "rss.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>', encoding="utf-8")
    (site_dir / "news" / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>__BASE__/news/a.html</loc></url></urlset>", encoding="utf-8")
    for name in "abc":
        (site_dir / "news" / f"{name}.html").write_text(
            f"<html><head><title>Article {name}</title></head><body><article><p>"
            + f"Paragraph of article {name} about the industrial center on the border. " * 8
            + "</p></article></body></html>", encoding="utf-8")
    sources = tmp_path / "sources.yaml"
    sources.write_text(MAX_PAGES, encoding="utf-8")
    with serve_site(site_dir) as site:
        stats = crawl_site(site, tmp_path / "kb.sqlite", sources, max_pages=2)
        asked = Counter(r["path"] for r in site.requests if r["path"].startswith(("/news/", "/private/"))
                        and r["path"].endswith(".html"))
    totals = stats["totals"]
    assert totals["fetched"] == 2
    assert totals["errors"] == {"robots_disallowed": 1, "http_404": 1}
    assert asked == Counter({"/news/gone.html": 1, "/news/a.html": 1, "/news/b.html": 1})
    assert totals["skipped_limit"] == 1                                     # c.html, still waiting at the end


MAX_PAGES = """
sources:
  - id: one
    name: One
    homepage: '{base}/'
    country: KZ
    languages: [en]
    feeds: ['{base}/news/rss.xml']
    sitemaps: ['{base}/news/sitemap.xml']
"""
