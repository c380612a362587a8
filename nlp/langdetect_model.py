"""langdetect's language profiles, read from a compact copy and spread out only per n-gram used.

langdetect's own loader parses its 55 JSON profiles and builds, for each of their 87,598 n-grams,
a list of 55 probabilities (184,129 of the 4.8 million are not zero): 0.24–0.34 s of CPU at every
start, a quarter of what `icic process` loaded before its workers forked, for a voter that few
documents ask (on bench process's 240 articles, 4 Uzbek Latin paragraphs).  `factory()` builds
langdetect's `DetectorFactory` over a `ProfileMap` instead: the non-zero probabilities of each
n-gram, kept in flat lists and turned into langdetect's list of 55 only when a detector reads
that n-gram.  The lists a detector reads are the same numbers in the same order as langdetect's
own loader gives (the same files in the same `os.listdir` order, the same division), so every
answer is the same (tests/nlp/test_langdetect_model.py compares every n-gram).

The flat lists are kept in the user's cache (`nlp.langid_model.cache_dir()`) in Python's marshal
format, named by the profiles' names, sizes and times and by the Python version, and read in
about 0.02 s; a cache that cannot be written or read is logged, and the profiles are read from
the package as the first start reads them.
"""
from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

from nlp.langid_model import cache_dir, forget_old_copies, whole_file

log = logging.getLogger(__name__)

SEP = "\x00"    # between the n-grams in the cached copy (langdetect's n-grams are letters and spaces)


class ProfileMap:
    """n-gram -> langdetect's list of one probability per language, built when first read.

    What `langdetect.detector.Detector` asks of `DetectorFactory.word_lang_prob_map`: `in` and `[]`.
    `rows[i]` holds n-gram i's (language index, probability) pairs as slices `ptr[i]:ptr[i + 1]` of the
    flat `langs` and `probs`."""

    def __init__(self, grams: list[str], langs: bytes, probs: list[float], ptr: list[int], size: int):
        self.index = dict(zip(grams, range(len(grams))))
        self.langs, self.probs, self.ptr, self.size = langs, probs, ptr, size
        self.built: dict[str, list[float]] = {}

    def __contains__(self, gram) -> bool:
        return gram in self.index

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, gram: str) -> list[float]:
        row = self.built.get(gram)
        if row is None:
            i = self.index[gram]
            row = [0.0] * self.size
            for k in range(self.ptr[i], self.ptr[i + 1]):
                row[self.langs[k]] = self.probs[k]
            self.built[gram] = row
        return row

    def keys(self):
        return self.index.keys()


@lru_cache(maxsize=None)
def factory():
    """langdetect's DetectorFactory (seed 0: the same answer for the same text) over a ProfileMap, or
    over langdetect's own map when the profiles cannot be flattened."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    made = DetectorFactory()
    made.seed = 0
    try:
        langlist, flat = _flat(Path(PROFILES_DIRECTORY))
        made.langlist, made.word_lang_prob_map = langlist, ProfileMap(*flat)
    except (OSError, ValueError) as exc:
        log.warning("langdetect's profiles read by its own loader (%s: %s)", type(exc).__name__, exc)
        made.clear()
        made.load_profile(PROFILES_DIRECTORY)
    return made


def detect(text: str) -> str:
    """langdetect's answer for `text` (langdetect.detect with DetectorFactory.seed = 0); raises
    langdetect's LangDetectException on a text without features."""
    detector = factory().create()
    detector.append(text)
    return detector.detect()


def cached_copy(profiles: Path) -> Path:
    """The cache's path for the flat lists of the profiles in `profiles` (which need not be there yet)."""
    digest = hashlib.sha256()
    for name in os.listdir(profiles):
        stat = (profiles / name).stat()
        digest.update(f"{name}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    version = f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"
    return cache_dir() / f"langdetect-{digest.hexdigest()[:16]}-{version}.marshal"


def _flat(profiles: Path) -> tuple[list[str], tuple]:
    """(languages, (n-grams, langs, probs, ptr, size)): from the cached copy, else from the profiles
    (and then cached, if the cache can be written)."""
    cached = cached_copy(profiles)
    if cached.exists():
        try:
            return _unpack(marshal.loads(cached.read_bytes()))
        except Exception as exc:     # a truncated or foreign file (EOFError, ValueError, TypeError…)
            log.warning("the cached langdetect profiles %s are unreadable (%s); reading the profiles", cached, exc)
            cached.unlink(missing_ok=True)
    packed = _pack(profiles)
    try:
        _write(cached, packed)
        forget_old_copies("langdetect", [cached])
    except OSError as exc:
        log.warning("langdetect's profiles not cached (%s: %s)", type(exc).__name__, exc)
    return _unpack(packed)


def _pack(profiles: Path) -> tuple:
    """The profiles as langdetect's `load_profile` reads them, flattened: (languages, n-grams joined by
    SEP, language indexes, probabilities, row starts, languages counted)."""
    names = os.listdir(profiles)
    size = len(names)              # as langdetect counts: every entry of the directory
    langs: list[str] = []
    rows: dict[str, list[tuple[int, float]]] = {}
    for name in names:
        path = profiles / name
        if name.startswith(".") or not path.is_file():
            continue
        with open(path, encoding="utf-8") as f:
            profile = json.load(f)
        index = len(langs)
        langs.append(profile["name"])
        n_words = profile["n_words"]
        for gram, count in profile["freq"].items():
            row = rows.setdefault(gram, [])
            if 1 <= len(gram) <= 3:          # langdetect's add_profile: longer n-grams stay at 0.0
                row.append((index, 1.0 * count / n_words[len(gram) - 1]))
    grams = list(rows)
    if any(SEP in gram for gram in grams):
        raise ValueError("an n-gram holds the separator")
    indexes = [i for gram in grams for i, _ in rows[gram]]
    probs = [p for gram in grams for _, p in rows[gram]]
    ptr = [0]
    for gram in grams:
        ptr.append(ptr[-1] + len(rows[gram]))
    return langs, SEP.join(grams), bytes(indexes), probs, ptr, size


def _unpack(packed: tuple) -> tuple[list[str], tuple]:
    langs, grams, indexes, probs, ptr, size = packed
    grams = grams.split(SEP)
    if len(ptr) != len(grams) + 1 or ptr[-1] != len(indexes) or len(indexes) != len(probs):
        raise ValueError("the flat lists do not fit together")
    return list(langs), (grams, indexes, probs, ptr, size)


def _write(target: Path, packed: tuple) -> None:
    """`packed` into `target`, whole or not at all."""
    with whole_file(target) as tmp:
        tmp.write(marshal.dumps(packed))
