"""Local documents read into document dicts: PDF (layout repaired), DOCX, EML, TXT, HTML, and a
scan reported as needing OCR.  The files are made by the tests (tests/docs/docmaker.py)."""
from __future__ import annotations

import pytest

from crawler import documents
from docmaker import PDF_TEXTS, make_docx, make_eml, make_pdf, make_scanned_pdf

pytest.importorskip("fpdf")


@pytest.mark.parametrize("lang, kind, joined", [
    ("ru", "decision", "складах терминала и установить"),
    ("kk", "law", "Қазақстан-Өзбекстан шекарасындағы"),
    ("uz", "agreement", "omborxonalar, bojxona postlari"),
])
def test_pdf_in_three_languages(tmp_path, lang, kind, joined):
    doc = documents.read_document(make_pdf(tmp_path / f"{lang}.pdf", lang, pages=3))
    assert doc["title"] == PDF_TEXTS[lang]["title"]
    assert doc["kind"] == kind and doc["format"] == "pdf" and doc["pages"] == 3
    assert joined in doc["text"]                                # hyphenation and line breaks repaired
    day, month, year = PDF_TEXTS[lang]["date"].split(".")
    assert doc["published"] == f"{year}-{month}-{day}"          # the date the text states
    assert [e["origin"] for e in doc["date_evidence"]] == ["text", "file-metadata"]
    assert doc["lang_hint"] == {"uz": "uz-Latn"}.get(lang, lang)
    assert "Официальный бюллетень" not in doc["text"]         # the running header of every page
    assert "- 2 -" not in doc["text"] and "\n2\n" not in doc["text"]   # page numbers


def test_scanned_pdf_needs_ocr(tmp_path):
    with pytest.raises(documents.NeedsOCR, match="no text layer.*needs OCR"):
        documents.read_document(make_scanned_pdf(tmp_path / "scan.pdf"))


@pytest.mark.parametrize("lang, kind", [("ru", "report"), ("kk", "report"), ("uz", "report")])
def test_docx_in_three_languages(tmp_path, lang, kind):
    doc = documents.read_document(make_docx(tmp_path / f"{lang}.docx", lang))
    assert doc["kind"] == kind and doc["format"] == "docx"
    assert doc["published"] == "2025-09-03T16:30:00+00:00"
    assert "Корпус 1 | 85 %" in doc["text"]                     # tables are text too
    assert doc["lang_hint"] == {"uz": "uz-Latn"}.get(lang, lang)


def test_email(tmp_path):
    doc = documents.read_document(make_eml(tmp_path / "release.eml"))
    assert doc["title"] == "Пресс-релиз: терминал у границы принял первые грузы"
    assert doc["published"] == "2025-06-10T20:15:00+00:00" and doc["author"] == "Пресс-служба"
    assert "пропускная способность" in doc["text"]


def test_txt_and_html(tmp_path):
    (tmp_path / "note.txt").write_text("Решение акимата\nот 03.02.2025\nТерминал откроется весной.", encoding="cp1251")
    doc = documents.read_document(tmp_path / "note.txt")
    assert (doc["title"], doc["kind"], doc["published"]) == ("Решение акимата", "decision", "2025-02-03")
    page = (tmp_path / "page.html")
    page.write_text("<html lang='en'><head><meta property='article:published_time' content='2025-01-02'></head>"
                    "<body><article><h1>Customs terminal opens its second lane</h1>"
                    + "<p>The customs terminal opened its second lane for lorries on Monday, officials said.</p>" * 5
                    + "</article></body></html>", encoding="utf-8")
    doc = documents.read_document(page)
    assert (doc["title"], doc["published"], doc["lang_hint"]) == ("Customs terminal opens its second lane",
                                                                  "2025-01-02", "en")


def test_rtf_in_its_code_page(tmp_path):
    title = "Решение акимата о строительстве подъездной дороги"
    def cp1251(text):              # how RTF writers escape the code page's bytes
        return "".join(f"\\'{b:02x}" for b in text.encode("cp1251"))

    kazakh = "".join(f"\\u{ord(c)}?" for c in "Қойма салынады")   # letters cp1251 lacks, as \uN
    (tmp_path / "decision.rtf").write_bytes(("{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Arial;}}\\f0 "
                                             f"{cp1251(title)}\\par {cp1251('от')} 12.03.2025\\par {kazakh}.\\par}}"
                                             ).encode("ascii"))
    doc = documents.read_document(tmp_path / "decision.rtf")
    assert (doc["title"], doc["kind"], doc["published"]) == (title, "decision", "2025-03-12")
    assert "Қойма салынады." in doc["text"]


@pytest.mark.parametrize("name, body, error", [
    ("data.xlsx", b"PK", documents.UnsupportedFormat),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", documents.DocumentError),
    ("broken.docx", b"not a zip file", documents.DocumentError),
    ("empty.txt", b"   \n", documents.DocumentError),
    ("fake.rtf", b"plain words, no rtf header", documents.DocumentError),
])
def test_bad_files_raise_a_named_error(tmp_path, name, body, error):
    (tmp_path / name).write_bytes(body)
    with pytest.raises(error, match=name):
        documents.read_document(tmp_path / name)


@pytest.mark.parametrize("title, kind", [
    ("Закон Республики Казахстан о ратификации Соглашения о создании центра", "law"),
    ("Соглашение между Правительством Республики Казахстан и Правительством Республики Узбекистан", "agreement"),
    ("O'zbekiston Respublikasi Vazirlar Mahkamasining qarori", "decision"),
    ("Ўзбекистон Республикаси Президентининг Фармони", "decision"),
    ("Қазақстан Республикасы Үкіметінің қаулысы", "decision"),
    ("Дорожная карта по развитию приграничной торговли", "report"),
    ("Terminal opens second lane", "article"),
])
def test_document_kind(title, kind):
    assert documents.document_kind(title) == kind


def test_repair_layout():
    raw = ("Заголовок\nСтрои-\nтельство идёт\n\nпо плану.\n- 1 -\fЗаголовок\nКазахстан-\nУзбекистан.\n\n2\f"
           "Заголовок\nКонец.\n3")
    assert documents.repair_layout(raw, pages=3) == "Строительство идёт по плану.\nКазахстан-Узбекистан.\nКонец."
