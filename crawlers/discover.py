"""Homepage discovery: feeds from ``<link rel="alternate">`` and sitemaps from robots.txt.

Used for a source configured with a homepage only. The spider fetches the homepage and
``/robots.txt`` once, tries ``/feed/`` (the WordPress default) when the page names no feed, and the
store remembers the result (``sources.discovered_feeds`` / ``discovered_sitemaps``) so later runs go
straight to the feeds.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from crawlers.urls import absolute

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
               "application/json", "application/rdf+xml", "text/xml", "application/xml")
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
# Comment feeds are feeds too, but of reader comments, not articles.
_COMMENT_FEED = re.compile(r"comment", re.IGNORECASE)


def feeds_in_page(body: bytes, page_url: str) -> list[str]:
    """Feed URLs a page advertises with ``<link rel="alternate" type="...rss/atom/json">``."""
    try:
        doc = lxml_html.fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES:
            url = absolute(page_url, link.get("href"))
            title = link.get("title") or ""
            if url and not _COMMENT_FEED.search(url + " " + title) and url not in found:
                found.append(url)
    return found


def sitemaps_in_robots(body: bytes, robots_url: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt, as absolute URLs."""
    text = body.decode("utf-8", "replace")
    found: list[str] = []
    for match in _SITEMAP_LINE.finditer(text):
        url = absolute(robots_url, match.group(1))
        if url and url not in found:
            found.append(url)
    return found
