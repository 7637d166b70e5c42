"""Sources in the store: config mirror, crawl health and the adaptive poll interval.

``sync_sources`` copies config.yaml's sources into the ``sources`` table (health columns are kept).
After each crawl ``record_health`` updates, per source: last run and last success, consecutive
failures (a run where every entry point - feed, sitemap, listing, discovery or homepage - failed),
the last error, cumulative HTTP status counts, and the next poll time.

Poll interval (Media Cloud style): a run where most listed items were new halves the interval, a
run with nothing new grows it by half, anything between keeps it; always within
``crawl.poll_min_minutes``..``crawl.poll_max_minutes``, starting at ``poll_default_minutes``. A source
with a fixed ``poll_minutes`` keeps it. A failed run keeps the interval (the failure is reported
by the FAILING flag, not by polling less).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

from pipeline.config import Config, Source


@dataclass
class SourceRun:
    """What one crawl run saw of one source (filled by the crawler)."""

    entry_ok: int = 0
    entry_failed: int = 0
    items: int = 0  # items listed by feeds/sitemaps/listings
    new_items: int = 0  # of which not yet in the seen-URL record
    requests: int = 0
    pages_saved: int = 0
    new_pages: int = 0
    skipped_seen: int = 0
    failures: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    last_error: str | None = None
    discovered_feeds: list[str] | None = None
    discovered_sitemaps: list[str] | None = None

    def as_dict(self) -> dict:
        return {
            "requests": self.requests, "pages_saved": self.pages_saved, "new_pages": self.new_pages,
            "skipped_seen": self.skipped_seen, "failures": self.failures, "items": self.items,
            "new_items": self.new_items, "entry_ok": self.entry_ok, "entry_failed": self.entry_failed,
            "status_counts": dict(self.status_counts),
        }


def sync_sources(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Insert or update every configured source's config columns; health columns stay."""
    for s in config.sources:
        p = s.partner
        values = [s.name, s.homepage, s.kind, s.tier, s.monthly_visitors, s.value_per_story, s.enabled,
                  p.start if p else None, p.end if p else None, p.stories_per_month if p else None,
                  p.medium if p else None]
        con.execute(
            "INSERT INTO sources (name, homepage, kind, tier, monthly_visitors, value_per_story, enabled,"
            " partner_start, partner_end, partner_quota, partner_medium)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET homepage = excluded.homepage, kind = excluded.kind,"
            " tier = excluded.tier, monthly_visitors = excluded.monthly_visitors,"
            " value_per_story = excluded.value_per_story, enabled = excluded.enabled,"
            " partner_start = excluded.partner_start, partner_end = excluded.partner_end,"
            " partner_quota = excluded.partner_quota, partner_medium = excluded.partner_medium",
            values,
        )


def next_poll_minutes(config: Config, source: Source, current: int | None, run: SourceRun) -> int:
    """The adaptive poll interval after a run (see the module docstring)."""
    c = config.crawl
    if source.poll_minutes:
        return source.poll_minutes
    interval = current or c.poll_default_minutes
    if run.entry_ok == 0:
        pass  # failed run: keep the interval
    elif run.items and run.new_items * 2 > run.items:
        interval = interval // 2
    elif run.new_items == 0:
        interval = int(interval * 1.5)
    return max(c.poll_min_minutes, min(c.poll_max_minutes, interval))


def record_health(con: duckdb.DuckDBPyConnection, config: Config, name: str, run: SourceRun,
                  now: datetime) -> None:
    """Update one source's health columns after a crawl run."""
    row = con.execute(
        "SELECT poll_minutes, consecutive_failures, status_counts FROM sources WHERE name = ?", [name]
    ).fetchone()
    if row is None:
        return
    current, failures, counts = row
    counts = json.loads(counts) if counts else {}
    for status, n in run.status_counts.items():
        counts[status] = counts.get(status, 0) + n
    failed = run.entry_ok == 0 and run.entry_failed > 0
    interval = next_poll_minutes(config, config.source(name), current, run)
    con.execute(
        "UPDATE sources SET last_run_at = ?, last_success_at = CASE WHEN ? THEN last_success_at ELSE ? END,"
        " consecutive_failures = ?, last_error = coalesce(?, last_error), status_counts = ?,"
        " poll_minutes = ?, next_poll_at = ? WHERE name = ?",
        [now, failed, now, (failures + 1) if failed else 0, run.last_error, json.dumps(counts, sort_keys=True),
         interval, now + timedelta(minutes=interval), name],
    )
    if run.discovered_feeds is not None or run.discovered_sitemaps is not None:
        con.execute(
            "UPDATE sources SET discovered_feeds = ?, discovered_sitemaps = ?, discovered_at = ? WHERE name = ?",
            [run.discovered_feeds or [], run.discovered_sitemaps or [], now, name],
        )


def due_sources(config: Config, con: duckdb.DuckDBPyConnection, now: datetime) -> list[str]:
    """Enabled sources whose next poll time has come (or that were never polled)."""
    due = dict(con.execute("SELECT name, next_poll_at FROM sources").fetchall())
    return [s.name for s in config.sources
            if s.enabled and (due.get(s.name) is None or due[s.name] <= now)]


def health_rows(config: Config, con: duckdb.DuckDBPyConnection, runs: int = 10) -> list[dict]:
    """One dict per configured source: health, poll interval, discovery and recent yield."""
    rows = {r[0]: r for r in con.execute(
        "SELECT name, last_run_at, last_success_at, consecutive_failures, last_error, status_counts,"
        " poll_minutes, next_poll_at, discovered_feeds, discovered_sitemaps FROM sources"
    ).fetchall()}
    recent = con.execute(
        "SELECT detail FROM runs WHERE job = 'crawl' AND detail IS NOT NULL ORDER BY run_id DESC LIMIT ?",
        [runs * 4],
    ).fetchall()
    per_source: dict[str, list[int]] = {}
    for (detail,) in recent:
        for name, stats in (json.loads(detail).get("per_source") or {}).items():
            if len(per_source.setdefault(name, [])) < runs:
                per_source[name].append(int(stats.get("new_pages", 0)))
    out = []
    for s in config.sources:
        r = rows.get(s.name)
        failures = r[3] if r else 0
        yields = per_source.get(s.name, [])
        out.append({
            "name": s.name,
            "enabled": s.enabled,
            "last_success": r[2] if r else None,
            "last_run": r[1] if r else None,
            "consecutive_failures": failures,
            "failing": failures >= config.crawl.failure_alert_after,
            "last_error": r[4] if r else None,
            "status_counts": json.loads(r[5]) if r and r[5] else {},
            "articles_per_run": round(sum(yields) / len(yields), 1) if yields else None,
            "poll_minutes": (r[6] if r and r[6] else None) or s.poll_minutes or config.crawl.poll_default_minutes,
            "next_poll": r[7] if r else None,
            "discovered_feeds": list(r[8] or []) if r else [],
            "discovered_sitemaps": list(r[9] or []) if r else [],
        })
    return out


def empty_health_rows(config: Config) -> list[dict]:
    """Health rows for a store that does not exist yet (nothing crawled)."""
    return [{
        "name": s.name, "enabled": s.enabled, "last_success": None, "last_run": None,
        "consecutive_failures": 0, "failing": False, "last_error": None, "status_counts": {},
        "articles_per_run": None, "poll_minutes": s.poll_minutes or config.crawl.poll_default_minutes,
        "next_poll": None, "discovered_feeds": [], "discovered_sitemaps": [],
    } for s in config.sources]
