"""The state one crawl shares between spider, middlewares and pipeline: the KB and the run's counters."""
from __future__ import annotations

import datetime as dt
import time
from typing import Optional

from scrapy import signals

from crawler.parsers import Link, parse_date
from crawler.stats import RunLedger
from kb import open_db
from kb.store import start_crawl_run, update_crawl_run, url_seen

FLUSH_SECONDS = 0.5


class CrawlContext:
    """Opened once per crawler (see `context`); writes the run's stats to `crawl_runs` as it goes."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.db = open_db(settings["ICIC_DB"])
        # WAL with synchronous=NORMAL: a crash loses at most the last commits, never the file.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.run_id: int = settings.getint("ICIC_RUN_ID") or start_crawl_run(self.db)
        self.ledger = RunLedger()
        self._flushed = 0.0
        crawler.signals.connect(self._closed, signal=signals.spider_closed)
        crawler.signals.connect(self._spider_error, signal=signals.spider_error)

    def flush(self, status: Optional[str] = None, force: bool = False) -> None:
        """Write the counters to the KB at most every FLUSH_SECONDS (always with a final status)."""
        if force or status or time.monotonic() - self._flushed >= FLUSH_SECONDS:
            stats = self.ledger.as_dict()
            stats["run_id"] = self.run_id
            update_crawl_run(self.db, self.run_id, stats, status)
            self._flushed = time.monotonic()

    def _closed(self, spider, reason: str) -> None:
        self.flush(status="finished" if reason == "finished" else reason)

    def _spider_error(self, failure, response, spider) -> None:
        """A callback that raised: Scrapy logs the traceback; the run counts it and goes on."""
        self.ledger.error(response.meta.get("source", "?"), "spider_error", response.url,
                          f"{type(failure.value).__name__}: {failure.value}")

    def should_fetch(self, source: str, link: Link) -> bool:
        """False for an article already in the KB that its route does not say has changed since."""
        seen = url_seen(self.db, link.url)
        if seen is None:
            return True
        if link.modified is not None and link.modified > (parse_date(seen) or dt.datetime.min.replace(
                tzinfo=dt.timezone.utc)):
            return True
        self.ledger.inc(source, "skipped_seen")
        return False


def context(crawler) -> CrawlContext:
    """The crawler's CrawlContext, created on first use."""
    ctx = getattr(crawler, "_icic_context", None)
    if ctx is None:
        ctx = crawler._icic_context = CrawlContext(crawler)
    return ctx
