"""Per-Doc token arrays (start and end characters, lower-case hashes) shared by the components.

Creating a spaCy ``Token`` costs about 1 us and reading ``token.lower_`` decodes a string; the
components look at tokens hundreds of times per article, so they read these plain lists instead,
built once per Doc with one ``Doc.to_array`` call (cached in ``doc.user_data``). They are memoryviews
of the array, not lists: ``tolist()`` of 540 tokens costs ~25 us per column, while a component reads
only a few hundred entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, LOWER, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.tokenizer import doc_text

USER_DATA_KEY = "token_table"


class TokenTable(NamedTuple):
    """Token ``i`` spans ``starts[i]:ends[i]`` of the text; ``lower[i]`` is the hash of its lower form."""

    starts: Sequence[int]
    ends: Sequence[int]
    lower: Sequence[int]


def token_table(doc: Doc) -> TokenTable:
    """The Doc's token arrays, built on first use."""
    table = doc.user_data.get(USER_DATA_KEY)
    if table is None:
        if len(doc):
            # One call with a list of attributes is 3x faster than one attribute at a time.
            # Token ends come from the next token's start less the trailing space (spaCy places
            # each token right after the previous one and its space), not from LENGTH: a token
            # field (SPACY) is read directly, a lexeme field through a second accessor, and the
            # LENGTH column alone cost ~13 us per 3 KB article.
            columns = doc.to_array([IDX, SPACY, LOWER])
            # offsets read as signed: a memoryview turns an int64 into a Python int ~4x faster
            # than a uint64 (hashes stay unsigned, as spaCy's string ids are); the columns stay
            # strided views (reading one costs the same as a contiguous copy, making it ~2 us)
            signed = columns.view(numpy.int64)
            starts = signed[:, 0]
            ends = numpy.empty_like(starts)
            ends[:-1] = starts[1:]
            ends[-1] = len(doc_text(doc))
            ends -= signed[:, 1]
            table = TokenTable(memoryview(starts), memoryview(ends), memoryview(columns[:, 2]))
        else:
            table = TokenTable((), (), ())
        doc.user_data[USER_DATA_KEY] = table
    return table


def hashes(words) -> frozenset[int]:
    """Lower-case hashes of ``words``, to compare with ``TokenTable.lower``."""
    return frozenset(get_string_id(word.lower()) for word in words)
