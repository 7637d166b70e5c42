"""The raw archive: every fetched article page, headers and body, as WARC records (warcio).

Each record is its own gzip member, so a record can be read back from ``(file, offset)`` alone and
a file cut short by a kill -9 loses only its last, unfinished record. A writer never appends to an
existing file: every ``WarcArchive`` starts a new file (named with the UTC date, time and process id)
and rotates to another when the day changes or the file passes ``max_bytes``. Records are flushed to
the OS as written; ``sync()`` makes them durable and the crawler calls it before it records the
pages in the store, so a page in ``pages`` is always readable from the archive.

    archive = WarcArchive(config.archive)
    file, offset, length = archive.write(page)
    headers, body, url, fetched_at = read_record(config.archive, file, offset)
"""

from __future__ import annotations

import io
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.records import FetchedPage

log = logging.getLogger(__name__)

# Headers describing the transfer, not the page: the body is stored decoded and whole.
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
SOURCE_HEADER = "WARC-Pantau-Source"
CANONICAL_HEADER = "WARC-Pantau-Canonical"


class ArchiveError(Exception):
    """The archive cannot be written (folder missing or not creatable, disk full, read-only)."""


def _archive_error(folder: Path, exc: OSError) -> ArchiveError:
    return ArchiveError(f"{folder}: cannot write the raw archive: {exc.strerror or exc}")


@dataclass(frozen=True, slots=True)
class ArchivedRecord:
    """One response record read back from the archive."""

    file: str
    offset: int
    url: str
    canonical: str | None
    source: str | None
    fetched_at: datetime
    status: int
    headers: dict[str, str]
    body: bytes


class WarcArchive:
    """Writes FetchedPage records to rotated, gzip-per-record WARC files under ``folder``."""

    def __init__(self, folder: Path, *, max_bytes: int = 1_000_000_000, prefix: str = "pantau") -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self._fh: io.BufferedWriter | None = None
        self._name: str | None = None
        self._day: str | None = None
        self._pos = 0
        self._seq = 0

    def ensure_folder(self) -> None:
        """Create the archive folder, or raise ArchiveError naming it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _archive_error(self.folder, exc) from None

    def _open(self, when: datetime) -> None:
        self.close()
        self.ensure_folder()
        day = when.strftime("%Y%m%d")
        while True:
            self._seq += 1
            name = f"{self.prefix}-{day}-{when:%H%M%S}-{os.getpid()}-{self._seq:03d}.warc.gz"
            if not (self.folder / name).exists():
                break
        # "xb": never reuse a file another writer (or a killed run) left behind.
        try:
            self._fh = open(self.folder / name, "xb")
        except OSError as exc:
            raise _archive_error(self.folder, exc) from None
        self._name, self._day, self._pos = name, day, 0
        log.info("archive: writing %s", self.folder / name)

    def write(self, page: FetchedPage) -> tuple[str, int, int]:
        """Append one page as a WARC response record; returns (file name, offset, length).

        Raises ArchiveError when the record cannot be written (the partial record, if any, is at
        the file's end, where readers skip it).
        """
        try:
            return self._write(page)
        except OSError as exc:
            raise _archive_error(self.folder, exc) from None

    def _write(self, page: FetchedPage) -> tuple[str, int, int]:
        when = page.fetched_at.astimezone(timezone.utc)
        if self._fh is None or self._day != when.strftime("%Y%m%d") or self._pos >= self.max_bytes:
            self._open(when)
        assert self._fh is not None and self._name is not None
        headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _TRANSFER_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        http_headers = StatusAndHeaders(f"{page.status} -", headers, protocol="HTTP/1.1")
        writer = WARCWriter(self._fh, gzip=True)
        warc_headers = {
            "WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            SOURCE_HEADER: page.source,
            CANONICAL_HEADER: page.url,
        }
        record = writer.create_warc_record(
            page.final_url, "response", payload=io.BytesIO(page.body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )
        offset = self._pos
        writer.write_record(record)
        self._fh.flush()
        self._pos = self._fh.tell()
        return self._name, offset, self._pos - offset

    def sync(self) -> None:
        """Make every record written so far durable (fsync)."""
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def sync_handle(self) -> int | None:
        """A duplicate descriptor of the current file, for a writer thread to fsync and close.

        The records written so far are flushed to the OS here; ``os.fsync(fd)`` then makes them
        durable without blocking the caller (a rotation closing the file does not affect the dup).
        """
        if self._fh is None:
            return None
        try:
            self._fh.flush()
            return os.dup(self._fh.fileno())
        except OSError as exc:
            raise _archive_error(self.folder, exc) from None

    def close(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as exc:
                raise _archive_error(self.folder, exc) from None
            finally:
                try:
                    fh.close()
                except OSError:
                    pass  # the flush above already failed and said why

    def __enter__(self) -> "WarcArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _parse_date(value: str | None) -> datetime:
    if not value:
        return datetime.fromtimestamp(0, timezone.utc)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _to_record(file: str, offset: int, record) -> ArchivedRecord:
    body = record.content_stream().read()
    expected = record.http_headers.get_header("Content-Length") if record.http_headers else None
    if expected is not None and expected.isdigit() and int(expected) != len(body):
        raise EOFError(f"record body has {len(body)} bytes, header says {expected}")
    status_line = record.http_headers.get_statuscode() if record.http_headers else "0"
    return ArchivedRecord(
        file=file,
        offset=offset,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        canonical=record.rec_headers.get_header(CANONICAL_HEADER),
        source=record.rec_headers.get_header(SOURCE_HEADER),
        fetched_at=_parse_date(record.rec_headers.get_header("WARC-Date")),
        status=int(status_line) if str(status_line).isdigit() else 0,
        headers=dict(record.http_headers.headers) if record.http_headers else {},
        body=body,
    )


def read_record(folder: Path, file: str, offset: int) -> tuple[dict[str, str], bytes, str, datetime]:
    """The record at ``offset`` in ``folder/file``: (HTTP headers, body, URL, fetched_at)."""
    with open(Path(folder) / file, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            rec = _to_record(file, offset, record)
            return rec.headers, rec.body, rec.url, rec.fetched_at
    raise EOFError(f"{file}: no WARC record at offset {offset}")


def _complete_gzip(fh, offset: int, length: int) -> bool:
    """True when the bytes at offset form one whole gzip member (a cut one has no end marker)."""
    here = fh.tell()
    try:
        fh.seek(offset)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        remaining = length
        while remaining > 0 and not inflater.eof:
            chunk = fh.read(min(65536, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            inflater.decompress(chunk)
        return inflater.eof
    except zlib.error:
        return False
    finally:
        fh.seek(here)


def iter_file(path: Path) -> Iterator[ArchivedRecord]:
    """Every complete response record of one WARC file; a truncated last record is skipped, logged."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        try:
            for record in iterator:
                if record.rec_type != "response":
                    continue
                offset = iterator.offset  # get_record_offset() would read the record to its end
                rec = _to_record(path.name, offset, record)
                length = iterator.get_record_length()
                if offset + length >= size and not _complete_gzip(fh, offset, length):
                    raise EOFError(f"last record at offset {offset} is cut short")
                yield rec
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
            log.warning("archive: %s: truncated or damaged record at the end skipped (%s)", path, exc)


def iter_records(folder: Path) -> Iterator[ArchivedRecord]:
    """Every complete record of every WARC file under ``folder``, oldest file first."""
    for path in sorted(Path(folder).glob("*.warc.gz")):
        yield from iter_file(path)
