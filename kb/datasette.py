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
# A person's or organisation's name as readers know it: the registry's English name where it has one,
# else the name as the articles wrote it (its first alias seen in a text), never a romanisation.
NAME = ("(case when {e}.origin = 'registry' then {e}.canonical else coalesce((select a.alias from aliases a "
        "where a.entity_id = {e}.id and a.lang is not null order by a.id limit 1), {e}.canonical) end)")
ACTOR = f"coalesce({NAME.format(e='e')}, t.actor)"
STATUS = ("case t.status when 'in_progress' then 'under way' else t.status end")
# The project's money format ("1,300,000,000 USD", reports.formats.money) in plain SQL, so the track
# queries run on any SQLite connection, with or without the plugin's functions.
MONEY = ("(case when {a} is null then null when {a} = cast({a} as integer) then printf('%,d', {a}) "
         "else printf('%,.2f', {a}) end || coalesce(' ' || {c}, ''))")
# The latest report of a track (its evidence sentence and its article), found once a row and joined as `lc`:
# two lookups of a track's reports a row cost one seek per age block of the index by track each (m022).
LATEST = ("left join commitments lc on lc.id = (select c.id from commitments c where c.track_id = t.id "
          "order by coalesce(c.reported, '') desc, c.id desc limit 1) ")
EVIDENCE = "lc.evidence as evidence, (select d.url from documents d where d.id = lc.document_id) as article "
TRACK = (f"select t.id as track, {ACTOR} as actor, coalesce(t.action_en, t.action) as action, {STATUS} as status, "
         f"t.deadline_end as due, {MONEY.format(a='t.amount', c='t.currency')} as amount, t.reports, "
         f"t.actors as reported_by, {EVIDENCE}"
         "from tracks t left join entities e on e.id = t.actor_entity_id " + LATEST)

QUERIES = {
    "search": {
        "title": "Search the articles in any script",
        "description": "What `icic search` finds: Tokayev finds Токаев, Тоқаев, Toqayev and their inflected forms "
                       "(words folded by the project's plugin, kb/datasette_plugin.py). Words, \"a phrase\", OR, "
                       "-word and prefix* work as in the CLI.",
        "sql": "select d.id, d.published, d.lang || case when d.lang = 'uz' then '-' || d.script else '' end "
               "as language, coalesce(s.name, d.source_id) as source, d.title, d.relevance, "
               "substr(replace(d.text, char(10), ' '), 1, 240) || '…' as snippet, d.url "
               "from search_index join documents d on d.id = search_index.rowid "
               "left join sources s on s.id = d.source_id "
               "where search_index match icic_match(:q) order by bm25(search_index, 3.0, 1.0) limit 200",
    },
    "due_next_90_days": {
        "title": "Commitments due in the next 90 days",
        "description": "Open commitment tracks whose deadline ends between today (or as_of) and 90 days later, "
                       "with the latest report's sentence and article.",
        "sql": TRACK + f"where t.deadline_end between {AS_OF} and date({AS_OF}, '+90 days') and {OPEN} "
                       "order by t.deadline_end",
    },
    "overdue": {
        "title": "Overdue commitments",
        "description": "Open steps about the center whose deadline passed: the latest report is planned, agreed, "
                       "in progress or delayed (as `icic commitments --overdue`), latest deadline first.",
        "sql": TRACK + f"where t.deadline_end < {AS_OF} and {OPEN} order by t.deadline_end desc",
    },
    "slipped": {
        "title": "Slipped commitments",
        "description": "Tracks whose deadline moved later between reports, with the succession of deadlines.",
        "sql": f"select t.id as track, {ACTOR} as actor, coalesce(t.action_en, t.action) as action, "
               f"{STATUS} as status, (select group_concat(ev.new, ' → ') from (select new from track_events "
               "where track_id = t.id and field = 'deadline' order by date, id) as ev) as deadlines, t.reports, "
               f"{EVIDENCE}from tracks t left join entities e on e.id = t.actor_entity_id {LATEST}"
               f"where t.slipped = 1 and {ABOUT_SQL} "
               "order by t.last_reported desc",
    },
    "money_by_actor": {
        "title": "Money by actor and currency",
        "description": "Amounts committed per actor and currency, each commitment track counted once.",
        "sql": f"select coalesce({ACTOR}, '(unknown)') as actor, t.currency, count(*) as commitments, "
               f"{MONEY.format(a='sum(t.amount)', c='t.currency')} as total from tracks t "
               "left join entities e on e.id = t.actor_entity_id "
               "where t.amount is not null group by 1, 2 order by sum(t.amount) desc",
    },
    "mentions_per_week": {
        "title": "Mentions per week",
        "description": "How often each entity was mentioned per ISO week of publication. The name may be spelled "
                       "in any script or any alias (Токаев, Тоқаев, Tokayev); leave it empty for all.",
        "sql": f"select icic_iso_week(d.published) as week, {NAME.format(e='e')} as entity, e.type, "
               "count(*) as mentions, count(distinct d.id) as documents from mentions m "
               "join entities e on e.id = m.entity_id join documents d on d.id = m.document_id "
               "where d.published is not null and (:name = '' or e.id in (select id from entities "
               "where key = icic_fold(:name) union select entity_id from aliases where folded = icic_fold(:name))) "
               "group by week, e.id order by week desc, mentions desc limit 500",
    },
}

HIDDEN = ("_sqlite_migrations", "search_index", "search_vocab", "search_marks", "documents_fts", "http_cache", "minhashes",
          "cluster_members", "crawl_runs", "digests", "entity_counts", "entity_pairs", "entity_pair_changes",
          "entity_pair_sweep", "entity_pair_folded")
TABLES = {
    "documents": {"description": "Articles as crawled and documents as read (kind: article, law, decision, "
                                 "agreement, report): one row per canonical URL; reprints share a cluster. "
                                 "The search box finds words in any script and inflection, as `icic search` does; "
                                 "?_nocol= or the column menu shows the text and hashes.",
                  "facets": [{"language": "lang"}, "source_id", "relevance", "kind"], "sort_desc": "published",
                  "fts_table": "search_index", "fts_pk": "id", "label_column": "title"},
    "commitments": {"description": "Each report of a commitment, with its evidence sentence and report date.",
                    "facets": ["status", "currency", "track_id"], "label_column": "action_en"},
    "tracks": {"description": "One row per commitment, merged over its reports; slipped = deadline moved later.",
               "facets": ["status", "currency", "slipped"], "label_column": "action_en"},
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
    **{name: {"hidden": True} for name in HIDDEN},
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
