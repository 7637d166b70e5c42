"""Article tone from the lexicon, with negation and the deciding words."""

from __future__ import annotations

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
