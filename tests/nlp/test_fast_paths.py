"""The hand-written fast paths give what the regular expressions they replace gave."""

import re

from nlp.quotes import _APPOSITION, _SUBJECT_HEAD, _full_names

TEXT = ("Kepala Dinas Erwin Syahputra hadir. (Erwin Syahputra Putra) menyapa warga; SErwin Budi tidak. "
        "Erwin datang lagi, Erwin Budi Santoso dan Erwin. _Erwin Xyz juga. Erwin\nBudi tidak.")


def test_full_names_match_the_regex():
    for name in ("Erwin", "Budi", "Syahputra", "Xyz", "(Erwin", "Putra"):
        assert _full_names(name, TEXT) == re.findall(rf"\b{re.escape(name)}(?: [A-Z][\w'-]+)+", TEXT), name


def test_name_patterns_take_words_of_two_letters_or_more():
    # on Python 3.11.2 the possessive forms of these patterns matched ", Budi O'Neil O'Neil X," here
    text = "O'Neil, Budi O'Neil O'Neil X, O'NeilDinas, Budi"
    assert [(m.span(), m.groups()) for m in _APPOSITION.finditer(text)] == [((28, 42), ("O'NeilDinas",))]
    assert _SUBJECT_HEAD.fullmatch("Budi O'Neil O'Neil X, warga Desa") is None
    found = _SUBJECT_HEAD.fullmatch("Budi O'Neil, warga Desa Tepian Batang")
    assert (found.span(), found.groups()) == ((0, 37), ("Budi O'Neil",))
