"""Near-duplicate fingerprints for syndication: the same press release republished by outlets.

Similarity is defined as the Jaccard index of the sets of word 3-shingles of the two texts, after
``normalize_for_matching`` and casefolding, with words = ``\\w+`` runs (see ``shingles``). Paser's
media-partner rule ("80% or more similar to another outlet's version") is ``similarity >= 0.80``.

A fingerprint is a 256-permutation MinHash of those shingles (1 KiB, storable in a DuckDB BLOB);
``similarity`` of two fingerprints estimates the Jaccard index with a standard error of
sqrt(J(1-J)/256), 0.025 at J = 0.8. ``SyndicationIndex`` finds candidates through MinHash LSH so a
new article is compared with the few similar stored ones, not with all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

import numpy as np
from datasketch import MinHash, MinHashLSH

from pipeline.extraction.normalize import normalize_for_matching

NUM_PERM = 256
SHINGLE_WORDS = 3
PARTNER_THRESHOLD = 0.80
_VERSION = b"M3"  # MinHash (datasketch affine32, seed 1), word 3-shingles: a change invalidates stored ones
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")
# Article keys: the store's integer ids or any other sortable, hashable key (URLs in tests).
Key: TypeAlias = int | str


class FingerprintError(ValueError):
    """Bytes that are not a fingerprint of this version (stored by an older Pantau, or corrupt)."""


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of word ``size``-shingles of the matching-normalised, casefolded text."""
    words = _WORD.findall(normalize_for_matching(text).casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(text_a: str, text_b: str) -> float:
    """Exact similarity of two texts (the quantity ``similarity`` estimates)."""
    a, b = shingles(text_a), shingles(text_b)
    return len(a & b) / len(a | b) if a or b else 1.0


def _minhash(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=_SCHEME)
    minhash.update_batch(s.encode("utf-8") for s in shingles(text))
    return minhash


def fingerprint(text: str) -> bytes:
    """Compact MinHash fingerprint of a text (2-byte version + 256 little-endian uint32)."""
    return _VERSION + _minhash(text).hashvalues.astype("<u4").tobytes()


def _values(fp: bytes) -> np.ndarray:
    if len(fp) != len(_VERSION) + 4 * NUM_PERM or not fp.startswith(_VERSION):
        raise FingerprintError(f"not a {_VERSION!r} fingerprint of {NUM_PERM} values ({len(fp)} bytes)")
    return np.frombuffer(fp, dtype="<u4", offset=len(_VERSION))


def _from_values(fp: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=_values(fp), scheme=_SCHEME)


def similarity(fp_a: bytes, fp_b: bytes) -> float:
    """Estimated Jaccard similarity (0..1) of the texts behind two fingerprints."""
    return float(np.mean(_values(fp_a) == _values(fp_b)))


class SyndicationIndex:
    """LSH index of fingerprints: ``query`` returns stored keys at or above a similarity.

    The LSH bands are tuned for ``min_threshold``; querying below it misses candidates, so build
    the index with the lowest threshold you will ask for (default 0.5; the partner rule uses 0.8).
    """

    def __init__(self, min_threshold: float = 0.5) -> None:
        self.min_threshold = min_threshold
        self._lsh = MinHashLSH(threshold=min_threshold, num_perm=NUM_PERM)
        self._fingerprints: dict[Key, bytes] = {}

    @classmethod
    def from_fingerprints(cls, rows: Iterable[tuple[Key, bytes]], min_threshold: float = 0.5) -> SyndicationIndex:
        """Build from stored ``(article_key, fingerprint)`` rows (e.g. a DuckDB query result)."""
        index = cls(min_threshold)
        for key, fp in rows:
            index.add(key, fp)
        return index

    def __len__(self) -> int:
        return len(self._fingerprints)

    def __contains__(self, key: object) -> bool:
        return key in self._fingerprints

    def add(self, article_key: Key, fp: bytes) -> None:
        """Index one article; adding a key again replaces its fingerprint."""
        if article_key in self._fingerprints:
            self.remove(article_key)
        self._lsh.insert(article_key, _from_values(fp))
        self._fingerprints[article_key] = bytes(fp)

    def remove(self, article_key: Key) -> None:
        """Forget one article."""
        if self._fingerprints.pop(article_key, None) is not None:
            self._lsh.remove(article_key)

    def query(self, fp: bytes, threshold: float = PARTNER_THRESHOLD) -> list[tuple[Key, float]]:
        """Stored keys whose estimated similarity to ``fp`` is >= ``threshold``, most similar first."""
        if threshold < self.min_threshold:
            raise ValueError(f"threshold {threshold} is below the index's {self.min_threshold}")
        candidates = self._lsh.query(_from_values(fp))
        found = [(key, similarity(fp, self._fingerprints[key])) for key in candidates]
        return sorted(((k, s) for k, s in found if s >= threshold), key=lambda item: (-item[1], item[0]))
