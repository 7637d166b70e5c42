"""Backup and Parquet export while another process keeps writing: one consistent snapshot."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.backup import BackupError, backup, export_parquet
from pipeline.store import Store

from .support import ROOT, pantau

# Each transaction writes a run and its discard together: a consistent copy has both or neither.
WRITER = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from pathlib import Path

from pipeline.store import Store
store = Store(Path(sys.argv[1]))
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    with store.write() as con:
        run_id = con.execute("INSERT INTO runs (job, started_at, status) VALUES ('crawl', now(), 'ok')"
                             " RETURNING run_id").fetchone()[0]
        con.execute("INSERT INTO discards VALUES (now(), 'crawl', 'kabar', ?, 'http-404', NULL, ?)",
                    [f"http://127.0.0.1/{run_id}", run_id])
    time.sleep(0.005)
print("done", flush=True)
"""


def _writer(config, seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(config.database), str(seconds)],
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _pairs(con) -> tuple[int, int, int]:
    runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    discards = con.execute("SELECT count(*) FROM discards").fetchone()[0]
    joined = con.execute("SELECT count(*) FROM runs JOIN discards USING (run_id)").fetchone()[0]
    return runs, discards, joined


def test_backup_while_writing_is_consistent_and_usable(config, tmp_path):
    store = Store.from_config(config)
    with store.write():
        pass
    writer = _writer(config, 4)
    time.sleep(0.8)
    copies = []
    for i in range(3):
        done = pantau("backup", "--config", str(config.path), "--to", str(tmp_path / f"copy{i}.duckdb"))
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{tmp_path / f'copy{i}.duckdb'}\n"
        copies.append(tmp_path / f"copy{i}.duckdb")
    assert writer.stdout.read() == "done\n" and writer.wait() == 0
    seen = []
    for copy in copies:
        con = duckdb.connect(str(copy), read_only=True)
        runs, discards, joined = _pairs(con)
        assert runs == discards == joined > 0
        # Views, migrations and sequences came along: the copy is a working store.
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 1
        con.execute("SELECT count(*) FROM v_articles").fetchone()
        con.close()
        again = Store(copy)
        with again.write() as w:
            new_id = w.execute("INSERT INTO runs (job, started_at, status) VALUES ('x', now(), 'ok')"
                               " RETURNING run_id").fetchone()[0]
        assert new_id > runs  # the run_ids sequence continues, no key clash
        seen.append(runs)
    assert seen == sorted(seen)
    assert not list(tmp_path.glob("*.partial"))


def test_backup_refuses_to_overwrite_and_never_leaves_a_partial_file(config, tmp_path):
    store = Store.from_config(config)
    with store.write():
        pass
    target = tmp_path / "b.duckdb"
    assert backup(config, store, target) == target
    with pytest.raises(BackupError, match="already exists"):
        backup(config, store, target)
    assert backup(config, store, target, overwrite=True) == target
    default = backup(config, store)
    assert default.parent == config.database.parent / "backups"
    assert default.name.startswith("pantau-") and default.suffix == ".duckdb"
    with pytest.raises(BackupError, match="onto itself"):
        backup(config, store, config.database, overwrite=True)
    missing = Store(tmp_path / "none.duckdb")
    with pytest.raises(BackupError, match="no store to back up"):
        backup(config, missing, tmp_path / "x.duckdb")


def test_export_writes_one_parquet_per_table_from_one_snapshot(config, tmp_path):
    store = Store.from_config(config)
    with store.write():
        pass
    writer = _writer(config, 2.5)
    time.sleep(0.5)
    done = pantau("export", "--config", str(config.path), "--to", str(tmp_path / "pq"))
    assert done.returncode == 0, done.stderr
    writer.wait()
    files = sorted((tmp_path / "pq").iterdir())
    with store.read() as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
    assert [f.name for f in files] == [f"{t}.parquet" for t in tables]
    assert done.stdout.splitlines() == [str(f) for f in files]
    runs = pq.read_table(tmp_path / "pq" / "runs.parquet")
    discards = pq.read_table(tmp_path / "pq" / "discards.parquet")
    assert runs.num_rows == discards.num_rows > 0
    assert sorted(runs.column("run_id").to_pylist()) == sorted(discards.column("run_id").to_pylist())
    assert export_parquet(config, store, tmp_path / "pq") == files  # re-export replaces in place


def test_default_backups_keep_the_newest(config):
    store = Store.from_config(config)
    with store.write():
        pass
    folder = config.database.parent / "backups"
    folder.mkdir()
    for day in range(1, 6):
        (folder / f"pantau-202611{day:02d}-033000.duckdb").write_bytes(b"old")
    (folder / "keep-me.duckdb").write_bytes(b"not ours")
    done = pantau("backup", "--config", str(config.path), "--keep", "3")
    assert done.returncode == 0, done.stderr
    newest = Path(done.stdout.strip())
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["keep-me.duckdb", "pantau-20261104-033000.duckdb", "pantau-20261105-033000.duckdb", newest.name])
