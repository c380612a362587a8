"""Pure parsing functions: bytes or HTML in, plain values out.

Nothing here knows about Scrapy or the knowledge base, so every function is
tested on saved pages.  The spider only wires them to responses.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from dataclasses import dataclass
from typing import Iterable, Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

# Query parameters that only track where a reader came from; they never select content.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "ysclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid",
    "twclid", "ttclid", "spm", "share", "amp", "from", "ref_src", "ref_url",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "__hs")
MAX_SITEMAP_BYTES = 50_000_000     # the sitemaps protocol's own limit for one (uncompressed) file
ARTICLE_HINT = re.compile(r"(\d{4}[/-]\d{1,2}|\d{5,}|/[\w%-]*-[\w%-]*-[\w%-]+|\.html?$)", re.I)
NOT_ARTICLE = re.compile(
    r"/(tag|tags|category|categories|author|authors|search|page|login|register|feed|rss|amp)(/|$|\?)"
    r"|\.(jpe?g|png|gif|webp|svg|css|js|xml|zip|mp4|mp3)$", re.I)
URL_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")
LANG_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([A-Za-z]{4}))?", re.I)

PUBLISHED_META = (
    ("property", "article:published_time"), ("property", "og:article:published_time"),
    ("itemprop", "datePublished"), ("name", "pubdate"), ("name", "publishdate"),
    ("name", "publish-date"), ("name", "article:published_time"), ("name", "date"),
    ("name", "dc.date.issued"), ("name", "dcterms.created"), ("name", "sailthru.date"),
    ("name", "parsely-pub-date"), ("property", "og:published_time"),
)
MODIFIED_META = (
    ("property", "article:modified_time"), ("property", "og:updated_time"),
    ("itemprop", "dateModified"), ("name", "last-modified"), ("name", "dcterms.modified"),
)
AUTHOR_META = (("name", "author"), ("property", "article:author"), ("name", "sailthru.author"),
               ("name", "parsely-author"), ("name", "dc.creator"))
TITLE_META = (("property", "og:title"), ("name", "twitter:title"))


@dataclass(frozen=True)
class Link:
    """A URL found by discovery, with the change date its route gave (if any)."""

    url: str
    modified: Optional[dt.datetime] = None
    title: Optional[str] = None


# ---------------------------------------------------------------- URLs

def is_tracking(param: str) -> bool:
    """True for query parameters that only track the visitor (utm_*, fbclid, gclid…)."""
    name = param.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, base: Optional[str] = None) -> str:
    """`url` (resolved against `base`) in canonical form: lower-case scheme and host, no default
    port, no fragment, no tracking parameters, remaining parameters sorted."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def same_site(a: str, b: str) -> bool:
    """True when two URLs share a host, ignoring a leading www."""
    def host(u: str) -> str:
        return (urlsplit(u).hostname or "").lower().removeprefix("www.")
    return host(a) == host(b)


# ---------------------------------------------------------------- encoding

@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    issue: Optional[str] = None      # None, or why the text may be damaged ("invalid_encoding")


def _charset_of(content_type: Optional[str]) -> Optional[str]:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1).lower() if match else None


def _codec(name: Optional[str]) -> Optional[str]:
    import codecs

    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _sniff(body: bytes) -> str:
    """Guess the encoding of bytes that declare none (windows-1251 pages of old CMSs)."""
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000], cp_isolation=None).best()
    return _codec(best.encoding) if best else "utf-8"


def decode_html(body: bytes, content_type: Optional[str] = None) -> Decoded:
    """Decode an HTML body: BOM, then the HTTP charset, then the page's own declaration, then
    strict UTF-8, then a detector.  A declared encoding with a few bad bytes keeps its text (with
    U+FFFD) and reports issue "invalid_encoding"; an undeclared non-UTF-8 page is detected."""
    from w3lib.encoding import html_body_declared_encoding, read_bom

    bom, mark = read_bom(body)
    if bom:
        enc = _codec(bom)
        return Decoded(body[len(mark):].decode(enc, "replace"), enc)
    declared = _codec(_charset_of(content_type)) or _codec(html_body_declared_encoding(body))
    if declared:
        try:
            return Decoded(body.decode(declared), declared)
        except UnicodeDecodeError:
            text = body.decode(declared, "replace")
            if text.count("\ufffd") <= max(3, len(text) // 100):
                return Decoded(text, declared, "invalid_encoding")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", None if not declared else "wrong_charset")
    except UnicodeDecodeError:
        guessed = _sniff(body)
        return Decoded(body.decode(guessed, "replace"), guessed, "wrong_charset" if declared else None)


def html_tree(text: str) -> lxml.html.HtmlElement:
    """Parse decoded HTML (an XML declaration or stray encoding meta does not matter)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    return lxml.html.document_fromstring(text.encode("utf-8", "replace") or b"<html></html>", parser=parser)


def looks_truncated(text: str) -> bool:
    """True when an HTML document stops before its closing </html> tag (a cut-off transfer or file)."""
    return "</html" not in text[-4096:].lower()


# ---------------------------------------------------------------- dates

def parse_date(value: Optional[str]) -> Optional[dt.datetime]:
    """A date or datetime string (ISO 8601, RFC 822, W3C) as a datetime; naive ones taken as UTC."""
    from dateutil import parser as dparser

    if not value or not value.strip():
        return None
    try:  # ISO 8601, the common case, without dateutil's slower general parser
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = dparser.parse(value.strip(), fuzzy=False)
        except (ValueError, OverflowError, TypeError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    if not 1990 <= when.year <= dt.date.today().year + 1:
        return None
    return when


def iso(value: Optional[str]) -> Optional[str]:
    """Normalise a date string to ISO 8601 (date only when it had no time)."""
    when = parse_date(value)
    if when is None:
        return None
    if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value or ""):
        return when.date().isoformat()
    return when.isoformat()


def _meta(tree, pairs: Iterable[tuple[str, str]]) -> Optional[str]:
    for attr, name in pairs:
        for el in tree.xpath(f"//meta[translate(@{attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
                             f"'abcdefghijklmnopqrstuvwxyz')='{name.lower()}']"):
            value = (el.get("content") or el.get("datetime") or "").strip()
            if value:
                return value
    return None


def json_ld(tree) -> list[dict]:
    """Every JSON-LD object of the page, @graph and lists flattened; broken blocks skipped."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, list):
            for sub in node:
                walk(sub)
        elif isinstance(node, dict):
            found.append(node)
            walk(node.get("@graph", []))

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            walk(json.loads(script.text_content() or "null"))
        except ValueError:
            continue
    return found


def _ld_field(tree, key: str) -> Optional[object]:
    objects = json_ld(tree)
    articles = [o for o in objects if "Article" in str(o.get("@type", "")) or "Posting" in str(o.get("@type", ""))]
    for obj in articles + objects:
        if obj.get(key):
            return obj[key]
    return None


def date_from_url(url: str) -> Optional[str]:
    """A yyyy/mm/dd (or yyyy-mm-dd, yyyymmdd) date written in the URL's path."""
    match = URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def extract_published(tree, url: str) -> Optional[str]:
    """Publication date: meta tags, then JSON-LD, then the URL, then htmldate (least trusted)."""
    for value in (_meta(tree, PUBLISHED_META), _ld_field(tree, "datePublished")):
        if isinstance(value, str) and iso(value):
            return iso(value)
    for time_el in tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]"):
        if iso(time_el.get("datetime")):
            return iso(time_el.get("datetime"))
    from_url = date_from_url(url)
    if from_url:
        return from_url
    from htmldate import find_date

    try:
        return find_date(lxml.html.tostring(tree), url=url, original_date=True, extensive_search=False)
    except Exception:  # htmldate is a last resort; its failure only means "no date"
        return None


def extract_modified(tree) -> Optional[str]:
    """Last modification date the page declares (meta tags, then JSON-LD)."""
    for value in (_meta(tree, MODIFIED_META), _ld_field(tree, "dateModified")):
        if isinstance(value, str) and iso(value):
            return iso(value)
    return None


# ---------------------------------------------------------------- other fields

def _clean(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def extract_title(tree) -> Optional[str]:
    """Headline: og:title / twitter:title, then the first h1, then <title>."""
    meta = _clean(_meta(tree, TITLE_META))
    if meta:
        return meta
    for h1 in tree.xpath("//h1"):
        if _clean(h1.text_content()):
            return _clean(h1.text_content())
    title = tree.find(".//title")
    return _clean(title.text_content()) if title is not None else None


def _ld_author(value) -> Optional[str]:
    if isinstance(value, list):
        names = [n for n in (_ld_author(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value) if isinstance(value, str) else None


def extract_author(tree) -> Optional[str]:
    """Author: meta tags (not profile URLs), JSON-LD, then rel=author / itemprop=author markup."""
    meta = _clean(_meta(tree, AUTHOR_META))
    if meta and not meta.startswith(("http://", "https://")):
        return meta
    ld = _ld_author(_ld_field(tree, "author"))
    if ld:
        return ld
    for el in tree.xpath("//*[@rel='author'] | //*[@itemprop='author'] | //*[contains(@class,'author')]"):
        text = _clean(el.text_content())
        if text and len(text) < 80:
            return text
    return None


def page_url(tree, url: str) -> str:
    """The article's canonical URL: <link rel=canonical> or og:url when on the same site, else `url`."""
    for href in tree.xpath("//link[@rel='canonical']/@href") + [_meta(tree, [("property", "og:url")]) or ""]:
        if href and href.strip():
            candidate = canonical_url(href, base=url)
            if candidate.startswith(("http://", "https://")) and same_site(candidate, url):
                return candidate
    return canonical_url(url)


def normalise_lang(tag: Optional[str]) -> Optional[str]:
    """'ru-RU' → 'ru', 'uz-Cyrl-UZ' → 'uz-Cyrl', 'kz' → 'kk' (a common mislabel)."""
    match = LANG_TAG.match((tag or "").strip())
    if not match:
        return None
    lang = match.group(1).lower()
    lang = {"kz": "kk", "qq": "kk"}.get(lang, lang)
    return f"{lang}-{match.group(2).title()}" if match.group(2) else lang


def lang_hint(tree, source_languages: Iterable[str] = ()) -> Optional[str]:
    """Language the page declares (<html lang>, og:locale), else the source's only language."""
    declared = normalise_lang(tree.get("lang") or tree.get("xml:lang")
                              or _meta(tree, [("property", "og:locale"), ("http-equiv", "content-language")]))
    if declared:
        return declared
    langs = list(source_languages)
    return langs[0] if len(langs) == 1 else None


def extract_text(tree, url: str) -> Optional[str]:
    """Main text with trafilatura (paragraphs on their own lines); None when there is none.

    fast=True skips trafilatura's second opinion (jusText/readability): news pages have a clear
    <article>, and it halves the time per page.  Called last: trafilatura may prune the tree."""
    import trafilatura

    text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=False,
                               deduplicate=False, favor_precision=True, fast=True, output_format="txt")
    if text and text.strip():
        return text.strip()
    return None


def parse_article(html: str, url: str, *, source_languages: Iterable[str] = ()) -> dict:
    """Every field of one article page: url (canonical), title, text, published, modified,
    author, lang_hint.  `text` is None when the page has no main text."""
    tree = html_tree(html)
    fields = {
        "url": page_url(tree, url), "title": extract_title(tree), "published": extract_published(tree, url),
        "modified": extract_modified(tree), "author": extract_author(tree),
        "lang_hint": lang_hint(tree, source_languages),
    }
    fields["text"] = drop_headline(extract_text(tree, url), fields["title"])
    return fields


def drop_headline(text: Optional[str], title: Optional[str]) -> Optional[str]:
    """The text without a first line that repeats the headline (trafilatura keeps the h1)."""
    if not text or not title:
        return text
    first, _, rest = text.partition("\n")
    if _clean(first).casefold() == title.casefold() and rest.strip():
        return rest.strip()
    return text


# ---------------------------------------------------------------- discovery

def _xml_root(body: bytes):
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=__import__("io").BytesIO(body)) as fh:
            body = fh.read(MAX_SITEMAP_BYTES)
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)
    try:
        return lxml.etree.fromstring(body.strip() or b"<empty/>", parser=parser)
    except lxml.etree.XMLSyntaxError:
        return None


def _local(el) -> str:
    return lxml.etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _child_text(el, *names: str) -> Optional[str]:
    for child in el.iter():
        if _local(child) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Article links of an RSS 2.0, RSS 1.0 or Atom feed, with their updated/published dates."""
    root = _xml_root(body)
    if root is None:
        return []
    links = []
    for entry in (el for el in root.iter() if _local(el) in ("item", "entry")):
        href = None
        for link in (c for c in entry if _local(c) == "link"):
            if link.get("href") and link.get("rel", "alternate") == "alternate":
                href = link.get("href")
                break
            if (link.text or "").strip():
                href = link.text.strip()
                break
        guid = next((c for c in entry if _local(c) == "guid"), None)
        if not href and guid is not None and guid.get("isPermaLink", "true") != "false":
            href = (guid.text or "").strip() or None
        if not href:
            continue
        date = _child_text(entry, "updated", "modified", "pubdate", "published", "date")
        links.append(Link(canonical_url(href, base=base_url), parse_date(date), _clean(_child_text(entry, "title"))))
    return links


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[Link], list[Link]]:
    """(child sitemaps, page links) of a sitemap index or url set; Google News sitemaps give
    the publication date as the link's date when there is no lastmod."""
    root = _xml_root(body)
    if root is None:
        return [], []
    sitemaps, pages = [], []
    for el in root:
        kind = _local(el)
        if kind not in ("sitemap", "url"):
            continue
        loc = next((c.text.strip() for c in el if _local(c) == "loc" and c.text), None)
        if not loc:
            continue
        date = next((c.text for c in el if _local(c) == "lastmod" and c.text), None) \
            or _child_text(el, "publication_date")
        target = sitemaps if kind == "sitemap" else pages
        target.append(Link(canonical_url(loc, base=base_url), parse_date(date), _clean(_child_text(el, "title"))))
    return sitemaps, pages


def looks_like_article(url: str, listing_url: str, pattern: Optional[re.Pattern] = None) -> bool:
    """Whether a link on a listing page points to an article of the same site."""
    if not url.startswith(("http://", "https://")) or not same_site(url, listing_url):
        return False
    path = urlsplit(url).path
    if pattern is not None:
        return bool(pattern.search(url))
    if NOT_ARTICLE.search(path) or canonical_url(url) == canonical_url(listing_url):
        return False
    return bool(ARTICLE_HINT.search(path)) and path.count("/") >= 1 and not path.endswith("/index.html")


def parse_listing(html: str, url: str, *, article_pattern: Optional[str] = None) -> tuple[list[Link], Optional[str]]:
    """(article links, next page URL) of a listing or search-results page.  The next page is
    <link rel=next> or <a rel=next>; links are kept in page order without repeats."""
    tree = html_tree(html)
    pattern = re.compile(article_pattern) if article_pattern else None
    seen, links = set(), []
    for href in tree.xpath("//a[@href]/@href"):
        if href.strip().lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        absolute = canonical_url(href, base=url)
        if absolute not in seen and looks_like_article(absolute, url, pattern):
            seen.add(absolute)
            links.append(Link(absolute))
    nexts = tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
                       " | //a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href")
    next_url = canonical_url(nexts[0], base=url) if nexts else None
    return [l for l in links if l.url != next_url], next_url
