"""Saved pages shaped like real outlets', one per quirk that made the parsers lose to their
libraries (tests/crawler/pages/expected.json says what each page must give)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler import parsers

PAGES = Path(__file__).parent / "pages"
CASES = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def parse_case(case: dict) -> dict:
    html = (PAGES / case["file"]).read_text(encoding="utf-8")
    route = [parsers.DateEvidence(value, origin) for value, origin in case.get("route_dates", [])]
    return parsers.parse_article(html, case["url"], source_languages=case["languages"],
                                 timezone=case.get("timezone"), route_dates=route)


@pytest.mark.parametrize("case", CASES, ids=[c["file"].removesuffix(".html") for c in CASES])
def test_saved_page(case):
    fields = parse_case(case)
    expected = case["expected"]
    assert fields["title"] == expected["title"]
    assert fields["published"] == expected["published"]
    assert fields["lang_hint"] == expected["lang_hint"]
    if "author" in expected:
        assert fields["author"] == expected["author"]
    missing = [p for p in expected["text"] if p not in (fields["text"] or "")]
    assert not missing


def test_photo_credit_alone_is_no_author():
    html = ("<html><body><article><figure><figcaption class='photo-author'>Фото: Ерлан Омаров</figcaption>"
            "</figure><p>Текст.</p></article></body></html>")
    assert parsers.extract_author(parsers.html_tree(html)) is None


@pytest.mark.parametrize("value, expected", [
    ("Асель Нурланова", "Асель Нурланова"),
    ({"@type": "Person", "name": "Асель Нурланова"}, "Асель Нурланова"),
    ([{"@type": "Person", "name": "A B"}, {"@type": "Person", "name": ["C D"]}], "A B, C D"),
    ([{"@type": "Person", "name": {"@value": "E F"}}, "G H"], "E F, G H"),
    ({"@type": "Organization"}, None),
    (42, None),
])
def test_json_ld_author_in_every_shape(value, expected):
    script = json.dumps({"@type": "NewsArticle", "author": value}, ensure_ascii=False)
    html = f"<html><head><script type='application/ld+json'>{script}</script></head><body></body></html>"
    assert parsers.extract_author(parsers.html_tree(html)) == expected


@pytest.mark.parametrize("tag, expected", [
    ("utf", None), ("lan", None), ("xx", None), ("en_US", "en"), ("uz-Cyrl-UZ", "uz-Cyrl"), ("kaz", "kk"),
    ("ru-RU", "ru"), ("kz", "kk"), ("uz-Latn", "uz-Latn"), ("utf-8", None), ("ru-Ru-xyz", None),
])
def test_language_hint_is_a_bcp47_language(tag, expected):
    assert parsers.normalise_lang(tag) == expected


@pytest.mark.parametrize("value, tz, expected", [
    ("2025-03-10T20:00:00", "Asia/Tashkent", "2025-03-10T20:00:00+05:00"),
    ("2025-03-10T20:00:00Z", "Asia/Tashkent", "2025-03-10T20:00:00+00:00"),
    ("2025-03-10 20:00", "Asia/Almaty", "2025-03-10T20:00:00+05:00"),
    ("2025-03-10", "Asia/Almaty", "2025-03-10"),
    ("Mon, 10 Mar 2025 20:00:00 GMT", "Asia/Almaty", "2025-03-10T20:00:00+00:00"),
])
def test_times_without_offset_are_the_sources_local_time(value, tz, expected):
    assert parsers.iso(value, parsers.zone(tz)) == expected


def test_route_dates_rank_below_the_page_and_above_htmldate():
    html = (PAGES / "utc_evening_time.html").read_text(encoding="utf-8")
    route = [parsers.DateEvidence("2025-03-12T08:00:00+00:00", "feed")]
    fields = parsers.parse_article(html, "https://x.example.com/a", route_dates=route)
    assert [e["origin"] for e in fields["date_evidence"]] == ["meta", "feed"]
    assert fields["published"] == "2025-03-10T20:00:00+00:00"


def test_feed_and_news_sitemap_dates_reach_the_link():
    feed = (b"<rss><channel><item><link>http://x.kz/a</link><pubDate>Mon, 02 Jun 2025 03:15:00 +0000</pubDate>"
            b"</item></channel></rss>")
    link = parsers.parse_feed(feed, "http://x.kz/rss")[0]
    assert [(e.value, e.origin) for e in link.route_dates()] == [("2025-06-02T03:15:00+00:00", "feed")]
    sitemap = (b"<urlset xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'><url><loc>http://x.kz/b</loc>"
               b"<lastmod>2025-09-20</lastmod><news:news><news:publication_date>2025-09-18T06:40:00Z"
               b"</news:publication_date></news:news></url></urlset>")
    link = parsers.parse_sitemap(sitemap, "http://x.kz/s.xml")[1][0]
    assert [e.origin for e in link.route_dates()] == ["news-sitemap"]
    assert link.route_dates()[0].value == "2025-09-18T06:40:00+00:00"


@pytest.mark.parametrize("head, body, url, expected", [
    # a section heading as the only h1, the headline in og:title
    ("<title>Новости</title><meta property='og:title' content='Строительство центра идёт по графику'>",
     "<h1>Новости</h1>", "https://a.kz/1", "Строительство центра идёт по графику"),
    # the h1 is the logo; <title> has the site's host name before the headline
    ("<title>Kun.uz - Yangi fabrika ochildi</title>", "<h1>Kun.uz</h1>", "https://kun.uz/news/1", "Yangi fabrika ochildi"),
    # a separator inside the headline is not a site name
    ("<meta property='og:title' content='Kazakhstan - Uzbekistan trade hub opens'>", "", "https://x.com/a",
     "Kazakhstan - Uzbekistan trade hub opens"),
    ("<meta property='og:title' content='A | B | Site'><meta property='og:site_name' content='Site'>",
     "<h1>A | B</h1>", "https://x.com/a", "A | B"),
])
def test_title_reconciliation(head, body, url, expected):
    html = f"<html><head>{head}</head><body>{body}<article><p>Текст.</p></article></body></html>"
    assert parsers.extract_title(parsers.html_tree(html), url) == expected
