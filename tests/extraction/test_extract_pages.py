"""extract_article end to end: a constructed Indonesian page, real pages, and junk input."""

from __future__ import annotations

import gzip
import json
import random
from datetime import datetime, timezone

import pytest
from extraction_pages import DATASETS, FETCHED, STORY, news_page

from pipeline.extraction import extract_article
from pipeline.extraction.guards import MAX_PAGE_BYTES
from pipeline.records import Article, ExtractFailure

URL = "https://kabarpaser.example/2026/07/15/bupati-tinjau-banjir-long-ikis/"


def _article(html: str | bytes, **kwargs) -> Article:
    result = extract_article(html, URL, "Kabar Paser", fetched_at=FETCHED, **kwargs)
    assert isinstance(result, Article), result
    return result


def test_indonesian_page_boilerplate_removed_and_facts_kept() -> None:
    paragraphs = [
        STORY[0],
        "Baca juga: Dinkes Balikpapan Gelar Vaksinasi Massal",
        STORY[1],
        "Foto: Bupati Paser Fahmi Fadli meninjau banjir. (Foto: Diskominfo Paser)",
        STORY[2] + " (ADV/SBK)",
        "Penulis: Rina Safitri | Editor: Budi",
        "Simak berita Kabar Paser di Google News",
        "Sebarkan artikel ini",
    ]
    html = news_page(
        paragraphs,
        head='<meta property="article:published_time" content="2026-07-15T09:30:00+08:00">'
        '<meta property="og:image" content="https://kabarpaser.example/banjir.jpg">',
        after="<p>Total Views: 33</p>",
    )
    article = _article(html)
    assert article.title == "Bupati Paser Tinjau Banjir di Long Ikis"
    assert article.text == "\n".join(STORY)
    assert article.is_advertorial is True
    assert article.page_views == 33
    assert article.author == "Rina Safitri"
    assert article.language == "id"
    assert article.site_name == "Kabar Paser"
    assert article.image == "https://kabarpaser.example/banjir.jpg"
    assert (article.published_at, article.date_source) == (datetime(2026, 7, 15, 1, 30, tzinfo=timezone.utc), "metadata")
    assert article.word_count == sum(len(p.split()) for p in STORY)
    assert len(article.content_hash) == 32


def test_comment_form_and_counter_in_page_chrome() -> None:
    html = news_page(
        after='<div class="comments"><h3>Tinggalkan Balasan</h3><p>Alamat email Anda tidak akan '
        "dipublikasikan. Ruas yang wajib ditandai *</p></div>",
        before='<div class="meta"><span>Dibaca</span> <b>1.234</b> kali</div>',
    )
    article = _article(html)
    assert article.text == "\n".join(STORY)
    assert article.page_views == 1234
    assert article.is_advertorial is False


def test_same_text_same_hash_whatever_the_quotes() -> None:
    straight = [p.replace("\u201c", '"').replace("\u201d", '"') for p in STORY]
    assert _article(news_page()).content_hash == _article(news_page(straight)).content_hash


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"", "empty-page"),
        (b"   \n\t ", "empty-page"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "binary-content"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary-content"),
        (b"<html>" + b"\x00\x01\x02\x03" * 500 + b"</html>", "binary-content"),
        (b'{"status": "ok", "items": []}', "not-html"),
        (b"<html><body><p>" + b"x" * (MAX_PAGE_BYTES + 1) + b"</p></body></html>", "too-large"),
        (news_page().encode()[:-400], "truncated-html"),
        (b"<html><body><nav><a>Beranda</a><a>Paser</a></nav><p>Halaman tidak ditemukan.</p></body></html>",
         "no-article-text"),
        (news_page(["La municipalit\u00e9 a annonc\u00e9 que les travaux de la nouvelle route commenceront "
                    "le mois prochain et que les habitants seront inform\u00e9s par la mairie de la ville."] * 3,
                   lang="fr"), "other-language"),
        (news_page(title=""), "no-title"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_junk_gets_a_reason(page: bytes | str, reason: str) -> None:
    result = extract_article(page, URL, "Kabar Paser", fetched_at=FETCHED)
    assert isinstance(result, ExtractFailure)
    assert (result.url, result.reason) == (URL, reason)


def test_random_bytes_never_raise() -> None:
    rng = random.Random(4)
    for size in (1, 10, 1000, 50_000):
        for _ in range(5):
            result = extract_article(rng.randbytes(size), URL, "x", fetched_at=FETCHED)
            assert isinstance(result, ExtractFailure)
    broken = "<html><body><div><p>" + "<b><i>" * 3000 + "teks rusak " * 40
    assert isinstance(extract_article(broken, URL, "x", fetched_at=FETCHED), ExtractFailure)


def test_encodings() -> None:
    page = news_page()
    assert _article(page.encode("utf-16")).text == "\n".join(STORY)
    latin = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("\u201c", '"')
    latin = latin.replace("\u201d", '"').replace("Long Ikis", "Long \u00cckis")
    assert "Long \u00cckis" in _article(latin.encode("windows-1252")).text


def test_other_languages_can_be_allowed() -> None:
    english = ["The regency government said the new bridge will be opened next month and that residents "
               "will be informed by the district office in the coming weeks."] * 3
    assert _article(news_page(english, lang="en")).language == "en"
    assert isinstance(extract_article(news_page(english), URL, "x", fetched_at=FETCHED, languages=("id",)),
                      ExtractFailure)


def test_fundus_media_indonesia_page() -> None:
    folder = DATASETS / "fundus-mediaindonesia"
    expected = json.loads((folder / "MediaIndonesia.json").read_text(encoding="utf-8"))["V1"]
    html = gzip.decompress((folder / "MediaIndonesia_2026_01_20.html.gz").read_bytes())
    article = _article(html, timezone="Asia/Jakarta")
    paragraphs = expected["body"]["sections"][0]["paragraphs"]
    # Pantau strips the sign-off "(E-2)" that the fundus gold keeps.
    paragraphs[-1] = paragraphs[-1].removesuffix(" (E-2)")
    lines = article.text.split("\n")
    assert article.title == expected["title"]
    assert lines[-len(paragraphs):] == paragraphs
    # Known leftover: an e-paper teaser inside the article container, kept by trafilatura too.
    assert lines[: -len(paragraphs)] == [
        "Headline", "Taksiran kerugian itu belum yang diderita masyarakat, termasuk para pelaku usaha."
    ]
    assert article.published_at == datetime.fromisoformat(expected["publishing_date"])
    assert article.date_source == "metadata"
    assert article.tags == tuple(expected["topics"])
    assert article.language == "id"
    assert article.image == expected["images"][0]["versions"][0]["url"]
    # The CMS account "Mediaindonesia Com Developer" is dropped; JSON-LD names the editor, while the
    # gold's reporter (Naufal Zuhdi) is only in an unmarked <div class="author-2">: a known limit.
    assert article.author == "Heryadi" != expected["authors"][0]
