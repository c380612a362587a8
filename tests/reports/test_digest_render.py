"""The digest as a reader sees it: rendered by headless Chromium, screenshot kept in test-artifacts/digest.png.

The sample KB's last day (2026-11-21, the digest of 2026-11-22) has an article
in each of the four languages; a few rows written here (a related article, a
reprint, a changed track, a new commitment) make one screenshot show every
section.
"""
from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from digest_helpers import HandKB, write_config
from icic.config import load_config
from reports.digest import write_digest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def top_up(kb: HandKB) -> None:
    """Rows for the sections the sample day does not reach; the words are this test's own."""
    kb.article("Border traders in Saryagash expect a busier winter season", "2026-11-21T17:30:00+05:00",
               lang="en", relevance="related", source="border-wire",
               text="Market stall owners near the Zhibek Zholy crossing say lorry queues have grown shorter.")
    ru, en = (next(kb.db.query("select id from documents where lang = ? and relevance = 'about' "
                               "and published >= '2026-11-21T08' and published < '2026-11-22T08'", [lang]))["id"]
              for lang in ("ru", "en"))
    kb.duplicate_url(ru, "http://caravan.test/reprint.html", "caravan-news")
    track = kb.insert("tracks", actor="Customs Committee", action_en="start cargo checks at the terminal",
                      action="начать досмотр грузов на терминале", status="planned", deadline_end="2026-12-15",
                      first_reported="2026-09-01", open=1, about=1)   # as kb/tracks.py keeps an open step about the center
    kb.insert("track_events", track_id=track, date="2026-11-21T18:40:00+05:00", field="deadline",
              old="2026-10-01", new="2026-12-15")
    kb.insert("commitments", document_id=en, track_id=None, actor="Terminal operator",
              action="will open a second cargo lane by New Year", action_en="open a second cargo lane",
              status="planned", deadline_end="2026-12-31", deadline_kind="deadline", amount=4.5e6, currency="USD")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.slow
def test_rendered_digest_screenshot(sample_kb_path, tmp_path, artifacts):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/install-system.sh installs it)")
    kb = HandKB(sample_kb_path)
    top_up(kb)
    config = load_config(write_config(tmp_path, digest={"list_limit": 2}))  # one screen: every section
    html = write_digest(kb.db, config, "2026-11-22", tmp_path / "out")[0]
    page = html.read_text(encoding="utf-8")
    for language in ("Русский", "Қазақша", "Oʻzbekcha", "English"):
        assert language in page
    for section in ("Articles about the center", "Related", "Commitments", "Changed", "Due in the next 30 days",
                    "Overdue", "Money figures", "Most mentioned"):
        assert f">{section}" in page
    shot = artifacts / "digest.png"
    shot.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'chromium'}", f"--screenshot={shot}",
                    "--window-size=1000,2400", html.as_uri()], capture_output=True, timeout=120, check=True)
    assert png_size(shot) == (1000, 2400)
    assert shot.stat().st_size > 50_000  # a page of text and a chart, not a blank sheet
