"""spaCy component ``pantau_entities``: find every catalog name form in a Doc.

One PhraseMatcher runs in Cython over the whole Doc on lower-cased tokens; forms with a case rule
(acronyms, "Paser TUNTAS") then keep only their listed spellings (or all capitals). Overlaps are resolved
longest-first ("Penajam Paser Utara" beats "Paser", "Kantor Bupati" beats "Bupati"). An acronym
defined in the text right after a matched long name ("Dinas Komunikasi ... (Diskominfostaper)") then
matches like that name for the rest of the Doc. Result: ``doc.user_data["pantau"]``, a list of
``Match`` tuples in text order (labels as described in ``nlp.patterns``); plain tuples because
creating spaCy ``Span`` objects costs more than the matching itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.catalog import Catalog
from nlp.patterns import catalog_patterns
from nlp.token_table import token_table
from nlp.tokenizer import doc_text

SPANS_KEY = "pantau"


class Match(NamedTuple):
    """A matched catalog name: label, token range and character range."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int

# tuple.__new__ straight away: a NamedTuple's own __new__ is a Python function (2x slower)
_new = tuple.__new__
_NAMES = ("entity|", "generic|")
_OPEN_ID, _CLOSE_ID = get_string_id("("), get_string_id(")")

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]{1,14}$")


def char_offsets(doc: Doc, text: str):
    """A function (start, end) in tokens -> (start_char, end_char), from the Doc's token table."""
    starts, ends, _ = token_table(doc)

    def from_table(start: int, end: int) -> tuple[int, int]:
        return starts[start], ends[end - 1]

    return from_table


def _WORD_CHAR(char: str) -> bool:
    return char.isalnum() or char in "-_"



class EntityMatcher:
    """Match catalog names; configured from the catalog folder."""

    def __init__(self, nlp: Language, catalog: Catalog) -> None:
        # One PhraseMatcher on lower-cased tokens for every form; case-sensitive forms are then
        # checked against their allowed spellings (cheaper than a second matcher over the Doc).
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact: dict[tuple[int, str], frozenset[str] | None] = {}
        self.known_forms: set[str] = set()  # every name form: a bracketed known name defines nothing
        for pattern in catalog_patterns(catalog):
            self.known_forms.add(pattern.text)
            label = nlp.vocab.strings.add(pattern.label)
            key = (label, " ".join(pattern.text.lower().split()))
            if pattern.exact:
                if key not in self.exact or self.exact[key] is not None:
                    # headlines are often in capitals: the capitalised spelling counts too
                    self.exact[key] = (self.exact.get(key) or frozenset()) | {pattern.text, pattern.text.upper()}
            else:
                self.exact[key] = None
            self.matcher.add(pattern.label, [nlp.make_doc(pattern.text)])
        self.labels = {nlp.vocab.strings[p.label]: p.label for p in catalog_patterns(catalog)}
        self.cased_labels = frozenset(label for (label, _), forms in self.exact.items() if forms is not None)

    def __call__(self, doc: Doc) -> Doc:
        found = self.matcher(doc)
        matches: list[Match] = []
        if found:
            text = doc_text(doc)
            starts, ends, _ = token_table(doc)
            cased = self.cased_labels
            exact = self.exact
            checked = []
            for match in found:
                label, start, end = match
                if label in cased:  # only forms with a case rule need their text now
                    surface = text[starts[start]: ends[end - 1]]
                    if end - start > 1:
                        surface = " ".join(surface.split())
                    allowed = exact.get((label, surface.lower()))
                    if allowed is not None and surface not in allowed:
                        continue
                checked.append(match)
            names = self.labels  # StringStore lookups decode the string each time: ~1 us
            matches = [_new(Match, (names[label], start, end, starts[start], ends[end - 1]))
                       for label, start, end in longest(checked)]
            # both steps need a bracket right after a name: most articles have none
            opens = _bracket_openings(text)
            if opens:
                matches = _drop_bracketed_repeats(matches, text, opens)
                defined = self._defined_acronyms(doc, matches, self.known_forms, opens)
                if defined:
                    matches = sorted(matches + defined, key=lambda m: m.start)
        doc.user_data[SPANS_KEY] = matches
        return doc

    @staticmethod
    def _defined_acronyms(doc: Doc, matches: list[Match], known: set[str], opens: set[int]) -> list[Match]:
        """Later uses of an acronym the text defines in brackets right after a matched name.

        ``opens``: positions of " (" in the text.
        """
        text = doc_text(doc)
        starts, ends, lower = token_table(doc)
        size = len(starts)
        out: list[Match] = []
        covered: set[int] | None = None
        last = len(matches) - 1
        for index, match in enumerate(matches):
            end, end_char = match.end, match.end_char
            if end_char not in opens:  # most matches: integer tests before any string work
                if index == last:
                    continue
                after = matches[index + 1]
                if after.start_char != end_char + 1 or after.end_char not in opens or not after.label.startswith("region|"):
                    continue
                end, end_char = after.end, after.end_char  # "Dinas ... Paser (DKISP)"
            if not match.label.startswith(_NAMES):
                continue
            if end + 2 < len(doc) and lower[end] == _OPEN_ID and lower[end + 2] == _CLOSE_ID:
                acronym = end + 1  # token index; its text from the token table (no Token objects)
                acronym_text = text[starts[acronym]: ends[acronym]]
                if acronym_text in known:
                    continue
                if covered is None:
                    covered = {t for m in matches for t in range(m.start, m.end)}
                if acronym in covered or not _ACRONYM.match(acronym_text):
                    continue
                word = acronym_text
                # str.find, not a regex: a pattern starting with a look-behind scans slowly
                pos = text.find(word)
                while pos >= 0:
                    after = pos + len(word)
                    whole = (pos == 0 or not _WORD_CHAR(text[pos - 1])) and (
                        after == len(text) or not _WORD_CHAR(text[after]))
                    if whole:
                        # what ``doc.char_span(pos, after)`` gives: tokens starting at ``pos`` and
                        # ending at ``after`` exactly, else nothing
                        first, final = bisect_left(starts, pos), bisect_left(ends, after)
                        if (first < size and starts[first] == pos and final < size and ends[final] == after
                                and first <= final and first not in covered and first != acronym):
                            # the bracketed definition itself is part of the long name's mention
                            out.append(Match(match.label, first, final + 1, pos, after))
                            covered.add(first)
                    pos = text.find(word, after)
        return out


def _bracket_openings(text: str) -> set[int]:
    """Positions of " (" in the text."""
    out = set()
    pos = text.find(" (")
    while pos >= 0:
        out.add(pos)
        pos = text.find(" (", pos + 2)
    return out


def _drop_bracketed_repeats(matches: list[Match], text: str, opens: set[int]) -> list[Match]:
    """"Dinas Kesehatan (Dinkes)" is one mention: drop a bracketed name right after a name (also
    after "Paser": "Dinas Kesehatan Paser (DKP)" defines DKP here, whatever else DKP may mean).
    ``opens``: positions of " (" in the text."""
    out: list[Match] = []
    for match in matches:
        if (out and match.start_char == out[-1].end_char + 2 and out[-1].end_char in opens
                and text[match.end_char: match.end_char + 1] == ")"):
            before = out[-1]
            if before.label.startswith("region|") and len(out) > 1 and out[-2].end_char + 1 == before.start_char:
                before = out[-2]
            if before.label.startswith(_NAMES) and match.label.startswith(_NAMES):
                continue
        out.append(match)
    return out


def longest(matches: list[tuple]) -> list[tuple]:
    """Non-overlapping matches in text order; of two overlapping matches the longer one wins.

    Each match is ``(label, start, end, ...)`` in tokens.
    """
    out: list[tuple] = []
    # by start, then longest first: two stable sorts on C key functions instead of a lambda key
    ordered = sorted(matches, key=_END, reverse=True)
    ordered.sort(key=_START)
    for match in ordered:
        if out and match[1] < out[-1][2]:
            last = out[-1]
            if match[2] - match[1] > last[2] - last[1]:  # rare: a longer name starts inside
                out[-1] = match
            continue
        out.append(match)
    return out


_START, _END = itemgetter(1), itemgetter(2)


@Language.factory("pantau_entities", default_config={"catalog": "data/entities"})
def make_entity_matcher(nlp: Language, name: str, catalog: str) -> EntityMatcher:
    """Build the matcher from the catalog folder ``catalog``."""
    return EntityMatcher(nlp, Catalog.load(Path(catalog)))
