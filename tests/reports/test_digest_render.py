"""The digest as a reader sees it: rendered by headless Chromium, screenshot kept in test-artifacts/digest.png.

The sample KB's last day (2026-11-21, the digest of 2026-11-22) has an article
in each of the four languages; a few rows written here (a related article, a
reprint, a changed track, a new commitment) make one screenshot show every
section.
"""
from __future__ import annotations

import datetime as dt
import html
import re
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


# ---------------------------------------------------------------- the page a subscriber reads


def page_size(html: Path, width: int, tmp_path: Path) -> tuple[int, int]:
    """(scroll width, content height) of `html` laid out `width` CSS pixels wide by Chromium.

    The page is loaded in an iframe of that width (headless Chromium will not open a window narrower
    than 500 px), so its media queries see `width`; the iframe is short, so the height is the content's."""
    harness = html.with_name(f"harness-{width}.html")
    harness.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{html.name}" '
        f'style="border:0;width:{width}px;height:50px"></iframe><script>'
        'document.getElementById("f").addEventListener("load", () => {'
        ' const d = document.getElementById("f").contentDocument.documentElement;'
        ' document.body.setAttribute("data-size", d.scrollWidth + "x" + d.scrollHeight); });'
        '</script></body></html>', encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'chromium-size'}",
                          "--allow-file-access-from-files", "--window-size=1200,900", "--virtual-time-budget=5000",
                          "--dump-dom", harness.as_uri()], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'data-size="(\d+)x(\d+)"', dom)
    assert found, dom[-500:]
    return int(found.group(1)), int(found.group(2))


def phone_screenshot(html: Path, width: int, height: int, shot: Path, tmp_path: Path) -> None:
    """A screenshot of the page as a phone `width` px wide shows it (in an iframe, see page_size)."""
    frame = html.with_name(f"phone-{width}.html")
    frame.write_text(f'<!DOCTYPE html><html><body style="margin:0;background:#888"><iframe src="{html.name}" '
                     f'style="border:0;width:{width}px;height:{height}px;background:#fff"></iframe></body></html>',
                     encoding="utf-8")
    shot.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'chromium-phone'}", "--allow-file-access-from-files",
                    f"--screenshot={shot}", f"--window-size=500,{height}", frame.as_uri()],
                   capture_output=True, timeout=120, check=True)


@pytest.fixture
def sample_day_html(sample_kb_path, tmp_path) -> Path:
    """The sample day's digest with the shipped configuration (the day `make demo` writes)."""
    from kb import open_db

    config = load_config(write_config(tmp_path, digest={"datasette_url": "http://kb.example.org/icic"}))
    return write_digest(open_db(sample_kb_path), config, "2026-11-22", tmp_path / "out")[0]


@pytest.mark.slow
def test_sample_day_is_read_in_a_minute_at_1000_px(sample_day_html, tmp_path, artifacts):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/install-system.sh installs it)")
    width, height = page_size(sample_day_html, 1000, tmp_path)
    assert width == 1000 and height < 1500, (width, height)
    shot = artifacts / "digest-1000.png"
    shot.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'chromium'}", f"--screenshot={shot}",
                    f"--window-size=1000,{height}", sample_day_html.as_uri()], capture_output=True, timeout=120,
                   check=True)
    assert png_size(shot) == (1000, height)


@pytest.mark.slow
def test_sample_day_fits_a_375_px_phone(sample_day_html, tmp_path, artifacts):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/install-system.sh installs it)")
    width, height = page_size(sample_day_html, 375, tmp_path)
    assert width == 375, f"the page is {width} px wide on a 375 px screen: cut on the right"
    wide, _ = page_size(sample_day_html, 1000, tmp_path)
    assert wide == 1000
    phone_screenshot(sample_day_html, 375, min(height, 3000), artifacts / "digest-375.png", tmp_path)
    assert png_size(artifacts / "digest-375.png")[0] == 500


def test_sample_day_reads_without_codes(sample_day_html):
    page = sample_day_html.read_text(encoding="utf-8")
    text = sample_day_html.with_suffix(".txt").read_text(encoding="utf-8")
    for doc in (page, text):
        assert "in_progress" not in doc and "up_to" not in doc and "(s)" not in doc
        assert not re.search(r"\b1 (outlets|articles|mentions|reprints)\b", doc)
        assert not re.search(r"\[(EN|RU|KK|UZ)\]|×\d", doc)
        assert not re.search(r"\d\.\d+ USD|\d{7,} (USD|KZT|UZS)", doc)  # grouped whole amounts
    assert "and " in page and 'href="http://kb.example.org/icic/overdue"' in page  # "more" leads to the list
    assert "http://kb.example.org/icic/overdue" in text


def test_sample_day_commitments_carry_sentence_and_link(sample_day_html):
    page = sample_day_html.read_text(encoding="utf-8")
    new = page.split(">New in these 24 hours<")[1].split("<h3")[0]
    rows = new.split('<div style="padding:2px 0;border-bottom')[1:]
    assert rows, new[:500]
    for row in rows:
        assert "&laquo;" in row and ">source</a>" in row      # the sentence and its article
        assert len(re.sub(r"<[^>]+>", "", row.split("&laquo;")[1])) > 30  # a sentence, not a one-word cue
    overdue = page.split(">Overdue<")[1].split("<h2")[0]
    assert overdue.count('<a href="http') >= 3                  # each overdue row links its article


def test_english_gloss_from_known_names_only(sample_day_html, sample_kb_path):
    """Every piece of every English line is a name or a gloss the project has: the topic's canonical
    name, a registry entity's English name, or the English gloss of one of the KB's commitments."""
    import yaml

    from kb import open_db

    page = sample_day_html.read_text(encoding="utf-8")
    glosses = re.findall(r">In English: ([^<]+)<", page)
    assert glosses                                      # the non-English titles of the day get one
    db = open_db(sample_kb_path)
    known = {r[0] for r in db.execute("select canonical from entities where origin = 'registry'")}
    known |= {r[0] for r in db.execute("select action_en from commitments where action_en is not null")}
    known.add(yaml.safe_load((Path(__file__).resolve().parents[2] / "nlp/data/topic.yaml").read_text())["canonical"])
    for line in glosses:
        for piece in re.split(r" · |; ", html.unescape(line)):
            assert all(name in known for name in piece.split(", ")) or piece in known, piece
    english = page.split("signs up first residents")[1].split("</div>\n</div>")[0]
    assert "In English" not in english                  # an English title needs none


def test_gloss_is_never_invented(tmp_path):
    from reports.details import gloss

    kb = HandKB(tmp_path / "kb.sqlite")
    doc = kb.article("Пахта нархи ошди", "2026-11-21T10:00:00+05:00", lang="uz")
    entry = {"lang": "uz", "title": "Пахта нархи ошди", "document_ids": [doc]}
    assert gloss(kb.db, entry, ("ICIC", {"icic"}, "International Center")) is None  # nothing known: no line


def test_chart_counts_only_articles_about_the_center(tmp_path):
    from reports.digest import about_per_day
    from reports.query import Window

    kb = HandKB(tmp_path / "kb.sqlite")
    kb.article("МЦПК принял первые грузы", "2026-11-21T10:00:00+05:00")
    kb.article("Border traders expect a busy winter", "2026-11-21T11:00:00+05:00", lang="en", relevance="related")
    counts = about_per_day(kb.db, Window.for_day(dt.date(2026, 11, 22), "08:00", "Asia/Almaty"), 30)
    assert {lang: sum(c.values()) for lang, c in counts.items()} == {"ru": 1}


def test_reports_modules_import_no_circle():
    """digest → message → model, send → message/model: no module of reports/ imports one that imports it."""
    import ast

    folder = Path(__file__).resolve().parents[2] / "reports"
    graph = {}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reports"):
                names |= {node.module.split(".")[1]} if "." in node.module else {a.name for a in node.names}
            elif isinstance(node, ast.Import):
                names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("reports.")}
        graph[path.stem] = names - {path.stem}

    def reaches(start, goal, seen=()):
        return any(n == goal or (n not in seen and reaches(n, goal, (*seen, n))) for n in graph.get(start, ()))

    assert not [m for m in graph if reaches(m, m)]


def test_chart_deadline_labels_name_what_falls_due():
    from reports.chart import _label, render_chart

    day = dt.date(2026, 12, 31)
    one = [{"deadline": day, "actor": "Customs Committee", "action": "open the terminal"}]
    assert _label(day, one) == "31 Dec 2026\nCustoms Committee: open the terminal"
    assert _label(day, one * 8) == "31 Dec 2026\n8 deadlines"            # not "(+7 more) plan"
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from reports.chart import _timeline

    figure = Figure()
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    _timeline(ax, one + [{"deadline": dt.date(2027, 1, 20), "actor": None, "action": "sign"}], dt.date(2026, 11, 22))
    figure.canvas.draw()
    assert ax.xaxis.get_offset_text().get_text() == ""                  # no stray "2027-Jan" under the axis
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", t) for t in labels)  # whole dates
    assert render_chart({}, dt.date(2026, 11, 22), 30, one, {})[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_change_names_its_two_reports():
    from reports.render import reports_of

    change = {"old_outlet": "Steppe Herald", "old_date": "2026-11-20T10:15:00+05:00",
              "new_outlet": "Oasis Daily", "new_date": "2026-11-21T09:00:00+05:00"}
    assert reports_of(change) == "before: Steppe Herald, 20 Nov 2026; now: Oasis Daily, 21 Nov 2026"
    assert reports_of({"old_outlet": None, "old_date": None, "new_outlet": "Oasis Daily", "new_date": None}) == \
        "now: Oasis Daily"
