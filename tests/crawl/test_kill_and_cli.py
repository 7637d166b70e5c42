"""Crash safety with a real process killed by SIGKILL mid-crawl, and the crawl/sources commands."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import FAST, article, rss

from pipeline.archive import iter_records, read_record
from pipeline.cli import main
from pipeline.store import Store

PANTAU = [str(Path(sys.executable).parent / "pantau")]


def write_config(tmp_path: Path, site, n: int, **crawl) -> Path:
    links = [f"{{BASE}}/berita/{i}" for i in range(n)]
    site.route("/feed", body=rss(*links), ctype="application/rss+xml")
    for i in range(n):
        site.route(f"/berita/{i}", body=article(f"Berita {i}"), delay=0.1)
    path = tmp_path / "config.yaml"
    # A non-zero delay: with DOWNLOAD_DELAY 0, Scrapy 2.19 starts every queued request of a slot at once.
    path.write_text(yaml.safe_dump({"crawl": {**FAST, "concurrency_per_domain": 1, "download_delay": 0.01, **crawl},
                                    "sources": [{"name": "contoh", "feeds": [site.url("/feed")]}]}))
    return path


def test_kill_9_mid_crawl_loses_nothing_and_rerun_adds_no_duplicate(site, tmp_path):
    n = 30
    config = write_config(tmp_path, site, n)
    store = Store(tmp_path / "data" / "pantau.duckdb")
    proc = subprocess.Popen([*PANTAU, "crawl", "--config", str(config)], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    recorded = 0
    while time.monotonic() < deadline and recorded < 10:
        time.sleep(0.2)
        if store.path.exists():
            try:
                with store.read() as con:
                    recorded = con.execute("SELECT count(*) FROM pages").fetchone()[0]
            except Exception:
                recorded = 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 10 <= recorded < n, "the crawl should be killed part way"
    with store.read() as con:
        before = con.execute("SELECT url, warc_file, warc_offset FROM pages ORDER BY url").fetchall()
        assert con.execute("SELECT status FROM runs").fetchall() == [("running",)]
    archive = tmp_path / "data" / "raw"
    for url, file, offset in before:  # every recorded page is readable from the archive
        assert read_record(archive, file, offset)[2] == url
    assert len(list(iter_records(archive))) >= len(before)
    # run again to the end: every article exactly once, the recorded rows untouched
    result = subprocess.run([*PANTAU, "crawl", "--config", str(config)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    with store.read() as con:
        assert con.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchone() == (n, n)
        after = dict((u, (f, o)) for u, f, o in con.execute("SELECT url, warc_file, warc_offset FROM pages").fetchall())
        assert con.execute("SELECT status FROM runs ORDER BY run_id").fetchall() == [("interrupted",), ("ok",)]
    assert all(after[u] == (f, o) for u, f, o in before)
    requested = [p for p in site.paths() if p.startswith("/berita/")]
    assert len(requested) - len(set(requested)) <= n - len(before)  # only unrecorded pages fetched again


def test_cli_crawl_and_sources(site, tmp_path):
    config = write_config(tmp_path, site, 3)
    runner = CliRunner()
    result = runner.invoke(main, ["crawl", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("crawl run 1 (ok): 5 requests, 3 pages saved (3 new), 0 already seen, 0 failures")
    result = runner.invoke(main, ["sources", "--config", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert (row["name"], row["consecutive_failures"], row["failing"], row["articles_per_run"], row["poll_minutes"],
            row["status_counts"]) == ("contoh", 0, False, 3.0, 30, {"200": 4})
    table = runner.invoke(main, ["sources", "--config", str(config)]).output
    assert table.splitlines()[0].split()[:2] == ["source", "flag"] and "contoh" in table
    bad = runner.invoke(main, ["crawl", "--config", str(config), "--source", "tidak-ada"])
    assert bad.exit_code == 1 and "no source named 'tidak-ada'" in bad.output
    missing = runner.invoke(main, ["crawl", "--config", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 1 and "config file not found" in missing.output
