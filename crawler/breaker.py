"""A circuit breaker per host: a host that cannot be reached is given up for the rest of the run.

Without it, a crawl with no network retried every URL of every outlet four times and logged
each failure; `icic run` was still going after two minutes.  After a DNS failure, or
ICIC_BREAKER_FAILURES connection failures in a row (refused, unreachable, timed out), the
host's remaining requests are dropped before they reach the network.  The fault that opened
the circuit is counted once, as usual; the dropped requests are counted per source as
`skipped_host`, and one line per host is logged at the end: "egemen.kz: DNS failed, 37
requests skipped".
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import (ConnectError, ConnectionRefusedError, DNSLookupError, NoRouteError,
                                    TCPTimedOutError, TimeoutError)
from twisted.web._newclient import ResponseNeverReceived

from crawler.context import context
from crawler.faults import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError

log = logging.getLogger("crawler.faults")
DNS_ERRORS = (DNSLookupError, CannotResolveHostError)
CONNECTION_ERRORS = (ConnectionRefusedError, ConnectError, NoRouteError, TCPTimedOutError, ResponseNeverReceived,
                     DownloadConnectionRefusedError)
# A timeout is a dead host only while the host has never answered: a slow page of a live one is not.
TIMEOUT_ERRORS = (TimeoutError, DownloadTimeoutError)


class HostSkipped(IgnoreRequest):
    """A request dropped because its host's circuit is open (counted by the breaker, not logged)."""


@dataclass
class HostState:
    failures: int = 0                    # connection failures in a row
    answered: bool = False               # the host has sent a response in this run
    reason: Optional[str] = None         # set when the circuit opens: "DNS failed", "3 connections failed"
    kind: Optional[str] = None           # the fault kind that opened it: dns | connection | timeout
    skipped: Counter = field(default_factory=Counter)   # dropped requests per source


def failure_kind(exception: Exception) -> Optional[str]:
    """'dns', 'connection' or 'timeout' for an exception that may say the host cannot be reached."""
    if isinstance(exception, DNS_ERRORS):
        return "dns"
    if isinstance(exception, CONNECTION_ERRORS):
        return "connection"
    if isinstance(exception, TIMEOUT_ERRORS):
        return "timeout"
    return None


class HostCircuitBreaker:
    """Downloader middleware (ICIC_BREAKER_ENABLED, ICIC_BREAKER_FAILURES).  Its process_exception
    must run before the retry middleware's (a higher order number), so an open circuit also stops
    the retries of requests already under way."""

    def __init__(self, crawler, threshold: int):
        self.crawler = crawler
        self.threshold = threshold
        self.hosts: dict[str, HostState] = {}
        crawler.icic_breaker = self               # robots.txt (crawler.robots) opens it for unreachable hosts
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("ICIC_BREAKER_ENABLED", True):
            raise NotConfigured("circuit breaker off")
        return cls(crawler, max(1, crawler.settings.getint("ICIC_BREAKER_FAILURES", 3)))

    def _state(self, request: Request) -> HostState:
        host = urlparse_cached(request).hostname or "?"
        return self.hosts.setdefault(host, HostState())

    def _skip(self, request: Request, state: HostState) -> None:
        state.skipped[request.meta.get("source", "?")] += 1
        raise HostSkipped(f"{urlparse_cached(request).hostname}: {state.reason}; request skipped")

    def process_request(self, request: Request) -> None:
        state = self._state(request)
        if state.reason:
            self._skip(request, state)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        state = self._state(request)
        state.failures, state.answered = 0, True   # the host answered: the failures were not in a row
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        kind = failure_kind(exception)
        if kind is None or isinstance(exception, HostSkipped):
            return None
        state = self._state(request)
        if kind == "timeout" and state.answered:
            return None
        if state.reason:                           # queued before the circuit opened: drop, do not retry
            self._skip(request, state)
        state.failures += 1
        self._judge(state, kind, state.failures >= self.threshold)
        if state.reason:
            request.meta["dont_retry"] = True     # this one is the fault the run reports
        return None

    @staticmethod
    def _judge(state: HostState, kind: str, enough: bool) -> None:
        if kind == "dns":
            state.reason = "DNS failed"
        elif enough:
            n = max(state.failures, 1)
            state.reason = f"{n} connection{'s' if n > 1 else ''} in a row failed"
        if state.reason:
            state.kind = kind

    def host_unreachable(self, request: Request, exception: Exception) -> bool:
        """robots.txt of the host could not be fetched for want of a connection (RFC 9309: nothing is
        allowed this run): the circuit opens, and the host's requests are skipped and counted once."""
        kind = failure_kind(exception)
        if kind is None:
            return False
        state = self._state(request)
        if not state.reason:
            self._judge(state, kind, True)
        return bool(state.reason)

    def skip_if_open(self, request: Request) -> None:
        state = self._state(request)
        if state.reason:
            self._skip(request, state)

    def spider_closed(self, spider) -> None:
        """One line per host given up, and the skipped requests counted per source."""
        ledger = context(self.crawler).ledger
        for host, state in sorted(self.hosts.items()):
            if not state.reason:
                continue
            for source, n in state.skipped.items():
                ledger.inc(source, "skipped_host", n)
                if not ledger.errors[source][state.kind]:   # it opened on a request of no source (robots.txt)
                    ledger.count_error(source, state.kind)
            log.warning("%s: %s, %d requests skipped", host, state.reason, sum(state.skipped.values()))
        context(self.crawler).flush(force=True)   # after the run's final status was written
