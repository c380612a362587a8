"""`icic ingest`: load documents into the KB without crawling them."""
from __future__ import annotations

import json
import logging
import sys

import click

from icic.cli.base import cli, db_option, open_kb, pass_state

log = logging.getLogger("icic.ingest")


class IngestLineError(ValueError):
    """One JSON line that cannot be stored as a document."""


def document_of_line(line: str, number: int) -> dict:
    """The document of one JSON line of the extract contract (`{"id","text","published"}`, plus
    optional `url`, `title`, `source`); IngestLineError with the reason otherwise."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise IngestLineError(f"line {number}: not JSON ({str(exc)[:80]})") from None
    if not isinstance(obj, dict):
        raise IngestLineError(f"line {number}: a JSON object is needed, not {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestLineError(f"line {number}: no text")
    doc_id = obj.get("id")
    url = obj.get("url") or (f"urn:icic:ingest:{doc_id}" if doc_id not in (None, "") else None)
    if not url:
        raise IngestLineError(f"line {number}: neither url nor id")
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        raise IngestLineError(f"line {number}: published must be a date string")
    title = obj.get("title") or text.strip().split("\n", 1)[0][:200]
    return {"url": str(url), "source_id": obj.get("source") or None, "title": str(title), "text": text,
            "published": published or None, "author": obj.get("author"), "lang_hint": obj.get("lang")}


def ingest_lines(db, lines) -> dict:
    """Store every good line as a document; a bad line is logged with its reason and skipped."""
    from kb.store import save_document, save_source

    counts = {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0, "failed": 0}
    known_sources: set[str] = set()
    for number, line in enumerate(lines, 1):
        line = line.lstrip("\ufeff").strip()
        if not line:
            continue
        try:
            item = document_of_line(line, number)
        except IngestLineError as exc:
            log.warning("%s: skipped", exc)
            counts["failed"] += 1
            continue
        source = item["source_id"]
        if source and source not in known_sources:
            if not db.execute("select 1 from sources where id = ?", [source]).fetchone():
                save_source(db, {"id": source, "name": source})
            known_sources.add(source)
        _, outcome = save_document(db, item)
        counts[outcome] += 1
    return counts


def ingest_files(db, paths, source: dict | None = None) -> dict:
    """Store every file of `paths` (folders walked) as a document: HTML, TXT, PDF, DOCX, RTF, EML.  A
    file that cannot be read (unsupported, broken, a scan that needs OCR) is logged with its reason and
    skipped; the others are stored."""
    from crawler.documents import DocumentError, NeedsOCR, files_under, read_document
    from kb.store import save_file_document

    counts = {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0, "failed": 0, "needs_ocr": 0}
    for path in files_under(paths):
        try:
            doc = read_document(path)
        except DocumentError as exc:
            log.warning("%s: skipped", exc)
            counts["needs_ocr" if isinstance(exc, NeedsOCR) else "failed"] += 1
            continue
        _, outcome = save_file_document(db, doc, source)
        counts[outcome] += 1
    return counts


@cli.command()
@db_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--jsonl", is_flag=True,
              help='Read JSON Lines on stdin: {"id","text","published"} plus optional url, title, source.')
@click.option("--source", "source_id", help="Source id to file local documents under (default: local).")
@pass_state
def ingest(state, db_path, paths, jsonl, source_id):
    """Load documents into the knowledge base without crawling (then run `icic process`).

    PATH… are files or folders of HTML, TXT, PDF, DOCX, RTF and EML; each file is
    one document with its title, date, language hint and kind (article, law,
    decision, agreement, report).  A PDF without a text layer is reported as
    needing OCR, not stored empty.  With --jsonl each line of stdin is one
    document of the extract contract; `url` defaults to urn:icic:ingest:ID.
    Whatever cannot be stored is logged with its reason and skipped; loading
    the same input twice changes nothing.

    \b
    Example:
        icic ingest docs/agreement.pdf laws/ && icic process
        icic ingest --jsonl < articles.jsonl && icic process
    """
    if not paths and not jsonl:
        raise click.UsageError("give files or folders to ingest (PATH…), or --jsonl to read stdin")
    db = open_kb(state, db_path)
    source = {"id": source_id, "name": source_id, "homepage": "file:///", "country": "INT",
              "languages": []} if source_id else None
    if paths:
        counts = ingest_files(db, paths, source)
        click.echo("files: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if jsonl:
        counts = ingest_lines(db, sys.stdin)
        click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
