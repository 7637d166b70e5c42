"""The fast tokenizer gives spaCy's Indonesian tokens, without the per-document cache loss."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from nlp.tokenizer import TextKeepingTokenizer, doc_text, fast_tokenizer

IDNER = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "idner-news-2k" / "test.txt"


@pytest.fixture(scope="module")
def pair():
    nlp = spacy.blank("id")
    return nlp.tokenizer, fast_tokenizer(nlp)


def _sentences(path: Path) -> list[str]:
    out, current = [], []
    for line in path.read_text(encoding="utf-8").replace("\r", "").split("\n"):
        if line.strip():
            current.append(line.split()[0])
        elif current:
            out.append(" ".join(current))
            current = []
    return out


@pytest.mark.parametrize("text, tokens", [
    ("(dr. Fahmi)", ["(", "dr.", "Fahmi", ")"]),
    ("Anak-anak hadir.", ["Anak-anak", "hadir", "."]),
    ("anak-anaknya,", ["anak", "-", "anaknya", ","]),
    ("Jum'at (12/3)", ["Jum'at", "(", "12", "/", "3", ")"]),
    ("S.Pd., M.Pd.", ["S.Pd.", ",", "M.Pd."]),
    ("A.Md.Keb.", ["A.Md.Keb."]),
    ("Kab. Paser", ["Kab", ".", "Paser"]),
    ("Jan. 2025", ["Jan.", "2025"]),
    (":)", [":)"]),
])
def test_same_tokens_as_spacy(pair, text, tokens):
    slow, fast = pair
    assert [t.text for t in fast(text)] == tokens == [t.text for t in slow(text)]
    assert [t.norm_ for t in fast(text)] == [t.norm_ for t in slow(text)]


def test_norm_of_exceptions_kept(pair):
    _, fast = pair
    assert [t.norm_ for t in fast("Jum'at Jan.")] == ["Jumat", "Januari"]


def test_emoticon_no_longer_swallows_dates(pair):
    # spaCy's special-case matcher turned "(22/8)" into "(", "22", "/", "8)" (the emoticon "8)")
    slow, fast = pair
    assert [t.text for t in slow("Jumat (22/8).")][-3:] == ["/", "8)", "."]
    assert [t.text for t in fast("Jumat (22/8).")] == ["Jumat", "(", "22", "/", "8", ")", "."]


@pytest.mark.skipif(not IDNER.exists(), reason="shared dataset not present")
def test_identical_on_real_indonesian_news(pair):
    slow, fast = pair
    sentences = _sentences(IDNER)
    differ = [s for s in sentences if [t.text for t in slow(s)] != [t.text for t in fast(s)]]
    # the only differences: the "8)" emoticon special case inside dates like "(23/8)"
    assert len(sentences) == 509
    assert all("8)" in s for s in differ), differ[:3]
    assert len(differ) <= 10


def test_text_kept_for_components(pair):
    _, fast = pair
    doc = TextKeepingTokenizer(fast)("Bupati  Paser\nhadir")
    assert doc_text(doc) == "Bupati  Paser\nhadir"
