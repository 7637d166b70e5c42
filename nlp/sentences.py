"""spaCy component ``pantau_sentences``: fast rule-based sentence boundaries.

spaCy's ``sentencizer`` walks every token in Python (about 1.7 ms for a 3 KB article, more than the
whole budget of the tagging stage); this component finds boundaries with one regular expression over
the text instead: a sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets)
followed by a capital letter, digit or opening quote, unless the full stop ends an abbreviation
("dr.", "H.", "Kab."), and always at a new line. Boundaries are stored as character offsets in
``doc.user_data["sentence_starts"]`` (not as ``token.is_sent_start``: nothing reads ``doc.sents``).
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add

from spacy.language import Language
from spacy.tokens import Doc

from nlp.tokenizer import doc_text

USER_DATA_KEY = "sentence_starts"
_BOUNDARIES = tuple(re.compile(rf"{re.escape(mark)}[\"\u201d\u2019')]*[ \t]+(?=[\"\u201c\u2018(]?[A-Z0-9])")
                    for mark in ".!?")
# full stops that end an abbreviation, not a sentence (lower-cased word before the stop)
ABBREVIATIONS = frozenset({
    "dr", "drg", "h", "hj", "drs", "dra", "ir", "prof", "kh", "hm", "st", "no", "kab", "kec", "kel", "jl", "jln",
    "ds", "rp", "pt", "cv", "tbk", "a", "b", "c", "d", "e", "f", "g", "i", "j", "k", "l", "m", "n", "o", "p", "q",
    "r", "s", "t", "u", "v", "w", "x", "y", "z", "sp", "pd", "ag", "kom", "hum", "kes", "ked", "si", "sos", "ip",
    "mm", "mt", "msi", "mpd", "se", "sh", "mh", "ak", "bc", "pj", "pjs", "plt", "plh", "sdr", "yth", "tgl", "bpk",
    "sdri", "ny", "nn", "ust", "kol", "let", "brigjen", "kapt", "aipda", "bripka", "iptu", "ipda", "akp", "kompol",
})


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start."""
    starts = [0]
    # one pattern per end mark: a pattern with a literal first character is searched in C
    # (memchr-like); a character class makes the regex engine try every position (~25 us per 3 KB)
    for mark, boundary in zip(".!?", _BOUNDARIES):
        if mark not in text:  # most articles have no "!" (a str search: ~0.1 us, a finditer ~1.5)
            continue
        for match in boundary.finditer(text):
            before = text[max(0, match.start() - 12): match.start()].rsplit(None, 1)
            if before and before[-1].lstrip("(\"\u201c").lower() in ABBREVIATIONS:
                continue
            if match.end() < len(text):
                starts.append(match.end())
    # every line starts a sentence: line starts as prefix sums of the line lengths, all in C
    # (a str.find loop costs ~0.15 us per line)
    lines = text.split("\n")
    starts.extend(map(add, accumulate(map(len, lines[:-1])), range(1, len(lines))))
    if len(lines) > 1 and not lines[-1]:
        starts.pop()  # a final newline starts nothing
    return sorted(set(starts))


class SentenceSplitter:
    """Set sentence starts from ``sentence_starts``."""

    def __call__(self, doc: Doc) -> Doc:
        # character offsets only: nothing reads ``token.is_sent_start``, and setting it through
        # numpy cost a fifth of this component
        doc.user_data[USER_DATA_KEY] = sentence_starts(doc_text(doc))
        return doc


@Language.factory("pantau_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    """Build the rule-based sentence splitter."""
    return SentenceSplitter()
