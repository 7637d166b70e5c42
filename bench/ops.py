"""Operations figures: daemon memory over many runs, backup/export of a large store, reader latency
while a writer commits. Prints a Markdown table for BENCHMARKS.md (## Operations).

    .venv/bin/python bench/ops.py [--runs 30] [--pages 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.backup import backup, export_parquet  # noqa: E402
from pipeline.config import parse_config  # noqa: E402
from pipeline.store import Store  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def daemon_memory(folder: Path, runs: int) -> tuple[int, int, int]:
    """RSS of the daemon after 5 and after ``runs`` worker runs (KB), and runs done."""
    config = folder / "config.yaml"
    config.write_text("sources: [{name: a, homepage: 'http://127.0.0.1:9/'}]\n")
    marks = folder / "marks"
    job = [{"id": "tick", "kind": "tick", "seconds": 1, "first_run_in": 0,
            "commands": [[sys.executable, str(ROOT / "tests" / "ops" / "worker.py"), str(marks), "0"]]}]
    daemon = subprocess.Popen([sys.executable, str(ROOT / "tests" / "ops" / "daemon_main.py"), str(config),
                               json.dumps(job), "10"], stdout=subprocess.PIPE, env=ENV, text=True)
    daemon.stdout.readline()

    def done() -> int:
        return marks.read_text().count("end") if marks.exists() else 0

    while done() < 5:
        time.sleep(0.2)
    early = _rss_kb(daemon.pid)
    while done() < runs:
        time.sleep(0.2)
    late = _rss_kb(daemon.pid)
    daemon.terminate()
    daemon.wait()
    return early, late, done()


def big_store(folder: Path, pages: int):
    config = parse_config({"sources": [{"name": "a", "homepage": "http://127.0.0.1:9/"}]}, folder)
    store = Store.from_config(config)
    with store.write() as con:
        con.execute(
            "INSERT INTO pages (page_id, url, source, status, fetched_at, warc_file, warc_offset, warc_length)"
            " SELECT i, 'https://kabar.test/berita/' || i, 'a', 200, TIMESTAMPTZ '2026-01-01' + to_seconds(i),"
            " 'pantau-' || (i // 10000) || '.warc.gz', i * 3000, 3000 FROM range(?) t(i)", [pages])
        con.execute(
            "INSERT INTO runs (job, source, started_at, finished_at, status, pages)"
            " SELECT 'crawl', 'a', TIMESTAMPTZ '2026-01-01' + to_minutes(i * 30),"
            " TIMESTAMPTZ '2026-01-01' + to_minutes(i * 30 + 1), 'ok', 20 FROM range(?) t(i)", [pages // 20])
    return config, store


WRITER = """
import sys, time
from pathlib import Path
from pipeline.store import Store
store, end, n = Store(Path(sys.argv[1])), time.monotonic() + float(sys.argv[2]), 10**8
while time.monotonic() < end:
    with store.write() as con:
        con.execute("INSERT INTO pages (page_id, url, source, status, fetched_at) SELECT i, 'https://w.test/' || i,"
                    " 'a', 200, now() FROM range(?, ? + 500) t(i)", [n, n])
    n += 500
    time.sleep(0.05)
"""


def reader_latency(store: Store, seconds: float) -> list[float]:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store.path), str(seconds)], env=ENV)
    time.sleep(0.5)
    latencies = []
    while writer.poll() is None:
        started = time.monotonic()
        with store.read() as con:
            con.execute("SELECT count(*) FROM pages").fetchone()
        latencies.append(time.monotonic() - started)
        time.sleep(0.05)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        early, late, runs = daemon_memory(tmp, args.runs)
        print(f"| daemon RSS after 5 / {runs} worker runs | {early / 1024:.1f} MB / {late / 1024:.1f} MB |")
        config, store = big_store(tmp, args.pages)
        size = store.size_bytes() / 1e6
        times = []
        for i in range(args.repeat):
            started = time.monotonic()
            backup(config, store, tmp / f"copy{i}.duckdb")
            times.append(time.monotonic() - started)
        print(f"| `pantau backup`, store of {args.pages:,} pages ({size:.0f} MB) | median {statistics.median(times):.2f} s"
              f" ({', '.join(f'{t:.2f}' for t in times)}) |")
        times = []
        for i in range(args.repeat):
            started = time.monotonic()
            export_parquet(config, store, tmp / f"pq{i}")
            times.append(time.monotonic() - started)
        print(f"| `pantau export` (Parquet), same store | median {statistics.median(times):.2f} s"
              f" ({', '.join(f'{t:.2f}' for t in times)}) |")
        lat = sorted(reader_latency(store, 10))
        print(f"| read query while a writer commits 500-page batches for 10 s | {len(lat)} queries, median"
              f" {statistics.median(lat) * 1000:.0f} ms, p95 {lat[int(len(lat) * 0.95)] * 1000:.0f} ms,"
              f" max {lat[-1] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
