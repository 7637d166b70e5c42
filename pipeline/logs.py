"""Structured, rotated logging for every Pantau command and the daemon.

One line per event: ``time level logger stage= source= url= reason= message``. Components pass the
fields with ``extra=fields(stage="crawl", source=name, url=url, reason="http-404")``; a missing
field prints as ``-`` so every line has the same columns for ``grep``/``awk``. Messages and
tracebacks never span lines (newlines are escaped), so one line is one event.

Lines go to ``<logs>/pantau.log`` (rotated by size, kept ``BACKUPS`` times) and, for warnings (or
everything with ``verbose``), to stderr. Several processes (the daemon, its worker subprocesses,
cron runs) append to the same file; rotation is serialised with a lock file so two processes never
rotate the same file twice (the stock handler would drop lines then).
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from zoneinfo import ZoneInfo

FIELDS = ("stage", "source", "url", "reason")
LOG_FILE = "pantau.log"
MAX_BYTES = 10_000_000
BACKUPS = 10

_COLOURS = {"WARNING": "\033[33m", "ERROR": "\033[31m", "CRITICAL": "\033[1;31m"}


def fields(
    stage: str | None = None, source: str | None = None, url: str | None = None, reason: str | None = None
) -> dict[str, str | None]:
    """The ``extra=`` mapping for a structured log line."""
    return {"stage": stage, "source": source, "url": url, "reason": reason}


def _value(value: object) -> str:
    if value is None or value == "":
        return "-"
    text = str(value).replace("\n", "\\n")
    # Quote values that would break "key=value" splitting.
    return f'"{text}"' if (" " in text or '"' in text) else text


class EventFormatter(logging.Formatter):
    """Formats a record as one structured line; times in the configured zone, with offset."""

    def __init__(self, timezone: str = "UTC", colour: bool = False) -> None:
        super().__init__()
        self.tz = ZoneInfo(timezone)
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, self.tz).isoformat(timespec="milliseconds")
        level = record.levelname
        if self.colour and level in _COLOURS:
            level = f"{_COLOURS[level]}{level}\033[0m"
        parts = [when, level, record.name]
        parts += [f"{key}={_value(getattr(record, key, None))}" for key in FIELDS]
        message = record.getMessage()
        if record.exc_info:
            message += " | " + self.formatException(record.exc_info)
        parts.append(message.replace("\r", "").replace("\n", "\\n"))
        return " ".join(parts)


class SharedRotatingFileHandler(RotatingFileHandler):
    """A size-rotated file that several processes may append to."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
        self.lock_file = Path(f"{path}.lock")

    def _reopen_if_rotated(self) -> None:
        if self.stream is None:
            return
        try:
            moved = os.stat(self.baseFilename).st_ino != os.fstat(self.stream.fileno()).st_ino
        except FileNotFoundError:
            moved = True
        if moved:
            self.stream.close()
            self.stream = self._open()

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        self._reopen_if_rotated()
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        with open(self.lock_file, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                # Another process may have rotated while we waited for the lock.
                size = os.path.getsize(self.baseFilename) if os.path.exists(self.baseFilename) else 0
                if size < self.maxBytes:
                    if self.stream:
                        self.stream.close()
                    self.stream = self._open()
                else:
                    super().doRollover()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _ours(handler: logging.Handler) -> bool:
    return getattr(handler, "_pantau", False)


def configure(config=None, *, verbose: bool = False) -> Path | None:
    """Install Pantau's handlers on the root logger (idempotent); returns the log file, if any."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if _ours(h)]:
        root.removeHandler(handler)
        handler.close()
    timezone = config.timezone if config is not None else "UTC"
    root.setLevel(logging.DEBUG if verbose else logging.INFO)

    console = logging.StreamHandler(sys.stderr)
    # A person at a terminal sees progress (INFO); cron and journald get warnings and errors only,
    # the full record goes to the log file.
    console.setLevel(logging.DEBUG if verbose else logging.INFO if sys.stderr.isatty() else logging.WARNING)
    # Colour only for a person at a terminal; cron mail and journald get plain lines.
    console.setFormatter(EventFormatter(timezone, colour=sys.stderr.isatty()))
    console._pantau = True  # type: ignore[attr-defined]
    root.addHandler(console)

    # Third-party chatter (Scrapy's per-request debug lines, APScheduler's ticks) stays out of the
    # file unless asked for.
    for noisy in ("scrapy", "apscheduler.scheduler", "apscheduler.executors", "twisted", "filelock"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)

    if config is None:
        return None
    path = Path(config.logs) / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            raise PermissionError("folder is not writable")
        handler = SharedRotatingFileHandler(path)
    except OSError as exc:
        # A job must not fail because its log folder is unusable; say so where someone looks.
        logging.getLogger(__name__).warning("cannot write log file %s: %s", path, exc)
        return None
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.setFormatter(EventFormatter(timezone))
    handler._pantau = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
