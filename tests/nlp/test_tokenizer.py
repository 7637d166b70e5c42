"""The fast tokenizer gives spaCy's Indonesian tokens, without the per-document cache loss."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from nlp.tokenizer import CACHE_CHUNKS, FAST_CONFIG, TextKeepingTokenizer, _top_level_branches, doc_text, fast_tokenizer

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
IDNER = DATASETS / "idner-news-2k" / "test.txt"
GROUND_TRUTH = DATASETS / "article-extraction-benchmark" / "ground-truth.json"


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


@pytest.mark.parametrize("pattern, branches", [
    ("^a|^b", ["^a", "^b"]),
    ("^(b|i)\\s?/>|<a([^>]+)>", ["^(b|i)\\s?/>", "<a([^>]+)>"]),
    ("[|]x|^\\|y|[]|]z|[^]|]w", ["[|]x", "^\\|y", "[]|]z", "[^]|]w"]),
    ("^(?:a|(b|c))|d", ["^(?:a|(b|c))", "d"]),
])
def test_top_level_branches(pattern, branches):
    assert _top_level_branches(pattern) == branches
    assert "|".join(branches) == pattern


def _span(found):
    return None if found is None else (found.start(), found.end())


def test_prefix_rule_finds_what_spacy_finds(pair):
    """The anchored prefix search gives spaCy's match span on every chunk of real text, including
    the one unanchored branch of spaCy's ``id`` rules ("<a href=...>" anywhere in a chunk)."""
    slow, fast = pair
    chunks = {"x<a href='y'>z", "<a href=x>", "<b/>", "<br />", "$5", "US$10", "...", "..x", "+62", "+x",
              "(dr.", "\u201cKata", "''", "Rp5", "#Paser", "&amp;", "", "a"}
    for path in (IDNER, GROUND_TRUTH):
        if path.exists():
            chunks.update(path.read_text(encoding="utf-8").split())
    protected = {string for string, pieces in slow.rules.items() if len(pieces) == 1}  # never cut
    chunks.update(["\u2014", "''"])
    differ = [c for c in chunks
              if _span(fast.prefix_search(c)) != (None if c in protected else _span(slow.prefix_search(c)))]
    assert differ == []
    assert len(chunks) > 10_000 or not GROUND_TRUTH.exists()


def test_cache_keeps_chunks_beyond_spacys_default():
    """spaCy caches 10,000 chunks and then nothing more, so a new word seen after that went through
    the affix rules at every occurrence; ours caches it the first time."""
    fast = fast_tokenizer(spacy.blank("id"))
    assert fast.max_cache_size == CACHE_CHUNKS > 12_000
    calls = []
    rule = fast.suffix_search
    fast.suffix_search = lambda string: calls.append(string) or rule(string)
    fast(" ".join(f"kata{n}" for n in range(12_000)))  # more distinct chunks than spaCy would keep
    fast("Paserku, Paserku")
    calls.clear()
    assert [t.text for t in fast("Paserku, Paserku")] == ["Paserku", ",", "Paserku"]
    assert calls == []


def test_registered_for_spacy_config():
    """``spacy.blank("id", config=FAST_CONFIG)`` builds only the fast tokenizer (spaCy's own took
    ~1.7 s), with the same tokens."""
    nlp = spacy.blank("id", config=FAST_CONFIG)
    assert nlp.tokenizer.max_cache_size == CACHE_CHUNKS
    # single-token exceptions are protected strings; only multi-token ones ("°C.") stay special cases
    assert 0 < len(nlp.tokenizer.rules) < 20
    assert all(len(pieces) > 1 for pieces in nlp.tokenizer.rules.values())
    text = "Anak-anak dr. Fahmi (22/8) di Kab. Paser, Jum'at."
    assert [t.text for t in nlp(text)] == [t.text for t in fast_tokenizer(spacy.blank("id"))(text)] == [
        "Anak-anak", "dr.", "Fahmi", "(", "22", "/", "8", ")", "di", "Kab", ".", "Paser", ",", "Jum'at", "."]
    assert nlp.vocab["Jum'at"].norm_ == "Jumat"
