"""`icic process` on a real KB file: every core, one transaction per document, idempotent."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sample_data import article_item, sample_articles
from icic.cli import cli
from icic.process import process_parallel, process_pending, worker_count
from kb import open_db
from kb.store import save_document, save_source
import nlp.pipeline
from nlp.pipeline import Pipeline, Settings

ARTICLES = sample_articles()[:8]


class Fragile(Pipeline):
    """A real pipeline that cannot read articles containing BOOM (a stand-in for a bad article)."""

    def __call__(self, text, *args, **kwargs):
        if "BOOM" in text:
            raise ValueError("unreadable article")
        return super().__call__(text, *args, **kwargs)


def fragile(settings: Settings) -> Pipeline:
    return Fragile(settings)


def build_kb(path, extra: list[dict] = ()):
    db = open_db(path)
    for outlet in {a["outlet"] for a in ARTICLES}:
        save_source(db, {"id": outlet, "name": outlet, "homepage": f"http://sample.test/{outlet}/",
                         "country": "KZ", "languages": []})
    for article in ARTICLES:
        save_document(db, article_item(article))
    for item in extra:
        save_document(db, item)
    return db


def facts(db) -> dict:
    """Everything the extraction wrote, without row ids, so two runs can be compared."""
    out = {}
    for table in ("money", "dates", "commitments", "mentions"):
        out[table] = sorted(tuple(sorted((k, str(v)) for k, v in row.items() if k != "id"))
                            for row in db[table].rows)
    out["documents"] = sorted((r["id"], r["state"], r["pipeline_version"]) for r in db["documents"].rows)
    return out


def test_parallel_processes_every_document(tmp_path, caplog):
    db = build_kb(tmp_path / "kb.sqlite")
    with caplog.at_level(logging.WARNING, logger="icic.process"):
        stats = process_parallel(db, Settings(), workers=2)
    assert (stats.processed, stats.failed, stats.skipped) == (len(ARTICLES), 0, 0)
    assert "died" not in caplog.text      # a worker that exits once nothing is left to read is not a death
    assert db.execute("select count(*) from documents where state = 'processed'").fetchone()[0] == len(ARTICLES)
    assert db["money"].count > 0 and db["dates"].count > 0 and db["commitments"].count > 0
    # every language of the documents read by some worker, and reported as each worker's own
    hints = {a["lang"] for a in ARTICLES}
    assert len(stats.worker_langs) == 2 and set().union(*map(set, stats.worker_langs)) == hints


def test_reading_cpu_and_page_faults_are_counted_per_worker_and_in_one_process(tmp_path):
    """What `bench process` compares: a worker's CPU and minor page faults a document beside one process's."""
    two = process_parallel(build_kb(tmp_path / "two.sqlite"), Settings(), workers=2)
    assert two.read_cpu == pytest.approx(sum(two.worker_cpu)) and all(cpu > 0 for cpu in two.worker_cpu)
    assert two.read_faults == sum(two.worker_faults) and len(two.worker_faults) == 2
    one = process_parallel(build_kb(tmp_path / "one.sqlite"), Settings(), workers=1)
    assert one.read_cpu > 0 and one.worker_cpu == [] and one.worker_faults == []
    if os.path.exists("/proc/self/stat"):       # Linux counts them: a worker copies at least what it writes
        assert all(faults > 0 for faults in two.worker_faults) and one.read_faults > 0


def test_parallel_equals_single_process(tmp_path):
    one, two = build_kb(tmp_path / "one.sqlite"), build_kb(tmp_path / "two.sqlite")
    process_pending(one, Pipeline(Settings()))   # fresh, like each worker's: the registry grows with use
    process_parallel(two, Settings(), workers=2)
    assert facts(one) == facts(two)


def test_second_run_changes_nothing(tmp_path):
    db = build_kb(tmp_path / "kb.sqlite")
    process_parallel(db, Settings(), workers=2)
    before = facts(db)
    stats = process_parallel(db, Settings(), workers=2)
    assert stats.processed == 0 and facts(db) == before


def test_new_pipeline_version_reprocesses(tmp_path, monkeypatch):
    db = build_kb(tmp_path / "kb.sqlite")
    process_parallel(db, Settings(), workers=2)
    monkeypatch.setattr("icic.process.PIPELINE_VERSION", "next-version")
    stats = process_parallel(db, Settings(), workers=2)
    assert stats.processed == len(ARTICLES)
    assert {r["pipeline_version"] for r in db["documents"].rows} == {"next-version"}


def test_failing_and_empty_documents_are_logged_and_skipped(tmp_path, caplog):
    bad = {"url": "http://sample.test/x/bad.html", "source_id": ARTICLES[0]["outlet"], "title": "bad",
           "text": "BOOM " * 20, "published": "2025-11-15", "lang_hint": "ru"}
    empty = {**bad, "url": "http://sample.test/x/empty.html", "text": "   "}
    db = build_kb(tmp_path / "kb.sqlite", [bad, empty])
    with caplog.at_level(logging.WARNING, logger="icic.process"):
        stats = process_parallel(db, Settings(), workers=2, factory=fragile)
    assert (stats.processed, stats.failed, stats.skipped) == (len(ARTICLES), 1, 1)
    failed = {r["url"]: r["error"] for r in db.query("select url, error from documents where state = 'failed'")}
    assert failed == {bad["url"]: "ValueError: unreadable article", empty["url"]: "empty article"}
    assert "unreadable article" in caplog.text and "empty article" in caplog.text


def test_one_worker_is_the_single_process_path(tmp_path):
    db = build_kb(tmp_path / "kb.sqlite")
    assert process_parallel(db, Settings(), workers=1, limit=3).processed == 3


def test_one_worker_loads_what_every_language_shares_as_a_parent_of_workers_does(tmp_path):
    """The same loading (collector off, then frozen: `_load_shared`) on one worker as before forking two, so the
    ratio of the two measures the sharing of the reading, not a difference in how they load; unfrozen after."""
    import gc

    frozen_while_reading = []
    stats = process_parallel(build_kb(tmp_path / "kb.sqlite"), Settings(), workers=1, limit=2,
                             progress=lambda s: frozen_while_reading.append(gc.get_freeze_count()))
    assert stats.processed == 2 and stats.setup_cpu > 0
    assert len(frozen_while_reading) == 2 and min(frozen_while_reading) > 100_000
    assert gc.get_freeze_count() == 0


def test_one_worker_loads_nothing_when_nothing_is_pending(tmp_path):
    db = build_kb(tmp_path / "kb.sqlite")
    process_parallel(db, Settings(), workers=1)
    again = process_parallel(db, Settings(), workers=1, factory=_unloadable)
    assert (again.processed, again.setup_cpu) == (0, 0.0)


def _unloadable(settings: Settings) -> Pipeline:
    raise AssertionError("a pipeline built with nothing to read")


@pytest.mark.parametrize("configured,expected", [(0, os.cpu_count() or 1), (3, min(3, os.cpu_count() or 1)), (1, 1),
                                                 (500, os.cpu_count() or 1)])
def test_worker_count(configured, expected):
    assert worker_count(configured) == expected


def test_cli_process_twice(tmp_path):
    path = tmp_path / "kb.sqlite"
    build_kb(path).close()
    # the topic file named explicitly: the test must not depend on how `nlp` resolves under pytest
    config = tmp_path / "icic.yaml"
    config.write_text(f"topic: {Path(nlp.pipeline.__file__).parent / 'data' / 'topic.yaml'}\n", encoding="utf-8")
    runner = CliRunner(env={"ICIC_CONFIG": str(config)})
    first = runner.invoke(cli, ["process", "--db", str(path), "--workers", "2"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"processed {len(ARTICLES)}, failed 0, skipped 0"
    second = runner.invoke(cli, ["process", "--db", str(path)])
    assert second.output.strip() == "processed 0, failed 0, skipped 0"


def test_cli_process_stores_the_registry_aliases(tmp_path):
    """After `icic process`, an entity is found by a registry spelling no article used."""
    path = tmp_path / "kb.sqlite"
    build_kb(path).close()
    runner = CliRunner()
    assert runner.invoke(cli, ["process", "--db", str(path), "--workers", "1"]).exit_code == 0
    db = open_db(path)
    aliases = {r[0] for r in db.execute(
        "select a.alias from aliases a join entities e on e.id = a.entity_id where e.registry_id = 'org:icic'")}
    assert {"ХӨКО", "ICIC", "МЦПК"} <= aliases
    mentioned = db.execute("select count(*) from mentions m join entities e on e.id = m.entity_id "
                           "where e.registry_id = 'org:icic'").fetchone()[0]
    assert mentioned > 0, "the sample articles mention the center: its mentions link to the registry entity"
    listed = runner.invoke(cli, ["entities", "ХӨКО", "--db", str(path), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert "International Center for Industrial Cooperation Central Asia" in listed.output
    before = db.execute("select count(*) from aliases").fetchone()[0]
    assert runner.invoke(cli, ["process", "--db", str(path)]).exit_code == 0
    assert db.execute("select count(*) from aliases").fetchone()[0] == before


class Crashing(Pipeline):
    """A real pipeline whose process dies on articles containing CRASH (a crash in C, the OOM killer)."""

    def __call__(self, text, *args, **kwargs):
        if "CRASH" in text:
            os._exit(3)
        return super().__call__(text, *args, **kwargs)


def crashing(settings: Settings) -> Pipeline:
    return Crashing(settings)


def test_a_worker_that_dies_fails_its_document_and_the_run_goes_on(tmp_path, caplog):
    bad = {"url": "http://sample.test/x/crash.html", "source_id": ARTICLES[0]["outlet"], "title": "crash",
           "text": "CRASH " * 20, "published": "2025-11-15", "lang_hint": "ru"}
    db = build_kb(tmp_path / "kb.sqlite", [bad])
    with caplog.at_level(logging.WARNING, logger="icic.process"):
        stats = process_parallel(db, Settings(), workers=2, factory=crashing)
    assert (stats.processed, stats.failed) == (len(ARTICLES), 1)
    failed = {r["url"]: r["error"] for r in db.query("select url, error from documents where state = 'failed'")}
    assert failed == {bad["url"]: "the worker reading it died (exit code 3)"}
    assert facts(db) == facts(build_and_process(tmp_path / "plain.sqlite")) | {"documents": facts(db)["documents"]}


def build_and_process(path):
    db = build_kb(path)
    process_parallel(db, Settings(), workers=2)
    return db


def test_the_parent_forks_its_workers_with_spacy_loaded_and_without_langdetect():
    """What the workers share comes loaded, without a collection, and frozen; langdetect's profiles, which
    few texts ask for, are left to the worker that first needs them (a fresh interpreter: nothing loaded
    by other tests)."""
    import subprocess
    import sys

    code = ("import gc, sys\n"
            "from icic import process\n"
            "from nlp.pipeline import Pipeline, Settings\n"
            "runs = []\n"
            "gc.callbacks.append(lambda phase, info: runs.append(phase) if phase == 'start' else None)\n"
            "process._warm_parent(Pipeline, process.frozen(Settings()), None)\n"
            "print('spacy' in sys.modules, 'langdetect.detector_factory' in sys.modules, len(runs), gc.isenabled(),\n"
            "      gc.get_freeze_count() > 100_000)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         cwd=Path(__file__).parents[1]).stdout.split()
    assert out == ["True", "False", "0", "True", "True"]


def test_a_parent_whose_pipeline_fails_to_load_collects_again():
    import gc

    from icic import process

    def broken(settings):
        raise RuntimeError("a model that cannot be read")

    with pytest.raises(RuntimeError):
        process._warm_parent(broken, process.frozen(Settings()), None)
    try:
        assert gc.isenabled()
    finally:
        process._forget_parent_pipeline()
