"""py3langid's model read from the user's cache: the same identifier as the package's own loader."""
from __future__ import annotations

import logging

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from nlp import langid_model

TEXTS = ["Бұл сөйлем қазақ тілінде жазылған.", "Bu gap oʻzbek tilida yozilgan.", "Это предложение по-русски.",
         "Бу гап ўзбек тилида ёзилган.", "This sentence is written in English."]


@pytest.fixture(scope="module")
def packaged():
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def same(a, b) -> bool:
    return (np.array_equal(a.nb_ptc, b.nb_ptc) and np.array_equal(a.nb_pc, b.nb_pc) and a.nb_classes == b.nb_classes
            and a.tk_nextmove == b.tk_nextmove and a.tk_row == b.tk_row and a.tk_output == b.tk_output
            and [a.classify(t) for t in TEXTS] == [b.classify(t) for t in TEXTS])


def source():
    from py3langid.langid import MODEL_DIR
    return MODEL_DIR / MODEL_FILE


def test_the_first_start_fills_the_cache_and_the_next_reads_it(tmp_path, monkeypatch, packaged):
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path / "cache"))
    cached = langid_model.cached_copy(source())
    assert not cached.exists()
    assert same(langid_model.identifier(norm_probs=True), packaged)
    assert cached.exists() and cached.parent == tmp_path / "cache"
    assert [p.name for p in cached.parent.iterdir()] == [cached.name]          # no part file left
    stamp = cached.stat().st_mtime_ns
    assert same(langid_model.identifier(norm_probs=True), packaged)
    assert cached.stat().st_mtime_ns == stamp                                  # read, not written again


def test_an_unreadable_copy_is_decompressed_again(tmp_path, monkeypatch, packaged, caplog):
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path))
    cached = langid_model.cached_copy(source())
    cached.write_bytes(b"PK\x03\x04 a copy cut short")
    with caplog.at_level(logging.WARNING, logger="nlp.langid_model"):
        assert same(langid_model.identifier(norm_probs=True), packaged)
    assert "unreadable" in caplog.text
    assert cached.stat().st_size > 10_000_000


def test_a_cache_that_cannot_be_written_leaves_the_package_s_loader(tmp_path, monkeypatch, packaged, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ICIC_CACHE_DIR", str(blocker / "icic"))
    with caplog.at_level(logging.WARNING, logger="nlp.langid_model"):
        assert same(langid_model.identifier(norm_probs=True), packaged)
    assert "read from its package" in caplog.text


def test_the_cache_follows_xdg_when_icic_names_none(tmp_path, monkeypatch):
    monkeypatch.delenv("ICIC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert langid_model.cache_dir() == tmp_path / "icic"
