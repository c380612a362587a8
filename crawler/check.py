"""`icic sources check`: fetch every route of a sources file once and say what it gives.

For each feed, sitemap, listing, search template (filled with one name of the subject) and
robots.txt: HTTP status, content type, the number of items it lists and the newest date among
them, so a user with a network can verify a sources file in a minute.  Polite: robots.txt is
obeyed, one request at a time, at least `delay` seconds between two requests to one host.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional
from urllib.parse import urljoin, urlsplit

from crawler import parsers
from crawler.sources import Source

MAX_BYTES = 10_000_000


@dataclass
class RouteCheck:
    """What one route answered."""

    source: str
    route: str                      # feed | sitemap | listing | search | robots
    url: str
    status: Optional[int] = None    # None: no answer (the error says why)
    content_type: Optional[str] = None
    items: Optional[int] = None
    newest: Optional[str] = None
    error: Optional[str] = None
    verified: Optional[str] = None  # what the sources file says about the route

    def row(self) -> dict:
        return {"source": self.source, "route": self.route, "url": self.url, "status": self.status or "-",
                "type": (self.content_type or "-").split(";")[0], "items": "-" if self.items is None else self.items,
                "newest": self.newest or "-", "note": self.error or "", "verified": self.verified}


def routes(source: Source, terms: list[str]) -> Iterator[tuple[str, str, Optional[str]]]:
    """(kind, URL, verified note) of every route of a source; a search template is filled with one
    fitting term."""
    notes = source.verified
    for url in source.feeds:
        yield "feed", url, notes.get(url)
    for url in source.sitemaps:
        yield "sitemap", url, notes.get(url)
    if source.robots_sitemaps:
        yield "robots", urljoin(source.homepage, "/robots.txt"), notes.get("robots.txt")
    for listing in source.listings:
        yield "listing", listing.url, listing.verified
    for template in source.search[:1] if terms else []:
        filled = Source.search_urls(source.model_copy(update={"search": [template]}), terms)
        if filled:
            yield "search", filled[0], notes.get(template)


def summarise(kind: str, body: bytes, url: str, content_type: Optional[str],
              article_pattern: Optional[str] = None) -> tuple[int, Optional[str]]:
    """(items, newest date) of a route's body."""
    if kind == "feed":
        links = parsers.parse_feed(body, url)
    elif kind == "sitemap":
        children, pages = parsers.parse_sitemap(body, url)
        links = children + pages
    elif kind == "robots":
        text = body.decode("utf-8", "replace")
        return sum(1 for line in text.splitlines() if line.strip().lower().startswith("sitemap:")), None
    else:
        decoded = parsers.decode_html(body, content_type)
        links, _ = parsers.parse_listing(decoded.text, url, article_pattern=article_pattern)
    dates = [d.date().isoformat() for l in links for d in (l.published, l.modified) if d]
    dates += [d for d in (parsers.date_from_url(l.url) for l in links) if d]      # listings: the URL's day
    newest = max(dates) if dates else None
    return len(links), newest


class PoliteFetcher:
    """One GET at a time with a User-Agent, robots.txt obeyed, `delay` seconds between requests to a host."""

    def __init__(self, user_agent: str, timeout: float = 20.0, delay: float = 1.0):
        self.user_agent, self.timeout, self.delay = user_agent, timeout, delay
        self.last: dict[str, float] = {}
        self.robots: dict[str, Optional[urllib.robotparser.RobotFileParser]] = {}

    def _wait(self, host: str) -> None:
        pause = self.last.get(host, 0) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.last[host] = time.monotonic()

    def get(self, url: str) -> tuple[int, Optional[str], bytes]:
        """(status, content type, body); raises OSError subclasses for network failures."""
        self._wait(urlsplit(url).netloc)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.headers.get("Content-Type"), response.read(MAX_BYTES)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Content-Type") if exc.headers else None, b""

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets the User-Agent fetch `url` (an unreadable robots.txt allows)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self.robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                status, _, body = self.get(key + "/robots.txt")
                parser.parse(body.decode("utf-8", "replace").splitlines() if status == 200 else [])
                self.robots[key] = parser
            except (OSError, ValueError):
                self.robots[key] = None
        parser = self.robots[key]
        return parser is None or parser.can_fetch(self.user_agent, url)


def check_route(fetcher: PoliteFetcher, source: Source, kind: str, url: str,
                verified: Optional[str] = None) -> RouteCheck:
    """Fetch one route and summarise it; failures are reported in `error`, never raised."""
    result = RouteCheck(source.id, kind, url, verified=verified)
    try:
        if kind != "robots" and not fetcher.allowed(url):
            result.error = "disallowed by robots.txt"
            return result
        result.status, result.content_type, body = fetcher.get(url)
    except (OSError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {getattr(exc, 'reason', None) or exc}"
        return result
    if result.status == 200:
        result.items, result.newest = summarise(kind, body, url, result.content_type, source.article_pattern)
        if not result.items:
            result.error = "no items"
    return result


def check_sources(sources: Iterable[Source], terms: list[str], *, user_agent: str, timeout: float = 20.0,
                  delay: float = 1.0) -> Iterator[RouteCheck]:
    """Every route of every source checked once, in file order."""
    fetcher = PoliteFetcher(user_agent, timeout, delay)
    for source in sources:
        for kind, url, verified in routes(source, terms):
            yield check_route(fetcher, source, kind, url, verified)
