"""The pure parsers on saved pages and small hand-made documents."""
from __future__ import annotations

import datetime as dt

import pytest
from scrapy.http import HtmlResponse, Request

from crawler import parsers
from crawlhelpers import SITE, manifest

BASE = "http://127.0.0.1:8000"


def saved_page(path: str) -> HtmlResponse:
    """A sample-site page as Scrapy would hand it to the spider (request attached)."""
    url = BASE + path
    body = (SITE / path.lstrip("/")).read_bytes().replace(b"__BASE__", BASE.encode())
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=Request(url))


def parse_saved(article: dict) -> dict:
    response = saved_page(article["url"])
    decoded = parsers.decode_html(response.body, response.headers.get("Content-Type").decode())
    return parsers.parse_article(decoded.text, response.url)


ARTICLES = manifest() if (SITE / "manifest.json").exists() else []


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_sample_article_fields(article):
    fields = parse_saved(article)
    assert fields["url"] == BASE + article["url"]
    assert fields["title"] == article["title"]
    assert fields["published"][:10] == article["published"][:10]
    assert fields["lang_hint"].split("-")[0] == article["lang"]
    assert fields["text"] and len(fields["text"]) > 200
    assert not fields["text"].startswith(article["title"])


def test_windows_1251_page_without_declaration_decodes():
    article = next(a for a in ARTICLES if a["encoding"] == "windows-1251")
    body = (SITE / article["url"].lstrip("/")).read_bytes()
    assert b"charset" not in body.lower()
    decoded = parsers.decode_html(body, "text/html")
    assert decoded.encoding == "cp1251" and decoded.issue is None
    assert article["title"] in decoded.text


def test_truncated_sample_page_is_detected_and_still_parsed():
    article = next(a for a in ARTICLES if a["truncated"])
    text = parsers.decode_html((SITE / article["url"].lstrip("/")).read_bytes()).text
    assert parsers.looks_truncated(text)
    assert parsers.parse_article(text, BASE + article["url"])["text"]


@pytest.mark.parametrize("url, expected", [
    ("HTTP://Example.KZ:80/a/b.html?utm_source=rss&utm_medium=feed", "http://example.kz/a/b.html"),
    ("https://example.kz/n?id=5&fbclid=abc&gclid=x#comments", "https://example.kz/n?id=5"),
    ("https://example.kz/n?b=2&a=1&yclid=1&_ga=3", "https://example.kz/n?a=1&b=2"),
    ("https://example.kz:8443/x", "https://example.kz:8443/x"),
    ("https://example.kz", "https://example.kz/"),
])
def test_canonical_url(url, expected):
    assert parsers.canonical_url(url) == expected


def page(head: str = "", body: str = "", lang: str = "ru") -> str:
    text = "<p>" + "Строительство центра продолжается по графику. " * 20 + "</p>"
    return f"<html lang='{lang}'><head>{head}</head><body><article>{body}{text}</article></body></html>"


LD = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-02-03T10:00:00+05:00",' \
     ' "author": {"@type": "Person", "name": "Асель Нурланова"}}</script>'
META = '<meta property="article:published_time" content="2025-01-02T09:00:00+05:00">'


@pytest.mark.parametrize("head, url, expected", [
    (META + LD, "http://x.kz/2024/12/31/a.html", "2025-01-02T09:00:00+05:00"),   # meta wins
    (LD, "http://x.kz/2024/12/31/a.html", "2025-02-03T10:00:00+05:00"),          # then JSON-LD
    ("", "http://x.kz/news/2024/12/31/a.html", "2024-12-31"),                     # then the URL
    ('<meta name="date" content="2023-05-06">', "http://x.kz/a.html", "2023-05-06"),
])
def test_publication_date_order_of_trust(head, url, expected):
    tree = parsers.html_tree(page(head))
    assert parsers.extract_published(tree, url) == expected


def test_htmldate_is_the_last_resort():
    html = page(body="<p class='date'>Опубликовано 14.03.2024</p>")
    assert parsers.extract_published(parsers.html_tree(html), "http://x.kz/a.html") == "2024-03-14"


@pytest.mark.parametrize("head, body, expected", [
    ('<meta name="author" content="Ерлан Сагындыков">', "", "Ерлан Сагындыков"),
    ('<meta property="article:author" content="https://x.kz/authors/1">' + LD, "", "Асель Нурланова"),
    ("", '<span rel="author">Dilnoza Karimova</span>', "Dilnoza Karimova"),
    ("", "", None),
])
def test_author(head, body, expected):
    assert parsers.extract_author(parsers.html_tree(page(head, body))) == expected


@pytest.mark.parametrize("html_lang, source_langs, expected", [
    ("ru-RU", [], "ru"), ("uz-Cyrl-UZ", [], "uz-Cyrl"), ("kz", [], "kk"), ("", ["kk"], "kk"), ("", ["ru", "kk"], None),
])
def test_language_hint(html_lang, source_langs, expected):
    assert parsers.lang_hint(parsers.html_tree(page(lang=html_lang)), source_langs) == expected


def test_canonical_link_of_another_site_is_not_trusted():
    html = page('<link rel="canonical" href="https://original.uz/story.html">')
    assert parsers.page_url(parsers.html_tree(html), "http://reprint.kz/s.html?utm_source=x") == "http://reprint.kz/s.html"


@pytest.mark.parametrize("body, content_type, encoding, issue", [
    ("Привет, Қазақстан!".encode("utf-8"), "text/html", "utf-8", None),
    ("Привет мир, это текст в кодировке windows-1251 без объявления.".encode("cp1251"), "text/html", "cp1251", None),
    (b"\xef\xbb\xbf" + "Ташкент".encode("utf-8"), None, "utf-8", None),
    ("<p>Toshkent shahri, O'zbekiston poytaxti, katta shahar</p>".encode() + b"\xff\xfe", "text/html; charset=utf-8",
     "utf-8", "invalid_encoding"),
    ("<meta charset='windows-1251'>Астана".encode("cp1251"), None, "cp1251", None),
])
def test_decode_html(body, content_type, encoding, issue):
    decoded = parsers.decode_html(body, content_type)
    assert (decoded.encoding, decoded.issue) == (encoding, issue)


def test_rss_feed_links_and_dates():
    body = (SITE / "steppe-herald/feeds/rss.xml").read_bytes().replace(b"__BASE__", BASE.encode())
    links = parsers.parse_feed(body, BASE + "/steppe-herald/feeds/rss.xml")
    assert links and all(l.url.startswith(BASE + "/steppe-herald/news/") for l in links)
    assert all("utm_" not in l.url for l in links)
    assert all(l.modified is not None and l.modified.tzinfo for l in links)


def test_atom_feed_links():
    body = (SITE / "oasis-daily/feeds/atom.xml").read_bytes().replace(b"__BASE__", BASE.encode())
    links = parsers.parse_feed(body, BASE + "/oasis-daily/feeds/atom.xml")
    expected = {BASE + a["url"] for a in ARTICLES if a["outlet"] == "oasis-daily"}
    assert {l.url for l in links} == expected


def test_sitemap_index_and_news_sitemap():
    index = (SITE / "sitemap.xml").read_bytes().replace(b"__BASE__", BASE.encode())
    children, pages = parsers.parse_sitemap(index, BASE + "/sitemap.xml")
    assert pages == [] and BASE + "/sitemaps/news.xml" in {c.url for c in children}
    news = (SITE / "sitemaps/news.xml").read_bytes().replace(b"__BASE__", BASE.encode())
    _, pages = parsers.parse_sitemap(news, BASE + "/sitemaps/news.xml")
    first = pages[0]
    assert first.modified == dt.datetime.fromisoformat(
        next(a["published"] for a in ARTICLES if BASE + a["url"] == first.url))


def test_gzipped_sitemap():
    import gzip

    body = gzip.compress(b"<urlset><url><loc>http://x.kz/2025/01/02/a.html</loc></url></urlset>")
    assert [l.url for l in parsers.parse_sitemap(body, "http://x.kz/s.xml.gz")[1]] == ["http://x.kz/2025/01/02/a.html"]


def test_listing_page_links_and_next():
    response = saved_page("/steppe-herald/news/index.html")
    links, next_url = parsers.parse_listing(response.text, response.url)
    assert next_url == BASE + "/steppe-herald/news/page/2.html"
    urls = [l.url for l in links]
    assert BASE + "/private/secret.html" in urls           # robots.txt, not the parser, keeps it out
    assert not any(u.endswith(("/index.html", ".xml", ".css")) or "/page/" in u for u in urls)
    assert len(urls) == len(set(urls)) >= 10


def test_listing_with_article_pattern():
    html = "<a href='/ru/news/1'>a</a><a href='/ru/about-us-page'>b</a><a href='/ru/news/2'>c</a>"
    links, _ = parsers.parse_listing(html, "http://x.kz/ru/", article_pattern=r"/news/\d+$")
    assert [l.url for l in links] == ["http://x.kz/ru/news/1", "http://x.kz/ru/news/2"]


def test_broken_feed_gives_no_links():
    assert parsers.parse_feed(b"\x00\x01 not xml at all", "http://x.kz/rss") == []


def test_scrapy_and_our_decoder_agree_on_the_undeclared_windows_1251_page():
    article = next(a for a in ARTICLES if a["encoding"] == "windows-1251")
    response = saved_page(article["url"])
    ours = parsers.decode_html(response.body, "text/html")
    assert response.encoding == ours.encoding == "cp1251"       # Scrapy sniffs the body too
    assert article["title"] in response.text
