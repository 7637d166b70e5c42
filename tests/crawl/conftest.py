"""Fixtures for crawler tests: loopback sites, a fast test config, and a crawl runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from server import Site  # noqa: E402

from pipeline.config import parse_config  # noqa: E402
from pipeline.store import Store  # noqa: E402

# Short delays and timeouts: politeness is exercised, but in tenths of seconds.
FAST = {
    "download_delay": 0,
    "autothrottle": False,
    "timeout_seconds": 1.0,
    "retries": 1,
    "retry_backoff_seconds": 0.05,
    "backoff_429_seconds": 0.3,
    "max_retry_after_seconds": 5,
    "concurrency_per_domain": 2,
    "max_response_bytes": 100_000,
}


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def other_site():
    with Site("localhost") as s:
        yield s


class Harness:
    """Builds a config for the given sources in a temp folder and runs crawls against it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    def config(self, sources: list[dict], **crawl):
        return parse_config({"crawl": {**FAST, **crawl}, "sources": sources}, self.tmp)

    def crawl(self, sources: list[dict], *, refetch: bool = False, names=None, **crawl):
        from crawlers.run import crawl as run_crawl

        self.cfg = self.config(sources, **crawl)
        self.store = Store(self.cfg.database)
        return run_crawl(self.cfg, self.store, sources=names, refetch=refetch)

    def query(self, sql: str, params=None) -> list[tuple]:
        with self.store.read() as con:
            return con.execute(sql, params or []).fetchall()

    def pages(self) -> list[str]:
        return [r[0] for r in self.query("SELECT url FROM pages ORDER BY url")]

    def discards(self) -> list[tuple[str, str]]:
        return sorted((r[0], r[1]) for r in self.query("SELECT url, reason FROM discards"))


@pytest.fixture
def harness(tmp_path) -> Harness:
    return Harness(tmp_path)


def rss(*links: str, extra: str = "") -> str:
    """An RSS 2.0 feed linking to the given URLs ({BASE} is the serving site)."""
    items = "".join(
        f"<item><title>Berita {i}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 23 Nov 2026 0{i % 10}:00:00 +0800</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>{items}{extra}</channel></rss>"


def article(title: str, canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"<html><head><title>{title}</title>{link}</head><body><h1>{title}</h1><p>Isi berita.</p></body></html>"
