"""Whose agency: generic names count for Paser only when the text ties them to Paser."""

from __future__ import annotations

from conftest import others, paser


def test_explicit_paser_after_the_name(tag):
    t = tag("Kegiatan", "Dinas Kesehatan Paser menggelar vaksinasi. Dinkes Kabupaten Paser juga hadir.")
    assert paser(t) == {"dinkes": 2}
    assert others(t) == {}


def test_other_region_right_after_the_name(tag):
    t = tag("Kegiatan", "Dinas Kesehatan Balikpapan menggelar vaksinasi bersama Dinkes PPU di Paser.")
    assert paser(t) == {}
    assert others(t) == {"other:pemkot-balikpapan:dinas-kesehatan": 1, "other:pemkab-ppu:dinas-kesehatan": 1}


def test_region_after_kabupaten_or_bracketed_acronym(tag):
    t = tag("Kegiatan", "Dinas Kesehatan (Dinkes) Kabupaten Fakfak hadir. Dinas Sosial Kota Bontang juga.")
    assert others(t) == {"other:pemkab-fakfak:dinas-kesehatan": 1, "other:pemkot-bontang:dinas-sosial": 1}


def test_penajam_paser_utara_is_not_paser(tag):
    t = tag("Banjir di Penajam Paser Utara", "BPBD mengevakuasi warga Penajam Paser Utara.")
    assert paser(t) == {}
    assert others(t) == {"other:pemkab-ppu:badan-penanggulangan-bencana-daerah": 1}


def test_sentence_decides_before_the_article(tag):
    text = ("TANA PASER - Bupati Paser Fahmi Fadli membuka rapat di Tanah Grogot.\n"
            "Di Samarinda, Dinas Perhubungan menambah bus. Di Kuaro, Dinas Perhubungan memasang rambu.")
    t = tag("Rapat", text)
    assert paser(t)["dishub"] == 1
    assert others(t) == {"other:pemkot-samarinda:dinas-perhubungan": 1}


def test_article_ties_resolve_untied_sentences(tag):
    text = "TANA PASER - Pemkab Paser menggelar apel.\nDLH mengangkut sampah dari pasar."
    assert paser(tag("Apel", text)) == {"pemkab-paser": 1, "dlh": 1}


def test_no_tie_is_unresolved_never_paser(tag):
    t = tag("Penertiban", "Satpol PP menertibkan pedagang. DPRD meminta penertiban humanis.")
    assert paser(t) == {}
    assert others(t) == {"unresolved:satuan-polisi-pamong-praja": 1,
                         "unresolved:dewan-perwakilan-rakyat-daerah": 1}


def test_paser_outlet_ties_generic_names(tag):
    t = tag("Penertiban", "Satpol PP menertibkan pedagang di trotoar.", outlet=True)
    assert paser(t) == {"satpol-pp": 1}


def test_other_region_dominates_the_article(tag):
    text = "BALIKPAPAN - Warga Balikpapan antre vaksin.\nDinkes menyiapkan 5.000 dosis. Paser menyusul."
    t = tag("Vaksinasi", text)
    assert others(t) == {"other:pemkot-balikpapan:dinas-kesehatan": 1}


def test_government_names_resolve_to_the_region_body(tag):
    t = tag("Koordinasi", "Pemkab PPU dan Pemkab Paser menandatangani kerja sama. Pemprov Kaltim hadir.")
    assert paser(t) == {"pemkab-paser": 1}
    assert others(t) == {"pemkab-ppu": 1, "pemprov-kaltim": 1}


def test_province_word_only_right_after_the_name(tag):
    text = "TANA PASER - Dinas Kesehatan Kaltim meninjau puskesmas. Dispora menyiapkan Porprov Kaltim di Paser."
    t = tag("Kunjungan", text)
    assert others(t) == {"other:pemprov-kaltim:dinas-kesehatan": 1}


def test_vertical_bodies_are_never_paser(tag):
    t = tag("Pilkada", "KPU Paser dan Bawaslu Paser rapat bersama Polres Paser di Tanah Grogot.")
    assert paser(t) == {"tanah-grogot": 1}
    assert others(t) == {"kpu-paser": 1, "bawaslu-paser": 1, "polres-paser": 1}


def test_a_generic_name_followed_by_provinsi_alone_is_the_province(tag):
    # regional news: "Dinkes Provinsi" means Kaltim's, even in a story datelined Samarinda
    t = tag("Dinkes Provinsi Pantau DBD", "SAMARINDA - Dinkes Provinsi memantau kasus DBD di Samarinda.")
    assert others(t) == {"other:pemprov-kaltim:dinas-kesehatan": 2}
    assert paser(t) == {}


def test_a_place_with_paser_names_is_resolved_like_a_generic_agency(tag):
    # every regency has a "Kantor Bupati": only Paser's counts as the Paser place
    t = tag("Unjuk Rasa", "Warga berunjuk rasa di Kantor Bupati PPU, Penajam.")
    assert paser(t) == {} and others(t) == {"other:pemkab-ppu:kantor-bupati": 1}
    assert paser(tag("Apel", "Apel digelar di Kantor Bupati Paser.")) == {"kantor-bupati": 1}
    assert paser(tag("Apel", "TANA PASER - Apel digelar di Kantor Bupati.")).get("kantor-bupati") == 1


def test_a_tie_to_a_government_without_the_office_does_not_place_a_title(tag):
    # "Wabup" beside "Pemprov Kaltim" (a province has no Wakil Bupati) is the article's Wabup, Paser's
    # here; a Sekda beside it is the province's: provinces have one
    text = ("TANA PASER - Wakil Bupati Paser meninjau banjir di Long Ikis.\n"
            "Menurut Wabup, normalisasi sungai perlu dukungan Pemprov Kaltim.\n"
            "Sekda menyebut Pemprov Kaltim sudah menyiapkan anggaran.")
    t = tag("Banjir", text)
    assert paser(t)["ikhwan-antasari"] == 2  # Wakil Bupati on 2025-07-15
    assert others(t) == {"pemprov-kaltim": 2, "other:pemprov-kaltim:sekda": 1}


def test_a_bupati_beside_a_city_only_is_placed_by_the_article(tag):
    text = ("TANA PASER - Pemkab Paser dan Pemkot Balikpapan meneken kerja sama air bersih.\n"
            "Bupati menyebut Pemkot Balikpapan akan memasok air.")
    t = tag("Kerja sama", text)
    assert paser(t)["fahmi-fadli"] == 1
    assert "other:pemkot-balikpapan:bupati" not in others(t)
