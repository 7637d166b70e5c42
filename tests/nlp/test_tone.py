"""Article tone from the lexicon, with negation and the deciding words."""

from __future__ import annotations

from pipeline.records import Tone


def test_positive_article(tag):
    t = tag("Paser Raih Penghargaan", "Pemkab Paser meraih penghargaan dan berhasil menekan angka kemiskinan.")
    assert t.tone == Tone("positif", 0.75, ("raih", "penghargaan", "meraih", "berhasil"), ("kemiskinan",))


def test_negation_flips(tag):
    t = tag("Proyek", "Proyek jalan tidak berhasil diselesaikan dan mangkrak.")
    assert t.tone == Tone("negatif", -1.0, (), ("tidak berhasil", "mangkrak"))


def test_negated_problem_is_good_news(tag):
    t = tag("Mudik", "Arus mudik tanpa kendala, tidak ada masalah berarti.")
    assert t.tone.label == "positif"
    assert t.tone.positive == ("tanpa kendala", "tidak ada masalah")


def test_no_lexicon_word_is_neutral(tag):
    assert tag("Rapat", "Rapat digelar di aula.").tone == Tone("netral", 0.0)
