"""Naming what went wrong with a request: one short kind per fault, for the run's stats."""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer

from crawler.urlpolicy import REFUSED

ROBOTS_UNAVAILABLE = "robots.txt unreachable"     # crawler.robots: RFC 9309 says disallow the whole host
from twisted.internet.error import (ConnectError, ConnectionLost, ConnectionRefusedError, DNSLookupError,
                                    TCPTimedOutError, TimeoutError)
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

try:  # Scrapy ≥ 2.14 wraps download failures in its own exceptions
    from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                                   DownloadFailedError, DownloadTimeoutError, ResponseDataLossError)
except ImportError:  # pragma: no cover - older Scrapy: the Twisted ones below are raised instead
    class _Never(Exception):
        pass
    CannotResolveHostError = DownloadConnectionRefusedError = DownloadFailedError = _Never
    DownloadTimeoutError = ResponseDataLossError = _Never
    DownloadCancelledError = defer.CancelledError

KINDS = ("http_4xx", "http_5xx", "timeout", "redirect_loop", "robots_disallowed", "robots_unavailable", "refused_url", "too_large", "truncated",
         "connection", "dns", "not_html", "no_text", "invalid_encoding", "parse_error", "other")


def classify(failure) -> tuple[str, str]:
    """(kind, reason) for a Twisted failure reaching a request's errback."""
    exc = failure.value
    if failure.check(HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    if failure.check(IgnoreRequest):
        text = str(exc)
        if text.startswith(REFUSED):
            return "refused_url", text
        if text.startswith(ROBOTS_UNAVAILABLE):
            return "robots_unavailable", text
        if "robots.txt" in text:
            return "robots_disallowed", text
        if "redirect" in text.lower():
            return "redirect_loop", text
        return "ignored", text
    if failure.check(TimeoutError, TCPTimedOutError, defer.TimeoutError, DownloadTimeoutError):
        return "timeout", str(exc) or "timed out"
    if failure.check(DownloadCancelledError, defer.CancelledError):
        return "too_large", str(exc) or "download cancelled (larger than the size limit)"
    if failure.check(ResponseDataLossError):
        return "truncated", str(exc) or "the body is shorter than its Content-Length"
    if failure.check(ResponseFailed, ConnectionLost):
        reasons = " ".join(repr(r.value) for r in getattr(exc, "reasons", []) or []) or repr(exc)
        return ("truncated" if "DataLoss" in reasons else "connection"), reasons
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "dns", str(exc)
    if failure.check(ConnectionRefusedError, ConnectError, ResponseNeverReceived, DownloadConnectionRefusedError,
                     DownloadFailedError):
        return "connection", str(exc) or type(exc).__name__
    return "other", f"{type(exc).__name__}: {exc}"
