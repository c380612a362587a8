"""The same documents give the same KB however `icic process` ran (issue 13, item 11): one worker, two,
`--limit 7` batches, a kill -9 in the middle and a resumption, documents stored in another order.

Compared: every content table by value (documents' reading, mentions with their entity's name,
money, dates, commitments, entities and aliases, and the commitment tracks: each report's track
key, each track's summary and its history); row ids are left out.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import kb.entities
import nlp.pipeline
from icic.cli import cli
from icic.process import process_parallel
from kb import open_db
from kb.entities import pair_counts
from kb.store import save_document, save_source
from nlp.pipeline import Settings
from sample_data import article_item, sample_articles

pytestmark = pytest.mark.slow
ARTICLES = sample_articles()
TOPIC = Path(nlp.pipeline.__file__).parent / "data" / "topic.yaml"


def build_kb(path, reverse: bool = False):
    db = open_db(path)
    for outlet in sorted({a["outlet"] for a in ARTICLES}):
        save_source(db, {"id": outlet, "name": outlet, "homepage": f"http://sample.test/{outlet}/",
                         "country": "KZ", "languages": []})
    for article in (reversed(ARTICLES) if reverse else ARTICLES):
        save_document(db, article_item(article))
    return db


CONTENT = {
    "documents": "select url, state, lang, script, relevance, relevance_score, pipeline_version, error, read_chars "
                 "from documents",
    "mentions": "select d.url, m.start, m.end, m.text, m.extractor, m.type, m.normal, e.type, e.canonical, "
                "e.registry_id from mentions m join documents d on d.id = m.document_id "
                "left join entities e on e.id = m.entity_id",
    "money": "select d.url, m.start, m.end, m.text, m.amount, m.amount_max, m.currency, m.qualifier, m.usd "
             "from money m join documents d on d.id = m.document_id",
    "dates": "select d.url, x.start, x.end, x.text, x.kind, x.start_date, x.end_date from dates x "
             "join documents d on d.id = x.document_id",
    "commitments": "select d.url, c.start, c.end, c.actor, c.actor_key, e.canonical, c.action, c.action_en, c.status, "
                   "c.amount, c.currency, c.quantities, c.deadline_kind, c.deadline_start, c.deadline_end, "
                   "c.evidence, c.confidence, c.reported from commitments c join documents d on d.id = c.document_id "
                   "left join entities e on e.id = c.actor_entity_id",
    "entities": "select type, key, canonical, origin, registry_id from entities",
    "track_of_report": "select d.url, c.start, c.step, c.track_key, t.step_key from commitments c "
                       "join documents d on d.id = c.document_id left join tracks t on t.id = c.track_id",
    "tracks": "select step_key, step, object, actor, actors, action, action_en, status, open, about, amount, currency, "
              "deadline_kind, deadline_start, deadline_end, event_date, first_reported, last_reported, reports, "
              "slipped, lang from tracks",
    "track_events": "select t.step_key, e.date, e.field, e.old, e.new from track_events e "
                    "join tracks t on t.id = e.track_id",
    "aliases": "select e.type, e.key, a.alias, a.folded, a.lang, a.script from aliases a "
               "join entities e on e.id = a.entity_id",
}


def process(path, workers: int, reverse: bool = False) -> None:
    """What `icic process` does: store the registry (its seed), then read every pending document."""
    from icic.process import persist_registry
    from nlp.pipeline import Pipeline

    db = build_kb(path, reverse)
    persist_registry(db, Pipeline(Settings(topic_path=str(TOPIC))))
    process_parallel(db, Settings(topic_path=str(TOPIC)), workers=workers)


def content(path) -> dict:
    """CONTENT's rows, and what `icic entities` ranks by and shows: mentions per entity and the co-mentions
    (merged and waiting, `kb.entities.pair_counts`), by entity key."""
    db = open_db(path)
    key = dict(db.execute("select id, type || ':' || key from entities").fetchall())
    return {**{table: sorted(map(repr, db.execute(sql).fetchall())) for table, sql in CONTENT.items()},
            "entity_counts": sorted((key[e], n) for e, n in db.execute("select entity_id, mentions from entity_counts")),
            "co-mentions": sorted((key[a], key[b], n) for (a, b), n in pair_counts(db).items())}


@pytest.fixture(scope="module", autouse=True)
def sweeps_under_way():
    """Co-mention changes folded a part at a time as often as they may be (a sweep of the parts every four changes
    a document of the KB) in the processes of this module, so the KBs compared stop with sweeps part-way through,
    each at its own point (`icic process` in a subprocess keeps kb.entities' own pace)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kb.entities, "MERGE_AT_LEAST", 1)
        yield


def runner(tmp_path) -> CliRunner:
    config = tmp_path / "icic.yaml"
    config.write_text(f"topic: {TOPIC}\n", encoding="utf-8")
    return CliRunner(env={"ICIC_CONFIG": str(config)})


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    path = tmp_path_factory.mktemp("one") / "kb.sqlite"
    process(path, workers=1)
    return content(path)


def test_the_kb_compared_holds_a_sweep_under_way(one_worker, tmp_path_factory):
    """The one-worker KB's co-mentions are part merged, part waiting, in several parts."""
    db = open_db(next(tmp_path_factory.getbasetemp().glob("one*")) / "kb.sqlite")
    assert one_worker["co-mentions"] and db.execute("select count(*) from entity_pairs").fetchone()[0]
    assert len({kb.entities.part_of(e) for e, *_ in kb.entities.waiting_changes(db)}) > 1
    assert db.execute("select part from entity_pair_sweep").fetchone()[0] > 0


def test_two_workers_give_the_same_kb(tmp_path, one_worker):
    path = tmp_path / "kb.sqlite"
    process(path, workers=2)
    assert content(path) == one_worker


def test_limit_batches_give_the_same_kb(tmp_path, one_worker):
    path = tmp_path / "kb.sqlite"
    build_kb(path).close()
    run = runner(tmp_path)
    for _ in range(len(ARTICLES) // 7 + 2):
        result = run.invoke(cli, ["process", "--db", str(path), "--limit", "7", "--workers", "1"])
        assert result.exit_code == 0, result.output
        if result.output.startswith("processed 0,"):
            break
    assert content(path) == one_worker


def test_other_crawl_order_gives_the_same_kb(tmp_path, one_worker):
    path = tmp_path / "kb.sqlite"
    process(path, workers=2, reverse=True)
    assert content(path) == one_worker


def processed(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from documents where state = 'processed'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_killed_and_resumed_gives_the_same_kb(tmp_path, one_worker):
    path = tmp_path / "kb.sqlite"
    build_kb(path).close()
    config = tmp_path / "icic.yaml"
    config.write_text(f"topic: {TOPIC}\n", encoding="utf-8")
    icic = [str(Path(sys.executable).with_name("icic")), "--config", str(config), "process", "--db", str(path), "--workers", "2"]
    proc = subprocess.Popen(icic, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and processed(path) < len(ARTICLES) // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)          # the parent and its workers, mid-run
    proc.wait()
    done = processed(path)
    assert 0 < done < len(ARTICLES), f"killed after {done} documents"
    result = runner(tmp_path).invoke(cli, ["process", "--db", str(path), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert content(path) == one_worker
