"""What ``pantau status`` shows, and the daily health check the daemon runs (housekeeping).

- last runs: the newest ``runs`` rows (every job writes one: crawl, process, clip, report ...);
- failures by reason: ``discards`` of the last days per stage and reason, and failed job runs;
- source health: per configured source, last success, consecutive failures, poll interval, last
  article, and two flags: FAILING (``crawl.failure_alert_after`` failures in a row) and SILENT;
- store size: database + write-ahead log, job store, raw archive, free space on the store's disk
  (housekeeping warns below 1 GB or 5 % free).

SILENT: a source whose newest article is older than its usual interval. The usual interval is the
90th percentile of the gaps between its consecutive articles over the last 90 days (so one long
weekend does not set it), at least one day (nights and Sundays are normal), and it needs five
articles in that window to be known; a source with fewer is never flagged on this rule.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.config import Config
from pipeline.logs import fields
from pipeline.store import Store

log = logging.getLogger(__name__)

MIN_USUAL = timedelta(days=1)
WINDOW_DAYS = 90
MIN_ARTICLES = 5
STALE_RUN = timedelta(hours=24)
LOW_DISK_BYTES = 1_000_000_000  # housekeeping warns below 1 GB free or below 5 %
LOW_DISK_SHARE = 0.05


@dataclass
class SourceHealth:
    name: str
    enabled: bool
    poll_minutes: int | None = None
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    last_error: str | None = None
    articles: int = 0
    last_article_at: datetime | None = None
    usual_hours: float | None = None
    failing: bool = False
    silent: bool = False

    @property
    def flags(self) -> str:
        return " ".join(flag for flag, on in (("FAILING", self.failing), ("SILENT", self.silent)) if on)


@dataclass
class Status:
    runs: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    sources: list[SourceHealth] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"runs": self.runs, "failures": self.failures, "sizes": self.sizes,
                "sources": [{**asdict(s), "flags": s.flags} for s in self.sources]}


def _folder_bytes(folder: Path) -> tuple[int, int]:
    total = files = 0
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file():
                files += 1
                total += path.stat().st_size
    return files, total


def sizes(config: Config, store: Store) -> dict[str, int]:
    """Bytes on disk: store (file + WAL), job store, archive (and its file count)."""
    jobs = config.database.with_name(config.database.name + ".jobs.sqlite")
    files, archive = _folder_bytes(config.archive)
    folder = config.database.parent if config.database.parent.exists() else Path("/")
    disk = shutil.disk_usage(folder)
    return {"store_bytes": store.size_bytes(), "jobstore_bytes": jobs.stat().st_size if jobs.exists() else 0,
            "archive_bytes": archive, "archive_files": files, "disk_free_bytes": disk.free,
            "disk_total_bytes": disk.total}


def last_runs(con, limit: int = 15) -> list[dict]:
    cur = con.execute(
        "SELECT run_id, job, source, started_at, finished_at, status, requests, pages, new_articles,"
        " duplicates, failures, round(epoch(finished_at - started_at), 1) AS duration_s, detail"
        " FROM runs ORDER BY run_id DESC LIMIT ?", [limit])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def failures_by_reason(con, since: datetime) -> list[dict]:
    """Discards per stage and reason, and failed/interrupted runs per job, since a time."""
    rows = con.execute(
        "SELECT stage, reason, count(*) AS n FROM discards WHERE discarded_at >= ?"
        " GROUP BY ALL UNION ALL"
        " SELECT 'run:' || job, status, count(*) FROM runs"
        " WHERE started_at >= ? AND status IN ('failed', 'interrupted') GROUP BY ALL"
        " ORDER BY n DESC, stage, reason", [since, since]).fetchall()
    return [{"stage": stage, "reason": reason, "count": n} for stage, reason, n in rows]


def source_health(config: Config, con, now: datetime) -> list[SourceHealth]:
    """Health of every configured source (see the module docstring for the flags)."""
    crawl_state = {row[0]: row[1:] for row in con.execute(
        "SELECT name, poll_minutes, last_success_at, consecutive_failures, last_error FROM sources"
    ).fetchall()}
    articles = {row[0]: row[1:] for row in con.execute(
        "WITH a AS (SELECT p.source, a.published_at FROM articles a JOIN pages p ON p.page_id = a.article_id"
        "           WHERE NOT a.date_missing),"
        " g AS (SELECT source, published_at, published_at >= ? AS recent,"
        "       epoch(published_at - lag(published_at) OVER (PARTITION BY source ORDER BY published_at)) AS gap"
        "       FROM a)"
        " SELECT source, count(*), max(published_at), count(*) FILTER (recent),"
        "        quantile_cont(gap, 0.9) FILTER (recent AND gap IS NOT NULL)"
        " FROM g GROUP BY source", [now - timedelta(days=WINDOW_DAYS)]).fetchall()}
    out = []
    for source in config.sources:
        poll, success, failures, error = crawl_state.get(source.name, (None, None, 0, None))
        count, last_article, recent, p90 = articles.get(source.name, (0, None, 0, None))
        health = SourceHealth(source.name, source.enabled, poll or source.poll_minutes, success,
                              failures or 0, error, count, last_article)
        health.failing = source.enabled and health.consecutive_failures >= config.crawl.failure_alert_after
        if recent >= MIN_ARTICLES and p90 is not None:
            usual = max(timedelta(seconds=p90), MIN_USUAL)
            health.usual_hours = round(usual.total_seconds() / 3600, 1)
            health.silent = source.enabled and now - last_article > usual
        out.append(health)
    return out


def collect(config: Config, store: Store, *, now: datetime | None = None, days: int = 7) -> Status:
    """Everything ``pantau status`` shows, from one short read of the store."""
    now = now or datetime.now(timezone.utc)
    status = Status(sizes=sizes(config, store))
    with store.read() as con:
        status.runs = last_runs(con)
        status.failures = failures_by_reason(con, now - timedelta(days=days))
        status.sources = source_health(config, con, now)
    return status


def _check_archive(config: Config, expected: bool, newest: int = 3) -> int:
    """Read the newest archive files to the end (a cut last record is logged by the reader)."""
    from pipeline.archive import iter_file

    if not config.archive.is_dir():
        if expected:  # pages are recorded, so their archive must be there
            log.warning("archive folder missing", extra=fields("housekeeping", url=str(config.archive),
                                                               reason="archive-missing"))
        return 0
    records = 0
    for path in sorted(config.archive.rglob("*.warc.gz"), key=lambda p: p.stat().st_mtime)[-newest:]:
        try:
            records += sum(1 for _ in iter_file(path))
        except OSError as exc:  # an unreadable file must not stop housekeeping
            log.warning("archive file unreadable: %s", exc,
                        extra=fields("housekeeping", url=str(path), reason="archive-unreadable"))
    return records


def _checkpoint(store: Store) -> None:
    """Fold the write-ahead log into the database file (outside any transaction, as DuckDB needs)."""
    con = store._connect(read_only=False, wait=store.write_wait)
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def housekeeping(config: Config, store: Store, *, now: datetime | None = None) -> dict:
    """Daily maintenance: close stale runs, checkpoint the store, check the archive, alert."""
    now = now or datetime.now(timezone.utc)
    with store.write() as con:
        # A run still "running" a day later died with its process (kill -9, power cut).
        stale = con.execute(
            "UPDATE runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'"
            " AND started_at < ? RETURNING run_id", [now, now - STALE_RUN]).fetchall()
        pages = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    _checkpoint(store)
    status = collect(config, store, now=now)
    for health in status.sources:
        if health.failing:
            log.warning("source failing: %d failed crawls in a row, last error: %s",
                        health.consecutive_failures, health.last_error,
                        extra=fields("health", health.name, reason="failing"))
        if health.silent:
            log.warning("source silent: no new article since %s (usual interval %.1f h)",
                        health.last_article_at, health.usual_hours,
                        extra=fields("health", health.name, reason="silent"))
    free, total = status.sizes["disk_free_bytes"], status.sizes["disk_total_bytes"]
    if free < LOW_DISK_BYTES or free < total * LOW_DISK_SHARE:
        # Months of archive and backups fill a disk slowly; say so before a crawl fails on it.
        log.warning("disk nearly full: %.1f GB free of %.1f GB", free / 1e9, total / 1e9,
                    extra=fields("health", url=str(config.database.parent), reason="low-disk"))
    detail = {
        "stale_runs": len(stale),
        "archive_records_checked": _check_archive(config, expected=pages > 0),
        "failing": [h.name for h in status.sources if h.failing],
        "silent": [h.name for h in status.sources if h.silent],
        **status.sizes,
    }
    log.info("housekeeping done: %s", detail, extra=fields("housekeeping"))
    return detail
