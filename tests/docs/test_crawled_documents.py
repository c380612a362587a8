"""A PDF and a DOCX that a listing links to are crawled over HTTP and stored as documents with
their kind; a scan is a `needs_ocr` fault, not an empty document."""
from __future__ import annotations

import pytest

from docmaker import make_docx, make_pdf, make_scanned_pdf
from kb import open_db

pytestmark = pytest.mark.slow
pytest.importorskip("fpdf")

SOURCES = """
sources:
  - id: ministry
    name: Ministry press page
    homepage: '{base}/'
    country: KZ
    languages: [ru]
    listings:
      - url: '{base}/press/index.html'
    article_pattern: '/press/files/'
"""


def test_documents_linked_from_a_listing_are_stored_with_their_kind(tmp_path):
    from crawler.devserver import serve_site
    from crawler.run import run_crawl
    from crawler.sources import load_sources
    from icic.config import load_config

    root = tmp_path / "site"
    (root / "press" / "files").mkdir(parents=True)
    make_pdf(root / "press" / "files" / "postanovlenie-14-05-2025.pdf", "ru")
    make_docx(root / "press" / "files" / "otchet.docx", "ru")
    make_scanned_pdf(root / "press" / "files" / "scan.pdf")
    links = "".join(f"<li><a href='/press/files/{n}'>{n}</a></li>"
                    for n in ("postanovlenie-14-05-2025.pdf", "otchet.docx", "scan.pdf"))
    (root / "press" / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    config = load_config()
    config = config.model_copy(update={"crawl": config.crawl.model_copy(update={
        "download_delay": 0.0, "autothrottle": False, "timeout": 5.0, "max_age_days": 0})})
    with serve_site(root) as site:
        stats = run_crawl(config, tmp_path / "kb.sqlite", load_sources(tmp_path / "sources.yaml", base=site.base_url),
                          timeout=120)
    rows = {r["url"].rsplit("/", 1)[-1]: r for r in open_db(tmp_path / "kb.sqlite").query(
        "select url, kind, title, published, lang_hint, text from documents")}
    assert set(rows) == {"postanovlenie-14-05-2025.pdf", "otchet.docx"}
    pdf = rows["postanovlenie-14-05-2025.pdf"]
    assert (pdf["kind"], pdf["published"], pdf["lang_hint"]) == ("decision", "2025-05-14", "ru")
    assert "складах терминала" in pdf["text"]
    assert rows["otchet.docx"]["kind"] == "report"
    assert stats["sources"]["ministry"]["errors"] == {"needs_ocr": 1}


LEGAL = """
sources:
  - id: portal
    name: Legal portal
    homepage: '{base}/'
    country: KZ
    languages: [ru]
    documents: true
    listings:
      - url: '{base}/docs/index.html'
    article_pattern: '/docs/P\\d+'
"""


def test_pages_of_a_legal_portal_get_the_kind_their_title_says(tmp_path):
    from crawler.devserver import serve_site
    from crawler.run import run_crawl
    from crawler.sources import load_sources
    from icic.config import load_config

    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    body = "<p>Ратифицировать соглашение о создании приграничной зоны торгового сотрудничества.</p>" * 6
    (root / "docs" / "P2500000101.html").write_text(
        "<html lang='ru'><head><title>Закон о ратификации Соглашения о приграничной зоне</title></head><body>"
        f"<article><h1>Закон о ратификации Соглашения о приграничной зоне</h1>{body}</article></body></html>",
        encoding="utf-8")
    (root / "docs" / "index.html").write_text("<a href='/docs/P2500000101.html'>Закон</a>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(LEGAL, encoding="utf-8")
    config = load_config()
    config = config.model_copy(update={"crawl": config.crawl.model_copy(update={
        "download_delay": 0.0, "autothrottle": False, "timeout": 5.0})})
    with serve_site(root) as site:
        run_crawl(config, tmp_path / "kb.sqlite", load_sources(tmp_path / "sources.yaml", base=site.base_url),
                  timeout=120)
    assert [r["kind"] for r in open_db(tmp_path / "kb.sqlite").query("select kind from documents")] == ["law"]
