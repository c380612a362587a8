"""Item pipeline: store each article in the KB, fold reprints into clusters, count outcomes."""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.context import context
from crawler.dedup import ReprintIndex
from crawler.items import Article
from kb import pending
from kb.store import join_cluster, save_document, save_source

log = logging.getLogger(__name__)
OUTCOME_COUNTER = {"new": "new", "updated": "updated", "unchanged": "unchanged", "duplicate": "duplicates"}


class KBPipeline:
    """save_document for every Article; MinHash LSH puts near copies in one reprint cluster."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.ctx = context(crawler)
        settings = crawler.settings
        self.reprints = ReprintIndex(self.ctx.db, settings.getfloat("ICIC_REPRINT_THRESHOLD", 0.5),
                                     settings.getint("ICIC_MINHASH_PERMUTATIONS", 128))
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        for source in getattr(spider, "sources", []):
            save_source(self.ctx.db, source)

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        record = item.to_record()
        record["crawl_run_id"] = self.ctx.run_id
        try:
            doc_id, outcome = save_document(self.ctx.db, record)
        except Exception as exc:  # a row the KB refuses is counted, never the end of the crawl
            self.ctx.ledger.error(item.source_id, "store_error", item.url, f"{type(exc).__name__}: {exc}")
            if item.pending:
                pending.failed(self.ctx.db, item.pending, f"store_error: {exc}")
            raise DropItem(f"not stored: {exc}") from exc
        pending.done(self.ctx.db, [item.pending])
        self.ctx.ledger.inc(item.source_id, OUTCOME_COUNTER[outcome])
        if outcome in ("new", "updated"):
            self.fold_reprint(item, doc_id)
        self.ctx.flush()
        return item

    def fold_reprint(self, item: Article, doc_id: int) -> None:
        other = self.reprints.add(doc_id, item.text)
        if other is not None:
            cluster = join_cluster(self.ctx.db, doc_id, other)
            self.ctx.ledger.inc(item.source_id, "near_duplicates")
            log.info("%s is a reprint of document %s (cluster %s)", item.url, other, cluster)
