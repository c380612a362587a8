"""py3langid's model mapped from the user's cache: the same identifier as the package's own loader."""
from __future__ import annotations

import logging
import os
import time

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


def _old_copy(cache, key: str, names, age_days: float) -> list:
    """Files of an older copy named as the cache names them, dated `age_days` back."""
    paths = []
    for name in names:
        path = cache / f"{key}{name}"
        path.write_bytes(b"an older copy")
        stamp = time.time() - age_days * 86400
        os.utime(path, (stamp, stamp))
        paths.append(path)
    return paths


def test_a_new_copy_leaves_only_the_newest_copies_of_its_kind(tmp_path, monkeypatch, packaged):
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("ICIC_CACHE_DIR", str(cache))
    arrays = [f".{name}.npy" for name in langid_model.ARRAYS]
    older = {age: _old_copy(cache, f"py3langid-{4_000_000 + age}-{age}", arrays, age) for age in (1, 2, 3, 4)}
    legacy = _old_copy(cache, "py3langid-3999999-9", [".npz"], 9)          # the former single-file copy
    key = next(iter(langid_model.cached_copies(source()).values())).name.split(".")[0]
    legacy += _old_copy(cache, key, [".npz"], 0)                          # ... of the current model, kept beside it
    other_kind = _old_copy(cache, "langdetect-0123456789abcdef-py311m4", [".marshal"], 30)
    killed = _old_copy(cache, "py3langid-1-1.ptc.npy", ["abc.part"], 1)     # a writer killed a day ago
    writing = _old_copy(cache, "py3langid-1-1.pc.npy", ["def.part"], 0)     # a writer at work now
    assert same(langid_model.identifier(norm_probs=True), packaged)
    kept = {p.name for p in cache.iterdir()}
    assert {p.name for p in langid_model.cached_copies(source()).values()} <= kept
    assert {p.name for p in older[1] + older[2]} <= kept                    # the two newest older copies
    assert not {p.name for p in older[3] + older[4] + legacy + killed} & kept
    assert {p.name for p in other_kind + writing} <= kept                  # other kinds and live writers untouched
    assert len({name.split(".")[0] for name in kept if name.startswith("py3langid-") and "part" not in name}) \
        == langid_model.KEEP_COPIES


def test_reading_a_cached_copy_removes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ICIC_CACHE_DIR", str(tmp_path))
    langid_model.identifier(norm_probs=True)
    older = [_old_copy(tmp_path, f"py3langid-{age}-{age}", [".ptc.npy"], age) for age in range(1, 6)]
    langid_model.identifier(norm_probs=True)                     # read from the cache: no copy written
    assert all(p.exists() for paths in older for p in paths)
