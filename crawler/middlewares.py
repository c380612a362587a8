"""Downloader middlewares: polite retries that honour Retry-After, and conditional GET from the KB."""
from __future__ import annotations

import email.utils
import logging
import time
from typing import Optional
from urllib.parse import urljoin

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from crawler.context import context
from kb.store import http_validators

log = logging.getLogger(__name__)


def retry_after_seconds(value: Optional[bytes | str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (now if now is not None else time.time()))


async def pause(seconds: float) -> None:
    """Wait without blocking the reactor (other domains keep downloading)."""
    if seconds > 0:
        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, safe for requests that wait for a site's robots.txt together.

    Since Scrapy 2.13 every waiter awaits the same Deferred, and only the first one receives the
    parser: the others get None, which means "allow everything" (scrapy/scrapy#6802 dropped the
    callback that passed the result on).  The parser is in `_parsers` by then, so take it from there.
    """

    async def robot_parser(self, request: Request):
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries on 429/5xx and network errors, after a pause: the server's Retry-After
    when it gives one, else exponential backoff; both capped by ICIC_RETRY_MAX_DELAY."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("ICIC_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("ICIC_RETRY_MAX_DELAY", 60.0)

    def delay(self, request: Request, response: Optional[Response] = None) -> float:
        asked = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        if asked is not None:
            return min(asked, self.cap)
        return min(self.base * 2 ** request.meta.get("retry_times", 0), self.cap)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        await pause(self.delay(request, response))
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Optional[Request]:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await pause(self.delay(request))
        return retry


class ConditionalGetMiddleware:
    """For requests marked meta["conditional"] (feeds, sitemaps, listings): send the ETag and
    Last-Modified stored in the KB's http_cache, and note the new ones of each 200 in the request's meta."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def db(self):
        return context(self.crawler).db

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional"):
            return None
        cached = http_validators(self.db, request.url)
        if cached and cached.get("etag"):
            request.headers.setdefault("If-None-Match", cached["etag"])
        if cached and cached.get("last_modified"):
            request.headers.setdefault("If-Modified-Since", cached["last_modified"])
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        """Note the new validators; the spider saves them (crawler.pending.route_complete) only once
        every link of the route is stored or queued, so a crawl cut short never hides articles behind 304."""
        if request.meta.get("conditional") and response.status == 200:
            header = response.headers.get
            etag, modified = header("ETag"), header("Last-Modified")
            if etag or modified:
                request.meta["icic_validators"] = (etag and etag.decode("latin-1"),
                                                   modified and modified.decode("latin-1"), response.status)
                request.meta["icic_validators_url"] = request.url
        return response


class RedirectLoopMiddleware:
    """Names a redirect back to a URL of the same chain as a fault ("redirect loop"), which Scrapy's
    seen-set would otherwise drop without a word.  Sits after RedirectMiddleware (higher number),
    so it sees 3xx responses first."""

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            target = urljoin(request.url, location.decode("latin-1"))
            chain = request.meta.get("redirect_urls", []) + [request.url]
            if target in chain:
                raise IgnoreRequest(f"redirect loop: {' -> '.join(chain + [target])}")
        return response
