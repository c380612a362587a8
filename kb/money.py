"""Money figures across the KB: `icic money` ("what money was announced in 2025?").

Each figure is an amount an article stated (kb `money` rows), counted once per
reprint cluster; sums are per currency and in US dollars (the `usd` value the
pipeline computed from nlp/data/rates.yaml at the publication date).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Optional

from sqlite_utils import Database

from kb.entities import find_entity_ids
from kb.search import date_range


class MoneyError(Exception):
    """A money query that cannot be answered (an unknown actor); the message says why."""


def list_money(db: Database, *, since: Optional[dt.date] = None, until: Optional[dt.date] = None,
               currency: Optional[str] = None, actor: Optional[str] = None, lang: Optional[str] = None,
               script: Optional[str] = None, relevance: str = "about") -> list[dict]:
    """Money figures of articles published in [since, until], largest in USD first, one per reprint cluster.

    `actor` keeps articles that mention the entity (any script) or report a commitment by it;
    `relevance` "about" keeps articles about the center, "related" adds related ones, "none" keeps all."""
    dates, params = date_range(since, until)
    where = ["1 = 1"] + ([dates] if dates else [])
    if currency:
        where.append("m.currency = ?")
        params.append(currency.upper())
    if lang:
        where.append("d.lang = ?")
        params.append(lang)
    if script:
        where.append("d.script = ?")
        params.append(script)
    levels = {"about": ["about"], "related": ["about", "related"], "none": ["about", "related", "none"]}[relevance]
    where.append("coalesce(d.relevance, 'none') in (select value from json_each(?))")
    params.append(json.dumps(levels))
    if actor:
        ids = find_entity_ids(db, actor)
        if not ids:
            raise MoneyError(f"no entity named {actor!r} in the knowledge base")
        where.append("(d.id in (select document_id from mentions where entity_id in (select value from json_each(?)))"
                     " or d.id in (select document_id from commitments where actor_entity_id in "
                     "(select value from json_each(?))))")
        params += [json.dumps(ids), json.dumps(ids)]
    rows = db.query(
        "select m.id, d.published as date, m.amount, m.amount_max, m.currency, m.qualifier, m.usd, m.text, "
        "d.lang, d.script, coalesce(s.name, d.source_id) as outlet, d.title, d.url, d.cluster_id, d.id as document_id "
        "from money m join documents d on d.id = m.document_id left join sources s on s.id = d.source_id "
        f"where {' and '.join(where)} order by d.published, d.id, m.start", params)
    return _once_per_cluster(rows)


def _once_per_cluster(rows) -> list[dict]:
    """A reprint repeats its original's figures: keep each (cluster, amount, currency) once."""
    out, seen = [], set()
    for row in rows:
        key = (row["cluster_id"] if row["cluster_id"] is not None else f"d{row['document_id']}",
               row["amount"], row["amount_max"], row["currency"])
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return sorted(out, key=lambda r: (-(r["usd"] or 0), r["date"] or "", r["id"]))


def totals(figures: list[dict]) -> dict:
    """{"currencies": [{currency, figures, amount, usd}], "usd": total in USD, "without_usd": figures with no rate}."""
    by: dict[str, dict] = defaultdict(lambda: {"figures": 0, "amount": 0.0, "usd": 0.0})
    missing = 0
    for row in figures:
        entry = by[row["currency"] or "?"]
        entry["figures"] += 1
        entry["amount"] += row["amount"] or 0
        if row["usd"] is None:
            missing += 1
        else:
            entry["usd"] += row["usd"]
    currencies = [{"currency": code, **values} for code, values in sorted(by.items(), key=lambda kv: -kv[1]["usd"])]
    return {"currencies": currencies, "usd": sum(c["usd"] for c in currencies), "without_usd": missing}
