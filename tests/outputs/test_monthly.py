"""The monthly report: exact numbers, files that open (HTML, PDF, XLSX), idempotency."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pipeline.reports.monthly import load_report, write_report
from tests.outputs.test_clipping import _parse


@pytest.fixture(scope="module")
def report(world):
    config, store = world
    return load_report(config, store, 2026, 11)


@pytest.fixture(scope="module")
def files(world):
    config, store = world
    return {p.suffix[1:]: p for p in write_report(config, store, 2026, 11)}


def test_overview_with_comparisons(report):
    assert report.overview == {
        "this": {"stories": 9, "mentions": 20, "outlets": 5, "positif": 6, "netral": 2, "negatif": 1},
        "prev": {"stories": 3, "mentions": 3, "outlets": 3, "positif": 2, "netral": 1, "negatif": 0},
        "year": {"stories": 1, "mentions": 1, "outlets": 1, "positif": 0, "netral": 0, "negatif": 1},
    }


def test_agencies_and_programs(report):
    assert [(a.entity_id, a.stories, a.mentions, a.outlets, round(a.share, 4), a.prev_stories,
             a.change_prev, a.year_stories, a.change_year, a.positif, a.netral, a.negatif)
            for a in report.agencies] == [
        ("dinkes", 3, 6, 3, 0.5, 2, 0.5, 1, 2.0, 3, 0, 0),
        ("dputr", 2, 3, 2, 0.3333, 0, None, 0, None, 1, 0, 1),
        ("diskominfostaper", 1, 2, 1, 0.1667, 0, None, 0, None, 0, 1, 0),
    ]
    assert [(p.entity_id, p.stories, p.mentions, p.share, p.prev_stories, p.change_prev, p.change_year)
            for p in report.programs] == [("paser-tuntas", 4, 5, 1.0, 1, 3.0, None)]


def test_outlets_reach_value(report):
    assert [(o["outlet"], o["tier"], o["stories"], o["reach"], o["pr_value"], o["page_views"],
             o["stories_with_views"]) for o in report.outlets] == [
        ("Kaltim Today", 2, 3, 600_000, 2_250_000.0, 800, 1),
        ("ANTARA Kaltim", 1, 2, 1_600_000, 3_000_000.0, None, 0),
        ("Tribun Kaltim", 1, 2, 2_000_000, 4_000_000.0, 6500, 2),
        ("MC Paser", 3, 1, None, None, None, 0),
        ("Radar Paser", 2, 1, 50_000, 500_000.0, None, 0),
    ]
    assert report.totals == {"reach": 4_250_000, "pr_value": 9_750_000.0, "stories_without_value": 1,
                             "stories_without_reach": 1, "page_views": 7300, "stories_with_views": 3}
    assert report.tiers == [
        {"tier": 1, "outlets": 2, "stories": 4, "reach": 3_600_000, "pr_value": 7_000_000.0},
        {"tier": 2, "outlets": 2, "stories": 4, "reach": 650_000, "pr_value": 2_750_000.0},
        {"tier": 3, "outlets": 1, "stories": 1, "reach": 0, "pr_value": 0.0},
    ]


def test_top_stories_speakers_pickup_daily(report):
    assert [s["article_id"] for s in report.top_stories] == [102, 101, 105, 107, 110, 108, 109, 104]
    assert report.top_stories[0]["pickup_outlets"] == 2
    assert [(s["speaker"], s["stories"], s["statements"]) for s in report.spokespersons] == [
        ("dr. Amir", 2, 2), ("Fahmi Fadli", 1, 2), ("Katsul Wijaya", 1, 1)]
    assert [(p["title"], p["first_outlet"], p["first_date"], p["outlets"], p["copies"], p["outlet_names"])
            for p in report.pickups] == [
        ("Dinkes Paser Gelar Vaksinasi Massal", "ANTARA Kaltim", date(2026, 11, 23), 2, 2,
         "ANTARA Kaltim, Kaltim Today")]
    assert len(report.daily) == 30
    assert report.trend_names == ["Dinas Kesehatan", "DPUTR", "Diskominfostaper"]
    busy = {r["day"].day: (r["stories"], r["Dinas Kesehatan"], r["DPUTR"]) for r in report.daily if r["stories"]}
    assert busy == {5: (2, 0, 1), 20: (1, 0, 0), 23: (5, 3, 1), 24: (1, 0, 0)}
    assert [(p.outlet, p.counted, p.met) for p in report.partners] == [
        ("Kaltim Today", 1, False), ("Tribun Kaltim", 2, False)]


def test_xlsx_sheets_hold_raw_numbers(files):
    wb = load_workbook(files["xlsx"])
    assert wb.sheetnames == ["Ikhtisar", "Instansi", "Program", "Media", "Tingkat", "Berita utama",
                             "Narasumber", "Rilis", "Harian", "Mitra", "Berita mitra"]
    overview = [[c.value for c in row] for row in wb["Ikhtisar"].iter_rows()]
    assert overview[1] == ["Berita", 9, 3, 2.0, 1, 8.0]
    agencies = [[c.value for c in row] for row in wb["Instansi"].iter_rows()]
    assert agencies[1][:9] == ["Dinas Kesehatan", 3, 6, 3, 0.5, 2, 0.5, 1, 2.0]
    assert agencies[2][6] is None  # DPUTR had no stories last month: change is undefined ("baru")
    tiers = [[c.value for c in row] for row in wb["Tingkat"].iter_rows()]
    assert tiers[-1] == ["Jumlah", 5, 9, 4_250_000, 9_750_000]
    partners = [[c.value for c in row] for row in wb["Mitra"].iter_rows()]
    assert partners[1:] == [["Kaltim Today", "online", "10/11/26–30/06/27", 2, 2, 1, 1, 0, False],
                            ["Tribun Kaltim", "online", "01/01/26–31/12/26", 3, 2, 2, 0, 1, False]]
    assert wb["Harian"].max_row == 31


def test_html_parses(files):
    text = files["html"].read_text(encoding="utf-8")
    parsed = _parse(text)
    assert "script" not in parsed.tags
    assert parsed.tags.count("img") == 3  # trend, share of voice, tone charts
    body = "".join(parsed.text)
    assert "Laporan Eksposur Media Kabupaten Paser" in body and "November 2026" in body
    assert "<script>alert(1)</script> Jalan Rusak di Long Ikis" in body
    assert "4.250.000" in body and "9.750.000" in body and "+50,0%" in body and "baru" in body


def test_pdf_pages_and_text(files):
    reader = PdfReader(files["pdf"])
    assert len(reader.pages) == 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Halaman 5 dari 5" in text
    for expected in ("Berita per instansi", "Pangsa pemberitaan", "Pemenuhan kontrak media mitra",
                     "Jangkauan = jumlah", "9.750.000", "Dinas Kesehatan", "+200,0%",
                     "<script>alert(1)</script>"):
        assert expected in text, expected


def test_idempotent(world, files):
    config, store = world
    first = {k: p.read_bytes() for k, p in files.items()}
    again = {p.suffix[1:]: p.read_bytes() for p in write_report(config, store, 2026, 11)}
    assert again == first


def test_empty_month(world):
    config, store = world
    paths = {p.suffix[1:]: p for p in write_report(config, store, 2024, 2)}
    assert "Tidak ada berita tentang Kabupaten Paser pada bulan ini." in paths["html"].read_text(encoding="utf-8")
    assert "Tidak ada berita" in PdfReader(paths["pdf"]).pages[0].extract_text()
    wb = load_workbook(paths["xlsx"])
    assert wb["Harian"].max_row == 30  # 29 days of February 2024 + header


def test_english_report(tmp_path):
    from tests.outputs.fixture import build_store, make_config

    config = make_config(tmp_path, language="en")
    store = build_store(config.database)
    paths = {p.suffix[1:]: p for p in write_report(config, store, 2026, 11)}
    html = paths["html"].read_text(encoding="utf-8")
    assert "Paser Regency Media Exposure Report" in html and "Share of voice" in html
    assert "4,250,000" in html
    assert load_workbook(paths["xlsx"]).sheetnames[:3] == ["Overview", "Agencies", "Programs"]
    assert "Page 1 of" in PdfReader(paths["pdf"]).pages[0].extract_text()
