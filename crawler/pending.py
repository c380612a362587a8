"""The spider's side of the crawl queue kept in the KB (kb.pending), and of the URL policy.

Mixed into NewsSpider so the spider's callbacks stay short:

- `queue_articles` puts every link a route listed into `pending_links` before
  its request is made; the pipeline takes it off once the article is stored;
- `derived_route` does the same for the sitemaps and listing pages a route
  leads to;
- `route_complete` saves a route's ETag / Last-Modified (which
  ConditionalGetMiddleware only noted) once everything it listed is queued,
  and takes a derived route off the queue;
- `pending_requests` asks, at the start of a run, for what is due: articles
  and routes an earlier run queued and did not finish (killed, over
  --max-pages, failed and past their backoff);
- `article_failed` / `pending_failed` count a failed attempt (backoff doubles).
"""
from __future__ import annotations

import logging
from typing import Iterator

from scrapy.http import Request, Response

from crawler import parsers
from kb import pending
from kb.store import save_http_validators

log = logging.getLogger(__name__)
ROUTE_META = ("depth", "page", "max_pages", "template", "conditional")


class PendingRoutes:
    """Methods of NewsSpider that keep `pending_links` and the URL policy (needs self.ctx, self.by_id,
    self.url_policy, self.route, self.article_request)."""

    # -- the URL policy
    def refused(self, source: str, url: str) -> bool:
        """True (and the link is counted as refused_url) when the URL policy refuses `url`."""
        reason = self.url_policy.refusal(url, source)
        if reason:
            self.ctx.ledger.error(source, "refused_url", url, reason)
        return bool(reason)

    # -- queueing
    def queue_articles(self, links: list[tuple[str, parsers.Link]]) -> None:
        pending.queue(self.ctx.db, ({"url": link.url, "source_id": owner, "kind": "article"} for owner, link in links))

    def derived_route(self, parent: Response, source: dict, url: str, kind: str, **meta) -> Iterator[Request]:
        """A route found by another route (child sitemap, next listing page), queued until it is read."""
        if self.refused(source["id"], url):
            return
        conditional = meta.pop("conditional", True)
        pending.queue(self.ctx.db, [{"url": url, "source_id": source["id"], "kind": kind, "route": parent.url,
                                     "meta": {**meta, "conditional": conditional}}])
        yield self.route(source, url, self.route_callback(kind), kind, conditional=conditional, pending_url=url,
                         **meta)

    def route_callback(self, kind: str):
        return {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "robots": self.parse_robots}.get(
            kind, self.parse_listing)

    def route_complete(self, response: Response) -> None:
        """Everything the route listed is stored or queued: keep its validators, take it off the queue."""
        validators = response.meta.get("icic_validators")
        if validators and response.url not in getattr(self, "cut_routes", ()):
            save_http_validators(self.ctx.db, response.meta.get("icic_validators_url") or response.url, *validators)
        pending.done(self.ctx.db, [response.meta.get("pending_url")])

    # -- the next run
    def pending_requests(self) -> Iterator[Request]:
        """Requests for the queued links that are due, of the sources of this crawl."""
        configured = {r.url for s in self.sources for r in self.route_requests(s)}
        for row in pending.due(self.ctx.db):
            source = self.by_id.get(row["source_id"])
            if source is None or row["url"] in configured or self.refused(source["id"], row["url"]):
                continue
            if row["kind"] == "article":
                yield from self._pending_article(source["id"], row["url"])
            else:
                meta = {k: v for k, v in row["meta"].items() if k in ROUTE_META}
                yield self.route(source, row["url"], self.route_callback(row["kind"]), row["kind"],
                                 pending_url=row["url"], **meta)

    def _pending_article(self, source: str, url: str) -> Iterator[Request]:
        if url in self.offered:
            return
        self.offered.add(url)
        link = parsers.Link(url)
        if self.max_articles and self.requested >= self.max_articles:
            self.ctx.ledger.inc(source, "skipped_limit")
            self.waiting.append((source, link))
            return
        yield self.article_request(source, link)

    # -- failures
    def article_failed(self, response: Response, kind: str, reason: str) -> None:
        """An article page that gave no article: counted as a fault and tried again on a later run."""
        self.fault(response, kind, reason)
        self.pending_failed(response, f"{kind}: {reason}")

    def pending_failed(self, request, reason: str) -> None:
        url = request.meta.get("pending_url")
        if not url:
            return
        row = pending.failed(self.ctx.db, url, reason, backoff=self.settings.getfloat("ICIC_PENDING_BACKOFF",
                                                                                      pending.BACKOFF_SECONDS))
        if row and row["status"] == "abandoned":
            log.warning("%s: given up after %s attempts (%s)", url, row["attempts"], reason)
