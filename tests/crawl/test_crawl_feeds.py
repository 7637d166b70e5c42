"""Real spiders against loopback servers: feeds, incremental runs, canonical links, refetch."""

from conftest import article, rss

from pipeline.archive import read_record


def newsroom(site, n=4, etag='"v1"'):
    links = [f"{{BASE}}/berita/{i}" for i in range(n)]
    site.route("/robots.txt", body="User-agent: *\nAllow: /\n", ctype="text/plain")
    site.route("/feed", body=rss(*links), ctype="application/rss+xml", etag=etag)
    for i in range(n):
        site.route(f"/berita/{i}", body=article(f"Berita {i}"))


def test_feed_crawl_then_incremental_runs(site, harness):
    newsroom(site)
    sources = [{"name": "contoh", "feeds": [site.url("/feed")]}]
    first = harness.crawl(sources)
    assert sorted(site.paths()) == ["/berita/0", "/berita/1", "/berita/2", "/berita/3", "/feed", "/robots.txt"]
    assert (first.pages_saved, first.new_pages, first.skipped_seen, first.failures_by_reason) == (4, 4, 0, {})
    assert first.requests == 6
    assert harness.pages() == [site.url(f"/berita/{i}") for i in range(4)]
    # every page row points at its archived bytes
    rows = harness.query("SELECT url, final_url, warc_file, warc_offset, entry->>'title', extract_status FROM pages ORDER BY url")
    for i, (url, final, file, offset, title, status) in enumerate(rows):
        headers, body, warc_url, _ = read_record(harness.cfg.archive, file, offset)
        assert warc_url == final == url and f"Berita {i}".encode() in body and title == f"Berita {i}"
        assert status is None  # pending extraction
    # second run in the same process: the feed answers 304, no article is fetched again
    site.clear()
    second = harness.crawl(sources)
    assert site.paths() == ["/robots.txt", "/feed"]
    assert site.hits[1].headers["if-none-match"] == '"v1"'
    assert (second.pages_saved, second.new_pages) == (0, 0)
    # third run: a server that ignores ETags (no 304) lists the same items: no article fetched
    site.routes["/feed"].etag = None
    site.clear()
    third = harness.crawl(sources)
    assert site.paths() == ["/robots.txt", "/feed"]
    assert (third.pages_saved, third.skipped_seen) == (0, 4)
    state = harness.query("SELECT last_status, items, new_items FROM feed_state")
    assert state == [(200, 4, 0)]
    runs = harness.query("SELECT status, pages, new_articles FROM runs WHERE job = 'crawl' ORDER BY run_id")
    assert runs == [("ok", 4, 4), ("ok", 0, 0), ("ok", 0, 0)]
    health = harness.query("SELECT consecutive_failures, status_counts, poll_minutes FROM sources")
    # status counts cover the source's requests (robots.txt is Scrapy's); poll: 60/2=30, then x1.5 twice
    assert health == [(0, '{"200": 6, "304": 1}', 67)]


def test_new_item_fetches_only_that_article_and_refetch(site, harness):
    newsroom(site, n=2, etag=None)
    sources = [{"name": "contoh", "feeds": [site.url("/feed")]}]
    harness.crawl(sources)
    site.route("/feed", body=rss("{BASE}/berita/0", "{BASE}/berita/1", "{BASE}/berita/2"), ctype="application/rss+xml")
    site.route("/berita/2", body=article("Berita 2"))
    site.clear()
    summary = harness.crawl(sources)
    assert sorted(site.paths()) == ["/berita/2", "/feed", "/robots.txt"]
    assert (summary.new_pages, summary.skipped_seen) == (1, 2)
    site.clear()
    again = harness.crawl(sources, refetch=True)
    assert sorted(site.paths()) == ["/berita/0", "/berita/1", "/berita/2", "/feed", "/robots.txt"]
    assert (again.pages_saved, again.new_pages) == (3, 0)
    assert harness.query("SELECT count(*), count(DISTINCT url), max(run_id) = min(run_id) FROM pages") == [(3, 3, True)]


def test_canonical_links_and_url_variants(site, harness):
    links = ["{BASE}/berita/1?utm_source=rss", "{BASE}/berita/1/#komentar", "{BASE}/amp/berita/1-amp",
             "{BASE}/berita/2", "{BASE}/berita/3"]
    site.route("/feed", body=rss(*links), ctype="application/rss+xml")
    site.route("/berita/1", body=article("Satu"))
    # the AMP copy declares the real article as canonical, which was fetched: a counted duplicate
    site.route("/amp/berita/1-amp", body=article("Satu AMP", canonical="{BASE}/berita/1"))
    # page 2 is stored under its canonical URL (page 3 points there too: duplicate)
    site.route("/berita/2", body=article("Dua", canonical="/artikel/dua?utm_medium=x"))
    site.route("/berita/3", body=article("Dua lagi", canonical="{BASE}/artikel/dua"))
    summary = harness.crawl([{"name": "contoh", "feeds": [site.url("/feed")]}], concurrency_per_domain=1)
    assert sorted(site.paths()) == ["/amp/berita/1-amp", "/berita/1?utm_source=rss", "/berita/2", "/berita/3", "/feed", "/robots.txt"]
    assert harness.pages() == [site.url("/artikel/dua"), site.url("/berita/1")]
    # whichever of the two arrived first is kept under the canonical URL, the other is the duplicate
    [(final,)] = harness.query("SELECT final_url FROM pages WHERE url LIKE '%dua'")
    assert final in (site.url("/berita/2"), site.url("/berita/3"))
    assert summary.failures_by_reason == {"duplicate-canonical": 2}
    assert harness.query("SELECT duplicates FROM runs") == [(2,)]


def test_crawl_three_times_in_one_process_with_sources(site, other_site, harness):
    newsroom(site, n=1, etag=None)
    newsroom(other_site, n=1, etag=None)
    sources = [{"name": "a", "feeds": [site.url("/feed")]}, {"name": "b", "feeds": [other_site.url("/feed")]},
               {"name": "off", "feeds": [other_site.url("/feed")], "enabled": False}]
    assert harness.crawl(sources, names=["a"]).per_source.keys() == {"a"}
    assert other_site.paths() == []
    both = harness.crawl(sources)
    assert both.per_source.keys() == {"a", "b"} and both.new_pages == 1
    assert harness.crawl(sources, names=["off"]).per_source["off"]["skipped_seen"] == 1


def test_transient_article_failure_keeps_feed_unvalidated(site, harness):
    """A 304 must not hide an article that failed: its feed's ETag is kept only once all succeeded."""
    newsroom(site, n=2, etag='"v1"')
    site.route("/berita/1", status=503, body=b"busy")
    sources = [{"name": "contoh", "feeds": [site.url("/feed")]}]
    harness.crawl(sources, retries=0)
    assert harness.query("SELECT etag FROM feed_state") == [(None,)]
    site.route("/berita/1", body=article("Berita 1"))
    site.clear()
    harness.crawl(sources)
    assert sorted(site.paths()) == ["/berita/1", "/feed", "/robots.txt"]
    assert "if-none-match" not in site.hits[1].headers
    assert harness.query("SELECT etag FROM feed_state") == [('"v1"',)]
    site.clear()
    harness.crawl(sources)
    assert site.paths() == ["/robots.txt", "/feed"] and site.hits[1].headers["if-none-match"] == '"v1"'


def test_unwritable_archive_fails_before_fetching(site, harness, tmp_path):
    import pytest

    from pipeline.archive import ArchiveError

    newsroom(site, n=1)
    (tmp_path / "not-a-folder").write_text("x")
    harness.cfg = None
    cfg = harness.config([{"name": "contoh", "feeds": [site.url("/feed")]}])
    cfg = cfg.model_copy(update={"archive": tmp_path / "not-a-folder" / "raw"})
    from crawlers.run import crawl
    from pipeline.store import Store

    with pytest.raises(ArchiveError, match="not-a-folder/raw: cannot write the raw archive"):
        crawl(cfg, Store(cfg.database))
    assert site.paths() == []


def test_crawl_from_another_thread(site, harness):
    """The scheduler daemon calls crawl() from its worker threads."""
    import threading

    newsroom(site, n=1, etag=None)
    results = []

    def job():
        results.append(harness.crawl([{"name": "contoh", "feeds": [site.url("/feed")]}]).new_pages)

    for _ in range(2):
        worker = threading.Thread(target=job)
        worker.start()
        worker.join(60)
    assert results == [1, 0]
