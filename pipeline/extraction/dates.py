"""Resolve an article's publication time from, in order of trust, metadata, feed, htmldate,
the dateline in the text, and the URL; the fetch time stands in when none is usable.

A time without an offset is WITA (``Asia/Makassar``, the regency's time zone) unless another zone
is given; results are UTC. A candidate later than the fetch time (plus ``FUTURE_SLACK``) or before
the outlet existed is rejected and the next source is tried: a "next event" date in the page or a
template's copyright year must not date the story.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from pipeline.records import FeedEntry

log = logging.getLogger(__name__)

# A naive WIT (UTC+9) time read as WITA lands an hour late; a little slack keeps fresh stories.
FUTURE_SLACK = timedelta(hours=3)
# Nothing Pantau monitors was published online before this.
EARLIEST = date(1995, 1, 1)

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DAYS = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|kemarin|hari ini)"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Selasa (15/7/2025)", "Rabu (3/7)", "Senin(26/2)", "Kamis (12/03/2026)", "kemarin (29/6)"
_DAY_PAREN = re.compile(
    _DAYS + r"\s*,?\s*\(\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?\s*\)", re.IGNORECASE
)
# "Senin, 15 April 2024", "15 April 2024 10:30 WITA", "Senin 15/04/2024"
_LONG_DATE = re.compile(
    r"(?:" + _DAYS + r"\s*,?\s*)?\b(\d{1,2})\s+(" + _MONTH_NAMES + r")\.?\s+((?:19|20)\d\d)\b"
    r"(?:\s*[-|,]?\s*(?:pukul\s*)?(\d{1,2})[:.](\d{2})\s*(wib|wita|wit)?)?",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|[-_])"
    r"|[/-]((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[/-]|$)"
)
_ZONES = {"wib": 7, "wita": 8, "wit": 9}
_STRUCTURED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "publishdate", "pubdate", "publish-date", "publish_date", "date",
    "dc.date.issued", "dc.date", "dcterms.created", "parsely-pub-date", "sailthru.date",
    "content_publishdate", "article.published", "published_time", "release_date",
)
_JSONLD_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "webpage", "report")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A publication time (UTC) and where it came from (one of ``records.DATE_SOURCES``)."""

    published_at: datetime
    source: str


def parse_datetime(value: str, tz: ZoneInfo) -> datetime | None:
    """ISO 8601 and the usual CMS variants -> aware datetime; naive values are in ``tz``."""
    text = value.strip()
    if not text:
        return None
    text = re.sub(r"\s+", " ", text).replace(" T", "T")
    text = re.sub(r"(?<=\d)Z$", "+00:00", text)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)  # +0800 -> +08:00
    candidates = (text, text.replace("/", "-"), text[:19], text[:10])
    for candidate in candidates:
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return None


def from_metadata(tree: HtmlElement, tz: ZoneInfo) -> Iterator[datetime]:
    """Structured dates in trust order: JSON-LD datePublished, meta tags, ``<time datetime>``.

    A generator: the caller stops at the first acceptable date, so the whole-tree searches for
    itemprop and ``<time>`` only run on pages whose head says nothing.
    """
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        for raw in _jsonld_dates(script.text or ""):
            parsed = parse_datetime(raw, tz)
            if parsed:
                yield parsed
    for meta in tree.iterfind(".//head/meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _STRUCTURED_META:
            parsed = parse_datetime(meta.get("content", ""), tz)
            if parsed:
                yield parsed
    for element in tree.xpath(".//*[@itemprop='datePublished'] | .//time[@datetime]"):
        parsed = parse_datetime(element.get("datetime") or element.get("content") or "", tz)
        if parsed:
            yield parsed
            # the first <time> of a page is the article's; later ones belong to teasers


def _jsonld_dates(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        # Some CMSs put raw newlines or trailing commas in JSON-LD: fall back to a plain search.
        return re.findall(r'"datePublished"\s*:\s*"([^"]+)"', text)
    dates: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            kind = item.get("@type", "")
            kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
            value = item.get("datePublished")
            if isinstance(value, str) and (not kinds or any(k in _JSONLD_TYPES for k in kinds)):
                dates.append(value)
            stack.extend(v for k, v in item.items() if k == "@graph" or isinstance(v, (dict, list)))
    return dates


def from_htmldate(tree: HtmlElement, url: str) -> date | None:
    """htmldate's original-date guess without the slow extensive search (the dateline covers it)."""
    from htmldate import find_date  # imported lazily: it is only needed for pages without metadata

    try:
        # url=None: the URL is Pantau's own last-resort source, below the dateline in trust.
        found = find_date(tree, url=None, extensive_search=False, original_date=True)
    except Exception as exc:  # htmldate raises assorted errors on odd trees; a page never crashes us
        log.debug("htmldate failed on %s: %s", url, exc)
        return None
    return date.fromisoformat(found) if found else None


def from_dateline(text: str, reference: datetime, tz: ZoneInfo) -> datetime | None:
    """The first date written in the story ("Selasa (15/7/2025)", "Senin, 15 April 2024").

    A date without a year takes the most recent year that keeps it on or before ``reference``.
    """
    head = text[:3000]
    candidates: list[tuple[int, datetime]] = []
    for match in _DAY_PAREN.finditer(head):
        day, month, year = int(match[1]), int(match[2]), match[3]
        built = _build(day, month, _year(year), reference, tz)
        if built:
            candidates.append((match.start(), built))
            break
    for match in _LONG_DATE.finditer(head):
        day, month, year = int(match[1]), MONTHS[match[2].lower()], int(match[3])
        hour = int(match[4]) if match[4] else 0
        minute = int(match[5]) if match[5] else 0
        zone = timezone(timedelta(hours=_ZONES[match[6].lower()])) if match[6] else tz
        built = _build(day, month, year, reference, zone, hour, minute)
        if built:
            candidates.append((match.start(), built))
            break
    return min(candidates)[1] if candidates else None


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _build(
    day: int, month: int, year: int | None, reference: datetime, tz: ZoneInfo | timezone,
    hour: int = 0, minute: int = 0,
) -> datetime | None:
    local_ref = reference.astimezone(tz)
    years = [year] if year else [local_ref.year, local_ref.year - 1]
    for candidate_year in years:
        try:
            built = datetime(candidate_year, month, day, hour, minute, tzinfo=tz)
        except ValueError:
            continue
        if year or built.date() <= local_ref.date():
            return built
    return None


def from_url(url: str, tz: ZoneInfo) -> datetime | None:
    """``/2026/11/27/``, ``/20261127/`` or ``-2026-11-27`` in the URL path, as a WITA day."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    groups = [g for g in match.groups() if g]
    try:
        return datetime(int(groups[0]), int(groups[1]), int(groups[2]), tzinfo=tz)
    except ValueError:
        return None


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """Midnight of a local day: a date-only source still puts the story on the right WITA day."""
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def acceptable(candidate: datetime, fetched_at: datetime, outlet_since: date | None, tz: ZoneInfo) -> bool:
    """Not after the fetch (plus slack), not before the outlet existed or the web began."""
    if candidate > fetched_at + FUTURE_SLACK:
        return False
    local_day = candidate.astimezone(tz).date()
    return local_day >= max(outlet_since or EARLIEST, EARLIEST)


def resolve_date(
    tree: HtmlElement | None,
    text: str,
    url: str,
    *,
    entry: FeedEntry | None,
    fetched_at: datetime,
    outlet_since: date | None,
    tz: ZoneInfo,
) -> Resolved:
    """Walk the sources in trust order and return the first acceptable date (UTC)."""
    reference = entry.published_at if entry and entry.published_at else fetched_at
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=tz)
    reference = min(reference, fetched_at)

    def sources() -> Iterator[tuple[str, datetime]]:
        if tree is not None:
            for found in from_metadata(tree, tz):
                yield "metadata", found
        if entry is not None and entry.published_at is not None:
            value = entry.published_at
            yield "feed", value if value.tzinfo else value.replace(tzinfo=tz)
        if tree is not None:
            found_day = from_htmldate(tree, url)
            if found_day:
                yield "htmldate", day_start(found_day, tz)
        found = from_dateline(text, reference, tz)
        if found:
            yield "dateline", found
        found = from_url(url, tz)
        if found:
            yield "url", found

    for source, candidate in sources():
        if acceptable(candidate, fetched_at, outlet_since, tz):
            return Resolved(candidate.astimezone(timezone.utc), source)
        log.info("date rejected for %s: %s %s (fetched %s, outlet since %s)",
                 url, source, candidate.isoformat(), fetched_at.isoformat(), outlet_since)
    return Resolved(fetched_at.astimezone(timezone.utc), "fetched")
