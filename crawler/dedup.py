"""Near-duplicate (reprint) detection: MinHash signatures in LSH bands, signatures persisted in the KB.

The signatures are datasketch's "affine32" MinHash (seed 1, zlib.crc32 as the input hash) and the
bands its MinHashLSH's optimal (bands, rows) for the threshold, computed here with numpy alone:
importing datasketch imports scipy.integrate to tune its bands, about 0.7 s of every crawl.
Signatures stored by earlier versions (written with datasketch) are the same bytes and are read
as they are; tests/crawler/test_reprints_and_store.py checks both against datasketch itself.
"""
from __future__ import annotations

import functools
import re
import zlib
from typing import Optional

import numpy as np

from kb.store import minhashes, save_minhash

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3
SEED = 1                          # datasketch's default seed: the permutations stored signatures were made with
MAX_HASH = np.uint32(0xFFFFFFFF)  # an empty signature (a text without words)
# MurmurHash3's 32-bit finalizer (shifts and multipliers), datasketch's pre-mix of the input hash
FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the case-folded text (the words themselves for very short texts)."""
    words = WORD.findall(text.casefold())
    if len(words) < k:
        return {w.encode("utf-8") for w in words}
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(k))))))   # utf-8


@functools.cache
def permutations(num_perm: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations h → a·h + b (mod 2³², a odd) of datasketch's "affine32" scheme."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signature(text: str, num_perm: int = 128) -> np.ndarray:
    """The MinHash signature (num_perm uint32 values) of the text's shingles."""
    hashed = [zlib.crc32(s) for s in shingles(text)]
    if not hashed:
        return np.full(num_perm, MAX_HASH, dtype=np.uint32)
    a, b = permutations(num_perm)
    hv = _fmix32(np.array(hashed, dtype=np.uint32)).reshape(-1, 1)
    return (hv * a + b).min(axis=0)      # uint32 arithmetic: the wraparound is the modulo 2³²


def jaccard(one: np.ndarray, other: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.count_nonzero(one == other)) / len(one)


@functools.cache
def lsh_params(threshold: float, num_perm: int, weights: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int]:
    """(bands, rows per band) minimising the weighted false positive and false negative probabilities,
    as datasketch's MinHashLSH chooses them (the first minimum, bands then rows ascending).

    The integrands are polynomials of degree bands·rows ≤ num_perm, so Gauss–Legendre with
    num_perm/2 + 1 nodes integrates them exactly (up to rounding)."""
    nodes, node_weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(f, lo: float, hi: float) -> float:
        half = (hi - lo) / 2
        return float(half * np.dot(node_weights, f(half * nodes + (lo + hi) / 2)))

    best, opt = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = integral(lambda s: 1 - (1 - s ** rows) ** bands, 0.0, threshold)
            fn = integral(lambda s: (1 - s ** rows) ** bands, threshold, 1.0)
            error = fp * weights[0] + fn * weights[1]
            if error < best:
                best, opt = error, (bands, rows)
    return opt


class BandIndex:
    """LSH over signatures: documents whose signatures agree on every row of some band are candidates."""

    def __init__(self, threshold: float, num_perm: int):
        bands, rows = lsh_params(threshold, num_perm)
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.tables: list[dict[bytes, set[int]]] = [{} for _ in self.ranges]

    def _keys(self, sig: np.ndarray):
        return ((table, sig[lo:hi].tobytes()) for table, (lo, hi) in zip(self.tables, self.ranges))

    def insert(self, doc_id: int, sig: np.ndarray) -> None:
        for table, key in self._keys(sig):
            table.setdefault(key, set()).add(doc_id)

    def remove(self, doc_id: int, sig: np.ndarray) -> None:
        for table, key in self._keys(sig):
            bucket = table.get(key)
            if bucket is not None:
                bucket.discard(doc_id)
                if not bucket:
                    del table[key]

    def query(self, sig: np.ndarray) -> set[int]:
        found: set[int] = set()
        for table, key in self._keys(sig):
            found.update(table.get(key, ()))
        return found


class ReprintIndex:
    """Finds, for a new text, a stored document it is a near copy of (estimated Jaccard ≥ threshold)."""

    def __init__(self, db, threshold: float = 0.5, num_perm: int = 128):
        self.db, self.threshold, self.num_perm = db, threshold, num_perm
        self.lsh = BandIndex(threshold, num_perm)
        self.signatures: dict[int, np.ndarray] = {}
        for doc_id, blob in minhashes(db, num_perm):
            self._insert(doc_id, self._from_bytes(blob))

    def signature(self, text: str) -> np.ndarray:
        return signature(text, self.num_perm)

    def _from_bytes(self, blob: bytes) -> np.ndarray:
        # stored as uint64 (datasketch's hashvalues went through .astype(np.uint64)); every value fits 32 bits
        return np.frombuffer(blob, dtype=np.uint64).astype(np.uint32)

    def _insert(self, doc_id: int, sig: np.ndarray) -> None:
        if doc_id in self.signatures:
            self.lsh.remove(doc_id, self.signatures[doc_id])
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig

    def add(self, doc_id: int, text: str) -> Optional[int]:
        """Index a stored document; returns the most similar earlier document above the threshold
        (of equally similar ones, the latest, as before)."""
        sig = self.signature(text)
        best, best_score = None, self.threshold
        for other in sorted(self.lsh.query(sig)):
            if other == doc_id:
                continue
            score = jaccard(sig, self.signatures[other])
            if score >= best_score:
                best, best_score = other, score
        self._insert(doc_id, sig)
        save_minhash(self.db, doc_id, sig.astype(np.uint64).tobytes(), self.num_perm)
        return best
