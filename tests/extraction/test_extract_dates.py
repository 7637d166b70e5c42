"""Date resolution: each source in trust order, year inference, WITA, rejection and fallback."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from trafilatura.utils import load_html

from pipeline.extraction import extract_article
from pipeline.extraction.dates import from_dateline, parse_datetime, resolve_date
from pipeline.records import Article, FeedEntry

from extraction_pages import FETCHED, news_page

WITA = ZoneInfo("Asia/Makassar")
URL = "https://kabarpaser.example/berita/banjir-long-ikis"


def _resolve(html: str, text: str = "", url: str = URL, entry: FeedEntry | None = None, since: date | None = None):
    resolved = resolve_date(load_html(html), text, url, entry=entry, fetched_at=FETCHED, outlet_since=since, tz=WITA)
    return resolved.published_at, resolved.source


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_jsonld_date_published() -> None:
    html = news_page(head='<script type="application/ld+json">{"@context":"https://schema.org","@graph":'
                     '[{"@type":"NewsArticle","datePublished":"2026-07-15T09:30:00+08:00"}]}</script>')
    assert _resolve(html) == (_utc(2026, 7, 15, 1, 30), "metadata")


def test_article_published_time_without_offset_is_wita() -> None:
    html = news_page(head='<meta property="article:published_time" content="2026-07-15 09:30:00">')
    assert _resolve(html) == (_utc(2026, 7, 15, 1, 30), "metadata")


def test_time_element() -> None:
    html = news_page(before='<time datetime="2026-07-14T20:00:00+07:00">14 Juli</time>')
    assert _resolve(html) == (_utc(2026, 7, 14, 13, 0), "metadata")


def test_feed_date_when_the_page_has_none() -> None:
    entry = FeedEntry(URL, "kabarpaser", "https://kabarpaser.example/feed/",
                      published_at=datetime(2026, 7, 15, 8, 0, tzinfo=WITA))
    assert _resolve(news_page(), entry=entry) == (_utc(2026, 7, 15, 0, 0), "feed")


def test_htmldate_when_no_metadata_or_feed() -> None:
    html = news_page(before='<div class="post-meta">Diterbitkan 2026-07-14</div>')
    assert _resolve(html) == (_utc(2026, 7, 13, 16, 0), "htmldate")  # 14 July 00:00 WITA


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TANA PASER - Rapat digelar Selasa (15/7/2025) di Sadurengas.", datetime(2025, 7, 15, tzinfo=WITA)),
        ("Paser (ANTARA) - Bupati meninjau lokasi, Rabu (3/7).", datetime(2026, 7, 3, tzinfo=WITA)),
        ("Rapat digelar Senin(26/2) di Gedung Awa Mangkuruku.", datetime(2026, 2, 26, tzinfo=WITA)),
        ("Kamis (12/03/2026) pagi, warga berkumpul.", datetime(2026, 3, 12, tzinfo=WITA)),
        ("TANA PASER, Senin, 15 April 2024 - Halal bihalal digelar.", datetime(2024, 4, 15, tzinfo=WITA)),
        ("Diterbitkan 15 April 2024 10:30 WIB di Tana Paser.", datetime(2024, 4, 15, 11, 30, tzinfo=WITA)),
        # A day later than the fetch day in the current year belongs to last year.
        ("Rapat digelar Jumat (25/12) di Kantor Bupati.", datetime(2025, 12, 25, tzinfo=WITA)),
    ],
)
def test_dateline_forms(text: str, expected: datetime) -> None:
    assert from_dateline(text, FETCHED, WITA) == expected


def test_dateline_when_page_has_no_machine_date() -> None:
    published, source = _resolve(news_page(), text="TANA PASER - Rapat digelar Selasa (14/7) di Sadurengas.")
    assert (published, source) == (_utc(2026, 7, 13, 16, 0), "dateline")


def test_url_date_last() -> None:
    url = "https://kabarpaser.example/2026/07/10/banjir-long-ikis/"
    assert _resolve(news_page(), url=url) == (_utc(2026, 7, 9, 16, 0), "url")


def test_no_date_means_fetch_time() -> None:
    assert _resolve(news_page()) == (FETCHED, "fetched")


def test_future_metadata_date_falls_back_to_the_feed() -> None:
    html = news_page(head='<meta property="article:published_time" content="2026-08-20T09:00:00+08:00">')
    entry = FeedEntry(URL, "kabarpaser", "feed", published_at=datetime(2026, 7, 15, 8, 0, tzinfo=WITA))
    assert _resolve(html, entry=entry) == (_utc(2026, 7, 15, 0, 0), "feed")


def test_date_before_the_outlet_existed_falls_back() -> None:
    html = news_page(head='<meta property="article:published_time" content="2010-01-01T09:00:00+08:00">')
    url = "https://kabarpaser.example/2026/07/10/banjir/"
    assert _resolve(html, url=url, since=date(2020, 1, 1)) == (_utc(2026, 7, 9, 16, 0), "url")


def test_parse_datetime_variants() -> None:
    assert parse_datetime("2026-07-15T09:30:00Z", WITA) == _utc(2026, 7, 15, 9, 30)
    assert parse_datetime("2026-07-15T09:30:00+0800", WITA) == _utc(2026, 7, 15, 1, 30)
    assert parse_datetime("2026/07/15", WITA) == datetime(2026, 7, 15, tzinfo=WITA)
    assert parse_datetime("kemarin", WITA) is None


def test_article_carries_date_and_source() -> None:
    html = news_page(head='<meta property="article:published_time" content="2026-07-15T23:30:00+08:00">')
    article = extract_article(html, URL, "Kabar Paser", fetched_at=FETCHED)
    assert isinstance(article, Article)
    assert (article.published_at, article.date_source) == (_utc(2026, 7, 15, 15, 30), "metadata")
    assert article.published_at.astimezone(WITA).date() == date(2026, 7, 15)
