"""Which URLs the crawler may request: the web of each source, nothing else.

A feed or a sitemap is written by someone else; a `<link>` in it must not make
the crawler read a local file (`file://`), a `data:` URL, an FTP server, the
machine's own services or the cloud's metadata address.  `UrlPolicy.refusal`
gives the reason a URL is refused, or None:

- only http and https;
- the host (and port) must be one of the source's own: the hosts of its
  homepage and routes, plus its `allowed_hosts` in sources.yaml
  (``example.kz``, ``example.kz:8080`` or ``*.example.kz``);
- an address that is loopback, link-local, private or otherwise not global is
  refused unless the source's homepage is itself on such an address (the
  bundled site and the tests serve 127.0.0.1).

The spider filters links with it before queuing them; `UrlPolicyMiddleware`
checks every request again, redirects included (Scrapy sends a redirect's
target through the downloader middlewares as a new request).
"""
from __future__ import annotations

import functools
import ipaddress
import socket
from typing import Iterable, Optional
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
REFUSED = "refused by the URL policy"       # faults.classify names these "refused_url"


def _netloc(url: str) -> Optional[tuple[str, str, int]]:
    """(scheme, host, port) of an http(s) URL, host lower-case; None when it has none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in SCHEMES or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[parts.scheme]


@functools.lru_cache(maxsize=4096)
def addresses(host: str) -> tuple[str, ...]:
    """The IP addresses `host` stands for (itself when it is one); () when it does not resolve.
    Cached for the life of the process: a crawl asks once per host."""
    try:
        return (str(ipaddress.ip_address(host.strip("[]"))),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(sorted({info[4][0].split("%")[0] for info in infos}))


def is_internal(address: str) -> bool:
    """True for loopback, link-local, private, shared, reserved, multicast or unspecified addresses."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class HostRule:
    """One allowed host: exact host (or `*.domain`: any sub-domain) on one port (None = the scheme's default)."""

    def __init__(self, host: str, port: Optional[int] = None, wildcard: bool = False):
        self.host, self.port, self.wildcard = host.lower().strip("[]").rstrip("."), port, wildcard

    @classmethod
    def parse(cls, text: str) -> "HostRule":
        """``example.kz``, ``example.kz:8080``, ``*.example.kz``, ``127.0.0.1:8765`` or ``[::1]:8765``."""
        text = text.strip().lower()
        wildcard = text.startswith("*.")
        text = text.removeprefix("*.")
        host, sep, port = text.rpartition(":")
        if sep and port.isdigit() and (":" not in host or (host.startswith("[") and host.endswith("]"))):
            return cls(host, int(port), wildcard)
        return cls(text, None, wildcard)

    def matches(self, scheme: str, host: str, port: int) -> bool:
        if (self.port or DEFAULT_PORTS[scheme]) != port:
            return False
        return host == self.host or (self.wildcard and host.endswith("." + self.host))


def source_hosts(source: dict) -> list[HostRule]:
    """The host rules of one source (a dict of crawler.sources.Source): the hosts and ports of its
    homepage and routes, and its allowed_hosts."""
    urls = [source.get("homepage") or "", *source.get("feeds", []), *source.get("sitemaps", []),
            *(l["url"] for l in source.get("listings", [])),
            *(t.replace("{query}", "q") for t in source.get("search", []))]
    rules = [HostRule(loc[1], loc[2]) for loc in map(_netloc, urls) if loc]
    return rules + [HostRule.parse(h) for h in source.get("allowed_hosts", [])]


class UrlPolicy:
    """The allow-lists of a crawl's sources; `refusal(url, source_id)` says why a URL may not be fetched."""

    def __init__(self, sources: Iterable[dict]):
        self.rules: dict[str, list[HostRule]] = {}
        self.internal_ok: dict[str, bool] = {}
        for source in sources:
            self.rules[source["id"]] = source_hosts(source)
            home = _netloc(source.get("homepage") or "")
            self.internal_ok[source["id"]] = bool(home) and any(is_internal(a) for a in addresses(home[1]))

    def refusal(self, url: str, source_id: Optional[str]) -> Optional[str]:
        """None when `url` may be requested for `source_id` (None = for any source of the crawl);
        else the reason, one line."""
        loc = _netloc(url)
        if loc is None:
            return f"{REFUSED}: not an http(s) URL with a host: {url[:200]!r}"
        ids = [source_id] if source_id in self.rules else list(self.rules)
        allowed = [sid for sid in ids if any(rule.matches(*loc) for rule in self.rules[sid])]
        if not allowed:
            return f"{REFUSED}: host {loc[1]}:{loc[2]} is not one of the source's hosts"
        internal = [a for a in addresses(loc[1]) if is_internal(a)]
        if internal and not any(self.internal_ok[sid] for sid in allowed):
            return f"{REFUSED}: {loc[1]} is on an internal address ({internal[0]})"
        return None


class UrlPolicyMiddleware:
    """Refuses (IgnoreRequest) every request the URL policy refuses, redirect targets included."""

    def __init__(self, crawler):
        self.crawler = crawler
        self._policy: Optional[UrlPolicy] = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def policy(self) -> UrlPolicy:
        if self._policy is None:
            spider = self.crawler.spider
            self._policy = getattr(spider, "url_policy", None) or UrlPolicy(getattr(spider, "sources", []))
        return self._policy

    def process_request(self, request) -> None:
        reason = self.policy.refusal(request.url, request.meta.get("source"))
        if reason:
            raise IgnoreRequest(reason)
        return None
