"""Speed-ups of kb/ that must not change a result: each is checked against the code it replaces."""
from __future__ import annotations

import random

import pytest

from kb import search
from kb.fold import fold_text, words
from kb.search import parse_query, snippet

WORDS = ("Казахстан Казахстана Қазақстанның центр центра орталығы markazi Тоқаевтың Токаев Tokayev Toqayevning "
         "строительство терминала идёт по графику, сообщил министр. Trade grew; the border opened").split()


def snippet_folding_every_word(text, parsed, width=30, lang=None):
    """kb.search.snippet as it was: every word of the text folded before the window was chosen."""
    found = list(words(text))
    hits = {i for i, m in enumerate(found) if search._matches(m.group(), parsed, lang)}
    if not hits:
        return ""
    first = max(0, min(hits) - width // 3)
    last = min(len(found), first + width) - 1
    out, pos = [], found[first].start()
    for i in range(first, last + 1):
        m = found[i]
        out.append(text[pos:m.start()])
        out.append(f"[{m.group()}]" if i in hits else m.group())
        pos = m.end()
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(found) - 1 else "")


@pytest.mark.parametrize("seed", range(5))
def test_snippet_folding_up_to_the_window_gives_the_same_snippets(seed):
    rng = random.Random(seed)
    queries = [parse_query(q) for q in ("Tokayev", "центр", '"Казахстан центр"', "Tok*", "border OR markaz",
                                        "нетакогослова")]
    for trial in range(300):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 90)))
        if trial % 7 == 0:
            text = "  \n".join(text.split(" ", 5))         # odd spacing kept out of the snippet the same way
        parsed = rng.choice(queries)
        width = rng.choice([1, 2, 5, 30])
        lang = rng.choice(["ru", "kk", "en", None])
        expected = snippet_folding_every_word(text, parsed, width, lang)
        assert snippet(text, parsed, width, lang) == expected
        assert snippet(text, parsed, width, lang, fold_text(text, lang)) == expected      # on the index's keys


def list_entities_in_one_aggregate(db, query=None, type_=None, limit=50):
    """kb.queries.list_entities as it was: one aggregate over every mention joined to its document."""
    from kb.fold import fold_name

    where, params = [], []
    if query:
        key = fold_name(query)
        where.append("(instr(e.key, ?) > 0 or e.id in (select entity_id from aliases where instr(folded, ?) > 0))")
        params += [key, key]
    if type_:
        where.append("e.type = ?")
        params.append(type_.upper())
    sql = ("select e.id, e.canonical as name, e.type, count(m.id) as mentions, count(distinct m.document_id) as documents, "
           "substr(min(d.published), 1, 10) as first_seen, substr(max(d.published), 1, 10) as last_seen "
           "from entities e join mentions m on m.entity_id = e.id join documents d on d.id = m.document_id"
           + (" where " + " and ".join(where) if where else "")
           + " group by e.id order by mentions desc, e.canonical limit ?")
    return list(db.query(sql, [*params, int(limit)]))


@pytest.mark.parametrize("merge_at", [20_000, 1])
def test_entities_counted_on_the_index_are_the_aggregates_rows(db, merge_at, monkeypatch):
    """The rows and co-mentions `icic entities` shows equal the former aggregates, with the pair changes all
    waiting or merged as they come (then the merged counts' floor passes over rows that cannot rank)."""
    from kb import entities as kb_entities
    from kb.queries import co_mentioned, list_entities
    from kbhelpers import add_doc, entity

    monkeypatch.setattr(kb_entities, "MERGE_AT_LEAST", merge_at)

    rng = random.Random(5)
    names = [(rng.choice(["PER", "ORG", "LOC"]), f"Имя{i} Фамилия{i % 7}") for i in range(40)]
    for n in range(120):
        ents = [entity(t, c, c) for t, c in rng.sample(names, rng.randint(0, 6))]
        ents += ents[:1]                                        # a name mentioned twice in one article
        add_doc(db, n, f"Заметка {n}.", published=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}", entities=ents)
    for query, type_, limit in [(None, None, 50), (None, None, 7), (None, "PER", 5), ("Фамилия3", None, 50),
                                ("Familiya3", "ORG", 50), ("никого", None, 50)]:
        got = [{k: r[k] for k in ("id", "name", "type", "mentions", "documents", "first_seen", "last_seen")}
               for r in list_entities(db, query, type_=type_, limit=limit)]
        assert got == list_entities_in_one_aggregate(db, query, type_, limit)
    assert (db.execute("select count(*) from entity_pairs").fetchone()[0] > 0) == (merge_at == 1)
    for entity_id in [r[0] for r in db.execute("select id from entities")]:
        for top in (1, 3, 5):
            assert co_mentioned(db, entity_id, top) == co_mentioned_as_it_was(db, entity_id, top)


def co_mentioned_as_it_was(db, entity_id, top):
    return list(db.query(
        "select e2.canonical, count(distinct m2.document_id) as n from mentions m1 "
        "join mentions m2 on m2.document_id = m1.document_id and m2.entity_id != m1.entity_id "
        "join entities e2 on e2.id = m2.entity_id where m1.entity_id = ? "
        "group by m2.entity_id order by n desc, e2.canonical limit ?", [entity_id, top]))


def counted_tables(db) -> tuple[list, list]:
    """entity_counts and the co-mention pairs (merged and waiting) by entity key (ids depend on the order
    documents were read in)."""
    from kb.entities import pair_counts

    key = dict(db.execute("select id, type || ':' || key from entities").fetchall())
    counts = sorted((key[e], n) for e, n in db.execute("select entity_id, mentions from entity_counts"))
    pairs = sorted((key[a], key[b], n) for (a, b), n in pair_counts(db).items())
    return counts, pairs


@pytest.mark.parametrize("merge_at", [20_000, 1])
@pytest.mark.parametrize("seed", range(3))
def test_counts_kept_at_ingest_equal_a_recount_after_reprocessing(seed, merge_at, monkeypatch):
    """Documents read in any order, some read again with other entities or none: the counts `icic entities`
    ranks by and the co-mentions equal counting every mention afresh, and the former queries' rows, whether
    the pair changes still wait (merge_at 20,000) or were merged as often as the KB has documents (1)."""
    from kb import entities as kb_entities
    from kb.entities import count_all

    monkeypatch.setattr(kb_entities, "MERGE_AT_LEAST", merge_at)
    from kb.queries import co_mentioned, list_entities
    from kbhelpers import add_doc, entity, new_db

    rng = random.Random(seed)
    names = [(rng.choice(["PER", "ORG", "LOC"]), f"Имя{i} Фамилия{i % 5}") for i in range(25)]
    docs = [[entity(t, c, c) for t, c in rng.sample(names, rng.randint(0, 5))] for _ in range(60)]
    again = {n: [docs[n], [], rng.sample(docs[(n + 1) % 60] + docs[n], min(3, len(docs[n])))][n % 3]
             for n in range(0, 60, 4)}          # read again: the same entities, none, or others
    kbs = []
    for order in (range(60), reversed(range(60))):
        db = new_db()
        for n in order:
            add_doc(db, n, f"Заметка {n}.", published=f"2026-01-{1 + n % 28:02d}", entities=docs[n] + docs[n][:1])
        for n, entities in again.items():
            add_doc(db, n, f"Заметка {n}.", published=f"2026-01-{1 + n % 28:02d}", entities=entities)
        kbs.append(db)
        kept = counted_tables(db)
        assert kept[1] and all(n > 0 for *_, n in kept[0] + kept[1])
        merged = db.execute("select count(*) from entity_pairs").fetchone()[0]
        assert (merged > 0) == (merge_at == 1)
        assert db.execute("select count(*) from entity_pairs where documents <= 0").fetchone()[0] == 0
        rows = [{k: r[k] for k in ("id", "name", "type", "mentions", "documents", "first_seen", "last_seen")}
                for r in list_entities(db, limit=100)]
        assert rows == list_entities_in_one_aggregate(db, limit=100)
        for entity_id in [r[0] for r in db.execute("select id from entities")]:
            assert co_mentioned(db, entity_id, 4) == co_mentioned_as_it_was(db, entity_id, 4)
        count_all(db)
        assert counted_tables(db) == kept
    assert counted_tables(kbs[0]) == counted_tables(kbs[1])
