"""The entity registry in the KB: entities and their aliases in every language and script.

An entity is identified by (type, key) where key is the folded canonical name
(`kb.fold.fold_name`), so "Kassym-Jomart Tokayev" and "Касым-Жомарт Токаев"
are one row.  `nlp` hands entities over as plain dicts; `kb` never imports it.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Optional

from sqlite_utils import Database

from kb.fold import fold_name, script_of


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def entity_key(name: str) -> str:
    """The key an entity is stored under: its canonical name folded."""
    return fold_name(name)


def ensure_entity(db: Database, type_: str, canonical: str, origin: str = "nlp",
                  registry_id: Optional[str] = None) -> int:
    """The id of entity (type, canonical), created if new; a registry id is recorded when first known."""
    key = entity_key(canonical)
    row = db.execute("select id, registry_id from entities where type = ? and key = ?", [type_, key]).fetchone()
    if row:
        if registry_id and not row[1]:
            db.execute("update entities set registry_id = ? where id = ?", [registry_id, row[0]])
        return row[0]
    return db.execute(
        "insert into entities (canonical, type, key, origin, created, registry_id) values (?, ?, ?, ?, ?, ?)",
        [canonical, type_, key, origin, _now(), registry_id],
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
        registry_id = ent.get("entity_id") if isinstance(ent.get("entity_id"), str) else (ent.get("key") or ent.get("id"))
        origin = "registry" if registry_id else "nlp"
        cache_key = (ent["type"], canonical)
        if cache_key not in seen:
            seen[cache_key] = ensure_entity(db, ent["type"], canonical, origin, registry_id)
        entity_id = seen[cache_key]
        for name in dict.fromkeys([canonical, ent.get("normal"), ent.get("text")]):  # in this order, once each
            if name:
                add_alias(db, entity_id, name, lang if name != canonical else None)
        ids.append(entity_id)
    return ids


def save_registry(db: Database, entries: Iterable[dict]) -> int:
    """Persist registry entries {id?, type, canonical, aliases: [..] or [{alias, lang}]}; returns how many.

    `id` is the registry's own id (kept as entities.registry_id).  Idempotent:
    an entity or alias already stored is left as it is.
    """
    count = 0
    with db.atomic():
        for entry in entries:
            entity_id = ensure_entity(db, entry["type"], entry["canonical"], "registry", entry.get("id"))
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


def save_registry_rows(db: Database, entities: Iterable[dict], aliases: Iterable[dict]) -> int:
    """Persist the registry as `nlp.registry.Registry.rows()` gives it: entities (id, type, canonical)
    and aliases (entity_id, alias)."""
    names: dict = {}
    for row in aliases:
        names.setdefault(row["entity_id"], []).append(row["alias"])
    return save_registry(db, ({**e, "aliases": names.get(e["id"], [])} for e in entities))


def registry_rows(db: Database) -> tuple[list[dict], list[dict]]:
    """The KB's entities and aliases in the shape `Registry.from_rows` reads (id = registry id, or kb-N)."""
    ids = {r[0]: r[1] or f"kb-{r[0]}" for r in db.execute("select id, registry_id from entities")}
    entities = [{"id": ids[r["id"]], "type": r["type"], "canonical": r["canonical"], "source": r["origin"]}
                for r in db.query("select id, type, canonical, origin from entities order by id")]
    aliases = [{"entity_id": ids[r["entity_id"]], "alias": r["alias"], "key": r["folded"]}
               for r in db.query("select entity_id, alias, folded from aliases order by id")]
    return entities, aliases


# ---------------------------------------------------------------- counts kept at ingest

def document_entities(db: Database, doc_id: int) -> dict[int, int]:
    """{entity id: mentions} of one stored document (read from the (document_id, entity_id) index)."""
    return dict(db.execute("select entity_id, count(*) from mentions where document_id = ? and entity_id is not null "
                           "group by entity_id", [doc_id]).fetchall())


def update_counts(db: Database, old: dict[int, int], new: dict[int, int]) -> None:
    """Move `entity_counts` (mentions per entity) and the co-mention pairs (documents naming both of two
    entities) from a document's former entities `old` to its new ones `new`, both {entity id: mentions}.

    Why: `icic entities` ranks every entity by mentions and shows each one's most co-mentioned; counted
    from the mentions at 200,000 documents that took 0.45 s.  Only the difference is written (a document
    read again with the same entities writes nothing); a count that reaches 0 is deleted, so the tables
    hold what counting the mentions afresh would give, whatever the order documents were read in.

    A pair's change is appended to `entity_pair_changes` rather than written into `entity_pairs` at once:
    ~20 pairs a document land on ~20 random pages of a table of millions of rows (bench kb: the biggest
    writer, 5.4 of 16.7 WAL pages a document at 20,000 documents, growing with the table).  The changes are
    appended as they come and folded in one part of the key space (`part_of`) at a time (`merge_pairs`),
    sorted by key, the parts in turn, so that a whole sweep of the 16 parts takes about four times as many changes as the KB
    has documents: each page of `entity_pairs` is then written once a sweep, and sweeps come as rarely as the
    table grows, so the bytes written per document stay flat.  `pair_counts` and `co_mentioned` read both
    tables, so any split between them is right."""
    counts = sorted((e, new.get(e, 0) - old.get(e, 0)) for e in old.keys() | new.keys())
    db.conn.executemany("insert into entity_counts (entity_id, mentions) values (?, ?) on conflict(entity_id) "
                        "do update set mentions = mentions + excluded.mentions", [c for c in counts if c[1]])
    if any(delta < 0 for _, delta in counts):
        db.conn.executemany("delete from entity_counts where entity_id = ? and mentions <= 0",
                            [(e,) for e, delta in counts if delta < 0])
    before, after = _pairs(old), _pairs(new)
    pairs = sorted([(a, b, 1) for a, b in after - before] + [(a, b, -1) for a, b in before - after])
    if pairs:
        _append_changes(db, pairs)


MERGE_AT_LEAST = 20_000   # pair changes (~1,000 documents) a sweep of every part takes at least, however small the KB
# Pair changes a sweep of every part takes, per document of the KB.  A sweep rewrites every page of `entity_pairs`
# (the changes fall all over it) and the next checkpoint copies them all again: per document that costs the
# table's pages over the documents between sweeps.  Measured when the sweep was one merge of every change at
# once: at 1 a document (~20 changes each, so a merge every KB/20 documents) the last tenth of bench kb's 200,000
# documents wrote 2.07 pages a document for the pairs against 0.68 in the first, where MERGE_AT_LEAST spaces
# merges further apart; at 2, a merge every KB/10 documents: 1.11 in the last tenth, 0.56 in the first; at 4, a
# merge every KB/4 documents: 0.60 pages a document over a whole merge cycle (`python -m bench._kb_pages --docs
# 222200 --at 177700 --window 44500`).  The price: readers scan the changes of the last sweep, four times as many
# as the KB has documents (`icic entities` at 200,000 documents, CPU: 30 ms with 177,000 changes, 45 ms with
# 400,000, 72 ms with 800,000); a merge of all at once left from none to that many, folds a part at a time
# leave about that many all the time.
MERGE_PER_DOCUMENT = 4
# The parts of the key space the changes wait in and are folded by, one after the other: a part is the entity ids
# whose block of BLOCK consecutive ids is dealt to it (part_of), so a fold writes a sixteenth of `entity_pairs`
# in runs of BLOCK entities' pairs.
# Why: one merge of every change at once was the longest write lock of the ingest and grew with the KB (bench
# kb: 872 ms CPU at 177,700 documents, where a write batch of 100 documents takes ~100 ms).  A fixed function
# of the entity, so that all the changes of a pair wait in one part whenever they came.  The pages at the ends
# of a run are written by two folds, and SQLite rebalances a page that fills with its neighbours: bench kb at
# 10,000 documents, the 16 folds of a sweep wrote 2.8 times the pages of `entity_pairs` in blocks of 16
# entities, 1.55 times in blocks of 64 (a merge of all at once: each page once); at 200,000 documents a
# block of 64 entities has ~270 pages of pairs.  With more than 16 x 64 entities no part is empty.
PARTS = 16
BLOCK = 64


def part_of(entity_id: int) -> int:
    """The part of the key space the pairs of `entity_id` wait in."""
    return entity_id // BLOCK % PARTS


PART_SQL = f"entity_id / {BLOCK} % {PARTS}"     # part_of in SQL (integer division on integer ids)


def waiting_sql() -> str:
    """The condition that a row of `entity_pair_changes` still waits: it came after its part's last fold.
    Why not delete a part's changes when it is folded: they lie all over the table, appended as they came, so
    that would write most of its pages at each fold; kept in parts of their own (rowid ranges) instead, a write
    batch's changes went to 16 places in the middle of the table: 0.78 pages a document where appending writes
    0.20 (`python -m bench._kb_pages --docs 222200 --at 177700 --window 44500`).  The changes older than every
    part's last fold go, a run of the oldest rows at each fold."""
    return f"rowid > (select upto from entity_pair_folded where part = {PART_SQL})"


def _append_changes(db: Database, pairs: list[tuple[int, int, int]]) -> None:
    """Append pair changes (entity, other, +1 or -1), and fold the next part into `entity_pairs` once the changes
    since the last fold are a sixteenth of what a sweep takes (the sweep's state is the one row of
    `entity_pair_sweep`: the next part, the changes appended ever, the rowid of the last, and at the last fold)."""
    part, appended, folded = db.conn.execute("select part, appended, folded from entity_pair_sweep").fetchone()
    db.conn.executemany("insert into entity_pair_changes (rowid, entity_id, other_id, documents) values (?, ?, ?, ?)",
                        [(appended + i, a, b, n) for i, (a, b, n) in enumerate(pairs, 1)])
    appended += len(pairs)
    if (appended - folded) * PARTS >= max(MERGE_AT_LEAST, MERGE_PER_DOCUMENT * _documents(db)):
        merge_pairs(db, part)
        part, folded = (part + 1) % PARTS, appended
    # one row named: an update of the whole table may change several rows, so SQLite opens a statement journal
    # for it, and FTS5 flushes its pending terms at each (a search segment a document instead of one a batch)
    db.conn.execute("update entity_pair_sweep set part = ?, appended = ?, folded = ? where id = 1",
                    [part, appended, folded])


def _documents(db: Database) -> int:
    return db.conn.execute("select coalesce(max(id), 0) from documents").fetchone()[0]


def merge_pairs(db: Database, part: Optional[int] = None) -> None:
    """Fold the waiting pair changes of one part (default all) into `entity_pairs`, in key order; pairs left with
    no document go.  Every change of a pair is of one part, so a folded pair's count is the whole count."""
    if part is not None:      # its changes since its last fold: a range of rowids read in order
        upto = db.conn.execute("select upto from entity_pair_folded where part = ?", [part]).fetchone()[0]
        where, params = f"rowid > ? and {PART_SQL} = ?", [upto, part]
    else:                     # m020 may fold before m025 makes the sweep's tables
        where, params = waiting_sql() if "entity_pair_folded" in db.table_names() else "true", []
    # one upsert a pair, not one `insert … select … on conflict`: a statement that may write several rows and
    # fail part-way opens a statement journal, and FTS5 flushes its pending terms at each (a search segment more
    # in the write batch)
    sums = db.conn.cursor().execute(f"select entity_id, other_id, sum(documents) from entity_pair_changes where "
                                    f"{where} group by entity_id, other_id having sum(documents) != 0 "
                                    "order by entity_id, other_id", params)     # read as written, not all kept
    db.conn.executemany("insert into entity_pairs (entity_id, other_id, documents) values (?, ?, ?) "
                        "on conflict(entity_id, other_id) do update set documents = documents + excluded.documents", sums)
    db.conn.execute("delete from entity_pairs where documents <= 0 and (entity_id, other_id) in "
                    f"(select entity_id, other_id from entity_pair_changes where {where} and documents < 0)", params)
    if part is None:
        db.conn.execute("delete from entity_pair_changes")
        return
    db.conn.execute("update entity_pair_folded set upto = max(upto, (select coalesce(max(rowid), 0) from "
                    "entity_pair_changes)) where part = ?", [part])
    db.conn.execute("delete from entity_pair_changes where rowid <= (select min(upto) from entity_pair_folded)")


def pair_counts(db: Database, entity_ids: Optional[Iterable[int]] = None) -> dict[tuple[int, int], int]:
    """{(entity, other): documents naming both} as counting the mentions afresh would give, from the merged
    pairs and the changes still waiting; of the pairs whose first entity is in `entity_ids` (default all)."""
    ids = None if entity_ids is None else sorted(set(entity_ids))
    where, params = ("", []) if ids is None else (" where entity_id in (select value from json_each(?))", [json.dumps(ids)])
    totals: dict[tuple[int, int], int] = {}
    for a, b, n in db.execute(f"select entity_id, other_id, documents from entity_pairs{where}", params):
        totals[a, b] = n
    for a, b, n in waiting_changes(db, ids):
        totals[a, b] = totals.get((a, b), 0) + n
    return {pair: n for pair, n in sorted(totals.items()) if n > 0}


def waiting_changes(db: Database, entity_ids: Optional[Iterable[int]] = None) -> list[tuple[int, int, int]]:
    """The pair changes (entity, other, +1 or -1) not yet folded into `entity_pairs`, of the pairs whose first
    entity is in `entity_ids` (default all)."""
    where, params = waiting_sql(), []
    if entity_ids is not None:
        where, params = f"entity_id in (select value from json_each(?)) and {where}", [json.dumps(sorted(set(entity_ids)))]
    return db.execute(f"select entity_id, other_id, documents from entity_pair_changes where {where}", params).fetchall()


def _pairs(entities: dict[int, int]) -> set[tuple[int, int]]:
    """Every ordered pair of two different entities of one document."""
    return {(a, b) for a in entities for b in entities if a != b}


def count_all(db: Database) -> None:
    """Fill `entity_counts` and `entity_pairs` from every mention (a migration; the same as counting each
    document at ingest)."""
    db.execute("delete from entity_counts")
    db.execute("delete from entity_pairs")
    if "entity_pair_changes" in db.table_names():   # m015 runs before m016 creates it
        db.execute("delete from entity_pair_changes")
    db.execute("insert into entity_counts (entity_id, mentions) select entity_id, count(*) from mentions "
               "where entity_id is not null group by entity_id")
    db.execute("insert into entity_pairs (entity_id, other_id, documents) select a.entity_id, b.entity_id, count(*) "
               "from (select distinct document_id, entity_id from mentions where entity_id is not null) a "
               "join (select distinct document_id, entity_id from mentions where entity_id is not null) b "
               "on b.document_id = a.document_id and b.entity_id != a.entity_id group by a.entity_id, b.entity_id")


# ---------------------------------------------------------------- keys folded again (migration m020)

def refold_keys(db: Database) -> dict:
    """Fold every alias and entity key again with the current `kb.fold` (migration m020: digits are no longer
    folded like letters, «Entity 11» is not «Entity 1»), so the registry is keyed as a fresh ingest keys it.

    Entities whose names now share a key are merged into the first one (`_merge`), as a fresh ingest would
    have linked their mentions to it.  An entity whose own names now fold to different keys («Entity 1» and
    «Entity 11» were one key) is *split* in a fresh ingest, but the KB does not keep which of its names each
    mention was linked by: its documents are marked to be read again (pipeline_version cleared, so the next
    `icic process` re-links their mentions by the new keys, `_split`).  Returns how many of each, and
    {merged entity: the entity it is now} under "merged into"."""
    old = {r[0]: r[1:] for r in db.execute("select id, type, key, canonical, origin from entities")}
    split = _splitting(db, old)
    db.conn.executemany("update aliases set folded = ? where id = ?",
                        [(fold_name(alias), i) for i, alias, folded in
                         db.execute("select id, alias, folded from aliases").fetchall() if fold_name(alias) != folded])
    groups: dict[tuple[str, str], list[int]] = {}
    for entity_id, (type_, _, canonical, _) in sorted(old.items()):
        groups.setdefault((type_, entity_key(canonical)), []).append(entity_id)
    merged = {other: ids[0] for ids in groups.values() for other in ids[1:]}
    _merge(db, merged)
    rekeyed = [(key, ids[0]) for (_, key), ids in groups.items() if key != old[ids[0]][1]]
    # two steps: a key may move to an entity whose old key another entity is about to leave (unique (type, key))
    db.conn.executemany("update entities set key = ? where id = ?", [(f"\x00{i}", i) for _, i in rekeyed])
    db.conn.executemany("update entities set key = ? where id = ?", rekeyed)
    documents = _split(db, sorted({merged.get(i, i) for i in split}))   # a merged entity's mentions are its keeper's
    return {"rekeyed": len(rekeyed), "merged": len(merged), "split": len(split), "documents to read again": documents,
            "merged into": merged}


def _splitting(db: Database, old: dict[int, tuple]) -> list[int]:
    """Entities not from the registry that a fresh ingest would have made into several: one of their aliases
    folded to the entity's key (so it may have been the canonical name a mention was linked by) and now folds
    to another key than the entity's canonical name.  Read before the aliases are folded again."""
    out = []
    for entity_id, alias, folded in db.execute("select entity_id, alias, folded from aliases order by entity_id, id"):
        type_, key, canonical, origin = old.get(entity_id, (None,) * 4)
        if origin != "registry" and folded == key and fold_name(alias) != entity_key(canonical):
            if not out or out[-1] != entity_id:
                out.append(entity_id)
    return out


def _merge(db: Database, into: dict[int, int]) -> None:
    """Make each entity `other` of `into` {other: keep} part of `keep` (the first created of the same key):
    its mentions, aliases, actors and registry id; the mention and co-mention counts of both recounted."""
    if not into:
        return
    db.execute("create temp table entity_merges (old integer primary key, new integer not null)")
    db.conn.executemany("insert into entity_merges (old, new) values (?, ?)", sorted(into.items()))
    for table, column in (("mentions", "entity_id"), ("commitments", "actor_entity_id"),
                          ("tracks", "actor_entity_id")):
        db.execute(f"update {table} set {column} = (select new from entity_merges where old = {column}) "
                   f"where {column} in (select old from entity_merges)")
    db.execute("insert or ignore into aliases (entity_id, alias, folded, lang, script) select m.new, a.alias, "
               "a.folded, a.lang, a.script from aliases a join entity_merges m on m.old = a.entity_id order by a.id")
    db.execute("delete from aliases where entity_id in (select old from entity_merges)")
    db.execute("update entities set registry_id = (select o.registry_id from entity_merges m join entities o "
               "on o.id = m.old where m.new = entities.id and o.registry_id is not null order by o.id limit 1) "
               "where registry_id is null and id in (select new from entity_merges)")
    db.execute("delete from entities where id in (select old from entity_merges)")
    db.execute("drop table entity_merges")
    recount(db, sorted({*into, *into.values()}))


def recount(db: Database, entity_ids: list[int]) -> None:
    """Count the mentions and co-mentions of `entity_ids` again from the mentions (after they changed other
    than by `update_counts`): `entity_counts` and the pairs of which they are one side."""
    merge_pairs(db)
    ids, inside = json.dumps(sorted(set(entity_ids))), "in (select value from json_each(?))"
    db.execute(f"delete from entity_counts where entity_id {inside}", [ids])
    db.execute(f"insert into entity_counts (entity_id, mentions) select entity_id, count(*) from mentions "
               f"where entity_id {inside} group by entity_id", [ids])
    # pairs are stored both ways round: (x, e) is the reverse of (e, x), found on the primary key
    db.execute(f"delete from entity_pairs where (entity_id, other_id) in (select other_id, entity_id from "
               f"entity_pairs where entity_id {inside})", [ids])
    db.execute(f"delete from entity_pairs where entity_id {inside}", [ids])
    named = (f"(select distinct document_id, entity_id from mentions where entity_id is not null and document_id in "
             f"(select document_id from mentions where entity_id {inside}))")
    db.execute(f"insert into entity_pairs (entity_id, other_id, documents) select a.entity_id, b.entity_id, "
               f"count(*) from {named} a join {named} b on b.document_id = a.document_id and b.entity_id != a.entity_id "
               f"where a.entity_id {inside} or b.entity_id {inside} group by a.entity_id, b.entity_id",
               [ids, ids, ids, ids])


def _split(db: Database, entity_ids: list[int]) -> int:
    """Mark the documents naming `entity_ids` (or with one as a commitment's actor) to be read again and leave
    each entity only its canonical name: reading them again links each mention by its own canonical name's key
    (creating the entities the old keys had merged) and adds each name to the entity it belongs to; the
    registry's names come back with the registry (`icic process` stores it).  Returns how many documents were
    marked."""
    if not entity_ids:
        return 0
    ids, inside = json.dumps(entity_ids), "in (select value from json_each(?))"
    db.execute(f"delete from aliases where entity_id {inside} and alias != (select canonical from entities e "
               f"where e.id = aliases.entity_id)", [ids])
    # and the documents whose commitments' actor was looked up to one of them by the former key (kb.extractions)
    return db.execute(f"update documents set pipeline_version = null where id in (select document_id from mentions "
                      f"where entity_id {inside} union select document_id from commitments where actor_entity_id "
                      f"{inside})", [ids, ids]).rowcount
