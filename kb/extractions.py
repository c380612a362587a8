"""Storing what `nlp` read in a document: one transaction per document, provenance on every fact.

`save_extraction` replaces all facts of a document at once: mentions (linked
to the entity registry), money, dates and commitments (merged into tracks),
plus the document's folded search form.  Each fact row keeps its document,
span, extractor and pipeline version.  `kb.store` exposes these functions under
their historical names.
"""
from __future__ import annotations

import contextlib
import json
import time
from typing import Callable, Optional

from sqlite_utils import Database

from kb import search, tracks
from kb.entities import document_entities, find_entity_ids, link_entities, update_counts
from kb.fold import fold_name
from kb.search import index_document

FACT_TABLES = ("mentions", "money", "dates", "commitments")
FACT = ("document_id", "start", "end", "text", "extractor", "pipeline_version")


class ExtractionError(ValueError):
    """An extraction result that cannot be stored (a fact without a required field)."""


def _span(item: dict) -> tuple[Optional[int], Optional[int]]:
    span = item.get("span") or (None, None)
    return span[0], span[1]


def _insert(db: Database, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if rows:
        names = ", ".join(f"[{c}]" for c in columns)
        db.conn.executemany(f"insert into [{table}] ({names}) values ({', '.join('?' * len(columns))})", rows)


def _required(item: dict, kind: str, *keys: str) -> None:
    missing = [k for k in keys if item.get(k) in (None, "")]
    if missing:
        raise ExtractionError(f"{kind} without {', '.join(missing)}: {json.dumps(item, ensure_ascii=False)[:200]}")


def _facts(doc_id: int, version: str, extractor: str, item: dict) -> tuple:
    return (doc_id, *_span(item), item.get("text"), item.get("extractor") or extractor, version)


def save_mentions(db: Database, doc_id: int, entities: list[dict], version: str, lang: Optional[str]) -> None:
    """Mentions of entities, each linked to its registry entity."""
    for e in entities:
        _required(e, "entity", "type", "text")
    ids = link_entities(db, entities, lang)
    _insert(db, "mentions", (*FACT, "entity_id", "type", "normal"), [
        (*_facts(doc_id, version, e.get("source") or "nlp", e), e.get("entity_id") or eid, e["type"], e.get("normal"))
        for e, eid in zip(entities, ids)])


def save_money(db: Database, doc_id: int, money: list[dict], version: str) -> None:
    """Money figures in units with ISO 4217 currency."""
    for m in money:
        _required(m, "money", "amount", "currency")
    _insert(db, "money", (*FACT, "amount", "amount_max", "currency", "qualifier", "usd"), [
        (*_facts(doc_id, version, "money", m), m["amount"], m.get("amount_max"), m["currency"], m.get("qualifier"),
         m.get("usd")) for m in money])


def save_dates(db: Database, doc_id: int, dates: list[dict], version: str) -> None:
    """Dates and periods as intervals."""
    for d in dates:
        _required(d, "date", "kind")
    _insert(db, "dates", (*FACT, "kind", "start_date", "end_date"), [
        (*_facts(doc_id, version, "dates", d), d["kind"], d.get("start"), d.get("end")) for d in dates])


COMMITMENT = (*FACT, "actor", "actor_key", "actor_entity_id", "action", "action_en", "status", "amount", "currency",
              "quantities", "deadline_kind", "deadline_start", "deadline_end", "evidence", "confidence", "reported",
              "step", "milestone", "object", "event_kind", "event_start", "event_end")


def _commitment_row(db: Database, doc_id: int, c: dict, version: str, reported: Optional[str]) -> tuple:
    amount, deadline, event = c.get("amount") or {}, c.get("deadline") or {}, c.get("event_date") or {}
    actor = c.get("actor")
    entity_id = c.get("actor_entity_id") or (next(iter(find_entity_ids(db, actor)), None) if actor else None)
    item = {**c, "text": c.get("evidence") or c.get("text")}
    return (*_facts(doc_id, version, "commitments", item), actor, fold_name(actor) if actor else None, entity_id,
            c.get("action"), c.get("action_en"), c.get("status"), amount.get("amount"), amount.get("currency"),
            json.dumps(c.get("quantities") or [], ensure_ascii=False), deadline.get("kind"), deadline.get("start"),
            deadline.get("end"), c.get("evidence"), c.get("confidence"), reported, c.get("step"),
            int(bool(c.get("milestone"))), c.get("object"), event.get("kind"), event.get("start"), event.get("end"))


def save_commitments(db: Database, doc_id: int, commitments: list[dict], version: str,
                     reported: Optional[str]) -> dict[int, list[int]]:
    """Commitments, each put on its track; returns the new reports of each track they joined."""
    for c in commitments:
        _required(c, "commitment", "action")
    if not commitments:
        return {}
    url = db.execute("select url from documents where id = ?", [doc_id]).fetchone()[0]
    names = ", ".join(f"[{c}]" for c in (*COMMITMENT, "track_id", "track_key"))
    sql = f"insert into commitments ({names}) values ({', '.join('?' * (len(COMMITMENT) + 2))})"
    touched: dict[int, list[int]] = {}
    for c in commitments:
        # inserted with its track: setting track_id afterwards (a foreign key) is a statement FTS5 flushes
        # its pending terms at (WriteBatch: a search segment a document instead of one a batch)
        row = _commitment_row(db, doc_id, c, version, reported)
        track_id, key = tracks.track_for(db, dict(zip(COMMITMENT, row)), url)
        touched.setdefault(track_id, []).append(db.execute(sql, [*row, track_id, key]).lastrowid)
    return touched


def clear_facts(db: Database, doc_id: int) -> set[int]:
    """Delete a document's facts; returns the tracks its commitments were on (to refresh)."""
    rows = db.execute("select track_id from commitments where document_id = ?", [doc_id]).fetchall()
    old = {r[0] for r in rows if r[0] is not None}
    if rows:   # the events of its reports (they refer to them); the rebuild rewrites the rest only if changed
        db.execute("delete from track_events where commitment_id in (select id from commitments "
                   "where document_id = ?)", [doc_id])
    for table in FACT_TABLES:
        # a document read for the first time has no commitments: no delete from a table others refer to
        # (FTS5 flushes its pending terms at such a statement, see WriteBatch)
        if table != "commitments" or rows:
            db.execute(f"delete from [{table}] where document_id = ?", [doc_id])
    return old


@contextlib.contextmanager
def write_transaction(db: Database):
    """One transaction that takes the write lock first (BEGIN IMMEDIATE).

    Several `icic process` workers write to one KB: a transaction that reads
    and then writes could fail to upgrade its lock at once ("database is
    locked"); taking the lock first makes them wait for each other under
    busy_timeout instead.  Inside an open transaction it is a savepoint, except
    inside a WriteBatch's (which undoes the whole batch on an error instead).
    """
    if db.conn.in_transaction:
        if getattr(db, BATCHED, False):
            yield
            return
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


BATCHED = "_icic_write_batch"  # set on a Database while a WriteBatch runs its queue


class WriteBatch:
    """Writes queued and run together, one transaction per `size` writes or `seconds`.

    Why: a commit writes every page the transaction touched to the WAL, and one
    document's facts touch ~70 pages (index leaves, FTS segments, table tails),
    mostly the same pages as the next document's.  No savepoint per write
    either: FTS5 flushes its pending terms as a new segment at every savepoint,
    so savepoints cost as much as commits (bench kb, 3,000 documents: a commit
    per document wrote 553 KiB per document, a savepoint per document in
    batches of 100 wrote 299 KiB, plain batches of 100 81 KiB).  Nor any statement
    that opens a statement journal, for FTS5 flushes at each as at a savepoint:
    with foreign keys on, an UPDATE that may set a foreign-key column (an upsert
    of one included) and a DELETE from a table other tables refer to.  A new
    document's write has none (`kb.store._save_urls`, `save_commitments`,
    `clear_facts`), so a batch of new documents flushes one segment, not one a
    document (tests/kb/test_kb_write_batch.py counts them).

    Writes are queued and run at `flush`, so the write lock is held only while
    writing, not while the next document is read.  They run in the order they
    were added, so the KB does not depend on the batch size.  When one raises,
    the whole batch is rolled back and run again one write per transaction (as
    without a batch): the writes before the failing one are kept, the failing
    one leaves nothing, its exception propagates, and the writes after it are
    not run.  A queued write must therefore only touch the KB (it may run twice).
    """

    def __init__(self, db: Database, size: int = 100, seconds: float = 1.0):
        self.db, self.size, self.seconds = db, max(1, int(size)), seconds
        self.queue: list[tuple[Callable, tuple]] = []
        self.opened = time.monotonic()

    def __enter__(self) -> "WriteBatch":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None or issubclass(exc_type, Exception):
            self.flush()  # a reading error must not lose the writes already queued

    def add(self, func: Callable, *args) -> None:
        """Queue `func(db, *args)`; written when the batch is full, a second old, or left."""
        if not self.queue:
            self.opened = time.monotonic()
        self.queue.append((func, args))
        if len(self.queue) >= self.size or time.monotonic() - self.opened >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Run every queued write in one transaction (one per write after an error)."""
        queue, self.queue = self.queue, []
        if not queue:
            return
        if self.db.conn.in_transaction or len(queue) == 1:  # a caller's transaction: each write a savepoint
            return self._one_by_one(queue)
        try:
            with write_transaction(self.db):
                setattr(self.db, BATCHED, True)
                tracks.start_pending(self.db)
                for func, args in queue:
                    func(self.db, *args)
                tracks.refresh_pending(self.db)   # each track a write left to rebuild, once per batch
                search.merge_step(self.db)        # the search index's merges, a bounded step a batch (m023)
        except Exception:
            self._unmark()
            self._one_by_one(queue)
        finally:
            self._unmark()

    def _unmark(self) -> None:
        setattr(self.db, BATCHED, False)
        setattr(self.db, tracks.PENDING, None)

    def _one_by_one(self, queue: list[tuple[Callable, tuple]]) -> None:
        for func, args in queue:
            with write_transaction(self.db):
                func(self.db, *args)


def save_extraction(db: Database, doc_id: int, result: dict, pipeline_version: str) -> None:
    """Replace the facts of one document with `result` (the extract contract), in one transaction.

    Raises ExtractionError (storing nothing) when a fact lacks a required field.
    """
    with write_transaction(db):
        doc = db.execute("select title, text, published, first_seen from documents where id = ?", [doc_id]).fetchone()
        if doc is None:
            raise ExtractionError(f"no document {doc_id}")
        reported = doc[2] or doc[3] or None     # the moment, not its day: a digest's window opens at 08:00
        former = document_entities(db, doc_id)
        removed = clear_facts(db, doc_id)
        save_mentions(db, doc_id, result.get("entities") or [], pipeline_version, result.get("lang"))
        update_counts(db, former, document_entities(db, doc_id))
        save_money(db, doc_id, result.get("money") or [], pipeline_version)
        save_dates(db, doc_id, result.get("dates") or [], pipeline_version)
        added = save_commitments(db, doc_id, result.get("commitments") or [], pipeline_version, reported)
        rel = result.get("relevance") or {}
        db.execute("update documents set lang = ?, script = ?, relevance = ?, relevance_score = ?, state = 'processed', "
                   "pipeline_version = ?, error = null, read_chars = ? where id = ?",
                   [result.get("lang"), result.get("script"), rel.get("label"), rel.get("score"), pipeline_version,
                    (result.get("cut") or {}).get("read"), doc_id])
        tracks.update(db, removed, added, defer=getattr(db, BATCHED, False))
        index_document(db, doc_id, doc[0], doc[1], result.get("lang"))


def mark_failed(db: Database, doc_id: int, pipeline_version: str, reason: str) -> None:
    """Record that `pipeline_version` could not read the document, keeping its old facts; still searchable."""
    with write_transaction(db):
        db.execute("update documents set state = 'failed', pipeline_version = ?, error = ? where id = ?",
                   [pipeline_version, reason, doc_id])
        doc = db.execute("select title, text, coalesce(lang, lang_hint) from documents where id = ?", [doc_id]).fetchone()
        if doc:
            index_document(db, doc_id, doc[0], doc[1], doc[2])


def pending_documents(db: Database, pipeline_version: str, limit: int | None = None) -> list[dict]:
    """Documents not yet processed by `pipeline_version` (failed ones of that version excluded), oldest
    publication first: commitments join their tracks in the order they were reported, whatever order
    the crawl stored the articles in.  Articles of the same moment (a day with no time) come in URL
    order, as a track orders their reports (tracks.REPORTS_SQL): each then extends its tracks instead
    of sorting before their last report and rebuilding them (…/10 before …/9)."""
    sql = ("select id, url, title, text, published, lang_hint from documents "
           "where pipeline_version is null or pipeline_version != ? "
           "order by coalesce(published, first_seen, ''), url, id")
    params: list = [pipeline_version]
    if limit:
        sql += " limit ?"
        params.append(int(limit))
    return list(db.query(sql, params))
