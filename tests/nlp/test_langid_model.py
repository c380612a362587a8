"""py3langid's model mapped from the user's cache: the same identifier as the package's own loader."""
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
            and bytes(a.tk_nextmove) == bytes(b.tk_nextmove) and a.tk_row == b.tk_row and a.tk_output == b.tk_output
            and [a.classify(t) for t in TEXTS] == [b.classify(t) for t in TEXTS])


def source():
    from py3langid.langid import MODEL_DIR
    return MODEL_DIR / MODEL_FILE


def test_the_first_start_fills_the_cache_and_the_next_reads_it(tmp_path, monkeypatch, packaged):
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path / "cache"))
    cached = langid_model.cached_copies(source())
    assert not any(path.exists() for path in cached.values())
    assert same(langid_model.identifier(norm_probs=True), packaged)
    assert all(path.exists() and path.parent == tmp_path / "cache" for path in cached.values())
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(p.name for p in cached.values())  # no part file
    stamps = {name: path.stat().st_mtime_ns for name, path in cached.items()}
    assert same(langid_model.identifier(norm_probs=True), packaged)
    assert {name: path.stat().st_mtime_ns for name, path in cached.items()} == stamps   # read, not written again


def test_the_large_arrays_are_mapped_from_the_cache_not_copied(tmp_path, monkeypatch):
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path))
    langid_model.identifier(norm_probs=True)                     # fills the cache
    ident = langid_model.identifier(norm_probs=True)
    assert isinstance(ident.tk_nextmove, memoryview) and ident.tk_nextmove.readonly
    assert ident.tk_nextmove.format == "I" and len(ident.tk_nextmove) > 1_000_000
    assert not ident.nb_ptc.flags.owndata and not ident.nb_ptc.flags.writeable   # a view of the mapped file
    with pytest.raises((TypeError, ValueError)):
        ident.nb_ptc[0, 0] = 1.0                                 # the cache's file is never written through the map


@pytest.mark.parametrize("broken", ["nextmove", "ptc"])
def test_an_unreadable_copy_is_decompressed_again(tmp_path, monkeypatch, packaged, caplog, broken):
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path))
    langid_model.identifier(norm_probs=True)
    cached = langid_model.cached_copies(source())
    whole = cached[broken].stat().st_size
    with cached[broken].open("r+b") as f:
        f.truncate(whole // 2)                                   # a copy cut short: its map would pass the file's end
    with caplog.at_level(logging.WARNING, logger="nlp.langid_model"):
        assert same(langid_model.identifier(norm_probs=True), packaged)
    assert "unreadable" in caplog.text
    assert cached[broken].stat().st_size == whole


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
