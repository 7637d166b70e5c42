"""The state of one crawl run and its writes: seen URLs, counters, WARC archive, batched store writes.

Order of writes (crash safety): a page is written to the WARC archive and flushed first; its
``pages`` row is buffered and written with the next batch (every ``BATCH_PAGES`` pages or
``BATCH_SECONDS``, and at the end) after an fsync of the archive, both on a single writer thread,
in one short ``store.write()`` transaction per batch, so the crawl never holds the DuckDB file and never waits
for it. A kill -9 loses at most the rows of the last batch; those pages are simply not in the
seen-URL record and are fetched again next run (``pages.url`` is UNIQUE and inserts are
``ON CONFLICT DO NOTHING``, so no duplicate can appear).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

import pyarrow as pa

from crawlers.urls import host_key, is_private_host
from pipeline.archive import ArchiveError, WarcArchive
from pipeline.config import Config, Source
from pipeline.records import FeedEntry, FetchedPage
from pipeline.sources import SourceRun, record_health, sync_sources
from pipeline.store import Store, StoreError, registered

log = logging.getLogger(__name__)

BATCH_PAGES = 200
BATCH_SECONDS = 2.0

_PAGE_COLUMNS = ("url", "final_url", "source", "status", "fetched_at", "content_type", "etag", "last_modified",
                 "warc_file", "warc_offset", "warc_length", "entry", "run_id")
_PAGE_SCHEMA = pa.schema([
    ("url", pa.string()), ("final_url", pa.string()), ("source", pa.string()), ("status", pa.int32()),
    ("fetched_at", pa.timestamp("us", tz="UTC")), ("content_type", pa.string()), ("etag", pa.string()),
    ("last_modified", pa.string()), ("warc_file", pa.string()), ("warc_offset", pa.int64()),
    ("warc_length", pa.int64()), ("entry", pa.string()), ("run_id", pa.int64()),
])
_DISCARD_COLUMNS = ("discarded_at", "stage", "source", "url", "reason", "detail", "run_id")
_DISCARD_SCHEMA = pa.schema([
    ("discarded_at", pa.timestamp("us", tz="UTC")), ("stage", pa.string()), ("source", pa.string()),
    ("url", pa.string()), ("reason", pa.string()), ("detail", pa.string()), ("run_id", pa.int64()),
])


@dataclass(frozen=True)
class CrawlSummary:
    """What one crawl run did."""

    run_id: int
    requests: int
    pages_saved: int
    new_pages: int
    skipped_seen: int
    failures_by_reason: dict[str, int]
    per_source: dict[str, dict]
    duration_s: float
    status: str = "ok"


@dataclass
class SourcePlan:
    """A source as the spider crawls it: its hosts and what earlier runs discovered."""

    source: Source
    hosts: frozenset[str]
    public: bool
    discovered_feeds: list[str] = field(default_factory=list)
    discovered_sitemaps: list[str] = field(default_factory=list)
    discovered_at: datetime | None = None
    consecutive_failures: int = 0


def plan_source(source: Source) -> SourcePlan:
    """Hosts a source's articles and redirects may use, and whether it is a public site."""
    urls = [source.homepage, *source.feeds, *source.sitemaps, *(l.url for l in source.listings)]
    if source.discovery:
        urls.append(source.discovery.template.replace("{query}", "q"))
    hosts = frozenset(host_key(u) for u in urls if u)
    public = not any(is_private_host(h.rsplit(":", 1)[0] if h.count(":") == 1 else h) for h in hosts)
    return SourcePlan(source=source, hosts=hosts, public=public)


def select_sources(config: Config, names: list[str] | None) -> list[Source]:
    """The named sources (enabled or not), or every enabled source; unknown names are errors."""
    if not names:
        return [s for s in config.sources if s.enabled]
    return [config.source(n) for n in dict.fromkeys(names)]


def _entry_json(entry: FeedEntry | None) -> str | None:
    if entry is None:
        return None
    data = asdict(entry)
    data["published_at"] = entry.published_at.isoformat() if entry.published_at else None
    data["categories"] = list(entry.categories)
    return json.dumps(data, ensure_ascii=False)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class CrawlState:
    """Seen URLs, per-source counters and the batched writer of one crawl run."""

    def __init__(self, config: Config, store: Store, sources: list[Source], refetch: bool) -> None:
        self.config = config
        self.store = store
        self.refetch = refetch
        self.plans = {s.name: plan_source(s) for s in sources}
        self.runs = {s.name: SourceRun() for s in sources}
        self.failures: Counter[str] = Counter()
        self.requests = 0
        self.seen: set[str] = set()  # canonical URLs in the store when the run started
        self.saved: set[str] = set()  # canonical URLs saved in this run
        self.considered: set[str] = set()  # canonical URLs already handled in this run
        self.feed_state: dict[str, tuple] = {}
        self.incomplete: set[str] = set()  # feeds with an article that failed transiently
        self.parents: dict[str, str] = {}  # child sitemap -> the index that listed it
        self.run_id = 0
        self.started = time.monotonic()
        self.archive = WarcArchive(config.archive)
        self._pages: list[list] = []
        self._discards: list[list] = []
        self._feeds: dict[str, list] = {}
        self._last_flush = time.monotonic()
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pantau-store")
        self._pending: list[Future] = []
        self._write_error: BaseException | None = None
        self.fatal: ArchiveError | None = None  # the archive failed: the run stops and fails
        self.finished: CrawlSummary | None = None

    # -- start ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, config: Config, store: Store, names: list[str] | None = None,
             refetch: bool = False) -> "CrawlState":
        """Register the run in the store and load what the crawl needs to know (one transaction)."""
        state = cls(config, store, select_sources(config, names), refetch)
        state.archive.ensure_folder()  # fail before anything is fetched, naming the folder
        now = datetime.now(timezone.utc)
        with store.write() as con:
            sync_sources(con, config)
            for run_id, detail in con.execute(
                "SELECT run_id, detail FROM runs WHERE job = 'crawl' AND status = 'running'"
            ).fetchall():
                pid = (json.loads(detail) if detail else {}).get("pid")
                if not pid or not _pid_alive(int(pid)):
                    con.execute("UPDATE runs SET status = 'interrupted' WHERE run_id = ?", [run_id])
            label = next(iter(state.plans)) if len(state.plans) == 1 else None
            state.run_id = con.execute(
                "INSERT INTO runs (job, source, started_at, status, detail) VALUES ('crawl', ?, ?, 'running', ?)"
                " RETURNING run_id", [label, now, json.dumps({"pid": os.getpid(), "sources": list(state.plans)})],
            ).fetchone()[0]
            state.seen = {row[0] for row in con.execute("SELECT url FROM pages").fetchall()}
            names_list = list(state.plans)
            if names_list:
                for url, etag, modified, items_hash in con.execute(
                    "SELECT url, etag, last_modified, items_hash FROM feed_state WHERE list_contains(?, source)",
                    [names_list],
                ).fetchall():
                    state.feed_state[url] = (etag, modified, items_hash)
                for name, feeds, sitemaps, at, failures in con.execute(
                    "SELECT name, discovered_feeds, discovered_sitemaps, discovered_at, consecutive_failures"
                    " FROM sources WHERE list_contains(?, name)", [names_list],
                ).fetchall():
                    plan = state.plans[name]
                    plan.discovered_feeds, plan.discovered_sitemaps = list(feeds or []), list(sitemaps or [])
                    plan.discovered_at, plan.consecutive_failures = at, failures or 0
        log.info("crawl run %d: %d sources, %d URLs already seen%s", state.run_id, len(state.plans),
                 len(state.seen), " (refetch)" if refetch else "")
        return state

    # -- during the crawl (called from the reactor thread) ---------------------------------------

    def is_seen(self, canonical: str) -> bool:
        """True when the page must not be fetched again (stored before, or in this run)."""
        return canonical in self.saved or (not self.refetch and canonical in self.seen)

    def save_page(self, page: FetchedPage) -> None:
        """Archive a fetched page and queue its ``pages`` row.

        Raises ArchiveError when the archive cannot be written; the run then fails (the caller
        stops the crawl) and later pages are not recorded: they are fetched again next run.
        """
        if self.fatal is not None:
            return
        try:
            file, offset, length = self.archive.write(page)
        except ArchiveError as exc:
            log.info("crawl run %d: %s; stopping the crawl", self.run_id, exc)
            self.fatal = exc
            raise
        run = self.runs[page.source]
        run.pages_saved += 1
        if page.url not in self.seen:
            run.new_pages += 1
        self.saved.add(page.url)
        headers = {k.lower(): v for k, v in page.headers.items()}
        self._pages.append([
            page.url, page.final_url, page.source, page.status, page.fetched_at,
            headers.get("content-type"), headers.get("etag"), headers.get("last-modified"),
            file, offset, length, _entry_json(page.entry), self.run_id,
        ])
        self.flush_due()

    def discard(self, source: str | None, url: str, reason: str, detail: str = "") -> None:
        """Count and record a discarded page, feed or item (logged by the caller)."""
        self.failures[reason] += 1
        if source in self.runs:
            self.runs[source].failures += 1
        self._discards.append([datetime.now(timezone.utc), "crawl", source, url, reason, detail[:500], self.run_id])
        self.flush_due()

    def entry_failed(self, source: str, url: str, reason: str) -> None:
        run = self.runs[source]
        run.entry_failed += 1
        run.last_error = f"{reason}: {url}"

    def entry_ok(self, source: str) -> None:
        self.runs[source].entry_ok += 1

    def feed_incomplete(self, url: str | None) -> None:
        """An article listed by this feed failed transiently: its validators must not be kept."""
        while url and url not in self.incomplete:
            self.incomplete.add(url)
            url = self.parents.get(url)  # a sitemap index must be fetched again to reach its child

    def feed_checked(self, url: str, source: str, status: int, *, etag: str | None = None,
                     last_modified: str | None = None, items_hash: str | None = None,
                     items: int | None = None, new_items: int | None = None) -> None:
        """Queue the conditional-GET state of a feed, sitemap or listing URL."""
        now = datetime.now(timezone.utc)
        changed = status != 304 and items_hash is not None and self.feed_state.get(url, (None,) * 3)[2] != items_hash
        self._feeds[url] = [url, source, etag, last_modified, items_hash, status, now, now if changed else None,
                            items, new_items]
        if status != 304:
            self.feed_state[url] = (etag, last_modified, items_hash)

    def count_response(self, source: str | None, status: int) -> None:
        if source in self.runs:
            counts = self.runs[source].status_counts
            counts[str(status)] = counts.get(str(status), 0) + 1

    def count_request(self, source: str | None) -> None:
        self.requests += 1
        if source in self.runs:
            self.runs[source].requests += 1

    # -- writing ---------------------------------------------------------------------------------

    def flush_due(self) -> None:
        if len(self._pages) >= BATCH_PAGES or time.monotonic() - self._last_flush >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered rows to the writer thread (after making the archive durable)."""
        self._last_flush = time.monotonic()
        if not (self._pages or self._discards):
            return
        try:
            fd = self.archive.sync_handle()
        except ArchiveError as exc:
            self.fatal = self.fatal or exc
            self._pages = []  # not durable: these pages are fetched again next run
            fd = None
        batch = (self._pages, self._discards)
        self._pages, self._discards = [], []
        self._pending = [f for f in self._pending if not f.done()]
        self._pending.append(self._writer.submit(self._write, fd, *batch))

    def _write(self, fd: int | None, pages: list, discards: list) -> None:
        if fd is not None:
            # The archive is made durable before the rows that point into it (crash safety).
            try:
                os.fsync(fd)
            except OSError as exc:
                self.fatal = self.fatal or ArchiveError(
                    f"{self.archive.folder}: cannot write the raw archive: {exc.strerror or exc}")
                pages = []  # not durable: not recorded, fetched again next run
            finally:
                os.close(fd)
        conflict = (
            "DO UPDATE SET final_url = excluded.final_url, source = excluded.source, status = excluded.status,"
            " fetched_at = excluded.fetched_at, content_type = excluded.content_type, etag = excluded.etag,"
            " last_modified = excluded.last_modified, warc_file = excluded.warc_file,"
            " warc_offset = excluded.warc_offset, warc_length = excluded.warc_length, entry = excluded.entry,"
            " run_id = excluded.run_id, extract_status = NULL, extract_reason = NULL, extracted_at = NULL"
            if self.refetch else "DO NOTHING"
        )
        try:
            with self.store.write() as con:
                # One INSERT ... SELECT over an Arrow batch: executemany runs row by row and holds
                # the GIL meanwhile, which starves the crawl's reactor thread.
                if pages:
                    with registered(con, "page_batch", pa.Table.from_pylist(
                            [dict(zip(_PAGE_COLUMNS, row)) for row in pages], schema=_PAGE_SCHEMA)):
                        con.execute(
                            f"INSERT INTO pages ({', '.join(_PAGE_COLUMNS)}) SELECT * FROM page_batch"
                            f" ON CONFLICT (url) {conflict}")
                if discards:
                    with registered(con, "discard_batch", pa.Table.from_pylist(
                            [dict(zip(_DISCARD_COLUMNS, row)) for row in discards], schema=_DISCARD_SCHEMA)):
                        con.execute("INSERT INTO discards SELECT * FROM discard_batch")
        except StoreError as exc:
            log.info("crawl run %d: store write of %d pages failed: %s (they stay in the archive and are"
                     " fetched again next run)", self.run_id, len(pages), exc)
            self._write_error = self._write_error or exc

    @staticmethod
    def _write_feeds(con, feeds: list) -> None:
        """Upsert feed_state rows; a 304 keeps the stored validators, other rows replace them."""
        for row in feeds:
            con.execute(
                "INSERT INTO feed_state (url, source, etag, last_modified, items_hash, last_status,"
                " checked_at, changed_at, items, new_items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET source = excluded.source,"
                " etag = coalesce(excluded.etag, CASE WHEN excluded.last_status = 304 THEN feed_state.etag END),"
                " last_modified = coalesce(excluded.last_modified,"
                "   CASE WHEN excluded.last_status = 304 THEN feed_state.last_modified END),"
                " items_hash = coalesce(excluded.items_hash, feed_state.items_hash),"
                " last_status = excluded.last_status, checked_at = excluded.checked_at,"
                " changed_at = coalesce(excluded.changed_at, feed_state.changed_at),"
                " items = coalesce(excluded.items, feed_state.items),"
                " new_items = coalesce(excluded.new_items, feed_state.new_items)", row)

    # -- end -------------------------------------------------------------------------------------

    def finish(self, status: str = "ok") -> CrawlSummary:
        """Write everything left, the source health and the run summary; returns the summary."""
        if self.finished is not None:
            return self.finished
        self.flush()
        for future in self._pending:
            future.result()
        self._writer.shutdown(wait=True)
        try:
            self.archive.close()
        except ArchiveError as exc:
            self.fatal = self.fatal or exc
        if self.fatal is not None:
            status = "failed"
        now = datetime.now(timezone.utc)
        duration = time.monotonic() - self.started
        per_source = {name: run.as_dict() for name, run in self.runs.items()}
        totals = {k: sum(r[k] for r in per_source.values())
                  for k in ("pages_saved", "new_pages", "skipped_seen")}
        duplicates = self.failures.get("duplicate-canonical", 0)
        detail = {"pid": os.getpid(), "failures": dict(self.failures), "per_source": per_source,
                  "refetch": self.refetch, "duration_s": round(duration, 3)}
        if self._write_error is not None:
            status = "failed"
        feeds = []
        for url, row in self._feeds.items():
            if status != "ok" or url in self.incomplete:
                # Some article it listed failed transiently or was never fetched: no validators, so
                # the next run gets the feed again (a 304 would hide those articles for good).
                row = [*row[:2], None, None, *row[4:]]
            feeds.append(row)
        if self.fatal is not None:
            detail["error"] = str(self.fatal)
        try:
            with self.store.write() as con:
                self._write_feeds(con, feeds)
                for name, run in self.runs.items():
                    record_health(con, self.config, name, run, now)
                con.execute(
                    "UPDATE runs SET finished_at = ?, status = ?, requests = ?, pages = ?, new_articles = ?,"
                    " duplicates = ?, failures = ?, detail = ? WHERE run_id = ?",
                    [now, status, self.requests, totals["pages_saved"], totals["new_pages"], duplicates,
                     sum(self.failures.values()), json.dumps(detail), self.run_id],
                )
        except StoreError:
            if self.fatal is None:
                raise
            # The archive's failure is the cause (often the same full disk); report that one.
        self.finished = CrawlSummary(
            run_id=self.run_id, requests=self.requests, pages_saved=totals["pages_saved"],
            new_pages=totals["new_pages"], skipped_seen=totals["skipped_seen"],
            failures_by_reason=dict(self.failures), per_source=per_source, duration_s=round(duration, 3),
            status=status,
        )
        log.info("crawl run %d %s: %d requests, %d pages saved (%d new), %d already seen, %d failures",
                 self.run_id, status, self.requests, totals["pages_saved"], totals["new_pages"],
                 totals["skipped_seen"], sum(self.failures.values()))
        if self.fatal is not None:
            raise self.fatal
        if self._write_error is not None:
            raise StoreError(str(self._write_error))
        return self.finished

