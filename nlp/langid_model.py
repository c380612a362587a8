"""py3langid's model, read without decompressing it at every start, and mapped rather than copied.

The package ships its model xz-compressed (4.5 MB that become 68 MB).  Decompressing it took
0.3–0.45 s of CPU at every start of a reading command: a third of what `icic process` loads
before its workers fork, and every `icic extract` paid it too.  The first start now keeps the
decompressed arrays in the user's cache (`ICIC_CACHE_DIR`, else `$XDG_CACHE_HOME/icic`, else
`~/.cache/icic`), one `.npy` file each, named by the packaged file's size and time, so a new
py3langid makes a new copy.  Later starts map the two large arrays (the class table, 28 MB, and
the automaton's moves, 39 MB) from those files instead of reading them: reading the former single
`.npz` copy (a zip member's CRC over 68 MB, then a copy of the moves into an `array`) took
0.06–0.2 s of `icic process`'s setup before its workers fork; a map takes a millisecond, and the
pages, read only where a text leads the automaton, are the page cache's, shared by every process
instead of 68 MB of each one's own.  The arrays hold the same numbers either way.  A cache that
cannot be written or read is logged and skipped: the model is then read as py3langid reads it.
"""
from __future__ import annotations

import contextlib
import logging
import lzma
import os
import tempfile
from array import array
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

TYPECODES = {2: "H", 4: "I", 8: "L"}     # as py3langid's modelio turns unsigned arrays into array.array


def cache_dir() -> Path:
    """Where derived copies of packaged data are kept: ICIC_CACHE_DIR, else $XDG_CACHE_HOME/icic, else ~/.cache/icic."""
    if os.environ.get("ICIC_CACHE_DIR"):
        return Path(os.environ["ICIC_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "icic"


def identifier(**kwargs):
    """py3langid's LanguageIdentifier over its own model (`kwargs` as `from_model_file` takes them)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    source = Path(MODEL_FILE)
    source = source if source.is_absolute() else Path(MODEL_DIR) / source
    try:
        ptc, pc, classes, nextmove, row, output = _arrays(source)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("py3langid's model read from its package (%s: %s)", type(exc).__name__, exc)
        return LanguageIdentifier.from_model_file(MODEL_FILE, **kwargs)
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, tk_row=row, **kwargs)


# The arrays of py3langid's model file, as its `modelio.load_model` names them; the first two are mapped.
ARRAYS = ("ptc", "nextmove", "pc", "classes", "nextmove_row", "out_feat")
MAPPED = ("ptc", "nextmove")


def cached_copies(source: Path) -> dict[str, Path]:
    """The cache's path of each array of the decompressed `source` (which need not be there yet)."""
    stat = source.stat()
    return {name: cache_dir() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}.{name}.npy" for name in ARRAYS}


def _arrays(source: Path) -> tuple:
    cached = cached_copies(source)
    if all(path.exists() for path in cached.values()):
        try:
            return _read(cached)
        except Exception as exc:         # a truncated or foreign file (ValueError, OSError…)
            log.warning("the cached py3langid model %s is unreadable (%s); decompressing it again",
                        cached["ptc"].parent, exc)
            for path in cached.values():
                path.unlink(missing_ok=True)
    _decompress(source, cached)
    return _read(cached)


def _decompress(source: Path, targets: dict[str, Path]) -> None:
    """`source` decompressed into one `.npy` file an array, each whole or not at all."""
    import io

    with lzma.open(source) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as packed:
        for name, target in targets.items():
            with whole_file(target) as tmp:
                np.save(tmp, packed[name], allow_pickle=False)


@contextlib.contextmanager
def whole_file(target: Path):
    """A file to write `target`'s bytes into, put in place only once it is whole: another process may read
    `target` meanwhile, and a failed write leaves nothing behind (the caches of derived copies)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=target.name, suffix=".part", delete=False) as tmp:
        try:
            yield tmp
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise
    os.replace(tmp.name, target)


def _read(paths: dict[str, Path]) -> tuple:
    """(nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output), as py3langid's modelio.load_model gives them
    (the moves as a memoryview of the mapped file, indexed as py3langid indexes its `array`)."""
    data = {name: np.load(path, mmap_mode="r" if name in MAPPED else None, allow_pickle=False)
            for name, path in paths.items()}
    if data["nextmove"].dtype.itemsize not in TYPECODES or data["ptc"].ndim != 2:
        raise ValueError("not py3langid's arrays")
    return (data["ptc"], data["pc"], data["classes"].tolist(), _view(data["nextmove"]),
            _to_array(data["nextmove_row"]), data["out_feat"].tolist())


def _view(values: np.ndarray) -> memoryview:
    """The unsigned integers of `values` (a mapped array) as a memoryview of the typecode py3langid's `array` has:
    indexed as fast, and nothing copied."""
    return memoryview(values).cast("B").cast(TYPECODES[values.dtype.itemsize])


def _to_array(values: np.ndarray) -> array:
    out = array(TYPECODES[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out
