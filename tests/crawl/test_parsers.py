"""Feed, sitemap and homepage-discovery parsers on real captured feeds and hostile documents."""

import gzip
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from crawlers.discover import feeds_in_page, sitemaps_in_robots
from crawlers.feeds import FeedError, parse_feed
from crawlers.sitemaps import SitemapError, parse_sitemap

FEEDS = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "feeds"
if not FEEDS.exists():
    FEEDS = Path("/work/shared/datasets/feeds")
FEED_FILES = sorted(p for p in FEEDS.glob("*") if p.suffix in (".xml", ".rss", ".atom", ".json"))

# entries each captured feed yields (after dropping entries without a usable link and duplicates)
EXPECTED = {
    "feedjira-AmazonWebServicesBlog.xml": 10, "feedjira-CRE.xml": 30,
    "feedjira-DuplicateContentAtomFeed.xml": 10, "feedjira-FeedBurnerXHTML.xml": 10,
    "feedjira-HuffPostCanada.xml": 2, "feedjira-InvalidDateFormat.xml": 2, "feedjira-SamRuby.xml": 20,
    "feedjira-TechCrunch.xml": 20, "feedjira-TenderLovemaking.xml": 10, "feedjira-TypePadNews.xml": 10,
    "feedjira-google_alerts_atom.xml": 20, "feedjira-json_feed.json": 20,
    "rssparser-content-encoded.rss": 7, "rssparser-encoding.rss": 40, "rssparser-guardian.rss": 55,
    "rssparser-heise.atom": 15, "rssparser-heraldsun.rss": 2, "rssparser-instant-article.rss": 1,
    "rssparser-uolNoticias.rss": 15,
}


def test_every_captured_feed_is_covered():
    assert [p.name for p in FEED_FILES] == sorted(EXPECTED)


@pytest.mark.parametrize("path", FEED_FILES, ids=lambda p: p.name)
def test_captured_feeds_parse(path):
    entries = parse_feed(path.read_bytes(), "https://feeds.example.id/feed", "contoh")
    assert len(entries) == EXPECTED[path.name]
    for e in entries:
        assert e.url.startswith(("http://", "https://"))
        assert e.title is None or ("<" not in e.title and "&amp;" not in e.title)
        assert e.published_at is None or e.published_at.tzinfo is not None
        assert e.source == "contoh" and e.via == "https://feeds.example.id/feed"
    assert len({e.url for e in entries}) == len(entries)


def test_iso_8859_1_feed_decodes():
    entries = parse_feed((FEEDS / "rssparser-encoding.rss").read_bytes(), "https://x.id/f", "s")
    assert entries[0].title == "Mãe de utente é a nova presidente da Raríssimas"


def test_json_feed():
    entries = parse_feed((FEEDS / "feedjira-json_feed.json").read_bytes(), "https://x.id/f", "s")
    assert entries[0].title == "James Dempsey and the Breakpoints Benefit App Camp for Girls"
    assert entries[0].published_at == datetime(2017, 6, 3, 5, 5, 47, tzinfo=timezone.utc)


HOSTILE = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Berita Paser</title><link>https://paser.example.id/</link>
<item><title>Bupati &lt;b&gt;Fahmi&lt;/b&gt; resmikan jalan</title><link>/berita/1</link>
  <guid isPermaLink="false">b-1</guid><pubDate>Mon, 23 Nov 2026 09:00:00 +0800</pubDate>
  <description>&lt;p&gt;Tana Paser &amp;amp; sekitarnya&lt;/p&gt;</description>
  <category>Pemerintahan</category><category>Paser</category></item>
<item><title>Sama lagi</title><link>https://www.paser.example.id/berita/1/?utm_source=rss</link></item>
<item><title>Tanggal ngawur</title><link>https://paser.example.id/berita/2</link>
  <pubDate>Fri, 01 Jan 2100 00:00:00 +0000</pubDate></item>
<item><title>Sebelum berdiri</title><link>https://paser.example.id/berita/3</link>
  <pubDate>Fri, 01 Jan 2010 00:00:00 +0000</pubDate></item>
<item><title>Tanpa tautan</title></item>
<item><title>Jahat</title><link>javascript:alert(1)</link></item>
<item><title>Caf\xe9 Paser</title><link>https://paser.example.id/berita/4</link><pubDate>bukan tanggal</pubDate>
</channel></rss>"""


def test_hostile_feed():
    entries = parse_feed(HOSTILE, "https://paser.example.id/feed/", "paser", since=date(2015, 1, 1))
    assert [e.url for e in entries] == [
        "https://paser.example.id/berita/1", "https://paser.example.id/berita/2",
        "https://paser.example.id/berita/3", "https://paser.example.id/berita/4"]
    first = entries[0]
    assert first.title == "Bupati Fahmi resmikan jalan"
    assert first.guid == "b-1"
    assert first.summary == "Tana Paser & sekitarnya"
    assert first.categories == ("Pemerintahan", "Paser")
    assert first.published_at == datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
    assert entries[1].published_at is None  # in the future
    assert entries[2].published_at is None  # before the outlet existed
    assert entries[3].published_at is None and entries[3].title == "Café Paser"  # bozo, still used


def test_html_error_page_is_not_a_feed():
    with pytest.raises(FeedError) as err:
        parse_feed(b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                   "https://x.id/feed", "s")
    assert err.value.reason == "not-a-feed"


def test_empty_real_feed_is_fine():
    assert parse_feed(b"<rss version='2.0'><channel><title>x</title></channel></rss>", "https://x.id/f", "s") == []


def test_atom_and_rss1_relative_links():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>
    <entry><title type="html">A &amp;lt;i&amp;gt;x&amp;lt;/i&amp;gt;</title><link href="berita/a"/><id>tag:a</id>
    <updated>2026-11-23T10:00:00+08:00</updated></entry></feed>"""
    e = parse_feed(atom, "https://x.id/feed/", "s")[0]
    assert (e.url, e.title, e.guid) == ("https://x.id/feed/berita/a", "A x", "tag:a")
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>r</title></channel>
    <item rdf:about="https://x.id/b"><title>B</title><link>https://x.id/b</link><dc:date>2026-11-22T01:00:00Z</dc:date></item></rdf:RDF>"""
    e = parse_feed(rdf, "https://x.id/rdf", "s")[0]
    assert (e.url, e.published_at) == ("https://x.id/b", datetime(2026, 11, 22, 1, tzinfo=timezone.utc))


WINDOW = datetime(2026, 11, 10, tzinfo=timezone.utc)


def test_sitemap_index_window():
    body = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://x.id/sitemap-2026-11.xml</loc><lastmod>2026-11-23</lastmod></sitemap>
    <sitemap><loc>https://x.id/sitemap-2016-01.xml.gz</loc><lastmod>2016-01-31</lastmod></sitemap>
    <sitemap><loc>/sitemap-misc.xml</loc></sitemap></sitemapindex>"""
    s = parse_sitemap(body, "https://x.id/sitemap.xml", "s", window_start=WINDOW)
    assert [c[0] for c in s.children] == ["https://x.id/sitemap-2026-11.xml", "https://x.id/sitemap-misc.xml"]
    assert s.old_children == 1 and s.entries == ()


def test_google_news_sitemap_gzip():
    body = gzip.compress(b"""<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://x.id/berita/1</loc><news:news><news:publication><news:name>X</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2026-11-23T08:00:00+08:00</news:publication_date><news:title>Bupati &amp; DPRD</news:title>
      <news:keywords>Paser, APBD</news:keywords></news:news></url>
    <url><loc>https://x.id/berita/old</loc><lastmod>2020-01-01</lastmod></url>
    <url><loc>https://x.id/berita/nodate</loc></url></urlset>""")
    s = parse_sitemap(body, "https://x.id/news.xml.gz", "s", window_start=WINDOW)
    assert [(e.url, e.title, e.categories) for e in s.entries] == [
        ("https://x.id/berita/1", "Bupati & DPRD", ("Paser", "APBD")), ("https://x.id/berita/nodate", None, ())]
    assert s.entries[0].published_at == datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)
    assert s.old_entries == 1


def test_not_a_sitemap():
    with pytest.raises(SitemapError):
        parse_sitemap(b"<html><body>Not found</body></html>", "https://x.id/sitemap.xml", "s")
    with pytest.raises(SitemapError):
        parse_sitemap(gzip.compress(b"x" * 5000), "https://x.id/s.xml.gz", "s", max_bytes=1000)


def test_discovery_helpers():
    page = b"""<html><head><link rel="alternate" type="application/rss+xml" title="Berita" href="/feed/">
    <link rel="alternate" type="application/rss+xml" title="Komentar" href="/comments/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://x.id/atom.xml"></head></html>"""
    assert feeds_in_page(page, "https://x.id/") == ["https://x.id/feed/", "https://x.id/atom.xml"]
    robots = b"User-agent: *\nDisallow: /wp-admin/\nSitemap: https://x.id/sitemap_index.xml\nsitemap: /news.xml\n"
    assert sitemaps_in_robots(robots, "https://x.id/robots.txt") == [
        "https://x.id/sitemap_index.xml", "https://x.id/news.xml"]
