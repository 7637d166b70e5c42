"""HTML and JavaScript in scraped titles reach the clipping and the monthly report only as text."""

from __future__ import annotations

import csv
import html as htmllib
from pathlib import Path

import pytest

from pipeline.config import parse_config
from pipeline.store import Store

from . import corpus as c
from .server import HostileServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('pantau')</script>"
TITLES = {
    "/judul-script.html": f"Bupati Paser resmikan jembatan {SCRIPT} di Long Kali",
    "/judul-img.html": 'Dinas Kesehatan Kabupaten Paser <img src=x onerror="alert(1)"> gelar vaksinasi',
    "/judul-rumus.html": '=HYPERLINK("http://127.0.0.1:9/x","Pemkab Paser klik di sini")',
}


def _escaped(title: str) -> str:
    return htmllib.escape(title, quote=True)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from crawlers.run import crawl
    from pipeline.process import process
    from pipeline.reports.clipping import write_clipping
    from pipeline.reports.monthly import write_report

    folder = tmp_path_factory.mktemp("reports")
    with HostileServer() as server:
        for path, title in TITLES.items():
            text = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            server.route(path, c.article(text, paragraphs=5))
        # A binary page among them: the report must not be affected by a failed extraction.
        server.route("/binary.html", c.PNG)
        server.route("/feed.xml", c.rss(*[server.base + p for p in [*TITLES, "/binary.html"]]),
                     ctype="application/rss+xml")
        config = parse_config({
            "catalog": str(ROOT / "data" / "entities"),
            "crawl": {"download_delay": 0, "autothrottle": False, "obey_robots": False, "retries": 0},
            "sources": [{"name": "kabar", "feeds": [server.base + "/feed.xml"]}]}, folder)
        store = Store.from_config(config)
        crawl(config, store)
    process(config, store, jobs=1)
    day = c.WHEN.astimezone(config.tz).date()
    return config, store, write_clipping(config, store, day), write_report(config, store, day.year, day.month)


def test_titles_are_stored_as_sent(outputs):
    _, store, _, _ = outputs
    with store.read() as con:
        assert sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall()) == sorted(TITLES.values())


def test_clipping_html_escapes_titles(outputs):
    _, _, clipping, _ = outputs
    html = next(p for p in clipping if p.suffix == ".html").read_text(encoding="utf-8")
    for title in TITLES.values():
        assert _escaped(title) in html
    assert SCRIPT not in html and "<img src=x" not in html


def test_monthly_report_html_escapes_titles(outputs):
    _, _, _, report = outputs
    html = next(p for p in report if p.suffix == ".html").read_text(encoding="utf-8")
    assert SCRIPT not in html and "<img src=x" not in html


def test_clipping_pdf_shows_titles_as_text(outputs):
    from pypdf import PdfReader

    _, _, clipping, _ = outputs
    pdf = next(p for p in clipping if p.suffix == ".pdf")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "alert('pantau')" in " ".join(text.split())


def test_clipping_csv_cells_are_never_formulas(outputs):
    _, _, clipping, _ = outputs
    rows = list(csv.reader(next(p for p in clipping if p.suffix == ".csv").open(encoding="utf-8")))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells), [x for x in cells if x[:1] in "=+@"]


def test_report_xlsx_cells_are_never_formulas(outputs):
    from openpyxl import load_workbook

    _, _, _, report = outputs
    workbook = load_workbook(next(p for p in report if p.suffix == ".xlsx"))
    formulas = [f"{sheet.title}!{cell.coordinate}" for sheet in workbook for row in sheet.iter_rows()
                for cell in row if cell.data_type == "f"]
    assert formulas == []
