"""The entity registry in the KB: entities and their aliases in every language and script.

An entity is identified by (type, key) where key is the folded canonical name
(`kb.fold.fold_name`), so "Kassym-Jomart Tokayev" and "Касым-Жомарт Токаев"
are one row.  `nlp` hands entities over as plain dicts; `kb` never imports it.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from sqlite_utils import Database

from kb.fold import fold_name, script_of


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def entity_key(name: str) -> str:
    """The key an entity is stored under: its canonical name folded."""
    return fold_name(name)


def ensure_entity(db: Database, type_: str, canonical: str, origin: str = "nlp") -> int:
    """The id of entity (type, canonical), created if new."""
    key = entity_key(canonical)
    row = db.execute("select id from entities where type = ? and key = ?", [type_, key]).fetchone()
    if row:
        return row[0]
    return db.execute(
        "insert into entities (canonical, type, key, origin, created) values (?, ?, ?, ?, ?)",
        [canonical, type_, key, origin, _now()],
    ).lastrowid


def add_alias(db: Database, entity_id: int, alias: str, lang: Optional[str] = None) -> None:
    """Record `alias` as a name of the entity (once)."""
    alias = (alias or "").strip()
    if alias:
        db.execute(
            "insert or ignore into aliases (entity_id, alias, folded, lang, script) values (?, ?, ?, ?, ?)",
            [entity_id, alias, fold_name(alias), lang, script_of(alias)],
        )


def link_entities(db: Database, entities: Iterable[dict], lang: Optional[str] = None) -> list[Optional[int]]:
    """Entity ids for extracted mentions (type, text, normal, canonical), creating entities and aliases.

    A mention without any name to key it by gets None.  Call inside the
    caller's transaction.
    """
    ids: list[Optional[int]] = []
    seen: dict[tuple[str, str], int] = {}
    for ent in entities:
        canonical = ent.get("canonical") or ent.get("normal") or ent.get("text")
        if not canonical or not ent.get("type"):
            ids.append(None)
            continue
        origin = "registry" if (ent.get("key") or ent.get("entity_key") or ent.get("id")) else "nlp"
        cache_key = (ent["type"], canonical)
        if cache_key not in seen:
            seen[cache_key] = ensure_entity(db, ent["type"], canonical, origin)
        entity_id = seen[cache_key]
        for name in {canonical, ent.get("normal"), ent.get("text")}:
            if name:
                add_alias(db, entity_id, name, lang if name != canonical else None)
        ids.append(entity_id)
    return ids


def save_registry(db: Database, entries: Iterable[dict]) -> int:
    """Persist registry entries {type, canonical, aliases: [..] or [{alias, lang}]}; returns how many.

    Idempotent: an entity or alias already stored is left as it is.
    """
    count = 0
    with db.atomic():
        for entry in entries:
            entity_id = ensure_entity(db, entry["type"], entry["canonical"], "registry")
            add_alias(db, entity_id, entry["canonical"])
            for alias in entry.get("aliases") or []:
                if isinstance(alias, dict):
                    add_alias(db, entity_id, alias.get("alias") or alias.get("name"), alias.get("lang"))
                else:
                    add_alias(db, entity_id, alias)
            count += 1
    return count


def find_entity_ids(db: Database, name: str) -> list[int]:
    """Ids of entities whose canonical name or an alias folds like `name` (any script or case)."""
    key = fold_name(name)
    if not key:
        return []
    rows = db.execute(
        "select id from entities where key = ? union select entity_id from aliases where folded = ?", [key, key]
    ).fetchall()
    return sorted(r[0] for r in rows)
