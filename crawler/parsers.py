"""Pure parsing functions: bytes or HTML in, plain values out.

Nothing here knows about Scrapy or the knowledge base, so every function is
tested on saved pages.  The spider only wires them to responses.
"""
from __future__ import annotations

import datetime as dt
import functools
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
# BCP 47: a language subtag, then optional script, region and variants ("uz-Cyrl-UZ", "ru_RU" as written).
LANG_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_](?:[a-z]{2}|\d{3}))?(?:[-_][a-z\d]{5,8})*$", re.I)
# ISO 639-1 codes (the two-letter subtags BCP 47 takes first) and the three-letter ones pages use for
# the project's languages; anything else ("utf", "lan", "xx") is a junk hint and ignored.
ISO_639_1 = frozenset("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi
mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo
wa wo xh yi yo za zh zu""".split())
ISO_639_3 = {"rus": "ru", "kaz": "kk", "uzb": "uz", "eng": "en", "kir": "ky", "tgk": "tg", "tuk": "tk",
             "tur": "tr", "zho": "zh", "kaa": "kaa"}
LANG_ALIASES = {"kz": "kk", "qq": "kk"}          # country codes written as languages (common mislabels)

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
# " | ", " - ", " — ", " :: ", " · ", " » " between a headline and the site's name
TITLE_SEPARATOR = re.compile(r"(\s+(?:[|\u2013\u2014\u00b7\u2022\u00bb/:-]|::|\|\|)\s+)")
PHOTO_CREDIT = re.compile(r"(фото|сурет|surat|сурат|photo|foto|видео|video|иллюстрация|illustration|источник)"
                          r"\s*(:|©|/|by\b)|©", re.I)
BYLINE_PREFIX = re.compile(r"^(автор|авторы|author|by|muallif|муаллиф|авторы материала)\s*:?\s+", re.I)
AUTHOR_CLASSES = frozenset({"author", "byline", "article-author", "article__author", "author-name", "author__name",
                            "post-author", "news-author", "entry-author"})


@dataclass(frozen=True)
class Link:
    """A URL found by discovery, with the change date its route gave (if any)."""

    url: str
    modified: Optional[dt.datetime] = None        # the newest date the route gives (change or publication)
    title: Optional[str] = None
    published: Optional[dt.datetime] = None       # a publication date the route states (pubDate, news:publication_date)
    origin: Optional[str] = None                  # which route dated it: feed, news-sitemap, lastmod

    def route_dates(self) -> list["DateEvidence"]:
        """The publication evidence this link carries to its article (see EVIDENCE_RANK)."""
        found = []
        if self.published is not None:
            found.append(DateEvidence(self.published.isoformat(), self.origin or "feed"))
        if self.modified is not None and self.origin == "lastmod":
            found.append(DateEvidence(self.modified.isoformat(), "lastmod"))
        return found


# ---------------------------------------------------------------- URLs

def is_tracking(param: str) -> bool:
    """True for query parameters that only track the visitor (utm_*, fbclid, gclid…)."""
    name = param.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


@functools.lru_cache(maxsize=16384)
def canonical_url(url: str, base: Optional[str] = None) -> str:
    """`url` (resolved against `base`) in canonical form: lower-case scheme and host, no default
    port, no fragment, no tracking parameters, remaining parameters sorted.  Cached: a page's URL is
    made canonical at each step (sitemap, link filter, request, item), ~6 times a page."""
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

def zone(name: Optional[str]) -> Optional[dt.tzinfo]:
    """The time zone of an IANA name ("Asia/Tashkent"); None for None or an unknown name."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_date(value: Optional[str], tz: Optional[dt.tzinfo] = None) -> Optional[dt.datetime]:
    """A date or datetime string (ISO 8601, RFC 822, W3C) as an aware datetime.

    A time without an offset is local time where it was written: `tz` (the page's or source's
    zone), else UTC.  Taking it as UTC moved a Tashkent evening to the next local day."""
    from dateutil import parser as dparser

    if not isinstance(value, str) or not value.strip():
        return None
    try:  # ISO 8601, the common case, without dateutil's slower general parser
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = dparser.parse(value.strip(), fuzzy=False)
        except (ValueError, OverflowError, TypeError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz or dt.timezone.utc)
    if not 1990 <= when.year <= dt.date.today().year + 1:
        return None
    return when


def iso(value: Optional[str], tz: Optional[dt.tzinfo] = None) -> Optional[str]:
    """Normalise a date string to ISO 8601: a date stays a date; a time keeps its moment and the
    offset it was written with (or `tz`'s, when it had none)."""
    when = parse_date(value, tz)
    if when is None:
        return None
    if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value or ""):
        return when.date().isoformat()
    return when.isoformat()


_LAST: dict = {}     # what was read from the last tree: its meta index and JSON-LD (a page is read whole)


def _per_tree(tree, key: str, build):
    """`build(tree)`, computed once for the tree being parsed (the tree is kept so its id stays its own)."""
    if _LAST.get("tree") is not tree:
        _LAST.clear()
        _LAST["tree"] = tree
    if key not in _LAST:
        _LAST[key] = build(tree)
    return _LAST[key]


def _meta_index(tree) -> dict[tuple[str, str], str]:
    """{(attribute, lower-cased name): first non-empty content} of every <meta> of the page."""
    index: dict[tuple[str, str], str] = {}
    for el in tree.iter("meta"):
        value = (el.get("content") or el.get("datetime") or "").strip()
        if not value:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if el.get(attr):
                index.setdefault((attr, el.get(attr).strip().lower()), value)
    return index


def _meta(tree, pairs: Iterable[tuple[str, str]]) -> Optional[str]:
    index = _per_tree(tree, "meta", _meta_index)
    for attr, name in pairs:
        if (attr, name.lower()) in index:
            return index[(attr, name.lower())]
    return None


def json_ld(tree) -> list[dict]:
    """Every JSON-LD object of the page, @graph and lists flattened; broken blocks skipped."""
    return _per_tree(tree, "json-ld", _json_ld)


def _json_ld(tree) -> list[dict]:
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


def ld_texts(value) -> list[str]:
    """The texts of a JSON-LD value in every shape schema.org allows: a string, an object
    ({"@value": …} or {"name": …}, either of which may hold more of the same), or a list of them."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        for key in ("@value", "name"):
            if key in value:
                return ld_texts(value[key])
        return []
    if isinstance(value, list):
        return [text for item in value for text in ld_texts(item)]
    return []


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


URL_MONTH = re.compile(r"(?<!\d)(20\d\d|19\d\d)[/_-](0[1-9]|1[0-2])(?!\d)")
# A year alone: a path segment with more path after it (/2019/…), or a name part (sitemap-2019.xml).
# A last segment of four digits (/view/2019) is more often an id than a year.
URL_YEAR = re.compile(r"/(20\d\d|19\d\d)/(?=.)|[-_](20\d\d|19\d\d)(?=[-_.])|[?&]\w*year\w*=(20\d\d|19\d\d)(?!\d)")


def url_period_end(url: str) -> Optional[dt.datetime]:
    """The latest moment a URL's date or year allows: the end of the day, month or year written in
    its path or query (/2019/05/17/…, sitemap-2019-05.xml, news_2019.xml, ?date=2019-05-17), in UTC
    plus a day of slack for time zones; None when it names no period."""
    parts = urlsplit(url)
    text = parts.path + ("?" + parts.query if parts.query else "")
    day = URL_DATE.search(text)
    if day:
        try:
            end = dt.date(*map(int, day.groups())) + dt.timedelta(days=1)
        except ValueError:
            end = None
        if end:
            return dt.datetime.combine(end, dt.time(), dt.timezone.utc) + dt.timedelta(days=1)
    month = URL_MONTH.search(text)
    if month:
        year, mon = int(month.group(1)), int(month.group(2))
        end = dt.date(year + mon // 12, mon % 12 + 1, 1)
        return dt.datetime.combine(end, dt.time(), dt.timezone.utc) + dt.timedelta(days=1)
    year = URL_YEAR.search(text)
    if year:
        value = int(next(g for g in year.groups() if g))
        return dt.datetime(value + 1, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=1)
    return None


def link_date(link: Link) -> Optional[dt.datetime]:
    """The date a link's route gives, else the end of the period its URL names; None if neither."""
    return link.modified or link.published or url_period_end(link.url)


def newest_first(links: list[Link]) -> list[Link]:
    """Links ordered by `link_date`, newest first; undated ones last, in their order (a daily-sitemap
    index lists its days oldest first, or in no order)."""
    def key(item):
        index, link = item
        when = link_date(link)
        return (when is None, -(when.timestamp()) if when else 0, index)
    return [link for _, link in sorted(enumerate(links), key=key)]


@dataclass(frozen=True)
class DateEvidence:
    """One candidate publication date and where it came from (an entry of EVIDENCE_RANK)."""

    value: str           # ISO 8601: a date, or a moment with its offset
    origin: str


# Most trusted first.  The page's own markup beats what a route says about it; a feed's pubDate
# or a news sitemap's publication_date is a publication date, a sitemap's lastmod only a change
# date, so it ranks below the URL and htmldate's quick look.  htmldate's extensive search finds a
# date in almost any page (92 % right on real pages), so it is the last resort.
EVIDENCE_RANK = ("meta", "json-ld", "time", "feed", "news-sitemap", "url", "htmldate", "lastmod",
                 "htmldate-extensive")


def page_dates(tree, url: str, tz: Optional[dt.tzinfo] = None) -> list[DateEvidence]:
    """The publication dates the page itself states (meta tags, JSON-LD, <time>) and its URL's."""
    found = []
    meta = iso(_meta(tree, PUBLISHED_META), tz)
    if meta:
        found.append(DateEvidence(meta, "meta"))
    ld = next((v for v in (iso(t, tz) for t in ld_texts(_ld_field(tree, "datePublished"))) if v), None)
    if ld:
        found.append(DateEvidence(ld, "json-ld"))
    for time_el in tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]"):
        value = iso(time_el.get("datetime"), tz)
        if value:
            found.append(DateEvidence(value, "time"))
            break
    from_url = date_from_url(url)
    if from_url:
        found.append(DateEvidence(from_url, "url"))
    return found


def _htmldate(tree, url: str, extensive: bool) -> Optional[str]:
    from htmldate import find_date

    try:
        return find_date(lxml.html.tostring(tree), url=url, original_date=True, extensive_search=extensive)
    except Exception:  # htmldate is a last resort; its failure only means "no date"
        return None


def date_evidence(tree, url: str, tz: Optional[dt.tzinfo] = None,
                  route: Iterable[DateEvidence] = ()) -> list[DateEvidence]:
    """Every candidate publication date, most trusted first (EVIDENCE_RANK): the page's own, the
    dates its feed or sitemap gave (`route`), then htmldate, quick and then extensive, when
    nothing better says when the page was published."""
    found = page_dates(tree, url, tz) + [e for e in route if e.origin in EVIDENCE_RANK]
    if not any(EVIDENCE_RANK.index(e.origin) < EVIDENCE_RANK.index("htmldate") for e in found):
        for origin, extensive in (("htmldate", False), ("htmldate-extensive", True)):
            value = _htmldate(tree, url, extensive)
            if value:
                found.append(DateEvidence(value, origin))
                break
    return sorted(found, key=lambda e: EVIDENCE_RANK.index(e.origin))


def extract_published(tree, url: str, tz: Optional[dt.tzinfo] = None,
                      route: Iterable[DateEvidence] = ()) -> Optional[str]:
    """Publication date: the most trusted of `date_evidence`; None when there is none."""
    found = date_evidence(tree, url, tz, route)
    return found[0].value if found else None


def extract_modified(tree, tz: Optional[dt.tzinfo] = None) -> Optional[str]:
    """Last modification date the page declares (meta tags, then JSON-LD)."""
    for value in [_meta(tree, MODIFIED_META)] + ld_texts(_ld_field(tree, "dateModified")):
        if iso(value, tz):
            return iso(value, tz)
    return None


# ---------------------------------------------------------------- other fields

def _clean(value: Optional[str]) -> Optional[str]:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def site_names(tree, url: str = "") -> set[str]:
    """Folded names the site goes by: og:site_name, application-name, the JSON-LD publisher or
    WebSite, and its host ("kun.uz", "kun")."""
    names = [_meta(tree, [("property", "og:site_name"), ("name", "application-name")])]
    for obj in json_ld(tree):
        names += ld_texts(obj.get("publisher"))
        if "WebSite" in str(obj.get("@type", "")):
            names += ld_texts(obj.get("name"))
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    names += [host, host.split(".")[0]] if host else []
    return {_fold(n) for n in names if isinstance(n, str) and len(_fold(n)) >= 2}


def strip_site_name(title: Optional[str], names: set[str]) -> Optional[str]:
    """A title without the site name before or after a separator ("Заголовок | Kun.uz" → "Заголовок")."""
    if not title:
        return title
    parts = TITLE_SEPARATOR.split(title)       # [segment, separator, segment, …]
    while len(parts) > 1 and _fold(parts[-1]) in names:
        parts = parts[:-2]
    while len(parts) > 1 and _fold(parts[0]) in names:
        parts = parts[2:]
    return _clean("".join(parts)) or title


def _first_h1(tree, names: set[str]) -> Optional[str]:
    """The first h1 of the article (or the page) that is not the site's logo."""
    for h1 in tree.xpath("//article//h1 | //main//h1") + tree.xpath("//h1"):
        text = _clean(h1.text_content())
        if text and _fold(text) not in names:
            return text
    return None


def extract_title(tree, url: str = "") -> Optional[str]:
    """Headline: the page's <h1>, reconciled with og:title / twitter:title, the JSON-LD headline and
    <title>, all without the site name.  A one- or two-word h1 that neither og:title nor the
    headline contains is a section heading ("Новости"), not the headline."""
    names = site_names(tree, url)
    h1 = _first_h1(tree, names)
    ld = next(iter(ld_texts(_ld_field(tree, "headline"))), None)
    title_el = tree.find(".//title")
    stated = [t for t in (strip_site_name(_clean(v), names) for v in (_meta(tree, TITLE_META), ld)) if t]
    page = strip_site_name(_clean(title_el.text_content()) if title_el is not None else None, names)
    others = stated + ([page] if page else [])
    if h1 and (len(h1.split()) >= 3 or not others or any(_fold(h1) in _fold(t) for t in stated)
               or (not stated and _fold(h1) in _fold(page))):
        return h1
    return others[0] if others else h1


def _author_name(text: Optional[str]) -> Optional[str]:
    """A byline as a name: "Автор: X" → "X"; None for a photo credit, a URL or a paragraph."""
    text = _clean(text)
    if not text or text.startswith(("http://", "https://")) or PHOTO_CREDIT.match(text) or len(text) > 80:
        return None
    return _clean(BYLINE_PREFIX.sub("", text))


def _ld_author(value) -> Optional[str]:
    names = [n for n in (_author_name(t) for t in ld_texts(value)) if n]
    return ", ".join(dict.fromkeys(names)) or None


def _author_markup(tree) -> Optional[str]:
    """rel=author / itemprop=author markup, or an element whose class is exactly a byline's."""
    for el in tree.xpath("//*[@rel='author'] | //*[@itemprop='author'] | //*[@class]"):
        if el.get("rel") != "author" and el.get("itemprop") != "author" and \
                not AUTHOR_CLASSES.intersection((el.get("class") or "").lower().split()):
            continue
        named = el.xpath(".//*[@itemprop='name']")
        name = _author_name((named[0] if named else el).text_content())
        if name:
            return name
    return None


def extract_author(tree) -> Optional[str]:
    """Author, from author fields only: meta tags (not profile URLs), JSON-LD `author` (a string,
    a Person, or a list of them), then author markup.  Photo credits ("Фото: …") are not authors."""
    return _author_name(_meta(tree, AUTHOR_META)) or _ld_author(_ld_field(tree, "author")) or _author_markup(tree)


def page_url(tree, url: str) -> str:
    """The article's canonical URL: <link rel=canonical> or og:url when on the same site, else `url`."""
    for href in tree.xpath("//link[@rel='canonical']/@href") + [_meta(tree, [("property", "og:url")]) or ""]:
        if href and href.strip():
            candidate = canonical_url(href, base=url)
            if candidate.startswith(("http://", "https://")) and same_site(candidate, url):
                return candidate
    return canonical_url(url)


def normalise_lang(tag: Optional[str]) -> Optional[str]:
    """A BCP 47 language hint in the project's form: 'ru-RU' → 'ru', 'uz-Cyrl-UZ' → 'uz-Cyrl',
    'kz' → 'kk' (a common mislabel), 'rus' → 'ru'; None for what is no language ("utf", "lan")."""
    match = LANG_TAG.match((tag or "").strip())
    if not match:
        return None
    lang = match.group(1).lower()
    lang = LANG_ALIASES.get(lang, lang)
    lang = ISO_639_3.get(lang, lang) if len(lang) == 3 else lang
    if lang not in ISO_639_1 and lang not in ISO_639_3.values():
        return None
    return f"{lang}-{match.group(2).title()}" if match.group(2) else lang


def lang_hint(tree, source_languages: Iterable[str] = ()) -> Optional[str]:
    """Language the page declares (<html lang>, og:locale, Content-Language), else the source's only
    language.  A declaration that is no language tag is skipped, not believed."""
    for declared in (tree.get("lang"), tree.get("xml:lang"), _meta(tree, [("property", "og:locale")]),
                     _meta(tree, [("http-equiv", "content-language")])):
        lang = normalise_lang(declared)
        if lang:
            return lang
    langs = list(source_languages)
    return langs[0] if len(langs) == 1 else None


MIN_FAST_TEXT = 400      # characters; below this the fast pass may have missed the article


def _trafilatura(document, url: str, fast: bool) -> Optional[str]:
    import trafilatura

    text = trafilatura.extract(document, url=url, include_comments=False, include_tables=True,
                               deduplicate=False, favor_precision=False, fast=fast, output_format="txt")
    return text.strip() if text and text.strip() else None


def extract_text(tree, url: str, html: Optional[str] = None) -> Optional[str]:
    """Main text with trafilatura (paragraphs on their own lines); None when there is none.

    Recall first: no favor_precision (it emptied 29 real pages).  fast=True skips trafilatura's
    second opinion (jusText/readability), which takes two thirds of its time; when the fast pass
    finds little or nothing, the full extraction runs on a fresh parse of `html` (trafilatura
    prunes the tree it is given) and the longer text wins."""
    text = _trafilatura(tree, url, fast=True)
    if html is not None and (text is None or len(text) < MIN_FAST_TEXT):
        full = _trafilatura(html, url, fast=False)
        if full and len(full) > len(text or ""):
            text = full
    return text


def parse_article(html: str, url: str, *, source_languages: Iterable[str] = (), timezone: Optional[str] = None,
                  route_dates: Iterable[DateEvidence] = ()) -> dict:
    """Every field of one article page: url (canonical), title, text, published, modified,
    author, lang_hint, and date_evidence (every candidate publication date, most trusted first,
    as {"value", "origin"}).  `timezone` is the source's (for times written without an offset);
    `route_dates` are the dates its feed or sitemap gave.  `text` is None when there is none."""
    tree = html_tree(html)
    tz = zone(timezone)
    evidence = date_evidence(tree, url, tz, route_dates)
    fields = {
        "url": page_url(tree, url), "title": extract_title(tree, url),
        "published": evidence[0].value if evidence else None,
        "date_evidence": [{"value": e.value, "origin": e.origin} for e in evidence],
        "modified": extract_modified(tree, tz), "author": extract_author(tree),
        "lang_hint": lang_hint(tree, source_languages),
    }
    fields["text"] = drop_headline(extract_text(tree, url, html), fields["title"])
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
        published = parse_date(_child_text(entry, "pubdate", "published", "date", "issued"))
        links.append(Link(canonical_url(href, base=base_url), parse_date(date), _clean(_child_text(entry, "title")),
                          published, "feed"))
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
        lastmod = parse_date(next((c.text for c in el if _local(c) == "lastmod" and c.text), None))
        published = parse_date(_child_text(el, "publication_date"))
        target = sitemaps if kind == "sitemap" else pages
        target.append(Link(canonical_url(loc, base=base_url), lastmod or published, _clean(_child_text(el, "title")),
                           published, "news-sitemap" if published else "lastmod"))
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
