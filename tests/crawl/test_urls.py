"""Canonical URLs and URL guards."""

import pytest

from crawlers.urls import absolute, canonicalize, host_allowed, host_key, is_private_host


@pytest.mark.parametrize("url, expected", [
    ("HTTP://WWW.Prokal.CO:80/kaltim/berita/?utm_source=fb&utm_medium=x#komentar", "http://prokal.co/kaltim/berita"),
    ("https://m.tribunnews.com/regional/2026/11/23/bupati-paser?page=2&fbclid=abc", "https://tribunnews.com/regional/2026/11/23/bupati-paser?page=2"),
    ("https://amp.kompas.com/a/b/amp", "https://kompas.com/a/b"),
    ("https://news.example.id/a.html?gclid=1&ref=home&PHPSESSID=9&ga_x=1&id=7", "https://news.example.id/a.html?id=7"),
    ("https://example.id/?b=2&a=1", "https://example.id/?a=1&b=2"),
    ("https://example.id:443/x//y/", "https://example.id/x/y"),
    ("http://127.0.0.1:8123/berita/1/", "http://127.0.0.1:8123/berita/1"),
    ("https://example.id", "https://example.id/"),
    ("mailto:redaksi@example.id", "mailto:redaksi@example.id"),
])
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected


def test_canonicalize_is_idempotent():
    url = "https://www.example.id/a/b/?utm_campaign=x&z=1#f"
    assert canonicalize(canonicalize(url)) == canonicalize(url) == "https://example.id/a/b?z=1"


@pytest.mark.parametrize("link", ["javascript:void(0)", "mailto:a@b.id", "file:///etc/passwd", "data:text/html,x", "", None, "ftp://x.id/a"])
def test_absolute_drops_odd_schemes(link):
    assert absolute("https://example.id/", link) is None


def test_absolute_resolves_relative():
    assert absolute("https://example.id/feed/", "../berita/1") == "https://example.id/berita/1"


def test_private_hosts():
    assert [is_private_host(h) for h in ("127.0.0.1", "localhost", "10.1.2.3", "192.168.0.1", "169.254.169.254",
                                           "[::1]", "0.0.0.0", "prokal.co", "8.8.8.8")] == [
        True, True, True, True, True, True, True, False, False]


def test_hosts():
    assert host_key("http://WWW.example.id:8080/x") == "example.id:8080"
    assert host_key("https://www.example.id:443/x") == "example.id"
    allowed = frozenset({"paserkab.go.id"})
    assert host_allowed("berita.paserkab.go.id", allowed)
    assert host_allowed("www.paserkab.go.id", allowed)
    assert not host_allowed("evilpaserkab.go.id", allowed)
