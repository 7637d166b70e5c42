"""Cron-safe job locks: one running instance of each job per store.

A lock is an ``fcntl.flock`` on ``<database>.<job>.lock``, taken without blocking. The kernel drops
it when the holder exits, however it exits (kill -9 included), so a crashed run never leaves a
stale lock behind; the pid written into the file is only for the message a second run prints.

Commands wrap their work in ``with job_lock(config, "crawl"):``. A second overlapping run raises
``JobLocked``, which the CLI shows as one line and exit code ``LOCKED_EXIT`` (75, EX_TEMPFAIL:
"try again later"), distinct from failures (1) and usage errors (2).

The daemon (``pantau schedule``) takes the same lock around each worker subprocess it starts and
names it in ``PANTAU_HELD_LOCKS``, so the worker's own ``job_lock`` knows its parent holds it.
"""

from __future__ import annotations

import fcntl
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

LOCKED_EXIT = 75
HELD_ENV = "PANTAU_HELD_LOCKS"


class JobLocked(click.ClickException):
    """Another process runs the same job on the same store."""

    exit_code = LOCKED_EXIT

    def __init__(self, job: str, path: Path, holder: str) -> None:
        self.job = job
        self.path = path
        super().__init__(
            f"job {job!r} is already running (lock {path} held by pid {holder or '?'}); not starting"
        )

    def show(self, file=None) -> None:
        click.echo(f"pantau: {self.format_message()}", err=True)


def lock_name(job: str, sources: Iterable[str] | None = None) -> str:
    """The lock name of a job restricted to some sources (``crawl`` vs ``crawl-kaltimpost``)."""
    names = sorted(set(sources or ()))
    if not names:
        return job
    # File-name safe: source names are free text in config.yaml.
    return job + "-" + "+".join("".join(c if c.isalnum() or c in "-_" else "_" for c in n) for n in names)


def lock_path(database: Path, job: str) -> Path:
    """Where the lock file of ``job`` lives: beside the store it protects."""
    database = Path(database)
    return database.with_name(f"{database.name}.{job}.lock")


def held_by_parent(job: str) -> bool:
    """True when the daemon that started this process already holds the lock of ``job``."""
    return job in os.environ.get(HELD_ENV, "").split(",")


@dataclass(frozen=True)
class HeldLock:
    """A lock this process holds: its file, and the descriptor a worker may inherit to share it."""

    path: Path
    fd: int


@contextmanager
def hold_lock(database: Path, job: str) -> Iterator[HeldLock]:
    """Hold the lock of ``job`` on ``database`` for the block, or raise ``JobLocked`` at once.

    A child process given ``fd`` (``pass_fds``) shares the lock: it stays held until both have
    exited, so a worker orphaned by a killed daemon still keeps a restarted daemon off its job.
    """
    path = lock_path(database, job)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        # A read-only or full disk under the store: say so in one line, like the store does.
        raise click.ClickException(f"{path}: cannot create lock file: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise JobLocked(job, path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield HeldLock(path, fd)
        finally:
            # Clear the pid before unlocking; the file itself stays (removing it would race
            # with a process that opened it and is about to lock it).
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def job_lock(config, job: str) -> Iterator[Path | None]:
    """Run a block as the only instance of ``job`` on ``config.database`` (see module docstring)."""
    if held_by_parent(job):
        yield None
        return
    with hold_lock(config.database, job) as held:
        yield held.path


def locked_command(job: str | Callable[[dict], str]) -> Callable:
    """Decorator for a click command with a ``config_path`` parameter: run it under its job lock.

    Put it below the click decorators: ``@locked_command("clip")``, or for per-source crawls
    ``@locked_command(lambda params: lock_name("crawl", params.get("sources")))``. A config that
    does not load is left to the command, which reports it as usual.
    """

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def inner(*args, **kwargs):
            from pipeline.config import ConfigError, load_config

            try:
                config = load_config(kwargs["config_path"])
            except ConfigError:
                return func(*args, **kwargs)
            with job_lock(config, job(kwargs) if callable(job) else job):
                return func(*args, **kwargs)

        return inner

    return wrap

