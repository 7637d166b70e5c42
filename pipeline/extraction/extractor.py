"""Turn one fetched page into an ``Article`` or an ``ExtractFailure``: the extraction stage's entry.

Text: trafilatura with measured settings (see docs/extraction.md and bench/extract.py): a
precision-first pass without fallbacks, and a recall-oriented second pass only when the first
returns less than a short story. Then the Indonesian boilerplate rules, the date resolution and the
page metadata. Junk input never raises: every refusal is an ``ExtractFailure`` with a stable reason.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from pipeline.extraction.boilerplate import clean_text, page_views_in_tree
from pipeline.extraction.dates import resolve_date
from pipeline.extraction.guards import Refused, parse
from pipeline.extraction.metadata import detect_language, find_author, read_metadata
from pipeline.extraction.normalize import normalize_for_matching, normalized_title
from pipeline.records import Article, ExtractFailure, FeedEntry

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TextSettings:
    """trafilatura settings, measured on the article-extraction benchmark (docs/extraction.md).

    ``first`` alone scores F1 0.944: it loses whole stories on a few layouts. Retrying with
    ``second`` when ``first`` yields under ``retry_below_chars`` characters (about 4 % of pages)
    scores 0.968 before Pantau's own cleaning, above any single configuration, and both passes skip
    the readability/jusText comparison that halves trafilatura's default speed.
    """

    first: dict[str, Any] = field(
        default_factory=lambda: {"favor_precision": True, "fast": True, "include_comments": False}
    )
    second: dict[str, Any] = field(
        default_factory=lambda: {"favor_recall": True, "fast": True, "include_comments": False}
    )
    retry_below_chars: int = 500


DEFAULT_SETTINGS = TextSettings()
# Fewer words than this in prose lines (of PROSE_LINE_WORDS words or more) after boilerplate
# removal is a menu, a listing, a gallery or an error page, not a story.
MIN_WORDS = 15
PROSE_LINE_WORDS = 5
# Languages kept by default; others become ExtractFailure("other-language").
DEFAULT_LANGUAGES = ("id", "en")


def main_text(tree: HtmlElement, url: str, settings: TextSettings = DEFAULT_SETTINGS) -> str:
    """The story's text as trafilatura sees it (paragraphs on separate lines), or ''."""
    text = _run(tree, url, settings.first)
    if len(text) < settings.retry_below_chars:
        second = _run(tree, url, settings.second)
        if len(second) > len(text):
            log.debug("second text pass kept for %s (%d > %d chars)", url, len(second), len(text))
            text = second
    return text


def _run(tree: HtmlElement, url: str, options: dict[str, Any]) -> str:
    # bare_extraction copies a tree it is given, so both passes see the same untouched page.
    document = bare_extraction(tree, url=url, with_metadata=False, **options)
    return (document.text or "") if document is not None else ""


def extract_article(
    html: bytes | str,
    url: str,
    outlet: str,
    *,
    entry: FeedEntry | None = None,
    fetched_at: datetime | None = None,
    outlet_since: date | None = None,
    timezone: str = "Asia/Makassar",
    languages: tuple[str, ...] | None = DEFAULT_LANGUAGES,
    settings: TextSettings = DEFAULT_SETTINGS,
) -> Article | ExtractFailure:
    """Extract one page; never raises on page content (a failure carries a stable ``reason``)."""
    try:
        return _extract(html, url, outlet, entry, fetched_at, outlet_since, timezone, languages, settings)
    except Refused as refused:
        log.info("extract failed for %s: %s (%s)", url, refused.reason, refused.detail)
        return ExtractFailure(url, refused.reason, refused.detail)
    except Exception as exc:  # a bug or a pathological page must cost one article, not the batch
        log.exception("extract crashed on %s", url)
        return ExtractFailure(url, "extract-error", f"{type(exc).__name__}: {exc}")


def _extract(
    html: bytes | str,
    url: str,
    outlet: str,
    entry: FeedEntry | None,
    fetched_at: datetime | None,
    outlet_since: date | None,
    tz_name: str,
    languages: tuple[str, ...] | None,
    settings: TextSettings,
) -> Article:
    tz = ZoneInfo(tz_name)
    fetched = fetched_at or datetime.now(timezone.utc)
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=tz)
    _, tree = parse(html)
    raw_text = main_text(tree, url, settings)
    if not raw_text.strip():
        raise Refused("no-article-text", "trafilatura found no main text")
    cleaned = clean_text(raw_text)
    for rule, line in cleaned.removed:
        log.debug("boilerplate %s removed from %s: %.80r", rule, url, line)
    text = cleaned.text.strip()
    prose = _prose_words(text)
    if prose < MIN_WORDS:
        raise Refused("no-article-text", f"{prose} words of prose after boilerplate removal")
    meta = read_metadata(tree, url)
    language = detect_language(text, meta.html_lang)
    if languages and language not in languages and language != "und":
        raise Refused("other-language", f"language {language}")
    title = _title(meta.title or (entry.title if entry else None), meta.site_name)
    if not title:
        raise Refused("no-title", "no title in metadata, <title> or feed")
    text = _without_title_line(text, title)
    words = count_words(text)
    author = meta.author or cleaned.author or find_author(tree)
    resolved = resolve_date(
        tree, text, url, entry=entry, fetched_at=fetched, outlet_since=outlet_since, tz=tz
    )
    labels = {label.casefold() for label in (*meta.categories, *meta.tags)}
    return Article(
        url=url,
        outlet=outlet,
        title=title,
        text=text,
        published_at=resolved.published_at,
        date_source=resolved.source,
        author=author,
        language=language,
        site_name=meta.site_name,
        image=meta.image,
        categories=meta.categories,
        tags=meta.tags,
        page_views=_page_views(cleaned.page_views, tree, language),
        is_advertorial=cleaned.is_advertorial or bool(labels & {"advertorial", "adv", "iklan"}),
        word_count=words,
        content_hash=content_hash(text),
    )


def _page_views(from_text: int | None, tree: HtmlElement, language: str | None) -> int | None:
    """The counter in the text, else in the page; the page search only on Indonesian pages, whose
    outlets are the ones that print "Dibaca 1.234 kali" / "Total Views" widgets."""
    if from_text is not None or language != "id":
        return from_text
    return page_views_in_tree(tree)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Whitespace-separated words; scripts written without spaces count two characters a word."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _prose_words(text: str) -> int:
    """Words in lines long enough to be sentences: menus and tag lists do not count."""
    counts = (count_words(line) for line in text.splitlines())
    return sum(count for count in counts if count >= PROSE_LINE_WORDS)


def _without_title_line(text: str, title: str) -> str:
    """Drop the headline when the body repeats it as its first line (an <h1> inside the article)."""
    first, _, rest = text.partition("\n")
    if rest and normalized_title(first) == normalized_title(title):
        return rest.lstrip()
    return text


def content_hash(text: str) -> str:
    """Hash of the matching-normalised text: identical stories at two URLs share it."""
    return hashlib.blake2b(normalize_for_matching(text).casefold().encode(), digest_size=16).hexdigest()


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:•]\s+")


def _title(title: str | None, site_name: str | None) -> str | None:
    """Drop a trailing " - Site Name" / " | Site" that CMSs append to <title>."""
    if not title:
        return None
    title = re.sub(r"\s+", " ", title).strip(" |-–—:•")
    if site_name and re.sub(r"\W", "", title).casefold() == re.sub(r"\W", "", site_name).casefold():
        return None  # the <title> held only the site name
    if site_name:
        parts = _TITLE_SEPARATORS.split(title)
        key = re.sub(r"\W", "", site_name).casefold()
        while len(parts) > 1 and key and (
            key in re.sub(r"\W", "", parts[-1]).casefold() or re.sub(r"\W", "", parts[-1]).casefold() in key
        ):
            title = title[: title.rfind(parts[-1])].rstrip(" |-–—:•")
            parts = parts[:-1]
    return title or None
