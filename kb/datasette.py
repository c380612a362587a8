"""Datasette over the KB: metadata (titles, facets, full-text search, canned queries) and the command line.

Datasette opens a file it was not told is immutable with `?mode=ro` for every
query and accepts only SELECT statements from users, so the KB is served read-only;
`immutable=True` (`icic serve --immutable`) also skips change detection, for a
KB no one writes to while it is served.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from kb.queries import ABOUT_SQL, OPEN_SQL

# The CLI's own conditions (kb.queries): an open step, about the center, so every view counts the same.
OPEN = f"{OPEN_SQL} and {ABOUT_SQL}"
AS_OF = "coalesce(nullif(:as_of, ''), date('now'))"     # as_of left empty: today, as the CLI's --as-of
TRACK = ("select t.id, coalesce(e.canonical, t.actor) as actor, coalesce(t.action_en, t.action) as action, "
         "t.status, t.deadline_end as due, t.amount, t.currency, t.reports, t.actors as reported_by, t.last_reported "
         "from tracks t left join entities e on e.id = t.actor_entity_id ")

QUERIES = {
    "due_next_90_days": {
        "title": "Commitments due in the next 90 days",
        "description": "Open commitment tracks whose deadline ends between today and 90 days from now.",
        "sql": TRACK + f"where t.deadline_end between {AS_OF} and date({AS_OF}, '+90 days') and {OPEN} "
                       "order by t.deadline_end",
    },
    "overdue": {
        "title": "Overdue commitments",
        "description": "Open steps about the center whose deadline passed: the latest report is planned, agreed, "
                       "in progress or delayed (as `icic commitments --overdue`).",
        "sql": TRACK + f"where t.deadline_end < {AS_OF} and {OPEN} order by t.deadline_end",
    },
    "slipped": {
        "title": "Slipped commitments",
        "description": "Tracks whose deadline moved later between reports, with the succession of deadlines.",
        "sql": "select t.id, coalesce(e.canonical, t.actor) as actor, coalesce(t.action_en, t.action) as action, "
               "t.status, (select group_concat(ev.new, ' → ') from (select new from track_events "
               "where track_id = t.id and field = 'deadline' order by date, id) as ev) as deadlines, t.reports "
               f"from tracks t left join entities e on e.id = t.actor_entity_id where t.slipped = 1 and {ABOUT_SQL} "
               "order by t.last_reported desc",
    },
    "money_by_actor": {
        "title": "Money by actor and currency",
        "description": "Amounts committed per actor and currency, each commitment track counted once.",
        "sql": "select coalesce(e.canonical, t.actor, '(unknown)') as actor, t.currency, count(*) as commitments, "
               "sum(t.amount) as total from tracks t left join entities e on e.id = t.actor_entity_id "
               "where t.amount is not null group by 1, 2 order by total desc",
    },
    "mentions_per_week": {
        "title": "Mentions per week",
        "description": "How often each entity was mentioned per week of publication; leave the name empty for all.",
        "sql": "select strftime('%Y-W%W', d.published) as week, e.canonical as entity, e.type, count(*) as mentions, "
               "count(distinct d.id) as documents from mentions m join entities e on e.id = m.entity_id "
               "join documents d on d.id = m.document_id where d.published is not null "
               "and (:name = '' or instr(lower(e.canonical), lower(:name)) > 0) "
               "group by week, e.id order by week desc, mentions desc limit 500",
    },
}

TABLES = {
    "documents": {"description": "Articles as crawled and documents as read (kind: article, law, decision, "
                                 "agreement, report): one row per canonical URL; reprints share a cluster.",
                  "facets": ["lang", "source_id", "relevance", "kind"], "sort_desc": "published",
                  "fts_table": "documents_fts", "fts_pk": "id", "searchable_columns": ["title", "text"],
                  "label_column": "title"},
    "commitments": {"description": "Each report of a commitment, with its evidence sentence and report date.",
                    "facets": ["status", "currency", "track_id"]},
    "tracks": {"description": "One row per commitment, merged over its reports; slipped = deadline moved later.",
               "facets": ["status", "currency", "slipped"]},
    "track_events": {"description": "History of each track: status, deadline and amount changes by report date.",
                     "facets": ["field"]},
    "money": {"description": "Money figures read from the articles, in units with ISO 4217 currency.",
              "facets": ["currency", "qualifier"]},
    "dates": {"description": "Dates and periods read from the articles, as intervals.", "facets": ["kind"]},
    "mentions": {"description": "Mentions of entities, linked to the entity registry.", "facets": ["type"]},
    "entities": {"description": "People, organisations and places, one row each however spelled.",
                 "facets": ["type", "origin"], "label_column": "canonical"},
    "aliases": {"description": "Every spelling of each entity seen, folded for search.", "facets": ["lang", "script"]},
    "sources": {"description": "The outlets crawled.", "label_column": "name"},
    "search_index": {"hidden": True},
    "search_vocab": {"hidden": True},
}


def metadata(db_name: str) -> dict:
    """Datasette metadata for a KB served under the name `db_name` (the file's stem)."""
    return {
        "title": "ICIC Monitor knowledge base",
        "description": "News about the International Center for Industrial Cooperation \"Central Asia\" in Russian, "
                       "Kazakh, Uzbek and English: articles, entities, money, dates and commitment tracks.",
        "databases": {db_name: {"tables": TABLES, "queries": QUERIES}},
    }


def write_metadata(kb_path: str | Path, out: str | Path) -> Path:
    """Write the metadata for the KB at `kb_path` to the JSON file `out`."""
    out = Path(out)
    out.write_text(json.dumps(metadata(Path(kb_path).stem), ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def command(kb_path: str | Path, metadata_path: str | Path, host: str, port: int, immutable: bool = False) -> list[str]:
    """The datasette command line serving the KB read-only."""
    files = ["-i", str(kb_path)] if immutable else [str(kb_path)]
    return [sys.executable, "-m", "datasette", "serve", *files, "--metadata", str(metadata_path), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "3000"]
