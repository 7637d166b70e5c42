"""Near-duplicate similarity on constructed pairs, and the LSH-backed syndication index."""

from __future__ import annotations

import random

import pytest
from syndication_pairs import LIGHT_EDIT, RELEASE, REWRITTEN_LEAD, SAME_EVENT, VERBATIM, text

from pipeline.dedup import (
    PARTNER_THRESHOLD,
    FingerprintError,
    SyndicationIndex,
    fingerprint,
    jaccard,
    shingles,
    similarity,
)

BASE = text(RELEASE)
PAIRS = {"verbatim": VERBATIM, "light-edit": LIGHT_EDIT, "rewritten-lead": REWRITTEN_LEAD, "same-event": SAME_EVENT}
# Exact Jaccard of word 3-shingles against the release (the figures in docs/extraction.md).
EXACT = {"verbatim": 0.9783, "light-edit": 0.8241, "rewritten-lead": 0.5991, "same-event": 0.0171}


@pytest.mark.parametrize("name", PAIRS)
def test_pair_similarity(name: str) -> None:
    other = text(PAIRS[name])
    exact = jaccard(BASE, other)
    estimate = similarity(fingerprint(BASE), fingerprint(other))
    assert round(exact, 4) == EXACT[name]
    assert abs(estimate - exact) <= 0.05  # 2 standard errors at 256 permutations
    # The partner rule gives the same verdict on the estimate as on the exact value.
    assert (estimate >= PARTNER_THRESHOLD) == (exact >= PARTNER_THRESHOLD) == (name in ("verbatim", "light-edit"))


def test_shingles_ignore_quotes_case_and_spacing() -> None:
    assert shingles("\u201cKami  Siap\u201d, ujar Bupati") == shingles('"kami siap", UJAR bupati')
    assert shingles("kami siap ujar bupati") == {"kami siap ujar", "siap ujar bupati"}
    assert shingles("dua kata") == {"dua kata"}
    assert jaccard(BASE, BASE) == 1.0


def test_fingerprint_is_compact_and_versioned() -> None:
    fp = fingerprint(BASE)
    assert len(fp) == 1026 and fp[:2] == b"M3"
    assert similarity(fp, fingerprint(BASE)) == 1.0
    with pytest.raises(FingerprintError):
        similarity(fp, b"M1" + fp[2:])
    with pytest.raises(FingerprintError):
        similarity(fp, fp[:-4])


def test_index_finds_the_copies_among_unrelated_stories() -> None:
    rng = random.Random(7)
    vocabulary = " ".join(RELEASE + SAME_EVENT).split()
    rows = [(f"other-{i}", fingerprint(" ".join(rng.choices(vocabulary, k=150)))) for i in range(60)]
    rows += [(name, fingerprint(text(paragraphs))) for name, paragraphs in PAIRS.items()]
    index = SyndicationIndex.from_fingerprints(rows)
    assert len(index) == 64 and "verbatim" in index
    base = fingerprint(BASE)
    assert [key for key, _ in index.query(base)] == ["verbatim", "light-edit"]
    assert [key for key, _ in index.query(base, threshold=0.5)] == ["verbatim", "light-edit", "rewritten-lead"]
    index.remove("verbatim")
    assert [key for key, _ in index.query(base)] == ["light-edit"]
    with pytest.raises(ValueError):
        index.query(base, threshold=0.3)
