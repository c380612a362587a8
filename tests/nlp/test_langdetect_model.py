"""langdetect's profiles read from the user's cache: the same numbers and answers as langdetect's own loader."""
from __future__ import annotations

import logging
import os
import time

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from nlp import langdetect_model
from pathlib import Path

TEXTS = ["The delegations signed the agreement on the new border crossing late on Tuesday.",
         "Die Delegationen haben gestern den Vertrag unterschrieben.",
         "Tomonlar chegara savdosi boʻyicha kelishuvni imzoladi.",
         "Делегации подписали соглашение о новом пункте пропуска.",
         "Делегациите подписаха споразумението вчера вечерта.",
         "ALMATY, 3 March —", "Jan Kowalski", "1234 5678"]


@pytest.fixture(scope="module")
def packaged():
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


def answers(factory) -> list:
    out = []
    for text in TEXTS:
        detector = factory.create()
        detector.append(text)
        try:
            out.append([(p.lang, p.prob) for p in detector.get_probabilities()])
        except Exception as exc:          # no features: the same error both ways
            out.append(type(exc).__name__)
    return out


def same(ours, packaged) -> bool:
    """Every n-gram with the same probabilities, the languages in the same order, the same answers."""
    theirs = packaged.word_lang_prob_map
    mine = ours.word_lang_prob_map
    return (ours.langlist == packaged.langlist and len(mine) == len(theirs)
            and all(gram in mine and mine[gram] == row for gram, row in theirs.items())
            and answers(ours) == answers(packaged))


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """factory() with an empty memory and the cache in tmp_path/cache."""
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path / "cache"))
    langdetect_model.factory.cache_clear()
    yield tmp_path
    langdetect_model.factory.cache_clear()


def test_the_first_start_fills_the_cache_and_the_next_reads_it(fresh, packaged):
    cached = langdetect_model.cached_copy(Path(PROFILES_DIRECTORY))
    assert not cached.exists()
    assert same(langdetect_model.factory(), packaged)
    assert cached.exists() and cached.parent == fresh / "cache"
    assert [p.name for p in cached.parent.iterdir()] == [cached.name]          # no part file left
    stamp = cached.stat().st_mtime_ns
    langdetect_model.factory.cache_clear()
    assert same(langdetect_model.factory(), packaged)
    assert cached.stat().st_mtime_ns == stamp                                  # read, not written again


def test_a_row_is_built_once_and_only_when_read(fresh):
    profiles = langdetect_model.factory().word_lang_prob_map
    assert not profiles.built
    assert profiles["th"] is profiles["th"] and list(profiles.built) == ["th"]
    assert "no such n-gram" not in profiles
    with pytest.raises(KeyError):
        profiles["no such n-gram"]


def test_detect_answers_as_langdetect_seeded(fresh):
    import langdetect

    langdetect.DetectorFactory.seed = 0
    for text in TEXTS[:5]:
        assert langdetect_model.detect(text) == langdetect.detect(text)


def test_an_unreadable_copy_is_read_again_from_the_profiles(fresh, packaged, caplog):
    cached = langdetect_model.cached_copy(Path(PROFILES_DIRECTORY))
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"\xda a copy cut short")
    with caplog.at_level(logging.WARNING, logger="nlp.langdetect_model"):
        assert same(langdetect_model.factory(), packaged)
    assert "unreadable" in caplog.text
    assert cached.stat().st_size > 1_000_000


def test_a_cache_that_cannot_be_written_still_gives_the_same_profiles(tmp_path, monkeypatch, packaged, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ICIC_CACHE_DIR", str(blocker / "icic"))
    langdetect_model.factory.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="nlp.langdetect_model"):
            assert same(langdetect_model.factory(), packaged)
    finally:
        langdetect_model.factory.cache_clear()
    assert "not cached" in caplog.text


def test_profiles_that_cannot_be_flattened_leave_langdetect_s_loader(fresh, monkeypatch, packaged, caplog):
    def refuse(profiles):
        raise ValueError("an n-gram holds the separator")

    monkeypatch.setattr(langdetect_model, "_pack", refuse)
    with caplog.at_level(logging.WARNING, logger="nlp.langdetect_model"):
        ours = langdetect_model.factory()
    assert "its own loader" in caplog.text
    assert isinstance(ours.word_lang_prob_map, dict) and same(ours, packaged)


def test_a_new_copy_leaves_only_the_newest_copies_of_its_kind(fresh):
    cache = fresh / "cache"
    cache.mkdir()
    stamps = {}
    for age in range(1, 6):
        path = cache / f"langdetect-{age:016x}-py311m4.marshal"
        path.write_bytes(b"an older copy")
        stamps[path] = time.time() - age * 86400
        os.utime(path, (stamps[path], stamps[path]))
    langdetect_model.factory()
    kept = sorted(p.name for p in cache.iterdir())
    current = langdetect_model.cached_copy(Path(PROFILES_DIRECTORY)).name
    assert kept == sorted([current, f"langdetect-{1:016x}-py311m4.marshal", f"langdetect-{2:016x}-py311m4.marshal"])
