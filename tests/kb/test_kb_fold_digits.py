"""Digits are folded as written: a search for 2000 finds 2000 (2000-й, 2000 yil, 2000-жылы) and not 20 or 200,
in every script; doubled letters still fold.  Migration m020 gives a KB keyed by the former fold (doubled digits
single) the keys, entities, tracks and answers of a fresh KB of the same documents."""
from __future__ import annotations

import contextlib
import re

import pytest

import kb.fold
import kb.search
from kb.fold import fold_name, fold_query_word, fold_text, fold_word, index_key
from kb import open_db
from kb.search import search
from kb.store import save_document, save_extraction
from kbhelpers import VERSION, add_doc, commitment, entity, new_db


def ids(rows):
    return sorted(r["id"] for r in rows)


# ---------------------------------------------------------------- the fold of one word

@pytest.mark.parametrize("lang,word,key", [
    ("ru", "2000", "2000"), ("en", "1100", "1100"), (None, "20000", "20000"), ("ru", "2030", "2030"),
    ("en", "A380", "a380"), ("en", "C919", "c919"), ("ru", "Ту154", "tu154"),
    ("uz", "٢٠٠٠", "2000"), ("en", "२०००", "2000"), ("ru", "２０００", "2000"),   # other scripts' digits
])
def test_digits_fold_as_written_in_any_script(lang, word, key):
    assert fold_word(word, lang) == key


@pytest.mark.parametrize("a,b", [("2000", "20"), ("2000", "200"), ("2000", "20000"), ("1100", "10"),
                                 ("Ил-114", "Ил-14"), ("A3800", "A380"), ("редкослово11", "редкослово1")])
def test_numbers_that_differ_in_a_repeated_digit_stay_apart(a, b):
    assert fold_name(a) != fold_name(b)
    assert not set(fold_query_word(a.split("-")[-1])) & set(fold_query_word(b.split("-")[-1]))


@pytest.mark.parametrize("lang,word,key", [  # the letter rules as they were
    ("en", "Kassym", "kasym"), ("ru", "Касым", "kasym"), ("en", "Tokkayev", "tokaev"), ("kk", "Қазақстанның", "kazaks"),
    ("ru", "Ташкент", "tashkent"), ("uz", "Toshkent", "toshkent"), ("ru", "Аллея", "alea"), ("ru", "Шшш", "sh"),
    ("kk", "Жаңаөзен", "jangaozen"),
])
def test_doubled_letters_still_fold(lang, word, key):
    assert fold_word(word, lang) == key


def test_a_word_without_digits_folds_as_before():
    words = [w for _, _, text in NUMBERS for w in re.findall(r"[^\W\d_]+", text)] + [
        "Қасым-Жомарт", "Тоқаевтың", "Oʻzbekistonning", "Shavkatga", "Mirziyoyevning", "Kassym", "Аллеям", "Ёққа"]
    langs = ("ru", "kk", "uz", "en", None)
    now = [index_key(w, lang) for w in words for lang in langs]
    with former_fold():
        assert [index_key(w, lang) for w in words for lang in langs] == now


def test_a_number_inside_a_word_keeps_its_digits_and_loses_its_ending():
    assert fold_word("1100ga", "uz") == fold_word("1100", "uz") == "1100"      # Uzbek dative without a hyphen
    assert fold_text("2030-yilgacha", "uz").split()[0] == "2030"              # the hyphen makes two words
    assert fold_text("1000-летие", "ru").split()[0] == "1000"


# ---------------------------------------------------------------- search

NUMBERS = [  # n, lang, text: 1-5 name 2000, the rest 20, 200, 20000 or another aircraft
    (1, "ru", "Первый договор о поставках хлопка подписали ещё в 2000 году."),
    (2, "ru", "Через пункт пропуска прошёл 2000-й контейнер с начала года."),
    (3, "kk", "Кеден бекеті 2000-жылы ашылды, енді оны кеңейтеді."),
    (4, "uz", "Bojxona posti 2000 yil kuzida qurilgan edi."),
    (5, "uz", "Божхона пости 2000 йилда қурилган, деди раҳбар."),
    (6, "en", "The warehouse took in 2000 tonnes of cotton last week."),
    (7, "ru", "На складе разгрузили 20 вагонов с зерном."),
    (8, "en", "About 200 trucks crossed the border on Monday."),
    (9, "kk", "Орталықта 20 компания жұмыс істейді."),
    (10, "uz", "Markazda 200 ta ishchi bor."),
    (11, "ru", "Пропускная способность терминала достигнет 20000 тонн."),
    (12, "ru", "На аэродроме приземлился самолёт Ил-114 с грузом."),
    (13, "ru", "В музее авиации стоит старый Ил-14."),
]


@pytest.fixture
def ndb(db):
    for n, lang, text in NUMBERS:
        add_doc(db, n, text, lang=lang)
    return db


@pytest.mark.parametrize("query,expected", [
    ("2000", [1, 2, 3, 4, 5, 6]), ("20", [7, 9]), ("200", [8, 10]), ("20000", [11]),
    ('"2000 yil"', [4]), ("2000-жылы", [3]), ("2000-й", [2]), ("Ил-114", [12]), ("Ил-14", [13]),
])
def test_a_number_finds_itself_and_not_its_neighbours(ndb, query, expected):
    assert ids(search(ndb, query)) == expected


def test_the_number_is_bracketed_in_the_snippet(ndb):
    hits = {r["id"]: r["snippet"] for r in search(ndb, "2000")}
    assert "[2000]-жылы" in hits[3] and "[2000] yil" in hits[4] and "[2000]-й" in hits[2]


# ---------------------------------------------------------------- migration m020

LEGACY = re.compile(r"([^n])\1+")    # the fold before m020: every doubled character single, digits too


def _forget_folds() -> None:
    for cached in (kb.fold.fold_word, kb.fold.fold_query_word, kb.fold.fold_prefix, kb.fold.fold_name,
                   kb.search.glossary, kb.search._parse):
        cached.cache_clear()
    kb.fold._TEXT_KEYS.clear()


@contextlib.contextmanager
def former_fold():
    """kb.fold as it was before m020 (doubled digits single, other scripts' digits as they are)."""
    saved = kb.fold.DOUBLED, kb.fold.OTHER_DIGIT
    kb.fold.DOUBLED, kb.fold.OTHER_DIGIT = LEGACY, re.compile(r"(?!)")
    _forget_folds()
    try:
        yield
    finally:
        kb.fold.DOUBLED, kb.fold.OTHER_DIGIT = saved
        _forget_folds()


def test_the_former_fold_is_what_the_bug_was():
    with former_fold():
        assert fold_name("2000") == fold_name("20") == "20" and fold_name("Цех 11") == fold_name("Цех 1")
    assert fold_name("2000") == "2000"


WORKSHOP, ANGAR = "Цех 1", "Ангар 1100"
KB_DOCS = [  # n, lang, published, text, entities (type, text, canonical), commitments (object, actor)
    (1, "ru", "2026-01-05", "Цех 1 и цех 11 завода запустили в 2000 году.",
     [("ORG", "Цех 1", WORKSHOP), ("ORG", "цех 11", "Цех 11")], [("участок 1", "Цех 11")]),
    (2, "ru", "2026-01-06", "Цех 11 получил 200 новых станков.", [("ORG", "Цех 11", "Цех 11")], [("участок 11", "Цех 1")]),
    (3, "uz", "2026-01-07", "Ангар 1100 qurilishi 2000 yil boshlangan.", [("LOC", "Ангар 1100", ANGAR)],
     [("Ангар 1100", None)]),
    (4, "uz", "2026-01-08", "Ангар 1100га 20 ta yuk mashinasi keldi.", [("LOC", "Ангар 1100га", "Ангар 1100га")],
     [("Ангар 1100га", None)]),
    (5, "kk", "2026-01-09", "Цех 1 туралы ٢٠٠٠ жылғы құжат табылды.", [("ORG", "Цех 1", WORKSHOP)], []),
    (6, "en", "2026-01-10", "Workshop 11 of the plant met the target of 20000 tonnes.",
     [("ORG", "Цех 11", "Цех 11"), ("LOC", "Ангар 1100", ANGAR)], [("участок 11", "Цех 11")]),
    (7, "ru", "2026-01-11", "Самолёт Ил-114 доставил груз, а Ил-14 остался в ангаре.", [], [("участок 1", "Цех 11")]),
]


def _result(lang, ents, commits) -> dict:
    return {"lang": lang, "script": "Latn" if lang == "en" else "Cyrl", "relevance": {"label": "about", "score": 0.9},
            "entities": [entity(t, text, canonical) for t, text, canonical in ents], "money": [], "dates": [],
            "commitments": [commitment(f"build {obj}", action=f"построить {obj}", actor=actor, step="build",
                                       object=obj, end="2027-12-31") for obj, actor in commits]}


def _ingest(db, numbers=None) -> None:
    for n, lang, published, text, ents, commits in KB_DOCS:
        if numbers is None or n in numbers:
            doc_id, _ = save_document(db, {"url": f"http://sample.test/steppe-herald/{n}.html",
                                           "source_id": "steppe-herald", "title": f"Article {n}", "text": text,
                                           "published": published, "lang_hint": lang})
            save_extraction(db, doc_id, _result(lang, ents, commits), VERSION)


def _read_again(db) -> int:
    """What `icic process` does with the documents m020 marked: read them again (the same facts)."""
    from kb.store import pending_documents

    by_url = {f"http://sample.test/steppe-herald/{n}.html": (lang, ents, commits)
              for n, lang, _, _, ents, commits in KB_DOCS}
    pending = pending_documents(db, VERSION)
    for doc in pending:
        save_extraction(db, doc["id"], _result(*by_url[doc["url"]]), VERSION)
    return len(pending)


QUERIES = ["2000", "20", "200", "20000", "Ил-114", "Ил-14", '"2000 yil"', "Цех 11", "Ангар 1100", "участок*"]


def _bag(rows) -> list[str]:
    """Rows as an ordered list whatever order they come in (None sorts among values)."""
    return sorted(repr(r) for r in rows)


def _entity_search(db, name: str):
    from kb.search import UnknownEntity

    try:
        return ids(search(db, "завод OR ангар OR workshop OR qurilishi OR цех OR самолёт", entity=name))
    except UnknownEntity:
        return None


def _answers(db) -> dict:
    """Everything a user can ask of the KB, without the ids a different history numbers differently."""
    from kb.entities import pair_counts
    from kb.queries import list_entities, list_tracks, track_timeline

    key_of = dict(db.execute("select id, type || ':' || key from entities").fetchall())
    step_of = dict(db.execute("select id, step_key from tracks").fetchall())
    return {
        "schema": set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall()),
        "index": db.execute("select id, c0, c1 from search_index_content order by id").fetchall(),
        "marks": db.execute("select id, marks from search_marks order by id").fetchall(),
        "search": {q: search(db, q) for q in QUERIES},
        "entity search": {q: _entity_search(db, q) for q in ("Цех 1", "Цех 11", "Ангар 1100", "Ангар 1100га")},
        "entities": _bag((key_of[i], c, o, r) for i, c, o, r in
                           db.execute("select id, canonical, origin, registry_id from entities")),
        "aliases": _bag((key_of[e], a, f, l, s) for e, a, f, l, s in
                          db.execute("select entity_id, alias, folded, lang, script from aliases")),
        "mentions": _bag((d, s, t, key_of[e]) for d, s, t, e in
                           db.execute("select document_id, start, text, entity_id from mentions")),
        "counts": _bag((key_of[e], n) for e, n in db.execute("select entity_id, mentions from entity_counts")),
        "pairs": _bag((key_of[a], key_of[b], n) for (a, b), n in pair_counts(db).items()),
        "list entities": [{k: v for k, v in r.items() if k != "id"} for r in list_entities(db)],
        "tracks": _bag(tuple((k, v) for k, v in t.items() if k not in ("id", "actor_entity_id", "state"))
                         for t in db.query("select * from tracks")),
        "commitments": _bag((d, s, step_of[t], k, a, key_of.get(e)) for d, s, t, k, a, e in db.execute(
            "select document_id, start, track_id, track_key, actor_key, actor_entity_id from commitments")),
        "events": _bag((step_of[t], d, f, o, n) for t, d, f, o, n in
                         db.execute("select track_id, date, field, old, new from track_events")),
        "list tracks": _bag(tuple((k, v) for k, v in t.items() if k != "id") for t in
                              list_tracks(db, as_of="2026-06-01", include_all=True)),
        "timelines": _bag(str({k: v for k, v in track_timeline(db, t, as_of="2026-06-01")["track"].items()
                                 if k != "id"}) for t in step_of),
        "actor": {a: len(list_tracks(db, actor=a, include_all=True)) for a in ("Цех 1", "Цех 11")},
    }


def _former_kb(path, fill) -> dict:
    """A KB at `path` filled by `fill(db)` under the former fold, as m019 left it (m020 not applied); returns
    its answers then."""
    from kb.db import migrations

    with former_fold():
        db = new_db(path)
        fill(db)
        before = _answers(db)
    db.execute("delete from _sqlite_migrations where name = 'm020_kb_digits_folded_as_written'")
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    db.conn.commit()
    db.close()
    return before


def test_m020_gives_a_kb_keyed_by_the_former_fold_a_fresh_kbs_keys_entities_tracks_and_answers(tmp_path):
    fresh = new_db(tmp_path / "fresh.sqlite")
    _ingest(fresh)
    expected = _answers(fresh)
    assert ids(expected["search"]["2000"]) == [1, 3, 5]           # ٢٠٠٠ in 5 is 2000 too
    assert len(expected["entities"]) == 3           # Цех 1, Цех 11, Ангар 1100 (= Ангар 1100га)

    before = _former_kb(tmp_path / "old.sqlite", _ingest)
    assert before["entities"] != expected["entities"] and before["tracks"] != expected["tracks"]
    assert ids(before["search"]["2000"]) == [1, 2, 3, 4, 6]         # the bug: 20, 200 and 20000 found, not ٢٠٠٠

    db = open_db(tmp_path / "old.sqlite")                            # m020
    migrated = _answers(db)
    assert migrated["index"] == expected["index"] and migrated["marks"] == expected["marks"]
    assert migrated["search"] == expected["search"]
    # the documents naming «Цех 1» or «Цех 11» (which the former keys made one entity) or with it as an actor
    assert db.execute("select id from documents where pipeline_version is null").fetchall() == [(1,), (2,), (5,), (6,),
                                                                                                (7,)]
    assert _read_again(db) == 5
    assert _answers(db) == expected


def test_m020_merges_the_entities_and_tracks_that_now_share_a_key_without_reading_again(tmp_path):
    """Entities and tracks whose keys become one need no reading again: m020 gives the fresh KB's at once."""
    fresh = new_db(tmp_path / "fresh.sqlite")
    _ingest(fresh, {3, 4})
    before = _former_kb(tmp_path / "old.sqlite", lambda db: _ingest(db, {3, 4}))
    assert len(before["entities"]) == 2 and len(before["tracks"]) == 2
    db = open_db(tmp_path / "old.sqlite")
    assert db.execute("select count(*) from documents where pipeline_version is null").fetchone()[0] == 0
    assert _answers(db) == _answers(fresh)
    assert len(_answers(db)["entities"]) == 1 and [t["reports"] for t in db.query("select reports from tracks")] == [2]


def test_m020_folds_the_search_index_in_batches(tmp_path):
    from kb.search import refold_index

    _former_kb(tmp_path / "old.sqlite", lambda db: [add_doc(db, n, text, lang=lang) for n, lang, text in NUMBERS])
    with former_fold():
        db = open_db(tmp_path / "old.sqlite")         # m020 with the former fold: nothing changes
    assert refold_index(db, batch=2) == 10            # the 10 texts with a doubled digit, 2 a statement
    assert refold_index(db, batch=2) == 0
    assert ids(search(db, "2000")) == [1, 2, 3, 4, 5, 6]
