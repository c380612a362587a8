#!/usr/bin/env python3
"""Build the bundled sample news site (two outlets) from samples/articles/*.yaml.

Usage:  python samples/build_site.py [OUTPUT_DIR]     (default: samples/site)

Only the standard library and PyYAML are used.  The output is deterministic:
the same YAML input always produces byte-identical files (no clocks, no
randomness, sorted iteration everywhere).

Absolute URLs inside generated files use the placeholder ``__BASE__``; the
local test server replaces it with ``http://127.0.0.1:PORT`` on the fly.

Deliberate quirks, so the crawler/extractor pipeline gets exercised:
  * one article (``encoding: windows-1251`` in its YAML) is written in
    windows-1251 with no charset declaration anywhere;
  * one article (``truncated: true``) is cut off mid-paragraph, no closing tags;
  * the steppe-herald listing links to one article URL that has no file (404);
  * listing pages link to /private/secret.html, which robots.txt disallows;
  * feed/listing links to some articles carry ``?utm_source=rss&utm_medium=feed``;
  * some article pages have neither article:published_time nor JSON-LD, only
    the date in the URL and a visible byline date;
  * oasis-daily carries one reprint of a steppe-herald story (``reprint_of``).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import sys
from email.utils import format_datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ARTICLES_DIR = HERE / "articles"
DEFAULT_OUT = HERE / "site"
BASE = "__BASE__"
UTM = "?utm_source=rss&utm_medium=feed"
PER_PAGE = 10
RSS_ITEMS = 15
DEAD_LINK = "/steppe-herald/news/2025/01/kokand-bazaar-story-removed.html"
DEAD_TITLE = "Коканд — Туркестан: новый автобусный маршрут (материал удалён)"

OUTLETS = {
    "steppe-herald": {"name": "Steppe Herald", "home": "/steppe-herald/news/index.html"},
    "oasis-daily": {"name": "Oasis Daily", "home": "/oasis-daily/index.html"},
}

# Article ids whose pages carry neither article:published_time nor JSON-LD.
NO_META_IDS = {"ru-007", "kk-005", "uz-005", "uzc-004", "en-005", "en-010"}

UI = {
    ("ru", "Cyrl"): {
        "menu": ["Главная", "Политика", "Экономика", "Регионы", "Общество", "Спорт"],
        "related": "Читайте также", "by": "Автор", "cookie":
        "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая просмотр, вы соглашаетесь с этим.",
        "accept": "Принять", "rights": "Все права защищены. Перепечатка материалов только с согласия редакции.",
        "about": "О редакции", "ads": "Реклама", "contacts": "Контакты", "share": "Поделиться",
        "subscribe": "Подпишитесь на нашу рассылку",
    },
    ("kk", "Cyrl"): {
        "menu": ["Басты бет", "Саясат", "Экономика", "Өңірлер", "Қоғам", "Спорт"],
        "related": "Тақырыпқа қатысты", "by": "Авторы", "cookie":
        "Сайт дұрыс жұмыс істеуі үшін біз cookie файлдарын пайдаланамыз. Сайтты қарауды жалғастыра отырып, сіз бұған келісесіз.",
        "accept": "Келісемін", "rights": "Барлық құқықтар қорғалған. Материалдарды көшіріп басу тек редакцияның рұқсатымен.",
        "about": "Редакция туралы", "ads": "Жарнама", "contacts": "Байланыс", "share": "Бөлісу",
        "subscribe": "Жаңалықтарға жазылыңыз",
    },
    ("uz", "Latn"): {
        "menu": ["Bosh sahifa", "Siyosat", "Iqtisodiyot", "Hududlar", "Jamiyat", "Sport"],
        "related": "Mavzuga oid", "by": "Muallif", "cookie":
        "Sayt yaxshi ishlashi uchun cookie fayllaridan foydalanamiz. Saytdan foydalanishda davom etib, bunga rozilik bildirasiz.",
        "accept": "Roziman", "rights": "Barcha huquqlar himoyalangan. Materiallardan foydalanishda manba ko'rsatilishi shart.",
        "about": "Tahririyat haqida", "ads": "Reklama", "contacts": "Aloqa", "share": "Ulashish",
        "subscribe": "Yangiliklarga obuna bo'ling",
    },
    ("uz", "Cyrl"): {
        "menu": ["Бош саҳифа", "Сиёсат", "Иқтисодиёт", "Ҳудудлар", "Жамият", "Спорт"],
        "related": "Мавзуга оид", "by": "Муаллиф", "cookie":
        "Сайт яхши ишлаши учун cookie файлларидан фойдаланамиз. Сайтдан фойдаланишда давом этиб, бунга розилик билдирасиз.",
        "accept": "Розиман", "rights": "Барча ҳуқуқлар ҳимояланган. Материаллардан фойдаланишда манба кўрсатилиши шарт.",
        "about": "Таҳририят ҳақида", "ads": "Реклама", "contacts": "Алоқа", "share": "Улашиш",
        "subscribe": "Янгиликларга обуна бўлинг",
    },
    ("en", "Latn"): {
        "menu": ["Home", "Politics", "Business", "Regions", "Society", "Sport"],
        "related": "Related articles", "by": "By", "cookie":
        "We use cookies to make this site work better. By continuing to browse, you agree to our use of cookies.",
        "accept": "Accept", "rights": "All rights reserved. Republication only with the permission of the editors.",
        "about": "About us", "ads": "Advertising", "contacts": "Contacts", "share": "Share",
        "subscribe": "Sign up for our newsletter",
    },
}

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]

CSS = """body{font-family:Georgia,serif;margin:0;color:#222}
.site-header,.od-top{background:#1d3557;color:#fff;padding:12px 24px}
.site-header a,.od-top a{color:#fff;text-decoration:none}
.main-menu ul{list-style:none;display:flex;gap:16px;padding:0}
main{max-width:760px;margin:0 auto;padding:16px}
article h1{font-size:2em}
.byline{color:#666;font-size:.9em}
.related,.od-most-read{border-top:2px solid #1d3557;margin-top:32px}
.cookie-notice{position:fixed;bottom:0;background:#eee;padding:8px;width:100%}
footer{background:#f1f1f1;padding:16px 24px;font-size:.85em}
"""


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def esct(s: str) -> str:
    """Escape element text (quotes stay as typed, like on most real sites)."""
    return html.escape(s, quote=False)


def load_articles() -> list[dict]:
    arts = []
    for path in sorted(ARTICLES_DIR.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            d = yaml.safe_load(fh)
        pub = d["published"]
        if isinstance(pub, str):
            pub = dt.datetime.fromisoformat(pub)
        if pub.tzinfo is None:
            pub = pub.replace(tzinfo=dt.timezone(dt.timedelta(hours=5)))
        d["_pub"] = pub
        d["published"] = pub.isoformat()
        if d["outlet"] == "steppe-herald":
            d["path"] = f"/steppe-herald/news/{pub:%Y}/{pub:%m}/{d['slug']}.html"
        elif d["outlet"] == "oasis-daily":
            d["path"] = f"/oasis-daily/{pub:%Y}/{pub:%m}/{pub:%d}/{d['slug']}.html"
        else:
            raise ValueError(f"{path}: unknown outlet {d['outlet']!r}")
        d["encoding"] = d.get("encoding", "utf-8")
        d["truncated"] = bool(d.get("truncated", False))
        d["reprint_of"] = d.get("reprint_of")
        arts.append(d)
    # newest first; id as a tie-breaker keeps the order total
    arts.sort(key=lambda a: (a["_pub"], a["id"]), reverse=True)
    return arts


def id_num(a: dict) -> int:
    return int(a["id"].rsplit("-", 1)[1])


def tracked(a: dict) -> bool:
    """Feed and listing links to these articles carry UTM parameters."""
    return id_num(a) % 3 == 0


def link_href(a: dict) -> str:
    return a["path"] + (UTM if tracked(a) else "")


def visible_date(a: dict) -> str:
    p = a["_pub"]
    if a["lang"] == "en":
        return f"{MONTHS_EN[p.month - 1]} {p.day}, {p.year}, {p:%H:%M}"
    return f"{p:%d.%m.%Y %H:%M}"


def ui(a: dict) -> dict:
    return UI[(a["lang"], a["script"])]


def json_ld(a: dict) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "datePublished": a["published"],
        "author": {"@type": "Person", "name": a["author"]},
        "inLanguage": a["lang"] if a["lang"] != "uz" else f"uz-{a['script']}",
        "publisher": {"@type": "Organization", "name": OUTLETS[a["outlet"]]["name"]},
        "mainEntityOfPage": BASE + a["path"],
    }
    s = json.dumps(data, ensure_ascii=False, indent=1)
    return s.replace("</", "<\\/")


def head(a: dict, *, charset: bool, meta: bool) -> list[str]:
    out = ["<!DOCTYPE html>", f'<html lang="{a["lang"]}">', "<head>"]
    if charset:
        out.append('<meta charset="utf-8">')
    out += [
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(a['title'])} | {OUTLETS[a['outlet']]['name']}</title>",
        f'<meta property="og:title" content="{esc(a["title"])}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{BASE}{a["path"]}">',
        f'<meta property="og:site_name" content="{OUTLETS[a["outlet"]]["name"]}">',
        f'<link rel="canonical" href="{BASE}{a["path"]}">',
        '<link rel="stylesheet" href="/static/site.css">',
    ]
    if meta:
        out.append(f'<meta property="article:published_time" content="{a["published"]}">')
        out.append('<script type="application/ld+json">')
        out.append(json_ld(a))
        out.append("</script>")
    out.append("</head>")
    return out


def steppe_article(a: dict, related: list[dict]) -> str:
    u = ui(a)
    meta = a["id"] not in NO_META_IDS
    charset = a["encoding"] == "utf-8"
    lines = head(a, charset=charset, meta=meta)
    lines += [
        '<body class="steppe">',
        '<header class="site-header">',
        '<a class="logo" href="/steppe-herald/news/index.html">Steppe Herald</a>',
        '<nav class="main-menu"><ul>',
    ]
    for i, label in enumerate(u["menu"]):
        href = "/steppe-herald/news/index.html" if i == 0 else f"/steppe-herald/news/index.html#section-{i}"
        lines.append(f'<li><a href="{href}">{esc(label)}</a></li>')
    lines += [
        "</ul></nav>",
        "</header>",
        f'<div class="cookie-notice" id="cookie">{esc(u["cookie"])} <button>{esc(u["accept"])}</button></div>',
        "<main>",
        '<div class="breadcrumbs"><a href="/steppe-herald/news/index.html">Steppe Herald</a> &rsaquo; '
        f'{esc(u["menu"][2])}</div>',
        "<article>",
        f"<h1>{esct(a['title'])}</h1>",
        f'<div class="byline">{esc(u["by"])}: <span class="author">{esc(a["author"])}</span> · '
        f'<time datetime="{a["published"]}">{visible_date(a)}</time></div>',
    ]
    paras = [f"<p>{esct(p)}</p>" for p in a["paragraphs"]]
    lines += paras
    lines += [
        "</article>",
        f'<div class="share-bar">{esc(u["share"])}: <a href="#">Telegram</a> <a href="#">Facebook</a> <a href="#">X</a></div>',
        '<aside class="related">',
        f"<h2>{esc(u['related'])}</h2>",
        "<ul>",
    ]
    for r in related:
        lines.append(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>')
    lines += [
        "</ul>",
        "</aside>",
        f'<div class="newsletter">{esc(u["subscribe"])}: <input type="email" placeholder="email"></div>',
        "</main>",
        "<footer>",
        f'<p><a href="/steppe-herald/news/index.html#about">{esc(u["about"])}</a> · '
        f'<a href="/steppe-herald/news/index.html#ads">{esc(u["ads"])}</a> · '
        f'<a href="/steppe-herald/news/index.html#contacts">{esc(u["contacts"])}</a></p>',
        f"<p>© 2024–2026 Steppe Herald. {esc(u['rights'])}</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    page = "\n".join(lines) + "\n"
    if a["truncated"]:
        # Cut the page in the middle of the last paragraph: no closing tags.
        # (The annotated facts all sit in the earlier, intact paragraphs.)
        target = paras[-1]
        cut = page.index(target) + len(target) // 2
        page = page[:cut]
    return page


def oasis_article(a: dict, others: list[dict], originals: dict) -> str:
    u = ui(a)
    meta = a["id"] not in NO_META_IDS
    lines = head(a, charset=True, meta=meta)
    lines += [
        '<body class="oasis">',
        '<div class="od-top">',
        '<a class="od-logo" href="/oasis-daily/index.html">OASIS DAILY</a>',
        '<span class="od-tagline">News from the heart of Central Asia</span>',
        '<ul class="od-nav">',
        '<li><a href="/oasis-daily/index.html">Latest</a></li>',
        '<li><a href="/oasis-daily/index.html#business">Business</a></li>',
        '<li><a href="/oasis-daily/index.html#travel">Travel</a></li>',
        '<li><a href="/oasis-daily/index.html#opinion">Opinion</a></li>',
        "</ul>",
        "</div>",
        '<div class="od-ad">Advertisement</div>',
        "<main>",
        "<article>",
        f"<h1>{esct(a['title'])}</h1>",
        f'<div class="byline">{esc(a["author"])} — <time datetime="{a["published"]}">{visible_date(a)}</time></div>',
    ]
    lines += [f"<p>{esct(p)}</p>" for p in a["paragraphs"]]
    lines.append("</article>")
    if a["reprint_of"]:
        orig = originals[a["reprint_of"]]
        lines.append(f'<div class="od-source">This story was first published by '
                     f'<a href="{orig["path"]}">Steppe Herald</a> and is republished with permission.</div>')
    lines += ['<div class="od-most-read">', "<h3>Most read</h3>", "<ol>"]
    for r in others:
        lines.append(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>')
    lines += [
        "</ol>",
        "</div>",
        "</main>",
        f'<div class="cookie-notice">{esc(u["cookie"])} <a href="#">OK</a></div>',
        "<footer>",
        "<p>Oasis Daily · Tashkent · Almaty</p>",
        "<p>© Oasis Daily Media. Reproduction without a link to the source is prohibited.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def listing_page(items: list[dict], page: int, pages: int, extra: list[str]) -> str:
    def page_url(n: int) -> str:
        return "/steppe-herald/news/index.html" if n == 1 else f"/steppe-herald/news/page/{n}.html"

    title = "Steppe Herald — News" + ("" if page == 1 else f" (page {page})")
    lines = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f'<link rel="canonical" href="{BASE}{page_url(page)}">',
        f'<link rel="alternate" type="application/rss+xml" title="Steppe Herald" href="{BASE}/steppe-herald/feeds/rss.xml">',
        '<link rel="stylesheet" href="/static/site.css">',
    ]
    if page > 1:
        lines.append(f'<link rel="prev" href="{page_url(page - 1)}">')
    if page < pages:
        lines.append(f'<link rel="next" href="{page_url(page + 1)}">')
    lines += [
        "</head>", "<body>",
        '<header class="site-header"><a class="logo" href="/steppe-herald/news/index.html">Steppe Herald</a></header>',
        "<main>", f"<h1>{title}</h1>", '<ul class="news-list">',
    ]
    for a in items:
        lines.append(
            f'<li lang="{a["lang"]}"><a href="{esc(link_href(a))}">{esc(a["title"])}</a> '
            f'<time datetime="{a["published"]}">{a["_pub"]:%Y-%m-%d}</time></li>'
        )
    lines += extra
    lines.append("</ul>")
    lines.append('<nav class="pagination">')
    if page > 1:
        lines.append(f'<a rel="prev" href="{page_url(page - 1)}">&laquo; Newer</a>')
    lines.append(f"<span>Page {page} of {pages}</span>")
    if page < pages:
        lines.append(f'<a rel="next" href="{page_url(page + 1)}">Older &raquo;</a>')
    lines += [
        "</nav>", "</main>",
        '<footer><p><a href="/steppe-herald/feeds/rss.xml">RSS</a> · <a href="/private/secret.html">Staff area</a> · '
        '<a href="/index.html">All outlets</a></p></footer>',
        "</body>", "</html>",
    ]
    return "\n".join(lines) + "\n"


def oasis_index(items: list[dict]) -> str:
    lines = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        "<title>Oasis Daily — Latest</title>",
        f'<link rel="canonical" href="{BASE}/oasis-daily/index.html">',
        f'<link rel="alternate" type="application/atom+xml" title="Oasis Daily" href="{BASE}/oasis-daily/feeds/atom.xml">',
        "</head>", "<body>", "<h1>Oasis Daily — Latest</h1>", "<ul>",
    ]
    for a in items:
        lines.append(f'<li><a href="{esc(link_href(a))}">{esc(a["title"])}</a> ({a["_pub"]:%Y-%m-%d})</li>')
    lines += ["</ul>", '<p><a href="/oasis-daily/feeds/atom.xml">Atom feed</a> · '
              '<a href="/private/secret.html">Editors only</a></p>', "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def rss(items: list[dict]) -> str:
    last = format_datetime(items[0]["_pub"]) if items else ""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        "<title>Steppe Herald</title>",
        f"<link>{BASE}/steppe-herald/news/index.html</link>",
        "<description>News from Kazakhstan, Uzbekistan and Central Asia</description>",
        f'<atom:link href="{BASE}/steppe-herald/feeds/rss.xml" rel="self" type="application/rss+xml"/>',
        f"<lastBuildDate>{last}</lastBuildDate>",
    ]
    for a in items:
        summary = a["paragraphs"][0][:240]
        out += [
            "<item>",
            f"<title>{esc(a['title'])}</title>",
            f"<link>{esc(BASE + link_href(a))}</link>",
            f'<guid isPermaLink="false">steppe-herald:{a["id"]}</guid>',
            f"<pubDate>{format_datetime(a['_pub'])}</pubDate>",
            f"<dc:creator>{esc(a['author'])}</dc:creator>",
            f"<description>{esc(summary)}</description>",
            "</item>",
        ]
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


def atom(items: list[dict]) -> str:
    updated = items[0]["published"] if items else "2024-01-01T00:00:00+05:00"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Oasis Daily</title>",
        f"<id>{BASE}/oasis-daily/</id>",
        f'<link rel="self" href="{BASE}/oasis-daily/feeds/atom.xml"/>',
        f'<link rel="alternate" href="{BASE}/oasis-daily/index.html"/>',
        f"<updated>{updated}</updated>",
    ]
    for a in items:
        out += [
            "<entry>",
            f"<title>{esc(a['title'])}</title>",
            f'<link rel="alternate" href="{esc(BASE + link_href(a))}"/>',
            f"<id>urn:oasis-daily:{a['id']}</id>",
            f"<published>{a['published']}</published>",
            f"<updated>{a['published']}</updated>",
            f"<author><name>{esc(a['author'])}</name></author>",
            f'<summary xml:lang="{a["lang"]}">{esc(a["paragraphs"][0][:240])}</summary>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def news_sitemap(arts: list[dict]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for a in arts:
        out += [
            "<url>",
            f"<loc>{BASE}{a['path']}</loc>",
            "<news:news>",
            "<news:publication>",
            f"<news:name>{OUTLETS[a['outlet']]['name']}</news:name>",
            f"<news:language>{a['lang']}</news:language>",
            "</news:publication>",
            f"<news:publication_date>{a['published']}</news:publication_date>",
            f"<news:title>{esc(a['title'])}</news:title>",
            "</news:news>",
            "</url>",
        ]
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def pages_sitemap(entries: list[tuple[str, str]]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in entries:
        out += ["<url>", f"<loc>{BASE}{path}</loc>", f"<lastmod>{lastmod}</lastmod>", "</url>"]
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def sitemap_index(lastmod: str) -> str:
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        f"<sitemap><loc>{BASE}/sitemaps/news.xml</loc><lastmod>{lastmod}</lastmod></sitemap>",
        f"<sitemap><loc>{BASE}/sitemaps/pages.xml</loc><lastmod>{lastmod}</lastmod></sitemap>",
        "</sitemapindex>",
    ]) + "\n"


ROOT_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ICIC Monitor sample news sites</title>
</head>
<body>
<h1>Sample news outlets</h1>
<ul>
<li><a href="/steppe-herald/news/index.html">Steppe Herald</a> (<a href="/steppe-herald/feeds/rss.xml">RSS</a>)</li>
<li><a href="/oasis-daily/index.html">Oasis Daily</a> (<a href="/oasis-daily/feeds/atom.xml">Atom</a>)</li>
</ul>
<p><a href="/sitemap.xml">Sitemap</a></p>
</body>
</html>
"""

SECRET = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Staff only</title>
<meta name="robots" content="noindex, nofollow">
</head>
<body>
<h1>Staff area</h1>
<p>Internal page. Disallowed by robots.txt: a polite crawler must never fetch it.</p>
</body>
</html>
"""

ROBOTS = f"""User-agent: *
Disallow: /private/

Sitemap: {BASE}/sitemap.xml
"""


def write(out: Path, rel: str, data, encoding: str = "utf-8") -> None:
    path = out / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data if isinstance(data, bytes) else data.encode(encoding, errors="strict")
    with open(path, "wb") as fh:
        fh.write(raw)


def build(out: Path) -> list[dict]:
    arts = load_articles()
    ids = [a["id"] for a in arts]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate article ids")
    by_id = {a["id"]: a for a in arts}
    steppe = [a for a in arts if a["outlet"] == "steppe-herald"]
    oasis = [a for a in arts if a["outlet"] == "oasis-daily"]

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    write(out, "index.html", ROOT_INDEX)
    write(out, "robots.txt", ROBOTS)
    write(out, "private/secret.html", SECRET)
    write(out, "static/site.css", CSS)

    # Article pages + facts sidecars.
    for i, a in enumerate(steppe):
        related = [steppe[(i + k) % len(steppe)] for k in (1, 2, 3)]
        page = steppe_article(a, related)
        write(out, a["path"], page, a["encoding"])
    for i, a in enumerate(oasis):
        others = [o for o in oasis if o is not a][:3]
        write(out, a["path"], oasis_article(a, others, by_id))
    for a in arts:
        write(out, a["path"] + ".facts.json",
              json.dumps(a["facts"], ensure_ascii=False, indent=2) + "\n")

    # Listings (10 per page, newest first) with one dead link on page 2.
    pages = (len(steppe) + PER_PAGE - 1) // PER_PAGE
    for n in range(1, pages + 1):
        chunk = steppe[(n - 1) * PER_PAGE: n * PER_PAGE]
        extra = []
        if n == 2:
            extra.append(f'<li lang="ru"><a href="{DEAD_LINK}">{esc(DEAD_TITLE)}</a> '
                         f'<time datetime="2025-01-15T10:00:00+05:00">2025-01-15</time></li>')
        rel = "steppe-herald/news/index.html" if n == 1 else f"steppe-herald/news/page/{n}.html"
        write(out, rel, listing_page(chunk, n, pages, extra))
    write(out, "oasis-daily/index.html", oasis_index(oasis))

    # Feeds.
    write(out, "steppe-herald/feeds/rss.xml", rss(steppe[:RSS_ITEMS]))
    write(out, "oasis-daily/feeds/atom.xml", atom(oasis))

    # Sitemaps.
    newest = arts[0]["_pub"].date().isoformat()
    write(out, "sitemap.xml", sitemap_index(newest))
    write(out, "sitemaps/news.xml", news_sitemap(arts))
    page_entries = [("/index.html", newest), ("/steppe-herald/news/index.html", steppe[0]["_pub"].date().isoformat())]
    for n in range(2, pages + 1):
        page_entries.append((f"/steppe-herald/news/page/{n}.html",
                             steppe[(n - 1) * PER_PAGE]["_pub"].date().isoformat()))
    page_entries.append(("/oasis-daily/index.html", oasis[0]["_pub"].date().isoformat()))
    write(out, "sitemaps/pages.xml", pages_sitemap(page_entries))

    # Manifest for tests and the demo.
    manifest = []
    for a in sorted(arts, key=lambda x: x["id"]):
        manifest.append({
            "id": a["id"], "outlet": a["outlet"], "lang": a["lang"], "script": a["script"],
            "url": a["path"], "facts_url": a["path"] + ".facts.json",
            "published": a["published"], "relevance": a["facts"]["relevance"],
            "title": a["title"], "encoding": a["encoding"], "truncated": a["truncated"],
            "reprint_of": a["reprint_of"], "tracked_links": tracked(a),
            "has_published_meta": a["id"] not in NO_META_IDS,
        })
    write(out, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def main(argv: list[str]) -> int:
    out = Path(argv[1]).resolve() if len(argv) > 1 else DEFAULT_OUT
    manifest = build(out)
    print(f"built {len(manifest)} articles into {os.path.relpath(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
