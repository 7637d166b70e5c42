"""A small loopback newsroom for the crash and cycle tests, served by ``pipeline.newsroom``.

``build_site(root, first, last)`` writes an RSS feed listing articles ``first..last`` and each
article page (Indonesian text about Paser, with a publication date), so runs can add articles.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

START = datetime(2026, 11, 1, 1, 0, tzinfo=timezone.utc)
PARAGRAPHS = [
    "Pemerintah Kabupaten Paser melalui Dinas Kesehatan menggelar pemeriksaan kesehatan gratis bagi "
    "warga Kecamatan Tanah Grogot. Kegiatan ini diikuti ratusan warga dari berbagai desa.",
    "Bupati Paser Fahmi Fadli mengatakan program ini merupakan bagian dari visi Paser TUNTAS yang "
    "menekankan pelayanan dasar yang merata bagi seluruh masyarakat di sepuluh kecamatan.",
    "Kepala Dinas Kesehatan menyampaikan bahwa tenaga medis dari puskesmas setempat dilibatkan, "
    "sementara obat-obatan disediakan dari anggaran daerah tahun berjalan.",
    "Warga menyambut baik kegiatan tersebut dan berharap pemeriksaan serupa digelar secara rutin, "
    "terutama di desa-desa yang jauh dari pusat kota Tana Paser.",
]


def published(i: int) -> datetime:
    return START + timedelta(hours=3 * i)


def article_html(i: int) -> str:
    when = published(i).isoformat()
    body = "\n".join(f"<p>{p} (Laporan nomor {i}.)</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Pemeriksaan kesehatan gratis di Paser, laporan {i}</title>
<meta property="og:title" content="Pemeriksaan kesehatan gratis di Paser, laporan {i}">
<meta property="article:published_time" content="{when}">
<link rel="canonical" href="{{{{BASE}}}}/berita/{i}.html">
</head><body><header><nav><a href="/">Beranda</a></nav></header>
<article><h1>Pemeriksaan kesehatan gratis di Paser, laporan {i}</h1>
<time datetime="{when}">{when}</time>
{body}
</article><footer>Kabar Uji</footer></body></html>
"""


def build_site(root: Path, first: int, last: int, *, broken: bool = False) -> list[str]:
    """Write the site with articles first..last (and a binary page if ``broken``); returns their paths."""
    (root / "berita").mkdir(parents=True, exist_ok=True)
    items = []
    if broken:
        (root / "berita" / "rusak.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
        items.append("<item><title>Rusak</title><link>{{BASE}}/berita/rusak.html</link></item>")
    for i in range(first, last + 1):
        (root / "berita" / f"{i}.html").write_text(article_html(i), encoding="utf-8")
        items.append(
            f"<item><title>Pemeriksaan kesehatan gratis di Paser, laporan {i}</title>"
            f"<link>{{{{BASE}}}}/berita/{i}.html</link><guid>{{{{BASE}}}}/berita/{i}.html</guid>"
            f"<pubDate>{format_datetime(published(i))}</pubDate></item>")
    (root / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar Uji</title>'
        "<link>{{BASE}}/</link><description>uji</description>" + "".join(reversed(items))
        + "</channel></rss>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return [f"/berita/{i}.html" for i in range(first, last + 1)]


def crawl_settings(**overrides) -> dict:
    """Crawl settings for loopback tests: no politeness delays, short timeouts."""
    return {"download_delay": 0, "autothrottle": False, "timeout_seconds": 5, "retries": 0,
            "concurrency": 4, "concurrency_per_domain": 2, "poll_min_minutes": 1, **overrides}
