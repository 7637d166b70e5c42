"""Ten consecutive crawl runs through the daemon's worker-subprocess runner, while an analyst
keeps querying with ``pantau sql``: every run completes, nothing is fetched twice, every query
is answered within a few seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pipeline.logs import configure
from pipeline.newsroom import serve_newsroom
from pipeline.scheduler import Daemon, plan
from pipeline.store import Store

from .site import build_site, crawl_settings
from .support import ROOT, write_config

READER = """
import subprocess, sys, time, json
argv, stop = json.loads(sys.argv[1]), sys.argv[2]
import os
while not os.path.exists(stop):
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True)
    print(json.dumps([round(time.monotonic() - started, 3), done.returncode, done.stdout.strip()[-12:],
                      done.stderr.strip()[-200:]]), flush=True)
    time.sleep(1.0)  # an analyst re-running a query, not a load test
"""


def test_ten_consecutive_runs_with_a_polling_reader(tmp_path):
    root = tmp_path / "www"
    build_site(root, 1, 10)
    with serve_newsroom(root) as base:
        config = write_config(tmp_path, crawl=crawl_settings(),
                              sources=[{"name": "kabar", "homepage": base + "/", "feeds": [base + "/feed.xml"]}])
        configure(config)
        store = Store.from_config(config)
        daemon = Daemon(config, store, plan(config, store))
        assert daemon.run("crawl:kabar") == 0  # the store exists before the reader starts
        stop = tmp_path / "stop-reader"
        sql = [sys.executable, "-c", "from pipeline.cli import main; main()", "sql",
               "SELECT count(*) AS n FROM pages", "--config", str(config.path), "--format", "csv"]
        reader = subprocess.Popen([sys.executable, "-c", READER, json.dumps(sql), str(stop)],
                                  stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            totals = []
            for run in range(1, 10):
                build_site(root, 1, 10 + 5 * run)  # five new articles per run
                assert daemon.run("crawl:kabar") == 0
                with store.read() as con:
                    totals.append(con.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchone())
        finally:
            stop.touch()
            answers = [json.loads(line) for line in reader.stdout]
            reader.wait(timeout=30)
    assert totals == [(10 + 5 * run,) * 2 for run in range(1, 10)]
    with store.read() as con:
        runs = con.execute("SELECT status, new_articles, pages FROM runs WHERE job = 'crawl' ORDER BY run_id").fetchall()
    assert runs == [("ok", 10, 10)] + [("ok", 5, 5)] * 9
    # The daemon's log: one structured line per job start and end, with stage and source.
    lines = (config.logs / "pantau.log").read_text(encoding="utf-8").splitlines()
    ok = [line for line in lines if " job crawl:kabar ok in " in line]
    assert len(ok) == 10 and all(" stage=crawl source=kabar url=- reason=- " in line for line in ok)
    assert len([line for line in lines if " job crawl:kabar started: pid " in line]) == 10
    assert len(answers) >= 5
    assert [a[1] for a in answers] == [0] * len(answers), answers  # never an error, never "busy"
    assert max(a[0] for a in answers) < 5.0, answers  # answered within a few seconds
    latencies = sorted(a[0] for a in answers)
    print(f"reader: {len(answers)} `pantau sql` runs during 10 crawls, median {latencies[len(latencies) // 2]:.2f}s,"
          f" max {latencies[-1]:.2f}s (process start included)")
    counts = [int(a[2].split()[-1]) for a in answers]
    assert counts == sorted(counts) and set(counts) <= {10 + 5 * k for k in range(10)}
