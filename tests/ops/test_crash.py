"""Nothing lost, nothing doubled: kill -9 crawls at random moments against a loopback newsroom."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

from pipeline.archive import iter_file, iter_records, read_record
from pipeline.newsroom import serve_newsroom
from pipeline.store import Store

from .site import build_site, crawl_settings
from .support import PANTAU, ROOT, pantau, write_config

ARTICLES = 100


def _expected(base: str, paths: list[str], root: Path) -> dict[str, bytes]:
    return {base + p: (root / p.lstrip("/")).read_bytes().replace(b"{{BASE}}", base.encode()) for p in paths}


def _check_consistent(config, expected: dict[str, bytes]) -> int:
    """The store opens; every recorded page is there once and readable from the archive."""
    if not config.database.exists():
        return 0  # killed before its first write: nothing recorded, nothing to lose
    with Store.from_config(config).read() as con:
        rows = con.execute("SELECT url, warc_file, warc_offset, source, status FROM pages").fetchall()
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'ok' AND finished_at IS NULL").fetchone()[0] == 0
    urls = [row[0] for row in rows]
    assert len(urls) == len(set(urls))  # no page recorded twice
    for url, file, offset, source, status in rows:
        assert url in expected and (source, status) == ("kabar", 200)
        headers, body, archived_url, _ = read_record(config.archive, file, offset)
        assert (archived_url, body) == (url, expected[url])  # the whole page, not a part of it
    archived = [record.url for record in iter_records(config.archive)]  # a cut tail is skipped
    assert set(urls) <= set(archived) <= set(expected)
    return len(rows)


def test_kill_9_at_random_moments_then_a_full_run(tmp_path):
    rng = random.Random(20261128)  # random moments, reproducible
    root = tmp_path / "www"
    paths = build_site(root, 1, ARTICLES)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with serve_newsroom(root) as base:
        expected = _expected(base, paths, root)
        # A small per-request delay spreads the crawl over a few seconds so kills land mid-crawl.
        config = write_config(tmp_path, crawl=crawl_settings(download_delay=0.01, concurrency_per_domain=1),
                              sources=[{"name": "kabar", "homepage": base + "/", "feeds": [base + "/feed.xml"]}])
        counts, killed = [], 0
        for _ in range(4):
            child = subprocess.Popen([*PANTAU, "crawl", "--config", str(config.path)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.8, 2.4))
            if child.poll() is None:
                child.kill()
                killed += 1
            child.wait()
            counts.append(_check_consistent(config, expected))
        final = pantau("crawl", "--config", str(config.path))
        assert final.returncode == 0, final.stderr
        assert _check_consistent(config, expected) == ARTICLES  # every page, exactly once
        again = pantau("crawl", "--config", str(config.path))
        assert again.returncode == 0 and _check_consistent(config, expected) == ARTICLES
    assert killed >= 3, counts
    assert counts == sorted(counts)  # what was recorded stays recorded
    status = pantau("status", "--config", str(config.path), "--format", "json")
    assert status.returncode == 0, status.stderr


def test_truncated_warc_record_is_detected_and_skipped(tmp_path, caplog):
    root = tmp_path / "www"
    build_site(root, 1, 5)
    with serve_newsroom(root) as base:
        config = write_config(tmp_path, crawl=crawl_settings(),
                              sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
        assert pantau("crawl", "--config", str(config.path)).returncode == 0
    [warc] = sorted(config.archive.glob("*.warc.gz"))
    records = list(iter_file(warc))
    assert len(records) == 5
    cut = tmp_path / "cut.warc.gz"
    shutil.copy(warc, cut)
    with open(cut, "r+b") as handle:  # as a kill -9 in the middle of the last write leaves it
        handle.truncate(records[-1].offset + (warc.stat().st_size - records[-1].offset) // 2)
    survivors = list(iter_file(cut))
    assert [r.url for r in survivors] == [r.url for r in records[:-1]]
    assert [r.body for r in survivors] == [r.body for r in records[:-1]]
    assert "truncated or damaged record at the end skipped" in caplog.text


def _check_articles(config) -> tuple[int, int]:
    """Every page marked article has exactly one whole article; tags are all there or not at all."""
    if not config.database.exists():
        return 0, 0
    with Store.from_config(config).read() as con:
        marked = con.execute("SELECT url FROM pages WHERE extract_status = 'article' ORDER BY url").fetchall()
        rows = con.execute("SELECT url, title, text, tagged_at IS NOT NULL,"
                           " (SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id)"
                           " FROM articles a ORDER BY url").fetchall()
    assert [r[0] for r in rows] == [m[0] for m in marked]  # no orphan article, no article-less page
    tagged = 0
    for url, title, text, is_tagged, mentions in rows:
        number = int(url.rsplit("/", 1)[1].split(".")[0])
        assert title == f"Pemeriksaan kesehatan gratis di Paser, laporan {number}"
        assert text.count(f"(Laporan nomor {number}.)") == 4  # all four paragraphs: not half an article
        assert (mentions > 0) == is_tagged  # tagged with its mentions, or not tagged at all
        tagged += is_tagged
    return len(rows), tagged


def test_kill_9_during_processing_leaves_no_half_written_article(tmp_path):
    rng = random.Random(7)
    root = tmp_path / "www"
    build_site(root, 1, 30)  # a clean batch: no discard at all (pipeline.loader once failed on that)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with serve_newsroom(root) as base:
        config = write_config(tmp_path, crawl=crawl_settings(),
                              sources=[{"name": "kabar", "feeds": [base + "/feed.xml"]}])
        assert pantau("crawl", "--config", str(config.path)).returncode == 0
    seen = []
    for _ in range(2):
        child = subprocess.Popen([*PANTAU, "process", "--pending", "--jobs", "1", "--config", str(config.path)],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        child.kill()
        child.wait()
        seen.append(_check_articles(config))
    done = pantau("process", "--pending", "--jobs", "1", "--config", str(config.path))
    assert done.returncode == 0, done.stderr
    assert _check_articles(config) == (30, 30), seen
