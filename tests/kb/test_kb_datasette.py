"""`icic serve`: a real Datasette process on 127.0.0.1, its JSON API, canned queries, and Chromium renders."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kb.datasette import QUERIES, metadata
from kbhelpers import add_doc, commitment, entity, new_db

CHROMIUM = "/usr/bin/chromium"
TODAY = dt.date.today()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture(scope="module")
def kb_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "icic.sqlite"
    db = new_db(path)
    soon = (TODAY + dt.timedelta(days=30)).isoformat()
    add_doc(db, 1, "Токаев: центр откроют в этом году, вложено $1,3 млрд.", published="2025-01-10",
            entities=[entity("PER", "Токаев", "Kassym-Jomart Tokayev")],
            commitments=[commitment("open the center", actor="ICIC", end="2025-06-30", amount=1.3e9, currency="USD")])
    add_doc(db, 2, "Орталықтың ашылуы кейінге қалдырылды.", lang="kk", published="2025-07-01",
            entities=[entity("PER", "Тоқаев", "Kassym-Jomart Tokayev")],
            commitments=[commitment("open the center", actor="ICIC", end=soon, amount=1.3e9, currency="USD")])
    add_doc(db, 3, "Uzbekistan will build a road to Gulistan by 2020.", lang="en", source="oasis-daily",
            published="2019-05-01", commitments=[commitment("build a road to Gulistan", actor="Uzbekistan",
                                                            end="2020-12-31", amount=5e7, currency="UZS")])
    db.close()
    return path


@pytest.fixture(scope="module")
def server(kb_file):
    """`icic serve` as a real process on a free loopback port; the whole process group is stopped afterwards."""
    port = free_port()
    icic = Path(sys.executable).parent / "icic"
    log = open(kb_file.parent / "serve.log", "wb")  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen([str(icic), "serve", "--db", str(kb_file), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # at most 30 s
            if proc.poll() is not None:
                pytest.fail(f"icic serve exited: {(kb_file.parent / 'serve.log').read_text(errors='replace')}")
            try:
                if get(base + "/-/versions.json")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        else:
            pytest.fail("Datasette did not answer within 30 s")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


def get_json(url: str):
    status, body = get(url)
    assert status == 200, body[:300]
    return json.loads(body)


def test_metadata_names_the_database():
    meta = metadata("icic")
    assert set(meta["databases"]["icic"]["queries"]) == {"due_next_90_days", "overdue", "slipped", "money_by_actor",
                                                        "mentions_per_week"}
    assert meta["databases"]["icic"]["tables"]["documents"]["fts_table"] == "documents_fts"


def test_tables_listed_with_titles(server):
    data = get_json(server + "/icic.json")
    names = {t["name"] for t in data["tables"]}
    assert {"documents", "tracks", "commitments", "track_events", "entities"} <= names
    status, body = get(server + "/")
    assert status == 200 and b"ICIC Monitor knowledge base" in body


def test_facets_on_documents(server):
    data = get_json(server + "/icic/documents.json?_facet=lang&_facet=source_id&_shape=objects")
    facets = {f["name"]: {r["value"]: r["count"] for r in f["results"]} for f in data["facet_results"].values()}
    assert facets["lang"] == {"ru": 1, "kk": 1, "en": 1}
    assert facets["source_id"] == {"steppe-herald": 2, "oasis-daily": 1}


def test_full_text_search_on_documents(server):
    data = get_json(server + "/icic/documents.json?_search=" + urllib.parse.quote("Gulistan") + "&_shape=objects")
    assert [r["id"] for r in data["rows"]] == [3]


@pytest.mark.parametrize("query,expected", [
    ("due_next_90_days", [("ICIC", "open the center")]),
    ("overdue", [("Uzbekistan", "build a road to Gulistan")]),
    ("slipped", [("ICIC", "open the center")]),
])
def test_canned_queries(server, query, expected):
    data = get_json(f"{server}/icic/{query}.json?_shape=objects")
    assert [(r["actor"], r["action"]) for r in data["rows"]] == expected


def test_money_by_actor(server):
    data = get_json(server + "/icic/money_by_actor.json?_shape=objects")
    assert [(r["actor"], r["currency"], r["total"]) for r in data["rows"]] == [("ICIC", "USD", 1.3e9),
                                                                              ("Uzbekistan", "UZS", 5e7)]


def test_mentions_per_week_with_parameter(server):
    data = get_json(server + "/icic/mentions_per_week.json?_shape=objects&name=tokayev")
    assert sorted(r["mentions"] for r in data["rows"]) == [1, 1]
    assert {r["entity"] for r in data["rows"]} == {"Kassym-Jomart Tokayev"}


@pytest.mark.parametrize("sql", ["delete from documents", "drop table tracks",
                                 "update tracks set status = 'completed'", "insert into sources (id) values ('x')"])
def test_writes_are_refused(server, kb_file, sql):
    status, body = get(server + "/icic.json?sql=" + urllib.parse.quote(sql))
    assert status == 400
    assert b"Statement must be a SELECT" in body
    from kb import open_db

    db = open_db(kb_file, readonly=True)
    assert (db["documents"].count, db["tracks"].count) == (3, 2)
    db.conn.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is installed by scripts/install-system.sh")
@pytest.mark.parametrize("page,name", [("/", "datasette-front.png"), ("/icic/slipped", "datasette-slipped.png")])
def test_pages_render_in_chromium(server, artifacts, tmp_path, page, name):
    out = artifacts / name
    out.unlink(missing_ok=True)
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=1280,900", f"--screenshot={out}",
           server + page]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    shutil.rmtree(profile, ignore_errors=True)
    assert out.exists() and out.stat().st_size > 10_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_all_canned_queries_have_titles():
    assert all(q["title"] and q["description"] and q["sql"].lstrip().startswith("select") for q in QUERIES.values())
