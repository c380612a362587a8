"""Tests for the bundled sample news site (samples/articles -> samples/site)."""
from __future__ import annotations

import collections
import datetime as dt
import filecmp
import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ARTICLES = SAMPLES / "articles"
SITE = SAMPLES / "site"
BUILD = SAMPLES / "build_site.py"

REQUIRED = ["id", "outlet", "slug", "lang", "script", "published", "author", "title", "paragraphs", "facts"]
MIN_COUNTS = {("ru", "Cyrl"): 12, ("kk", "Cyrl"): 10, ("uz", "Latn"): 10, ("uz", "Cyrl"): 8, ("en", "Latn"): 10}
DATE_KINDS = {"point", "month", "quarter", "half", "year", "range", "deadline", "relative"}
STATUSES = {"planned", "agreed", "signed", "in_progress", "completed", "cancelled", "delayed"}
CURRENCIES = {"USD", "KZT", "UZS", "RUB", "EUR", "CNY"}
QUALIFIERS = {None, "over", "about", "up_to", "range"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS_SM = "http://www.sitemaps.org/schemas/sitemap/0.9"


def load_all() -> list[dict]:
    out = []
    for p in sorted(ARTICLES.glob("*.yaml")):
        with open(p, encoding="utf-8") as fh:
            d = yaml.safe_load(fh)
        d["_file"] = p.name
        out.append(d)
    return out


ARTS = load_all()
BY_ID = {a["id"]: a for a in ARTS}


def full_text(a: dict) -> str:
    return a["title"] + "\n" + "\n".join(a["paragraphs"])


def published(a: dict) -> dt.datetime:
    p = a["published"]
    return p if isinstance(p, dt.datetime) else dt.datetime.fromisoformat(p)


def manifest() -> list[dict]:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- YAML


@pytest.mark.parametrize("a", ARTS, ids=[a["_file"] for a in ARTS])
def test_required_fields_and_shape(a):
    for k in REQUIRED:
        assert k in a, f"missing {k}"
    assert a["_file"] == f"{a['id']}.yaml"
    assert a["outlet"] in {"steppe-herald", "oasis-daily"}
    assert re.fullmatch(r"[a-z0-9-]+", a["slug"]), a["slug"]
    assert a["script"] in {"Cyrl", "Latn"}
    pub = published(a)
    assert pub.utcoffset() == dt.timedelta(hours=5)
    assert dt.datetime(2024, 1, 1, tzinfo=pub.tzinfo) <= pub < dt.datetime(2026, 12, 1, tzinfo=pub.tzinfo)
    assert 3 <= len(a["paragraphs"]) <= 10
    body = "\n".join(a["paragraphs"])
    assert 600 <= len(body) <= 3000, len(body)
    assert all(isinstance(p, str) and p.strip() == p and p for p in a["paragraphs"])


def test_ids_and_paths_unique():
    assert len(BY_ID) == len(ARTS)
    keys = [(a["outlet"], a["slug"]) for a in ARTS]
    assert len(set(keys)) == len(keys)


def test_counts_per_language_and_script():
    c = collections.Counter((a["lang"], a["script"]) for a in ARTS)
    for key, n in MIN_COUNTS.items():
        assert c[key] >= n, (key, c[key])
    assert len(ARTS) >= 50


def test_relevance_mix_per_language():
    by = collections.defaultdict(collections.Counter)
    for a in ARTS:
        by[(a["lang"], a["script"])][a["facts"]["relevance"]] += 1
    for key, c in by.items():
        total = sum(c.values())
        assert c[2] >= 0.5 * total, (key, c)
        assert c[1] >= 1 and c[0] >= 1, (key, c)


def test_digest_day_has_content_in_several_languages():
    langs = {(a["lang"], a["script"]) for a in ARTS
             if published(a).date() in (dt.date(2026, 11, 20), dt.date(2026, 11, 21))
             and a["facts"]["relevance"] == 2}
    assert len(langs) >= 4


def test_outlets_and_reprint():
    oasis = [a for a in ARTS if a["outlet"] == "oasis-daily"]
    assert 2 <= len(oasis) < len(ARTS) // 2
    reprints = [a for a in ARTS if a.get("reprint_of")]
    assert len(reprints) == 1
    r = reprints[0]
    orig = BY_ID[r["reprint_of"]]
    assert r["outlet"] == "oasis-daily" and orig["outlet"] == "steppe-herald"
    assert r["title"] != orig["title"]
    assert r["paragraphs"][0] != orig["paragraphs"][0]
    shared = set(r["paragraphs"]) & set(orig["paragraphs"])
    assert len(shared) >= len(orig["paragraphs"]) // 2


def test_special_articles_marked():
    enc = [a for a in ARTS if a.get("encoding") == "windows-1251"]
    assert len(enc) == 1 and enc[0]["lang"] == "ru"
    full_text(enc[0]).encode("cp1251")  # must be representable
    assert len([a for a in ARTS if a.get("truncated")]) == 1


@pytest.mark.parametrize("a", ARTS, ids=[a["_file"] for a in ARTS])
def test_facts_schema_and_verbatim_hints(a):
    f = a["facts"]
    text = full_text(a)
    assert f["relevance"] in (0, 1, 2)
    assert f["entities"], "no entities"
    for e in f["entities"]:
        assert e["type"] in {"PER", "ORG", "LOC"}
        assert e["canonical"]
        if not e["aliases"]:
            assert e["canonical"] in text, f"entity not in text: {e['canonical']!r}"
        for al in e["aliases"]:
            assert al in text, f"alias not in text: {al!r}"
    canon = [e["canonical"] for e in f["entities"]]
    assert len(canon) == len(set(canon)), "duplicate canonical entity"
    for m in f["money"]:
        assert m["text"] in text, f"money text not in text: {m['text']!r}"
        assert m.get("hint", m["text"]) == m["text"]
        assert m["currency"] in CURRENCIES
        assert isinstance(m["amount"], float) and m["amount"] > 0
        assert m["qualifier"] in QUALIFIERS
    assert f["dates"], "no dates"
    for d in f["dates"]:
        assert d["kind"] in DATE_KINDS
        assert d["hint"] in text, f"date hint not in text: {d['hint']!r}"
        assert ISO_DAY.match(d["end"])
        assert d["start"] is None or ISO_DAY.match(d["start"])
        if d["start"]:
            assert d["start"] <= d["end"]
    # the dateline / publication day is annotated
    pday = published(a).date().isoformat()
    if a.get("reprint_of") is None:
        assert any(d["kind"] == "point" and d["start"] == pday for d in f["dates"])
    assert f["commitments"], "no commitments"
    for c in f["commitments"]:
        assert c["status"] in STATUSES
        assert c["actor"] and c["action"]
        assert c["hint"] in text, f"commitment hint not in text: {c['hint']!r}"
        if "deadline" in c:
            assert ISO_DAY.match(c["deadline"]["end"])
        if "amount" in c:
            assert c["amount"]["currency"] in CURRENCIES


# --------------------------------------------------------------------------- site


def test_every_article_page_and_facts_exist():
    m = manifest()
    assert {x["id"] for x in m} == set(BY_ID)
    for x in m:
        page = SITE / x["url"].lstrip("/")
        assert page.is_file(), page
        facts = json.loads((SITE / x["facts_url"].lstrip("/")).read_text(encoding="utf-8"))
        assert facts == BY_ID[x["id"]]["facts"]
        if x["outlet"] == "steppe-herald":
            assert re.fullmatch(r"/steppe-herald/news/\d{4}/\d{2}/[a-z0-9-]+\.html", x["url"])
        else:
            assert re.fullmatch(r"/oasis-daily/\d{4}/\d{2}/\d{2}/[a-z0-9-]+\.html", x["url"])
    for rel in ["index.html", "robots.txt", "private/secret.html", "sitemap.xml", "sitemaps/news.xml",
                "sitemaps/pages.xml", "steppe-herald/feeds/rss.xml", "oasis-daily/feeds/atom.xml",
                "steppe-herald/news/index.html", "steppe-herald/news/page/2.html", "oasis-daily/index.html"]:
        assert (SITE / rel).is_file(), rel


def test_build_is_reproducible(tmp_path):
    out = tmp_path / "site"
    subprocess.run([sys.executable, str(BUILD), str(out)], check=True, capture_output=True)
    cmp = filecmp.dircmp(SITE, out)

    def diffs(c: filecmp.dircmp, prefix=""):
        bad = [prefix + n for n in c.left_only + c.right_only + c.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        bad += [prefix + n for n in mismatch + errors]
        for name, sub in c.subdirs.items():
            bad += diffs(sub, prefix + name + "/")
        return bad

    assert diffs(cmp) == [], "samples/site is stale: rerun python samples/build_site.py"


def test_robots_and_private_link():
    robots = (SITE / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Disallow: /private/" in robots
    assert "Sitemap: __BASE__/sitemap.xml" in robots
    listing = (SITE / "steppe-herald/news/index.html").read_text(encoding="utf-8")
    assert 'href="/private/secret.html"' in listing


def test_windows_1251_page_has_no_charset():
    m = [x for x in manifest() if x["encoding"] == "windows-1251"]
    assert len(m) == 1
    raw = (SITE / m[0]["url"].lstrip("/")).read_bytes()
    assert b"charset" not in raw.lower()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1251")
    assert BY_ID[m[0]["id"]]["paragraphs"][0] in text


def test_truncated_page():
    m = [x for x in manifest() if x["truncated"]]
    assert len(m) == 1
    text = (SITE / m[0]["url"].lstrip("/")).read_text(encoding="utf-8")
    assert "</html>" not in text and "</article>" not in text
    assert not text.rstrip().endswith("</p>")


def test_dead_link_present():
    listed = set()
    for p in sorted((SITE / "steppe-herald/news").rglob("*.html")):
        if "/page/" in p.as_posix() or p.name == "index.html":
            listed |= set(re.findall(r'href="(/steppe-herald/news/\d{4}/[^"?]+)', p.read_text(encoding="utf-8")))
    missing = [u for u in listed if not (SITE / u.lstrip("/")).is_file()]
    assert len(missing) == 1, missing


def test_article_page_markup():
    m = manifest()
    meta_count = 0
    for x in m:
        a = BY_ID[x["id"]]
        raw = (SITE / x["url"].lstrip("/")).read_bytes()
        text = raw.decode("cp1251" if x["encoding"] == "windows-1251" else "utf-8")
        assert f'<html lang="{a["lang"]}">' in text
        assert f'<link rel="canonical" href="__BASE__{x["url"]}">' in text
        assert "utm_" not in text.split("</head>")[0]
        assert '<meta property="og:title"' in text and "<title>" in text
        assert "<article>" in text and "<h1>" in text
        if not x["truncated"]:
            for p in a["paragraphs"]:
                assert f"<p>{html.escape(p, quote=False)}</p>" in text
        if x["encoding"] == "utf-8":
            assert '<meta charset="utf-8">' in text
        if 'property="article:published_time"' in text:
            meta_count += 1
            assert '"@type": "NewsArticle"' in text
        else:
            assert "NewsArticle" not in text
            assert "<time datetime=" in text
    assert len(m) * 0.7 <= meta_count < len(m)


def test_listing_pagination():
    steppe = sorted([a for a in ARTS if a["outlet"] == "steppe-herald"], key=published, reverse=True)
    pages = (len(steppe) + 9) // 10
    for n in range(1, pages + 1):
        rel = "steppe-herald/news/index.html" if n == 1 else f"steppe-herald/news/page/{n}.html"
        page = (SITE / rel).read_text(encoding="utf-8")
        if n < pages:
            assert f'<a rel="next" href="/steppe-herald/news/page/{n + 1}.html"' in page
        else:
            assert 'rel="next"' not in page
    first = (SITE / "steppe-herald/news/index.html").read_text(encoding="utf-8")
    assert first.index(steppe[0]["slug"]) < first.index(steppe[1]["slug"])
    assert "utm_source=rss&amp;utm_medium=feed" in first or "utm_source=rss&utm_medium=feed" in first


def test_feeds_and_sitemaps_are_well_formed():
    rss = ET.parse(SITE / "steppe-herald/feeds/rss.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    items = rss.findall("./channel/item")
    assert len(items) == 15
    for it in items:
        pd = it.findtext("pubDate")
        assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", pd), pd
        assert it.findtext("link").startswith("__BASE__/steppe-herald/news/")
    assert any("utm_source=rss" in it.findtext("link") for it in items)

    atom = ET.parse(SITE / "oasis-daily/feeds/atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(atom.findall("a:entry", ns)) == sum(a["outlet"] == "oasis-daily" for a in ARTS)

    idx = ET.parse(SITE / "sitemap.xml").getroot()
    locs = [e.text for e in idx.iter(f"{{{NS_SM}}}loc")]
    assert locs == ["__BASE__/sitemaps/news.xml", "__BASE__/sitemaps/pages.xml"]
    news = ET.parse(SITE / "sitemaps/news.xml").getroot()
    urls = news.findall(f"{{{NS_SM}}}url")
    assert len(urls) == len(ARTS)
    for u in urls:
        n = u.find(f"{{{NS_NEWS}}}news")
        assert n.find(f"{{{NS_NEWS}}}publication") is not None
        assert n.findtext(f"{{{NS_NEWS}}}publication_date")
        assert n.findtext(f"{{{NS_NEWS}}}title")
    pages = ET.parse(SITE / "sitemaps/pages.xml").getroot()
    for u in pages.findall(f"{{{NS_SM}}}url"):
        assert ISO_DAY.match(u.findtext(f"{{{NS_SM}}}lastmod"))
