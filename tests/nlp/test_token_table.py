"""The token table's columns are spaCy's own token offsets and lower-case hashes."""

from __future__ import annotations

import pytest
import spacy

from nlp.token_table import token_table
from nlp.tokenizer import FAST_CONFIG, TextKeepingTokenizer

TEXTS = [
    "Bupati Paser Fahmi Fadli hadir.",
    "Dinas Kesehatan (Dinkes) Paser,  dua spasi\n\nparagraf baru \n spasi di tepi ",
    "  diawali spasi\tdan tab\u00a0serta spasi tak putus \u2003 akhir\n",
    "Anak-anak \"bermain\" di Tanah Grogot; Rp1,5 miliar (12/3).   ",
    "x",
    "\n",
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("id", config=FAST_CONFIG)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    return nlp


@pytest.mark.parametrize("text", TEXTS)
def test_columns_are_the_tokens_own(nlp, text):
    doc = nlp(text)
    starts, ends, lower = token_table(doc)
    assert list(starts) == [token.idx for token in doc]
    assert list(ends) == [token.idx + len(token.text) for token in doc]
    assert list(lower) == [token.lower for token in doc]
    assert [text[a:b] for a, b in zip(starts, ends)] == [token.text for token in doc]


def test_empty_doc(nlp):
    assert token_table(nlp("")) == ((), (), ())
