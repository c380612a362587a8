"""What a user of the terminal sees: tables that fit, whole rows when piped, JSON shapes, the
shared options (-v/-q after the subcommand, --log-file, --version, config discovery) and the
answers analysts ask for (icic money, --changed-since, digest --since)."""
from __future__ import annotations

import fcntl
import json
import logging
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from icic.cli import cli
from kbhelpers import add_doc, commitment, entity, new_db

ICIC = str(Path(sys.executable).with_name("icic"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")
LONG_TITLE = ("Орталық Азия халықаралық өнеркәсіптік кооперация орталығында екінші жүк терминалы "
              "салынатын болды деп хабарлады облыс әкімдігі")
TOKAYEV = entity("PER", "Токаев", "Kassym-Jomart Tokayev")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def money_fact(text: str, amount: float, currency: str, usd: float | None) -> dict:
    return {"text": text, "span": [0, len(text)], "amount": amount, "currency": currency, "usd": usd}


@pytest.fixture
def kb_path(tmp_path) -> str:
    """Three articles of our own: a Kazakh one with a long title, an Uzbek one in each script."""
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    add_doc(db, 1, "Токаев: на терминал выделят 123 млрд тенге, а до 2027 года ещё $25 млн.", title=LONG_TITLE,
            published="2025-03-01T10:00:00+05:00", entities=[TOKAYEV],
            money=[money_fact("123 млрд тенге", 123e9, "KZT", 236_084_453.0), money_fact("$25 млн", 25e6, "USD", 25e6)],
            commitments=[commitment("build a second cargo terminal", actor="Akimat of Turkestan", end="2027-12-31",
                                    amount=123e9, currency="KZT", evidence="На терминал выделят 123 млрд тенге.")])
    add_doc(db, 2, "Omborxona 2026-yilgacha quriladi, unga 40 mlrd soʻm ajratildi.", title="Ombor quriladi",
            lang="uz", source="oasis-daily", published="2025-06-10T09:00:00+05:00",
            money=[money_fact("40 mlrd soʻm", 40e9, "UZS", 3_088_803.0)],
            commitments=[commitment("build a warehouse", actor="Sirdaryo hokimligi", end="2026-12-31",
                                    evidence="Omborxona 2026-yilgacha quriladi.")])
    add_doc(db, 3, "Омборхона 2026 йилгача қурилади.", title="Омбор қурилади", lang="uz", source="oasis-daily",
            published="2026-11-20T09:00:00+05:00",
            commitments=[commitment("open a customs post", actor="Customs Committee", end="2026-12-20",
                                    evidence="Божхона посту очилади.")])
    db.execute("update documents set script = 'Latn' where id = 2")
    db.conn.commit()
    db.close()
    return str(path)


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


def in_terminal(*args: str, columns: int = 80) -> str:
    """Run icic on a pseudo-terminal `columns` wide (COLUMNS set too); its output without colour codes."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color"}
    proc = subprocess.Popen([ICIC, *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, b"".join(chunks).decode(errors="replace")
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


@pytest.mark.parametrize("args", [
    ["commitments", "--as-of", "2026-11-22"],
    ["search", "Tokayev"],
    ["entities"],
    ["money", "--relevance", "none"],
    ["track", "1", "--format", "table"],
])
def test_tables_fit_an_80_column_terminal_and_cut_nothing(kb_path, args):
    out = in_terminal(*args, "--db", kb_path)
    lines = out.splitlines()
    assert lines and max(len(line) for line in lines) <= 80, out
    assert "…" not in out.replace("…терминал", "")  # only search snippets open with an ellipsis
    assert not re.search(r"\d{4}-\d\d-\d\dT\d", out)  # dates as dates, no timestamps


def test_terminal_table_keeps_whole_values(kb_path):
    out = in_terminal("commitments", "--as-of", "2026-11-22", "--db", kb_path)
    flat = " ".join(out.split())
    assert "123,000,000,000 KZT" in flat and "build a second cargo terminal" in flat
    assert "123000000000" not in flat


def test_piped_rows_are_plain_and_whole(kb_path):
    result = run("search", "терминал", "--db", kb_path)
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    line = next(line for line in result.output.splitlines() if line.startswith("1 "))
    assert LONG_TITLE in line and "http://sample.test/steppe-herald/1.html" in line


def test_commitments_json_has_lists_and_numbers(kb_path):
    rows = json.loads(run("commitments", "--as-of", "2026-11-22", "--format", "json", "--db", kb_path).output)
    first = next(r for r in rows if r["actor"] == "Akimat of Turkestan")
    assert first["amount"] == 123_000_000_000 and isinstance(first["amount"], int)
    assert first["currency"] == "KZT" and first["lang"] == ["ru"] and first["flags"] == []
    customs = next(r for r in rows if r["actor"] == "Customs Committee")
    assert customs["flags"] == ["due-soon"]


def test_jsonl_is_one_object_a_line(kb_path):
    lines = run("entities", "--format", "jsonl", "--db", kb_path).output.splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Kassym-Jomart Tokayev"]


def test_limit(kb_path):
    rows = json.loads(run("commitments", "--limit", "1", "--format", "json", "--db", kb_path).output)
    assert len(rows) == 1


@pytest.mark.parametrize("args, actors", [
    (["--lang", "uz-Latn"], ["Sirdaryo hokimligi"]),
    (["--lang", "uz-Cyrl"], ["Customs Committee"]),
    (["--lang", "uz"], ["Sirdaryo hokimligi", "Customs Committee"]),
    (["--script", "Latn"], ["Sirdaryo hokimligi"]),
    (["--lang", "ru"], ["Akimat of Turkestan"]),
])
def test_lang_and_script_filters(kb_path, args, actors):
    rows = json.loads(run("commitments", *args, "--format", "json", "--db", kb_path).output)
    assert sorted(r["actor"] for r in rows) == sorted(actors)


def test_lang_and_script_that_disagree(kb_path):
    result = run("search", "ombor", "--lang", "uz-Cyrl", "--script", "Latn", "--db", kb_path)
    assert result.exit_code == 2 and "disagree" in result.output


def test_changed_since(kb_path):
    rows = json.loads(run("commitments", "--changed-since", "2025-06-01", "--format", "json", "--db", kb_path).output)
    assert sorted(r["actor"] for r in rows) == ["Customs Committee", "Sirdaryo hokimligi"]


def test_money_lists_figures_and_sums(kb_path):
    data = json.loads(run("money", "--since", "2025-01-01", "--until", "2025-12-31", "--format", "json",
                          "--db", kb_path).output)
    assert [(f["amount"], f["currency"]) for f in data["figures"]] == [(123e9, "KZT"), (25e6, "USD"), (40e9, "UZS")]
    sums = {c["currency"]: c for c in data["totals"]["currencies"]}
    assert sums["KZT"]["amount"] == 123e9 and sums["USD"]["usd"] == 25e6
    assert data["totals"]["usd"] == pytest.approx(236_084_453 + 25e6 + 3_088_803)


@pytest.mark.parametrize("args, currencies", [
    (["--currency", "usd"], ["USD"]),
    (["--actor", "Тоқаев"], ["KZT", "USD"]),
    (["--lang", "uz-Latn"], ["UZS"]),
    (["--until", "2025-05-01"], ["KZT", "USD"]),
])
def test_money_filters(kb_path, args, currencies):
    data = json.loads(run("money", *args, "--format", "json", "--db", kb_path).output)
    assert [f["currency"] for f in data["figures"]] == currencies


def test_money_table_reads(kb_path):
    out = run("money", "--db", kb_path).output
    assert "123,000,000,000 KZT" in out and "236,084,453 USD" in out and "total ≈ 264,173,256 USD" in out


def test_money_unknown_actor(kb_path):
    result = run("money", "--actor", "Nobody", "--db", kb_path)
    assert result.exit_code == 1 and result.output.strip() == "Error: no entity named 'Nobody' in the knowledge base"


def test_track_rows_in_every_format(kb_path):
    csv_out = run("track", "1", "--format", "csv", "--db", kb_path).output.splitlines()
    assert csv_out[0] == "date,outlet,lang,status,due,amount,currency,url,evidence"
    assert csv_out[1].startswith("2025-03-01T10:00:00+05:00,Steppe Herald,ru,planned,2027-12-31,123000000000,KZT,")
    text = run("track", "1", "--db", kb_path).output
    assert "123,000,000,000 KZT" in text and "1 report (2025-03-01)" in text and "report(s)" not in text


def test_verbosity_and_log_file_after_the_subcommand(kb_path, tmp_path):
    log = tmp_path / "icic.log"
    result = run("entities", "--db", kb_path, "-vv", "--log-file", str(log))
    assert result.exit_code == 0
    assert logging.getLogger().level == logging.DEBUG
    logging.getLogger("icic.probe").info("probe line")
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO icic.probe: probe line$", log.read_text(), re.M)
    assert run("entities", "--db", kb_path, "-q").exit_code == 0
    assert logging.getLogger().level == logging.ERROR
    assert run("-v", "entities", "--db", kb_path).exit_code == 0
    assert logging.getLogger().level == logging.INFO


def test_version_names_pipeline_and_schema():
    from kb.db import migrations
    from nlp.pipeline import PIPELINE_VERSION

    out = run("--version").output.strip()
    assert re.fullmatch(rf"icic \S+ \(pipeline {re.escape(PIPELINE_VERSION)}, KB schema {len(migrations._migrations)}\)",
                        out)


def test_config_discovery_and_relative_kb_path(kb_path, tmp_path, monkeypatch):
    import shutil

    project = tmp_path / "project"
    (project / "kbs").mkdir(parents=True)
    shutil.copy(kb_path, project / "kbs" / "here.sqlite")
    (project / "icic.yaml").write_text("kb: {path: kbs/here.sqlite}\n")
    monkeypatch.chdir(project)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert "Kassym-Jomart Tokayev" in run("entities").output      # ./icic.yaml, kb.path beside it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run("entities").exit_code == 1                          # defaults: data/icic.sqlite here, absent
    (tmp_path / "xdg" / "icic").mkdir(parents=True)
    (tmp_path / "xdg" / "icic" / "config.yaml").write_text(f"kb: {{path: {project / 'kbs' / 'here.sqlite'}}}\n")
    assert "Kassym-Jomart Tokayev" in run("entities").output      # $XDG_CONFIG_HOME/icic/config.yaml


def test_schedule_keeps_db_and_sends(tmp_path):
    db = tmp_path / "my kb.sqlite"
    out = run("schedule", "--db", str(db)).output
    assert f"run --send --db '{db}'" in out
    units = run("schedule", "--systemd", "--db", str(db)).output
    assert f'ExecStart="{Path(sys.executable).with_name("icic")}" run --send --db "{db}"' in units


def test_send_without_a_server_fails_at_once_naming_it(kb_path, tmp_path):
    port = free_port()
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"smtp: {{host: 127.0.0.1, port: {port}, retries: 3, retry_backoff: 2.0}}\n")
    started = time.monotonic()
    result = run("--config", str(cfg), "digest", "--db", kb_path, "--send", "--to", "ops@example.org",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot reach the SMTP server 127.0.0.1:{port} (smtp.host, smtp.port): Connection refused"]
    assert time.monotonic() - started < 5  # no retries with backoff (3 tries would take 2 + 4 + 8 s)
    assert not (tmp_path / "out").exists()  # failed before any work


def test_run_send_checks_the_server_before_crawling(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"smtp: {{port: {free_port()}}}\ndigest: {{recipients: [ops@example.org]}}\n")
    result = run("--config", str(cfg), "run", "--send", "--db", str(tmp_path / "kb.sqlite"))
    assert result.exit_code == 1 and "cannot reach the SMTP server" in result.output
    assert "--send" in run("run", "--help").output


def test_dry_run_says_who_would_receive(kb_path, tmp_path):
    result = run("digest", "--db", kb_path, "--date", "2026-11-21", "--dry-run", "--to", "ops@example.org",
                 "--to", "Айгерим <aigerim@example.kz>", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "would send to ops@example.org (dry run: nothing sent)" in result.output
    assert "would send to Айгерим <aigerim@example.kz> (dry run: nothing sent)" in result.output
    nobody = run("digest", "--db", kb_path, "--date", "2026-11-21", "--dry-run", "--out", str(tmp_path / "o2"))
    assert "would send to nobody" in nobody.output


def test_digest_since_covers_the_window(kb_path, tmp_path):
    result = run("digest", "--db", kb_path, "--since", "2026-11-14", "--date", "2026-11-21", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "digest-2026-11-14-to-2026-11-21.txt").read_text()
    assert "Омбор қурилади" in text and "7 days" in text
    daily = run("digest", "--db", kb_path, "--date", "2026-11-20", "--out", str(tmp_path))
    assert daily.exit_code == 0 and "Омбор қурилади" not in (tmp_path / "digest-2026-11-20.txt").read_text()
    assert run("digest", "--db", kb_path, "--since", "2026-11-14", "--send").exit_code == 2


def test_extract_reads_stdin_with_a_dash():
    result = run("extract", "-", "--published", "2025-11-15",
                 input="Терминал МЦПК построят к 2027 году за 123 млрд тенге.")
    assert result.exit_code == 0, result.output
    assert "123 млрд тенге  = 123,000,000,000 KZT" in result.output
    assert "planned:" in result.output and "[planned]" not in result.output


def test_one_log_format_for_the_cli_and_the_crawler():
    from crawler import settings
    from icic.cli.base import LOG_DATEFORMAT, LOG_FORMAT

    assert (settings.LOG_FORMAT, settings.LOG_DATEFORMAT) == (LOG_FORMAT, LOG_DATEFORMAT)


def test_process_progress_on_a_terminal_only(tmp_path):
    """`icic process` on a terminal shows a bar with done/total and a rate; piped it prints only its result."""
    db = new_db(tmp_path / "kb.sqlite")
    from kb.store import save_document

    for n in range(3):
        save_document(db, {"url": f"http://sample.test/steppe-herald/p{n}.html", "source_id": "steppe-herald",
                           "title": f"Склад {n}", "text": f"Склад номер {n} построят к 2027 году.",
                           "published": "2026-11-20", "lang_hint": "ru"})
    db.close()
    out = in_terminal("process", "--db", str(tmp_path / "kb.sqlite"), "--workers", "1", columns=100)
    assert re.search(r"reading .*3/3", out) and "docs/s" in out
    assert "processed 3, failed 0, skipped 0" in out
    piped = run("process", "--db", str(tmp_path / "kb.sqlite"))
    assert piped.output == "processed 0, failed 0, skipped 0\n"


def test_track_json_has_numbers_and_lists(kb_path):
    data = json.loads(run("track", "1", "--format", "json", "--db", kb_path).output)
    assert data["track"]["amount"] == 123_000_000_000 and isinstance(data["track"]["amount"], int)
    assert data["track"]["lang"] == ["ru"] and isinstance(data["track"]["flags"], list)
    assert data["reports"][0]["amount"] == 123_000_000_000
    assert data["events"][0]["field"] == "status" and data["events"][0]["new"] == "planned"
    amounts = [e["new"] for e in data["events"] if e["field"].startswith("amount")]
    assert amounts == [{"amount": 123_000_000_000, "currency": "KZT"}]


def test_entities_co_mentions_as_data(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = new_db(path)
    add_doc(db, 1, "Токаев и Мирзиёев открыли центр.", entities=[TOKAYEV, entity("PER", "Мирзиёев", "Shavkat Mirziyoyev")])
    db.close()
    rows = json.loads(run("entities", "Tokayev", "--format", "json", "--db", str(path)).output)
    assert rows[0]["with"] == [{"name": "Shavkat Mirziyoyev", "documents": 1}]
    table = run("entities", "Tokayev", "--db", str(path)).output
    assert "Shavkat Mirziyoyev (1)" in table
    csv_out = run("entities", "Tokayev", "--format", "csv", "--db", str(path)).output.splitlines()
    assert csv_out[1].endswith(",Shavkat Mirziyoyev (1)")


def test_shell_completion_works_as_documented():
    """The README's completion line: click's bash source for `icic`, and completions of its commands."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_ICIC_COMPLETE=bash_source icic)"' in readme
    source = subprocess.run([ICIC], env={**os.environ, "_ICIC_COMPLETE": "bash_source"}, capture_output=True,
                            text=True, timeout=60)
    assert "_icic_completion()" in source.stdout
    words = subprocess.run([ICIC], env={**os.environ, "_ICIC_COMPLETE": "bash_complete", "COMP_WORDS": "icic mo",
                                        "COMP_CWORD": "1"}, capture_output=True, text=True, timeout=60)
    assert "plain,money" in words.stdout.splitlines()
