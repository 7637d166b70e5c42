"""The daemon as a real process: jobs run in worker subprocesses, persist, coalesce, stop cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline.scheduler import Daemon, JobSpec, jobstore_url, plan, poll_minutes, stored_jobs
from pipeline.store import Store, StoreError

from .support import HERE, ROOT, pantau, write_config

WORKER = str(HERE / "worker.py")


def _events(path: Path) -> list[tuple[str, int, float]]:
    if not path.exists():
        return []
    return [(kind, int(pid), float(t)) for kind, pid, t in
            (line.split() for line in path.read_text().splitlines())]


def _wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _daemon(config, jobs: list[dict], stop_timeout: float = 10) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(HERE / "daemon_main.py"), str(config.path), json.dumps(jobs),
                              str(stop_timeout)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env)
    assert child.stdout.readline() == "serving\n"
    return child


def _stop(child: subprocess.Popen, sig=signal.SIGTERM) -> tuple[int, float]:
    started = time.monotonic()
    child.send_signal(sig)
    code = child.wait(timeout=30)
    return code, time.monotonic() - started


def _runs(config) -> list[tuple]:
    with Store.from_config(config).read() as con:
        return con.execute("SELECT job, source, status FROM runs ORDER BY run_id").fetchall()


def test_plan_uses_config_zone_and_adapted_intervals(tmp_path):
    config = write_config(tmp_path, timezone="Asia/Makassar", crawl={"poll_min_minutes": 15},
                          schedule={"clipping_time": "07:00", "report_day": 1, "report_time": "06:00",
                                    "housekeeping_time": "03:30"},
                          sources=[{"name": "kabar", "feeds": ["http://127.0.0.1:9/a"]},
                                   {"name": "fixed", "feeds": ["http://127.0.0.1:9/b"], "poll_minutes": 5},
                                   {"name": "fast", "feeds": ["http://127.0.0.1:9/c"]},
                                   {"name": "off", "feeds": ["http://127.0.0.1:9/d"], "enabled": False}])
    store = Store.from_config(config)
    assert poll_minutes(config, store) == {"kabar": 60, "fixed": 5, "fast": 60}
    with store.write() as con:  # what the crawler's adaptive interval leaves behind
        con.execute("INSERT INTO sources (name, kind, tier, poll_minutes) VALUES"
                    " ('kabar', 'online', 3, 180), ('fast', 'online', 3, 3), ('fixed', 'online', 3, 240)")
    assert poll_minutes(config, store) == {"kabar": 180, "fixed": 5, "fast": 15}
    specs = {spec.id: spec for spec in plan(config, store)}
    assert list(specs) == ["crawl:fast", "crawl:fixed", "crawl:kabar", "process", "clip", "report",
                           "housekeeping"]
    assert str(specs["crawl:kabar"].trigger) == "interval[3:00:00]"
    assert specs["crawl:kabar"].commands[0][3:] == ("crawl", "--source", "kabar", "--config", str(config.path))
    assert specs["crawl:kabar"].lock == "crawl-kabar"
    assert [c[3:5] for c in specs["clip"].commands] == [("process", "--pending"), ("clip", "--config")]
    assert specs["report"].commands[0][3:6] == ("report", "--month", "previous")
    # Fire times are WITA wall times whatever the server's zone is.
    after = datetime(2026, 11, 30, 12, 0, tzinfo=config.tz)
    assert specs["clip"].trigger.get_next_fire_time(None, after).isoformat() == "2026-12-01T07:00:00+08:00"
    assert specs["report"].trigger.get_next_fire_time(None, after).isoformat() == "2026-12-01T06:00:00+08:00"
    assert specs["housekeeping"].trigger.get_next_fire_time(None, after).isoformat() == "2026-12-01T03:30:00+08:00"


def test_schedule_list_shows_jobs_and_next_runs_in_wita(config):
    listed = pantau("schedule", "--list", "--config", str(config.path), env={"TZ": "America/New_York"})
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["job", "trigger", "next", "run", "(Asia/Makassar)", "state"]
    assert [line.split()[0] for line in lines[2:]] == ["crawl:kabar", "process", "clip", "report", "housekeeping"]
    clip = lines[4].split()
    assert clip[1:3] == ["cron[hour='7',", "minute='0']"] and clip[4:7] == ["07:00", "WITA", "new"]


def test_missed_runs_after_downtime_are_coalesced_into_one(tmp_path):
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    config = write_config(tmp_path, schedule={"misfire_grace_minutes": 60})
    marks = tmp_path / "marks"
    job = {"id": "tick", "kind": "tick", "seconds": 3600, "first_run_in": 3600,
           "commands": [[sys.executable, WORKER, str(marks), "0"]]}
    daemon = _daemon(config, [job])
    assert _stop(daemon)[0] == 0
    assert _events(marks) == []
    # Downtime: the job was due 3h10, 2h10, 1h10 and 0h10 ago.
    jobs = SQLAlchemyJobStore(url=jobstore_url(config))
    jobs.start(BackgroundScheduler(timezone=config.tz), "default")
    tick = jobs.lookup_job("tick")
    due = datetime.now(config.tz) - timedelta(hours=3, minutes=10)
    tick._modify(next_run_time=due)
    jobs.update_job(tick)
    jobs.shutdown()

    daemon = _daemon(config, [job])
    _wait_for(lambda: len(_events(marks)) == 2)
    time.sleep(1.0)
    assert _stop(daemon)[0] == 0
    assert [kind for kind, _, _ in _events(marks)] == ["start", "end"]  # once, not four times
    assert _runs(config) == [("tick", None, "ok")]
    [stored] = stored_jobs(config)
    nxt = stored.next_run_time
    assert nxt == due + timedelta(hours=4)  # the schedule goes on from the coalesced run


def test_a_job_is_never_run_twice_at_once(tmp_path):
    config = write_config(tmp_path)
    marks = tmp_path / "marks"
    job = {"id": "slow", "kind": "slow", "seconds": 1, "first_run_in": 0,
           "commands": [[sys.executable, WORKER, str(marks), "1.5"]]}
    daemon = _daemon(config, [job])
    _wait_for(lambda: [k for k, _, _ in _events(marks)].count("end") >= 2, timeout=30)
    assert _stop(daemon)[0] == 0
    events = _events(marks)
    running = 0
    for kind, _, _ in events:
        running += 1 if kind == "start" else -1
        assert running in (0, 1)
    assert running == 0  # the last run was let finish


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_a_crawl_gracefully_and_exits_0(tmp_path, sig):
    config = write_config(tmp_path)
    marks = tmp_path / "marks"
    job = {"id": "crawl:kabar", "kind": "crawl", "source": "kabar", "seconds": 3600, "first_run_in": 0,
           "commands": [[sys.executable, WORKER, str(marks), "60", "--graceful"]]}
    daemon = _daemon(config, [job], stop_timeout=20)
    _wait_for(lambda: len(_events(marks)) == 1)
    code, took = _stop(daemon, sig)
    assert code == 0 and took < 5
    assert [kind for kind, _, _ in _events(marks)] == ["start", "checkpoint"]
    assert not Path(f"{config.database}.crawl-kabar.lock").read_text()


def test_stop_lets_other_jobs_finish_and_kills_at_the_deadline(tmp_path):
    config = write_config(tmp_path)
    short, long = tmp_path / "short", tmp_path / "long"
    jobs = [{"id": "clip", "kind": "clip", "seconds": 3600, "first_run_in": 0,
             "commands": [[sys.executable, WORKER, str(short), "1.5"]]},
            {"id": "report", "kind": "report", "seconds": 3600, "first_run_in": 0,
             "commands": [[sys.executable, WORKER, str(long), "120"]]}]
    daemon = _daemon(config, jobs, stop_timeout=3)
    _wait_for(lambda: len(_events(short)) == 1 and len(_events(long)) == 1)
    code, took = _stop(daemon)
    assert code == 0 and took < 3 + 5
    assert [kind for kind, _, _ in _events(short)] == ["start", "end"]  # finished
    assert [kind for kind, _, _ in _events(long)] == ["start"]  # killed at the deadline
    pid = _events(long)[0][1]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert sorted(_runs(config)) == [("clip", None, "ok"), ("report", None, "interrupted")]


def test_run_now_records_failures_with_the_reason(config):
    store = Store.from_config(config)
    failing = JobSpec(id="report", kind="report", trigger=None,
                      commands=((sys.executable, "-c", "import sys; sys.exit('cannot write laporan: disk full')"),))
    assert Daemon(config, store, [failing]).run("report") == 1
    with store.read() as con:
        job, status, detail = con.execute("SELECT job, status, detail FROM runs").fetchone()
    assert (job, status) == ("report", "failed")
    assert json.loads(detail)["error"] == "cannot write laporan: disk full"
    assert json.loads(detail)["exit_code"] == 1
    log = (config.logs / "pantau.log")
    assert not log.exists() or "disk full" in log.read_text()


def test_kill_9_of_the_daemon_leaves_its_worker_holding_the_job(tmp_path):
    from pipeline.locks import JobLocked, hold_lock

    config = write_config(tmp_path)
    marks = tmp_path / "marks"
    job = {"id": "crawl:kabar", "kind": "crawl", "source": "kabar", "seconds": 3600, "first_run_in": 0,
           "commands": [[sys.executable, WORKER, str(marks), "2"]]}
    daemon = _daemon(config, [job])
    _wait_for(lambda: len(_events(marks)) == 1)
    daemon.kill()
    daemon.wait()
    # The orphaned worker still holds the job: a restarted daemon or a cron run would not start it twice.
    with pytest.raises(JobLocked):
        with hold_lock(config.database, "crawl-kabar"):
            pass
    _wait_for(lambda: len(_events(marks)) == 2)
    time.sleep(0.2)
    with hold_lock(config.database, "crawl-kabar"):
        pass
    assert [kind for kind, _, _ in _events(marks)] == ["start", "end"]


def test_pantau_schedule_stops_a_real_crawl_at_a_checkpoint(tmp_path):
    """The real command, the real plan, a real Scrapy crawl: SIGTERM mid-crawl, exit 0, pages kept."""
    from pipeline.newsroom import serve_newsroom

    from .site import build_site, crawl_settings
    from .support import PANTAU

    root = tmp_path / "www"
    build_site(root, 1, 80)
    with serve_newsroom(root) as base:
        config = write_config(tmp_path, crawl=crawl_settings(download_delay=0.1, concurrency_per_domain=1),
                              sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
        daemon = subprocess.Popen([*PANTAU, "schedule", "--config", str(config.path), "--stop-timeout", "20"],
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        store = Store.from_config(config)

        def crawling() -> bool:
            try:
                with store.read() as con:
                    return con.execute("SELECT count(*) FROM pages").fetchone()[0] >= 5
            except (StoreError, duckdb.Error):  # not created yet, or migrations still running
                return False

        _wait_for(crawling, timeout=40)  # the first crawl starts 5 s after a fresh start
        code, took = _stop(daemon)
        assert code == 0 and took < 20, daemon.stderr.read()
    with store.read() as con:
        runs = con.execute("SELECT job, source, status, pages FROM runs ORDER BY run_id").fetchall()
        pages = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    assert len(runs) == 1  # the crawl's own row; the daemon does not add a second one
    assert runs[0][:3] == ("crawl", "kabar", "interrupted") and runs[0][3] == pages
    assert 5 <= pages < 80
    log = (config.logs / "pantau.log").read_text(encoding="utf-8")
    assert "received SIGTERM: no new jobs" in log and "scheduler stopped" in log


def test_a_second_daemon_on_the_same_store_exits_75(tmp_path):
    config = write_config(tmp_path)
    first = _daemon(config, [])
    try:
        second = pantau("schedule", "--config", str(config.path))
        assert second.returncode == 75
        assert second.stderr == (f"pantau: job 'schedule' is already running (lock {config.database}.schedule.lock"
                                 f" held by pid {first.pid}); not starting\n")
    finally:
        assert _stop(first)[0] == 0


def test_a_locked_preparatory_step_waits_then_the_job_goes_on(config, tmp_path):
    """The clipping's `process --pending` meets a running process job (exit 75): wait, retry, clip."""
    tries = tmp_path / "tries"
    step1 = (sys.executable, "-c", f"import sys; p = {str(tries)!r}; n = open(p, 'a+').tell(); "
             "open(p, 'a').write('x'); sys.exit(75 if n < 2 else 0)")
    step2 = (sys.executable, WORKER, str(tmp_path / "clip"), "0")
    daemon = Daemon(config, Store.from_config(config), [JobSpec(id="clip", kind="clip", trigger=None,
                                                                commands=(step1, step2))])
    daemon.step_retry = 0.1
    assert daemon.run("clip") == 0
    assert tries.read_text() == "xxx"  # locked twice, then ran
    assert [kind for kind, _, _ in _events(tmp_path / "clip")] == ["start", "end"]
    daemon.step_wait = 0.0  # never unlocked in time: the clipping is still made, with a warning
    tries.write_text("")
    tries.unlink()
    with_lock = JobSpec(id="clip", kind="clip", trigger=None,
                        commands=((sys.executable, "-c", "import sys; sys.exit(75)"), step2))
    daemon.specs["clip"] = with_lock
    assert daemon.run("clip") == 0
    assert [kind for kind, _, _ in _events(tmp_path / "clip")] == ["start", "end"] * 2
    assert _runs(config) == [("clip", None, "ok"), ("clip", None, "ok")]
