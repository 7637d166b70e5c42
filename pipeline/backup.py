"""Consistent copies of the store while the daemon runs: ``pantau backup`` and ``pantau export``.

A backup attaches the store read-only (retrying while a writer holds it, like every reader does,
see ``pipeline.store``) and runs ``COPY FROM DATABASE`` into a new DuckDB file: tables, views,
sequences and data as of one snapshot. The copy is written to ``<target>.partial``, synced, then
renamed, so a crash or a full disk never leaves a half-written file under the target name.

An export writes one Parquet file per table from one read-only connection (one snapshot), each
to a ``.partial`` name renamed when complete.
"""

from __future__ import annotations

import logging
import os
import random
import time
from pathlib import Path

import duckdb

from pipeline.config import Config
from pipeline.logs import fields
from pipeline.store import Store, StoreError, _is_lock_conflict

log = logging.getLogger(__name__)


class BackupError(StoreError):
    """A backup or export that could not be written; nothing was left under the target name."""


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot remove partial file: %s", exc, extra=fields("backup", url=str(path),
                                                                          reason="cleanup"))


def default_target(config: Config) -> Path:
    """``<store folder>/backups/<store name>-YYYYMMDD-HHMMSS.duckdb`` in the configured zone."""
    stamp = config.now().strftime("%Y%m%d-%H%M%S")
    return config.database.parent / "backups" / f"{config.database.stem}-{stamp}.duckdb"


def _attach_source(con: duckdb.DuckDBPyConnection, database: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            con.execute(f"ATTACH '{_sql_path(database)}' AS src (READ_ONLY)")
            return
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise BackupError(f"{database}: cannot open store: {exc}") from None
            if time.monotonic() >= deadline:
                raise BackupError(f"{database}: store busy for {wait:.0f}s; try again") from None
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.5)


def backup(config: Config, store: Store, to: Path | None = None, *, overwrite: bool = False,
           wait: float | None = None) -> Path:
    """Write a consistent copy of the store to ``to`` (default: ``default_target``); returns it."""
    if not store.path.exists():
        raise BackupError(f"{store.path}: no store to back up")
    target = Path(to or default_target(config)).resolve()
    if target == store.path.resolve():
        raise BackupError(f"{target}: refusing to back up the store onto itself")
    if target.exists() and not overwrite:
        raise BackupError(f"{target}: already exists (choose another --to, or --overwrite)")
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"{target.parent}: cannot create backup folder: {exc}") from None
    _discard(partial)
    _discard(partial.with_name(partial.name + ".wal"))
    started = time.monotonic()
    con = duckdb.connect(":memory:")
    try:
        _attach_source(con, store.path, store.read_wait if wait is None else wait)
        con.execute(f"ATTACH '{_sql_path(partial)}' AS dst")
        con.execute("COPY FROM DATABASE src TO dst")
        con.execute("DETACH dst")  # checkpoints the copy into its file
        con.execute("DETACH src")
    except BackupError:
        con.close()
        _discard(partial)
        raise
    except (duckdb.Error, OSError) as exc:
        con.close()
        _discard(partial)
        _discard(partial.with_name(partial.name + ".wal"))
        raise BackupError(f"{target}: backup failed, nothing written: {str(exc).splitlines()[0]}") from None
    con.close()
    try:
        _fsync(partial)
        os.replace(partial, target)
    except OSError as exc:
        _discard(partial)
        raise BackupError(f"{target}: backup failed, nothing written: {exc}") from None
    log.info("backup written: %d bytes in %.1fs", target.stat().st_size, time.monotonic() - started,
             extra=fields("backup", url=str(target)))
    return target


def prune_backups(config: Config, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in the default folder; returns what was deleted."""
    folder = config.database.parent / "backups"
    # The timestamp in the name sorts like time, so no clock or mtime is trusted here.
    found = sorted(folder.glob(f"{config.database.stem}-????????-??????.duckdb"))
    old = found[:-keep] if keep > 0 else found
    for path in old:
        _discard(path)
        log.info("old backup removed", extra=fields("backup", url=str(path), reason="retention"))
    return old


def export_parquet(config: Config, store: Store, to: Path) -> list[Path]:
    """One ``<table>.parquet`` per store table in folder ``to``, all from one snapshot."""
    to = Path(to)
    try:
        to.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"{to}: cannot create export folder: {exc}") from None
    written: list[Path] = []
    with store.read() as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            " AND schema_name = 'main' AND NOT internal ORDER BY table_name").fetchall()]
        for table in tables:
            target = to / f"{table}.parquet"
            partial = to / f"{table}.parquet.partial"
            try:
                con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{_sql_path(partial)}' (FORMAT parquet)")
                os.replace(partial, target)
            except (duckdb.Error, OSError) as exc:
                _discard(partial)
                raise BackupError(f"{target}: export failed: {str(exc).splitlines()[0]}") from None
            written.append(target)
    log.info("exported %d tables", len(written), extra=fields("export", url=str(to)))
    return written
