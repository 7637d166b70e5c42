"""Sitemap parsing: sitemap index, urlset and Google News sitemaps -> child sitemaps and FeedEntry.

Gzip sitemaps (``.xml.gz`` served as application/gzip, not Content-Encoding) are gunzipped here,
capped at the crawl's response size. Dates come from ``news:publication_date`` (Google News) or
``lastmod``; titles from ``news:title``. The date window (``crawl.sitemap_window_days``) applies to
both levels: a child sitemap whose ``lastmod`` is older is not fetched (a ten-year archive is not
walked every poll) and a URL whose date is older is not scheduled. Entries without any date are
kept: the seen-URL record stops them being fetched twice.
"""

from __future__ import annotations

import gzip
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from crawlers.feeds import _iso_to_dt, clean_text, plausible_date
from crawlers.urls import absolute
from pipeline.records import FeedEntry

log = logging.getLogger(__name__)


class SitemapError(Exception):
    """Bytes that are no sitemap; ``reason`` is the discard reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: child sitemaps (index) and/or URL entries (urlset), and what was skipped."""

    children: tuple[tuple[str, datetime | None], ...]
    entries: tuple[FeedEntry, ...]
    old_children: int = 0
    old_entries: int = 0


def gunzip_capped(body: bytes, max_bytes: int) -> bytes:
    """Gunzip ``body`` if it is gzip (magic bytes), refusing output larger than ``max_bytes``."""
    if body[:2] != b"\x1f\x8b":
        return body
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
            while chunk := fh.read(65536):
                out.write(chunk)
                if out.tell() > max_bytes:
                    raise SitemapError("too-large", f"gunzipped sitemap over {max_bytes} bytes")
    except (OSError, EOFError) as exc:
        raise SitemapError("bad-gzip", str(exc)) from None
    return out.getvalue()


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(elem, *names: str) -> str | None:
    for child in elem.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(
    body: bytes,
    sitemap_url: str,
    source: str,
    *,
    window_start: datetime | None = None,
    since: date | None = None,
    max_bytes: int = 50_000_000,
) -> Sitemap:
    """Parse sitemap bytes; entries and children dated before ``window_start`` are skipped."""
    body = gunzip_capped(body, max_bytes)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError("not-a-sitemap", str(exc)[:200]) from None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise SitemapError("not-a-sitemap", f"root element {getattr(root, 'tag', None)!r}")
    children: list[tuple[str, datetime | None]] = []
    entries: list[FeedEntry] = []
    old_children = old_entries = 0
    if _local(root.tag) == "sitemapindex":
        for elem in root:
            if _local(elem.tag) != "sitemap":
                continue
            loc = absolute(sitemap_url, _child_text(elem, "loc"))
            if loc is None:
                continue
            lastmod = _iso_to_dt(_child_text(elem, "lastmod"))
            if window_start and lastmod and lastmod < window_start:
                old_children += 1
                continue
            children.append((loc, lastmod))
        return Sitemap(tuple(children), (), old_children, 0)
    seen: set[str] = set()
    for elem in root:
        if _local(elem.tag) != "url":
            continue
        loc = absolute(sitemap_url, _child_text(elem, "loc"))
        if loc is None or loc in seen:
            continue
        seen.add(loc)
        published = _iso_to_dt(_child_text(elem, "publication_date")) or _iso_to_dt(_child_text(elem, "lastmod"))
        if window_start and published and published < window_start:
            old_entries += 1
            continue
        keywords = _child_text(elem, "keywords")
        entries.append(FeedEntry(
            url=loc, source=source, via=sitemap_url,
            title=clean_text(_child_text(elem, "title")),
            published_at=plausible_date(published, since),
            categories=tuple(k.strip() for k in keywords.split(",") if k.strip()) if keywords else (),
        ))
    return Sitemap((), tuple(entries), 0, old_entries)
