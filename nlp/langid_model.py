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
Each copy written leaves at most `KEEP_COPIES` of its kind in the cache (`forget_old_copies`): every
new venv or py3langid makes a new one, and 68 MB apiece piled up (25 copies, 1.7 GB, on a machine
with a venv per work tree).
"""
from __future__ import annotations

import contextlib
import logging
import lzma
import os
import tempfile
import time
from array import array
from pathlib import Path
from typing import Iterable

import numpy as np

log = logging.getLogger(__name__)

TYPECODES = {2: "H", 4: "I", 8: "L"}     # as py3langid's modelio turns unsigned arrays into array.array
KEEP_COPIES = 3          # copies of one kind kept in the cache: a few venvs or versions side by side
STALE_PART = 3600        # seconds after which a part file is a killed writer's, not one being written


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
    forget_old_copies("py3langid", cached.values())
    return _read(cached)


def _decompress(source: Path, targets: dict[str, Path]) -> None:
    """`source` decompressed into one `.npy` file an array, each whole or not at all."""
    import io

    with lzma.open(source) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as packed:
        for name, target in targets.items():
            with whole_file(target) as tmp:
                np.save(tmp, packed[name], allow_pickle=False)


def forget_old_copies(kind: str, current: Iterable[Path], keep: int = KEEP_COPIES) -> None:
    """Delete from the cache all but the `keep` newest copies of `kind` (files named `kind-KEY…`; the files of
    one copy share the name up to its first dot), `current` (the copy just written) counted among them, with
    any file of its name the code no longer writes (py3langid's former single `.npz`); and part files of
    `kind` a writer left over an hour ago.  A process still reading a deleted copy keeps it (its file stays
    open or mapped); one about to open it finds it gone and makes it again.  Failures are logged: the cache
    is only a shortcut."""
    current = {Path(path).name for path in current}
    mine = {name.split(".")[0] for name in current}
    try:
        copies: dict[str, list[Path]] = {}
        for path in cache_dir().iterdir():
            if not path.name.startswith(kind + "-") or path.name in current:
                continue
            if path.name.endswith(".part"):
                if time.time() - path.stat().st_mtime > STALE_PART:
                    path.unlink(missing_ok=True)
                continue
            copies.setdefault(path.name.split(".")[0], []).append(path)
        others = sorted((key for key in copies if key not in mine), reverse=True,
                        key=lambda key: (max(p.stat().st_mtime_ns for p in copies[key]), key))
        for key in [k for k in copies if k in mine] + others[keep - 1:]:
            for path in copies[key]:
                path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("old copies of %s not removed from the cache (%s: %s)", kind, type(exc).__name__, exc)


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
