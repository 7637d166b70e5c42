"""Page metadata besides the date: title, author, site name, main image, categories, tags, language.

Built from trafilatura's metadata functions, called one by one so the slow ones (author search
over the whole tree, category links) only run when the cheap ones (meta tags, JSON-LD) found
nothing; ``extract_metadata`` would run them all, plus an extensive date search, on every page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml.html import HtmlElement
from trafilatura import metadata as tm

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+")
_INDONESIAN = frozenset(
    "yang dan di dengan untuk dari ini itu pada dalam tidak akan ke juga oleh karena bahwa ada "
    "adalah sudah telah kami kita mereka saat agar bisa dapat tersebut para serta atau".split()
)
_ENGLISH = frozenset(
    "the and of to in is that for it with as was on be by at this are from have has not an "
    "they which but were their been would will".split()
)


# WordPress and most Indonesian CMSs mark category links with rel="category tag".
_CATEGORY_LINKS = ".//a[@rel='category tag' or @rel='category']"


@dataclass(slots=True)
class PageMetadata:
    """What the page says about itself."""

    title: str | None = None
    author: str | None = None
    site_name: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    html_lang: str | None = None


def read_metadata(tree: HtmlElement, url: str) -> PageMetadata:
    """Meta tags and JSON-LD first; the costly tree searches only for what is still missing."""
    try:
        doc = tm.examine_meta(tree)
        if doc.author and " " not in doc.author:
            doc.author = None  # a single token is usually a CMS user name, not a byline
        doc = tm.extract_meta_json(tree, doc)
    except Exception as exc:  # trafilatura's JSON-LD parser raises on some malformed scripts
        log.debug("metadata parse error on %s: %s", url, exc)
        doc = tm.Document()
    title = doc.title or tm.extract_title(tree)
    site_name = doc.sitename or tm.extract_sitename(tree)
    categories = list(doc.categories or []) or [
        " ".join(link.text_content().split()) for link in tree.xpath(_CATEGORY_LINKS)
    ]
    tags = list(doc.tags or [])
    lang = tree.get("lang") or tree.findtext(".//meta[@http-equiv='content-language']") or None
    return PageMetadata(
        title=_clean(title),
        author=_authors(doc.author),
        site_name=_clean(site_name.lstrip("@")) if site_name else None,
        image=doc.image or None,
        categories=tuple(dict.fromkeys(c.strip() for c in categories if c and c.strip())),
        tags=tuple(dict.fromkeys(t.strip() for t in ",".join(tags).split(",") if t.strip())),
        html_lang=lang.split("-")[0].lower() if lang else None,
    )


_BYLINE = (
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'author')"
    " or contains(@class, 'byline') or contains(@class, 'penulis')]"
)
_BYLINE_PREFIX = re.compile(r"^(?:by|oleh|penulis|reporter|pewarta|wartawan)\s*:?\s*", re.IGNORECASE)


def find_author(tree: HtmlElement) -> str | None:
    """First byline-like element (rel/itemprop/class author, byline, penulis); '' when none.

    One XPath instead of trafilatura's ``extract_author``, which costs more than the whole text
    extraction on some pages.
    """
    for element in tree.xpath(_BYLINE):
        text = _BYLINE_PREFIX.sub("", " ".join(element.text_content().split()))
        if 3 <= len(text) <= 60 and not any(ch.isdigit() for ch in text):
            return text
    return None


def detect_language(text: str, html_lang: str | None) -> str | None:
    """'id' or 'en' from function words; otherwise the page's declared language.

    The text decides before the ``lang`` attribute because many Indonesian WordPress sites keep
    the theme's ``lang="en-US"``.
    """
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return html_lang
    indonesian = sum(1 for w in words if w in _INDONESIAN)
    english = sum(1 for w in words if w in _ENGLISH)
    if max(indonesian, english) >= max(3, len(words) // 25):
        return "id" if indonesian >= english else "en"
    latin = sum(1 for w in words if w.isascii())
    if html_lang and html_lang not in ("id", "en", "in"):
        return html_lang
    return "und" if latin < len(words) // 2 else html_lang or "und"


# CMS account names that metadata gives as the author ("Mediaindonesia Com Developer", "admin").
_NOT_A_PERSON = re.compile(r"\b(?:admin|administrator|developer|webmaster|wp ?admin|com)\b", re.IGNORECASE)


def _authors(value: str | None) -> str | None:
    """Byline names without CMS account names; several authors stay '; '-separated."""
    names = [name.strip() for name in (value or "").split(";")]
    kept = [name for name in names if name and not _NOT_A_PERSON.search(name)]
    return _clean("; ".join(dict.fromkeys(kept)))


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None
