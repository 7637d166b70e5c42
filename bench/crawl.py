"""Crawl benchmark: Pantau's crawler against a bare Scrapy spider on a loopback newsroom.

    .venv/bin/python bench/crawl.py [--articles 2000] [--rounds 3] [--memory-articles 10000]

1. Throughput: a loopback newsroom (its own process) with N articles listed by RSS feeds (100 items
   each) and a sitemap index; Pantau's full crawl (feeds, sitemaps, canonical URLs, WARC archive,
   DuckDB batches) vs. a bare Scrapy spider requesting the same feed, sitemap and article URLs
   (links found by a regex, nothing parsed or kept) with the same concurrency, politeness off for
   both, alternating, each run in a fresh process, median of ``--rounds``. Target: Pantau >= 0.7x the bare spider's pages/s.
2. Incremental: a second Pantau crawl of the same store with nothing new; the server counts what
   it was asked for. Target: at most one request per feed/sitemap, no article page.
3. Memory: peak RSS of a Pantau crawl of ``--memory-articles`` pages. Target: < 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONCURRENCY = 16
PER_FEED = 100
PER_SITEMAP = 500
POLITENESS_OFF = {"CONCURRENT_REQUESTS": CONCURRENCY, "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
                  "ROBOTSTXT_OBEY": False, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                  "LOG_LEVEL": "WARNING", "LOGSTATS_INTERVAL": 0}


# -- the loopback newsroom ------------------------------------------------------------------------

def layout(n: int) -> dict[str, list[str]]:
    """Paths of the newsroom: half the articles in feeds, half in sitemaps."""
    half = n // 2
    articles = [f"/berita/{i:06d}/pemkab-paser-kegiatan-{i}" for i in range(n)]
    feeds = [f"/feed/{k}" for k in range((half + PER_FEED - 1) // PER_FEED)]
    sitemaps = [f"/sitemap-{k}.xml" for k in range((n - half + PER_SITEMAP - 1) // PER_SITEMAP)]
    return {"articles": articles, "feeds": feeds, "sitemaps": sitemaps, "index": ["/sitemap.xml"]}


def build_site(n: int, base: str) -> dict[str, tuple[bytes, bytes]]:
    """path -> (content type, body) for every resource of the newsroom."""
    paths = layout(n)
    half = n // 2
    now = email.utils.formatdate(usegmt=True)
    iso = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    site: dict[str, tuple[bytes, bytes]] = {}
    filler = " ".join(["Pemerintah Kabupaten Paser melalui dinas terkait menggelar kegiatan."] * 60)
    for i, path in enumerate(paths["articles"]):
        body = (f"<!doctype html><html><head><meta charset='utf-8'><title>Berita {i}</title>"
                f"<link rel='canonical' href='{base}{path}'></head><body><article><h1>Berita {i}</h1>"
                f"<p>{filler}</p></article></body></html>")
        site[path] = (b"text/html; charset=utf-8", body.encode())
    for k, path in enumerate(paths["feeds"]):
        items = "".join(f"<item><title>Berita {i}</title><link>{base}{paths['articles'][i]}</link><pubDate>{now}</pubDate></item>"
                        for i in range(k * PER_FEED, min(half, (k + 1) * PER_FEED)))
        site[path] = (b"application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>{items}</channel></rss>".encode())
    for k, path in enumerate(paths["sitemaps"]):
        urls = "".join(f"<url><loc>{base}{paths['articles'][i]}</loc><lastmod>{iso}</lastmod></url>"
                       for i in range(half + k * PER_SITEMAP, min(n, half + (k + 1) * PER_SITEMAP)))
        site[path] = (b"application/xml", f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode())
    children = "".join(f"<sitemap><loc>{base}{p}</loc><lastmod>{iso}</lastmod></sitemap>" for p in paths["sitemaps"])
    site["/sitemap.xml"] = (b"application/xml", f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{children}</sitemapindex>".encode())
    return site


class NewsroomProtocol(asyncio.Protocol):
    """Minimal keep-alive HTTP/1.1: GET only, ETag/If-None-Match, counts requests per kind."""

    site: dict[str, tuple[bytes, bytes]] = {}
    counts: dict[str, int] = {}

    def connection_made(self, transport) -> None:
        self.transport, self.buffer = transport, b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            path = lines[0].split(b" ")[1].decode()
            headers = {l.split(b":", 1)[0].strip().lower(): l.split(b":", 1)[1].strip() for l in lines[1:] if b":" in l}
            self.respond(path, headers)

    def respond(self, path: str, headers: dict) -> None:
        if path == "/__stats":
            body, ctype, status = json.dumps(self.counts).encode(), b"application/json", b"200 OK"
        elif path == "/__reset":
            self.counts.clear()
            body, ctype, status = b"{}", b"application/json", b"200 OK"
        elif path in self.site:
            kind = "article" if path.startswith("/berita/") else "listing"
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.counts[path] = self.counts.get(path, 0) + 1 if kind == "listing" else 0
            ctype, body = self.site[path]
            etag = b'"%d"' % (hash(body) & 0xFFFFFFFF)
            if headers.get(b"if-none-match") == etag:
                self.transport.write(b"HTTP/1.1 304 Not Modified\r\nETag: " + etag + b"\r\nContent-Length: 0\r\n\r\n")
                return
            status = b"200 OK"
            self.transport.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\nETag: " + etag +
                                 b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            return
        else:
            body, ctype, status = b"not found", b"text/plain", b"404 Not Found"
        self.transport.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\nContent-Length: " +
                             str(len(body)).encode() + b"\r\n\r\n" + body)


def serve(port: int, n: int) -> None:
    NewsroomProtocol.site = build_site(n, f"http://127.0.0.1:{port}")
    NewsroomProtocol.counts = {}

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(NewsroomProtocol, "127.0.0.1", port)
        print("ready", flush=True)
        async with server:
            await server.serve_forever()
    asyncio.run(main())


class Newsroom:
    """The newsroom server in its own process (so it does not share the crawler's GIL)."""

    def __init__(self, n: int) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.n = n
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Newsroom":
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", str(self.port), "--articles", str(self.n)],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait()

    def stats(self, reset: bool = False) -> dict:
        from urllib.request import urlopen

        with urlopen(self.base + ("/__reset" if reset else "/__stats")) as r:
            return json.loads(r.read())


# -- the two crawlers (each run in a fresh process) -------------------------------------------------

def run_bare(base: str, n: int) -> dict:
    """A bare Scrapy spider: same feeds and sitemaps, links found by regex, articles fetched, nothing kept."""
    import re

    import scrapy
    from scrapy.crawler import CrawlerProcess

    paths = layout(n)
    link = re.compile(rb"<(?:link|loc)>([^<]+)</(?:link|loc)>")
    got = {"pages": 0}

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            for path in paths["feeds"] + paths["index"]:
                yield scrapy.Request(base + path, callback=self.listing)

        def listing(self, response):
            for url in link.findall(response.body):
                url = url.decode()
                yield scrapy.Request(url, callback=self.listing if url.endswith(".xml") else self.parse)

        def parse(self, response):
            got["pages"] += 1

    process = CrawlerProcess({**POLITENESS_OFF, "TELNETCONSOLE_ENABLED": False})
    process.crawl(Bare)
    start, cpu = time.perf_counter(), time.process_time()
    process.start()
    return {"pages": got["pages"], "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def pantau_config(base: str, n: int, folder: Path):
    from pipeline.config import parse_config

    paths = layout(n)
    return parse_config({
        "crawl": {"obey_robots": False, "download_delay": 0, "autothrottle": False, "retries": 1,
                  "concurrency": CONCURRENCY, "concurrency_per_domain": 2, "sitemap_window_days": 30},
        "sources": [{"name": "bench", "feeds": [base + p for p in paths["feeds"]],
                     "sitemaps": [base + p for p in paths["index"]]}],
    }, folder)


def run_pantau(base: str, n: int, folder: str) -> dict:
    """Pantau's crawl; returns pages, seconds, requests and peak RSS."""
    import logging

    logging.basicConfig(level=logging.WARNING)
    import crawlers.spiders.pantau  # noqa: F401  imported before timing, as the bare spider's Scrapy is
    from crawlers.run import crawl
    from pipeline.store import Store

    config = pantau_config(base, n, Path(folder))
    start, cpu = time.perf_counter(), time.process_time()
    summary = crawl(config, Store.from_config(config), settings=POLITENESS_OFF)
    seconds = time.perf_counter() - start
    return {"pages": summary.pages_saved, "seconds": seconds, "requests": summary.requests,
            "cpu": time.process_time() - cpu,
            "skipped_seen": summary.skipped_seen,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_child(kind: str, base: str, n: int, folder: str = "") -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--base", base, "--articles", str(n),
                          "--folder", folder], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-articles", type=int, default=10000)
    parser.add_argument("--serve", type=int)
    parser.add_argument("--child")
    parser.add_argument("--base")
    parser.add_argument("--folder", default="")
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve, args.articles)
    if args.child:
        result = run_bare(args.base, args.articles) if args.child == "bare" else run_pantau(args.base, args.articles, args.folder)
        print(json.dumps(result))
        return

    n = args.articles
    print(f"crawl bench: {n} articles, concurrency {CONCURRENCY}, politeness off, {os.cpu_count()} cores")
    bare_rates, pantau_rates = [], []
    with Newsroom(n) as newsroom:
        for r in range(args.rounds):
            bare = in_child("bare", newsroom.base, n)
            folder = tempfile.mkdtemp(prefix="pantau-bench-")
            ours = in_child("pantau", newsroom.base, n, folder)
            assert ours["pages"] == n, ours
            bare_rates.append(bare["pages"] / bare["seconds"])
            pantau_rates.append(ours["pages"] / ours["seconds"])
            print(f"  round {r + 1}: bare {bare_rates[-1]:.0f} pages/s ({1000 * bare['cpu'] / n:.2f} CPU ms/page),"
                  f" pantau {pantau_rates[-1]:.0f} pages/s ({1000 * ours['cpu'] / n:.2f} CPU ms/page)")
        newsroom.stats(reset=True)
        again = in_child("pantau", newsroom.base, n, folder)
        counts = newsroom.stats()
    configured = len(layout(n)["feeds"]) + 1  # the feeds and the sitemap index
    listing_paths = configured + len(layout(n)["sitemaps"])
    bare_med, ours_med = statistics.median(bare_rates), statistics.median(pantau_rates)
    ratio = ours_med / bare_med
    print(f"throughput: bare {bare_med:.0f} pages/s, pantau {ours_med:.0f} pages/s, ratio {ratio:.2f}"
          f" (target >= 0.70) {'OK' if ratio >= 0.7 else 'MISSED'}")
    per_listing = max((v for k, v in counts.items() if k.startswith("/") and v), default=0)
    print(f"second crawl, nothing new: {again['requests']} requests ({configured} configured feeds/sitemap index,"
          f" {listing_paths} feeds/sitemaps in all),"
          f" {counts.get('article', 0)} article pages, max {per_listing} request(s) per feed/sitemap"
          f" {'OK' if counts.get('article', 0) == 0 and per_listing <= 1 else 'MISSED'}")
    with Newsroom(args.memory_articles) as newsroom:
        mem = in_child("pantau", newsroom.base, args.memory_articles, tempfile.mkdtemp(prefix="pantau-bench-"))
    print(f"memory: {args.memory_articles}-page crawl peak RSS {mem['peak_rss_mb']:.0f} MB"
          f" ({mem['pages'] / mem['seconds']:.0f} pages/s) {'OK' if mem['peak_rss_mb'] < 400 else 'MISSED'}")


if __name__ == "__main__":
    main()
