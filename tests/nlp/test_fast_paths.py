"""The hand-written fast paths give what the regular expressions they replace gave."""

import random
import re

from nlp.quotes import _APPOSITION, _SUBJECT_HEAD, _full_names

TEXT = ("Kepala Dinas Erwin Syahputra hadir. (Erwin Syahputra Putra) menyapa warga; SErwin Budi tidak. "
        "Erwin datang lagi, Erwin Budi Santoso dan Erwin. _Erwin Xyz juga. Erwin\nBudi tidak.")


def test_full_names_match_the_regex():
    for name in ("Erwin", "Budi", "Syahputra", "Xyz", "(Erwin", "Putra"):
        assert _full_names(name, TEXT) == re.findall(rf"\b{re.escape(name)}(?: [A-Z][\w'-]+)+", TEXT), name


def test_possessive_name_patterns_match_their_plain_forms():
    plain_apposition = re.compile(r", (?:(?:dr|drg|Dr|H|Hj|Ir|Prof)\. ?)?([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}),")
    plain_head = re.compile(r"([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}), [^,\n]{3,80}")
    pieces = ["Budi", "Santoso", "dr.", "H.", "Dr.", "Hj.", "Prof.", "Ir.", "kepala", "Dinas", "O'Neil", "Al-Amin",
              "mengatakan", "X", "a", "ABC", "Rp", "2026", "warga Desa Tepian Batang"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", ", ", ",", "\n"]) for _ in range(rng.randrange(2, 12)))
        assert ([(m.span(), m.groups()) for m in _APPOSITION.finditer(text)]
                == [(m.span(), m.groups()) for m in plain_apposition.finditer(text)]), text
        for end in range(len(text) + 1):
            new, old = _SUBJECT_HEAD.fullmatch(text, 0, end), plain_head.fullmatch(text, 0, end)
            assert (new and (new.span(), new.groups())) == (old and (old.span(), old.groups())), (text, end)
