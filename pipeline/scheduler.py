"""The ``pantau schedule`` daemon: APScheduler wiring, one worker subprocess per job run.

Jobs (ids are stable, so the persistent job store recognises them across restarts):
- ``crawl:<source>``  every source at its poll interval (``sources.poll_minutes`` as adapted by the
  crawler, else the config's fixed ``poll_minutes``, else ``crawl.poll_default_minutes``);
  runs ``pantau crawl --source <source>``;
- ``process``         every ``crawl.poll_min_minutes``, only when pages wait for extraction;
- ``clip``            daily at ``schedule.clipping_time``: ``pantau process --pending`` then ``pantau clip``;
- ``report``          on ``schedule.report_day`` at ``report_time``: ``pantau report --month previous``;
- ``housekeeping``    daily at ``housekeeping_time``: store checkpoint, archive check, health alerts
  (in this process: it is a few short queries).

Every run happens in a fresh ``python`` subprocess (see docs/operations.md for why): the daemon only
keeps time, takes the job's lock (``pipeline.locks``), starts the worker, waits, and records
failures in ``runs``. All times are in the configured zone, never the server's.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.config import Config
from pipeline.locks import HELD_ENV, LOCKED_EXIT, JobLocked, hold_lock, lock_name
from pipeline.logs import fields
from pipeline.runs import finish_run, start_run
from pipeline.store import Store, StoreError

log = logging.getLogger(__name__)

# Jobs whose command writes its own `runs` row; for the others the daemon writes it.
SELF_RECORDING = {"crawl", "process"}
# Crawls get a pool of their own so a slow outlet never delays the clipping.
POOLS = {"crawl": 2, "default": 2}


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: when it runs and which commands a run executes, in order."""

    id: str
    kind: str  # crawl | process | clip | report | housekeeping (tests add their own)
    trigger: object  # an APScheduler trigger
    commands: tuple[tuple[str, ...], ...] = ()
    source: str | None = None
    first_run: datetime | None = None  # when a job new to the job store first runs
    only_if: Callable[[], bool] | None = field(default=None, compare=False)
    in_process: Callable[[], dict] | None = field(default=None, compare=False)

    @property
    def lock(self) -> str:
        return lock_name(self.kind, [self.source] if self.source else None)

    @property
    def executor(self) -> str:
        return "crawl" if self.kind == "crawl" else "default"


def pantau_argv(config: Config, *args: str) -> tuple[str, ...]:
    """The command line of a ``pantau`` worker run with this interpreter and config."""
    return (sys.executable, "-m", "pipeline", *args, "--config", str(config.path))


def jobstore_url(config: Config) -> str:
    """SQLite job store next to the DuckDB file (DuckDB's single-writer lock is not for this)."""
    return f"sqlite:///{config.database.with_name(config.database.name + '.jobs.sqlite')}"


def stored_jobs(config: Config) -> list:
    """The jobs in the persistent job store, read without starting a scheduler.

    (A scheduler started paused and shut down again would still process due jobs on its way out,
    advancing their next run without running them.)
    """
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    store = SQLAlchemyJobStore(url=jobstore_url(config))
    store.start(BackgroundScheduler(timezone=config.tz), "default")
    try:
        return store.get_all_jobs()
    finally:
        store.shutdown()


# -- the plan ----------------------------------------------------------------------------------


def poll_minutes(config: Config, store: Store) -> dict[str, int]:
    """Each enabled source's poll interval in minutes, within the configured bounds."""
    adapted: dict[str, int] = {}
    if store.path.exists():
        try:
            with store.read() as con:
                adapted = dict(con.execute(
                    "SELECT name, poll_minutes FROM sources WHERE poll_minutes IS NOT NULL").fetchall())
        except StoreError as exc:
            log.warning("cannot read poll intervals, using config: %s", exc, extra=fields("schedule"))
    crawl = config.crawl
    out = {}
    for source in config.sources:
        if not source.enabled:
            continue
        minutes = source.poll_minutes or adapted.get(source.name) or crawl.poll_default_minutes
        if source.poll_minutes is None:
            minutes = max(crawl.poll_min_minutes, min(crawl.poll_max_minutes, minutes))
        out[source.name] = int(minutes)
    return out


def _pending_pages(store: Store) -> bool:
    if not store.path.exists():
        return False
    with store.read() as con:
        return bool(con.execute("SELECT count(*) FROM pages WHERE extract_status IS NULL").fetchone()[0])


def plan(config: Config, store: Store) -> list[JobSpec]:
    """The jobs the daemon runs for this configuration."""
    from pipeline.status import housekeeping

    tz = config.tz
    sched = config.schedule
    now = datetime.now(tz)
    specs = []
    for i, (name, minutes) in enumerate(sorted(poll_minutes(config, store).items())):
        specs.append(JobSpec(
            id=f"crawl:{name}", kind="crawl", source=name,
            trigger=IntervalTrigger(minutes=minutes, timezone=tz),
            commands=(pantau_argv(config, "crawl", "--source", name),),
            # A fresh install crawls at once, staggered so sources do not all start together.
            first_run=now + timedelta(seconds=5 + 20 * i),
        ))
    specs.append(JobSpec(
        id="process", kind="process",
        trigger=IntervalTrigger(minutes=config.crawl.poll_min_minutes, timezone=tz),
        commands=(pantau_argv(config, "process", "--pending"),),
        only_if=lambda: _pending_pages(store),
    ))
    specs.append(JobSpec(
        id="clip", kind="clip",
        trigger=CronTrigger(hour=sched.clipping_time.hour, minute=sched.clipping_time.minute, timezone=tz),
        commands=(pantau_argv(config, "process", "--pending"), pantau_argv(config, "clip")),
    ))
    specs.append(JobSpec(
        id="report", kind="report",
        trigger=CronTrigger(day=sched.report_day, hour=sched.report_time.hour,
                            minute=sched.report_time.minute, timezone=tz),
        commands=(pantau_argv(config, "report", "--month", "previous"),),
    ))
    specs.append(JobSpec(
        id="housekeeping", kind="housekeeping",
        trigger=CronTrigger(hour=sched.housekeeping_time.hour, minute=sched.housekeeping_time.minute,
                            timezone=tz),
        in_process=lambda: housekeeping(config, store),
    ))
    return specs


# -- running one job ---------------------------------------------------------------------------

_DAEMON: "Daemon | None" = None


def run_job(job_id: str) -> None:
    """APScheduler's entry point (a module-level function: the job store pickles its reference)."""
    if _DAEMON is None:
        raise RuntimeError("no daemon running in this process")
    _DAEMON.run(job_id)


def _tail(path: Path, lines: int = 5) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if line.strip()][-lines:]


class Daemon:
    """Keeps time with APScheduler and runs each job's commands as worker subprocesses."""

    def __init__(self, config: Config, store: Store, specs: list[JobSpec] | None = None, *,
                 stop_timeout: float = 60.0) -> None:
        self.config = config
        self.store = store
        self.specs = {spec.id: spec for spec in (specs if specs is not None else plan(config, store))}
        self.stop_timeout = stop_timeout
        self.step_wait, self.step_retry = 900.0, 5.0  # a locked preparatory step: how long, how often
        self.stopping = threading.Event()
        self.ready = threading.Event()  # set once signals are handled and the jobs are in place
        self.deadline = float("inf")
        self._children: dict[str, subprocess.Popen] = {}
        self._children_lock = threading.Lock()
        self.scheduler: BaseScheduler | None = None

    # -- APScheduler ------------------------------------------------------------------------

    def build(self, blocking: bool = True) -> BaseScheduler:
        """A scheduler with the persistent job store, the pools and the job defaults."""
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

        cls = BlockingScheduler if blocking else BackgroundScheduler
        return cls(
            timezone=self.config.tz,
            jobstores={"default": SQLAlchemyJobStore(url=jobstore_url(self.config))},
            executors={name: ThreadPoolExecutor(size) for name, size in POOLS.items()},
            job_defaults={
                "coalesce": True,  # after downtime, many missed runs become one
                "max_instances": 1,  # a crawl still running when its next run is due is not doubled
                "misfire_grace_time": self.config.schedule.misfire_grace_minutes * 60,
            },
        )

    def reconcile(self, scheduler: BaseScheduler) -> None:
        """Make the job store hold exactly our jobs, keeping the due times of unchanged ones."""
        stored = {job.id: job for job in scheduler.get_jobs()}
        for spec in self.specs.values():
            job = stored.pop(spec.id, None)
            if job is None:
                scheduler.add_job(run_job, spec.trigger, args=[spec.id], id=spec.id, name=spec.id,
                                  executor=spec.executor,
                                  **({"next_run_time": spec.first_run} if spec.first_run else {}))
            elif str(job.trigger) != str(spec.trigger) or job.executor != spec.executor:
                # Changed in config (or adapted by the crawler): the next run follows the new rule.
                scheduler.modify_job(spec.id, executor=spec.executor)
                scheduler.reschedule_job(spec.id, trigger=spec.trigger)
                log.info("job %s rescheduled: %s", spec.id, spec.trigger, extra=fields("schedule"))
            # else: unchanged, so a due time missed during downtime is kept and (coalesced) run.
        for job_id in stored:
            scheduler.remove_job(job_id)
            log.info("job %s removed (no longer configured)", job_id, extra=fields("schedule"))

    def listing(self) -> list[tuple[str, str, datetime | None, str]]:
        """(job id, trigger, next run in the configured zone, state) without running anything."""
        stored = {job.id: job for job in stored_jobs(self.config)}
        now = datetime.now(self.config.tz)
        rows = []
        for spec in self.specs.values():
            job = stored.get(spec.id)
            if job is not None and str(job.trigger) == str(spec.trigger):
                nxt = job.next_run_time
                state = "overdue" if nxt is not None and nxt < now else "scheduled"
            else:
                nxt = spec.first_run or spec.trigger.get_next_fire_time(None, now)
                state = "new" if job is None else "changed"
            rows.append((spec.id, str(spec.trigger), nxt.astimezone(self.config.tz) if nxt else None, state))
        return rows

    # -- running ----------------------------------------------------------------------------

    def serve(self) -> int:
        """Run until SIGTERM/SIGINT; then stop taking work, let running jobs end, return 0.

        Raises ``JobLocked`` (exit 75) at once when another daemon serves the same store.
        """
        with hold_lock(self.config.database, "schedule"):
            return self._serve()

    def _serve(self) -> int:
        global _DAEMON
        _DAEMON = self
        scheduler = self.scheduler = self.build(blocking=True)

        def started(event) -> None:
            self.reconcile(scheduler)
            self.ready.set()

        scheduler.add_listener(started, EVENT_SCHEDULER_STARTED)

        def on_signal(signum, frame) -> None:
            if not self.stopping.is_set():
                log.info("received %s: no new jobs; waiting up to %.0fs for running ones",
                         signal.Signals(signum).name, self.stop_timeout, extra=fields("schedule"))
                self.deadline = time.monotonic() + self.stop_timeout
                self.stopping.set()

        # The handler only sets a flag; a thread does the shutdown so no scheduler lock is taken
        # inside a signal handler that interrupted the scheduler itself.
        def stopper() -> None:
            self.stopping.wait()
            scheduler.shutdown(wait=False)

        old = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        threading.Thread(target=stopper, name="pantau-stopper", daemon=True).start()
        log.info("scheduler started (%s): %d jobs", self.config.timezone, len(self.specs),
                 extra=fields("schedule"))
        try:
            scheduler.start()  # blocks until shutdown
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
        self._wait_for_children()
        log.info("scheduler stopped", extra=fields("schedule"))
        _DAEMON = None
        return 0

    def _wait_for_children(self) -> None:
        while True:
            with self._children_lock:
                if not self._children:
                    return
            if time.monotonic() > self.deadline + 5:
                return
            time.sleep(0.1)

    def run(self, job_id: str) -> int:
        """Run one job now (under its lock); returns the exit code of the last command run."""
        spec = self.specs[job_id]
        extra = fields(spec.kind, spec.source)
        if self.stopping.is_set():
            return 0
        try:
            with hold_lock(self.config.database, spec.lock) as held:
                if spec.only_if is not None and not spec.only_if():
                    log.debug("job %s: nothing to do", job_id, extra=extra)
                    return 0
                code = self._run_locked(spec, held.fd)
        except JobLocked as exc:
            log.info("job %s skipped: %s", job_id, exc.format_message(), extra={**extra, "reason": "locked"})
            return LOCKED_EXIT
        if spec.kind == "crawl" and self.scheduler is not None and not self.stopping.is_set():
            self._follow_poll_interval(spec)
        return code

    def _run_locked(self, spec: JobSpec, lock_fd: int) -> int:
        extra = fields(spec.kind, spec.source)
        started = time.monotonic()
        if spec.in_process is not None:
            run_id = start_run(self.store, spec.kind, spec.source)
            try:
                detail = spec.in_process()
            except Exception as exc:
                log.exception("job %s failed", spec.id, extra={**extra, "reason": type(exc).__name__})
                finish_run(self.store, run_id, "failed", {"error": str(exc)})
                return 1
            finish_run(self.store, run_id, "ok", detail)
            return 0
        code, error, ran = 0, "", 0
        wall_start = datetime.now(self.config.tz)
        for step, argv in enumerate(spec.commands):
            if self.stopping.is_set():
                break  # e.g. the clipping's second step after a stop request
            code, error = self._step(spec, argv, lock_fd, last=step == len(spec.commands) - 1)
            ran += 1
            if code != 0:
                break
        duration = round(time.monotonic() - started, 2)
        if code == 0 and ran == len(spec.commands):
            status = "ok"
        else:
            status = "interrupted" if self.stopping.is_set() else "failed"
        if status != "ok":
            log.error("job %s %s (exit %s): %s", spec.id, status, code, error,
                      extra={**extra, "reason": f"exit-{code}"})
        else:
            log.info("job %s ok in %.1fs", spec.id, duration, extra=extra)
        if spec.kind not in SELF_RECORDING or (status != "ok" and not self._recorded_itself(spec, wall_start)):
            try:
                run_id = start_run(self.store, spec.kind, spec.source)
                finish_run(self.store, run_id, status,
                           {"exit_code": code, "error": error, "duration_s": duration} if error or code
                           else {"duration_s": duration})
            except StoreError as exc:
                log.error("cannot record run of %s: %s", spec.id, exc, extra={**extra, "reason": "store"})
        return code

    def _step(self, spec: JobSpec, argv: tuple[str, ...], lock_fd: int, *, last: bool) -> tuple[int, str]:
        """One command of a job. A preparatory step whose own job is running elsewhere (the
        clipping's ``process --pending`` while the process job runs) waits for it, then goes on."""
        waited = 0.0
        while True:
            code, error = self._spawn(spec, argv, lock_fd)
            if code != LOCKED_EXIT or last:
                return code, error
            if waited >= self.step_wait or self.stopping.is_set():
                log.warning("job %s: step still locked after %.0fs, going on: %s", spec.id, waited, error,
                            extra={**fields(spec.kind, spec.source), "reason": "locked"})
                return 0, ""
            time.sleep(self.step_retry)
            waited += self.step_retry

    def _recorded_itself(self, spec: JobSpec, since: datetime) -> bool:
        """True when the worker wrote its own `runs` row (a crawl interrupted or failed in Python)."""
        try:
            with self.store.read() as con:
                return bool(con.execute(
                    "SELECT count(*) FROM runs WHERE job = ? AND started_at >= ?"
                    " AND (? IS NULL OR source = ? OR source IS NULL)",
                    [spec.kind, since, spec.source, spec.source]).fetchone()[0])
        except StoreError:
            return False

    def _spawn(self, spec: JobSpec, argv: tuple[str, ...], lock_fd: int) -> tuple[int, str]:
        """Run one worker command to its end (or to the stop deadline); (exit code, last error line)."""
        extra = fields(spec.kind, spec.source)
        env = {**os.environ, HELD_ENV: spec.lock}
        with tempfile.TemporaryFile("w+b") as out, tempfile.NamedTemporaryFile("w+b") as err:
            # Its own session: a Ctrl-C at the daemon's terminal reaches the daemon only, which
            # then decides how each worker stops. The lock's descriptor goes along, so the job stays
            # locked while the worker lives even if the daemon is killed.
            child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                     start_new_session=True, pass_fds=(lock_fd,))
            with self._children_lock:
                self._children[spec.id] = child
            log.info("job %s started: pid %d", spec.id, child.pid, extra=extra)
            try:
                code = self._wait(spec, child)
            finally:
                with self._children_lock:
                    self._children.pop(spec.id, None)
            out.seek(0)
            for line in out.read().decode("utf-8", "replace").splitlines():
                if line.strip():
                    log.info("%s: %s", spec.id, line, extra=extra)
            tail = _tail(Path(err.name))
        error = tail[-1] if code != 0 and tail else ""
        return code, error

    def _wait(self, spec: JobSpec, child: subprocess.Popen) -> int:
        signalled = killed = False
        while True:
            try:
                return child.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
            if not self.stopping.is_set():
                continue
            if spec.kind == "crawl" and not signalled:
                # Scrapy's first SIGINT is a graceful stop: in-flight pages are archived and
                # recorded, then it exits. Other jobs are short and are left to finish.
                child.send_signal(signal.SIGINT)
                signalled = True
            if time.monotonic() > self.deadline and not killed:
                # Safe by design: the store and archive survive kill -9 (docs/reliability.md).
                log.warning("job %s still running at the stop deadline: killed", spec.id,
                            extra={**fields(spec.kind, spec.source), "reason": "stop-timeout"})
                child.kill()
                killed = True

    def _follow_poll_interval(self, spec: JobSpec) -> None:
        """After a crawl, move the source's job to the interval the crawler adapted."""
        minutes = poll_minutes(self.config, self.store).get(spec.source or "")
        job = self.scheduler.get_job(spec.id) if self.scheduler else None
        if minutes is None or job is None:
            return
        trigger = IntervalTrigger(minutes=minutes, timezone=self.config.tz)
        if str(job.trigger) != str(trigger):
            self.scheduler.reschedule_job(spec.id, trigger=trigger)
            self.specs[spec.id] = JobSpec(**{**spec.__dict__, "trigger": trigger})
            log.info("job %s: poll interval now %d min", spec.id, minutes, extra=fields("crawl", spec.source))
