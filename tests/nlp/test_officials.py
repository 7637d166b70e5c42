"""Officials: names, titles resolved by the article's date, short names, the agency they lead."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import others, paser


@pytest.mark.parametrize("day, holder", [
    (date(2023, 5, 1), "fahmi-fadli"),
    (date(2024, 10, 15), "syirajudin"),  # Pjs during the campaign leave
    (date(2025, 1, 10), "fahmi-fadli"),
    (date(2026, 3, 1), "fahmi-fadli"),
])
def test_bupati_paser_by_date(tag, day, holder):
    assert paser(tag("Kunjungan", "Bupati Paser meninjau pasar.", day)) == {holder: 1}


@pytest.mark.parametrize("day, holder", [
    (date(2023, 5, 1), "syarifah-masitah-assegaf"),
    (date(2025, 2, 20), "ikhwan-antasari"),
])
def test_wabup_by_date(tag, day, holder):
    assert paser(tag("Kunjungan", "Wabup Paser meninjau pasar.", day)) == {holder: 1}


def test_title_before_any_known_holder_counts_nobody(tag):
    assert paser(tag("Pelantikan", "Bupati Paser melantik pejabat.", date(2020, 2, 12))) == {}


def test_title_and_name_are_one_mention(tag):
    t = tag("Rapat", "Bupati Paser, dr. H. Fahmi Fadli membuka rapat.")
    assert paser(t) == {"fahmi-fadli": 1}


def test_candidate_is_not_the_office_holder(tag):
    t = tag("Debat", "KPU Paser menggelar debat pasangan calon Bupati dan Wakil Bupati Paser.", date(2024, 11, 5))
    assert paser(t) == {}
    assert others(t) == {"kpu-paser": 1}


def test_other_regions_title(tag):
    t = tag("Rapat", "Bupati PPU dan Bupati Paser bertemu di Balikpapan.", date(2025, 7, 1))
    assert paser(t) == {"fahmi-fadli": 1}
    assert others(t) == {"other:pemkab-ppu:bupati": 1}


def test_short_name_only_after_full_name(tag):
    assert paser(tag("Air", "Warga Kuaro mengeluh, kata Arief, warga setempat.")) == {"kuaro": 1}
    t = tag("Rapat", "Kepala Diskominfostaper Paser Arief Rahman hadir. Arief meminta data dibuka.")
    assert paser(t) == {"arief-rahman": 2, "diskominfostaper": 2}


def test_official_counts_for_the_agency_they_lead_on_that_date(tag):
    t = tag("Rapat", "Ketua DPRD Paser Hendra Wahyudi memimpin rapat.", date(2025, 11, 20))
    assert paser(t) == {"hendra-wahyudi": 1, "dprd-paser": 1}
    # the Sekda is counted as a leader of his own, not as coverage of Setda
    assert paser(tag("Rapat", "Sekda Paser Katsul Wijaya memimpin rapat.")) == {"katsul-wijaya": 1}
    # Arief Rahman heads Diskominfostaper from February 2024 only
    before = tag("Rapat", "Arief Rahman hadir di Tanah Grogot.", date(2023, 1, 5))
    assert paser(before) == {"arief-rahman": 1, "tanah-grogot": 1}


def test_office_with_unknown_holder_still_names_its_agency(tag):
    t = tag("Hoaks", "Kepala Diskominfostaper Paser mengajak media melawan hoaks.", date(2023, 8, 22))
    assert paser(t) == {"diskominfostaper": 1}


def test_title_held_by_several_people_names_nobody(tag):
    t = tag("Aspirasi", "Wakil Ketua DPRD Paser menerima nelayan.", date(2025, 10, 28))
    assert paser(t) == {"dprd-paser": 1}
