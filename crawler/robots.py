"""robots.txt as RFC 9309 reads it, not "any failure means allow everything".

Scrapy's middleware treats a robots.txt it could not fetch as no robots.txt at
all, and parses the body of a 500 as rules (usually none).  RFC 9309 §2.3.1:

- 2xx: the rules, of which at least the first 500 KiB are read (we read exactly
  that much and stop the download there);
- 4xx ("unavailable"): no rules, everything is allowed;
- 5xx or no answer at all ("unreachable"): everything is disallowed.  The host
  is skipped for this run; its articles stay pending for the next one.

Redirects are followed by Scrapy's redirect middleware (at most
REDIRECT_MAX_TIMES; RFC 9309 asks for at least five).
"""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.utils.httpobj import urlparse_cached

from crawler.faults import ROBOTS_UNAVAILABLE
from crawler.middlewares import SafeRobotsTxtMiddleware

log = logging.getLogger(__name__)
MAX_ROBOTS_BYTES = 500 * 1024
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def robots_rules(status: int, body: bytes) -> tuple[bytes, str | None]:
    """(the robots.txt to parse, why the host is unreachable or None) for an answer, per RFC 9309."""
    if 200 <= status < 300:
        return cut_robots(body), None
    if 400 <= status < 500:
        return b"", None
    return DISALLOW_ALL, f"HTTP {status}"


def cut_robots(body: bytes, limit: int = MAX_ROBOTS_BYTES) -> bytes:
    """The first `limit` bytes of a robots.txt, ending at the last whole line."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    return head[: head.rfind(b"\n") + 1] if b"\n" in head else b""


class RFC9309RobotsMiddleware(SafeRobotsTxtMiddleware):
    """robots.txt per RFC 9309: 4xx allow, 5xx and network failures disallow the host for the run,
    only the first 500 KiB read."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.unreachable: dict[str, str] = {}        # netloc -> why its robots.txt could not be read
        self._received: dict[int, int] = {}
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    async def process_request(self, request, spider=None) -> None:
        if request.meta.get("dont_obey_robotstxt") and urlparse_cached(request).path == "/robots.txt":
            # a robots.txt of any size may be read up to MAX_ROBOTS_BYTES: the size limit must not cancel it
            request.meta.setdefault("download_maxsize", 0)
            request.meta["icic_robots"] = True
            return None
        return await super().process_request(request)

    def process_request_2(self, rp, request) -> None:
        netloc = urlparse_cached(request).netloc
        breaker = getattr(self.crawler, "icic_breaker", None)
        if breaker is not None and netloc in self.unreachable:
            breaker.skip_if_open(request)         # a host that did not answer: counted once by the breaker
        if netloc in self.unreachable:
            raise IgnoreRequest(f"{ROBOTS_UNAVAILABLE} ({self.unreachable[netloc]}): {netloc} is skipped this run")
        super().process_request_2(rp, request)

    def _bytes_received(self, data: bytes, request, spider=None) -> None:
        if not request.meta.get("icic_robots"):
            return
        key = id(request)
        self._received[key] = self._received.get(key, 0) + len(data)
        if self._received[key] > MAX_ROBOTS_BYTES:
            self._received.pop(key, None)
            raise StopDownload(fail=False)       # the part received so far is the answer

    async def _parse_robots(self, response, netloc: str, request) -> None:
        body, why = robots_rules(response.status, response.body)
        if why:
            self.unreachable[netloc] = why
            log.warning("robots.txt of %s: %s; the host is skipped this run (RFC 9309)", netloc, why)
        await super()._parse_robots(response.replace(body=body), netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """No answer (refused, timed out, reset): the host is unreachable, so nothing is allowed."""
        self.unreachable[netloc] = f"{type(exc).__name__}: {exc}"[:200]
        breaker = getattr(self.crawler, "icic_breaker", None)
        if breaker is not None:
            breaker.host_unreachable(Request(f"http://{netloc}/robots.txt"), exc)
        log.warning("robots.txt of %s could not be fetched (%s); the host is skipped this run (RFC 9309)",
                    netloc, self.unreachable[netloc])
        super()._robots_error(exc, netloc)
