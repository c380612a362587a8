"""The one generic spider: discovery routes of each source in, Article items out.

It only wires responses to the pure functions of crawler.parsers; what a route
is (feed, sitemap, listing, search) comes from the sources file.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections import deque
from typing import Iterable, Iterator, Optional
from urllib.parse import urljoin

import scrapy
from scrapy.http import Request, Response, TextResponse

from crawler import documents, parsers
from crawler.bounds import CrawlBounds
from crawler.breaker import HostSkipped
from crawler.context import context
from crawler.faults import classify
from crawler.items import Article
from kb.store import forget_http_validators
from crawler.pending import PendingRoutes
from crawler.urlpolicy import UrlPolicy

log = logging.getLogger(__name__)
MAX_SITEMAP_DEPTH = 3
HTML_TYPES = (b"text/html", b"application/xhtml")


class NewsSpider(PendingRoutes, scrapy.Spider):
    """Crawls every source of the job: {"sources": [...], "terms": [...]}."""

    name = "news"

    def __init__(self, job: Optional[dict] = None, **kwargs):
        super().__init__(**kwargs)
        job = job or {}
        self.sources: list[dict] = job.get("sources", [])
        self.terms: list[str] = job.get("terms", [])
        self.max_articles: int = job.get("max_pages") or 0      # 0 = no limit
        self.requested = 0
        self.offered: set[str] = set()                          # article URLs requested or waiting, this run
        self.waiting: deque[tuple[str, parsers.Link]] = deque()  # over the limit, in case a slot frees up
        self.by_id = {s["id"]: s for s in self.sources}
        self.crawl_config: dict = job.get("crawl") or {}
        self.url_policy = UrlPolicy(self.sources)
        self.cut_routes: set[str] = set()           # routes a limit held links back from: no validators kept

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.ctx = context(crawler)
        spider.bounds = CrawlBounds(spider.by_id, spider.crawl_config, spider.ctx.db)
        return spider

    # ------------------------------------------------------------ start
    async def start(self):
        for source in self.sources:
            for request in self.route_requests(source):
                yield request
        for request in self.pending_requests():     # what earlier runs found and did not store
            yield request

    def route_requests(self, source: dict) -> Iterator[Request]:
        for url in source.get("feeds", []):
            yield self.route(source, url, self.parse_feed, "feed")
        for url in source.get("sitemaps", []):
            yield self.route(source, url, self.parse_sitemap, "sitemap", depth=0)
        if source.get("robots_sitemaps"):
            # Not conditional: an unchanged robots.txt still names sitemaps that must be checked.
            yield self.route(source, urljoin(source["homepage"], "/robots.txt"), self.parse_robots, "robots",
                             conditional=False)
        for listing in source.get("listings", []):
            yield self.route(source, listing["url"], self.parse_listing, "listing", page=1,
                             max_pages=listing.get("max_pages") or 3, template=listing.get("page"))
        for url in _search_urls(source, self.terms):
            yield self.route(source, url, self.parse_listing, "search", page=1, max_pages=1, conditional=False)

    def route(self, source: dict, url: str, callback, kind: str, conditional: bool = True, priority: int = 10,
              **meta) -> Request:
        """A discovery request: always fetched (not filtered as seen), conditional where it helps."""
        meta.update(source=source["id"], route=kind, conditional=conditional,
                    handle_httpstatus_list=[304] if conditional else [])
        return Request(url, callback=callback, errback=self.on_error, meta=meta, dont_filter=True,
                       priority=priority)

    # ------------------------------------------------------------ discovery
    def _route_done(self, response: Response) -> bool:
        """Count a discovery response; True when it was 304 (nothing changed since last time)."""
        source = response.meta["source"]
        if response.status == 304:
            self.ctx.ledger.inc(source, "not_modified")
            self.route_complete(response)
            return True
        self.ctx.ledger.inc(source, "routes")
        return False

    def parse_feed(self, response: Response):
        if self._route_done(response):
            return
        links = parsers.parse_feed(response.body, response.url)
        if not links:
            self.fault(response, "parse_error", "no entries in the feed")
        yield from self.article_requests(response.meta["source"], links, response.url)
        self.route_complete(response)

    def parse_sitemap(self, response: Response):
        if self._route_done(response):
            return
        source, depth = response.meta["source"], response.meta.get("depth", 0)
        children, pages = parsers.parse_sitemap(response.body, response.url)
        if depth < MAX_SITEMAP_DEPTH:
            yield from self.child_sitemaps(response, source, children, depth)
        pattern = self.by_id[source].get("article_pattern")
        pattern = re.compile(pattern) if pattern else None
        # Sitemaps list every page (sections, listing pages too); keep what looks like an article.
        yield from self.article_requests(source, [p for p in pages if parsers.looks_like_article(
            p.url, response.url, pattern)], response.url)
        self.route_complete(response)

    def child_sitemaps(self, response: Response, source: str, children: list[parsers.Link],
                       depth: int) -> Iterator[Request]:
        """An index's sitemaps, newest first (by lastmod or the date in their name), stopping at the
        first one older than the age bound: the rest of a daily or monthly archive is older still.
        Undated ones (pages, sections) are never too old and come last."""
        ordered = parsers.newest_first(children)
        dated = sum(1 for child in ordered if parsers.link_date(child) is not None)
        keep = []
        for rank, child in enumerate(ordered[:dated]):
            if self.too_old(source, child, count=False):
                self.ctx.ledger.inc(source, "skipped_old", dated - rank)
                break
            keep.append(child)
        for rank, child in enumerate(keep + ordered[dated:]):
            yield from self.derived_route(response, self.by_id[source], child.url, "sitemap", depth=depth + 1,
                                          priority=10 - rank)  # the scheduler is LIFO: order by priority

    def parse_robots(self, response: Response):
        if self._route_done(response) or not isinstance(response, TextResponse):
            return
        source = self.by_id[response.meta["source"]]
        for match in re.finditer(r"(?im)^\s*sitemap:\s*(\S+)", response.text):
            yield from self.derived_route(response, source, parsers.canonical_url(match.group(1), base=response.url),
                                     "sitemap", depth=0)
        self.route_complete(response)

    def parse_listing(self, response: Response):
        if self._route_done(response):
            return
        meta, source = response.meta, self.by_id[response.meta["source"]]
        decoded = parsers.decode_html(response.body, _content_type(response))
        links, next_url = parsers.parse_listing(decoded.text, response.url,
                                                article_pattern=source.get("article_pattern"))
        yield from self.article_requests(source["id"], links, response.url)
        page = meta.get("page", 1)
        if meta.get("template"):
            next_url = meta["template"].replace("{n}", str(page + 1))
        if next_url and page < meta.get("max_pages", 1):
            yield from self.derived_route(response, source, next_url, meta["route"], page=page + 1,
                                     max_pages=meta["max_pages"], template=meta.get("template"),
                                     conditional=meta.get("conditional", True))
        self.route_complete(response)

    def article_requests(self, source: str, links: Iterable[parsers.Link],
                         route_url: Optional[str] = None) -> Iterator[Request]:
        """Requests for the links worth fetching; every one is queued in the KB first (pending_links),
        so a route is never marked unchanged while one of its articles is neither stored nor queued.
        A route whose links a limit held back forgets its validators: next run reads it whole."""
        cut = False                                  # a link of this route was held back by a limit
        wanted = []
        for link in links:
            if link.url in self.offered:             # the same article from a second route of this run
                continue
            owner = self.owner(link.url, source)
            if self.refused(owner, link.url) or self.too_old(owner, link) or not self.ctx.should_fetch(owner, link):
                continue
            if not self.bounds.take(owner):          # the first crawl's budget of this source is spent
                self.ctx.ledger.inc(owner, "skipped_limit")
                cut = True
                continue
            self.offered.add(link.url)
            wanted.append((owner, link))
        self.queue_articles(wanted)
        for owner, link in wanted:
            if self.max_articles and self.requested >= self.max_articles:
                self.ctx.ledger.inc(owner, "skipped_limit")
                self.waiting.append((owner, link))
                cut = True
                continue
            yield self.article_request(owner, link)
        if cut and route_url:                        # next run reads it whole again, not a 304
            self.cut_routes.add(route_url)
            forget_http_validators(self.ctx.db, route_url)

    def article_request(self, owner: str, link: parsers.Link) -> Request:
        self.requested += 1
        return Request(link.url, callback=self.parse_article, errback=self.on_error,
                       meta={"source": owner, "route": "article", "route_dates": _route_dates(link),
                             "pending_url": link.url})

    def release_slot(self) -> Iterator[Request]:
        """An article request that brought no page (robots.txt, 404, timeout…) gives its place under
        --max-pages to the next link that waited for one."""
        self.requested -= 1
        while self.waiting and self.requested < self.max_articles:
            owner, link = self.waiting.popleft()
            self.ctx.ledger.inc(owner, "skipped_limit", -1)
            yield self.article_request(owner, link)

    def too_old(self, source: str, link: parsers.Link, count: bool = True) -> bool:
        """True when a date the route or the URL gives is before the source's age bound (counted as
        skipped_old).  Undated links are never too old."""
        if not self.bounds.too_old(source, link):
            return False
        if count:
            self.ctx.ledger.inc(source, "skipped_old")
        return True

    def owner(self, url: str, found_by: str) -> str:
        """The source an article belongs to: the one whose homepage is the longest prefix of its URL
        (a site-wide sitemap lists several editions), else the source whose route found it."""
        best, length = found_by, 0
        for sid, source in self.by_id.items():
            home = source["homepage"]
            if url.startswith(home) and len(home) > length:
                best, length = sid, len(home)
        return best

    # ------------------------------------------------------------ articles
    def parse_article(self, response: Response):
        source = self.by_id[response.meta["source"]]
        self.ctx.ledger.inc(source["id"], "fetched")
        ctype = response.headers.get("Content-Type") or b""
        fmt = documents.document_format(ctype.decode("latin-1"), response.url)
        if fmt:
            yield from self.parse_document(response, source, fmt)
            return
        if not isinstance(response, TextResponse) or (ctype and not ctype.lower().startswith(HTML_TYPES)):
            self.article_failed(response, "not_html", f"Content-Type {ctype.decode('latin-1') or 'missing'}")
            return
        decoded = parsers.decode_html(response.body, _content_type(response))
        if decoded.issue:
            self.fault(response, decoded.issue, f"body is not valid {decoded.encoding}; decoded with replacements")
        if parsers.looks_truncated(decoded.text):
            self.fault(response, "truncated", "the page ends before </html>; stored what arrived")
        try:
            fields = parsers.parse_article(decoded.text, response.url, source_languages=source.get("languages", []),
                                           timezone=source.get("timezone"),
                                           route_dates=_evidence(response.meta.get("route_dates")))
        except Exception as exc:  # one unreadable page is counted, never the end of the crawl
            self.article_failed(response, "parse_error", f"{type(exc).__name__}: {exc}")
            return
        if not fields["text"]:
            self.article_failed(response, "no_text", "no main text found")
            return
        urls = {parsers.canonical_url(u) for u in (response.url, response.request.url if response.request else None)
                if u}
        yield Article(url=fields["url"], source_id=source["id"], text=fields["text"], title=fields["title"],
                      author=fields["author"], published=fields["published"], modified=fields["modified"],
                      lang_hint=fields["lang_hint"], encoding=decoded.encoding, urls=sorted(urls - {fields["url"]}),
                      date_evidence=fields["date_evidence"],
                      kind=documents.document_kind(fields["title"]) if source.get("documents") else "article",
                      fetched=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      pending=response.meta.get("pending_url"))

    def parse_document(self, response: Response, source: dict, fmt: str):
        """A PDF or DOCX an article route led to (a decree, an agreement, a report): read as a
        document with its kind; a scan without a text layer is a `needs_ocr` fault, never stored."""
        try:
            doc = documents.read_fetched(response.body, fmt, response.url)
        except documents.NeedsOCR as exc:
            self.fault(response, "needs_ocr", str(exc))
            return
        except documents.DocumentError as exc:
            self.fault(response, "parse_error", str(exc))
            return
        except Exception as exc:  # a library's surprise on one file is counted, never the end of the crawl
            self.fault(response, "parse_error", f"{type(exc).__name__}: {exc}")
            return
        evidence = doc["date_evidence"] + [{"value": e.value, "origin": e.origin}
                                           for e in _evidence(response.meta.get("route_dates"))]
        langs = source.get("languages", [])
        yield Article(url=parsers.canonical_url(response.url), source_id=source["id"], text=doc["text"],
                      title=doc["title"], author=doc["author"], published=evidence[0]["value"] if evidence else None,
                      lang_hint=doc["lang_hint"] or (langs[0] if len(langs) == 1 else None), kind=doc["kind"],
                      date_evidence=evidence, fetched=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      pending=response.meta.get("pending_url"))

    # ------------------------------------------------------------ faults
    def fault(self, response: Response, kind: str, reason: str) -> None:
        self.ctx.ledger.error(response.meta.get("source", "?"), kind, response.url, reason)

    def on_error(self, failure) -> Iterator[Request]:
        request = failure.request
        if not failure.check(HostSkipped):       # those are counted by the breaker, once per host
            kind, reason = classify(failure)
            self.ctx.ledger.error(request.meta.get("source", "?"), kind, request.url, reason)
            self.pending_failed(request, f"{kind}: {reason}")
            self.ctx.flush()
        if self.max_articles and request.meta.get("route") == "article":
            yield from self.release_slot()


def _route_dates(link: parsers.Link) -> list[list[str]]:
    """The link's route dates as plain lists (request meta must survive a Redis frontier)."""
    return [[e.value, e.origin] for e in link.route_dates()]


def _evidence(pairs) -> list[parsers.DateEvidence]:
    return [parsers.DateEvidence(value, origin) for value, origin in pairs or ()]


def _content_type(response: Response) -> Optional[str]:
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else None


def _search_urls(source: dict, terms: list[str]) -> list[str]:
    from crawler.sources import Source

    return Source.model_validate(source).search_urls(terms) if source.get("search") else []
