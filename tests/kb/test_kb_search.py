"""Search in any script and inflection, filters, query syntax, snippets."""
from __future__ import annotations

import pytest

import kb.search
from kb.search import SearchError, UnknownEntity, parse_query, search
from kbhelpers import add_doc, entity

TOKAYEV = "Kassym-Jomart Tokayev"
DOCS = [  # n, lang, source, published, text, relevance
    (1, "ru", "steppe-herald", "2026-01-10", "Президент Касым-Жомарт Токаев осмотрел стройку центра.", "about"),
    (2, "ru", "oasis-daily", "2026-02-15", "По словам Токаева, инвестиции в центр превысили план.", "about"),
    (3, "kk", "steppe-herald", "2026-03-20", "Қасым-Жомарт Тоқаевтың айтуынша, орталық құрылысы жалғасуда.", "related"),
    (4, "uz", "oasis-daily", "2026-04-25", "Toqayevning soʻzlariga koʻra, markaz qurilishi davom etmoqda.", "about"),
    (5, "en", "oasis-daily", "2026-05-30", "President Tokayev said the center would open next year.", "related"),
    (6, "ru", "steppe-herald", "2026-06-05", "Мирзиёев обсудил торговлю и инвестиции с соседями.", "none"),
    (7, "uz", "oasis-daily", "2026-07-01", "Oʻzbekiston investitsiyalar hajmini oshirdi, dedi Mirziyoyev.", "about"),
]


@pytest.fixture
def sdb(db):
    for n, lang, source, published, text, relevance in DOCS:
        ents = [entity("PER", "Токаев", TOKAYEV)] if n in (1, 2, 3, 4, 5) else [entity("PER", "Мирзиёев", "Shavkat Mirziyoyev")]
        add_doc(db, n, text, lang=lang, source=source, published=published, relevance=relevance, entities=ents)
    return db


def ids(rows):
    return sorted(r["id"] for r in rows)


@pytest.mark.parametrize("query", ["Tokayev", "Токаев", "Токаева", "Тоқаевтың", "Toqayevning", "TOKAYEV", "тоқаев"])
def test_every_script_and_inflection_finds_every_other(sdb, query):
    assert ids(search(sdb, query)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("query,expected", [
    ("инвестиции", [2, 6, 7]),                 # the glossary bridges ru/uz forms that fold apart
    ("Mirziyoyev", [6, 7]),
    ('"Касым-Жомарт Токаев"', [1, 3]),          # a phrase, in two scripts
    ('"Токаев Касым-Жомарт"', []),              # words in another order are not the phrase
    ("Tokayev center", [1, 2, 3, 4, 5]),        # center → центр, орталық, markaz
    ("Tokayev NOT инвестиции", [1, 3, 4, 5]),
    ("Tokayev -инвестиции", [1, 3, 4, 5]),
    ("Mirziyoyev OR Касым-Жомарт", [1, 3, 6, 7]),
    ("(Mirziyoyev OR Tokayev) AND инвестиции", [2, 6, 7]),
    ("Toka*", [1, 2, 3, 4, 5]),
    ("Мирзи*", [6, 7]),
])
def test_query_syntax(sdb, query, expected):
    assert ids(search(sdb, query)) == expected


@pytest.mark.parametrize("filters,expected", [
    ({"lang": "kk"}, [3]),
    ({"lang": "ru"}, [1, 2]),
    ({"source": "oasis-daily"}, [2, 4, 5]),
    ({"since": "2026-02-15"}, [2, 3, 4, 5]),
    ({"until": "2026-02-15"}, [1, 2]),
    ({"since": "2026-02-01", "until": "2026-04-30"}, [2, 3, 4]),
    ({"relevance": "about"}, [1, 2, 4]),
    ({"relevance": "related"}, [1, 2, 3, 4, 5]),
    ({"entity": "Токаев"}, [1, 2, 3, 4, 5]),
    ({"entity": "Kassym-Jomart Tokayev"}, [1, 2, 3, 4, 5]),
])
def test_filters(sdb, filters, expected):
    assert ids(search(sdb, "Tokayev", **filters)) == expected


def test_entity_filter_combines_with_query(sdb):
    assert ids(search(sdb, "инвестиции", entity="Mirziyoyev")) == [6, 7]


@pytest.mark.parametrize("filters,message", [
    ({"since": "yesterday"}, "--since must be a date YYYY-MM-DD"),
    ({"until": "2026-13-01"}, "--until must be a date YYYY-MM-DD"),
    ({"relevance": "very"}, "relevance must be one of about, related, none"),
    ({"entity": "Nobody Atall"}, "no entity named 'Nobody Atall'"),
])
def test_bad_filters_say_why(sdb, filters, message):
    with pytest.raises(SearchError, match=message):
        search(sdb, "Tokayev", **filters)


def test_unknown_entity_is_its_own_error(sdb):
    with pytest.raises(UnknownEntity):
        search(sdb, "Tokayev", entity="Nobody")


@pytest.mark.parametrize("query", ['"Tokayev', "(Tokayev OR", "Tokayev)", "AND Tokayev", "Tokayev OR",
                                   "Tokayev AND AND center", "*Tokayev", "Tokayev*)", '"Tokayev" "', "((((Tokayev",
                                   "Tokayev^", "{Tokayev}", "Tokayev + center", "Tokayev:", "'Tokayev'"])
def test_odd_syntax_still_gives_results(sdb, query):
    assert 1 in ids(search(sdb, query))


@pytest.mark.parametrize("query,expected", [
    ("NEAR(Tokayev center)", []), ("title:Tokayev", []), ('" OR 1=1', []), ("Tokayev OR 1=1 --", [1, 2, 3, 4, 5]),
])
def test_fts5_and_sql_syntax_are_only_words(sdb, query, expected):
    """NEAR, column filters and SQL are words like any other (near, title, 1 occur in no document)."""
    assert ids(search(sdb, query)) == expected


@pytest.mark.parametrize("query,message", [
    ("", "nothing to search for"), ("AND", "nothing to search for"), ("OR NOT", "nothing to search for"),
    ('"', "nothing to search for"), ("*", "nothing to search for"), ("NOT Tokayev", "NOT and -word exclude"),
    ("-Tokayev", "NOT and -word exclude"), ("x" * 501, "query too long"), (" ".join(["w"] * 41), "too many terms"),
])
def test_queries_without_terms_say_why(sdb, query, message):
    with pytest.raises(SearchError, match=message):
        search(sdb, query)


def test_snippet_is_original_text_with_matches_bracketed(sdb):
    (row,) = search(sdb, "Tokayev", lang="kk")
    assert row["snippet"] == "Қасым-Жомарт [Тоқаевтың] айтуынша, орталық құрылысы жалғасуда"
    (row,) = search(sdb, "орталық", lang="kk")
    assert "[орталық]" in row["snippet"]


def test_ranking_prefers_more_matches(sdb):
    rows = search(sdb, "инвестиции OR Mirziyoyev")
    assert [r["id"] for r in rows][:2] in ([6, 7], [7, 6])  # both words beat one
    assert rows[0]["score"] >= rows[-1]["score"]


def test_order_by_date(sdb):
    assert [r["id"] for r in search(sdb, "Tokayev", order="date")] == [5, 4, 3, 2, 1]


def test_common_terms_rank_only_the_newest_candidates(sdb, monkeypatch):
    monkeypatch.setattr(kb.search, "CANDIDATES", 2)
    assert ids(search(sdb, "Tokayev")) == [4, 5]


def test_limit(sdb):
    assert len(search(sdb, "Tokayev", limit=2)) == 2


@pytest.mark.parametrize("query,fts", [
    ("Tokayev", '"tokaev"'),
    ("Tok*", '"tok" *'),
    ("'; drop table documents; --", '"drop" AND ("tabl" OR "table") AND ("document" OR "documents")'),
    ('" OR 1=1', '"or 1 1"'),
])
def test_user_text_only_reaches_fts_as_quoted_keys(query, fts):
    assert parse_query(query).fts == fts


@pytest.mark.parametrize("lang,text,query", [
    ("ru", "Журналисты процитировали слова «Тоқаевтың» из казахской газеты.", "Tokayev"),
    ("ru", "Агентство перепечатало заголовок «Қазақстанның жаңа орталығы».", "Казахстан"),
    ("en", "The Uzbek paper quoted Toqayevning words on the border market.", "Tokayev"),
    ("en", "A sign read «Қазақстанның шекарасы» at the checkpoint.", "Kazakhstan"),
])
def test_a_kazakh_or_uzbek_word_in_another_languages_text_is_found(db, lang, text, query):
    doc = add_doc(db, 1, text, lang=lang)
    hits = search(db, query)
    assert ids(hits) == [doc]
    assert "[" in hits[0]["snippet"]           # the snippet brackets the word the index found


def test_existing_index_is_rebuilt_with_the_keys_of_each_words_language(tmp_path):
    from kb.db import m012_kb_search_index_by_word_language
    from kb.fold import fold_word
    from kbhelpers import new_db

    db = new_db(tmp_path / "kb.sqlite")
    doc = add_doc(db, 1, "Слова «Тоқаевтың» процитировали все.", lang="ru")
    old_keys = " ".join(fold_word(w, "ru") for w in ["Слова", "Тоқаевтың", "процитировали", "все"])
    db.execute("update search_index set text = ? where rowid = ?", [old_keys, doc])   # as the old fold stored it
    db.conn.commit()
    assert search(db, "Tokayev") == []
    m012_kb_search_index_by_word_language(db)
    assert ids(search(db, "Tokayev")) == [doc]


def test_a_document_changed_since_it_was_indexed_gets_its_snippet_from_its_new_text(db):
    from kb.store import save_document

    doc = add_doc(db, 1, "Вчера в центре открыли склад для хлопка.", lang="ru")
    url = db["documents"].get(doc)["url"]
    save_document(db, {"url": url, "source_id": "steppe-herald", "title": "Article 1",
                       "text": "Склад для хлопка открыли вчера, сообщили в центре."})   # stored, not yet processed
    assert search(db, "центр")[0]["snippet"] == "Склад для хлопка открыли вчера, сообщили в [центре]"


def schema(db) -> set:
    return set(db.execute("select type, name, tbl_name, sql from sqlite_master").fetchall())


MARKED = "Қоймалар, терминалдар мен кеден бекеттері " * 12 + "Тоқаевтың сапарынан кейін ашылады."  # 61 words


def test_m019_gives_a_kb_indexed_before_it_the_word_marks_schema_and_answers_of_a_new_one(tmp_path):
    """A KB indexed before the word marks existed gets the marks a new KB writes for each document, and
    the same search answers (the snippets cut by the marks)."""
    from kb import open_db
    from kb.db import migrations
    from kb.search import fill_word_marks, word_marks
    from kbhelpers import new_db

    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    fresh = schema(db)
    for n, lang, source, published, text, relevance in DOCS:
        add_doc(db, n, text, lang=lang, source=source, published=published, relevance=relevance)
    add_doc(db, 8, MARKED, lang="kk")
    marks = db.execute("select id, marks from search_marks order by id").fetchall()
    assert marks == [(i, word_marks(db["documents"].get(i)["text"], keys)) for i, keys in
                     db.execute("select id, c1 from search_index_content order by id")]
    queries = ["Tokayev", "центр", "инвестиции", '"Касым-Жомарт Токаев"', "терминал*", "кеден"]
    kept = [search(db, q) for q in queries]
    assert {r["id"]: r["snippet"] for r in kept[0]}[8].endswith("бекеттері [Тоқаевтың] сапарынан кейін ашылады")
    # the KB as m017 left it: no marks
    db.execute("drop table search_marks")
    db.execute("delete from _sqlite_migrations where name = 'm019_kb_search_word_marks'")
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    db.close()
    db = open_db(path)
    assert schema(db) == fresh
    assert db.execute("select id, marks from search_marks order by id").fetchall() == marks
    assert [search(db, q) for q in queries] == kept
    db.execute("delete from search_marks")
    assert fill_word_marks(db, batch=3) == 8                 # in batches of 3: the same marks
    assert db.execute("select id, marks from search_marks order by id").fetchall() == marks


def test_reindex_writes_the_word_marks_too(db):
    from kb.fold import fold_text
    from kb.search import reindex, word_marks

    doc = add_doc(db, 1, MARKED, lang="kk")
    db.execute("delete from search_index")
    db.execute("delete from search_marks")
    assert reindex(db) == 1
    assert db.execute("select marks from search_marks where id = ?", [doc]).fetchone()[0] == word_marks(
        MARKED, fold_text(MARKED, "kk"))
    assert search(db, "Tokayev")[0]["snippet"].endswith("[Тоқаевтың] сапарынан кейін ашылады")


def test_search_cuts_snippets_by_the_stored_marks_of_the_same_text_only(db):
    """The stored marks are what a search's snippets are cut by (marks each a word late cut a snippet a word
    late); marks of a text or keys of another length, or a value that is no marks, are not used."""
    import struct

    from kb.fold import fold_text, words
    from kb.search import MARK_EVERY, word_marks

    doc = add_doc(db, 1, MARKED, lang="kk")
    right = search(db, "кеден")[0]["snippet"]
    keys = fold_text(MARKED, "kk")
    late = [m.start() for m in words(MARKED)][1::MARK_EVERY]
    db.execute("update search_marks set marks = ? where id = ?",
               [struct.pack(f"<3I{len(late)}H", len(MARKED), len(keys), keys.count(" ") + 1, *late), doc])
    assert search(db, "кеден")[0]["snippet"] != right
    for text, other_keys in ((MARKED + " Ещё.", keys), (MARKED, keys + " x")):
        db.execute("update search_marks set marks = ? where id = ?", [word_marks(text, other_keys), doc])
        assert search(db, "кеден")[0]["snippet"] == right
    for broken in (b"", b"\x01\x02", "not marks"):             # no marks at all: the text is scanned
        db.execute("update search_marks set marks = ? where id = ?", [broken, doc])
        assert search(db, "кеден")[0]["snippet"] == right
