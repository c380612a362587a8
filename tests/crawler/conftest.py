"""Fixtures of the crawler tests: a private copy of the sample site, the site crawled twice."""
from __future__ import annotations

import shutil

import pytest
from crawlhelpers import SITE, crawl_site


@pytest.fixture
def site_copy(tmp_path):
    """A private copy of the sample site a test may change."""
    if not (SITE / "manifest.json").exists():
        pytest.skip("samples/site has not been generated")
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site served on 127.0.0.1 and crawled twice into one KB: (site, db path, first, second)."""
    from crawler.devserver import serve_site

    if not (SITE / "manifest.json").exists():
        pytest.skip("samples/site has not been generated")
    db_path = tmp_path_factory.mktemp("crawl") / "kb.sqlite"
    with serve_site(SITE) as site:
        first = crawl_site(site, db_path)
        first_log = site.requests
        site.clear_log()
        second = crawl_site(site, db_path)
        yield {"site": site, "db": db_path, "first": first, "second": second, "first_log": first_log,
               "second_log": site.requests}
