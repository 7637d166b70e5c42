"""The process stage: archived pages -> clean articles -> tagged mentions, in the store.

Reads each pending page back from the WARC archive (so it runs without the network and can be
re-run over everything), extracts it on all cores, drops same-outlet duplicates, links syndicated
copies across outlets, tags the articles and writes the results in short batches. Running it twice
on the same pages leaves the same rows: article_id is the page_id, decisions are made in page order,
and every write replaces what the previous run wrote for the same page.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

from pipeline import loader
from pipeline.archive import read_record
from pipeline.config import Config
from pipeline.dedup import fingerprint
from pipeline.extraction import extract_article, normalized_title
from pipeline.logs import fields as log_fields
from pipeline.records import Article, ExtractFailure, FeedEntry, TagInput
from pipeline.runs import finish_run, start_run
from pipeline.store import Store
from pipeline.syndication import recluster

log = logging.getLogger(__name__)

Stage = Literal["extract", "tag", "all"]
BATCH = 500  # pages per write transaction: short enough for readers to get in between
TITLE_WINDOW = timedelta(days=7)
POOL_MIN = 200  # below this many pages a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class ProcessSummary:
    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    tagged: int = 0
    duration_s: float = 0.0


@dataclass(frozen=True, slots=True)
class _Task:
    page_id: int
    url: str
    source: str
    warc_file: str
    warc_offset: int
    entry: str | None
    fetched_at: datetime
    since: date | None


def _entry(raw: str | None) -> FeedEntry | None:
    if not raw:
        return None
    data = json.loads(raw)
    names = {f.name for f in fields(FeedEntry)}
    data = {k: v for k, v in data.items() if k in names}
    if isinstance(data.get("published_at"), str):
        data["published_at"] = datetime.fromisoformat(data["published_at"])
    data["categories"] = tuple(data.get("categories") or ())
    return FeedEntry(**data)


def _extract(task: _Task, archive: Path, tz: str) -> tuple[int, Article | ExtractFailure, str, bytes]:
    """Worker: one archived page -> (page_id, article or failure, title key, fingerprint)."""
    try:
        _headers, body, _url, _fetched = read_record(archive, task.warc_file, task.warc_offset)
    except Exception as exc:  # a damaged archive record is a per-page failure, never a crash
        return task.page_id, ExtractFailure(task.url, "archive-unreadable", str(exc)[:200]), "", b""
    result = extract_article(
        body, task.url, task.source, entry=_entry(task.entry), fetched_at=task.fetched_at,
        outlet_since=task.since, timezone=tz,
    )
    if isinstance(result, ExtractFailure):
        return task.page_id, result, "", b""
    return task.page_id, result, normalized_title(result.title), fingerprint(result.text)


def _extract_star(args: tuple[_Task, Path, str]):
    return _extract(*args)


class _Extractor:
    """Runs extraction in-process for small batches, on a process pool for big ones."""

    def __init__(self, archive: Path, tz: str, jobs: int) -> None:
        self.archive, self.tz, self.jobs = archive, tz, jobs
        self.pool: ProcessPoolExecutor | None = None

    def map(self, tasks: Sequence[_Task]) -> Iterator:
        args = [(t, self.archive, self.tz) for t in tasks]
        if self.jobs <= 1 or len(tasks) < POOL_MIN:
            return map(_extract_star, args)
        if self.pool is None:
            # spawn: the parent may have run a Twisted reactor and holds threads; forking it is unsafe.
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"))
        return self.pool.map(_extract_star, args, chunksize=8)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def _pending_pages(store: Store, config: Config, since: date | None, only_pending: bool) -> list[_Task]:
    sources = {s.name: s.since for s in config.sources}
    query = (
        "SELECT page_id, url, source, warc_file, warc_offset, entry, fetched_at FROM pages"
        " WHERE warc_file IS NOT NULL AND status BETWEEN 200 AND 299"
    )
    params: list = []
    if only_pending:
        query += " AND extract_status IS NULL"
    if since:
        query += " AND fetched_at >= ?"
        params.append(datetime.combine(since, datetime.min.time(), config.tz))
    with store.read() as con:
        rows = con.execute(query + " ORDER BY page_id", params).fetchall()
    return [_Task(*row, since=sources.get(row[2])) for row in rows]


def _duplicate_of(con, article: Article, page_id: int, title_key: str, batch: dict) -> int | None:
    """The earlier article this one repeats in the same outlet (same text, or same title in 7 days)."""
    for other_id, (outlet, content_hash, key, published) in batch.items():
        if outlet != article.outlet or other_id >= page_id:
            continue
        if content_hash == article.content_hash or (
            key == title_key and abs(published - article.published_at) <= TITLE_WINDOW
        ):
            return other_id
    row = con.execute(
        "SELECT min(article_id) FROM articles WHERE outlet = ? AND article_id < ?"
        " AND NOT list_contains(?, article_id)"
        " AND (content_hash = ? OR (title_key = ? AND published_at BETWEEN ? AND ?))",
        [article.outlet, page_id, list(batch), article.content_hash, title_key,
         article.published_at - TITLE_WINDOW, article.published_at + TITLE_WINDOW],
    ).fetchone()
    return row[0] if row else None


def _extract_batch(store: Store, config: Config, tasks: Sequence[_Task], extractor: _Extractor,
                   run_id: int, counts: Counter, failures: Counter) -> list[int]:
    """Extract, dedup and save one batch; returns the ids of the articles saved."""
    results = list(extractor.map(tasks))
    now = datetime.now(timezone.utc)
    by_id = {t.page_id: t for t in tasks}
    with store.write() as con:
        kept: dict[int, tuple] = {}
        articles, marks, gone, discards = [], [], [], []
        for page_id, result, title_key, fp in results:
            task = by_id[page_id]
            if isinstance(result, ExtractFailure):
                failures[result.reason] += 1
                marks.append((page_id, "failed", result.reason, None))
                gone.append(page_id)
                discards.append((task.source, task.url, result.reason, result.detail))
                log.info("extract: discard %s: %s %s", task.url, result.reason, result.detail,
                         extra=log_fields("extract", task.source, task.url, result.reason))
                continue
            dup = _duplicate_of(con, result, page_id, title_key, kept)
            if dup is not None:
                counts["duplicates"] += 1
                marks.append((page_id, "duplicate", "same-outlet-duplicate", dup))
                gone.append(page_id)
                discards.append((task.source, task.url, "same-outlet-duplicate", f"of article {dup}"))
                log.info("dedup: %s repeats article %s", task.url, dup,
                         extra=log_fields("dedup", task.source, task.url, "same-outlet-duplicate"))
                continue
            kept[page_id] = (result.outlet, result.content_hash, title_key, result.published_at)
            articles.append((page_id, result, title_key, fp))
            marks.append((page_id, "article", None, None))
        # Days whose coverage summaries and search rows change when re-extraction drops articles.
        dropped_days = con.execute(
            "SELECT DISTINCT published_date FROM articles WHERE list_contains(?, article_id)", [gone]
        ).fetchall() if gone else []
        loader.delete_articles(con, gone)
        loader.save_articles(con, articles, config.tz, now)
        loader.mark_pages(con, marks, now)
        loader.record_discards(con, "extract", discards, run_id, replace=[t.url for t in tasks])
        if dropped_days:
            _forget_in_search(con, gone, [d for (d,) in dropped_days])
        days = [a.published_at.astimezone(config.tz).date() for _, a, _, _ in articles]
        if days:
            recluster(con, min(days), max(days))
        _index_for_search(con, [article_id for article_id, _, _, _ in articles])
    counts["articles"] += len(articles)
    return [row[0] for row in articles]


def _tag(store: Store, config: Config, catalog, tagger, ids: Sequence[int] | None,
         since: date | None, jobs: int) -> int:
    """Tag the given articles (or all, from ``since``) and write mentions in batches."""
    government = {s.name for s in config.sources if s.kind == "government"}
    query = "SELECT article_id, title, text, published_date, outlet FROM articles"
    params: list = []
    if ids is not None:
        # Incremental: the articles just written, plus any left untagged by an interrupted run or
        # tagged with an older catalog.
        query += " WHERE list_contains(?, article_id) OR catalog_version IS DISTINCT FROM ?"
        params += [list(ids), catalog.fingerprint]
    elif since:
        query += " WHERE published_date >= ?"
        params.append(since)
    with store.read() as con:
        rows = con.execute(query + " ORDER BY article_id", params).fetchall()
    if not rows:
        return 0
    if tagger is None:
        from nlp.tagger import Tagger  # building the spaCy pipeline takes seconds: only when needed

        tagger = Tagger(catalog)
    with store.write() as con:
        loader.save_entities(con, catalog.entities)
    inputs = (TagInput(title, text, day, outlet in government) for _, title, text, day, outlet in rows)
    n_process = jobs if len(rows) >= 2000 else 1
    now = datetime.now(timezone.utc)
    tagged, batch = 0, []
    with store.batches():
        for (article_id, *_), tagging in zip(rows, tagger.tag_many(inputs, n_process=n_process)):
            batch.append((article_id, tagging))
            if len(batch) >= BATCH:
                tagged += _save_tags(store, batch, tagger, now)
                batch = []
        return tagged + _save_tags(store, batch, tagger, now)


def _save_tags(store: Store, batch, tagger, now: datetime) -> int:
    if not batch:
        return 0
    with store.write() as con:
        n = loader.save_taggings(con, batch, tagger.catalog.fingerprint, now)
        _index_for_search(con, [article_id for article_id, _ in batch], text_changed=False)
    return n


def _index_for_search(con, ids: list[int], text_changed: bool = True) -> None:
    from pipeline.reports.search import index_articles

    index_articles(con, ids, text_changed=text_changed)


def _forget_in_search(con, gone: list[int], days: list[date]) -> None:
    """Drop deleted articles from search and recompute the coverage summaries of their days."""
    for table in ("search_terms", "search_docs"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, article_id)", [gone])
    # Re-indexing the day's remaining articles refreshes that day's summary rows.
    remaining = [i for (i,) in con.execute(
        "SELECT article_id FROM articles WHERE list_contains(?, published_date)", [days]).fetchall()]
    _index_for_search(con, remaining)


def process(
    config: Config,
    store: Store,
    *,
    since: date | None = None,
    stage: Stage = "all",
    jobs: int | None = None,
    only_pending: bool = False,
    tagger=None,
) -> ProcessSummary:
    """Extract and/or tag archived pages into the store; see the module docstring."""
    started = time.monotonic()
    jobs = jobs or os.cpu_count() or 1
    counts: Counter = Counter()
    failures: Counter = Counter()
    run_id = start_run(store, "process")
    status = "failed"
    try:
        saved: list[int] | None = None
        pages = 0
        if stage in ("extract", "all"):
            tasks = _pending_pages(store, config, since, only_pending)
            pages = len(tasks)
            extractor = _Extractor(config.archive, config.timezone, jobs)
            saved = []
            try:
                for i in range(0, len(tasks), BATCH):
                    saved += _extract_batch(store, config, tasks[i:i + BATCH], extractor, run_id,
                                            counts, failures)
                    log.info("process: %d/%d pages extracted", min(i + BATCH, len(tasks)), len(tasks))
            finally:
                extractor.close()
        tagged = 0
        if stage in ("tag", "all"):
            from nlp.catalog import Catalog

            catalog = tagger.catalog if tagger is not None else Catalog.load(config.catalog)
            # After extraction only the articles just (re)written need tags; --stage tag re-tags all.
            tagged = _tag(store, config, catalog, tagger, saved if stage == "all" else None, since,
                          jobs)
        status = "ok"
        return ProcessSummary(pages, counts["articles"], counts["duplicates"], dict(failures), tagged,
                              round(time.monotonic() - started, 2))
    finally:
        finish_run(store, run_id, status, {"failures": dict(failures)}, pages=counts["articles"]
                   + counts["duplicates"] + sum(failures.values()), new_articles=counts["articles"],
                   duplicates=counts["duplicates"], failures=sum(failures.values()))
