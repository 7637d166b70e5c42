"""Extract from saved pages on disk (``.html`` / ``.html.gz``), without the store.

The library side of ``pantau extract``: read a file, extract it, and turn the result into the JSON
object the command prints. Parallel runs use a process pool; results keep the order of the files.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pipeline.extraction.extractor import extract_article
from pipeline.records import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SavedPageJob:
    """What is needed to extract one saved page (picklable, for the process pool)."""

    path: str
    url: str | None
    outlet: str | None
    fetched_at: datetime | None
    timezone: str = "Asia/Makassar"


def read_page(path: Path) -> bytes:
    """The page's bytes; ``.gz`` files are decompressed. Raises ``OSError`` when unreadable."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise OSError(f"not a readable gzip file: {exc}") from exc
    return data


def extract_saved(job: SavedPageJob) -> dict[str, Any]:
    """One saved page -> the JSON object ``pantau extract`` prints (``error`` set on failure)."""
    path = Path(job.path)
    url = job.url or path.resolve().as_uri()
    try:
        page = read_page(path)
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return {"file": job.path, "url": url, "error": "unreadable", "detail": str(exc)}
    outlet = job.outlet or urlsplit(url).hostname or "unknown"
    result = extract_article(page, url, outlet, fetched_at=job.fetched_at, timezone=job.timezone)
    if not isinstance(result, Article):
        return {"file": job.path, "url": url, "error": result.reason, "detail": result.detail}
    return article_json(result, job.path, ZoneInfo(job.timezone))


def article_json(article: Article, file: str, tz: ZoneInfo) -> dict[str, Any]:
    """An article as a JSON-ready dict; ``published_at`` in the local zone with its offset."""
    local = article.published_at.astimezone(tz)
    return {
        "file": file,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published_at": local.isoformat(),
        "local_date": local.date().isoformat(),
        "date_source": article.date_source,
        "author": article.author,
        "language": article.language,
        "site_name": article.site_name,
        "image": article.image,
        "categories": list(article.categories),
        "tags": list(article.tags),
        "page_views": article.page_views,
        "is_advertorial": article.is_advertorial,
        "word_count": article.word_count,
        "content_hash": article.content_hash,
        "text": article.text,
    }


def extract_many(jobs: Sequence[SavedPageJob], workers: int = 1) -> Iterator[dict[str, Any]]:
    """Extract saved pages in the given order, over ``workers`` processes when more than one."""
    if workers <= 1 or len(jobs) < 2:
        yield from map(extract_saved, jobs)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(extract_saved, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 4))))
