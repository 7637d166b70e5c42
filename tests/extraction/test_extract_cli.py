"""``pantau extract`` through click's CliRunner on real files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner
from extraction_pages import DATASETS, news_page

from pipeline.cli import main

FUNDUS = DATASETS / "fundus-mediaindonesia" / "MediaIndonesia_2026_01_20.html.gz"


def _run(*args: str | Path):
    return CliRunner().invoke(main, ["extract", *map(str, args)], catch_exceptions=False)


def test_pages_in_order_with_failures_inline(tmp_path: Path) -> None:
    page = tmp_path / "kabar.html.gz"
    page.write_bytes(gzip.compress(news_page(
        head='<meta property="article:published_time" content="2026-07-15T09:30:00+08:00">',
        after="<p>Dibaca 1.234 kali</p>").encode()))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = _run(page, FUNDUS, empty, "--outlet", "Kabar Paser", "--fetched-at", "2026-07-16")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["file"] for row in rows] == [str(page), str(FUNDUS), str(empty)]
    first = rows[0]
    assert first["title"] == "Bupati Paser Tinjau Banjir di Long Ikis"
    assert first["published_at"] == "2026-07-15T09:30:00+08:00"
    assert (first["date_source"], first["outlet"], first["language"]) == ("metadata", "Kabar Paser", "id")
    assert (first["page_views"], first["is_advertorial"], first["author"]) == (1234, False, None)
    assert first["text"].startswith("TANA PASER, KABARPASER - Bupati Paser Fahmi Fadli")
    assert rows[1]["title"].startswith("Dari Petani hingga Pendidik Bangsa")
    assert rows[1]["published_at"] == "2026-01-20T19:33:13+08:00"
    assert rows[2] == {"file": str(empty), "url": empty.resolve().as_uri(), "error": "empty-page",
                       "detail": "no bytes or only whitespace"}


def test_url_option_and_json_format(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(news_page(), encoding="utf-8")
    url = "https://kabarpaser.example/2026/07/10/bupati-tinjau-banjir/"
    result = _run(page, "--url", url, "--format", "json", "--fetched-at", "2026-07-16")
    rows = json.loads(result.output)
    assert len(rows) == 1
    assert (rows[0]["url"], rows[0]["outlet"]) == (url, "kabarpaser.example")
    assert (rows[0]["published_at"], rows[0]["date_source"]) == ("2026-07-10T00:00:00+08:00", "url")


def test_unreadable_file_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"not gzip at all")
    result = _run(FUNDUS, tmp_path / "missing.html", broken, "--jobs", "2")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row.get("error") for row in rows] == [None, "unreadable", "unreadable"]
