"""Where a mention is, what counts, case rules, acronyms and longest matches."""

from __future__ import annotations

from conftest import others, paser


def test_headline_lead_body_counts_and_first_sentence(tag):
    text = ("TANA PASER - Dinkes Paser menggelar vaksinasi di Kuaro. Warga antusias.\n"
            "Petugas Dinkes juga memeriksa lansia.\nDinas Kesehatan menyiapkan 500 dosis.")
    t = tag("Dinkes Paser Gelar Vaksinasi", text)
    dinkes = next(m for m in t.mentions if m.entity_id == "dinkes")
    assert (dinkes.count, dinkes.in_headline, dinkes.in_lead, dinkes.in_body) == (4, 1, 1, 2)
    assert dinkes.first_sentence == "Dinkes Paser Gelar Vaksinasi"
    kuaro = next(m for m in t.mentions if m.entity_id == "kuaro")
    assert kuaro.first_sentence == "TANA PASER - Dinkes Paser menggelar vaksinasi di Kuaro."


def test_baca_juga_and_dateline_do_not_count(tag):
    text = ("TANA PASER - Disdikbud Paser membagikan seragam.\n"
            "Baca juga: Dinas Kesehatan Paser dan Bupati PPU bahas stunting di Kuaro\n"
            "Pewarta: Ahmad Editor: Budi")
    t = tag("Seragam Gratis", text)
    assert paser(t) == {"disdikbud": 1}
    assert others(t) == {}


def test_tuntas_case_rule(tag):
    text = ("Visi Paser TUNTAS dibahas. TUNTAS Paser dan Paser Tuntas juga disebut.\n"
            "Masalah ini harus tuntas. Paser tuntas membahas anggaran.")
    assert paser(tag("RPJMD", text)) == {"paser-tuntas": 3}


def test_case_rule_names_in_title_case_or_capital_headlines_are_not_judged(tag):
    # "di Paser Tuntas": finished in Paser; a Title Case headline cannot tell it from the vision
    assert paser(tag("Normalisasi Sungai Kandilo di Paser Tuntas", "Pekerjaan selesai.")) == {"sungai-kandilo": 1}
    assert paser(tag("NORMALISASI SUNGAI DI PASER TUNTAS", "Pekerjaan selesai.")) == {}
    # spelled as title case would not write it, or in a headline in sentence case: the vision
    assert paser(tag("Sekda Bahas Visi Paser TUNTAS", "Rapat digelar.")).get("paser-tuntas") == 1
    assert paser(tag("Pemkab paparkan Paser Tuntas ke DPRD", "Rapat digelar.")).get("paser-tuntas") == 1
    # the body still counts
    t = tag("Sosialisasi Paser Tuntas Digelar", "Visi Paser Tuntas disosialisasikan ke desa.")
    assert paser(t) == {"paser-tuntas": 1}


def test_headline_in_capitals(tag):
    assert paser(tag("DINKES PASER RAIH PENGHARGAAN", "Penghargaan diterima di Jakarta.")) == {"dinkes": 1}


def test_acronym_defined_in_the_text(tag):
    text = ("Dinas Komunikasi, Informatika, Statistik, dan Persandian Paser (DKISP) menggelar pelatihan. "
            "DKISP mengundang 40 desa. Pelatihan DKISP berlanjut.")
    t = tag("Pelatihan", text)
    assert paser(t) == {"diskominfostaper": 3}


def test_bracketed_acronym_is_one_mention(tag):
    t = tag("Laptop", "Dinas Pendidikan dan Kebudayaan (Disdikbud) Paser membagikan laptop.")
    assert paser(t) == {"disdikbud": 1}
    # "DKP" is Dinas Ketahanan Pangan in the catalog, but here the text defines it
    assert paser(tag("Vaksin", "Dinas Kesehatan Paser (DKP) menggelar vaksinasi.")) == {"dinkes": 1}


def test_longest_match_wins(tag):
    t = tag("Kantor", "Apel digelar di Kantor Bupati Paser. Museum Sadurengas dibuka.", outlet=True)
    assert paser(t) == {"kantor-bupati": 1, "sadurengas": 1}


def test_misspellings_and_old_names(tag):
    t = tag("Data", "Bapeddalitbang Paser dan Disbunnak Paser rapat. DBMTR Paser melelang proyek.")
    assert paser(t) == {"bappedalitbang": 1, "disbunak": 1, "dbmtr": 1}


def test_mention_tone_follows_its_sentences(tag):
    t = tag("Rapat", "Dinsos Paser berhasil menyalurkan bantuan. DLH Paser gagal mengangkut sampah.")
    tones = {m.entity_id: m.tone for m in t.mentions}
    assert tones == {"dinsos": "positif", "dlh": "negatif"}
