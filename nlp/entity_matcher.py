"""spaCy component ``pantau_entities``: find every catalog name form in a Doc.

Two PhraseMatchers run in Cython over the whole Doc: one on exact token text for case-sensitive
forms (acronyms, "Paser TUNTAS"), one on lower-cased text for the rest. Overlaps are resolved
longest-first ("Penajam Paser Utara" beats "Paser", "Kantor Bupati" beats "Bupati"). An acronym
defined in the text right after a matched long name ("Dinas Komunikasi ... (Diskominfostaper)") then
matches like that name for the rest of the Doc. Result: ``doc.user_data["pantau"]``, a list of
``Match`` tuples in text order (labels as described in ``nlp.patterns``); plain tuples because
creating spaCy ``Span`` objects costs more than the matching itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from nlp.catalog import Catalog
from nlp.patterns import catalog_patterns
from nlp.tokenizer import doc_text

SPANS_KEY = "pantau"


class Match(NamedTuple):
    """A matched catalog name: label, token range and character range."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]{1,14}$")


class EntityMatcher:
    """Match catalog names; configured from the catalog folder."""

    def __init__(self, nlp: Language, catalog: Catalog) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for pattern in catalog_patterns(catalog):
            if pattern.exact:
                forms = {pattern.text, pattern.text.upper()}  # headlines are often in capitals
                self.exact.add(pattern.label, [nlp.make_doc(form) for form in forms])
            else:
                self.lower.add(pattern.label, [nlp.make_doc(pattern.text)])

    def __call__(self, doc: Doc) -> Doc:
        found = longest(self.exact(doc) + self.lower(doc))
        matches: list[Match] = []
        if found:
            strings = doc.vocab.strings
            # plain lists: indexing numpy arrays element by element is slower than the matching
            idx, length = doc.to_array([IDX, LENGTH]).T.tolist()
            matches = [Match(strings[label], start, end, idx[start], idx[end - 1] + length[end - 1])
                       for label, start, end in found]
            matches = _drop_bracketed_repeats(matches, doc_text(doc))
            defined = self._defined_acronyms(doc, matches)
            if defined:
                matches = sorted(matches + defined, key=lambda m: m.start)
        doc.user_data[SPANS_KEY] = matches
        return doc

    @staticmethod
    def _defined_acronyms(doc: Doc, matches: list[Match]) -> list[Match]:
        """Later uses of an acronym the text defines in brackets right after a matched name."""
        text = doc_text(doc)
        out: list[Match] = []
        covered: set[int] | None = None
        for index, match in enumerate(matches):
            if not match.label.startswith(("entity|", "generic|")):
                continue
            end, end_char = match.end, match.end_char
            after = matches[index + 1] if index + 1 < len(matches) else None
            if after and after.label.startswith("region|") and after.start_char == end_char + 1:
                end, end_char = after.end, after.end_char  # "Dinas ... Paser (DKISP)"
            if text[end_char: end_char + 2] != " (":
                continue
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                acronym = doc[end + 1]
                if covered is None:
                    covered = {t for m in matches for t in range(m.start, m.end)}
                if acronym.i in covered or not _ACRONYM.match(acronym.text):
                    continue
                for found in re.finditer(rf"(?<![\w-]){re.escape(acronym.text)}(?![\w-])", text):
                    span = doc.char_span(found.start(), found.end())
                    # the bracketed definition itself is part of the long name's mention
                    if span is not None and span.start not in covered and span.start != acronym.i:
                        out.append(Match(match.label, span.start, span.end, found.start(), found.end()))
                        covered.add(span.start)
        return out


def _drop_bracketed_repeats(matches: list[Match], text: str) -> list[Match]:
    """"Dinas Kesehatan (Dinkes)" is one mention: drop a bracketed name right after the same one."""
    out: list[Match] = []
    for match in matches:
        if (out and out[-1].label == match.label and text[out[-1].end_char: match.start_char] == " ("
                and text[match.end_char: match.end_char + 1] == ")"):
            continue
        out.append(match)
    return out


def longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches in text order; of two overlapping matches the longer one wins."""
    out: list[tuple[int, int, int]] = []
    for match in sorted(matches, key=lambda m: (m[1], -m[2])):
        if out and match[1] < out[-1][2]:
            last = out[-1]
            if match[2] - match[1] > last[2] - last[1]:  # rare: a longer name starts inside
                out[-1] = match
            continue
        out.append(match)
    return out


@Language.factory("pantau_entities", default_config={"catalog": "data/entities"})
def make_entity_matcher(nlp: Language, name: str, catalog: str) -> EntityMatcher:
    """Build the matcher from the catalog folder ``catalog``."""
    return EntityMatcher(nlp, Catalog.load(Path(catalog)))
