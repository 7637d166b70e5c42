"""spaCy component ``pantau_entities``: find every catalog name form in a Doc.

Reads the raw catalog matches of ``pantau_phrases`` (``nlp.phrases``: one PhraseMatcher on lower-cased
tokens, which must run before this component); forms with a case rule (acronyms, "Paser TUNTAS") keep
only their listed spellings (or all capitals). Overlaps are resolved longest-first ("Penajam Paser
Utara" beats "Paser", "Kantor Bupati" beats "Bupati"). An acronym defined in the text right after a
matched long name ("Dinas Komunikasi ... (Diskominfostaper)") then matches like that name for the
rest of the Doc. Result: ``doc.user_data["pantau"]``, a list of ``Match`` tuples in text order (labels
as described in ``nlp.patterns``); plain tuples because creating spaCy ``Span`` objects costs more
than the matching itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.catalog import Catalog
from nlp.patterns import catalog_patterns
from nlp.phrases import USER_DATA_KEY as PHRASES_KEY
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


def _WORD_CHAR(char: str) -> bool:
    return char.isalnum() or char in "-_"



class EntityMatcher:
    """Match catalog names; configured from the catalog folder."""

    def __init__(self, nlp: Language, catalog: Catalog) -> None:
        # ``pantau_phrases`` matches every form on lower-cased tokens; forms with a case rule are then
        # checked against their allowed spellings (cheaper than a second matcher over the Doc).
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
        self.labels = {nlp.vocab.strings[p.label]: p.label for p in catalog_patterns(catalog)}
        self.cased_labels = frozenset(label for (label, _), forms in self.exact.items() if forms is not None)
        self._verdicts: dict[tuple[int, str], bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        found = doc.user_data[PHRASES_KEY].catalog
        matches: list[Match] = []
        if found:
            text = doc_text(doc)
            starts, ends, _ = token_table(doc)
            cased, verdicts, names = self.cased_labels, self._verdicts, self.labels
            title_end = text.find("\n") % (len(text) + 1)  # the first line is the headline
            # One pass does the case rule and the overlaps: the PhraseMatcher lists matches by start
            # token, and for one start shorter before longer, so "longest wins" needs no sort (the
            # same result as sorting by start, longest first).
            last_start = last_end = -1
            for label, start, end in found:
                if start < last_end and end - start <= last_end - last_start:
                    continue  # inside the last name kept, or overlapping it and not longer: it cannot win
                if label in cased:  # only forms with a case rule need their text now
                    key = (label, text[starts[start]: ends[end - 1]])
                    allowed = verdicts.get(key)
                    if allowed is None:
                        allowed = self._verdict(key)
                    if not allowed:
                        continue
                    if end - start > 1 and starts[start] < title_end and self._case_blind(key, text[:title_end]):
                        continue
                if start < last_end:  # rare: a longer name starts inside the last one
                    matches[-1] = _new(Match, (names[label], start, end, starts[start], ends[end - 1]))
                    last_start, last_end = start, end
                    continue
                matches.append(_new(Match, (names[label], start, end, starts[start], ends[end - 1])))
                last_start, last_end = start, end
            # both steps need a bracket right after a name: most articles have none
            opens = _bracket_openings(text)
            if opens:
                match_starts = list(map(_START_CHAR, matches))
                _drop_bracketed_repeats(matches, match_starts, text, opens)
                defined = self._defined_acronyms(doc, matches, match_starts, self.known_forms, opens)
                if defined:
                    matches = sorted(matches + defined, key=lambda m: m.start)
        doc.user_data[SPANS_KEY] = matches
        return doc

    def _case_blind(self, key: tuple[int, str], headline: str) -> bool:
        """Is this a name with a case rule in a headline whose case says nothing? In a headline in
        Title Case or capitals, "Paser Tuntas" may be the vision or "di Paser tuntas" (finished in
        Paser): such a match does not count (the body's mentions still do). "Paser TUNTAS" in a
        Title Case headline still counts: title case would not write it so."""
        surface, allowed = self._spelling(key)
        if allowed is None:
            return False  # this form ignores case anyway ("Dinas Kesehatan")
        if headline.isupper():
            return surface.isupper()
        words = [word for word in headline.split() if len(word) > 3 and word[0].isalpha()]
        title_case = bool(words) and all(word[0].isupper() for word in words)
        return title_case and surface == " ".join(word[:1].upper() + word[1:].lower() for word in surface.split())

    def _spelling(self, key: tuple[int, str]) -> tuple[str, frozenset[str] | None]:
        """A match's text with single spaces, and the spellings its form allows (None: any case)."""
        label, surface = key
        surface = " ".join(surface.split())
        return surface, self.exact.get((label, surface.lower()))

    def _verdict(self, key: tuple[int, str]) -> bool:
        """Does this spelling of a form with a case rule count? Remembered per (label, spelling):
        the same few spellings ("Paser", "PASER", "Bupati") make most matches."""
        surface, allowed = self._spelling(key)
        if len(self._verdicts) > 100_000:  # odd spellings of a long-running process: start again
            self._verdicts.clear()
        verdict = self._verdicts[key] = allowed is None or surface in allowed
        return verdict

    @staticmethod
    def _defined_acronyms(doc: Doc, matches: list[Match], match_starts: list[int], known: set[str],
                          opens: list[int]) -> list[Match]:
        """Later uses of an acronym the text defines in brackets right after a matched name.

        ``match_starts``: the first character of each match. ``opens``: positions of " (" in the
        text, ascending. Only a name ending at one of them can define an acronym, so the work is per
        bracket (a few per article), not per match.
        """
        text = doc_text(doc)
        starts, ends, lower = token_table(doc)
        size = len(starts)
        out: list[Match] = []
        covered: set[int] | None = None
        for open_at in opens:
            index = bisect_left(match_starts, open_at) - 1  # the last match starting before " ("
            if index < 0 or matches[index].end_char != open_at:
                continue
            match = matches[index]
            end = match.end
            if match.label.startswith("region|") and index:  # "Dinas ... Paser (DKISP)"
                match = matches[index - 1]
                if match.end_char + 1 != matches[index].start_char:
                    continue
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


def _bracket_openings(text: str) -> list[int]:
    """Positions of " (" in the text, ascending."""
    out = []
    pos = text.find(" (")
    while pos >= 0:
        out.append(pos)
        pos = text.find(" (", pos + 2)
    return out


def _drop_bracketed_repeats(matches: list[Match], match_starts: list[int], text: str, opens: list[int]) -> None:
    """"Dinas Kesehatan (Dinkes)" is one mention: drop a bracketed name right after a name (also
    after "Paser": "Dinas Kesehatan Paser (DKP)" defines DKP here, whatever else DKP may mean).
    ``match_starts``: the first character of each match (both lists lose the dropped ones).
    ``opens``: positions of " (" in the text, ascending: only a match starting two characters
    after one of them can be dropped, so the work is per bracket, not per match."""
    dropped: list[int] = []
    for open_at in opens:
        index = bisect_left(match_starts, open_at + 2)
        if not index or index == len(matches) or match_starts[index] != open_at + 2:
            continue
        match = matches[index]
        before_index = index - 1
        if dropped and dropped[-1] == before_index:  # "(A) (B)": the kept match before B
            continue  # its "before" would be the name before A, never adjacent to B
        before = matches[before_index]
        if before.end_char != open_at or text[match.end_char: match.end_char + 1] != ")":
            continue
        if before.label.startswith("region|") and before_index and matches[before_index - 1].end_char + 1 == before.start_char:
            before = matches[before_index - 1]
        if before.label.startswith(_NAMES) and match.label.startswith(_NAMES):
            dropped.append(index)
    # in place, last first: a few per article, each a C memmove (a filtered copy cost ~4 us)
    for index in reversed(dropped):
        del matches[index], match_starts[index]


_START_CHAR = itemgetter(3)


@Language.factory("pantau_entities", default_config={"catalog": "data/entities"})
def make_entity_matcher(nlp: Language, name: str, catalog: str) -> EntityMatcher:
    """Build the matcher from the catalog folder ``catalog``."""
    return EntityMatcher(nlp, Catalog.load(Path(catalog)))
