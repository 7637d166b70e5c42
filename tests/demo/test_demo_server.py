"""The newsroom server serves what the site declares: statuses, types, {{BASE}}, 304s, gzip, specials."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from email.utils import formatdate

import yaml


def fetch(url: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_article_page_has_base_substituted(newsroom, expected):
    article = next(a for a in expected["articles"] if a["outlet"] == "Kabar Paser")
    status, headers, body = fetch(newsroom + article["path"])
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    text = body.decode("utf-8")
    assert "{{BASE}}" not in text
    assert f'<link rel="canonical" href="{newsroom}{article["path"]}">' in text
    assert article["title"] in text


def test_feed_types_and_directory_index(newsroom):
    cases = {
        "/kabarpaser/feed/": "application/rss+xml; charset=UTF-8",
        "/mcpaser/feed/atom/": "application/atom+xml; charset=UTF-8",
        "/borneotimur/sitemap.xml": "application/xml; charset=UTF-8",
        "/robots.txt": "text/plain; charset=UTF-8",
        "/wartabenua/kategori/paser/page/2/": "text/html; charset=UTF-8",
        "/kabarpaser/": "text/html; charset=UTF-8",
    }
    for path, ctype in cases.items():
        status, headers, body = fetch(newsroom + path)
        assert (path, status, headers["Content-Type"]) == (path, 200, ctype)
        assert b"{{BASE}}" not in body
        assert int(headers["Content-Length"]) == len(body)


def test_robots_names_the_sitemap_on_this_server(newsroom):
    _, _, body = fetch(newsroom + "/robots.txt")
    lines = body.decode().splitlines()
    assert f"Sitemap: {newsroom}/borneotimur/sitemap.xml" in lines
    assert "Disallow: /kabarpaser/wp-admin/" in lines


def test_gzip_sitemap_is_gzip_with_base_inside(newsroom):
    status, headers, body = fetch(newsroom + "/borneotimur/sitemap-2025.xml.gz")
    assert status == 200
    assert headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in headers
    xml = gzip.decompress(body).decode("utf-8")
    assert "{{BASE}}" not in xml
    assert xml.count(f"<loc>{newsroom}/borneotimur/") == 4


def test_etag_and_last_modified_give_304(newsroom):
    for path in ("/kabarpaser/feed/", "/mcpaser/feed/atom/", "/borneotimur/sitemap-news.xml",
                 "/borneotimur/sitemap-2025.xml.gz"):
        status, headers, body = fetch(newsroom + path)
        assert status == 200 and body
        status, again, body = fetch(newsroom + path, headers={"If-None-Match": headers["ETag"]})
        assert (status, body, again["ETag"]) == (304, b"", headers["ETag"])
        status, _, _ = fetch(newsroom + path, headers={"If-Modified-Since": headers["Last-Modified"]})
        assert status == 304
        # A stale validator gets the full body again.
        status, _, body = fetch(newsroom + path, headers={"If-None-Match": '"stale"'})
        assert status == 200 and body
        status, _, body = fetch(newsroom + path, headers={"If-Modified-Since": formatdate(0, usegmt=True)})
        assert status == 200 and body


def test_special_pages_served_as_declared(newsroom, expected, demo_dir):
    special = yaml.safe_load((demo_dir / "site" / "_special.yaml").read_text(encoding="utf-8"))
    assert set(special) == set(expected["broken"])
    seen = {}
    for path, spec in special.items():
        status, headers, body = fetch(newsroom + path)
        assert status == spec["status"]
        assert headers["Content-Type"] == spec["content_type"]
        seen[path] = body
    bodies = sorted(seen.values(), key=len)
    assert bodies[0] == b""  # the empty 200
    kinds = {p: b for p, b in seen.items()}
    assert any(b.startswith(b"%PDF-1.4") for b in kinds.values())
    assert any(b.rstrip().endswith(b"</") for b in kinds.values())  # cut mid-tag
    assert any(b"Internal Server Error" in b for b in kinds.values())
    assert any(b"sedang dalam perbaikan" in b and b"<article" not in b for b in kinds.values())


def test_unknown_paths_and_bookkeeping_are_404(newsroom):
    for path in ("/nope/", "/kabarpaser/2026/11/27/tidak-ada/", "/_special.yaml", "/_special/kp-broken-500.bin",
                 "/kabarpaser/../robots.txt"):
        status, _, _ = fetch(newsroom + path)
        assert (path, status) == (path, 404)


def test_head_sends_headers_only(newsroom):
    status, headers, body = fetch(newsroom + "/kabarpaser/feed/", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) > 10_000


def test_fixed_port_and_quiet_logging(capfd, demo_dir):
    from pipeline.newsroom import serve_newsroom

    with serve_newsroom(demo_dir / "site", port=0) as base:
        assert base.startswith("http://127.0.0.1:")
        status, _, _ = fetch(base + "/kabarpaser/")
        status_404, _, _ = fetch(base + "/missing/")
    assert (status, status_404) == (200, 404)
    assert capfd.readouterr().err == ""


def test_client_hanging_up_is_not_printed(capfd, demo_dir):
    import socket

    from pipeline.newsroom import serve_newsroom

    with serve_newsroom(demo_dir / "site") as base:
        port = int(base.rsplit(":", 1)[1])
        for _ in range(3):  # ask for the big feed, read nothing, close: the server's write fails
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                sock.sendall(b"GET /kabarpaser/feed/ HTTP/1.1\r\nHost: x\r\n\r\n")
        status, _, _ = fetch(base + "/kabarpaser/feed/")
    assert status == 200
    assert capfd.readouterr().err == ""
