"""Feed parsing: RSS 2.0, RSS 1.0, Atom (feedparser) and JSON Feed bytes -> FeedEntry records.

Scrapy downloads the bytes (so politeness, retries and conditional GET apply); this module only
parses. What real feeds do and how it is handled:
- relative links: resolved against the feed URL (feedparser gets it as Content-Location);
- duplicate entries (same canonical link): the first is kept;
- HTML in titles and summaries: tags stripped, entities unescaped;
- ISO-8859-1 and other declared encodings: feedparser decodes from the XML declaration or HTTP header;
- wrong dates: a date in the future (more than a day ahead) or before the source's founding date is
  dropped (None), so the extractor looks for the article's own date instead;
- a ``bozo`` feed that still has entries: the entries are used and the problem logged;
- an HTML error page instead of a feed: ``FeedError`` ("not-a-feed"), counted by the caller.
"""

from __future__ import annotations

import calendar
import html
import json
import logging
import re
from datetime import date, datetime, timedelta, timezone

import feedparser

from crawlers.urls import absolute, canonicalize
from pipeline.records import FeedEntry

log = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class FeedError(Exception):
    """Bytes that are no usable feed; ``reason`` is the discard reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def clean_text(value: str | None) -> str | None:
    """Text without HTML tags, entities unescaped, whitespace collapsed; None when empty."""
    if not value:
        return None
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", html.unescape(value)))).strip()
    return text or None


def plausible_date(value: datetime | None, since: date | None, now: datetime | None = None) -> datetime | None:
    """``value`` unless it is in the future (over a day ahead) or before ``since``."""
    if value is None:
        return None
    now = now or datetime.now(timezone.utc)
    if value > now + timedelta(days=1):
        return None
    if since is not None and value.date() < since:
        return None
    if value.year < 1995:  # no online news before that; epoch-zero dates are placeholders
        return None
    return value


def _struct_to_dt(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None


def _iso_to_dt(value: str | None) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip()[:1] in (b"{", b"[")


def parse_json_feed(body: bytes, feed_url: str, source: str, since: date | None = None) -> list[FeedEntry]:
    """JSON Feed 1.0/1.1 items -> entries (feedparser does not read JSON Feed)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError("not-a-feed", f"invalid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("not-a-feed", "JSON without an items list")
    base = data.get("home_page_url") or feed_url
    entries: list[FeedEntry] = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        link = absolute(feed_url, item.get("url") or item.get("external_url")) or absolute(base, item.get("url"))
        if link is None:
            continue
        published = _iso_to_dt(item.get("date_published")) or _iso_to_dt(item.get("date_modified"))
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        entries.append(FeedEntry(
            url=link, source=source, via=feed_url,
            guid=str(item["id"]) if item.get("id") is not None else None,
            title=clean_text(item.get("title")),
            published_at=plausible_date(published, since),
            summary=clean_text(item.get("summary") or item.get("content_text") or item.get("content_html")),
            categories=tuple(str(t) for t in tags if t),
        ))
    return _dedupe(entries)


def _dedupe(entries: list[FeedEntry]) -> list[FeedEntry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        key = canonicalize(entry.url)
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def parse_feed(
    body: bytes,
    feed_url: str,
    source: str,
    *,
    content_type: str | None = None,
    since: date | None = None,
) -> list[FeedEntry]:
    """Entries of a feed document; raises FeedError when the bytes are no feed at all."""
    if _looks_like_json(body):
        return parse_json_feed(body, feed_url, source, since)
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.entries:
        if parsed.get("version"):
            return []  # a real, empty feed
        problem = str(parsed.get("bozo_exception") or "no feed elements")
        raise FeedError("not-a-feed", problem[:200])
    if parsed.bozo:
        log.info("feed %s: malformed but has %d entries, using them (%s)",
                 feed_url, len(parsed.entries), parsed.get("bozo_exception"))
    entries: list[FeedEntry] = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            links = [l.get("href") for l in item.get("links", []) if l.get("href")]
            link = links[0] if links else None
        if not link and isinstance(item.get("id"), str) and item["id"].startswith("http"):
            link = item["id"]
        url = absolute(feed_url, link)
        if url is None:
            log.info("feed %s: entry without a usable link skipped (%r)", feed_url, link)
            continue
        # dict.get: FeedParserDict.get("updated_parsed") warns and maps to published_parsed
        published = _struct_to_dt(dict.get(item, "published_parsed")) or _struct_to_dt(dict.get(item, "updated_parsed"))
        summary = item.get("summary")
        categories = tuple(t.get("term") for t in item.get("tags", []) if t.get("term"))
        entries.append(FeedEntry(
            url=url, source=source, via=feed_url,
            guid=item.get("id") or None,
            title=clean_text(item.get("title")),
            published_at=plausible_date(published, since),
            summary=clean_text(summary),
            categories=categories,
        ))
    return _dedupe(entries)
