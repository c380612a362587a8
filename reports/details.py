"""What the digest adds to the rows reports.query selects, so each reads on its own (SQL reads of kb/ only):

- each commitment's evidence sentence and article (a track's latest report);
- an English gloss of a non-English title, from what the project already has: the
  center's names in the topic file and the registry's English names of the entities the
  title names, and the English glosses of the article's commitments.  Nothing is
  translated or invented: a title with none of these gets no gloss.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

import yaml
from sqlite_utils import Database

from kb.fold import fold_name


def add_evidence(db: Database, items: Iterable[dict]) -> None:
    """Give every commitment item without one its sentence, article URL and title (from its track's latest report)."""
    missing = [i for i in items if not i.get("url") and (i.get("track_id") or i.get("id"))]
    if not missing:
        return
    ids = sorted({i.get("track_id") or i["id"] for i in missing})
    rows = db.query(
        "select c.track_id, c.evidence, d.url, d.title from commitments c join documents d on d.id = c.document_id "
        "where c.track_id in (select value from json_each(?)) "
        "order by c.track_id, coalesce(c.reported, '') desc, c.id desc", [json.dumps(ids)])
    latest: dict[int, dict] = {}
    for row in rows:
        latest.setdefault(row["track_id"], row)
    for item in missing:
        found = latest.get(item.get("track_id") or item["id"])
        if found:
            item.update(evidence=item.get("evidence") or found["evidence"], url=found["url"],
                        title=item.get("title") or found["title"])


def center_names(topic_path: Path) -> tuple[str, set[str], str]:
    """(the center's English name to show, folded keys of its names and short names, its canonical name)
    from the topic file; the name shown is the topic's canonical English name."""
    data = yaml.safe_load(Path(topic_path).read_text(encoding="utf-8")) or {}
    names = [*(data.get("names") or []), *(data.get("short_names") or [])]
    canonical = data.get("canonical") or ""
    keys = {fold_name(n) for n in names}
    return canonical, {k for k in keys if k}, canonical


def _contains(folded_title: str, key: str) -> bool:
    return f" {key} " in f" {folded_title} "


def gloss(db: Database, entry: dict, center: tuple[str, set[str], str]) -> Optional[dict]:
    """{"names": [...], "commitments": [...]} in English for a non-English entry, or None when it has none."""
    if entry.get("lang") == "en" or not entry.get("title"):
        return None
    folded = fold_name(entry["title"]) or ""
    names = [center[0]] if center[0] and any(_contains(folded, k) for k in center[1]) else []
    for name in _registry_names_in(db, entry["document_ids"], folded):
        if name not in names and not (names and name == center[2]):  # the center once, by its short name
            names.append(name)
    commitments = _commitment_glosses(db, entry["document_ids"])
    return {"names": names, "commitments": commitments} if names or commitments else None


def _registry_names_in(db: Database, doc_ids: list[int], folded_title: str) -> list[str]:
    """English names (registry entities) of the articles' entities whose spelling occurs in the title."""
    rows = db.query(
        "select e.canonical, a.folded from entities e join aliases a on a.entity_id = e.id "
        "where e.origin = 'registry' and e.id in (select entity_id from mentions "
        "where document_id in (select value from json_each(?))) order by e.id", [json.dumps(doc_ids)])
    return list(dict.fromkeys(r["canonical"] for r in rows if r["folded"] and _contains(folded_title, r["folded"])))


def _commitment_glosses(db: Database, doc_ids: list[int], most: int = 2) -> list[str]:
    """The English glosses of the articles' commitments that say more than one word ("raise trade to $10 billion")."""
    rows = db.query("select action_en from commitments where document_id in (select value from json_each(?)) "
                    "and action_en is not null order by document_id, start", [json.dumps(doc_ids)])
    glosses = [r["action_en"] for r in rows if len(r["action_en"].split()) > 1]
    return list(dict.fromkeys(glosses))[:most]
