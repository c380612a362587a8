"""Opening the knowledge base and keeping its shape.

Every change of schema is one migration function, applied in order and
recorded by sqlite-utils in `_sqlite_migrations`; `PRAGMA user_version`
mirrors the number applied, so an older program can refuse a newer file.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

migrations = Migrations("icic")


class SchemaTooNew(Exception):
    """The file was written by a newer ICIC Monitor than this one."""


@migrations()
def m001_initial(db: Database) -> None:
    db["sources"].create(
        {"id": str, "name": str, "homepage": str, "country": str, "languages": str, "added": str},
        pk="id",
    )
    db["clusters"].create({"id": int, "canonical_document_id": int, "created": str, "size": int}, pk="id")
    db["documents"].create(
        {
            "id": int,
            "url": str,                # canonical URL, unique
            "source_id": str,
            "title": str,
            "text": str,
            "author": str,
            "content_hash": str,       # hash of the normalised text
            "lang": str,
            "script": str,
            "lang_hint": str,          # language the source or page declared
            "published": str,          # ISO 8601
            "fetched": str,            # ISO 8601, UTC
            "first_seen": str,
            "version": int,            # 1, then +1 each time a changed text is stored
            "cluster_id": int,         # reprint cluster
            "relevance": str,          # about | related | none
            "relevance_score": float,
            "state": str,              # new | processed | failed
            "pipeline_version": str,   # the nlp pipeline that processed it
            "error": str,
        },
        pk="id",
        not_null={"url", "text", "content_hash", "state", "version"},
        defaults={"state": "new", "version": 1},
        foreign_keys=[("source_id", "sources", "id"), ("cluster_id", "clusters", "id")],
    )
    db["documents"].create_index(["url"], unique=True)
    db["documents"].create_index(["content_hash"])
    db["documents"].create_index(["state", "pipeline_version"])
    db["documents"].create_index(["published"])
    db["document_urls"].create(
        {"url": str, "document_id": int, "source_id": str, "seen": str, "kind": str},
        pk="url",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["entities"].create(
        {"id": int, "canonical": str, "type": str, "key": str, "origin": str, "created": str},
        pk="id",
        not_null={"canonical", "type", "key"},
    )
    db["entities"].create_index(["type", "key"], unique=True)
    db["aliases"].create(
        {"id": int, "entity_id": int, "alias": str, "folded": str, "lang": str, "script": str},
        pk="id",
        foreign_keys=[("entity_id", "entities", "id")],
    )
    db["aliases"].create_index(["entity_id", "alias"], unique=True)
    db["aliases"].create_index(["folded"])
    fact = {"document_id": int, "start": int, "end": int, "text": str, "extractor": str, "pipeline_version": str}
    db["mentions"].create(
        {"id": int, **fact, "entity_id": int, "type": str, "normal": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("entity_id", "entities", "id")],
    )
    db["money"].create(
        {"id": int, **fact, "amount": float, "amount_max": float, "currency": str, "qualifier": str, "usd": float},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["dates"].create(
        {"id": int, **fact, "kind": str, "start_date": str, "end_date": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["tracks"].create(
        {
            "id": int, "actor": str, "actor_entity_id": int, "action": str, "action_en": str, "status": str,
            "amount": float, "currency": str, "deadline_kind": str, "deadline_start": str, "deadline_end": str,
            "first_reported": str, "last_reported": str, "reports": int, "slipped": int,
        },
        pk="id",
    )
    db["commitments"].create(
        {
            "id": int, **fact, "track_id": int, "actor": str, "actor_entity_id": int, "action": str,
            "action_en": str, "status": str, "amount": float, "currency": str, "quantities": str,
            "deadline_kind": str, "deadline_start": str, "deadline_end": str, "evidence": str,
            "confidence": float, "reported": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("track_id", "tracks", "id")],
    )
    db["track_events"].create(
        {"id": int, "track_id": int, "commitment_id": int, "date": str, "field": str, "old": str, "new": str},
        pk="id",
        foreign_keys=[("track_id", "tracks", "id"), ("commitment_id", "commitments", "id")],
    )
    for table in ("mentions", "money", "dates", "commitments"):
        db[table].create_index(["document_id"])
    db["http_cache"].create(
        {"url": str, "etag": str, "last_modified": str, "status": int, "checked": str}, pk="url"
    )
    db["crawl_runs"].create(
        {"id": int, "started": str, "finished": str, "status": str, "stats": str}, pk="id"
    )
    db["digests"].create(
        {"id": int, "date": str, "recipient": str, "sent_at": str, "message_id": str, "path": str},
        pk="id",
    )
    db["digests"].create_index(["date", "recipient"], unique=True)
    db["documents"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


KNOWN = [m.name for m in migrations._migrations]


def schema_version(db: Database) -> int:
    """The number of migrations applied to this file (mirrored in PRAGMA user_version)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_not_newer(db: Database) -> None:
    """Raise SchemaTooNew when the file has migrations this program does not know."""
    known = [m.name for m in migrations._migrations]  # at call time: migrations are appended below
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known]
    if unknown or schema_version(db) > len(known):
        raise SchemaTooNew(
            f"knowledge base schema version {max(schema_version(db), len(applied))} is newer than this "
            f"program's ({len(known)}): upgrade ICIC Monitor"
        )


def open_db(path: str | Path | None = None, *, create: bool = True, readonly: bool = False) -> Database:
    """Open (and by default create or migrate) the knowledge base at `path`; None = in memory."""
    if path is None:
        db = Database(memory=True)
    else:
        path = Path(path)
        if not path.exists() and not create:
            raise FileNotFoundError(f"no knowledge base at {path}")
        if readonly:
            return Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.enable_wal()
        # WAL + NORMAL: a commit survives a crash of the process; only a power cut may lose the last ones
        db.execute("PRAGMA synchronous = NORMAL")
        # checkpoint (and fsync) every ~160 MB of WAL instead of every 4 MB: a stored document with its
        # extractions writes ~70 pages, so the default checkpointed every ~14 documents, rewriting the
        # same hot pages each time; a checkpoint copies each page once however often the WAL has it
        # (bench kb: 14% fewer bytes to disk at 40 MB; at 160 MB 151 instead of 174 KiB a document
        # at 50,000 documents)
        db.execute("PRAGMA wal_autocheckpoint = 40000")
        # a 64 MiB page cache instead of 2 MiB: a write batch of 100 documents touches ~4,000 pages (index
        # leaves, FTS segments) that the default cache read again from the file at every batch (a 50,000-
        # document bench KB: 560 -> 750 documents/s CPU); the bytes written stay the same
        db.execute("PRAGMA cache_size = -65536")
        # statement journals in memory: inside a write batch every statement that may fail half-way keeps
        # the pages it changes in a statement journal, and FTS5's segment writes made those spill to a temp
        # file at every batch: more bytes than the WAL itself (bench kb at 20,000 documents: 145 -> 67 KiB
        # written per document, a little less CPU).  A statement journal holds only the pages one statement
        # changes. Sorts and temporary tables stay in memory too: an ORDER BY over every track or a
        # migration's CREATE INDEX over every mention takes tens of MB at 200,000 documents.
        db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    check_not_newer(db)
    if migrations.pending(db):
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    if path is not None:
        keep_planner_stats(db)
    return db


# Indexes whose leading column is an age block (rowid >> AGE_SHIFT) rather than the key looked up: the rows of
# the newest block land on its few pages, where a key-first index spreads each write batch over one page per
# key (m017).  A lookup by key alone reads them with a skip-scan (one seek per block), which SQLite's planner
# uses only when sqlite_stat1 says a block holds many rows: `keep_planner_stats` writes that.
AGE_SHIFT = 14          # 16,384 rows a block: ~70 index pages of mentions; 61 blocks at a million mentions
AGE_INDEXES = {         # index: (table, sqlite_stat1 `stat` as ANALYZE gives it for a KB of 200,000 documents)
    "idx_mentions_age_entity": ("mentions", "1000000 16384 6 1"),
    "idx_mentions_document_id_entity_id": ("mentions", "1000000 5 1"),
    "idx_commitments_age_track": ("commitments", "200000 16384 2"),       # m022
    "idx_track_events_age_track": ("track_events", "490000 16384 3"),     # m022
    "idx_tracks_age_due": ("tracks", "28000 4000 3"),                     # m024
}


def keep_planner_stats(db: Database) -> None:
    """Make sure sqlite_stat1 tells the planner what the age-block indexes hold (written by m017 and m022; written
    again if a later ANALYZE of a nearly empty KB said a block held a handful of rows, which would turn every
    lookup of an entity's mentions, or of a track's reports and events, into a scan of them all once the KB
    grows).  The statistics change plans, never results."""
    present = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")} & set(AGE_INDEXES)
    if not present:
        return
    try:
        rows = dict(db.execute("select idx, stat from sqlite_stat1 where idx in (select value from json_each(?))",
                               [json.dumps(sorted(present))]).fetchall())
    except sqlite3.OperationalError:      # no sqlite_stat1 table
        rows = {}
    if present <= set(rows) and all(_block_rows(rows[idx]) >= 18 for idx in present if "_age_" in idx):
        return
    db.execute("PRAGMA analysis_limit = 100")
    with db.atomic():
        db.execute("ANALYZE sources")           # creates sqlite_stat1 if missing (a few rows read)
        db.execute("delete from sqlite_stat1 where tbl = 'sources' or idx in (select value from json_each(?))",
                   [json.dumps(sorted(AGE_INDEXES))])
        db.conn.executemany("insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)",
                            [(table, idx, stat) for idx, (table, stat) in sorted(AGE_INDEXES.items())
                             if idx in present])
    db.execute("PRAGMA analysis_limit = 0")
    db.execute("ANALYZE sqlite_schema")         # this connection's planner reads them now


def _block_rows(stat: str) -> int:
    """The rows an age block holds, as a sqlite_stat1 `stat` says (its second figure; 0 when it has none)."""
    figures = stat.split()
    return int(figures[1]) if len(figures) > 1 and figures[1].isdigit() else 0


@migrations()
def m002_kb_search_tracks(db: Database) -> None:
    """Folded-form search index, keys for merging commitments into tracks, indexes for analyst queries."""
    from kb.fold import fold_text

    db.execute("create virtual table search_index using fts5(title, text, prefix='2 3')")
    db.execute("create virtual table search_vocab using fts5vocab(search_index, 'row')")
    for table, column in (("tracks", "actor_key"), ("tracks", "action_key"), ("tracks", "lang"),
                          ("commitments", "actor_key")):
        db[table].add_column(column, str)
    db["tracks"].add_column("action_vec", bytes)
    for table, columns in (("tracks", ["actor_key"]), ("tracks", ["actor_entity_id"]), ("tracks", ["deadline_end"]),
                           ("commitments", ["track_id"]), ("track_events", ["track_id"]),
                           ("mentions", ["entity_id"]), ("documents", ["source_id"]), ("documents", ["lang"])):
        db[table].create_index(columns, if_not_exists=True)
    db["search_index"].insert_all(
        ({"rowid": r["id"], "title": fold_text(r["title"]), "text": fold_text(r["text"])}
         for r in db.query("select id, title, text from documents")), batch_size=500)


@migrations()
def m003_crawler_reprints(db: Database) -> None:
    """Reprint signatures kept across runs, the crawl run that last stored each document, and
    a view of every outlet and URL of each reprint cluster."""
    db["minhashes"].create(
        {"document_id": int, "num_perm": int, "signature": bytes},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["documents"].add_column("crawl_run_id", int)
    db["documents"].create_index(["crawl_run_id"])
    db["documents"].create_index(["cluster_id"])
    db["document_urls"].create_index(["document_id"])
    db.create_view("cluster_members", """
        select d.cluster_id, d.id as document_id, u.source_id, u.url, u.kind, d.title, d.published
        from documents d join document_urls u on u.document_id = d.id
        where d.cluster_id is not null""")


@migrations()
def m004_kb_fts_trigger_on_text_only(db: Database) -> None:
    """Re-index documents_fts only when title or text change, not on every update of state or lang;
    index entities by key alone (names are looked up in any type)."""
    db.execute("drop trigger if exists documents_au")
    db.execute("""
        create trigger documents_au after update of title, text on documents begin
          insert into documents_fts (documents_fts, rowid, title, text) values ('delete', old.rowid, old.title, old.text);
          insert into documents_fts (rowid, title, text) values (new.rowid, new.title, new.text);
        end""")
    db["entities"].create_index(["key"], if_not_exists=True)


@migrations()
def m005_kb_search_index_without_prefix(db: Database) -> None:
    """Rebuild search_index without prefix indexes: they cost a quarter of every document's write and
    prefix queries (`Tok*`) stay fast enough without them."""
    from kb.fold import fold_text

    db.execute("drop table if exists search_vocab")
    db.execute("drop table if exists search_index")
    db.execute("create virtual table search_index using fts5(title, text)")
    db.execute("create virtual table search_vocab using fts5vocab(search_index, 'row')")
    db.conn.executemany("insert into search_index (rowid, title, text) values (?, ?, ?)",
                        ((r[0], fold_text(r[1], r[3]), fold_text(r[2], r[3]))
                         for r in db.execute("select id, title, text, lang from documents").fetchall()))


@migrations()
def m006_kb_entity_registry_id(db: Database) -> None:
    """Keep the NLP registry's own id of an entity, so the registry can be rebuilt from the KB."""
    db["entities"].add_column("registry_id", str)
    db["entities"].create_index(["registry_id"])


@migrations()
def m007_kb_tracks_by_step(db: Database) -> None:
    """Tracks identified by their step, not their actor: the step, milestone and object of each report,
    done steps' event dates, and the track's key, open state and relevance; existing reports are
    regrouped by the new keys."""
    from kb import tracks

    for column, kind in (("step", str), ("milestone", int), ("object", str), ("track_key", str),
                         ("event_kind", str), ("event_start", str), ("event_end", str)):
        db["commitments"].add_column(column, kind)
    for column, kind in (("step_key", str), ("step", str), ("object", str), ("actors", str), ("open", int),
                         ("about", int), ("event_date", str)):
        db["tracks"].add_column(column, kind)
    db.execute("delete from track_events")
    db.execute("update commitments set track_id = null")
    db.execute("delete from tracks")
    db["tracks"].create_index(["step_key"], unique=True, if_not_exists=True)
    db["tracks"].create_index(["open", "deadline_end"], if_not_exists=True)
    ids = [r[0] for r in db.execute("select c.id from commitments c join documents d on d.id = c.document_id "
                                    "order by coalesce(c.reported, ''), d.url, c.start, c.id").fetchall()]
    tracks.assign(db, ids)   # their summaries and histories: m014 rebuilds every track (it adds a column refresh writes)


@migrations()
def m008_crawler_document_kind(db: Database) -> None:
    """Documents are more than news articles: a `kind` (article, law, decision, agreement, report),
    where a file came from (`origin_path`) and the ranked evidence for its publication date
    (`date_evidence`, JSON: [{"value", "origin"}], most trusted first)."""
    db["documents"].add_column("kind", str, not_null_default="article")
    db["documents"].add_column("date_evidence", str)
    db["documents"].add_column("origin_path", str)
    db["documents"].create_index(["kind"])


@migrations()
def m009_crawler_pending_links(db: Database) -> None:
    """Links a route listed that are not stored yet (articles, and the sitemaps or listing pages a
    route led to), kept across runs so an interrupted or failed crawl loses nothing; the process
    that owns each crawl run, so a run whose process is gone can be marked interrupted."""
    db["pending_links"].create(
        {"url": str, "source_id": str, "kind": str, "route": str, "meta": str, "added": str, "attempts": int,
         "next_try": str, "last_error": str, "status": str},
        pk="url", not_null={"kind", "status", "attempts"}, defaults={"attempts": 0, "status": "pending"},
    )
    db["pending_links"].create_index(["status", "next_try"])
    db["crawl_runs"].add_column("pid", int)


@migrations()
def m010_nlp_read_chars(db: Database) -> None:
    """How many characters of a document's text the pipeline read (null: all of it); a longer text is
    kept whole but read only up to nlp.max_chars."""
    db["documents"].add_column("read_chars", int)


@migrations()
def m011_reports_sent_log_status(db: Database) -> None:
    """The sent-log row is written as "sending" before the message goes out and becomes "sent" once the
    server accepted it (null: a row written before this column, i.e. sent)."""
    db["digests"].add_column("status", str)


@migrations()
def m012_kb_search_index_by_word_language(db: Database) -> None:
    """Re-fold the search index with each word's own language (`kb.fold.word_lang`): a Kazakh word in a
    Russian article («Тоқаевтың») was stripped of Russian endings only, and `Tokayev` did not find it."""
    from kb.fold import fold_text

    rows = db.execute("select id, title, text, coalesce(lang, lang_hint) from documents "
                      "where id in (select rowid from search_index)").fetchall()
    db.conn.executemany("update search_index set title = ?, text = ? where rowid = ?",
                        ((fold_text(r[1], r[3]), fold_text(r[2], r[3]), r[0]) for r in rows))
    # every row rewritten leaves its old postings as deletion markers across many segments: merge them
    # into one, or queries read them all (a 200,000-document KB: ~3 minutes for the update, 12 s for this)
    db.execute("insert into search_index (search_index) values ('optimize')")


@migrations()
def m013_kb_mentions_covering_indexes(db: Database) -> None:
    """Mentions indexed by (entity_id, document_id) and (document_id, entity_id) instead of each column
    alone, and documents by (id, published): `icic entities` counts, co-mentions and first/last seen
    are read from the indexes without reading a mention row or a document's text."""
    db.execute("drop index if exists idx_mentions_entity_id")
    db.execute("drop index if exists idx_mentions_document_id")
    db["mentions"].create_index(["entity_id", "document_id"], if_not_exists=True)
    db["mentions"].create_index(["document_id", "entity_id"], if_not_exists=True)
    db["documents"].create_index(["id", "published"], if_not_exists=True)


@migrations()
def m014_kb_incremental_tracks(db: Database) -> None:
    """Each track keeps its running summary (`state`, JSON) so a new last report updates it without reading the
    others; track events indexed by commitment (deleting a document's commitments checked every event of every
    track for a reference: a full scan per commitment); every track rebuilt with its state."""
    from kb import tracks

    db["tracks"].add_column("state", str)
    db["track_events"].create_index(["commitment_id"], if_not_exists=True)
    for (track_id,) in db.execute("select id from tracks order by id").fetchall():
        tracks.refresh(db, track_id)


@migrations()
def m015_kb_entity_counts(db: Database) -> None:
    """Mentions per entity and documents per pair of entities, kept at ingest (`kb.entities.update_counts`):
    `icic entities` reads its ranking and co-mentions from them instead of counting a million mentions."""
    from kb.entities import count_all

    db.execute("create table entity_counts (entity_id integer primary key, mentions integer not null)")
    db.execute("create index idx_entity_counts_mentions on entity_counts (mentions)")
    db.execute("create table entity_pairs (entity_id integer not null, other_id integer not null, "
               "documents integer not null, primary key (entity_id, other_id)) without rowid")
    count_all(db)


@migrations()
def m016_kb_pair_changes_fewer_indexes(db: Database) -> None:
    """Co-mention changes appended to `entity_pair_changes` and merged into `entity_pairs` in key order
    (`kb.entities.merge_pairs`) instead of ~20 random upserts a document; no second full-text index of every
    text (`documents_fts`, kept by triggers, read by nothing: search, Datasette's search box and the canned
    query use `search_index`); no indexes on the tracks' actor key and actor entity (the actor filter matches
    words inside the key and takes ids or words: SQLite scans the tracks either way) nor on their deadline
    alone (overdue and due-soon read (open, deadline_end); --due-before scans the tracks as the unfiltered
    list does).  Bench kb at 20,000 documents: 16.7 -> 11.0 WAL pages written a document."""
    db.execute("create table if not exists entity_pair_changes (entity_id integer not null, "
               "other_id integer not null, documents integer not null)")
    for trigger in ("documents_ai", "documents_ad", "documents_au"):
        db.execute(f"drop trigger if exists {trigger}")
    db.execute("drop table if exists documents_fts")
    for index in ("idx_tracks_actor_key", "idx_tracks_actor_entity_id", "idx_tracks_deadline_end"):
        db.execute(f"drop index if exists {index}")


@migrations()
def m017_kb_mentions_by_entity_in_age_blocks(db: Database) -> None:
    """Mentions indexed by (age block, entity, document) instead of (entity, document): a write batch's ~500
    mentions of ~500 entities landed on ~500 pages of the entity index once it had a page per entity (bench kb:
    4.2 of 12.3 WAL pages a document at 50,000 documents, growing with the KB); the newest block is ~70 pages.
    Lookups by entity (search --entity, icic entities, money --actor) read one short range a block, chosen by
    the planner from the statistics `keep_planner_stats` writes.  Documents' content hashes likewise, by (age
    block, first 8 hex digits), looked up block by block (`kb.store.same_text`): 1.2 WAL pages a document at
    50,000 documents, growing."""
    from kb.store import HASH_SHIFT

    db.execute("drop index if exists idx_mentions_entity_id_document_id")
    db.execute("drop index if exists idx_documents_content_hash")
    db.execute(f"create index if not exists idx_documents_age_hash on documents ((id >> {HASH_SHIFT}), "
               "substr(content_hash, 1, 8))")
    db.execute(f"create index if not exists idx_mentions_age_entity on mentions ((id >> {AGE_SHIFT}), entity_id, "
               "document_id)")
    keep_planner_stats(db)


@migrations()
def m018_kb_tracks_due_index_of_open_steps_about_the_center(db: Database) -> None:
    """Tracks' deadlines indexed only for the open steps about the center (`idx_tracks_due`, partial) instead of
    every track by (open, deadline_end): overdue and due-soon, in the CLI (kb.queries.track_rows) as in
    Datasette's canned queries, ask for exactly those (OPEN_SQL and ABOUT_SQL).  A new track and a changed
    deadline each wrote a random leaf of an index of every track (bench kb's last tenth of 200,000 documents:
    1.12 pages a document, 0.33 in the first); at 200,000 documents it holds 28,000 of 104,000 tracks, 128
    pages instead of 489.  `--all` with --overdue or --due-soon (steps not about the center too) scans the
    tracks: 39 -> 57 ms at 200,000 documents; the default --overdue 38 -> 20 ms."""
    db.execute("drop index if exists idx_tracks_open_deadline_end")
    db.execute("create index if not exists idx_tracks_due on tracks (deadline_end) where open = 1 and about = 1")


@migrations()
def m019_kb_search_word_marks(db: Database) -> None:
    """`search_marks`: for each indexed document the lengths of its text and keys, the number of keys and the
    character offset of every 8th word of its text (`kb.search.word_marks`), so a snippet scans at most 7 words
    from a mark instead of its text up to the snippet's end; filled for the documents indexed before, 1,000 a
    statement (200,000 documents: 30-45 s)."""
    from kb.search import fill_word_marks

    db.execute("create table if not exists search_marks (id integer primary key, marks blob not null)")
    fill_word_marks(db)


@migrations()
def m020_kb_digits_folded_as_written(db: Database) -> None:
    """Every stored key folded again now that `kb.fold` folds doubled letters only, not digits («2000» was
    «20», so a search for 2000 found 20 and 200, and «Entity 11» was the entity «Entity 1»): the search index
    and its word marks (`kb.search.refold_index`, 1,000 documents a statement), alias and entity keys
    (`kb.entities.refold_keys`: entities now of one key merged, those the old keys had merged marked to be
    read again), commitments' and tracks' keys (`kb.tracks.refold_keys`: reports regrouped by their new track
    keys, the tracks they left or joined rebuilt)."""
    from kb import entities, search, tracks

    search.refold_index(db)
    merged = entities.refold_keys(db)["merged into"]
    tracks.refold_keys(db, set(merged.values()))


M021_SEARCH_MERGE = {"automerge": 4, "crisismerge": 4}   # FTS5 options of search_index m021 set (m023 replaced them)


@migrations()
def m021_kb_search_index_merges_whole_levels(db: Database) -> None:
    """FTS5 merges a level of the search index's segments in one go once it holds 4 (crisismerge 4, automerge 4
    as before) instead of a little after every flush.  Why: a write batch now flushes one segment, not one a
    document (kb.extractions.WriteBatch), and FTS5 paces its incremental merges by the leaves flushed: with
    the default options the finished index kept 16 segments instead of 8, and every step of an unfinished
    merge rewrote the first page of each of its input segments, at every level, so the bytes a document
    grew with the KB.  FTS5 alone on bench kb's folded texts, 100 a transaction, 200,000 documents (KiB
    written a document, first tenth -> last; segments at the end): a flush a document 7.87 -> 13.24, 8; a
    flush a batch 6.63 -> 13.57, 16; a flush a batch with these options 6.73 -> 7.01, 8.  The price: a
    batch that completes a level of 4 rewrites that level's segments at once (the whole index when every
    level is full: at 102,400 documents, the 1,024th batch)."""
    from kb.search import set_options

    set_options(db, M021_SEARCH_MERGE)


@migrations()
def m022_kb_track_reports_and_events_by_track_in_age_blocks(db: Database) -> None:
    """Commitments and track events indexed by (age block, track) instead of by track alone, as mentions are by
    entity (m017): a write batch's reports of ~50 existing tracks landed on ~50 random leaves of each index once
    the index had more leaves than that, so the pages written a document grew with the KB (bench kb, first tenth
    -> last of 200,000 documents: track events by track 0.31 -> 0.79 pages a document, commitments by track
    0.20 -> 0.62); the newest block of each is ~45 pages.  A track's reports and events are read one short
    range a block (13 and 30 blocks at 200,000 documents), chosen by the planner from the statistics
    `keep_planner_stats` writes; the foreign keys' checks on deleting a track use the same plan."""
    db.execute("drop index if exists idx_commitments_track_id")
    db.execute("drop index if exists idx_track_events_track_id")
    db.execute(f"create index if not exists idx_commitments_age_track on commitments ((id >> {AGE_SHIFT}), track_id)")
    db.execute(f"create index if not exists idx_track_events_age_track on track_events ((id >> {AGE_SHIFT}), "
               "track_id)")
    keep_planner_stats(db)


M023_SEARCH_MERGE = {"automerge": 0, "crisismerge": 16, "usermerge": 4}   # FTS5 options m023 set (m026 replaced them)


@migrations()
def m023_kb_search_index_merges_a_bounded_step_a_batch(db: Database) -> None:
    """FTS5 merges the search index a bounded step at the end of each write batch (`kb.search.merge_step`:
    FTS5's `('merge', kb.search.MERGE_PAGES)`, levels of `usermerge` 4 segments as m021's) instead of
    merging a whole level in the batch that completes it (m021: `crisismerge` 4), and never on its own
    (`automerge` 0: FTS5's own pacing, by the leaves flushed, left 16 segments where m021 left 8).
    Why: the batch that completed a level rewrote it in one transaction, the whole index when every level
    was full (the 1,024th batch: 102,400 documents), so the longest write lock grew with the KB, towards the
    30 s a concurrent writer waits near 400,000 documents.  `crisismerge` 16 (FTS5's default) merges a level
    at once only when 16 segments wait, which writes outside a batch (each one a segment) may reach."""
    from kb.search import set_options

    set_options(db, M023_SEARCH_MERGE)


@migrations()
def m024_kb_tracks_due_index_in_age_blocks_no_state_of_one_report(db: Database) -> None:
    """The open tracks' deadlines about the center indexed by (age block of the track, deadline) instead of by
    deadline alone (`idx_tracks_age_due`, partial as m018's `idx_tracks_due`).  Why: a report that moves a
    track's deadline moved its entry from one random leaf of the index to another, and most entries never move
    (a track of one report), so a batch's ~35 moves spread over ever more leaves as the index grew (bench kb,
    200,000 documents: 0.11 -> 0.60 pages a document from the first tenth to the last, 22 -> 149 pages).  A
    track's entry now moves within its own block: the tracks that keep getting reports are few and old (at
    80,000 documents 3,334 of the 3,743 indexed tracks with more than one report were in block 0), the new ones
    land in the newest block, so a batch writes those two blocks' leaves whatever the KB's size.  Overdue and
    due-soon read one range a block (7 blocks at 200,000 documents, chosen from the statistics
    `keep_planner_stats` writes) and sort as they did.  And a track of one report keeps no state
    (`kb.tracks._write`: three quarters of the tracks table was the states of tracks that never grow).
    bench kb, first tenth -> last (`bench._kb_pages`): this index 0.12 -> 0.35 pages a document (its block 0,
    where the growing tracks are, is full at 16,384 tracks), the tracks' rows 0.79 -> 1.07 became 0.68 -> 0.88
    (6,129 pages instead of 19,183 at 200,000 documents).  A KB of each at 200,000 documents, the same rows,
    CPU medians of 7, as of 2026-06-01, in turn: --overdue 27.6, 28.6 -> 21.9, 23.7 ms; --due-soon 90 17.0,
    17.6 -> 18.4, 18.1 ms; --overdue --all (a scan of the smaller table) 57.9, 52.6 -> 32.9, 32.6 ms.  This
    migration on the KB of the code before: 3.6 s wall, 1.2 s CPU (load 6.9)."""
    db.execute("update tracks set state = null where reports = 1 and state is not null")   # kb.tracks._write
    db.execute("drop index if exists idx_tracks_due")
    db.execute(f"create index if not exists idx_tracks_age_due on tracks ((id >> {AGE_SHIFT}), deadline_end) "
               "where open = 1 and about = 1")
    keep_planner_stats(db)


@migrations()
def m025_kb_pair_changes_folded_a_part_at_a_time(db: Database) -> None:
    """Co-mention changes wait in 16 parts of the key space and are folded into `entity_pairs` a part at a time,
    the parts in turn (`kb.entities.merge_pairs`), a sweep of them all per four changes a document of the KB as
    before, instead of all at once: that one merge was the longest write batch of bench kb's ingest, 872 ms CPU
    at 177,700 documents and growing with the KB.  A change now waits until its part was folded after it came
    (`kb.entities.waiting_sql`: rowids above the part's `entity_pair_folded.upto`), so the changes waiting are
    folded here, and the sweep starts at part 0 (`entity_pair_sweep`)."""
    from kb.entities import PARTS, merge_pairs

    merge_pairs(db)
    db.execute("create table entity_pair_sweep (id integer primary key check (id = 1), part integer not null, "
               "appended integer not null, folded integer not null)")
    db.execute("insert into entity_pair_sweep (id, part, appended, folded) values (1, 0, 0, 0)")
    db.execute("create table entity_pair_folded (part integer primary key, upto integer not null)")
    db.conn.executemany("insert into entity_pair_folded (part, upto) values (?, 0)", [(p,) for p in range(PARTS)])


SEARCH_MERGE = {"automerge": 0, "crisismerge": 16, "usermerge": 8}   # FTS5 options of search_index (m026)


@migrations()
def m026_kb_search_index_merges_levels_of_eight(db: Database) -> None:
    """The search index's merge steps (m023) make a level of 8 segments one segment of the next level, not of 4
    (`usermerge` 8).  Why: a write batch flushes one segment, so a level of 4 was complete every 4^L batches, and
    level 5 was the whole index at 1,024 batches (102,400 documents): merged in steps, that one merge still
    rewrote every page of the index within a few hundred batches, and the tenth of bench kb's 200,000 documents
    where it fell wrote 1.4-1.5 times the bytes a document of the others.  With levels of 8, level 3 forms
    every 512 batches (51,200 documents), each a merge of the same size, and level 4 not before 409,600
    documents.  FTS5 alone on bench kb's folded texts, 100 a transaction, KiB written a document tenth by tenth
    of 200,000: levels of 4 6.9, 11.2, 11.1, 11.3, 7.1, 23.0, 11.4, 9.4, 11.4, 9.9; levels of 8 5.6, 8.5, 10.1,
    8.5, 8.5, 10.2, 8.8, 12.9, 6.3, 8.8.  The price: a search reads up to 7 segments a level instead of 3."""
    from kb.search import set_options

    set_options(db, SEARCH_MERGE)
