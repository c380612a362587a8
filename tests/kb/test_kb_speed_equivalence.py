"""Speed-ups of kb/ that must not change a result: each is checked against the code it replaces."""
from __future__ import annotations

import itertools
import json
import random
import struct

import pytest

from kb import search
from kb.fold import WORD, fold_prefix, fold_text, words
from kb.search import parse_query, snippet, word_marks

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
        width = rng.choice([1, 2, 5, 30, 100])          # 100: wider than a pattern of groups (WINDOW_GROUPS)
        lang = rng.choice(["ru", "kk", "en", None])
        expected = snippet_folding_every_word(text, parsed, width, lang)
        assert snippet(text, parsed, width, lang) == expected
        assert snippet(text, parsed, width, lang, fold_text(text, lang)) == expected      # on the index's keys
        keys = fold_text(text, lang)
        assert snippet(text, parsed, width, lang, keys, word_marks(text, keys)) == expected   # and marks


# words with apostrophes inside and around them, underscores, digits, odd spacing and unprintable characters:
# what `kb.fold.words` splits and joins
ODD_WORDS = ["Qoʻrgʻon", "o'zbek", "ʻmarkaz'", "don’t", "_центр_", "центр__орталығы", "2027-йил", "1,5", "млрд",
             "«Тоқаевтың»", "Toqayevning,", "'", "\u00a0\t\x0b", "Токаев\u200b", "центра", "ﬁnance", "Ⅻ", "—"]
SEPARATORS = [" ", " ", "  ", "\n", ", ", "ʻ ", "_", "'"]


def odd_text(rng, n):
    return "".join(rng.choice(ODD_WORDS) + rng.choice(SEPARATORS) for _ in range(n))


def test_word_marks_are_the_offsets_of_every_eighth_word():
    """The lengths of the text and its keys, the number of keys, the offsets of the words 0, 8, 16, …"""
    rng = random.Random(3)
    for n in [0, 1, 7, 8, 9, 15, 16, 17, 200]:
        text = odd_text(rng, n)
        keys = fold_text(text, "uz")
        starts = [m.start() for m in words(text)][::search.MARK_EVERY]
        assert word_marks(text, keys) == struct.pack(f"<3I{len(starts)}H", len(text), len(keys),
                                                     len(keys.split(" ")) if keys else 0, *starts)
    wide = odd_text(rng, 12_000)                          # 65,536 characters or more: 4-byte offsets
    starts = [m.start() for m in words(wide)][::search.MARK_EVERY]
    assert len(wide) >= search.WIDE_TEXT and starts[-1] >= 65536
    assert word_marks(wide, "a b") == struct.pack(f"<3I{len(starts)}I", len(wide), 3, 2, *starts)


@pytest.mark.parametrize("seed", range(4))
def test_snippets_cut_by_word_marks_are_those_cut_by_scanning(seed):
    """Snippets found from the word marks equal the former code's, on odd texts and wide windows, on keys with
    more words than the text, and with the marks of another text (not used)."""
    rng = random.Random(seed)
    queries = [parse_query(q) for q in ("Tokayev", "центр", '"Qoʻrgʻon markaz"', "Tok*", "finance OR 2027",
                                        "ozbek", "нетакогослова")]
    shown = 0
    for trial in range(300):
        text = odd_text(rng, rng.choice([0, 3, 9, 40, 120]) if trial % 50 else 12_000)   # 12,000: 4-byte marks
        parsed, lang = rng.choice(queries), rng.choice(["ru", "kk", "uz", "en", None])
        width = rng.choice([1, 2, 5, 30, 100])
        keys = fold_text(text, lang)
        expected = snippet_as_it_was(text, parsed, width, lang, keys)
        assert snippet(text, parsed, width, lang, keys) == expected         # scanning the text for the words
        if trial % 9 == 0:     # more keys than words: the text scanned (the words folded where the window is past them)
            keys += " tokaev" * 40
            expected = snippet(text, parsed, width, lang, keys)
        assert snippet(text, parsed, width, lang, keys, word_marks(text, keys)) == expected, (text, parsed, width)
        other = odd_text(rng, 30)
        assert snippet(text, parsed, width, lang, keys, word_marks(other, fold_text(other))) == expected
        shown += bool(expected)
    assert shown > 100


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


def assert_counted_as_afresh(db, kept) -> None:
    """`icic entities`' rows and every entity's co-mentions are the former queries', and counting every mention
    afresh (count_all) gives the tables `kept`."""
    from kb.entities import count_all
    from kb.queries import co_mentioned, list_entities

    rows = [{k: r[k] for k in ("id", "name", "type", "mentions", "documents", "first_seen", "last_seen")}
            for r in list_entities(db, limit=100)]
    assert rows == list_entities_in_one_aggregate(db, limit=100)
    for entity_id in [r[0] for r in db.execute("select id from entities")]:
        assert co_mentioned(db, entity_id, 4) == co_mentioned_as_it_was(db, entity_id, 4)
    count_all(db)
    assert counted_tables(db) == kept


@pytest.mark.parametrize("merge_at", [20_000, 1])
@pytest.mark.parametrize("seed", range(3))
def test_counts_kept_at_ingest_equal_a_recount_after_reprocessing(seed, merge_at, monkeypatch):
    """Documents read in any order, some read again with other entities or none: the counts `icic entities`
    ranks by and the co-mentions equal counting every mention afresh, and the former queries' rows, whether
    the pair changes still wait (merge_at 20,000) or were merged as often as the KB has documents (1)."""
    from kb import entities as kb_entities

    monkeypatch.setattr(kb_entities, "MERGE_AT_LEAST", merge_at)
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
        assert_counted_as_afresh(db, kept)
    assert counted_tables(kbs[0]) == counted_tables(kbs[1])


def sweep_state(db) -> tuple[int, int, int]:
    return db.execute("select part, appended, folded from entity_pair_sweep").fetchone()


@pytest.mark.parametrize("seed", range(3))
def test_co_mentions_folded_a_part_at_a_time_are_the_same_whatever_the_order_and_batches(seed, monkeypatch):
    """Pair changes folded a part of the key space at a time, the sweep part-way through at the end (changes of
    parts already folded this sweep waiting for the next one, pairs taken back to no document by documents read
    again): the co-mentions and counts equal counting every mention afresh, and the former queries' rows,
    whatever order the documents were read in and however many a write batch held; no change waits longer than
    one sweep, so no more wait than MERGE_PER_DOCUMENT a document of the KB (and a document's worth a part)."""
    from kb import entities as kb_entities
    from kb.entities import PARTS, part_of, waiting_changes
    from kb.store import write_batch
    from kbhelpers import add_doc, entity, new_db

    monkeypatch.setattr(kb_entities, "MERGE_AT_LEAST", 1)     # a sweep every four changes a document of the KB
    monkeypatch.setattr(kb_entities, "BLOCK", 1)              # 40 entities' pairs over all 16 parts
    rng = random.Random(seed)
    names = [(rng.choice(["PER", "ORG", "LOC"]), f"Имя{i} Фамилия{i % 5}") for i in range(40)]
    docs = [[entity(t, c, c) for t, c in rng.sample(names, rng.randint(0, 6))] for _ in range(90)]
    again = {n: [[], docs[n][:2], rng.sample(docs[(n + 1) % 90] + docs[n], min(3, len(docs[n])))][n % 3]
             for n in range(0, 90, 3)}          # read again: fewer entities, none, or others
    order = list(range(90))
    rng.shuffle(order)
    first, then = [(n, docs[n]) for n in order], sorted(again.items())
    kbs = []
    for reads_in, batch in ((first + then, 1), (first[::-1] + then[::-1], 7), (first[45:] + first[:45] + then, 100)):
        db, parts_seen = new_db(), []

        def read(db, n, entities):
            add_doc(db, n, f"Заметка {n}.", published=f"2026-02-{1 + n % 28:02d}", entities=entities + entities[:1])
            waiting = db.execute("select count(*) from entity_pair_changes").fetchone()[0]
            documents = db.execute("select count(*) from documents").fetchone()[0]
            assert waiting <= kb_entities.MERGE_PER_DOCUMENT * documents + PARTS * 30
            parts_seen.append(sweep_state(db)[0])

        with write_batch(db, batch) as writes:
            for n, entities in reads_in:
                writes.add(read, n, entities)
        kbs.append(db)
        part, appended, folded = sweep_state(db)
        # a sweep done (every part folded at least once: what waits came after its part's fold), the next under way
        assert appended >= folded > 0 and 0 < part < PARTS and len(set(parts_seen)) == PARTS
        assert len({part_of(e) for e, *_ in waiting_changes(db)}) > 1
        assert db.execute("select count(*) from entity_pairs").fetchone()[0] > 0
        assert db.execute("select count(*) from entity_pairs where documents <= 0").fetchone()[0] == 0
        kept = counted_tables(db)
        assert_counted_as_afresh(db, kept)
    assert counted_tables(kbs[0]) == counted_tables(kbs[1]) == counted_tables(kbs[2])


# ---------------------------------------------------------------- search in one statement

def snippet_on_keys_as_it_was(text, parsed, width, stored):
    """kb.search._snippet_on_keys as it was: the stored keys as a list, the window's words matched one by one."""
    keys, prefixes = parsed.keys, parsed.prefixes
    found_words = WORD.findall(text)

    def hit(i):
        return stored[i] in keys or any(fold_prefix(found_words[i]).startswith(p) for p in prefixes)

    first_hit = next((i for i in range(min(len(stored), len(found_words))) if hit(i)), None)
    if first_hit is None:
        return ""
    first = max(0, first_hit - width // 3)
    last = min(len(stored), first + width) - 1
    hits = {i for i in range(first_hit, last + 1) if hit(i)}
    out, pos = [], None
    for i, m in enumerate(itertools.islice(words(text), first, last + 1), start=first):
        out.append(text[pos if pos is not None else m.start():m.start()])
        out.append(f"[{m.group()}]" if i in hits else m.group())
        pos = m.end()
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(stored) - 1 else "")


def snippet_as_it_was(text, parsed, width, lang, keys):
    if keys is not None:
        return snippet_on_keys_as_it_was(text, parsed, width, keys.split(" ") if keys else [])
    return snippet_folding_every_word(text, parsed, width, lang)


def search_as_it_was(db, query, *, limit=20, order="rank", **filter_args):
    """kb.search.search as it was: the candidates, then the documents, their texts and their keys, each in a
    statement of its own, and the candidates sorted in Python."""
    parsed = parse_query(query)
    where, params = search.filters(db, **filter_args)
    limit = max(1, min(int(limit), 1000))
    join = bool(where) or order == "date"
    found = db.execute(f"""
        select search_index.rowid, -bm25(search_index, 3.0, 1.0){', d.published' if join else ''} from search_index
        {'join documents d on d.id = search_index.rowid' if join else ''}
        where search_index match ? {''.join(' and ' + w for w in where)}
        order by search_index.rowid desc limit ?""", [parsed.fts, *params, search.CANDIDATES]).fetchall()
    found.sort(key=(lambda r: r[2] or "") if order == "date" else (lambda r: r[1]), reverse=True)
    found = found[:limit]
    ids = json.dumps([r[0] for r in found])
    docs = {r[0]: r for r in db.execute("select id, published, lang, source_id, title, url, text, state from documents "
                                        "where id in (select value from json_each(?))", [ids])}
    keys = {r[0]: (r[1], r[2]) for r in db.execute(
        "select rowid, title, text from search_index where rowid in (select value from json_each(?))", [ids])}
    rows = []
    for doc_id, score, *_ in found:
        if doc_id not in docs:
            continue
        _, published, lang, source, title, url, text, state = docs[doc_id]
        title_keys, text_keys = keys.get(doc_id, (None, None)) if state in ("processed", "failed") else (None, None)
        rows.append({"id": doc_id, "published": published, "lang": lang, "source": source, "title": title, "url": url,
                     "score": round(score, 3),
                     "snippet": (snippet_as_it_was(text or "", parsed, 30, lang, text_keys)
                                 or snippet_as_it_was(title or "", parsed, 30, lang, title_keys))})
    return rows


def random_kb(db, rng):
    """Documents of the words above: some twice (equal scores), many on the same days (equal dates), some
    stored again since they were processed (state new, a former version indexed), some in their title only."""
    from kbhelpers import add_doc

    texts = []
    for n in range(120):
        if texts and rng.random() < 0.15:
            text = rng.choice(texts)                   # the same text: the same bm25 score
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 70)))
            if rng.random() < 0.2:
                text = "  \n".join(text.split(" ", 4))
        texts.append(text)
        title = rng.choice(["", "Tokayev в центре", "Об инвестициях"])
        add_doc(db, n, text, title=title, lang=rng.choice(["ru", "kk", "uz", "en"]),
                source=rng.choice(["steppe-herald", "oasis-daily"]), relevance=rng.choice(["about", "related", "none"]),
                published=f"2026-0{rng.randint(1, 3)}-0{rng.randint(1, 4)}")
    for n in rng.sample(range(120), 10):              # stored again with another text: indexed, not processed
        from kb.store import save_document

        save_document(db, {"url": f"http://sample.test/steppe-herald/{n}.html", "source_id": "steppe-herald",
                           "title": "", "text": " ".join(rng.choice(WORDS) for _ in range(20)),
                           "published": "2026-02-02", "lang_hint": "ru"})


@pytest.mark.parametrize("seed", range(3))
def test_search_in_one_statement_gives_what_the_statements_before_gave(db, seed):
    """The same documents in the same order with the same scores and snippets, for every kind of query,
    filter, order and limit."""
    rng = random.Random(seed)
    random_kb(db, rng)
    queries = ["Tokayev", "центр", '"Казахстан центр"', "Tok*", "border OR markaz", "Казахстан -центр",
               "(Trade OR grew) министр", "инвестициях", "нетакогослова"]
    settings = [{}, {"limit": 1}, {"limit": 5}, {"order": "date"}, {"order": "date", "limit": 3},
                {"lang": "ru"}, {"since": "2026-02-01", "until": "2026-02-28"}, {"relevance": "related", "order": "date"},
                {"source": "oasis-daily", "limit": 7}]
    shown = 0
    for query in queries:
        for setting in settings:
            expected = search_as_it_was(db, query, **setting)
            assert search.search(db, query, **setting) == expected, (query, setting)
            shown += len(expected)
    assert shown > 500          # the comparison saw real results


def test_the_keys_are_read_from_the_fts5_content_table_as_the_index_returns_them(db):
    """search reads the stored keys from `search_index_content` (c0 title, c1 text): the layout FTS5 gives a
    table that keeps its own content."""
    from kbhelpers import add_doc

    add_doc(db, 1, "Қасым-Жомарт Тоқаевтың айтуынша, орталық құрылысы жалғасуда.", title="Тоқаев", lang="kk")
    add_doc(db, 2, "Toqayevning soʻzlariga koʻra, markaz qurilishi davom etmoqda.", lang="uz")
    through_index = db.execute("select rowid, title, text from search_index order by rowid").fetchall()
    direct = db.execute("select id, c0, c1 from search_index_content order by id").fetchall()
    assert direct == through_index and len(direct) == 2


def test_keys_with_more_words_than_the_text_fall_back_to_folding(db):
    """A processed document whose stored keys are not one per word of its text (more of them) gets the
    snippet its words give when folded, not an error."""
    from kbhelpers import add_doc

    text = "Строительство центра идёт по графику, сообщил министр Токаев."
    doc_id = add_doc(db, 1, text)
    keys = db.execute("select text from search_index where rowid = ?", [doc_id]).fetchone()[0]
    db.execute("update search_index set text = ? where rowid = ?", [keys + " " + " ".join(["tokaev"] * 40), doc_id])
    parsed = parse_query("Tokayev")
    folded = snippet_folding_every_word(text, parsed, 30, "ru")
    assert folded.endswith("министр [Токаев]")
    assert search.search(db, "Tokayev")[0]["snippet"] == folded
    # a prefix looks at each word of the window too: the same, where it used to fail with an IndexError
    assert search.search(db, "Tok*")[0]["snippet"] == snippet_folding_every_word(text, parse_query("Tok*"), 30, "ru")
