"""Hostile pages, feeds and sitemaps, crawled and extracted once; each case asserts its outcome.

One crawl of a hostile loopback site (``crawl_corpus.py``) then extraction; the tests read what
the store recorded (pages, articles, discards with reasons) and what the server was asked for.
"""

from __future__ import annotations

import json

import pytest

from . import corpus as c
from .crawl_corpus import ODD, crawl_corpus
from .server import HostileServer


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with HostileServer() as server:
        yield crawl_corpus(server, tmp_path_factory.mktemp("hostile"))


def _outcome(crawled, path: str) -> tuple:
    url = crawled.server.base + path
    page = crawled.query("SELECT extract_status, extract_reason FROM pages WHERE url = ?", [url])
    discards = crawled.query("SELECT stage, reason FROM discards WHERE url = ? ORDER BY stage", [url])
    return (page[0] if page else None), discards


def _title(crawled, path: str) -> str | None:
    rows = crawled.query("SELECT title FROM articles WHERE url = ?", [crawled.server.base + path])
    return rows[0][0] if rows else None


def test_the_whole_corpus_is_one_completed_run(crawled):
    assert crawled.seconds < 30
    assert crawled.summary.failures_by_reason == {"not-a-feed": 1, "not-a-sitemap": 1, "offsite-link": 4,
                                                  "too-large": 2, "redirect-loop": 1}


def test_malformed_html_is_extracted(crawled):
    assert _outcome(crawled, "/malformed.html") == (("article", None), [])
    assert _title(crawled, "/malformed.html") == "Jalan Kuaro diperbaiki"


def test_truncated_html_is_refused_with_a_reason(crawled):
    assert _outcome(crawled, "/truncated.html") == (("failed", "truncated-html"), [("extract", "truncated-html")])


def test_declared_windows_1252_is_decoded(crawled):
    assert _outcome(crawled, "/cp1252.html") == (("article", None), [])
    assert _title(crawled, "/cp1252.html") == c.CP1252_TITLE


def test_mislabelled_charset_is_decoded(crawled):
    assert _title(crawled, "/mislabelled.html") == c.MISLABELLED_TITLE


def test_binary_served_as_html_is_refused_with_a_reason(crawled):
    assert _outcome(crawled, "/binary.html") == (("failed", "binary-content"), [("extract", "binary-content")])


def test_over_size_response_is_discarded(crawled):
    assert _outcome(crawled, "/huge.html") == (None, [("crawl", "too-large")])


def test_gzip_bomb_is_discarded_as_too_large(crawled):
    assert _outcome(crawled, "/bomb.html") == (None, [("crawl", "too-large")])


def test_redirect_loop_is_discarded(crawled):
    assert _outcome(crawled, "/loop/a") == (None, [("crawl", "redirect-loop")])
    paths = crawled.server.paths()
    assert paths.count("/loop/a") + paths.count("/loop/b") <= 21  # bounded, not endless


def test_odd_schemes_are_never_fetched(crawled):
    assert crawled.query("SELECT count(*) FROM pages WHERE url NOT LIKE 'http%'") == [(0,)]
    hosts_and_paths = crawled.server.requests
    assert not any("passwd" in p or "alert" in p or "base64" in p or "mailto" in p for _, p in hosts_and_paths)
    assert ODD  # the feed listed them


def test_private_addresses_from_a_public_source_are_never_fetched(crawled):
    assert crawled.pages("public") == ["http://kabar.test/pub/ok.html"]
    refused = crawled.discards("public")
    assert refused == sorted([("http://10.1.2.3/pub/x.html", "offsite-link"),
                              ("http://169.254.169.254/latest/meta-data", "offsite-link"),
                              ("http://localhost:8080/pub/local.html", "offsite-link"),
                              (crawled.server.base + "/pub/internal.html", "offsite-link")])
    # The server sees every request, proxied or not: none of them was made.
    assert {h for h, _ in crawled.server.requests} == {crawled.server.base[7:], "kabar.test"}
    assert "/pub/internal.html" not in crawled.server.paths()


def test_feed_that_is_an_html_error_page(crawled):
    assert crawled.discards("errorpage") == [(crawled.server.base + "/error-feed", "not-a-feed")]
    assert crawled.query("SELECT consecutive_failures > 0 FROM sources WHERE name = 'errorpage'") == [(True,)]


def test_malformed_and_truncated_sitemap_keeps_what_it_can(crawled):
    base = crawled.server.base
    assert crawled.pages("badsitemap") == [f"{base}/sm/{i}.html" for i in (1, 2, 3)]


def test_sitemap_that_is_an_html_error_page(crawled):
    assert crawled.discards("badsitemap") == [(crawled.server.base + "/error-sitemap.xml", "not-a-sitemap")]


def test_truncated_feed_keeps_its_complete_items(crawled):
    base = crawled.server.base
    assert crawled.pages("truncfeed") == [base + "/trunc/1.html", base + "/trunc/2.html"]


def test_billion_laughs_is_not_expanded(crawled):
    base = crawled.server.base
    assert crawled.pages("laughs") == [base + "/laughs/a.html", base + "/laughs/b.html"]
    entries = [json.loads(e) for (e,) in crawled.query("SELECT entry FROM pages WHERE source = 'laughs'")]
    assert max(len(json.dumps(e)) for e in entries) < 2000
    assert not any("lollol" in json.dumps(e) for e in entries)


def test_external_entities_are_neither_fetched_nor_expanded(crawled):
    assert "/secret.txt" not in crawled.server.paths()
    base = crawled.server.base
    assert crawled.pages("xxe") == [base + "/xxe/a.html", base + "/xxe/b.html"]
    stored = json.dumps(crawled.query("SELECT * FROM pages WHERE source = 'xxe'"), default=str)
    with open("/etc/hostname") as handle:
        hostname = handle.read().strip()
    assert "RAHASIA" not in stored and (not hostname or hostname not in stored)


def test_ten_thousand_link_listing(crawled):
    base = crawled.server.base
    assert crawled.pages("listing") == [f"{base}/list/berita/{i}.html" for i in range(5)]
    assert not any(p.startswith("/tag/") for p in crawled.server.paths())


def test_script_in_a_title_is_kept_as_text(crawled):
    assert _title(crawled, "/script-title.html") == "Banjir <script>alert(1)</script> di <b>Long Kali</b>"
