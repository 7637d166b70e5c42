"""The DuckDB store: connections, schema migrations and analyst views.

DuckDB lets one process hold a database file read-write, or several processes hold it read-only,
never both at once. Pantau therefore never keeps the file open: every writer opens it for one short
transaction (a batch of pages, articles or mentions) and closes it, and every reader (``pantau sql``,
``pantau coverage``, reports) does the same read-only. A connection that meets "Conflicting lock"
retries with backoff, so an analyst's query waits at most for one write batch, and a write waits for
the reader to finish instead of failing. Nothing is lost meanwhile: pages are in the WARC archive
before they are recorded here, and an unrecorded page is simply fetched or processed again.

DuckDB's write-ahead log makes each transaction atomic: a kill at any moment leaves the file at the
last committed batch.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

SQL = resources.files("pipeline") / "sql"
WRITER_GAP = 0.1  # seconds a writer leaves the store free for waiting readers
# Seconds of back-to-back transactions after which a writer leaves that gap: a reader waits at most
# about this long plus one transaction. A gap after every transaction cost a bulk re-tag with two
# processes a sixth of its time: its writer, not the tagging, sets the pace there.
WRITER_SPELL = 0.5


class StoreError(Exception):
    """The store cannot be used: missing, locked for too long, read-only, corrupt or disk full."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in version order."""
    found = []
    for item in (SQL / "migrations").iterdir():
        if item.name.endswith(".sql"):
            version = int(item.name.split("_", 1)[0])
            found.append((version, item.name, item.read_text(encoding="utf-8")))
    return sorted(found)


def view_scripts() -> list[tuple[str, str]]:
    """(name, sql) of the analyst view files, in name order."""
    return sorted(
        (item.name, item.read_text(encoding="utf-8"))
        for item in (SQL / "views").iterdir()
        if item.name.endswith(".sql")
    )


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table) -> Iterator[str]:
    """An Arrow ``table`` readable by SQL as ``name`` for the ``with`` block; yields the name.

    Bulk writes go through this (one ``INSERT``/``UPDATE ... SELECT`` over the table), never
    ``executemany``, which DuckDB runs one statement per row (~150 us each) while holding the GIL.
    """
    # DuckDB 2 refuses register() while an earlier execute() of this connection has rows left
    # unread (a fetchone() leaves them): run that result to its end first
    con.complete()
    con.register(name, table)
    try:
        yield name
    finally:
        con.unregister(name)


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


class Store:
    """A Pantau DuckDB file, opened briefly for each read or write transaction."""

    def __init__(
        self,
        path: Path,
        timezone: str = "Asia/Makassar",
        *,
        write_wait: float = 600.0,
        read_wait: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.timezone = timezone
        self.write_wait = write_wait
        self.read_wait = read_wait
        self._prepared = False
        self._last_write = float("-inf")  # when the last transaction ended
        self._spell_start = 0.0  # when the current run of back-to-back transactions began
        self._batches = 0  # depth of ``batches()`` blocks
        self._held: duckdb.DuckDBPyConnection | None = None  # the connection they keep open

    @classmethod
    def from_config(cls, config) -> "Store":
        return cls(config.database, config.timezone)

    # -- connections ---------------------------------------------------------------------------

    def _connect(self, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + wait
        delay = 0.01
        # A waiting reader retries often enough to get through the gap a writer leaves between
        # batches (WRITER_GAP); a waiting writer can afford to poll more slowly.
        max_delay = 0.04 if read_only else 0.25
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if not _is_lock_conflict(exc):
                    raise StoreError(f"{self.path}: cannot open store: {exc}") from None
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{self.path}: store busy for {wait:.0f}s (another process holds it); try again"
                    ) from None
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: cannot open store: {exc}") from None
            # Jitter keeps a polling reader and a writer from retrying in lockstep.
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, max_delay)
        con.execute(f"SET TimeZone = '{self.timezone}'")
        con.execute("SET enable_progress_bar = false")  # no bars on stderr in cron mails
        return con

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one query session."""
        if not self.path.exists():
            raise StoreError(f"{self.path}: no store yet (run `pantau run` or `pantau demo` first)")
        con = self._connect(read_only=True, wait=self.read_wait)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection holding one transaction: committed on success, else rolled back."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path.parent}: cannot create store folder: {exc}") from None
        con, self._held = self._held, None
        if con is not None and time.monotonic() - self._spell_start >= WRITER_SPELL:
            self._close(con)  # a connection kept by ``batches()``: readers get their gap below
            con = None
        if con is None:
            now = time.monotonic()
            # Back-to-back batches would starve readers: DuckDB's file lock is not fair, so a
            # writer that has committed batch after batch for WRITER_SPELL leaves a short gap for
            # anyone waiting (their retries are at most ~60 ms apart).
            if now - self._last_write >= WRITER_GAP:
                self._spell_start = now  # the store was free long enough: a new run of batches
            elif now - self._spell_start >= WRITER_SPELL:
                time.sleep(self._last_write + WRITER_GAP - now)
                self._spell_start = time.monotonic()
            con = self._connect(read_only=False, wait=self.write_wait)
        keep = False
        try:
            if not self._prepared:
                self._migrate(con)
                self._prepared = True
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            keep = self._batches > 0
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: write failed: {exc}") from exc
        finally:
            if keep:
                self._held = con
                self._last_write = time.monotonic()
            else:
                self._close(con)

    def _close(self, con: duckdb.DuckDBPyConnection) -> None:
        """Close a write connection; the store is free from now on."""
        try:
            con.close()
        finally:
            self._last_write = time.monotonic()

    @contextmanager
    def batches(self) -> Iterator[None]:
        """Back-to-back ``write()`` transactions inside share one connection until their readers'
        gap is due (``WRITER_SPELL``): the file is opened (~30 ms) and closed (a checkpoint, ~60
        ms) once per half second of batches instead of once per batch. For loops that write batch
        after batch and do not ``read()`` this store meanwhile (DuckDB refuses a process a
        read-only connection beside its own read-write one)."""
        self._batches += 1
        try:
            yield
        finally:
            self._batches -= 1
            if not self._batches and self._held is not None:
                con, self._held = self._held, None
                self._close(con)

    # -- schema --------------------------------------------------------------------------------

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        """Bring the file to the newest schema and (re)create the analyst views if they changed."""
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
        )
        current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        for version, name, sql in migrations():
            if version <= current:
                continue
            log.info("store %s: applying migration %s", self.path, name)
            con.execute("BEGIN TRANSACTION")
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        scripts = view_scripts()
        digest = hashlib.sha256("".join(sql for _, sql in scripts).encode()).hexdigest()
        stored = con.execute("SELECT value FROM settings WHERE key = 'views_hash'").fetchone()
        if stored is None or stored[0] != digest:
            con.execute("BEGIN TRANSACTION")
            for _, sql in scripts:
                con.execute(sql)
            con.execute(
                "INSERT OR REPLACE INTO settings VALUES ('views_hash', ?), ('timezone', ?)",
                [digest, self.timezone],
            )
            con.execute("COMMIT")

    def schema_version(self) -> int:
        with self.read() as con:
            return con.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def size_bytes(self) -> int:
        """Size of the database file plus its write-ahead log."""
        wal = self.path.with_name(self.path.name + ".wal")
        return sum(p.stat().st_size for p in (self.path, wal) if p.exists())
