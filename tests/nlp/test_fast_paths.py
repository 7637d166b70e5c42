"""The hand-written fast paths give what the regular expressions they replace gave."""

import re

from nlp.quotes import _full_names

TEXT = ("Kepala Dinas Erwin Syahputra hadir. (Erwin Syahputra Putra) menyapa warga; SErwin Budi tidak. "
        "Erwin datang lagi, Erwin Budi Santoso dan Erwin. _Erwin Xyz juga. Erwin\nBudi tidak.")


def test_full_names_match_the_regex():
    for name in ("Erwin", "Budi", "Syahputra", "Xyz", "(Erwin", "Putra"):
        assert _full_names(name, TEXT) == re.findall(rf"\b{re.escape(name)}(?: [A-Z][\w'-]+)+", TEXT), name
