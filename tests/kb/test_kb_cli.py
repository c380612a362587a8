"""The kb commands on a real KB file: exact outputs, clear errors, injection attempts."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from icic.cli import cli
from kbhelpers import add_doc, commitment, entity, new_db

TOKAYEV = entity("PER", "Токаев", "Kassym-Jomart Tokayev")
MIRZIYOYEV = entity("PER", "Mirziyoyev", "Shavkat Mirziyoyev")


@pytest.fixture
def kb_path(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    add_doc(db, 1, "Президент Токаев заявил, что строительство начнётся в августе.", title="Токаев о стройке",
            published="2024-03-01", entities=[TOKAYEV],
            commitments=[commitment("start construction", actor="TCL gr. LLP", start="2024-08-01", end="2024-08-31",
                                    evidence="Строительство начнётся в августе.")])
    add_doc(db, 2, "Toqayev va Mirziyoyev qurilish yil oxirigacha boshlanishini aytdi.", title="Qurilish",
            lang="uz", source="oasis-daily", published="2024-09-15", entities=[TOKAYEV, MIRZIYOYEV],
            commitments=[commitment("start construction", actor="TCL gr. LLP", start="2024-01-01", end="2024-12-31",
                                    evidence="Qurilish yil oxirigacha boshlanadi.")])
    add_doc(db, 3, "Kazakhstan plans to raise trade to $10 billion by 2030.", title="Trade goal", lang="en",
            published="2026-01-10", entities=[entity("LOC", "Kazakhstan", "Kazakhstan")],
            commitments=[commitment("raise trade to $10 billion", amount=1e10, currency="USD", end="2030-12-31",
                                    evidence="Kazakhstan plans to raise trade to $10 billion by 2030.")])
    db.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_commitments_csv(kb_path):
    result = run("commitments", "--db", kb_path, "--as-of", "2026-11-22", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "id,actor,action,status,amount,currency,due,reports,first_reported,last_reported,lang,flags",
        "1,TCL gr. LLP,start construction,planned,,,2024-12-31,2,2024-03-01,2024-09-15,\"ru,uz\",\"slipped,overdue\"",
        "2,Kazakhstan,raise trade to $10 billion,planned,10000000000,USD,2030-12-31,1,2026-01-10,2026-01-10,en,",
    ]


def test_commitments_reports_csv(kb_path):
    result = run("commitments", "--db", kb_path, "--slipped", "--reports", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "track_id,date,outlet,lang,actor,action,status,due,amount,currency,url",
        "1,2024-03-01,Steppe Herald,ru,TCL gr. LLP,start construction,planned,2024-08-31,,,"
        "http://sample.test/steppe-herald/1.html",
        "1,2024-09-15,Oasis Daily,uz,TCL gr. LLP,start construction,planned,2024-12-31,,,"
        "http://sample.test/oasis-daily/2.html",
    ]


@pytest.mark.parametrize("args,ids", [
    (["--slipped"], [1]), (["--overdue"], [1]), (["--actor", "Казахстан"], [2]), (["--due-after", "2025-01-01"], [2]),
    (["--due-before", "2025-01-01"], [1]), (["--status", "completed"], []), (["--lang", "uz"], [1]),
    (["--due-soon", "90", "--as-of", "2030-11-01"], [2]),
])
def test_commitments_filters_json(kb_path, args, ids):
    result = run("commitments", "--db", kb_path, "--as-of", "2026-11-22", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.output)] == ids


def test_track_timeline_text(kb_path):
    result = run("track", "1", "--db", kb_path, "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Track 1: TCL gr. LLP — start construction",
        "planned · due 2024-12-31 · 2 reports (2024-03-01 to 2024-09-15) · slipped, overdue",
        "",
        "History",
        "  2024-03-01  status    planned",
        "  2024-03-01  deadline  Aug 2024",
        "  2024-09-15  deadline  Aug 2024 → 2024",
        "",
        "Sources",
        "  2024-03-01  Steppe Herald  ru  http://sample.test/steppe-herald/1.html",
        "      “Строительство начнётся в августе.”",
        "  2024-09-15  Oasis Daily  uz  http://sample.test/oasis-daily/2.html",
        "      “Qurilish yil oxirigacha boshlanadi.”",
    ]


def test_track_json(kb_path):
    result = run("track", "1", "--db", kb_path, "--format", "json")
    data = json.loads(result.output)
    assert [e["field"] for e in data["events"]] == ["status", "deadline", "deadline"]
    assert [r["outlet"] for r in data["reports"]] == ["Steppe Herald", "Oasis Daily"]
    assert data["events"][2]["old"] == {"start": "2024-08-01", "end": "2024-08-31"}   # values as data, not strings
    assert data["events"][2]["new"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert data["track"]["flags"] == ["slipped", "overdue"]


def test_search_table(kb_path):
    result = run("search", "Тоқаевтың", "--db", kb_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "published", "lang", "source", "title", "score", "snippet", "url"]
    assert [line.split()[0] for line in lines[2:]] == ["1", "2"] or [line.split()[0] for line in lines[2:]] == ["2", "1"]
    assert "[Toqayev]" in result.output and "[Токаев]" in result.output


@pytest.mark.parametrize("args,ids", [
    (["Tokayev"], [1, 2]), (["Tokayev", "--lang", "uz"], [2]), (["Tokayev", "--source", "steppe-herald"], [1]),
    (["Tokayev", "--since", "2024-06-01"], [2]), (["Tokayev", "--until", "2024-06-01"], [1]),
    (["qurilish", "--entity", "Мирзиёев"], [2]), (["Kazakhstan", "--relevance", "about"], [3]),
    (["Tokayev", "--order", "date", "--limit", "1"], [2]),
])
def test_search_json(kb_path, args, ids):
    result = run("search", *args, "--db", kb_path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in json.loads(result.output)) == ids


def test_search_csv_header(kb_path):
    result = run("search", "Tokayev", "--db", kb_path, "--format", "csv")
    assert result.output.splitlines()[0] == "id,published,lang,source,title,score,snippet,url"


def test_entities_table(kb_path):
    result = run("entities", "--db", kb_path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "id  name                   type  mentions  documents  first_seen  last_seen   with",
        "--  ---------------------  ----  --------  ---------  ----------  ----------  -------------------------",
        "1   Kassym-Jomart Tokayev  PER   2         2          2024-03-01  2024-09-15  Shavkat Mirziyoyev (1)",
        "3   Kazakhstan             LOC   1         1          2026-01-10  2026-01-10",
        "2   Shavkat Mirziyoyev     PER   1         1          2024-09-15  2024-09-15  Kassym-Jomart Tokayev (1)",
    ]


@pytest.mark.parametrize("args,names", [
    (["Тоқаев"], ["Kassym-Jomart Tokayev"]), (["--type", "loc"], ["Kazakhstan"]), (["mirz"], ["Shavkat Mirziyoyev"]),
])
def test_entities_filters(kb_path, args, names):
    result = run("entities", *args, "--db", kb_path, "--format", "json")
    assert [r["name"] for r in json.loads(result.output)] == names


@pytest.mark.parametrize("args,message", [
    (["search", "NOT"], "Error: nothing to search for in 'NOT': give at least one word"),
    (["search", "Tokayev", "--entity", "Nobody"], "Error: no entity named 'Nobody' in the knowledge base"),
    (["track", "42"], "Error: no track 42"),
])
def test_errors_are_one_line(kb_path, args, message):
    result = run(*args, "--db", kb_path)
    assert result.exit_code == 1
    assert result.output.strip() == message


@pytest.mark.parametrize("args,option", [
    (["search", "Tokayev", "--since", "bad"], "--since"),
    (["commitments", "--due-before", "2026-02-30"], "--due-before"),
    (["commitments", "--changed-since", "last week"], "--changed-since"),
    (["commitments", "--lang", "xx"], "--lang"),
    (["commitments", "--lang", "Russian"], "--lang"),
    (["search", "Tokayev", "--script", "Arab"], "--script"),
    (["money", "--currency", "dollars"], "--currency"),
    (["money", "--until", "2025-13-01"], "--until"),
    (["entities", "--limit", "0"], "--limit"),
    (["track", "1", "--format", "xml"], "--format"),
    (["digest", "--date", "tomorrow"], "--date"),
])
def test_bad_option_values_are_usage_errors(kb_path, args, option):
    """click's convention: a bad option value exits 2 with the usage line and names the option."""
    result = run(*args, "--db", kb_path)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Usage: ")
    assert option in result.output.splitlines()[-1]


def test_missing_kb_is_an_error(tmp_path):
    result = run("search", "x", "--db", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 1 and "no knowledge base" in result.output


@pytest.mark.parametrize("command", ["search", "commitments", "track", "entities", "serve"])
def test_help_has_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


PAYLOADS = ["'; drop table documents; --", '" OR 1=1 --', "1) or (1=1", "x' union select sql from sqlite_master --",
            "%' or '%'='", "Robert'); DELETE FROM tracks; --"]
OPTIONS = [["search", "{p}"], ["search", "Tokayev", "--lang", "{p}"], ["search", "Tokayev", "--source", "{p}"],
           ["search", "Tokayev", "--entity", "{p}"], ["search", "Tokayev", "--since", "{p}"],
           ["search", "Tokayev", "--until", "{p}"], ["commitments", "--actor", "{p}"],
           ["commitments", "--lang", "{p}"], ["commitments", "--due-before", "{p}"],
           ["commitments", "--due-after", "{p}"], ["commitments", "--as-of", "{p}"], ["entities", "{p}"],
           ["track", "{p}"]]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("template", OPTIONS, ids=lambda t: "-".join(t).replace("{p}", "P"))
def test_injection_changes_nothing(kb_path, template, payload):
    from kb import open_db

    def snapshot():
        db = open_db(kb_path)
        shape = {t: db[t].count for t in db.table_names() if not t.startswith(("search_", "documents_fts"))}
        db.close()
        return shape

    before = snapshot()
    result = CliRunner().invoke(cli, [a.replace("{p}", payload) for a in template] + ["--db", kb_path])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert snapshot() == before
    if result.exit_code == 0 and template[0] != "search":
        assert "(no rows)" in result.output  # nothing matched the payload as a value
