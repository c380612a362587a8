"""Saving documents and the facts read from them.

`save_document` stores one fetched article (new, unchanged, or a new version);
`save_extraction` replaces a document's facts in one transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata

from sqlite_utils import Database

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
    optionally urls (other URLs of the same article).  A text identical to a
    stored one under another URL is recorded as that document's URL
    ("duplicate"); a changed text at a known URL is a new version.
    """
    digest = content_hash(item["text"])
    fetched = item.get("fetched") or now()
    with db.conn:
        row = next(db["documents"].rows_where("url = ?", [item["url"]], limit=1), None)
        if row:
            if row["content_hash"] == digest:
                return row["id"], "unchanged"
            db["documents"].update(row["id"], {
                "title": item.get("title"), "text": item["text"], "content_hash": digest, "fetched": fetched,
                "version": row["version"] + 1, "state": "new", "pipeline_version": None,
                "published": item.get("published") or row["published"], "author": item.get("author"),
            })
            return row["id"], "updated"
        same = next(db["documents"].rows_where("content_hash = ?", [digest], limit=1), None)
        if same:
            db["document_urls"].upsert({"url": item["url"], "document_id": same["id"],
                                        "source_id": item.get("source_id"), "seen": fetched, "kind": "duplicate"},
                                       pk="url")
            return same["id"], "duplicate"
        doc_id = db["documents"].insert({
            "url": item["url"], "source_id": item.get("source_id"), "title": item.get("title"),
            "text": item["text"], "author": item.get("author"), "content_hash": digest,
            "lang_hint": item.get("lang_hint"), "published": item.get("published"), "fetched": fetched,
            "first_seen": fetched, "version": 1, "state": "new",
        }).last_pk
        db["document_urls"].upsert({"url": item["url"], "document_id": doc_id, "source_id": item.get("source_id"),
                                    "seen": fetched, "kind": "canonical"}, pk="url")
        return doc_id, "new"


def pending_documents(db: Database, pipeline_version: str, limit: int | None = None) -> list[dict]:
    """Documents not yet processed by `pipeline_version` (failed ones of that version excluded)."""
    from kb import extractions

    return extractions.pending_documents(db, pipeline_version, limit)


def save_extraction(db: Database, doc_id: int, result: dict, pipeline_version: str) -> None:
    """Replace the facts of one document with `result` (the extract contract), atomically (kb.extractions)."""
    from kb import extractions

    extractions.save_extraction(db, doc_id, result, pipeline_version)


def mark_failed(db: Database, doc_id: int, pipeline_version: str, reason: str) -> None:
    """Record that `pipeline_version` could not read the document, keeping its old facts (kb.extractions)."""
    from kb import extractions

    extractions.mark_failed(db, doc_id, pipeline_version, reason)
