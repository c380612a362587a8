"""How far a crawl may go: the age bound and the first crawl's page budget, per source.

A first crawl of a real outlet used to walk its whole archive: the age filter read only
`<lastmod>`, so a sitemap index of daily sitemaps without it (730 in one test) had every child
requested, article URLs with a year in them (/2019/…) were followed, and nothing capped the
number of pages.  Here every date a route or a URL gives is checked against `max_age_days`
(source, sources-file default, then `crawl.max_age_days`, 365), and a source with nothing in
the KB yet gets at most `first_crawl_max_pages` article requests.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Optional

from crawler.parsers import Link, url_period_end


class CrawlBounds:
    """The age bound and first-crawl budgets of one run; `crawl` is the job's crawl section."""

    def __init__(self, sources: dict[str, dict], crawl: dict, db=None,
                 now: Optional[dt.datetime] = None):
        self.sources = sources
        self.default_age = int(crawl.get("max_age_days") or 0)
        self.default_budget = int(crawl.get("first_crawl_max_pages") or 0)
        self.db = db
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.requested: Counter = Counter()
        self._budgets: dict[str, int] = {}

    def max_age_days(self, source: str) -> int:
        """The source's age bound in days (0 = none)."""
        own = self.sources.get(source, {}).get("max_age_days")
        return self.default_age if own is None else int(own)

    def cutoff(self, source: str) -> Optional[dt.datetime]:
        days = self.max_age_days(source)
        return self.now - dt.timedelta(days=days) if days else None

    def too_old(self, source: str, link: Link) -> bool:
        """True when the newest date the route gives, or the period the URL names, ends before the
        source's cut-off.  Links with no date at all are never too old."""
        cutoff = self.cutoff(source)
        if cutoff is None:
            return False
        route = [d for d in (link.modified, link.published) if d is not None]
        if route and max(route) < cutoff:
            return True
        period = url_period_end(link.url)
        return period is not None and period < cutoff

    def budget(self, source: str) -> int:
        """Article requests allowed for the source in this run (0 = no limit): the first-crawl budget
        while the KB holds none of its documents."""
        if source not in self._budgets:
            own = self.sources.get(source, {}).get("first_crawl_max_pages")
            cap = self.default_budget if own is None else int(own)
            self._budgets[source] = cap if cap and not self._has_documents(source) else 0
        return self._budgets[source]

    def take(self, source: str) -> bool:
        """Count one article request for `source`; False when its budget is spent."""
        cap = self.budget(source)
        if cap and self.requested[source] >= cap:
            return False
        self.requested[source] += 1
        return True

    def _has_documents(self, source: str) -> bool:
        if self.db is None:
            return False
        return self.db.execute("select 1 from documents where source_id = ? limit 1", [source]).fetchone() is not None
