"""Near-duplicate (reprint) detection with datasketch MinHash LSH, signatures persisted in the KB."""
from __future__ import annotations

import re
import zlib
from typing import Optional

import numpy as np
from datasketch import MinHash, MinHashLSH

from kb.store import minhashes, save_minhash

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3
SCHEME = "affine32"   # fixed explicitly: stored signatures must be compared with the same hash scheme
HASH = zlib.crc32     # stable across processes (signatures are stored) and about 4x faster than sha1


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the case-folded text (the words themselves for very short texts)."""
    words = WORD.findall(text.casefold())
    if len(words) < k:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


class ReprintIndex:
    """Finds, for a new text, a stored document it is a near copy of (estimated Jaccard ≥ threshold)."""

    def __init__(self, db, threshold: float = 0.5, num_perm: int = 128):
        self.db, self.threshold, self.num_perm = db, threshold, num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[int, MinHash] = {}
        for doc_id, blob in minhashes(db, num_perm):
            self._insert(doc_id, self._from_bytes(blob))

    def _new(self, hashvalues=None) -> MinHash:
        # Permutations are drawn once (they depend only on num_perm and the seed) and shared.
        if not hasattr(self, "_template"):
            self._template = MinHash(num_perm=self.num_perm, scheme=SCHEME, hashfunc=HASH)
        return MinHash(num_perm=self.num_perm, scheme=SCHEME, hashfunc=HASH, hashvalues=hashvalues,
                       permutations=self._template.permutations)

    def signature(self, text: str) -> MinHash:
        sig = self._new()
        sig.update_batch(list(shingles(text)))
        return sig

    def _from_bytes(self, blob: bytes) -> MinHash:
        return self._new(np.frombuffer(blob, dtype=np.uint64).copy())

    def _insert(self, doc_id: int, sig: MinHash) -> None:
        if doc_id in self.signatures:
            self.lsh.remove(doc_id)
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig

    def add(self, doc_id: int, text: str) -> Optional[int]:
        """Index a stored document; returns the most similar earlier document above the threshold."""
        sig = self.signature(text)
        best, best_score = None, self.threshold
        for other in self.lsh.query(sig):
            if other == doc_id:
                continue
            score = sig.jaccard(self.signatures[other])
            if score >= best_score:
                best, best_score = other, score
        self._insert(doc_id, sig)
        save_minhash(self.db, doc_id, sig.hashvalues.astype(np.uint64).tobytes(), self.num_perm)
        return best
