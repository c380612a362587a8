"""`icic ingest PATH…` → `icic process` → `icic search` on documents in Russian, Kazakh and Uzbek."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from docmaker import make_docx, make_eml, make_pdf, make_scanned_pdf
from icic.cli import cli
from kb import open_db

pytestmark = pytest.mark.slow
pytest.importorskip("fpdf")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    for lang in ("ru", "kk", "uz"):
        make_pdf(folder / f"decision-{lang}.pdf", lang, pages=2)
        make_docx(folder / f"report-{lang}.docx", lang)
    make_scanned_pdf(folder / "scan.pdf")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04 not a document this reader knows")
    mail = make_eml(folder.parent / "release.eml")
    db = folder.parent / "kb.sqlite"
    ingested = run("ingest", "--db", str(db), str(folder), str(mail))
    again = run("ingest", "--db", str(db), str(folder))
    processed = run("process", "--db", str(db))
    return {"db": db, "ingested": ingested, "again": again, "processed": processed}


def test_ingest_stores_documents_and_reports_what_it_skipped(kb, caplog):
    result = kb["ingested"]
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "files: new 7, updated 0, unchanged 0, duplicate 0, failed 1, needs_ocr 1"
    assert kb["again"].stdout.strip() == "files: new 0, updated 0, unchanged 6, duplicate 0, failed 1, needs_ocr 1"
    rows = list(open_db(kb["db"]).query("select kind, source_id, origin_path from documents order by origin_path"))
    assert [r["kind"] for r in rows] == ["law", "decision", "agreement", "report", "report", "report", "article"]
    assert {r["source_id"] for r in rows} == {"local"}
    assert not any(r["origin_path"].endswith("scan.pdf") for r in rows)          # never stored empty


def test_processed_documents_have_their_language(kb):
    assert kb["processed"].exit_code == 0, kb["processed"].output
    langs = {r["origin_path"].rsplit("/", 1)[-1]: r["lang"] for r in open_db(kb["db"]).query(
        "select origin_path, lang from documents")}
    assert langs["decision-ru.pdf"] == "ru" and langs["report-ru.docx"] == "ru"
    assert langs["decision-kk.pdf"] == "kk" and langs["report-kk.docx"] == "kk"
    assert langs["decision-uz.pdf"].startswith("uz") and langs["report-uz.docx"].startswith("uz")


@pytest.mark.parametrize("query, lang, name", [
    ("терминала", "ru", "decision-ru.pdf"),
    ("ратификациялансын", "kk", "decision-kk.pdf"),
    ("omborxona", "uz", "report-uz.docx"),
])
def test_documents_are_found_by_search(kb, query, lang, name):
    result = run("search", query, "--db", str(kb["db"]), "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert any(h["url"].endswith(name) for h in hits)
    assert all(h["lang"].startswith(lang) for h in hits if h["url"].endswith(name))


def test_ingest_needs_paths_or_jsonl(tmp_path):
    result = run("ingest", "--db", str(tmp_path / "kb.sqlite"))
    assert result.exit_code == 2 and "give files or folders to ingest" in result.output
