"""Saving documents and the facts read from them.

`save_document` stores one fetched article (new, unchanged, or a new version);
`save_extraction` replaces a document's facts in one transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata

from sqlite_utils import Database
from sqlite_utils.db import PrimaryKeyRequired, jsonify_if_needed

FACT_TABLES = ("mentions", "money", "dates", "commitments")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def content_hash(text: str) -> str:
    """Hash of the text with case, spacing and punctuation folded away."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[\W_]+", " ", folded).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def save_source(db: Database, source: dict) -> None:
    """Insert or update one outlet (id, name, homepage, country, languages)."""
    row = {k: source.get(k) for k in ("id", "name", "homepage", "country")}
    row["languages"] = json.dumps(source.get("languages") or [])
    row["added"] = now()
    db["sources"].upsert(row, pk="id")


def save_document(db: Database, item: dict) -> tuple[int, str]:
    """Store one article; returns (document id, outcome) with outcome new | updated | unchanged | duplicate.

    `item` has url, source_id, title, text, author, published, lang_hint and
    optionally fetched, crawl_run_id, urls (other URLs of the same article,
    e.g. the address it was fetched from), kind (article, law, decision,
    agreement, report), date_evidence and origin_path (a local file's path).  A text identical to a stored one
    under another URL is recorded as that document's URL ("duplicate"); a
    changed text at a known URL is a new version.  One transaction (write lock
    taken first), plain SQL: this is the crawler's and the benchmark's hot path.
    """
    from kb.extractions import write_transaction

    digest = content_hash(item["text"])
    fetched = _value(item.get("fetched")) or now()
    with write_transaction(db):
        row = db.conn.execute("select id, content_hash, version, published from documents where url = ? limit 1",
                              [item["url"]]).fetchone()
        if row:
            doc_id, outcome = row[0], "unchanged"
            if row[1] != digest:
                outcome = "updated"
                db.conn.execute(
                    "update documents set title = ?, text = ?, content_hash = ?, fetched = ?, version = ?, "
                    "state = 'new', pipeline_version = null, published = ?, author = ?, crawl_run_id = ?, "
                    "date_evidence = coalesce(?, date_evidence) where id = ?",
                    [_value(item.get("title")), item["text"], digest, fetched, row[2] + 1,
                     _value(item.get("published")) or row[3], _value(item.get("author")),
                     _value(item.get("crawl_run_id")), _value(item.get("date_evidence") or None), doc_id])
            _save_urls(db, doc_id, item, fetched, "canonical")
            return doc_id, outcome
        same = same_text(db, digest)
        if same:
            _save_urls(db, same[0], item, fetched, "duplicate")
            return same[0], "duplicate"
        doc_id = db.conn.execute(
            "insert into documents (url, source_id, title, text, author, content_hash, lang_hint, published, "
            "fetched, first_seen, version, state, crawl_run_id, kind, date_evidence, origin_path) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'new', ?, ?, ?, ?)",
            [item["url"], _value(item.get("source_id")), _value(item.get("title")), item["text"],
             _value(item.get("author")), digest, _value(item.get("lang_hint")), _value(item.get("published")),
             fetched, fetched, _value(item.get("crawl_run_id")), item.get("kind") or "article",
             _value(item.get("date_evidence") or None), _value(item.get("origin_path"))]).lastrowid
        _save_urls(db, doc_id, item, fetched, "canonical")
        return doc_id, "new"


HASH_SHIFT = 13   # documents an age block of the content-hash index (migration m017)


def same_text(db: Database, digest: str) -> tuple[int] | None:
    """(id,) of the first stored document whose text has the content hash `digest`, or None.

    The index is (age block, first 8 hex digits of the hash), m017: new documents' hashes land on the newest
    block's ~45 pages instead of anywhere in an index of the whole KB (a write batch of 100 documents wrote
    ~100 of its pages once it had more than that).  One short seek per block: 25 at 200,000 documents."""
    last = db.conn.execute("select coalesce(max(id), 0) from documents").fetchone()[0]
    blocks = ", ".join(str(b) for b in range((last >> HASH_SHIFT) + 1))   # literals: the planner seeks each
    row = db.conn.execute(f"select min(id) from documents where (id >> {HASH_SHIFT}) in ({blocks}) and "
                          # `+`: `content_hash = ?` as it is would be propagated into substr(), which the index
                          # would then no longer match
                          "substr(content_hash, 1, 8) = ? and +content_hash = ?", [digest[:8], digest]).fetchone()
    return row if row[0] is not None else None


def _value(value):
    """A value as sqlite-utils would store it (dates as ISO 8601, lists and dicts as JSON)."""
    return value if value is None or isinstance(value, (str, int, float)) else jsonify_if_needed(value)


def _save_urls(db: Database, doc_id: int, item: dict, seen: str, kind: str) -> None:
    """Record the article's URL and its other addresses (kind "alias") as seen now (insert or update)."""
    source_id = _value(item.get("source_id"))
    rows = [(item["url"], doc_id, source_id, seen, kind)]
    rows += [(u, doc_id, source_id, seen, "alias") for u in item.get("urls") or () if u != item["url"]]
    if any(r[0] is None for r in rows):
        raise PrimaryKeyRequired("upsert() requires a value for the primary key column: url")
    # No upsert: one that may set document_id (a foreign key) opens a statement journal, and FTS5 flushes the
    # write batch's pending terms at each (a search segment a document instead of one a batch: WriteBatch).
    # The foreign key is written only when it changes.
    for url, document_id, source, when, what in rows:
        old = db.conn.execute("select document_id, source_id, seen, kind from document_urls where url = ?",
                              [url]).fetchone()
        if old is None:
            db.conn.execute("insert into document_urls (url, document_id, source_id, seen, kind) "
                            "values (?, ?, ?, ?, ?)", [url, document_id, source, when, what])
        elif old[0] != document_id:
            db.conn.execute("update document_urls set document_id = ?, source_id = ?, seen = ?, kind = ? "
                            "where url = ?", [document_id, source, when, what, url])
        elif old[1:] != (source, when, what):
            db.conn.execute("update document_urls set source_id = ?, seen = ?, kind = ? where url = ?",
                            [source, when, what, url])


def url_seen(db: Database, url: str) -> str | None:
    """When a URL (canonical or any other address of a stored article) was last fetched; None if never."""
    row = next(db.query("select seen from document_urls where url = ?", [url]), None)
    return row["seen"] if row else None


# ---------------------------------------------------------------- reprint clusters

def save_minhash(db: Database, doc_id: int, signature: bytes, num_perm: int) -> None:
    """Keep a document's MinHash signature so reprints are found across runs."""
    from kb.extractions import write_transaction

    with write_transaction(db):  # plain SQL: sqlite-utils' upsert reads the table's schema on every call
        db.conn.execute("insert into minhashes (document_id, num_perm, signature) values (?, ?, ?) "
                        "on conflict(document_id) do update set num_perm = excluded.num_perm, "
                        "signature = excluded.signature", [doc_id, num_perm, signature])


def minhashes(db: Database, num_perm: int):
    """(document id, signature bytes) of every stored signature made with `num_perm` permutations."""
    for row in db.query("select document_id, signature from minhashes where num_perm = ?", [num_perm]):
        yield row["document_id"], row["signature"]


def join_cluster(db: Database, doc_id: int, other_id: int) -> int:
    """Put `doc_id` in the reprint cluster of `other_id` (creating it, or merging two); returns its id.

    The first stored document of a cluster is its canonical one."""
    with db.conn:
        mine, theirs = (db["documents"].get(i)["cluster_id"] for i in (doc_id, other_id))
        cluster = theirs or mine
        if cluster is None:
            cluster = db["clusters"].insert({"canonical_document_id": min(doc_id, other_id), "created": now(),
                                             "size": 0}).last_pk
        db.execute("update documents set cluster_id = ? where id in (?, ?) or (cluster_id is not null and "
                   "cluster_id in (?, ?))", [cluster, doc_id, other_id, mine or -1, theirs or -1])
        members = db.execute("select count(*), min(id) from documents where cluster_id = ?", [cluster]).fetchone()
        db["clusters"].update(cluster, {"size": members[0], "canonical_document_id": members[1]})
        for gone in {mine, theirs} - {cluster, None}:
            db["clusters"].delete(gone)
        return cluster


def cluster_members(db: Database, cluster_id: int) -> list[dict]:
    """Every outlet and URL of one reprint cluster (exact copies included), oldest document first."""
    return list(db.query("select * from cluster_members where cluster_id = ? order by document_id, url",
                         [cluster_id]))


# ---------------------------------------------------------------- conditional GET

def http_validators(db: Database, url: str) -> dict | None:
    """The ETag and Last-Modified last returned for `url` (feeds, sitemaps, listings); None if unknown."""
    return next(db.query("select etag, last_modified from http_cache where url = ?", [url]), None)


def save_http_validators(db: Database, url: str, etag: str | None, last_modified: str | None,
                         status: int) -> None:
    """Remember a response's validators for the next conditional GET of `url`."""
    with db.conn:
        db["http_cache"].upsert({"url": url, "etag": etag, "last_modified": last_modified, "status": status,
                                 "checked": now()}, pk="url")


def forget_http_validators(db: Database, url: str) -> None:
    """Drop what the next conditional GET of `url` would send: the route is read in full next time
    (its links were not all taken: a first crawl's budget, --max-pages)."""
    with db.conn:
        db.execute("delete from http_cache where url = ?", [url])


# ---------------------------------------------------------------- crawl runs

def start_crawl_run(db: Database, stats: dict | None = None, pid: int | None = None) -> int:
    """A new crawl run in state "running", owned by process `pid` (default: this one); returns its id.
    Runs left "running" by a process that is gone are marked "interrupted" first."""
    mark_interrupted(db)
    with db.conn:
        return db["crawl_runs"].insert({"started": now(), "status": "running", "pid": pid or os.getpid(),
                                        "stats": json.dumps(stats or {})}).last_pk


def mark_interrupted(db: Database) -> list[int]:
    """Mark "interrupted" every run still "running" whose process no longer exists (killed, machine
    restarted); returns their ids."""
    gone = [r["id"] for r in db.query("select id, pid from crawl_runs where status = 'running'")
            if not _alive(r["pid"])]
    with db.conn:
        db.conn.executemany("update crawl_runs set status = 'interrupted', finished = ? where id = ?",
                            [(now(), i) for i in gone])
    return gone


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:       # someone else's process of that number: alive
        return True
    return True


def update_crawl_run(db: Database, run_id: int, stats: dict, status: str | None = None) -> None:
    """Store a run's statistics (JSON); a final `status` also sets its finish time."""
    row = {"stats": json.dumps(stats, ensure_ascii=False, sort_keys=True)}
    if status:
        row.update(status=status, finished=now())
    with db.conn:
        db["crawl_runs"].update(run_id, row)


def crawl_run(db: Database, run_id: int) -> dict:
    """One crawl run with its statistics decoded."""
    row = dict(db["crawl_runs"].get(run_id))
    row["stats"] = json.loads(row["stats"] or "{}")
    return row


def relevant_by_source(db: Database, run_id: int) -> dict[str, int]:
    """How many documents stored by a run were judged about or related to the subject, per source
    (0 until `icic process` has read them)."""
    rows = db.query("select source_id, count(*) as n from documents where crawl_run_id = ? and relevance in "
                    "('about', 'related') group by source_id", [run_id])
    return {r["source_id"]: r["n"] for r in rows}


def pending_documents(db: Database, pipeline_version: str, limit: int | None = None) -> list[dict]:
    """Documents not yet processed by `pipeline_version` (failed ones of that version excluded)."""
    from kb import extractions

    return extractions.pending_documents(db, pipeline_version, limit)


def save_extraction(db: Database, doc_id: int, result: dict, pipeline_version: str) -> None:
    """Replace the facts of one document with `result` (the extract contract), atomically (kb.extractions)."""
    from kb import extractions

    extractions.save_extraction(db, doc_id, result, pipeline_version)


def write_batch(db: Database, size: int = 100, seconds: float = 1.0):
    """A `kb.extractions.WriteBatch`: `with write_batch(db) as b: b.add(save_extraction, doc_id, ...)`
    writes many documents per transaction, each one all or nothing."""
    from kb.extractions import WriteBatch

    return WriteBatch(db, size, seconds)


def mark_failed(db: Database, doc_id: int, pipeline_version: str, reason: str) -> None:
    """Record that `pipeline_version` could not read the document, keeping its old facts (kb.extractions)."""
    from kb import extractions

    extractions.mark_failed(db, doc_id, pipeline_version, reason)


# ---------------------------------------------------------------- local documents

LOCAL_SOURCE = {"id": "local", "name": "Local files", "homepage": "file:///", "country": "INT", "languages": []}


def save_file_document(db: Database, doc: dict, source: dict | None = None) -> tuple[int, str]:
    """Store a document read from a file (crawler.documents.read_document) under `source` (default:
    the "local" source, created on first use); returns save_document's (id, outcome)."""
    source = source or LOCAL_SOURCE
    if not db.execute("select 1 from sources where id = ?", [source["id"]]).fetchone():
        save_source(db, source)
    item = {key: doc.get(key) for key in ("url", "title", "text", "published", "author", "lang_hint", "kind",
                                          "date_evidence", "origin_path")}
    item["source_id"] = source["id"]
    return save_document(db, item)
