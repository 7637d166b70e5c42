"""Typed records passed between Pantau's stages.

crawl -> FeedEntry (what a feed or sitemap says about a URL) and FetchedPage (bytes as fetched)
extract -> Article (clean text, resolved date) or ExtractFailure (reason)
tag -> Tagging (mentions, quotes, tone, unknown-name candidates)

Records are immutable: a stage never mutates what it was given. Most are frozen dataclasses; the
tagger's (``Mention`` to ``Tagging``) are typed ``NamedTuple``s, because the tagger makes about 30
per article at thousands of articles per second and a tuple is built in C (a frozen dataclass's
``__init__`` costs ~3 us). Times are timezone-aware UTC datetimes; the WITA day is derived where a
day is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

EntityKind = Literal["agency", "program", "official", "place", "other"]
ToneLabel = Literal["positif", "netral", "negatif"]

# How an article's publication time was found, most trusted first. "fetched" means no date was
# found and the fetch time stands in: such articles are flagged.
DATE_SOURCES = ("metadata", "feed", "htmldate", "dateline", "url", "fetched")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed or sitemap: an article URL and what the listing says about it."""

    url: str
    source: str
    via: str  # the feed, sitemap or listing URL it was found in
    guid: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """An article page as the crawler received it; archived to WARC before anything else."""

    url: str  # canonical URL (see crawlers.urls.canonicalize)
    final_url: str  # after redirects
    source: str
    status: int
    fetched_at: datetime
    headers: dict[str, str]
    body: bytes
    entry: FeedEntry | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: the story and only the story, with a resolved publication time."""

    url: str
    outlet: str
    title: str
    text: str
    published_at: datetime  # UTC; the fetch time when no date was found (date_source == "fetched")
    date_source: str
    author: str | None = None
    language: str | None = None
    site_name: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    page_views: int | None = None
    is_advertorial: bool = False
    word_count: int = 0
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class ExtractFailure:
    """A page that yielded no article, with the reason (counted per reason in the store)."""

    url: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class TagInput:
    """What the tagger needs to know about one article."""

    title: str
    text: str
    published_on: date | None = None  # WITA day: resolves role mentions to the office holder
    paser_outlet: bool = False  # a Paser government outlet ties generic agency names to Paser


class Mention(NamedTuple):
    """All mentions of one entity in one article."""

    entity_id: str
    kind: EntityKind
    count: int
    in_headline: int = 0
    in_lead: int = 0
    in_body: int = 0
    first_sentence: str = ""
    tone: ToneLabel = "netral"
    paser: bool = True  # False: another region's body or unresolved generic name


class Quote(NamedTuple):
    """A quoted statement and who said it."""

    speaker: str
    text: str
    official_id: str | None = None
    verb: str = ""


class Tone(NamedTuple):
    """Article tone with the words that decided it."""

    label: ToneLabel
    score: float
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()


class Candidate(NamedTuple):
    """An agency- or program-like phrase that is not in the catalog."""

    phrase: str
    kind: str
    sentence: str = ""


class Tagging(NamedTuple):
    """The tagger's result for one article."""

    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...] = ()
    tone: Tone = Tone("netral", 0.0)
    candidates: tuple[Candidate, ...] = ()
