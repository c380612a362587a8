"""Commitment tracks: merging reports across articles and languages, history, flags, analyst queries."""
from __future__ import annotations

import datetime as dt

import pytest

from kb.queries import list_tracks, track_timeline
from kb.tracks import TrackError, amounts_agree, flags
from kbhelpers import VERSION, add_doc, commitment, entity
from kb.store import save_extraction

TCL = "TCL gr. LLP"
START_EN = "start construction of the center"
START = dict(step="icic.construction-start", milestone=True)
TRADE = dict(step="kz-uz.trade-target", milestone=True)
REPORTS = [  # n, lang, published, commitment: one step reported by different actors is one track
    (1, "ru", "2024-03-01", commitment(START_EN, actor=TCL, action="начать строительство центра",
                                       start="2024-08-01", end="2024-08-31", **START)),
    (2, "kk", "2024-09-15", commitment(START_EN, actor="Ministry of Trade and Integration of Kazakhstan",
                                       action="орталық құрылысын бастау", start="2024-01-01", end="2024-12-31",
                                       **START)),
    (3, "uz", "2025-02-01", commitment(START_EN, actor=TCL, action="markaz qurilishini boshlash",
                                       status="in_progress", **START)),
    (4, "kk", "2026-11-21", commitment("technical launch of the center", actor=TCL, start="2026-10-01",
                                       end="2026-12-31", step="icic.technical-launch", milestone=True)),
    (5, "en", "2026-01-10", commitment("raise trade turnover to $10 billion", amount=1e10, currency="USD",
                                       end="2030-12-31", **TRADE)),
    (6, "ru", "2026-05-10", commitment("raise grain exports to $5 billion", amount=5e9, currency="USD",
                                       end="2030-12-31")),
    (7, "uz", "2026-06-01", commitment("raise trade turnover to $10 billion", actor="Uzbekistan", amount=1e10,
                                       currency="USD", end="2030-12-31", **TRADE)),
    (8, "ru", "2025-05-05", commitment("open the Gulistan checkpoint", actor="Uzbekistan", status="completed",
                                       step="open", object="Gulistan checkpoint")),
]
AS_OF = dt.date(2026, 11, 22)


def build(db, order=None):
    docs = {}
    for n, lang, published, c in sorted(REPORTS, key=order or (lambda r: r[0])):
        docs[n] = add_doc(db, n, f"Report {n}", lang=lang, published=published, commitments=[c],
                          entities=[entity("LOC", "Казахстан", "Kazakhstan")])
    return docs


def track_of(db, doc_id):
    return db.execute("select track_id from commitments where document_id = ?", [doc_id]).fetchone()[0]


def test_reports_of_one_commitment_merge_across_languages(db):
    docs = build(db)
    assert track_of(db, docs[1]) == track_of(db, docs[2]) == track_of(db, docs[3])
    assert track_of(db, docs[5]) == track_of(db, docs[7])          # the trade target, whoever states it
    others = [track_of(db, docs[n]) for n in (4, 5, 6, 8)]
    assert len(set(others)) == 4 and track_of(db, docs[1]) not in others
    t = db["tracks"].get(track_of(db, docs[1]))
    assert (t["reports"], t["lang"], t["first_reported"], t["last_reported"], t["status"], t["deadline_end"],
            t["slipped"], t["open"], t["actor"]) == (3, "kk,ru,uz", "2024-03-01", "2025-02-01", "in_progress",
                                                     "2024-12-31", 1, 1, TCL)
    assert t["actors"] == f"{TCL} | Ministry of Trade and Integration of Kazakhstan"


def test_history_in_report_order_even_when_processed_out_of_order(db):
    docs = build(db, order=lambda r: -r[0])
    events = track_timeline(db, track_of(db, docs[1]))["events"]
    assert [(e["date"], e["field"], e["old"], e["new"]) for e in events] == [
        ("2024-03-01", "status", None, "planned"),
        ("2024-03-01", "deadline", None, "2024-08-01/2024-08-31"),
        ("2024-09-15", "deadline", "2024-08-01/2024-08-31", "2024-01-01/2024-12-31"),
        ("2025-02-01", "status", "planned", "in_progress"),
    ]


def test_timeline_lists_sources_with_evidence(db):
    docs = build(db)
    reports = track_timeline(db, track_of(db, docs[1]))["reports"]
    assert [(r["date"], r["outlet"], r["lang"], r["url"]) for r in reports] == [
        ("2024-03-01", "Steppe Herald", "ru", "http://sample.test/steppe-herald/1.html"),
        ("2024-09-15", "Steppe Herald", "kk", "http://sample.test/steppe-herald/2.html"),
        ("2025-02-01", "Steppe Herald", "uz", "http://sample.test/steppe-herald/3.html"),
    ]
    assert all(r["evidence"] == "A sentence of evidence." for r in reports)


def test_reprocessing_a_document_rebuilds_its_tracks_idempotently(db):
    docs = build(db)
    before = (list(db["tracks"].rows), list(db.query("select track_id, date, field, old, new from track_events order by track_id, id")))
    n, lang, published, c = REPORTS[1]
    save_extraction(db, docs[2], {"lang": lang, "commitments": [c]}, VERSION)
    assert (list(db["tracks"].rows), list(db.query("select track_id, date, field, old, new from track_events order by track_id, id"))) == before
    save_extraction(db, docs[2], {"lang": lang, "commitments": []}, VERSION)
    t = db["tracks"].get(track_of(db, docs[1]))
    assert (t["reports"], t["slipped"], t["deadline_end"]) == (2, 0, "2024-08-31")


@pytest.mark.parametrize("a,b,agree", [
    ({"amount": 1e10, "currency": "USD"}, {"amount": 1.1e10, "currency": "USD"}, True),
    ({"amount": 1e10, "currency": "USD"}, {"amount": 5e9, "currency": "USD"}, False),
    ({"amount": 1e10, "currency": "USD"}, {"amount": 1e10, "currency": "KZT"}, False),
    ({"amount": 1e10, "currency": "USD"}, {"amount": None, "currency": None}, True),
])
def test_amounts_agree(a, b, agree):
    assert amounts_agree(a, b) is agree


@pytest.mark.parametrize("track,as_of,soon,expected", [
    ({"slipped": 1, "deadline_end": "2024-12-31", "status": "in_progress"}, AS_OF, 90, ["slipped", "overdue"]),
    ({"slipped": 0, "deadline_end": "2024-12-31", "status": "completed"}, AS_OF, 90, []),
    ({"slipped": 0, "deadline_end": "2026-12-31", "status": "planned"}, AS_OF, 90, ["due-soon"]),
    ({"slipped": 0, "deadline_end": "2026-12-31", "status": "planned"}, AS_OF, 30, []),
    ({"slipped": 0, "deadline_end": "2026-11-22", "status": "planned"}, AS_OF, 0, ["due-soon"]),
    ({"slipped": 0, "deadline_end": None, "status": "planned"}, AS_OF, 90, []),
])
def test_flags(track, as_of, soon, expected):
    assert flags(track, as_of, soon) == expected


@pytest.mark.parametrize("filters,expected", [
    ({}, [1, 4, 5, 6, 8]),
    ({"actor": "TCL"}, [1, 4]),
    ({"actor": "Казахстан"}, [1, 5, 6]),       # Cyrillic finds Kazakhstan's tracks (1: reported by its ministry)
    ({"actor": "x"}, []),                      # a letter is no name
    ({"actor": "O'zbekiston"}, []),            # another name altogether
    ({"actor": "uzbekistan"}, [5, 8]),         # the actor of any report: report 7 is on the trade track
    ({"status": "planned"}, [4, 5, 6]),
    ({"due_before": "2026-01-01"}, [1]),       # a done step (8) has an event date, not a deadline
    ({"due_after": "2027-01-01"}, [5, 6]),
    ({"overdue": True}, [1]),
    ({"slipped": True}, [1]),
    ({"due_soon": 90}, [4]),
    ({"due_soon": 10}, []),
    ({"lang": "uz"}, [1, 5]),
    ({"actor": "Kazakhstan", "due_after": "2027-01-01", "status": "planned"}, [5, 6]),
])
def test_list_tracks_filters(db, filters, expected):
    docs = build(db)
    by_doc = {}
    for n in sorted(docs):
        by_doc.setdefault(track_of(db, docs[n]), n)  # a track is named by its first report
    got = [by_doc[t["id"]] for t in list_tracks(db, as_of=AS_OF, **filters)]
    assert sorted(got) == expected


def test_list_tracks_rows(db):
    docs = build(db)
    (row,) = list_tracks(db, slipped=True, as_of=AS_OF)
    assert row == {"id": track_of(db, docs[1]), "actor": TCL, "action": START_EN, "status": "in_progress",
                   "amount": None, "currency": None, "due": "2024-12-31", "reports": 3, "first_reported": "2024-03-01",
                   "last_reported": "2025-02-01", "lang": "kk,ru,uz", "flags": "slipped,overdue", "open": True,
                   "step": "icic.construction-start", "event_date": None,
                   "actors": f"{TCL} | Ministry of Trade and Integration of Kazakhstan"}


@pytest.mark.parametrize("filters,message", [
    ({"due_before": "soon"}, "--due-before must be a date"), ({"as_of": "2026/01/01"}, "--as-of must be a date"),
    ({"status": "maybe"}, "status must be one of"), ({"due_soon": -1}, "--due-soon takes a number of days"),
])
def test_bad_options_say_why(db, filters, message):
    with pytest.raises(TrackError, match=message):
        list_tracks(db, **filters)


def test_unknown_track(db):
    with pytest.raises(TrackError, match="no track 99"):
        track_timeline(db, 99)


def test_vague_reports_stay_alone_and_named_steps_join(db):
    """A step without object, figure or wording of its own joins no other; the same wording (a reprint)
    joins; a step on a named object joins the reports of that step on that object."""
    add_doc(db, 1, "a", commitments=[commitment("plan", action="построить дорогу до Гулистана")])
    add_doc(db, 2, "b", commitments=[commitment(None, action="открыть терминал", step="open")])
    add_doc(db, 3, "c", commitments=[commitment("plan", action="построить дорогу до Гулистана")])
    add_doc(db, 4, "d", commitments=[commitment("build: Silkway", step="construction", object="Silkway")])
    add_doc(db, 5, "e", commitments=[commitment("build: Silkway", step="construction", object="«Silkway»",
                                                actor="Uzbekistan")])
    add_doc(db, 6, "f", commitments=[commitment(None, action="открыть терминал", step="open")])
    assert [r[0] for r in db.execute("select track_id from commitments order by id")] == [1, 2, 1, 3, 3, 4]


def test_done_steps_are_never_overdue_and_a_deadline_moved_later_is_slipped(db):
    add_doc(db, 1, "a", published="2022-12-22", commitments=[
        commitment("sign agreement", status="signed", step="agreement", object="ICIC agreement")])
    add_doc(db, 2, "b", published="2025-01-10", commitments=[commitment("x", end="2025-06-30", **START)])
    add_doc(db, 3, "c", published="2025-05-10", commitments=[commitment("x", end="2026-06-30", **START)])
    rows = {t["step"]: t for t in list_tracks(db, as_of=AS_OF)}
    assert rows["agreement"]["flags"] == "" and rows["agreement"]["open"] is False
    assert rows["icic.construction-start"]["flags"] == "slipped,overdue"
    assert [t["step"] for t in list_tracks(db, overdue=True, as_of=AS_OF)] == ["icic.construction-start"]


def test_tracks_do_not_depend_on_the_order_documents_are_processed(db):
    from kbhelpers import new_db

    other = new_db()
    build(db)
    build(other, order=lambda r: -r[0])
    def content(d):
        keyed = {t["id"]: t["step_key"] for t in d["tracks"].rows}
        return sorted((c["document_id"] and d["documents"].get(c["document_id"])["url"], keyed[c["track_id"]])
                      for c in d["commitments"].rows)
    assert content(db) == content(other)
