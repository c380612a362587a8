"""Helpers for tests of kb/: small knowledge bases built from hand-made extraction dicts."""
from __future__ import annotations

from kb import open_db
from kb.store import save_document, save_extraction, save_source

VERSION = "test-1"


def entity(type_: str, text: str, canonical: str, start: int = 0) -> dict:
    """An extracted entity as nlp hands it over."""
    return {"type": type_, "text": text, "normal": text, "canonical": canonical, "span": [start, start + len(text)]}


def commitment(action_en: str, *, actor: str | None = "Kazakhstan", action: str | None = None, status="planned",
               start=None, end=None, amount=None, currency=None, evidence="A sentence of evidence.",
               step=None, milestone=False, object=None) -> dict:
    """An extracted commitment as nlp hands it over."""
    return {"actor": actor, "action": action or action_en, "action_en": action_en, "status": status,
            "step": step, "milestone": milestone, "object": object,
            "amount": {"amount": amount, "currency": currency} if amount is not None else None,
            "deadline": {"kind": "range" if start else "deadline", "start": start, "end": end} if end else None,
            "evidence": evidence, "span": [0, len(evidence)]}


def add_doc(db, n: int, text: str, *, title: str = "", published: str = "2026-01-01", lang: str = "ru",
            source: str = "steppe-herald", entities=(), money=(), commitments=(), relevance: str = "about") -> int:
    """Store and 'process' one document with the given facts; returns its id."""
    doc_id, _ = save_document(db, {"url": f"http://sample.test/{source}/{n}.html", "source_id": source,
                                   "title": title or f"Article {n}", "text": text, "published": published,
                                   "lang_hint": lang})
    save_extraction(db, doc_id, {
        "lang": lang, "script": "Latn" if lang in ("en",) else "Cyrl",
        "relevance": {"label": relevance, "score": 0.9}, "entities": list(entities), "money": list(money),
        "dates": [], "commitments": list(commitments)}, VERSION)
    return doc_id


def new_db(path=None):
    """An empty KB (in memory by default) with the two sample outlets."""
    db = open_db(path)
    for outlet, name in (("steppe-herald", "Steppe Herald"), ("oasis-daily", "Oasis Daily")):
        save_source(db, {"id": outlet, "name": name, "homepage": f"http://sample.test/{outlet}/", "country": "KZ",
                         "languages": []})
    return db


def schema(db) -> set:
    """Every table, index and trigger with its SQL: what a migration test compares with a fresh KB's."""
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


def stats(db) -> list:
    """The planner's statistics (sqlite_stat1), in order."""
    return db.execute("select * from sqlite_stat1 order by tbl, idx").fetchall()


def migrate_again(db, path, *migrations: str):
    """Open the KB at `path` again as a KB written before `migrations` (their records removed), so they run."""
    for name in migrations:
        db.execute("delete from _sqlite_migrations where name = ?", [name])
    db.execute(f"PRAGMA user_version = {db.execute('select count(*) from _sqlite_migrations').fetchone()[0]}")
    db.close()
    return open_db(path)
