"""`icic serve`: a real Datasette process on 127.0.0.1, its JSON API, canned queries, and Chromium renders."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
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

TOKAYEV_SPELLINGS = ("Tokayev", "Токаев", "Тоқаев", "Toqayev")


def tokayev(text: str) -> dict:
    """Tokayev as the registry knows him (a seed entity: its English name is shown)."""
    return {**entity("PER", text, "Kassym-Jomart Tokayev"), "key": "per:tokayev"}

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
            entities=[tokayev("Токаев")],
            commitments=[commitment("open the center", actor="ICIC", end="2025-06-30", amount=1.3e9, currency="USD",
                                    evidence="Центр откроют в этом году.")])
    add_doc(db, 2, "Орталықтың ашылуы кейінге қалдырылды.", lang="kk", published="2025-07-01",
            entities=[tokayev("Тоқаев"), entity("ORG", "Шымкент халықаралық әуежайы",
                                                "Shymkent khalykaralyk auyezhayy")],
            commitments=[commitment("open the center", actor="ICIC", end=soon, amount=1.3e9, currency="USD")])
    add_doc(db, 3, "Uzbekistan will build a road to Gulistan by 2020.", lang="en", source="oasis-daily",
            published="2019-05-01", commitments=[commitment("build a road to Gulistan", actor="Uzbekistan",
                                                            end="2020-12-31", amount=5e7, currency="UZS")])
    # one text per spelling, each in its own language and script; the CLI finds all four from any of them
    add_doc(db, 4, "Президент Тоқаев орталықтың құрылысын аралады.", lang="kk", published="2026-11-21",
            entities=[tokayev("Тоқаев")])
    add_doc(db, 5, "Prezident Toqayev markaz qurilishini koʻrdi.", lang="uz", published="2026-11-20",
            source="oasis-daily", entities=[tokayev("Toqayev")])
    add_doc(db, 6, "President Tokayev toured the building site of the center.", lang="en", published="2026-11-19")
    add_doc(db, 7, "Марказ қурилиши давом этмоқда.", lang="uz", published="2026-11-18", source="oasis-daily")
    add_doc(db, 8, "Тоқаев 2031 жылға дейін жаңа жол салынатынын айтты.", lang="kk", published="2026-11-17",
            entities=[tokayev("Тоқаев")],
            commitments=[commitment("build a new road", actor="Тоқаев", end="2031-12-31",
                                    evidence="Тоқаев 2031 жылға дейін жаңа жол салынатынын айтты.")])
    db.execute("update documents set script = 'Latn' where id = 5")
    db.conn.commit()
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
    assert set(meta["databases"]["icic"]["queries"]) == {"search", "due_next_90_days", "overdue", "slipped",
                                                        "money_by_actor", "mentions_per_week"}
    assert meta["databases"]["icic"]["tables"]["documents"]["fts_table"] == "search_index"


def test_tables_listed_with_titles(server):
    data = get_json(server + "/icic.json")
    names = {t["name"] for t in data["tables"]}
    assert {"documents", "tracks", "commitments", "track_events", "entities"} <= names
    status, body = get(server + "/")
    assert status == 200 and b"ICIC Monitor knowledge base" in body


def test_facets_on_documents(server):
    data = get_json(server + "/icic/documents.json?_col=lang&_facet=source_id&_shape=objects")
    facets = {f["name"]: {r["value"]: r["count"] for r in f["results"]} for f in data["facet_results"].values()}
    assert facets["language"] == {"ru": 1, "kk": 3, "en": 2, "uz-Latn": 1, "uz-Cyrl": 1}  # Uzbek by script
    assert facets["source_id"] == {"steppe-herald": 5, "oasis-daily": 3}
    cyrl = next(r for f in data["facet_results"].values() if f["name"] == "language" for r in f["results"]
                if r["value"] == "uz-Cyrl")
    chosen = get_json(cyrl["toggle_url"].replace("documents?", "documents.json?") + "&_shape=objects")
    assert [r["id"] for r in chosen["rows"]] == [7]


def test_full_text_search_on_documents(server):
    data = get_json(server + "/icic/documents.json?_col=title&_search=" + urllib.parse.quote("Gulistan")
                    + "&_shape=objects")
    assert [r["id"] for r in data["rows"]] == [3]


def cli_search_ids(kb_file, query: str) -> set[int]:
    from click.testing import CliRunner

    from icic.cli import cli

    result = CliRunner().invoke(cli, ["search", query, "--db", str(kb_file), "--limit", "1000", "--format", "json"])
    return {r["id"] for r in json.loads(result.output)}


@pytest.mark.parametrize("spelling", TOKAYEV_SPELLINGS)
def test_search_crosses_scripts_as_the_cli_does(server, kb_file, spelling):
    table = get_json(server + "/icic/documents.json?_col=title&_size=max&_shape=objects&_search="
                     + urllib.parse.quote(spelling))
    canned = get_json(server + "/icic/search.json?_shape=objects&q=" + urllib.parse.quote(spelling))
    assert {r["id"] for r in table["rows"]} == {r["id"] for r in canned["rows"]} == cli_search_ids(kb_file, spelling) \
        == {1, 4, 5, 6, 8}


def test_empty_search_finds_nothing_without_an_error(server):
    data = get_json(server + "/icic/search.json?_shape=objects&q=" + urllib.parse.quote("NOT"))
    assert data["rows"] == []


def test_documents_table_opens_without_texts_and_hashes(server):
    request = urllib.request.Request(server + "/icic/documents")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 302
    target = redirect.value.headers["location"]
    assert "_col=title" in target and "_col=text" not in target and "content_hash" not in target
    data = get_json(server + target.replace("/documents?", "/documents.json?") + "&_shape=objects")
    assert set(data["rows"][0]) == {"id", "title", "source_id", "published", "lang", "script", "relevance", "kind", "url"}
    whole = get_json(server + "/icic/documents.json?_nocol=author&_shape=objects")  # the reader may still ask
    assert "text" in whole["rows"][0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_internal_tables_are_hidden(server):
    tables = {t["name"]: t["hidden"] for t in get_json(server + "/icic.json")["tables"]}
    for name in ("_sqlite_migrations", "search_index", "search_vocab", "search_marks", "documents_fts", "http_cache"):
        assert tables.get(name, True) is True, name
    assert tables["documents"] is False and tables["tracks"] is False


@pytest.mark.parametrize("query,expected", [
    ("due_next_90_days", [("ICIC", "open the center")]),
    ("overdue", [("Uzbekistan", "build a road to Gulistan")]),
    ("slipped", [("ICIC", "open the center")]),
])
def test_canned_queries(server, query, expected):
    data = get_json(f"{server}/icic/{query}.json?_shape=objects")
    assert [(r["actor"], r["action"]) for r in data["rows"]] == expected
    assert all(r["evidence"] and r["article"].startswith("http://sample.test/") for r in data["rows"])


def test_canned_track_rows_read(server):
    row = get_json(server + "/icic/due_next_90_days.json?_shape=objects")["rows"][0]
    assert row["amount"] == "1,300,000,000 USD" and row["article"] == "http://sample.test/steppe-herald/2.html"
    assert row["evidence"] == "A sentence of evidence."  # the latest report's sentence, not the first one's


def test_money_by_actor(server):
    data = get_json(server + "/icic/money_by_actor.json?_shape=objects")
    assert [(r["actor"], r["currency"], r["total"]) for r in data["rows"]] == [("ICIC", "USD", "1,300,000,000 USD"),
                                                                              ("Uzbekistan", "UZS", "50,000,000 UZS")]


@pytest.mark.parametrize("name", ["tokayev", *TOKAYEV_SPELLINGS, "Тоқаевтың"])
def test_mentions_per_week_by_any_spelling_and_iso_weeks(server, name):
    data = get_json(server + "/icic/mentions_per_week.json?_shape=objects&name=" + urllib.parse.quote(name))
    assert [(r["week"], r["mentions"]) for r in data["rows"]] == [("2026-W47", 3), ("2025-W27", 1), ("2025-W02", 1)]
    assert {r["entity"] for r in data["rows"]} == {"Kassym-Jomart Tokayev"}


def test_names_are_english_or_as_written(server):
    data = get_json(server + "/icic/mentions_per_week.json?_shape=objects&name=")
    names = {r["entity"] for r in data["rows"]}
    assert "Kassym-Jomart Tokayev" in names                 # the registry's English name
    assert "Шымкент халықаралық әуежайы" in names           # found in a text: as the text wrote it
    assert "Shymkent khalykaralyk auyezhayy" not in names   # never the romanised key


@pytest.mark.parametrize("sql", ["delete from documents", "drop table tracks",
                                 "update tracks set status = 'completed'", "insert into sources (id) values ('x')"])
def test_writes_are_refused(server, kb_file, sql):
    status, body = get(server + "/icic.json?sql=" + urllib.parse.quote(sql))
    assert status == 400
    assert b"Statement must be a SELECT" in body
    from kb import open_db

    db = open_db(kb_file, readonly=True)
    assert (db["documents"].count, db["tracks"].count) == (8, 3)
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


def chromium(*args: str, tmp_path: Path) -> str:
    """Headless Chromium with a throw-away profile; its stdout (the DOM with --dump-dom)."""
    profile = tmp_path / "chromium-search"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--hide-scrollbars", *args]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=120, check=False, text=True).stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is installed by scripts/install-system.sh")
@pytest.mark.parametrize("page", ["/icic/documents?_search={q}", "/icic/search?q={q}"])
def test_search_in_chromium_finds_every_script(server, artifacts, tmp_path, page):
    """What a researcher sees: the table's search box and the canned query, typed in Kazakh Cyrillic."""
    url = server + page.format(q=urllib.parse.quote("Тоқаев"))
    dom = chromium("--window-size=1280,900", "--dump-dom", url, tmp_path=tmp_path)
    titles = set(re.findall(r">(Article \d)<", dom))
    assert titles == {"Article 1", "Article 4", "Article 5", "Article 6", "Article 8"}, dom[-2000:]
    if "documents" in page:  # the table opened with the reader's columns: no text, no hashes
        assert 'data-column="title"' in dom
        assert 'data-column="text"' not in dom and 'data-column="content_hash"' not in dom
    name = "datasette-search-table.png" if "documents" in page else "datasette-search-query.png"
    shot = artifacts / name
    shot.unlink(missing_ok=True)
    chromium("--window-size=1280,900", f"--screenshot={shot}", url, tmp_path=tmp_path)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_track_links_are_labelled(server):
    data = get_json(server + "/icic/commitments.json?_labels=on&_shape=objects&_size=1")
    assert data["rows"][0]["track_id"]["label"] == "open the center"   # not "1 1"


@pytest.mark.parametrize("table", ["commitments", "tracks", "entities", "money", "mentions", "sources"])
def test_every_table_page_opens(server, table):
    assert get(f"{server}/icic/{table}")[0] == 200
    assert get(f"{server}/icic/{table}.json")[0] == 200


def test_actor_ids_read_as_names(server):
    status, body = get(server + "/icic/tracks")
    assert status == 200
    page = body.decode("utf-8")
    assert '>Kassym-Jomart Tokayev</a>' in page and "/icic/entities/" in page
