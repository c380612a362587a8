"""The shipped sources file and the loader's validation."""
from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import SourcesError, load_sources, topic_terms
from crawlhelpers import DEMO_SOURCES, ROOT

SHIPPED = ROOT / "icic" / "sources.yaml"


@pytest.fixture(scope="module")
def shipped():
    return load_sources(SHIPPED)


def test_shipped_file_has_twenty_real_outlets(shipped):
    assert len(shipped) >= 20
    assert len({s.id for s in shipped}) == len(shipped)
    assert {"KZ", "UZ"} <= {s.country for s in shipped}


def test_shipped_file_covers_every_language_and_script(shipped):
    langs = {lang for s in shipped for lang in s.languages}
    assert {"ru", "kk", "en"} <= langs
    assert {"uz-Latn", "uz-Cyrl"} <= langs


@pytest.mark.parametrize("route", ["feeds", "robots_sitemaps", "listings", "search"])
def test_shipped_file_uses_every_kind_of_route(shipped, route):
    assert any(getattr(s, route) for s in shipped)


def test_every_route_is_on_the_outlets_own_site(shipped):
    from urllib.parse import urlsplit

    def domain(url):
        return ".".join((urlsplit(url).hostname or "").split(".")[-2:])

    for source in shipped:
        urls = source.feeds + source.sitemaps + [l.url for l in source.listings] + source.search
        assert all(domain(u) in (domain(source.homepage), "qazinform.com", "inform.kz") for u in urls), source.id


def test_default_max_pages_applies_to_listings(shipped):
    assert all(l.max_pages == 3 for s in shipped for l in s.listings)


def test_search_templates_are_filled_in_the_outlets_script(shipped):
    terms = topic_terms(ROOT / "nlp" / "data" / "topic.yaml")
    egemen = next(s for s in shipped if s.id == "egemen")            # Kazakh: Cyrillic names only
    astana = next(s for s in shipped if s.id == "astana-times")      # English: Latin names only
    assert egemen.search_urls(terms) and all("%D0" in u or "%D3" in u or "%D2" in u for u in egemen.search_urls(terms))
    assert any("International%20Center" in u for u in astana.search_urls(terms))
    assert not any("%D0" in u for u in astana.search_urls(terms))


def test_base_placeholder_is_substituted():
    sources = load_sources(DEMO_SOURCES, base="http://127.0.0.1:5555/")
    assert sources[0].feeds[0] == "http://127.0.0.1:5555/steppe-herald/feeds/rss.xml"


def test_base_placeholder_without_base_is_an_error():
    with pytest.raises(SourcesError, match=r"demo_sources.yaml: contains \{base\}"):
        load_sources(DEMO_SOURCES)


GOOD = """
sources:
  - id: a-source
    name: A
    homepage: https://a.kz/
    country: KZ
    languages: [ru]
    feeds: [https://a.kz/rss]
"""


@pytest.mark.parametrize("old, new, message", [
    ("    feeds: [https://a.kz/rss]\n", "    feeds: [ftp://a.kz/rss]\n", "source a-source: key 'feeds': not an http(s) URL"),
    ("    languages: [ru]\n", "    languages: [russian]\n", "source a-source: key 'languages': unknown language"),
    ("    country: KZ\n", "    country: Kazakhstan\n", "source a-source: key 'country'"),
    ("    name: A\n", "    name: A\n    colour: red\n", "source a-source: unknown key 'colour'"),
    ("    name: A\n", "", "source a-source: missing key 'name'"),
    ("    feeds: [https://a.kz/rss]\n", "", "source a-source: key '(entry)': no route"),
    ("    feeds: [https://a.kz/rss]\n", "    search: ['https://a.kz/search']\n", "needs {query}"),
    ("    feeds: [https://a.kz/rss]\n", "    listings: [{url: 'https://a.kz/n', page: 'https://a.kz/n/2'}]\n",
     "key 'listings.0.page': the page template needs {n}"),
    ("    feeds: [https://a.kz/rss]\n", "    feeds: [https://a.kz/rss]\n    article_pattern: '(['\n",
     "key 'article_pattern': bad regular expression"),
    ("  - id: a-source\n", "  - id: A Source\n", "key 'id': id must be lower-case"),
])
def test_bad_entry_is_one_line_naming_entry_and_key(tmp_path, old, new, message):
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(SourcesError) as err:
        load_sources(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD + GOOD.split("sources:\n")[1], encoding="utf-8")
    with pytest.raises(SourcesError, match="source a-source: the id is used twice"):
        load_sources(path)


@pytest.mark.parametrize("text, message", [("sources: 5\n", "must be a mapping with a 'sources' list"),
                                           ("sources: [\n", "not valid YAML")])
def test_bad_file(tmp_path, text, message):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(SourcesError, match=message):
        load_sources(path)


def test_missing_file():
    with pytest.raises(SourcesError, match="no such sources file"):
        load_sources(Path("/nonexistent/sources.yaml"))


def test_every_shipped_route_says_how_it_is_known(shipped):
    for source in shipped:
        routes = source.feeds + source.sitemaps + source.search + (["robots.txt"] if source.robots_sitemaps else [])
        assert all(r in source.verified for r in routes), source.id
        assert all(l.verified for l in source.listings), source.id


def test_shipped_entries_fixed_after_issue_12(shipped):
    from crawler.parsers import looks_like_article

    by_id = {s.id: s for s in shipped}
    assert by_id["sputnik-uz"].languages == ["uz-Cyrl"]
    assert by_id["sputnik-uz-ru"].homepage == "https://uz.sputniknews.ru/" and by_id["sputnik-uz-ru"].languages == ["ru"]
    assert by_id["zakon-kz"].feeds == []
    president = by_id["president-uz"]
    assert looks_like_article("https://president.uz/ru/lists/view/7421", president.listings[0].url,
                              __import__("re").compile(president.article_pattern))
    for sid in ("kazinform-ru", "kazinform-kk", "kazinform-uz"):
        lenta = by_id[sid].listings[0]
        assert not lenta.url.endswith("/") and lenta.page.endswith("lenta?page={n}")
    added = {"spot-uz", "uzdaily", "podrobno-uz", "xabar-uz", "sputnik-uz-ru", "inbusiness-kz", "vlast-kz",
             "tengrinews", "khabar-24", "informburo", "kapital-kz", "kaztag", "times-ca", "mti-kz", "miit-uz",
             "adilet", "lex-uz"}
    assert added <= set(by_id)


@pytest.mark.parametrize("note, ok", [
    ("unverified: no network", True), ("contradicted: 404", True), ("2026-11-30 icic sources check: 200, 40 items", True),
    ("checked", False), ("2026-11-30", False),
])
def test_verified_notes_are_dated_or_say_why_not(tmp_path, note, ok):
    path = tmp_path / "s.yaml"
    path.write_text(f"sources:\n  - id: a\n    name: A\n    homepage: https://a.kz/\n    country: KZ\n"
                    f"    languages: [ru]\n    feeds:\n      - {{url: 'https://a.kz/rss', verified: '{note}'}}\n",
                    encoding="utf-8")
    if ok:
        assert load_sources(path)[0].verified == {"https://a.kz/rss": note}
    else:
        with pytest.raises(SourcesError, match="verified must be"):
            load_sources(path)
