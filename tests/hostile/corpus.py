"""The hostile inputs themselves: bytes a broken or malicious site may serve."""

from __future__ import annotations

import gzip
from email.utils import format_datetime
from datetime import datetime, timezone

WHEN = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
PARAGRAPH = ("Pemerintah Kabupaten Paser melalui Dinas Pekerjaan Umum dan Tata Ruang melanjutkan perbaikan "
             "jalan poros di Kecamatan Kuaro. Pekerjaan ditargetkan rampung sebelum akhir tahun anggaran, "
             "kata kepala dinas kepada wartawan di Tana Paser, Kamis.")


def _paragraphs(title: str, n: int = 4) -> list[str]:
    # Each page's text is its own (title inside every paragraph): the corpus must not trip the
    # same-outlet duplicate rule, which would hide the outcome under test.
    return [f"{PARAGRAPH} Tentang {title}: catatan {i} dari redaksi." for i in range(n)]


def article(title: str, extra: str = "", paragraphs: int = 4) -> str:
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(title, paragraphs))
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{WHEN.isoformat()}"></head>'
            f"<body><article><h1>{title}</h1>{body}{extra}</article></body></html>")


def rss(*links: str, title: str = "Uji", declaration: str = "") -> str:
    items = "".join(f"<item><title>Berita {i}</title><link>{link}</link>"
                    f"<pubDate>{format_datetime(WHEN)}</pubDate></item>" for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?>{declaration}<rss version="2.0"><channel><title>{title}</title>'
            f"<link>{{BASE}}/</link><description>uji</description>{items}</channel></rss>")


# Tag soup a browser renders fine: unclosed <p>/<div>/<span>, stray end tags, no </body>.
MALFORMED = ("<html><head><title>Jalan Kuaro diperbaiki</title><meta charset=utf-8></head><body><div class=isi>"
             "<article><h1>Jalan Kuaro diperbaiki</h1>"
             + "".join(f"<p>{p}<span>" for p in _paragraphs("Jalan Kuaro"))
             + "</td></table></article></html></html><p>sisa")
TRUNCATED = article("Jembatan Long Ikis dibuka")[:-len("</p></article></body></html>") - 60]

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
          + "]>")
LAUGHS_FEED = rss("{BASE}/laughs/a.html", title="&lol9;", declaration=LAUGHS).replace(
    "<title>Berita 0</title>", "<title>&lol9;</title>")
LAUGHS_SITEMAP = ('<?xml version="1.0"?>' + LAUGHS + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                  "<url><loc>{BASE}/laughs/b.html</loc><lastmod>2026-11-20</lastmod></url>"
                  "<url><loc>&lol9;</loc></url></urlset>")

XXE = ('<!DOCTYPE r [<!ENTITY xxe SYSTEM "{BASE}/secret.txt"><!ENTITY pw SYSTEM "file:///etc/hostname">]>')
XXE_FEED = rss("{BASE}/xxe/a.html", declaration=XXE).replace("<title>Berita 0</title>", "<title>&xxe;&pw;</title>")
XXE_SITEMAP = ('<?xml version="1.0"?>' + XXE + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               "<url><loc>{BASE}/xxe/b.html</loc></url><url><loc>&xxe;</loc></url></urlset>")

# Declared windows-1252 in the header; the bytes are windows-1252 (en dash, curly quotes).
CP1252_TITLE = "Pasar Senaken \u2013 pedagang \u201cmenunggu\u201d relokasi"
# Declared utf-8 in the header, but the bytes are windows-1252: a mislabelled page.
MISLABELLED_TITLE = "Sadurengas \u2013 \u201cgedung baru\u201d diresmikan"

GZIP_BOMB = gzip.compress(b"<html><body>" + b"\0" * 20_000_000 + b"</body></html>", 9)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 200

LISTING_LINKS = 10_000
LISTING = ("<html><body><h1>Indeks berita</h1>"
           + "".join(f'<a href="/tag/{i}">tag {i}</a> ' for i in range(LISTING_LINKS - 5))
           + "".join(f'<a href="/list/berita/{i}.html">Berita {i}</a> ' for i in range(5))
           + "</body></html>")
