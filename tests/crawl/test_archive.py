"""WARC archive: write, read back by offset, rotation, truncated tail after a kill."""

import os
import random
from datetime import datetime, timedelta, timezone

from pipeline.archive import WarcArchive, iter_records, read_record
from pipeline.records import FetchedPage

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def page(i: int, when=T0, size=200) -> FetchedPage:
    noise = random.Random(i).randbytes(size).hex()[:size]  # incompressible: predictable file sizes
    return FetchedPage(url=f"https://example.id/berita/{i}", final_url=f"https://www.example.id/berita/{i}/",
                       source="contoh", status=200, fetched_at=when,
                       headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                       body=(f"<html>berita {i} {noise}</html>").encode())


def test_write_and_read_back(tmp_path):
    with WarcArchive(tmp_path) as archive:
        refs = [archive.write(page(i)) for i in range(3)]
    assert [r[1] for r in refs] == [0, refs[0][2], refs[0][2] + refs[1][2]]
    headers, body, url, fetched = read_record(tmp_path, refs[1][0], refs[1][1])
    assert body == page(1).body
    assert url == "https://www.example.id/berita/1/"
    assert fetched == T0
    # the body is stored decoded: the transfer encoding header must not claim otherwise
    assert headers == {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(page(1).body))}
    assert [(r.canonical, r.source) for r in iter_records(tmp_path)] == [
        (f"https://example.id/berita/{i}", "contoh") for i in range(3)]


def test_rotation_by_day_and_size(tmp_path):
    with WarcArchive(tmp_path, max_bytes=1000) as archive:
        files = [archive.write(page(i, size=600))[0] for i in range(3)]
        files.append(archive.write(page(9, when=T0 + timedelta(days=1)))[0])
    # a file is rotated once it has passed max_bytes: records 0 and 1 share the first file
    assert files[0] == files[1] and len({files[1], files[2], files[3]}) == 3
    assert files[0].startswith("pantau-20261123-") and files[3].startswith("pantau-20261124-")
    assert len(list(iter_records(tmp_path))) == 4


def test_truncated_last_record_is_skipped(tmp_path):
    with WarcArchive(tmp_path) as archive:
        refs = [archive.write(page(i)) for i in range(3)]
    path = tmp_path / refs[0][0]
    os.truncate(path, path.stat().st_size - 30)  # what a kill -9 mid-write leaves
    assert [r.canonical for r in iter_records(tmp_path)] == [
        "https://example.id/berita/0", "https://example.id/berita/1"]
    assert read_record(tmp_path, refs[1][0], refs[1][1])[1] == page(1).body


def test_new_writer_never_appends(tmp_path):
    with WarcArchive(tmp_path) as a:
        first = a.write(page(1))[0]
    with WarcArchive(tmp_path) as b:
        second = b.write(page(2))[0]
    assert first != second
