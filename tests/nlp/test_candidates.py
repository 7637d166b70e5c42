"""Unknown names become candidates for the catalog; known names never do."""

from __future__ import annotations

from pipeline.records import Candidate


def test_unknown_agency_program_and_acronym(tag):
    text = ("Dinas Pariwisata dan Ekonomi Kreatif Kabupaten Paser meluncurkan program Paser Hebat.\n"
            "BPKAD Paser juga hadir bersama Dinas Kesehatan Paser.")
    assert tag("Peluncuran", text).candidates == (
        Candidate("Dinas Pariwisata dan Ekonomi Kreatif", "agency",
                  "Dinas Pariwisata dan Ekonomi Kreatif Kabupaten Paser meluncurkan program Paser Hebat."),
        Candidate("Paser Hebat", "program",
                  "Dinas Pariwisata dan Ekonomi Kreatif Kabupaten Paser meluncurkan program Paser Hebat."),
        Candidate("BPKAD", "acronym", "BPKAD Paser juga hadir bersama Dinas Kesehatan Paser."),
    )


def test_known_names_are_not_candidates(tag):
    text = "Dinas Kesehatan Paser dan program Paser TUNTAS serta gerakan Salam Berdesa. DPRD Paser hadir."
    assert tag("Rapat", text).candidates == ()


def test_acronyms_before_paser_after_kabupaten_glued_or_not_at_all(tag):
    text = ("BPKAD Kabupaten Paser hadir. Rapat XYZ Kab. Paser dan ABCnya Paser.\n"
            "Warga di Paser dan Tana Paser senang.")
    assert [c.phrase for c in tag("Rapat", text).candidates if c.kind == "acronym"] == ["BPKAD", "XYZ", "ABCnya"]


def test_a_title_starting_with_paser_does_not_hide_later_acronyms(tag):
    # a "Paser" at the very start of the text once ended the whole search
    assert [c.phrase for c in tag("Paser Raih Penghargaan", "BPKAD Paser hadir.").candidates] == ["BPKAD"]


def test_budget_and_civil_service_terms_are_not_acronym_candidates(tag):
    text = "RPJPD Paser disusun bersama XYZ Paser. APBD Paser 2026 dan PAD Paser naik; PPPK Paser dilantik."
    assert [c.phrase for c in tag("Anggaran", text).candidates if c.kind == "acronym"] == ["XYZ"]


def test_agency_names_listing_fields_with_commas_but_not_an_apposition(tag):
    # ("Daerah Paser" at the end is a trailing region word, as in "Dinas Pariwisata Kabupaten Paser")
    text = ("Badan Riset, Inovasi dan Teknologi Daerah Paser dibentuk tahun ini.\n"
            "Kepala Badan Pengelola Kawasan Industri, Budi Santoso, mengatakan lahan sudah siap.")
    assert [(c.phrase, c.kind) for c in tag("Riset", text).candidates] == [
        ("Badan Riset, Inovasi dan Teknologi", "agency"), ("Badan Pengelola Kawasan Industri", "agency")]


def test_keywords_in_their_spellings_followed_by_a_name(tag):
    # agency words as written ("DINAS" in capitals is not one), program words in either case; a
    # keyword glued to the word before or without a space after starts nothing; agency names come
    # before program names, and each keyword's in text order
    text = ("Gerakan Tanam Pohon Lestari dimulai. Badan Pengelola Air Bersih hadir, DINAS PERIKANAN juga.\n"
            "Program Kampung Hijau dan program Terang Benderang berjalan. KepalaDinas Contoh Saja absen; "
            "Dinas, katanya.")
    assert [(c.phrase, c.kind) for c in tag("Warga", text).candidates] == [
        ("Badan Pengelola Air Bersih", "agency"), ("Kampung Hijau", "program"),
        ("Terang Benderang", "program"), ("Tanam Pohon Lestari", "program")]
