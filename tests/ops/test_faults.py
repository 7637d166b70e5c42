"""Disk full, read-only store, archive folder missing: a clear error, non-zero exit, nothing corrupted,
nothing lost once the fault is gone.

Disk full and read-only are real: a small tmpfs mounted for the test (root only, as in CI; the
tests skip elsewhere). Root ignores file modes, so "read-only store" is a read-only remount.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pipeline.archive import iter_records
from pipeline.backup import BackupError, backup
from pipeline.newsroom import serve_newsroom
from pipeline.store import Store

from .site import build_site, crawl_settings
from .support import pantau, write_config


def _mount(folder: Path, *options: str) -> None:
    subprocess.run(["mount", "-o", ",".join(options), *(["-t", "tmpfs", "tmpfs"] if "remount" not in options
                                                         else []), str(folder)],
                   check=True, capture_output=True)


def _tinyfs(folder: Path, size: str = "6m") -> Path:
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    try:
        _mount(folder, f"size={size}")
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    return folder


@pytest.fixture
def tiny(tmp_path):
    """A 6 MB filesystem at tmp_path/tiny (tmpfs), unmounted afterwards."""
    yield _tinyfs(tmp_path / "tiny")
    subprocess.run(["umount", "-l", str(tmp_path / "tiny")], check=False)


def _big_site(root: Path, n: int) -> None:
    build_site(root, 1, n)
    for page in (root / "berita").glob("*.html"):
        # Incompressible filler: the archive gzips records, and the disk must fill up.
        page.write_text(page.read_text().replace("</article>", f"<p>{os.urandom(100_000).hex()}</p></article>"))


def _one_line(stderr: str) -> bool:
    return len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def _pages(config) -> list[str]:
    with Store.from_config(config).read() as con:
        return sorted(r[0] for r in con.execute("SELECT url FROM pages").fetchall())


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory):
    """One crawl of 60 large pages onto a 6 MB store-and-archive disk: (base, config, result)."""
    tmp_path = tmp_path_factory.mktemp("diskfull")
    tiny = _tinyfs(tmp_path / "tiny")
    root = tmp_path / "www"
    _big_site(root, 60)
    try:
        with serve_newsroom(root) as base:
            config = write_config(tmp_path, database=str(tiny / "pantau.duckdb"), archive=str(tiny / "raw"),
                                  crawl=crawl_settings(max_response_bytes=1_000_000),
                                  sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
            done = pantau("crawl", "--config", str(config.path))
            yield base, config, done, tiny
    finally:
        subprocess.run(["umount", "-l", str(tiny)], check=False)


def test_disk_full_during_a_crawl_fails_and_corrupts_nothing(disk_full):
    _, config, done, _ = disk_full
    assert done.returncode != 0
    assert "No space left on device" in done.stderr
    recorded = _pages(config)  # the store still opens
    archived = {r.url for r in iter_records(config.archive)}  # the cut tail is skipped
    assert set(recorded) <= archived


def test_disk_full_crawl_error_is_one_line(disk_full):
    done = disk_full[2]
    assert done.returncode != 0 and _one_line(done.stderr), done.stderr


def test_nothing_lost_once_space_is_freed(disk_full):
    base, config, done, tiny = disk_full
    _mount(tiny, "remount", "size=64m")
    again = pantau("crawl", "--config", str(config.path))
    assert again.returncode == 0, again.stderr
    assert _pages(config) == sorted(f"{base}/berita/{i}.html" for i in range(1, 61))


def test_backup_onto_a_full_disk_leaves_nothing(tmp_path, tiny):
    config = write_config(tmp_path)
    store = Store.from_config(config)
    with store.write() as con:
        con.execute("CREATE TABLE filler AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS h"
                    " FROM range(400000) t(i)")
    with pytest.raises(BackupError, match="backup failed, nothing written"):
        backup(config, store, tiny / "copy.duckdb")
    assert list(tiny.iterdir()) == []
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM filler").fetchone()[0] == 400000


def test_read_only_store_is_a_clear_error_and_stays_intact(tmp_path, tiny):
    root = tmp_path / "www"
    build_site(root, 1, 10)
    with serve_newsroom(root) as base:
        config = write_config(tmp_path, database=str(tiny / "pantau.duckdb"), archive="raw",
                              crawl=crawl_settings(), sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
        assert pantau("crawl", "--config", str(config.path)).returncode == 0
        before = config.database.read_bytes()
        _mount(tiny, "remount", "ro")
        try:
            build_site(root, 1, 20)
            crawl = pantau("crawl", "--config", str(config.path))
            assert crawl.returncode == 1
            # The crawl's job lock (beside the store) or the store itself: either way one clear line.
            assert crawl.stderr in (
                f"Error: {config.database}.crawl.lock: cannot create lock file: Read-only file system\n",
                f"Error: {config.database}: cannot open store: IO Error: Cannot open file"
                f" \"{config.database}\": Read-only file system\n")
            house = pantau("schedule", "--run-now", "housekeeping", "--config", str(config.path))
            assert house.returncode == 1
            assert house.stderr == (f"Error: {config.database}.housekeeping.lock: cannot create lock file:"
                                    " Read-only file system\n")
            query = pantau("sql", "SELECT count(*) FROM pages", "--config", str(config.path), "--format", "csv")
            assert query.stdout == "count_star()\n10\n"  # analysts can still read it
            assert pantau("status", "--config", str(config.path)).returncode == 0
            assert config.database.read_bytes() == before
        finally:
            _mount(tiny, "remount", "rw")
        assert pantau("crawl", "--config", str(config.path)).returncode == 0
        assert len(_pages(config)) == 20


def test_archive_folder_missing_is_a_clear_error_and_loses_nothing(tmp_path):
    root = tmp_path / "www"
    build_site(root, 1, 10)
    (tmp_path / "unmounted").write_text("a file where the archive disk should be mounted")
    with serve_newsroom(root) as base:
        broken = write_config(tmp_path, archive="unmounted/raw", crawl=crawl_settings(),
                              sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
        done = pantau("crawl", "--config", str(broken.path))
        assert done.returncode != 0 and "unmounted/raw" in done.stderr and _one_line(done.stderr), done
        fixed = write_config(tmp_path, archive="raw", crawl=crawl_settings(),
                             sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
        assert pantau("crawl", "--config", str(fixed.path)).returncode == 0
        assert len(_pages(fixed)) == 10
