"""Storing extractions: one transaction per document, provenance, entity linking, reprocessing."""
from __future__ import annotations

import pytest

from kb.extractions import ExtractionError
from kb.store import mark_failed, pending_documents, save_document, save_extraction
from kbhelpers import VERSION, add_doc, commitment, entity

TEXT = "Касым-Жомарт Токаев объявил: в центр вложат $1,3 млрд к 2030 году."
RESULT = {
    "lang": "ru", "script": "Cyrl", "relevance": {"label": "about", "score": 0.93},
    "entities": [entity("PER", "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev")],
    "money": [{"text": "$1,3 млрд", "amount": 1.3e9, "currency": "USD", "qualifier": None, "span": [44, 53]}],
    "dates": [{"text": "к 2030 году", "kind": "deadline", "start": None, "end": "2030-12-31", "span": [54, 65]}],
    "commitments": [commitment("invest in the center", actor="Kassym-Jomart Tokayev", amount=1.3e9, currency="USD",
                               end="2030-12-31", evidence=TEXT)],
}


def counts(db) -> dict:
    return {t: db[t].count for t in ("mentions", "money", "dates", "commitments", "tracks", "track_events",
                                     "entities", "aliases")}


@pytest.fixture
def doc(db):
    doc_id, _ = save_document(db, {"url": "http://sample.test/a.html", "source_id": "steppe-herald",
                                   "title": "Токаев о центре", "text": TEXT, "published": "2026-03-01"})
    return doc_id


def test_facts_keep_provenance(db, doc):
    save_extraction(db, doc, RESULT, VERSION)
    money = next(db["money"].rows)
    assert (money["document_id"], money["start"], money["end"], money["text"], money["extractor"],
            money["pipeline_version"]) == (doc, 44, 53, "$1,3 млрд", "money", VERSION)
    mention = next(db["mentions"].rows)
    assert (mention["document_id"], mention["start"], mention["end"], mention["extractor"]) == (doc, 0, 19, "nlp")
    c = next(db["commitments"].rows)
    assert (c["document_id"], c["reported"], c["pipeline_version"], c["extractor"]) == (doc, "2026-03-01", VERSION,
                                                                                          "commitments")
    d = db["documents"].get(doc)
    assert (d["state"], d["lang"], d["relevance"], d["pipeline_version"]) == ("processed", "ru", "about", VERSION)


def test_reprocessing_replaces_and_is_idempotent(db, doc):
    save_extraction(db, doc, RESULT, VERSION)
    first = counts(db)
    tracks_before = list(db["tracks"].rows)
    save_extraction(db, doc, RESULT, VERSION)
    assert counts(db) == first == {"mentions": 1, "money": 1, "dates": 1, "commitments": 1, "tracks": 1,
                                   "track_events": 3, "entities": 1, "aliases": 2}
    assert list(db["tracks"].rows) == tracks_before
    save_extraction(db, doc, {**RESULT, "money": [], "commitments": []}, "test-2")
    assert (db["money"].count, db["commitments"].count, db["tracks"].count, db["track_events"].count) == (0, 0, 0, 0)
    assert next(db["mentions"].rows)["pipeline_version"] == "test-2"


@pytest.mark.parametrize("broken", [
    {"money": [{"text": "$5", "span": [0, 2], "currency": "USD"}]},                 # no amount
    {"entities": [{"text": "Токаев", "span": [0, 6]}]},                            # no type
    {"commitments": [{"actor": "X", "evidence": "e", "span": [0, 1]}]},            # no action
    {"dates": [{"text": "2030", "span": [0, 4]}]},                                 # no kind
])
def test_bad_fact_stores_nothing_and_keeps_old_facts(db, doc, broken):
    save_extraction(db, doc, RESULT, VERSION)
    before = counts(db)
    with pytest.raises(ExtractionError):
        save_extraction(db, doc, {**RESULT, **broken}, "test-2")
    assert counts(db) == before
    assert db["documents"].get(doc)["pipeline_version"] == VERSION


def test_same_entity_in_two_scripts_is_one_row_with_aliases(db):
    add_doc(db, 1, "Токаев", entities=[entity("PER", "Токаева", "Kassym-Jomart Tokayev")])
    add_doc(db, 2, "Tokayev", lang="en", entities=[entity("PER", "Tokayev", "Kassym-Jomart Tokayev")])
    add_doc(db, 3, "Тоқаев", lang="kk", entities=[entity("PER", "Тоқаевтың", "Касым-Жомарт Токаев")])
    assert [(e["canonical"], e["type"], e["key"]) for e in db["entities"].rows] == [
        ("Kassym-Jomart Tokayev", "PER", "kasym jomart tokaev")]
    assert sorted((a["alias"], a["lang"], a["script"]) for a in db["aliases"].rows) == [
        ("Kassym-Jomart Tokayev", None, "Latn"), ("Tokayev", "en", "Latn"), ("Касым-Жомарт Токаев", None, "Cyrl"),
        ("Токаева", "ru", "Cyrl"), ("Тоқаевтың", "kk", "Cyrl")]
    assert {m["entity_id"] for m in db["mentions"].rows} == {1}


def test_same_name_of_two_types_is_two_entities(db):
    add_doc(db, 1, "Туркестан", entities=[entity("LOC", "Туркестан", "Turkestan"), entity("ORG", "Туркестан", "Turkestan")])
    assert sorted(e["type"] for e in db["entities"].rows) == ["LOC", "ORG"]


def test_mark_failed_keeps_facts_and_searchability(db, doc):
    from kb.search import search

    save_extraction(db, doc, RESULT, VERSION)
    mark_failed(db, doc, "test-2", "ValueError: broken")
    d = db["documents"].get(doc)
    assert (d["state"], d["error"], d["pipeline_version"]) == ("failed", "ValueError: broken", "test-2")
    assert db["money"].count == 1
    assert [r["id"] for r in search(db, "Tokayev")] == [doc]


def test_pending_documents(db, doc):
    other, _ = save_document(db, {"url": "http://sample.test/b.html", "source_id": None, "title": "b", "text": "b b"})
    assert [r["id"] for r in pending_documents(db, VERSION)] == [doc, other]
    assert [r["id"] for r in pending_documents(db, VERSION, limit=1)] == [doc]
    save_extraction(db, doc, RESULT, VERSION)
    mark_failed(db, other, VERSION, "empty")
    assert pending_documents(db, VERSION) == []
    assert [r["id"] for r in pending_documents(db, "test-2")] == [doc, other]


def test_articles_of_one_moment_come_in_their_reports_order_and_extend_their_track(db, monkeypatch):
    """Stored as …/9 before …/10 on the same day, they are read …/10 first, as the track orders their
    reports; so each one's report comes last in its track and no track is rebuilt."""
    from kb import tracks

    texts = {9: "Пограничный центр откроет новые цеха весной.", 10: "Инвесторы из Ташкента приехали в Туркестан.",
             11: "Дорогу к терминалу достроят летом следующего года."}     # three stories, no reprints
    ids = [save_document(db, {"url": f"http://sample.test/{n}", "source_id": None, "title": f"t{n}",
                              "text": text, "published": "2026-03-01"})[0] for n, text in texts.items()]
    pending = pending_documents(db, VERSION)
    assert [r["url"] for r in pending] == ["http://sample.test/10", "http://sample.test/11", "http://sample.test/9"]
    rebuilt = []
    monkeypatch.setattr(tracks, "refresh", lambda db, track_id: rebuilt.append(track_id))
    for row in pending:
        save_extraction(db, row["id"], RESULT, VERSION)
    assert rebuilt == [] and db["tracks"].count == 1
    assert next(db["tracks"].rows)["reports"] == len(ids)


def test_pending_documents_oldest_publication_first(db, doc):
    """Commitments join tracks in the order they were reported, whatever order the crawl stored them in."""
    older, _ = save_document(db, {"url": "http://sample.test/older.html", "source_id": None, "title": "older",
                                  "text": "older text", "published": "2026-01-15T09:00:00+05:00"})
    undated, _ = save_document(db, {"url": "http://sample.test/undated.html", "source_id": None, "title": "undated",
                                    "text": "undated text"})                  # first seen today: after both
    assert older > doc
    assert [r["id"] for r in pending_documents(db, VERSION)] == [older, doc, undated]


def test_sample_kb_is_searchable_in_full(sample_kb_path):
    """The KB built from the sample articles with the real pipeline: every document indexed and findable by its title."""
    from kb import open_db
    from kb.search import search

    db = open_db(sample_kb_path)
    docs = list(db.query("select id, title from documents"))
    assert docs
    assert db.execute("select count(*) from search_index").fetchone()[0] == len(docs)
    for doc in docs:
        assert doc["id"] in [r["id"] for r in search(db, f'"{doc["title"]}"', limit=50)], doc["title"]


def test_save_registry_is_idempotent_and_links_later_mentions(db):
    from kb.entities import save_registry

    registry = [{"type": "PER", "canonical": "Kassym-Jomart Tokayev",
                 "aliases": ["Касым-Жомарт Токаев", {"alias": "Қасым-Жомарт Тоқаев", "lang": "kk"}]},
                {"type": "ORG", "canonical": "TCL gr. LLP", "aliases": ["«TCL gr.» ЖШС"]}]
    assert save_registry(db, registry) == 2
    save_registry(db, registry)
    assert (db["entities"].count, db["aliases"].count) == (2, 5)
    assert {e["origin"] for e in db["entities"].rows} == {"registry"}
    add_doc(db, 1, "Токаев", entities=[entity("PER", "Токаевым", "Касым-Жомарт Токаев")])
    assert db["entities"].count == 2
    assert next(db["mentions"].rows)["entity_id"] == 1


def test_unprocessed_documents_are_named_by_search(tmp_path):
    from click.testing import CliRunner

    from icic.cli import cli
    from kbhelpers import new_db

    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    add_doc(db, 1, "Токаев приехал.")
    save_document(db, {"url": "http://sample.test/x.html", "source_id": None, "title": "x", "text": "Токаев уехал."})
    db.close()
    result = CliRunner().invoke(cli, ["search", "Tokayev", "--db", str(path), "--format", "csv"])
    assert result.exit_code == 0
    assert "note: 1 document(s) not processed yet are not searchable: run `icic process`" in result.output


def _worker(path: str, ids: list[int]) -> None:
    from kb import open_db

    db = open_db(path)
    for doc_id in ids:
        save_extraction(db, doc_id, {**RESULT, "lang": "ru"}, VERSION)
    db.close()


def test_concurrent_workers_each_store_their_documents(tmp_path):
    """Two processes saving extractions into one KB file at once (as a multi-core `icic process` does)."""
    import multiprocessing

    from kbhelpers import new_db

    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    ids = [save_document(db, {"url": f"http://sample.test/{i}.html", "source_id": None, "title": f"t{i}",
                              "text": f"{TEXT} {i}", "published": "2026-03-01"})[0] for i in range(40)]
    db.close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(str(path), ids[k::2])) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    db = new_db(path)
    assert db.execute("select count(*) from documents where state = 'processed'").fetchone()[0] == 40
    assert (db["mentions"].count, db["commitments"].count, db["entities"].count) == (40, 40, 1)
    assert db["tracks"].count == 1  # one commitment reported 40 times


def test_registry_rows_round_trip(db):
    from kb.entities import registry_rows, save_registry_rows

    entities = [{"id": "per-tokayev", "type": "PER", "canonical": "Kassym-Jomart Tokayev", "source": "seed"},
                {"id": "loc-gulistan", "type": "LOC", "canonical": "Gulistan", "source": "seed"}]
    aliases = [{"entity_id": "per-tokayev", "alias": "Kassym-Jomart Tokayev", "key": "x"},
               {"entity_id": "per-tokayev", "alias": "Тоқаев", "key": "x"},
               {"entity_id": "loc-gulistan", "alias": "Guliston", "key": "x"}]
    assert save_registry_rows(db, entities, aliases) == 2
    add_doc(db, 1, "Мирзиёев", entities=[entity("PER", "Мирзиёев", "Shavkat Mirziyoyev")])
    got_entities, got_aliases = registry_rows(db)
    assert [(e["id"], e["type"], e["canonical"], e["source"]) for e in got_entities] == [
        ("per-tokayev", "PER", "Kassym-Jomart Tokayev", "registry"), ("loc-gulistan", "LOC", "Gulistan", "registry"),
        ("kb-3", "PER", "Shavkat Mirziyoyev", "nlp")]
    assert [(a["entity_id"], a["alias"], a["key"]) for a in got_aliases] == [
        ("per-tokayev", "Kassym-Jomart Tokayev", "kasym jomart tokaev"), ("per-tokayev", "Тоқаев", "tokaev"),
        ("loc-gulistan", "Gulistan", "guli"), ("loc-gulistan", "Guliston", "guliston"),
        ("kb-3", "Shavkat Mirziyoyev", "shavkat mirzioev"), ("kb-3", "Мирзиёев", "mirzioev")]
