"""Hostile servers: rate limits, errors, slow pages, redirects, encodings, huge and non-HTML pages."""


import pytest
from conftest import article, rss
from scrapy.http import Request

from crawlers.middlewares.guard import GuardMiddleware, Refused
from crawlers.middlewares.politeness import retry_after_seconds


def feed_of(site, *paths):
    site.route("/feed", body=rss(*[f"{{BASE}}{p}" for p in paths]), ctype="application/rss+xml")
    return [{"name": "keras", "feeds": [site.url("/feed")]}]


def counting(responses):
    """A route handler answering from a list of (status, headers, body), the last one repeated."""
    calls = []

    def handler(request):
        calls.append(1)
        return responses[min(len(calls), len(responses)) - 1]
    return handler


def test_429_retry_after_is_honoured(site, harness):
    sources = feed_of(site, "/limited", "/never")
    site.route("/limited", handler=counting([(429, {"Retry-After": "1"}, b"slow down"),
                                             (200, {"Content-Type": "text/html"}, article("Akhirnya").encode())]))
    site.route("/never", status=429, headers={"Retry-After": "100"}, body=b"go away")
    summary = harness.crawl(sources, concurrency_per_domain=1, max_retry_after_seconds=1.5)
    times = site.times("/limited")
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert site.paths().count("/never") == 1  # 100 s is over max_retry_after_seconds: not waited for
    assert harness.pages() == [site.url("/limited")]
    assert summary.failures_by_reason == {"http-429": 1}


def test_500_retried_with_backoff_then_counted(site, harness):
    sources = feed_of(site, "/broken", "/ok")
    site.route("/broken", status=500, body=b"oops")
    site.route("/ok", body=article("Baik"))
    summary = harness.crawl(sources, retries=2, retry_backoff_seconds=0.2)
    times = site.times("/broken")
    assert len(times) == 3
    assert times[1] - times[0] >= 0.19 and times[2] - times[1] >= 0.39  # 0.2 s, then doubled
    assert harness.pages() == [site.url("/ok")]
    assert harness.discards() == [(site.url("/broken"), "http-500")]
    assert summary.failures_by_reason == {"http-500": 1}


def test_slow_page_times_out_and_others_continue(site, harness):
    sources = feed_of(site, "/slow", "/fast")
    site.route("/slow", body=article("Lambat"), delay=1.5)
    site.route("/fast", body=article("Cepat"))
    summary = harness.crawl(sources, timeout_seconds=0.5, retries=1)
    assert site.paths().count("/slow") == 2
    assert harness.pages() == [site.url("/fast")]
    assert summary.failures_by_reason == {"timeout": 1}


def test_redirects_loop_offsite_and_within(site, other_site, harness):
    sources = feed_of(site, "/loop/a", "/away", "/moved")
    site.route("/loop/a", status=302, headers={"Location": "/loop/b"})
    site.route("/loop/b", status=302, headers={"Location": "/loop/a"})
    site.route("/away", status=301, headers={"Location": other_site.url("/internal")})
    site.route("/moved", status=301, headers={"Location": "/berita/baru"})
    site.route("/berita/baru", body=article("Baru"))
    other_site.route("/internal", body=article("Tidak boleh"))
    summary = harness.crawl(sources, concurrency_per_domain=1)
    assert other_site.paths() == []  # never requested
    assert site.paths().count("/loop/a") + site.paths().count("/loop/b") == 6  # 5 redirects then stop
    assert harness.query("SELECT url, final_url FROM pages") == [(site.url("/moved"), site.url("/berita/baru"))]
    assert summary.failures_by_reason == {"redirect-loop": 1, "redirect-offsite": 1}


def test_gzip_charset_huge_and_non_html(site, harness):
    sources = feed_of(site, "/gz", "/latin", "/huge", "/file.pdf")
    site.route("/gz", body=article("Terkompresi"), gzip=True)
    site.route("/latin", body=article("Caf\u00e9 Paser").encode("latin-1"), ctype="text/html; charset=utf-8")
    site.route("/huge", body=b"<html>" + b"x" * 300_000 + b"</html>")
    site.route("/file.pdf", body=b"%PDF-1.4 ...", ctype="application/pdf")
    summary = harness.crawl(sources)
    assert sorted(site.paths()) == ["/feed", "/file.pdf", "/gz", "/huge", "/latin", "/robots.txt"]
    assert harness.pages() == [site.url("/gz"), site.url("/latin")]
    from pipeline.archive import read_record

    bodies = {url: read_record(harness.cfg.archive, f, o)[1]
              for url, f, o in harness.query("SELECT url, warc_file, warc_offset FROM pages")}
    assert b"Terkompresi" in bodies[site.url("/gz")]  # stored decoded
    assert "Café".encode("latin-1") in bodies[site.url("/latin")]  # bytes kept as sent, wrong label and all
    assert summary.failures_by_reason == {"too-large": 1, "not-html": 1}


def test_robots_disallow_and_crawl_delay(site, harness):
    site.route("/robots.txt", body="User-agent: *\nCrawl-delay: 0.5\nDisallow: /private/\n", ctype="text/plain")
    sources = feed_of(site, "/private/secret", "/a", "/b")
    site.route("/a", body=article("A"))
    site.route("/b", body=article("B"))
    summary = harness.crawl(sources)
    assert "/private/secret" not in site.paths()
    times = sorted(site.times("/feed") + site.times("/a") + site.times("/b"))
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.45
    assert summary.failures_by_reason == {"robots-disallowed": 1}


def test_broken_feeds_count_as_source_failures(site, harness):
    site.route("/feed", body="<html><title>Error 503</title><body>Maintenance</body></html>")
    site.route("/gone", status=404)
    sources = [{"name": "rusak", "feeds": [site.url("/feed"), site.url("/gone")]},
               {"name": "sehat", "feeds": [site.url("/ok")]}]
    site.route("/ok", body=rss(), ctype="application/rss+xml")
    for _ in range(2):
        summary = harness.crawl(sources, failure_alert_after=2)
    assert summary.failures_by_reason == {"not-a-feed": 1, "http-404": 1}
    rows = harness.query("SELECT name, consecutive_failures, last_error IS NOT NULL, last_success_at IS NULL"
                         " FROM sources ORDER BY name")
    assert rows == [("rusak", 2, True, True), ("sehat", 0, False, False)]
    from pipeline.sources import health_rows

    with harness.store.read() as con:
        health = {r["name"]: r["failing"] for r in health_rows(harness.cfg, con)}
    assert health == {"rusak": True, "sehat": False}


def test_guard_refuses_private_addresses_and_odd_schemes():
    guard = GuardMiddleware()
    public = {"source": "x", "allowed": frozenset({"prokal.co"}), "public": True}
    with pytest.raises(Refused) as err:
        guard.process_request(Request("http://169.254.169.254/latest/meta-data", meta=public))
    assert err.value.reason == "private-address"
    redirected = {**public, "redirect_urls": ["https://prokal.co/a"]}
    with pytest.raises(Refused) as err:
        guard.process_request(Request("https://evil.example/a", meta=redirected))
    assert err.value.reason == "redirect-offsite"
    assert guard.process_request(Request("https://www.prokal.co/b", meta=redirected)) is None
    loopback = {"source": "demo", "allowed": frozenset({"127.0.0.1:8000"}), "public": False}
    assert guard.process_request(Request("http://127.0.0.1:8000/a", meta=loopback)) is None


def test_retry_after_header_forms():
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None
