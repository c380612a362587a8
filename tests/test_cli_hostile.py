"""Hostile command lines, files and configurations get one-line errors, never tracebacks
(issue 13, items 9 and 10).  Each case is the real `icic` program on real files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb import open_db
from kb.store import save_document, save_source

ICIC = str(Path(sys.executable).with_name("icic"))


def icic(*args, stdin: bytes | None = None, cwd=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([ICIC, *args], input=stdin, capture_output=True, timeout=timeout, cwd=cwd)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The error of a failed run, which must be one line (plus click's usage lines) and no traceback."""
    err = result.stderr.decode()
    assert result.returncode != 0, err
    assert "Traceback" not in err, err
    lines = [l for l in err.splitlines() if l.startswith("Error")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    db = open_db(path)
    save_source(db, {"id": "s", "name": "s", "homepage": "http://sample.test/", "country": "KZ", "languages": []})
    save_document(db, {"url": "http://sample.test/a.html", "source_id": "s", "title": "A", "published": "2026-11-20",
                       "text": "The center opened a customs terminal near the border crossing.", "lang_hint": "en"})
    from kb.fold import fold_name

    db.conn.executemany("insert into tracks (actor, actor_key, action, status, about, open) "
                        "values (?, ?, ?, 'planned', 1, 1)",
                        [(actor, fold_name(actor), action) for actor, action in
                         [("Kazakhstan", "build a road"), ("Exxon group", "drill"), ("Max Fox", "sell")]])
    db.conn.commit()
    return str(path)


@pytest.mark.parametrize("args, says", [
    (["search", "center", "--until", "9999-12-31"], "--until must be a date between"),
    (["commitments", "--due-soon", "36500", "--as-of", "9999-12-01"], "--as-of must be a date between"),
    (["track", "99999999999999999999999"], "not in the range"),
    (["digest", "--date", "9999-12-31"], "--date must be between"),
    (["digest", "--date", "0001-01-01"], "--date must be between"),
    (["digest", "--date", "2026-11-21", "--out", "/proc/x"], "cannot write the digest to /proc/x"),
    (["process", "--limit", "0"], "--limit"),
    (["process", "--limit", "-5"], "--limit"),
    (["process", "--workers", "500"], "--workers"),
])
def test_bad_values_get_one_line(kb_path, tmp_path, args, says):
    result = icic(*args, "--db", kb_path, cwd=tmp_path)
    assert says in one_line_error(result)


def test_limit_zero_processes_nothing(kb_path):
    icic("process", "--db", kb_path, "--limit", "0")
    assert open_db(kb_path).execute("select count(*) from documents where state = 'new'").fetchone()[0] == 1


@pytest.mark.parametrize("make", ["text", "devnull"])
def test_db_that_is_not_a_knowledge_base(tmp_path, make):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list: bread, tea, apples\n" * 40)
    target = str(path) if make == "text" else "/dev/null"
    assert "not" in one_line_error(icic("search", "tea", "--db", target))
    if make == "text":
        assert path.read_text().startswith("shopping list")          # left as it was


def test_extract_of_a_device_or_fifo(tmp_path):
    assert "not a regular file" in one_line_error(icic("extract", "/dev/zero", timeout=30))


def test_demo_site_without_manifest(tmp_path):
    (tmp_path / "site").mkdir()
    error = one_line_error(icic("demo", "--site", str(tmp_path / "site"), "--db", str(tmp_path / "kb.sqlite")))
    assert "no manifest.json" in error


@pytest.mark.parametrize("config, key", [
    ("smtp:\n  port: -1\n", "smtp.port"),
    ("smtp:\n  retries: -1\n", "smtp.retries"),
    ("smtp:\n  timeout: 0\n", "smtp.timeout"),
    ("digest:\n  chart_days: 0\n", "digest.chart_days"),
    ("digest:\n  chart_days: 100000\n", "digest.chart_days"),
    ('digest:\n  subject: "Digest\\r\\nBcc: everyone@example.org"\n', "digest.subject"),
    ("crawl:\n  download_delay: -1\n", "crawl.download_delay"),
    ("crawl:\n  retry_times: -3\n", "crawl.retry_times"),
    ("crawl:\n  max_pages: -1\n", "crawl.max_pages"),
    ("nlp:\n  workers: 9999\n", "nlp.workers"),
    ("nlp:\n  max_chars: 10\n", "nlp.max_chars"),
])
def test_config_values_out_of_range(tmp_path, config, key):
    path = tmp_path / "icic.yaml"
    path.write_text(config, encoding="utf-8")
    assert f"key '{key}'" in one_line_error(icic("--config", str(path), "process", "--db", str(tmp_path / "kb.sqlite")))


def test_yaml_errors_name_the_line(tmp_path):
    path = tmp_path / "icic.yaml"
    path.write_text("kb:\n  path: data/kb.sqlite\ndigest:\n  recipients: [a@example.org\n", encoding="utf-8")
    assert "at line 5, column 1" in one_line_error(icic("--config", str(path), "process"))
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - id: x\n    name: [broken\n", encoding="utf-8")
    from crawler.sources import SourcesError, load_sources

    with pytest.raises(SourcesError, match="at line 4, column 1"):
        load_sources(sources)


def test_actor_matches_whole_words_not_one_folded_letter(kb_path):
    out = icic("commitments", "--db", kb_path, "--actor", "xxx", "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout) == []
    out = icic("commitments", "--db", kb_path, "--actor", "Kazakhstan", "--format", "json")
    assert [t["actor"] for t in json.loads(out.stdout)] == ["Kazakhstan"]


def test_jsonl_survives_nesting_bom_and_bad_lines():
    lines = [b"\xef\xbb\xbf" + json.dumps({"id": "first", "text": "The ferry crossed the river at noon."}).encode(),
             b"[" * 200_000 + b"]" * 200_000,
             b'{"id": "bad-bytes", "text": "\xff\xfe"}',
             b"[1, 2, 3]",
             b'{"id": "no-text"}',
             b"{not json",
             json.dumps({"id": "last", "text": "The border post opened a second lane."}).encode()]
    result = icic("extract", "--jsonl", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr.decode()
    assert [json.loads(l)["id"] for l in result.stdout.decode().splitlines()] == ["first", "last"]
    errors = result.stderr.decode().splitlines()
    assert [e.split(":")[0] for e in errors] == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert "Traceback" not in result.stderr.decode()
