"""Only http(s) addresses become links in the digest (issue 13, item 4): a stored javascript: or data:
URL is shown as text, whatever section lists its article."""
from __future__ import annotations

import datetime as dt

import lxml.html

from digest_helpers import HandKB
from icic.config import load_config
from reports.digest import build_digest

DAY = dt.date(2026, 11, 21)
HOSTILE = ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
           "vbscript:msgbox(1)", "file:///etc/passwd"]


def test_only_web_urls_are_links(tmp_path):
    hand = HandKB(tmp_path / "hand.sqlite")
    for n, url in enumerate(HOSTILE):
        hand.article(f"МЦПК hostile link {n}", f"2026-11-20T1{n}:00:00+05:00", url=url, source=f"outlet-{n}")
    hand.article("МЦПК honest link", "2026-11-20T16:00:00+05:00", url="https://herald.test/news/honest.html")
    html = build_digest(hand.db, load_config(), DAY).html("cid:chart")
    tree = lxml.html.fromstring(html)
    hrefs = [a.get("href").strip() for a in tree.iter("a") if a.get("href")]
    assert "https://herald.test/news/honest.html" in hrefs
    assert [h for h in hrefs if not h.lower().startswith(("http://", "https://", "mailto:"))] == []
    text = tree.text_content()
    for n in range(len(HOSTILE)):
        assert f"МЦПК hostile link {n}" in text         # still listed, as text


def test_is_web_url():
    from reports.render import is_web_url

    assert is_web_url("https://a.test/x") and is_web_url("HTTP://a.test")
    assert not any(is_web_url(u) for u in [*HOSTILE, "https:///no-host", "", None, "//a.test/x"])
