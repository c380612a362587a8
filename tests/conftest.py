"""Fixtures shared by every test folder.

`sample_kb_path` is a knowledge base built from the sample site's articles
(samples/articles/*.yaml) stored and processed with the real pipeline, without
a crawl: for tests of kb/ and reports/ that need real content fast.  The
crawler's own tests build theirs over HTTP.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "samples" / "articles"
ARTIFACTS = ROOT / "test-artifacts"


def sample_articles() -> list[dict]:
    """The sample site's articles as dicts (id, outlet, lang, script, published, title, paragraphs, facts…)."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.yaml"))]


def article_item(article: dict) -> dict:
    """A sample article as the crawler would hand it to kb.store.save_document."""
    url = f"http://sample.test/{article['outlet']}/{article['slug']}.html"
    return {
        "url": url, "source_id": article["outlet"], "title": article["title"],
        "text": "\n\n".join(article["paragraphs"]), "author": article.get("author"),
        "published": str(article["published"]), "lang_hint": article["lang"],
    }


@pytest.fixture(scope="session")
def pipeline():
    from nlp.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def sample_kb_master(tmp_path_factory, pipeline) -> Path:
    from kb import open_db
    from kb.store import save_document, save_source
    from icic.process import process_pending

    path = tmp_path_factory.mktemp("kb") / "sample.sqlite"
    db = open_db(path)
    for outlet in ("steppe-herald", "oasis-daily"):
        save_source(db, {"id": outlet, "name": outlet.replace("-", " ").title(),
                         "homepage": f"http://sample.test/{outlet}/", "country": "KZ", "languages": []})
    for article in sample_articles():
        save_document(db, article_item(article))
    process_pending(db, pipeline)
    db.close()
    return path


@pytest.fixture
def sample_kb_path(sample_kb_master, tmp_path) -> Path:
    """A private copy of the sample KB that a test may change."""
    path = tmp_path / "sample.sqlite"
    shutil.copy(sample_kb_master, path)
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other files a test leaves for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
