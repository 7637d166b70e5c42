"""``pantau status``: last runs, failures by reason, FAILING and SILENT sources, sizes; housekeeping."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

from pipeline.status import collect, housekeeping
from pipeline.store import Store

from .support import pantau, write_config

NOW = datetime(2026, 11, 28, 4, 0, tzinfo=timezone.utc)


def _article(con, article_id: int, source: str, published: datetime) -> None:
    url = f"http://127.0.0.1:9/{source}/{article_id}"
    con.execute("INSERT INTO pages (page_id, url, source, status, fetched_at) VALUES (?, ?, ?, 200, ?)",
                [article_id, url, source, published])
    con.execute(
        "INSERT INTO articles (article_id, url, outlet, title, text, published_at, published_local,"
        " published_date, date_source, date_missing, word_count, content_hash, title_key, extracted_at)"
        " VALUES (?, ?, ?, 't', 'x', ?, ?, ?, 'metadata', false, 1, 'h', 'k', ?)",
        [article_id, url, source, published, published.replace(tzinfo=None), published.date(), published])


def _store(tmp_path):
    config = write_config(tmp_path, crawl={"failure_alert_after": 3}, sources=[
        {"name": "daily", "feeds": ["http://127.0.0.1:9/a"]},        # every 6 h, quiet for 3 days
        {"name": "weekly", "feeds": ["http://127.0.0.1:9/b"]},       # every 7 days, quiet for 3 days
        {"name": "broken", "feeds": ["http://127.0.0.1:9/c"]},       # 4 failed crawls in a row
        {"name": "new", "feeds": ["http://127.0.0.1:9/d"]},          # 2 articles: usual unknown
        {"name": "off", "feeds": ["http://127.0.0.1:9/e"], "enabled": False}])
    store = Store.from_config(config)
    with store.write() as con:
        ids = iter(range(1, 1000))
        for k in range(40):
            _article(con, next(ids), "daily", NOW - timedelta(days=3, hours=6 * k))
        for k in range(8):
            _article(con, next(ids), "weekly", NOW - timedelta(days=3 + 7 * k))
        for k in range(2):
            _article(con, next(ids), "new", NOW - timedelta(days=20 + k))
        con.execute("INSERT INTO sources (name, kind, tier, poll_minutes, consecutive_failures, last_error)"
                    " VALUES ('broken', 'online', 3, 60, 4, 'http-500'), ('daily', 'online', 3, 30, 0, NULL)")
        con.execute("INSERT INTO runs (job, source, started_at, finished_at, status, pages, new_articles,"
                    " failures, detail) VALUES ('crawl', 'daily', ?, ?, 'ok', 12, 10, 2, '{}'),"
                    " ('crawl', 'broken', ?, ?, 'failed', 0, 0, 1, '{}'),"
                    " ('crawl', 'daily', ?, NULL, 'running', 0, 0, 0, NULL)",
                    [NOW - timedelta(hours=2), NOW - timedelta(hours=2) + timedelta(seconds=42),
                     NOW - timedelta(hours=1), NOW - timedelta(hours=1),
                     NOW - timedelta(days=2)])
        con.execute("INSERT INTO discards VALUES (?, 'crawl', 'daily', 'http://x/1', 'http-404', NULL, 1),"
                    " (?, 'crawl', 'daily', 'http://x/2', 'http-404', NULL, 1),"
                    " (?, 'extract', 'daily', 'http://x/3', 'no-text', NULL, 1),"
                    " (?, 'crawl', 'daily', 'http://x/4', 'http-404', NULL, 1)",
                    [NOW - timedelta(days=1)] * 3 + [NOW - timedelta(days=30)])
    return config, store


def test_flags_failures_and_runs(tmp_path):
    config, store = _store(tmp_path)
    status = collect(config, store, now=NOW)
    health = {h.name: h for h in status.sources}
    assert {name: h.flags for name, h in health.items()} == {
        "daily": "SILENT", "weekly": "", "broken": "FAILING", "new": "", "off": ""}
    assert health["daily"].usual_hours == 24.0  # 6 h gaps, but never less than a day
    assert health["weekly"].usual_hours == 168.0
    assert health["new"].usual_hours is None and health["new"].articles == 2
    assert (health["broken"].consecutive_failures, health["broken"].last_error) == (4, "http-500")
    assert status.failures == [{"stage": "crawl", "reason": "http-404", "count": 2},
                               {"stage": "extract", "reason": "no-text", "count": 1},
                               {"stage": "run:crawl", "reason": "failed", "count": 1}]
    assert [(r["job"], r["source"], r["status"]) for r in status.runs] == [
        ("crawl", "daily", "running"), ("crawl", "broken", "failed"), ("crawl", "daily", "ok")]
    assert status.runs[2]["duration_s"] == 42.0
    assert status.sizes["store_bytes"] == store.size_bytes() > 0


def test_status_command_table_and_json(tmp_path):
    config, _ = _store(tmp_path)
    table = pantau("status", "--config", str(config.path))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith(f"Store {config.database}: ")
    daily = next(line for line in lines if line.startswith("daily "))
    assert daily.split()[-1] == "SILENT"
    assert next(line for line in lines if line.startswith("broken ")).split()[-1] == "FAILING"
    assert next(line for line in lines if line.startswith("off (off)")).split()[-1] == "0"
    data = json.loads(pantau("status", "--config", str(config.path), "--format", "json").stdout)
    assert [s["flags"] for s in data["sources"]] == ["SILENT", "", "FAILING", "", ""]


def test_housekeeping_closes_stale_runs_and_alerts(tmp_path, caplog):
    config, store = _store(tmp_path)
    with caplog.at_level(logging.WARNING, logger="pipeline.status"):
        detail = housekeeping(config, store, now=NOW)
    assert (detail["stale_runs"], detail["failing"], detail["silent"]) == (1, ["broken"], ["daily"])
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0] == 0
    reasons = [(r.source, r.reason) for r in caplog.records if r.name == "pipeline.status"]
    assert reasons == [("daily", "silent"), ("broken", "failing"), (None, "archive-missing")]
    assert not store.path.with_name(store.path.name + ".wal").exists()  # checkpointed


def test_housekeeping_warns_when_the_disk_is_nearly_full(tmp_path, caplog, monkeypatch):
    import shutil
    from collections import namedtuple

    config, store = _store(tmp_path)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(100_000_000_000, 97_000_000_000, 3_000_000_000))
    with caplog.at_level(logging.WARNING, logger="pipeline.status"):
        detail = housekeeping(config, store, now=NOW)
    assert detail["disk_free_bytes"] == 3_000_000_000
    low = [r for r in caplog.records if getattr(r, "reason", None) == "low-disk"]
    assert [r.getMessage() for r in low] == ["disk nearly full: 3.0 GB free of 100.0 GB"]
