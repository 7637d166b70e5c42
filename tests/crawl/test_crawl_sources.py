"""Sitemaps, listing pages, discovery queries and homepage-only discovery, crawled for real."""

import gzip
from datetime import datetime, timedelta, timezone

from conftest import article, rss


def _day(days_ago: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def test_sitemap_index_gzip_news_window_and_conditional_get(site, harness):
    site.route("/sitemap.xml", etag='"idx1"', ctype="application/xml", body=f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{{BASE}}/sitemap-news.xml.gz</loc><lastmod>{_day(0)}</lastmod></sitemap>
<sitemap><loc>{{BASE}}/sitemap-2016.xml</loc><lastmod>2016-02-01T00:00:00+00:00</lastmod></sitemap>
</sitemapindex>""")
    news = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{{BASE}}/berita/baru</loc><news:news><news:publication_date>{_day(1)}</news:publication_date>
<news:title>Bupati Paser meninjau banjir</news:title></news:news></url>
<url><loc>{{BASE}}/berita/lama</loc><lastmod>{_day(40)}</lastmod></url>
</urlset>"""
    site.route("/sitemap-news.xml.gz", ctype="application/gzip", body=b"", handler=lambda h: (
        200, {"Content-Type": "application/gzip"}, gzip.compress(news.replace("{BASE}", site.base).encode())))
    site.route("/berita/baru", body=article("Banjir"))
    sources = [{"name": "peta", "sitemaps": [site.url("/sitemap.xml")]}]
    summary = harness.crawl(sources)
    assert sorted(site.paths()) == ["/berita/baru", "/robots.txt", "/sitemap-news.xml.gz", "/sitemap.xml"]
    assert harness.pages() == [site.url("/berita/baru")]
    entry = harness.query("SELECT entry->>'title', entry->>'via' FROM pages")[0]
    assert entry == ("Bupati Paser meninjau banjir", site.url("/sitemap-news.xml.gz"))
    assert summary.new_pages == 1
    site.clear()
    harness.crawl(sources)
    assert site.paths() == ["/robots.txt", "/sitemap.xml"]  # 304: the index is unchanged


def test_listing_pages_follow_next_to_depth(site, harness):
    for n in (1, 2, 3):
        links = "".join(f'<a href="/berita/{n}-{i}">Berita</a>' for i in range(2))
        site.route(f"/kategori/paser/{n}", body=f'<html><body>{links}<a href="/tentang">Tentang</a>'
                   f'<a href="/kategori/paser/{n + 1}">Berikutnya</a><a href="mailto:r@x.id">Surat</a></body></html>')
        for i in range(2):
            site.route(f"/berita/{n}-{i}", body=article(f"Berita {n}-{i}"))
    sources = [{"name": "daftar", "listings": [{"url": site.url("/kategori/paser/1"),
                                                 "article_pattern": r"/berita/\d+-\d+$",
                                                 "next_pattern": r"/kategori/paser/\d+$", "depth": 2}]}]
    harness.crawl(sources)
    assert sorted(site.paths()) == ["/berita/1-0", "/berita/1-1", "/berita/2-0", "/berita/2-1",
                                    "/kategori/paser/1", "/kategori/paser/2", "/robots.txt"]
    assert len(harness.pages()) == 4


def test_discovery_query_keeps_the_article_host(site, other_site, harness):
    other_site.route("/nasional/bupati-paser", body=article("Bupati Paser di Jakarta"))
    site.route("/search", handler=lambda h: (200, {"Content-Type": "application/rss+xml"}, rss(
        other_site.url("/nasional/bupati-paser") if "q=bupati+paser" in h.path else other_site.url("/lain")).encode()))
    other_site.route("/lain", body=article("Lain"))
    sources = [{"name": "cari", "kind": "aggregator",
                "discovery": {"template": site.url("/search?q={query}"), "queries": ["bupati paser", "MTQ"]}}]
    summary = harness.crawl(sources)
    assert sorted(site.paths()) == ["/robots.txt", "/search?q=MTQ", "/search?q=bupati+paser"]
    assert sorted(other_site.paths()) == ["/lain", "/nasional/bupati-paser", "/robots.txt"]
    assert harness.query("SELECT url, source FROM pages ORDER BY url") == [
        (other_site.url("/lain"), "cari"), (other_site.url("/nasional/bupati-paser"), "cari")]
    assert summary.per_source["cari"]["new_pages"] == 2


def test_homepage_only_discovers_once_and_remembers(site, harness):
    site.route("/", body='<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>')
    site.route("/robots.txt", body="User-agent: *\nSitemap: {BASE}/peta.xml\n", ctype="text/plain")
    site.route("/rss", body=rss("{BASE}/berita/1"), ctype="application/rss+xml")
    site.route("/peta.xml", ctype="application/xml", body="""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{BASE}/berita/2</loc></url></urlset>""")
    site.route("/berita/1", body=article("Satu"))
    site.route("/berita/2", body=article("Dua"))
    sources = [{"name": "beranda", "homepage": site.url("/")}]
    harness.crawl(sources)
    assert sorted(site.paths()) == ["/", "/berita/1", "/berita/2", "/peta.xml", "/robots.txt", "/robots.txt", "/rss"]
    assert harness.query("SELECT discovered_feeds, discovered_sitemaps FROM sources") == [
        ([site.url("/rss")], [site.url("/peta.xml")])]
    site.clear()
    harness.crawl(sources)
    assert sorted(site.paths()) == ["/peta.xml", "/robots.txt", "/rss"]  # no homepage visit, nothing new


def test_homepage_without_feed_link_tries_wordpress_feed(site, harness):
    site.route("/", body="<html><body>Beranda</body></html>")
    site.route("/feed/", body=rss("{BASE}/2026/11/berita"), ctype="application/rss+xml")
    site.route("/2026/11/berita", body=article("WP"))
    harness.crawl([{"name": "wp", "homepage": site.url("/")}])
    assert harness.pages() == [site.url("/2026/11/berita")]
    assert harness.query("SELECT discovered_feeds, discovered_sitemaps FROM sources") == [([site.url("/feed/")], [])]


def test_failing_homepage_source_discovers_again(site, harness):
    site.route("/", body='<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>')
    site.route("/rss", body=rss("{BASE}/berita/1"), ctype="application/rss+xml")
    site.route("/berita/1", body=article("Satu"))
    sources = [{"name": "pindah", "homepage": site.url("/")}]
    harness.crawl(sources, failure_alert_after=2)
    # the site moves its feed: the remembered one is gone
    del site.routes["/rss"]
    site.route("/", body='<html><head><link rel="alternate" type="application/rss+xml" href="/baru.xml"></head></html>')
    site.route("/baru.xml", body=rss("{BASE}/berita/2"), ctype="application/rss+xml")
    site.route("/berita/2", body=article("Dua"))
    for _ in range(2):
        harness.crawl(sources, failure_alert_after=2)
    assert site.paths().count("/") == 1 and site.paths().count("/rss") == 3  # remembered feed, failing twice
    site.clear()
    harness.crawl(sources, failure_alert_after=2)
    assert sorted(site.paths()) == ["/", "/baru.xml", "/berita/2", "/robots.txt", "/robots.txt"]
    assert harness.query("SELECT discovered_feeds, consecutive_failures FROM sources") == [([site.url("/baru.xml")], 0)]
