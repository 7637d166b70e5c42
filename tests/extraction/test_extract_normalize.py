"""Matching normalisation: quotes, dashes, whitespace, NFC; the title key for the 7-day rule."""

from __future__ import annotations

from pipeline.extraction import normalize_for_matching, normalized_title


def test_normalize_for_matching() -> None:
    raw = "\u201cKami siap\u201d \u2014 ujar  Wabup\u00a0Paser\u2019s\u200b tim\n\tKuaro Cafe\u0301"
    assert normalize_for_matching(raw) == "\"Kami siap\" - ujar Wabup Paser's tim Kuaro Caf\u00e9"


def test_normalization_leaves_the_input_alone() -> None:
    raw = "\u201cKami siap\u201d"
    normalize_for_matching(raw)
    assert raw == "\u201cKami siap\u201d"


def test_normalized_title_matches_outlet_variants() -> None:
    a = normalized_title("Bupati Paser Tinjau Banjir \u2013 Warga \u201cTerendam\u201d")
    b = normalized_title("BUPATI PASER TINJAU BANJIR - WARGA \"TERENDAM\"")
    assert a == b == "bupati paser tinjau banjir warga terendam"
