"""Item pipeline: store each article in the KB, fold reprints into clusters, count outcomes."""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.context import context
from crawler.dedup import ReprintIndex
from crawler.items import Article
from kb import pending
from kb.extractions import write_transaction
from kb.store import join_cluster, save_document, save_source

log = logging.getLogger(__name__)
OUTCOME_COUNTER = {"new": "new", "updated": "updated", "unchanged": "unchanged", "duplicate": "duplicates"}
# Pages stored per commit, at most, and the longest a batch stays open (the write lock with it).
# Why: a commit writes every page its transaction touched (documents, FTS segments, indexes) to the
# WAL, mostly the same pages as the next article's: one commit per article was about a third of the
# pipeline's CPU (bench crawl).  A killed crawl loses at most the open batch, and loses nothing:
# each article leaves pending_links in the same transaction that stores it, so the next run asks again.
BATCH_PAGES = 50
BATCH_SECONDS = 0.25


class KBPipeline:
    """save_document for every Article; MinHash LSH puts near copies in one reprint cluster."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.ctx = context(crawler)
        settings = crawler.settings
        self.reprints = ReprintIndex(self.ctx.db, settings.getfloat("ICIC_REPRINT_THRESHOLD", 0.5),
                                     settings.getint("ICIC_MINHASH_PERMUTATIONS", 128))
        self.in_batch, self.timer = 0, None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        for source in getattr(spider, "sources", []):
            save_source(self.ctx.db, source)

    def close_spider(self) -> None:
        self.commit()

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        record = item.to_record()
        record["crawl_run_id"] = self.ctx.run_id
        self.open_batch()
        try:
            # the document, its reprint signature and its pending link in one savepoint of the batch
            with write_transaction(self.ctx.db):
                doc_id, outcome = save_document(self.ctx.db, record)
                original = self.reprints.add(doc_id, item.text) if outcome in ("new", "updated") else None
                pending.done(self.ctx.db, [item.pending])
            if original is not None:   # after the savepoint: join_cluster commits (`with db.conn`)
                self.join_reprint(item, doc_id, original)
        except Exception as exc:  # a row the KB refuses is counted, never the end of the crawl
            self.ctx.ledger.error(item.source_id, "store_error", item.url, f"{type(exc).__name__}: {exc}")
            if item.pending:
                pending.failed(self.ctx.db, item.pending, f"store_error: {exc}")
            raise DropItem(f"not stored: {exc}") from exc
        finally:
            self.in_batch += 1
            if self.in_batch >= BATCH_PAGES:
                self.commit()
        self.ctx.ledger.inc(item.source_id, OUTCOME_COUNTER[outcome])
        self.ctx.flush()
        return item

    def open_batch(self) -> None:
        """Take the write lock for the next pages (unless a batch is open) and commit it at the latest
        BATCH_SECONDS later, so the lock is not held while the crawl waits for pages."""
        db = self.ctx.db
        if db.conn.in_transaction:
            return
        from twisted.internet import reactor

        db.conn.execute("BEGIN IMMEDIATE")
        self.in_batch = 0
        self.timer = reactor.callLater(BATCH_SECONDS, self.commit)

    def commit(self) -> None:
        """Commit the open batch (the run's stats, written with `with db.conn`, may have committed it)."""
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
        self.timer = None
        self.in_batch = 0
        if self.ctx.db.conn.in_transaction:
            self.ctx.db.conn.commit()

    def join_reprint(self, item: Article, doc_id: int, original: int) -> None:
        cluster = join_cluster(self.ctx.db, doc_id, original)
        self.ctx.ledger.inc(item.source_id, "near_duplicates")
        log.info("%s is a reprint of document %s (cluster %s)", item.url, original, cluster)
