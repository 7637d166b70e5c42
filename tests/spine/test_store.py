"""The DuckDB store: migrations, transactions, and analysts reading while the pipeline writes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import duckdb
import pytest

from pipeline import store as store_module
from pipeline.store import Store, StoreError, migrations

from tests.conftest import ROOT


def test_new_store_has_every_migration_and_the_views(tmp_path):
    store = Store(tmp_path / "p.duckdb")
    with store.write() as con:
        con.execute("SELECT 1")
    with store.read() as con:
        versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert versions == [v for v, _, _ in migrations()]
    assert {"v_articles", "v_mentions"} <= views


def test_an_older_file_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    first_version, name, sql = migrations()[0]
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)")
    con.execute(sql)
    con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [first_version, name])
    con.execute("INSERT INTO settings VALUES ('marker', 'kept')")
    con.close()
    store = Store(path)
    with store.write():
        pass
    assert store.schema_version() == migrations()[-1][0]
    with store.read() as con:
        assert con.execute("SELECT value FROM settings WHERE key = 'marker'").fetchone() == ("kept",)


def test_a_failed_write_is_rolled_back(tmp_path):
    store = Store(tmp_path / "p.duckdb")
    with pytest.raises(RuntimeError):
        with store.write() as con:
            con.execute("INSERT INTO settings VALUES ('half', 'written')")
            raise RuntimeError("crash mid-batch")
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM settings WHERE key = 'half'").fetchone() == (0,)


def test_reading_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="no store yet"):
        with Store(tmp_path / "none.duckdb").read():
            pass


def test_sql_command_is_read_only(tmp_path, cli):
    (tmp_path / "config.yaml").write_text("database: p.duckdb\n")
    with Store(tmp_path / "p.duckdb").write():
        pass
    ok = cli("sql", "SELECT count(*) AS n FROM v_articles", "--config", tmp_path / "config.yaml", "--format", "json")
    assert ok.exit_code == 0 and json.loads(ok.output) == [{"n": 0}]
    denied = cli("sql", "DELETE FROM articles", "--config", tmp_path / "config.yaml")
    assert denied.exit_code == 1 and "read-only" in denied.output


WRITER = """
import contextlib, sys, time
from pathlib import Path
from pipeline.store import Store
store = Store(Path(sys.argv[1]))
with store.batches() if sys.argv[3] == "batches" else contextlib.nullcontext():
    for batch in range(int(sys.argv[2])):
        with store.write() as con:
            con.executemany("INSERT INTO settings VALUES (?, ?)",
                            [(f"k{batch}-{i}", "v") for i in range(50)])
            time.sleep(0.05)  # a batch that takes a while, like a page batch
print("writer done", flush=True)
"""

READER = """
import json, subprocess, sys, time
from pathlib import Path
from pipeline.store import Store
store = Store(Path(sys.argv[1]))
latencies, errors, cli_errors = [], 0, 0
deadline = time.monotonic() + float(sys.argv[3])
while time.monotonic() < deadline:
    t = time.monotonic()
    try:
        with store.read() as con:
            con.execute("SELECT count(*) FROM settings").fetchone()
    except Exception:
        errors += 1
    latencies.append(time.monotonic() - t)
    time.sleep(0.02)
for _ in range(3):  # the analyst's command line, same path
    r = subprocess.run([sys.executable, "-m", "pipeline", "sql", "SELECT count(*) AS n FROM settings",
                        "--config", sys.argv[2], "--format", "json"], capture_output=True, text=True)
    cli_errors += r.returncode != 0
print(json.dumps({"queries": len(latencies), "max": max(latencies), "errors": errors,
                  "cli_errors": cli_errors}))
"""


@pytest.mark.parametrize("mode", ["one connection per batch", "batches"])
def test_analysts_query_while_the_pipeline_writes(tmp_path, mode):
    """Two real processes: a writer committing 60 batches and a reader polling `pantau sql`."""
    (tmp_path / "config.yaml").write_text("database: p.duckdb\n")
    db = tmp_path / "p.duckdb"
    with Store(db).write():
        pass
    env_cwd = dict(cwd=ROOT, capture_output=True, text=True)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "60", mode], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    reader = subprocess.run([sys.executable, "-c", textwrap.dedent(READER), str(db),
                             str(tmp_path / "config.yaml"), "5"], **env_cwd)
    out, _ = writer.communicate(timeout=120)
    assert writer.returncode == 0 and "writer done" in out
    stats = json.loads(reader.stdout)
    assert stats["errors"] == 0 and stats["cli_errors"] == 0
    assert stats["queries"] >= 5, stats
    assert stats["max"] < 2.0, stats  # every answer within a few seconds while batches commit
    with Store(db).read() as con:  # no write was lost to the reader
        assert con.execute("SELECT count(*) FROM settings WHERE key LIKE 'k%'").fetchone() == (3000,)


class _Clock:
    """``time`` for ``pipeline.store``: a clock that moves only when told to or slept on."""

    def __init__(self) -> None:
        self.now, self.slept = 1000.0, []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_a_writer_leaves_readers_a_gap_after_each_spell_of_batches(tmp_path, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(store_module, "time", clock)
    store = Store(tmp_path / "p.duckdb")
    for _ in range(12):  # back to back, each batch holding the store for 0.15 s
        with store.write():
            clock.now += 0.15
    # a gap once the batches have run for WRITER_SPELL (0.5 s): after every fourth batch here
    assert store_module.WRITER_SPELL == 0.5 and store_module.WRITER_GAP == 0.1
    assert clock.slept == [0.1, 0.1]
    clock.now += 0.1  # the store was free for a gap anyway: a new spell, no wait
    with store.write():
        clock.now += 0.15
    assert clock.slept == [0.1, 0.1]


def test_batches_share_a_connection_until_the_readers_gap(tmp_path, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(store_module, "time", clock)
    store = Store(tmp_path / "p.duckdb")
    opened = []
    connect = store._connect
    monkeypatch.setattr(store, "_connect", lambda **kw: opened.append(clock.now) or connect(**kw))
    with store.batches():
        for batch in range(8):  # back to back, 0.15 s each
            with store.write() as con:
                con.execute("INSERT INTO settings VALUES (?, 'v')", [f"b{batch}"])
                clock.now += 0.15
        # one connection per half second of batches, each after the readers' gap but the first
        assert len(opened) == 2 and clock.slept == [0.1]
        with pytest.raises(StoreError):
            with store.write() as con:  # a failed batch is rolled back and its connection closed
                con.execute("INSERT INTO settings VALUES ('b0', 'again')")
        assert store._held is None
        with store.write() as con:
            con.execute("INSERT INTO settings VALUES ('last', 'v')")
    assert store._held is None  # closed with the block: another process may open the file now
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM settings WHERE value = 'v'").fetchone() == (9,)


def test_registered_table_after_a_partly_read_result(tmp_path):
    """A ``fetchone()`` leaves rows unread, which made DuckDB 2 refuse ``register``."""
    import pyarrow as pa

    from pipeline.store import registered

    store = Store(tmp_path / "p.duckdb")
    with store.write() as con:
        con.execute("CREATE TABLE t (a INTEGER)")
        con.execute("INSERT INTO t VALUES (1), (2)")
        assert con.execute("SELECT a FROM t ORDER BY a").fetchone() == (1,)
        with registered(con, "batch", pa.table({"a": [3, 4]})) as name:
            con.execute(f"INSERT INTO t SELECT a FROM {name}")
        assert con.execute("SELECT list(a ORDER BY a) FROM t").fetchone()[0] == [1, 2, 3, 4]
        with pytest.raises(duckdb.CatalogException):
            con.execute("SELECT * FROM batch")  # gone after the block


def test_loader_writes_and_replaces_exact_rows(tmp_path):
    """Articles and taggings go in as one statement per table; a second write replaces the first."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from pipeline import loader
    from pipeline.records import Article, Candidate, Mention, Quote, Tagging, Tone

    store = Store(tmp_path / "p.duckdb")
    at = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)
    articles = [(7, Article("https://a.test/1", "Kabar Paser", "Judul", "Teks.", at, "page", categories=("Daerah",)),
                 "judul", b"\x01"),
                (8, Article("https://a.test/2", "Kabar Paser", "Dua", "Teks dua.", at, "fetched"), "dua", b"\x02")]
    first = Tagging((Mention("dinkes", "agency", 2, 1, 1, 0, "Dinkes hadir.", "positif"),
                     Mention("other:x", "agency", 1, paser=False)),
                    (Quote("Fahmi", "Kami siap.", "fahmi-fadli", "kata"), Quote("warga", "Bagus.")),
                    Tone("positif", 0.5, ("siap",), ()),
                    (Candidate("Dinas Baru", "agency", "Dinas Baru hadir."),))
    second = Tagging((Mention("bupati", "official", 1),), (), Tone("negatif", -1.0, (), ("gagal",)), ())
    with store.write() as con:
        assert loader.save_articles(con, articles, ZoneInfo("Asia/Makassar"), at) == 2
        assert loader.save_taggings(con, [(7, first), (8, first)], "v1", at) == 2
    with store.read() as con:
        assert con.execute("SELECT article_id, published_local, published_date, date_missing, categories, tags"
                           " FROM articles ORDER BY 1").fetchall() == [
            (7, datetime(2026, 3, 2, 9, 30), datetime(2026, 3, 2).date(), False, ["Daerah"], []),
            (8, datetime(2026, 3, 2, 9, 30), datetime(2026, 3, 2).date(), True, [], [])]
        assert con.execute("SELECT * FROM mentions WHERE article_id = 7 ORDER BY entity_id").fetchall() == [
            (7, "dinkes", "agency", True, 2, 1, 1, 0, "Dinkes hadir.", "positif"),
            (7, "other:x", "agency", False, 1, 0, 0, 0, "", "netral")]
        assert con.execute("SELECT * FROM quotes WHERE article_id = 8 ORDER BY seq").fetchall() == [
            (8, 0, "Fahmi", "fahmi-fadli", "kata", "Kami siap."), (8, 1, "warga", None, "", "Bagus.")]
        assert con.execute("SELECT * FROM candidates").fetchall() == [
            (7, "Dinas Baru", "agency", "Dinas Baru hadir."), (8, "Dinas Baru", "agency", "Dinas Baru hadir.")]
    with store.write() as con:
        loader.save_taggings(con, [(7, second)], "v2", at)
    with store.read() as con:
        assert con.execute("SELECT article_id, entity_id FROM mentions ORDER BY 1, 2").fetchall() == [
            (7, "bupati"), (8, "dinkes"), (8, "other:x")]
        assert con.execute("SELECT count(*) FROM quotes WHERE article_id = 7").fetchone() == (0,)
        assert con.execute("SELECT article_id, tone, tone_score, tone_words, catalog_version FROM articles"
                           " ORDER BY 1").fetchall() == [
            (7, "negatif", -1.0, '{"positif": [], "negatif": ["gagal"]}', "v2"),
            (8, "positif", 0.5, '{"positif": ["siap"], "negatif": []}', "v1")]
