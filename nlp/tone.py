"""Tone: spaCy component ``pantau_tone`` (lexicon words, negation) and the scoring of an article.

A word from ``nlp/lexicon/positif.txt`` or ``negatif.txt`` counts +1/-1; a negator ("tidak", "belum",
see ``negasi.txt``) in the two tokens before it flips it ("tidak berhasil" counts as negative, "tidak
ada kendala" as positive: the negator may stand one word earlier), and a reducer (``penurun.txt``:
"penurunan", "menekan") in the two tokens before a negative word makes it good news ("penurunan angka
kemiskinan"). Phrases in ``netral.txt`` ("paling lambat", a deadline) cover the lexicon words inside
them and count nothing. Headline words count twice. The
label comes from the balance of the counts (thresholds below, measured in bench/tag.py); every label
carries the words that decided it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from nlp.phrases import LEXICON, LEXICON_LABELS, USER_DATA_KEY as PHRASES_KEY, read_list
from nlp.token_table import token_table
from pipeline.records import Tone, ToneLabel

SPANS_KEY = "pantau_tone"
NEGATION_WINDOW = 2
# An article is positif when positive words clearly outweigh negative ones, negatif when negative
# words outweigh positive ones at all: government news is mostly upbeat, so a story that dwells on
# problems is worth flagging even when it also mentions a response.
POSITIVE_MIN_BALANCE = 0.5
POSITIVE_MIN_LEAD = 1
NEGATIVE_MAX_BALANCE = -0.2
NEGATIVE_MIN_LEAD = 2


class ToneMarker:
    """Mark lexicon words as ``positif``/``negatif`` in ``doc.user_data["pantau_tone"]`` (after negation).

    Reads the lexicon matches of ``pantau_phrases`` (``nlp.phrases``), which must run before it."""

    def __init__(self, nlp: Language, lexicon: Path) -> None:
        self.labels = {nlp.vocab.strings.add(name): name for name in LEXICON_LABELS}
        self.negators = frozenset(read_list(lexicon / "negasi.txt"))
        self.negator_ids = frozenset(nlp.vocab.strings.add(word) for word in self.negators)
        # penurun.txt: words that lower what follows: "penurunan angka kemiskinan" is good news
        self.reducer_ids = frozenset(nlp.vocab.strings.add(word)
                                     for word in read_list(lexicon / "penurun.txt", optional=True))

    def __call__(self, doc: Doc) -> Doc:
        words = []
        found = _longest(doc.user_data[PHRASES_KEY].lexicon)
        if found:
            negators, reducers = self.negator_ids, self.reducer_ids
            starts, ends, lower = token_table(doc)
            labels = self.labels
            for label_id, start, end in found:
                label = labels[label_id]
                if label == "netral":
                    continue
                for i in range(max(0, start - NEGATION_WINDOW), start):
                    token = lower[i]
                    if token in negators:  # hashes: no strings built
                        label = "negatif" if label == "positif" else "positif"
                        start = i
                        break
                    if label == "negatif" and token in reducers:
                        label, start = "positif", i
                        if words and words[-1].start_char == starts[i]:
                            words.pop()  # "penurunan" counted on its own just before
                        break
                words.append(_new(ToneWord, (label, starts[start], ends[end - 1])))
        doc.user_data[SPANS_KEY] = words
        return doc


_new = tuple.__new__  # faster than a NamedTuple's own __new__


class ToneWord(NamedTuple):
    """A lexicon hit after negation: label and character range (negator included)."""

    label: str
    start_char: int
    end_char: int


def _longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Overlapping lexicon matches keep the longest ("dugaan korupsi" over "korupsi").

    ``matches`` in the PhraseMatcher's order: by start, and for one start shorter before longer, so
    a match followed by a longer one from the same start never wins (no sort needed)."""
    out: list[tuple[int, int, int]] = []
    end = -1
    size = len(matches)
    for index, match in enumerate(matches):
        start, stop = match[1], match[2]
        if start < end:
            continue
        following = index + 1
        while following < size and matches[following][1] == start and matches[following][2] == stop:
            following += 1  # the same words in another list
        if following < size and matches[following][1] == start:
            continue  # a longer match from the same start follows
        out.append(match)
        end = stop
    return out


def label_for(positive: int, negative: int) -> tuple[ToneLabel, float]:
    """The tone label and balance (-1..1) for weighted positive and negative counts."""
    total = positive + negative
    if total == 0:
        return "netral", 0.0
    balance = (positive - negative) / total
    if balance >= POSITIVE_MIN_BALANCE and positive - negative >= POSITIVE_MIN_LEAD:
        return "positif", round(balance, 3)
    if balance <= NEGATIVE_MAX_BALANCE and negative - positive >= NEGATIVE_MIN_LEAD:
        return "negatif", round(balance, 3)
    return "netral", round(balance, 3)


def mention_label(positive: int, negative: int) -> ToneLabel:
    """A mention's tone: the balance of the lexicon words in the sentences that mention it."""
    if positive > negative:
        return "positif"
    if negative > positive:
        return "negatif"
    return "netral"


def score(words: Iterable[tuple[str, str, int]]) -> Tone:
    """Article tone from (label, text, weight) lexicon hits."""
    positive: list[str] = []
    negative: list[str] = []
    pos = neg = 0
    for label, text, weight in words:
        if label == "positif":
            pos += weight
            positive.append(text.lower())
        else:
            neg += weight
            negative.append(text.lower())
    label, balance = label_for(pos, neg)
    return Tone(label, balance, tuple(dict.fromkeys(positive)), tuple(dict.fromkeys(negative)))


@Language.factory("pantau_tone", default_config={"lexicon": str(LEXICON)})
def make_tone_marker(nlp: Language, name: str, lexicon: str) -> ToneMarker:
    """Build the tone marker from the lexicon folder."""
    return ToneMarker(nlp, Path(lexicon))
