"""One truth for every view: on the sample KB the digest, `icic commitments` and Datasette's canned
queries select the same steps, and the tracks hold what an analyst relies on (one track per
milestone, no bare "plan", no done step overdue)."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from click.testing import CliRunner

from icic.cli import cli
from icic.config import load_config
from kb.datasette import QUERIES
from reports.digest import build_digest

DAY = dt.date(2026, 11, 21)


def cli_rows(db_path, *args) -> list[dict]:
    result = CliRunner().invoke(cli, ["commitments", "--db", str(db_path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def canned(db_path, name: str, **params) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(QUERIES[name]["sql"], params).fetchall()


def test_overdue_and_due_soon_are_counted_alike_everywhere(sample_kb_path):
    from kb import open_db

    from reports import query

    cfg = load_config()
    db = open_db(sample_kb_path)
    ctx = build_digest(db, cfg, DAY).context
    window = query.Window.for_day(DAY, cfg.digest.time, cfg.digest.timezone)
    listed_due, listed_overdue = query.due_and_overdue(db, window, cfg.digest.due_days)
    overdue = cli_rows(sample_kb_path, "--overdue", "--as-of", DAY.isoformat())
    due = cli_rows(sample_kb_path, "--due-soon", str(cfg.digest.due_days), "--as-of", DAY.isoformat())
    assert overdue, "the sample KB has overdue steps"
    assert sorted(t["id"] for t in overdue) == sorted(c["id"] for c in listed_overdue)
    assert sorted(t["id"] for t in due) == sorted(c["id"] for c in listed_due)
    assert len(ctx["overdue"]) + ctx["overdue_more"] == len(overdue)       # the count the subscriber reads
    assert len(ctx["due"]) + ctx["due_more"] == len(due)
    assert sorted(r[0] for r in canned(sample_kb_path, "overdue", as_of=DAY.isoformat())) == \
        sorted(t["id"] for t in overdue)
    soon = canned(sample_kb_path, "due_next_90_days", as_of=DAY.isoformat())
    assert sorted(r[0] for r in soon) == sorted(t["id"] for t in cli_rows(
        sample_kb_path, "--due-soon", "90", "--as-of", DAY.isoformat()))


def test_all_adds_steps_from_articles_not_about_the_center(sample_kb_path):
    about, every = cli_rows(sample_kb_path), cli_rows(sample_kb_path, "--all")
    assert set(t["id"] for t in about) < set(t["id"] for t in every)
    with sqlite3.connect(sample_kb_path) as conn:
        outside = {r[0] for r in conn.execute(
            "select t.id from tracks t where not exists (select 1 from commitments c join documents d "
            "on d.id = c.document_id where c.track_id = t.id and d.relevance = 'about')")}
    assert outside and not outside & {t["id"] for t in about}


def test_each_milestone_is_one_track_and_no_action_is_a_bare_plan(sample_kb_path):
    with sqlite3.connect(sample_kb_path) as conn:
        per_step = conn.execute("select c.step, count(distinct c.track_id) from commitments c "
                                "where c.milestone = 1 group by c.step").fetchall()
        actions = [r[0] for r in conn.execute("select coalesce(action_en, action) from tracks")]
        done_due = conn.execute("select count(*) from tracks where status in ('completed', 'signed', "
                                "'cancelled') and (deadline_end is not null or open = 1)").fetchone()[0]
    assert len(per_step) >= 5 and all(n == 1 for _, n in per_step), per_step
    assert "plan" not in actions and all(actions)
    assert done_due == 0


def test_reports_list_every_report_with_its_track_and_document(sample_kb_path):
    reports = cli_rows(sample_kb_path, "--reports", "--all")
    with sqlite3.connect(sample_kb_path) as conn:
        stored = conn.execute("select count(*) from commitments").fetchone()[0]
    assert len(reports) == stored
    keys = {"track_id", "document_id", "url", "actor", "status", "evidence", "deadline", "amount", "step"}
    assert all(keys <= set(r) for r in reports)
    assert {r["track_id"] for r in reports} == {t["id"] for t in cli_rows(sample_kb_path, "--all")}


@pytest.mark.parametrize("name", ["overdue", "due_next_90_days"])
def test_canned_queries_default_to_today(sample_kb_path, name):
    # no as_of: judged on today, as `icic commitments` without --as-of
    assert isinstance(canned(sample_kb_path, name, as_of=""), list)
