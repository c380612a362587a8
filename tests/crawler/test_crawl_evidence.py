"""The dates a feed or sitemap gives reach the stored article, ranked with the page's own."""
from __future__ import annotations

import json

import pytest

from kb import open_db

pytestmark = pytest.mark.slow


def test_route_dates_are_stored_as_ranked_evidence(crawled):
    rows = list(open_db(crawled["db"]).query("select url, published, kind, date_evidence from documents"))
    evidence = {r["url"]: json.loads(r["date_evidence"] or "[]") for r in rows}
    origins = {e["origin"] for found in evidence.values() for e in found}
    assert {"feed", "news-sitemap"} <= origins
    for row in rows:
        found = evidence[row["url"]]
        assert found and row["published"] == found[0]["value"]       # the most trusted one is `published`
        assert row["kind"] == "article"
