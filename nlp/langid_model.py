"""py3langid's model, read without decompressing it at every start.

The package ships its model xz-compressed (4.5 MB that become 68 MB).  Decompressing it took
0.3–0.45 s of CPU at every start of a reading command: a third of what `icic process` loads
before its workers fork, and every `icic extract` paid it too.  The first start now keeps the
decompressed copy in the user's cache (`ICIC_CACHE_DIR`, else `$XDG_CACHE_HOME/icic`, else
`~/.cache/icic`), named by the packaged file's size and time, so a new py3langid makes a new
copy; later starts read that copy in a few hundredths of a second.  The arrays are the same
either way.  A cache that cannot be written or read is logged and skipped: the model is then read
as py3langid reads it.
"""
from __future__ import annotations

import contextlib
import logging
import lzma
import os
import shutil
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


def cached_copy(source: Path) -> Path:
    """The cache's path for the decompressed `source` (which need not be there yet)."""
    stat = source.stat()
    return cache_dir() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}.npz"


def _arrays(source: Path) -> tuple:
    cached = cached_copy(source)
    if cached.exists():
        try:
            return _read(cached)
        except Exception as exc:         # a truncated or foreign file (zipfile.BadZipFile, ValueError…)
            log.warning("the cached py3langid model %s is unreadable (%s); decompressing it again", cached, exc)
            cached.unlink(missing_ok=True)
    _decompress(source, cached)
    return _read(cached)


def _decompress(source: Path, target: Path) -> None:
    """`source` decompressed into `target`, whole or not at all."""
    with whole_file(target) as tmp, lzma.open(source) as src:
        shutil.copyfileobj(src, tmp, length=1 << 20)


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


def _read(path: Path) -> tuple:
    """(nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output), as py3langid's modelio.load_model gives them."""
    with np.load(path, allow_pickle=False) as data:
        return (data["ptc"], data["pc"], data["classes"].tolist(), _to_array(data["nextmove"]),
                _to_array(data["nextmove_row"]), data["out_feat"].tolist())


def _to_array(values: np.ndarray) -> array:
    out = array(TYPECODES[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out
