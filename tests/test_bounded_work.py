"""Bounded work per document (issue 13, item 8): a text is read up to nlp.max_chars (the rest kept, the
cut recorded), and `icic process` gives up on a document after nlp.doc_timeout and goes on.
Speed and memory per character are measured in bench/long.py, not here."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import nlp.pipeline
from icic.cli import cli
from kb import open_db
from kb.store import save_document, save_source
from nlp.pipeline import Pipeline, Settings, cut_point
from sample_data import article_item, sample_articles

TOPIC = Path(nlp.pipeline.__file__).parent / "data" / "topic.yaml"
ARTICLES = sample_articles()[:3]


def long_text(chars: int) -> str:
    """Paragraphs of the sample articles, shuffled, up to `chars` characters."""
    rnd, paragraphs = random.Random(7), [p for a in sample_articles() for p in a["paragraphs"]]
    out, size = [], 0
    while size < chars:
        out.append(rnd.choice(paragraphs))
        size += len(out[-1]) + 2
    return "\n\n".join(out)[:chars]


def kb_with(path, extra: list[dict]):
    db = open_db(path)
    save_source(db, {"id": "s", "name": "s", "homepage": "http://sample.test/", "country": "KZ", "languages": []})
    for article in ARTICLES:
        save_document(db, {**article_item(article), "source_id": "s"})
    for i, text in enumerate(extra):
        save_document(db, {"url": f"http://sample.test/long-{i}.html", "source_id": "s", "title": "Long",
                           "text": text, "published": "2026-11-01", "lang_hint": "en"})
    return db


def run_process(tmp_path, db_path, settings: str, *args):
    config = tmp_path / "icic.yaml"
    config.write_text(f"topic: {TOPIC}\nnlp:\n{settings}", encoding="utf-8")
    return CliRunner(env={"ICIC_CONFIG": str(config)}).invoke(cli, ["process", "--db", str(db_path), *args])


def test_pipeline_reads_up_to_max_chars():
    text = long_text(30_000)
    doc = Pipeline(Settings(topic_path=str(TOPIC), max_chars=10_000))(text, "2026-11-01").to_json()
    assert 9_000 <= doc["cut"]["read"] <= 10_000 and doc["cut"]["length"] == 30_000
    spans = [e["span"][1] for key in ("entities", "money", "dates") for e in doc[key]]
    assert spans and max(spans) <= doc["cut"]["read"]
    whole = Pipeline(Settings(topic_path=str(TOPIC), max_chars=None))(text[:doc["cut"]["read"]], "2026-11-01")
    assert whole.to_json()["entities"] == doc["entities"]      # the read part is read as it would be alone


@pytest.mark.parametrize("text, limit, expected", [
    ("a" * 92 + "\n" + "bb " * 20, 100, 93),       # after the last line break of the final tenth, before a space
    ("word " * 30, 98, 95),                          # no line break there: after the last space
    ("a" * 80 + "\n" + "b" * 60, 100, 100),         # a break before the final tenth is too early: at the limit
    ("x" * 150, 100, 100),                           # neither: at the limit
])
def test_cut_point(text, limit, expected):
    assert cut_point(text, limit) == expected


def test_process_stores_the_whole_text_and_records_the_cut(tmp_path):
    text = long_text(60_000)
    db = kb_with(tmp_path / "kb.sqlite", [text])
    result = run_process(tmp_path, tmp_path / "kb.sqlite", "  max_chars: 20000\n", "--workers", "1")
    assert result.exit_code == 0, result.output
    row = next(db.query("select text, state, read_chars from documents where url like '%long-0%'"))
    assert row["state"] == "processed" and row["text"] == text
    assert 18_000 <= row["read_chars"] <= 20_000
    assert db.execute("select count(*) from documents where read_chars is null").fetchone()[0] == len(ARTICLES)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_document_over_the_time_limit_fails_and_the_run_goes_on(tmp_path, workers):
    # 1.6 million characters, all read: ~25 s (400,000 took ~6 s once dates and English NER got faster);
    # a sample article ~1 s
    db = kb_with(tmp_path / "kb.sqlite", [long_text(1_600_000)])
    result = run_process(tmp_path, tmp_path / "kb.sqlite", "  doc_timeout: 8\n  max_chars: 2000000\n", "--workers",
                         workers)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"processed {len(ARTICLES)}, failed 1, skipped 0"   # the reason: logged on stderr
    assert "DocumentTimeout: reading took longer than the time limit of 8 s" in result.stderr
    failed = list(db.query("select url, error from documents where state = 'failed'"))
    assert [r["url"] for r in failed] == ["http://sample.test/long-0.html"]
    assert "time limit of 8 s" in failed[0]["error"]


def test_stems_in_is_the_quadratic_rule_made_linear():
    """The bounded search finds exactly the stems the old loop over every cut found."""
    from nlp import registry as reglib

    reg = reglib.load()

    def every_cut(word):
        key = reglib.fold(word)
        out = {key} if key in reg._short else set()
        fits = reg._declined if reglib.russian_like(word) else reg._agglutinated   # the language's endings
        for cut in range(len(key), reglib.MIN_STEM - 2, -1):
            if key[:cut] in reg._stems and reglib.SUFFIX_CHAIN.fullmatch(key[cut:]) and fits(key, key[:cut]):
                out.add(key[:cut])
        return out

    words = ["Тоқаевтың", "Oʻzbekistonning", "Ташкенте", "Туркестанской", "Astana", "markazining", "ab", "12345",
             "Түркі", "Мәжілісмендер", "Тюркин",
             "Kazakhstanning", "Мирзиёевым", "Samarkandda", "x" * 300, "7" * 5000]
    for word in words:
        assert reg._stems_in(word) == every_cut(word), word
