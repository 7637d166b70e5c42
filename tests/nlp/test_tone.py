"""Article tone from the lexicon, with negation and the deciding words."""

from __future__ import annotations

import random

from nlp.tone import _longest
from pipeline.records import Tone


def test_positive_article(tag):
    t = tag("Paser Raih Penghargaan", "Pemkab Paser meraih penghargaan dan berhasil mengurangi banjir.")
    assert t.tone == Tone("positif", 1.0, ("raih", "penghargaan", "meraih", "berhasil", "mengurangi banjir"), ())


def test_reducing_a_problem_is_good_news_and_a_deadline_is_no_tone(tag):
    t = tag("Rapat", "Penurunan angka kemiskinan dibahas. Laporan diserahkan paling lambat Jumat.")
    assert t.tone == Tone("positif", 1.0, ("penurunan angka kemiskinan",), ())
    # "penurunan" alone stays bad news ("penurunan pendapatan")
    assert tag("Rapat", "Penurunan pendapatan daerah dibahas.").tone.negative == ("penurunan",)


def test_negation_flips(tag):
    t = tag("Proyek", "Proyek jalan tidak berhasil diselesaikan dan mangkrak.")
    assert t.tone == Tone("negatif", -1.0, (), ("tidak berhasil", "mangkrak"))


def test_negated_problem_is_good_news(tag):
    t = tag("Mudik", "Arus mudik tanpa kendala, tidak ada masalah berarti.")
    assert t.tone.label == "positif"
    assert t.tone.positive == ("tanpa kendala", "tidak ada masalah")


def test_no_lexicon_word_is_neutral(tag):
    assert tag("Rapat", "Rapat digelar di aula.").tone == Tone("netral", 0.0)


def _longest_by_sorting(matches):
    """The rule itself: by start, longest first; keep what does not overlap a match kept."""
    out, end = [], -1
    for match in sorted(sorted(matches, key=lambda m: m[2], reverse=True), key=lambda m: m[1]):
        if match[1] >= end:
            out.append(match)
            end = match[2]
    return out


def test_longest_lexicon_match_without_sorting_keeps_the_rule():
    rng = random.Random(5)
    for _ in range(2000):
        spans = {(rng.randrange(12), rng.randrange(1, 4)) for _ in range(rng.randrange(8))}
        # the PhraseMatcher's order: by start, shorter first; a span may carry two labels
        matches = [(label, start, start + length) for start, length in sorted(spans)
                   for label in rng.sample((1, 2, 3), rng.randrange(1, 3))]
        assert _longest(matches) == _longest_by_sorting(matches), matches
