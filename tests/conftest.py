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

from sample_data import ROOT, article_item, sample_articles

ARTIFACTS = ROOT / "test-artifacts"


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
