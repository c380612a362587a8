"""Bounded first crawls: every date a route or URL gives is held against max_age_days, daily
sitemap indexes are walked newest first and stopped at the bound, a first crawl has a budget."""
from __future__ import annotations

import datetime as dt

import pytest

from crawler import parsers
from crawler.bounds import CrawlBounds
from crawlhelpers import crawl_site

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc)
DAYS = 730


def bounds(**source) -> CrawlBounds:
    return CrawlBounds({"s": source}, {"max_age_days": 365, "first_crawl_max_pages": 3}, now=NOW)


@pytest.mark.parametrize("link, old", [
    (parsers.Link("http://x.kz/news/2019/05/17/a.html"), True),                       # date in the URL
    (parsers.Link("http://x.kz/2019/slug-of-story"), True),                            # year in the URL
    (parsers.Link("http://x.kz/news/2019/05/17/a.html", modified=NOW), True),          # a fresh lastmod does not save it
    (parsers.Link("http://x.kz/sitemap-2019-05.xml"), True),                           # month in a sitemap's name
    (parsers.Link("http://x.kz/sitemap.xml?date=2024-01-05"), True),
    (parsers.Link("http://x.kz/a", published=NOW - dt.timedelta(days=400)), True),     # news:publication_date
    (parsers.Link("http://x.kz/a", modified=NOW - dt.timedelta(days=400)), True),      # lastmod
    (parsers.Link("http://x.kz/news/2026/01/17/a.html"), False),
    (parsers.Link("http://x.kz/sitemap-2025.xml"), False),                             # the year ends inside the bound
    (parsers.Link("http://x.kz/lists/view/2019"), False),                              # an id, not a year
    (parsers.Link("http://x.kz/a"), False),                                            # undated: never too old
])
def test_every_date_of_a_route_or_url_is_bounded(link, old):
    assert bounds().too_old("s", link) is old


def test_a_source_may_lift_or_tighten_the_bound():
    link = parsers.Link("http://x.kz/news/2019/05/17/a.html")
    assert bounds(max_age_days=0).too_old("s", link) is False
    assert bounds(max_age_days=30).too_old("s", parsers.Link("http://x.kz/news/2026/10/01/a.html")) is True


def test_first_crawl_budget():
    b = bounds()
    assert [b.take("s") for _ in range(5)] == [True, True, True, False, False]
    assert [bounds(first_crawl_max_pages=0).take("s") for _ in range(5)] == [True] * 5


def test_newest_first_orders_by_lastmod_or_name():
    links = [parsers.Link(f"http://x.kz/sitemap-{d}.xml") for d in ("2025-01-02", "2026-11-30", "2025-06-01")]
    links.append(parsers.Link("http://x.kz/sitemap-pages.xml"))
    assert [l.url[-14:] for l in parsers.newest_first(links)] == [
        "2026-11-30.xml", "2025-06-01.xml", "2025-01-02.xml", "emap-pages.xml"]


def daily_archive(root, days: int, today: dt.date) -> list[str]:
    """A kun.uz-shaped sitemap index: one sitemap per day, oldest first, no <lastmod>; the last five
    days each list one article."""
    names = []
    for back in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        name = f"sitemap/{day:%Y-%m-%d}.xml"
        urls = ""
        if back < 5:
            path = f"news/{day:%Y/%m/%d}/story-{back}.html"
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(ARTICLE.format(n=back, day=day), encoding="utf-8")
            urls = f"<url><loc>__BASE__/{path}</loc></url>"
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"<?xml version='1.0'?><urlset xmlns='{NS}'>{urls}</urlset>", encoding="utf-8")
        names.append(name)
    # an undated child (the site's static pages) after the days: never too old, still read
    (root / "sitemap" / "pages.xml").write_text(f"<?xml version='1.0'?><urlset xmlns='{NS}'></urlset>",
                                                encoding="utf-8")
    index = "".join(f"<sitemap><loc>__BASE__/{n}</loc></sitemap>" for n in names + ["sitemap/pages.xml"])
    (root / "sitemap.xml").write_text(f"<?xml version='1.0'?><sitemapindex xmlns='{NS}'>{index}</sitemapindex>",
                                      encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    return names


NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ARTICLE = ("<!doctype html><html lang='uz'><head><meta charset='utf-8'><title>Story {n}</title></head><body>"
           "<article><h1>Chegara yonidagi ombor haqida {n}-xabar</h1>"
           + "<p>Viloyat hokimligi chegara yaqinidagi yangi ombor kompleksi qurilishi rejalashtirilgan muddatda "
             "davom etayotganini ma'lum qildi, xabar raqami {n}, sana {day}.</p>" * 4 + "</article></body></html>")
SOURCES = """
sources:
  - id: daily
    name: Daily Archive
    homepage: '{base}/'
    country: UZ
    languages: [uz-Latn]
    sitemaps: ['{base}/sitemap.xml']
"""


@pytest.mark.slow
def test_daily_sitemap_index_is_walked_newest_first_to_the_age_bound(tmp_path):
    from crawler.devserver import serve_site
    from crawler.sources import load_sources
    from crawler.run import run_crawl
    from crawlhelpers import fast_config

    root = tmp_path / "site"
    root.mkdir()
    today = dt.datetime.now(dt.timezone.utc).date()
    daily_archive(root, DAYS, today)
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    with serve_site(root) as site:
        sources = load_sources(tmp_path / "sources.yaml", base=site.base_url)
        stats = run_crawl(fast_config(max_age_days=365), tmp_path / "kb.sqlite", sources, timeout=240)
        paths = [r["path"] for r in site.requests]
    assert "/sitemap/pages.xml" in paths
    fetched = sorted(p for p in paths if p.startswith("/sitemap/2"))
    oldest_allowed = today - dt.timedelta(days=365)
    assert 365 <= len(fetched) <= 367                      # not 730
    assert all(p[len("/sitemap/"):-4] >= f"{oldest_allowed - dt.timedelta(days=2)}" for p in fetched)
    assert stats["sources"]["daily"]["skipped_old"] >= DAYS - len(fetched)
    assert stats["sources"]["daily"]["new"] == 5


@pytest.mark.slow
def test_first_crawl_budget_holds_per_source_then_lifts(tmp_path):
    from crawler.devserver import serve_site
    from crawlhelpers import SITE, manifest

    if not (SITE / "manifest.json").exists():
        pytest.skip("samples/site has not been generated")
    with serve_site(SITE) as site:
        first = crawl_site(site, tmp_path / "kb.sqlite", first_crawl_max_pages=5)
        second = crawl_site(site, tmp_path / "kb.sqlite", first_crawl_max_pages=5)
    rows = first["sources"]
    assert all(row["fetched"] <= 5 for row in rows.values())
    assert rows["steppe-herald"]["fetched"] == 5 and rows["steppe-herald"]["skipped_limit"] > 0
    # the second crawl is no first crawl: the rest of the site comes in
    assert first["totals"]["new"] + second["totals"]["new"] == len(manifest())
