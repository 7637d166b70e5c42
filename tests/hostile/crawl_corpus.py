"""Stand up the hostile site and crawl + extract it once (shared by the crawl corpus tests)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config, parse_config
from pipeline.store import Store

from . import corpus as c
from .server import HostileServer

ODD = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html;base64,PGgxPmhpPC9oMT4=", "mailto:redaksi@kabar.test"]
PAGES = ["/malformed.html", "/truncated.html", "/cp1252.html", "/mislabelled.html", "/bomb.html", "/huge.html",
         "/binary.html", "/loop/a", "/script-title.html"]


def build(server: HostileServer) -> None:
    s = server
    s.route("/feed.xml", c.rss(*[f"{{BASE}}{p}" for p in PAGES], *ODD), ctype="application/rss+xml")
    s.route("/malformed.html", c.MALFORMED)
    s.route("/truncated.html", c.TRUNCATED)
    s.route("/cp1252.html", c.article(c.CP1252_TITLE).encode("cp1252"), ctype="text/html; charset=windows-1252")
    s.route("/mislabelled.html", c.article(c.MISLABELLED_TITLE).replace('<meta charset="utf-8">', "")
            .encode("cp1252"), ctype="text/html; charset=utf-8")
    s.route("/bomb.html", c.GZIP_BOMB, Content_Encoding="gzip")
    s.route("/huge.html", c.article("Besar sekali", extra="<p>" + "Paser " * 400_000 + "</p>"))
    s.route("/binary.html", c.PNG)
    s.route("/loop/a", b"", status=302, Location="/loop/b")
    s.route("/loop/b", b"", status=302, Location="/loop/a")
    s.route("/script-title.html", c.article("Banjir &lt;script&gt;alert(1)&lt;/script&gt; di <b>Long Kali</b>",
                                            extra="<script>document.title='diretas'</script>"))
    s.route("/error-feed", "<html><head><title>503 Service Unavailable</title></head>"
            "<body><h1>Maintenance</h1></body></html>")
    s.route("/trunc-feed.xml", c.rss("{BASE}/trunc/1.html", "{BASE}/trunc/2.html", "{BASE}/trunc/3.html")[:-90],
            ctype="application/rss+xml")
    for i in (1, 2, 3):
        s.route(f"/trunc/{i}.html", c.article(f"Potongan umpan {i}"))
    s.route("/laughs.xml", c.LAUGHS_FEED, ctype="application/rss+xml")
    s.route("/laughs-sitemap.xml", c.LAUGHS_SITEMAP, ctype="application/xml")
    s.route("/xxe.xml", c.XXE_FEED, ctype="application/rss+xml")
    s.route("/xxe-sitemap.xml", c.XXE_SITEMAP, ctype="application/xml")
    s.route("/secret.txt", "RAHASIA-JANGAN-DIAMBIL", ctype="text/plain")
    for name in ("laughs/a", "laughs/b", "xxe/a", "xxe/b"):
        s.route(f"/{name}.html", c.article(f"Halaman {name}"))
    s.route("/pub/feed.xml", c.rss("http://kabar.test/pub/ok.html", "{BASE}/pub/internal.html",
                                   "http://10.1.2.3/pub/x.html", "http://localhost:8080/pub/local.html",
                                   "http://169.254.169.254/latest/meta-data"), ctype="application/rss+xml")
    s.route("/pub/ok.html", c.article("Sumber publik"))
    s.route("/bad-sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>{BASE}/sm/1.html</loc></url><url><loc>{BASE}/sm/2.html</loc><lastmod>kemarin</lastmod>"
            "</url><url><loc>{BASE}/sm/3.html</lo", ctype="application/xml")
    s.route("/error-sitemap.xml", "<html><body><h1>404 Halaman tidak ditemukan</h1></body></html>")
    for i in (1, 2, 3):
        s.route(f"/sm/{i}.html", c.article(f"Peta situs {i}"))
    s.route("/list/index.html", c.LISTING)
    for i in range(5):
        s.route(f"/list/berita/{i}.html", c.article(f"Daftar berita {i}"))


def sources(base: str) -> list[dict]:
    return [
        {"name": "pages", "feeds": [f"{base}/feed.xml"]},
        {"name": "errorpage", "feeds": [f"{base}/error-feed"]},
        {"name": "truncfeed", "feeds": [f"{base}/trunc-feed.xml"]},
        {"name": "laughs", "feeds": [f"{base}/laughs.xml"], "sitemaps": [f"{base}/laughs-sitemap.xml"]},
        {"name": "xxe", "feeds": [f"{base}/xxe.xml"], "sitemaps": [f"{base}/xxe-sitemap.xml"]},
        {"name": "badsitemap", "sitemaps": [f"{base}/bad-sitemap.xml", f"{base}/error-sitemap.xml"]},
        {"name": "public", "homepage": "http://kabar.test/", "feeds": ["http://kabar.test/pub/feed.xml"]},
        {"name": "listing", "listings": [{"url": f"{base}/list/index.html",
                                          "article_pattern": r"/list/berita/\d+\.html$", "depth": 1}]},
    ]


@dataclass
class Crawled:
    server: HostileServer
    config: Config
    store: Store
    summary: object
    seconds: float

    def query(self, sql: str, params=None) -> list[tuple]:
        with self.store.read() as con:
            return con.execute(sql, params or []).fetchall()

    def discards(self, source: str) -> list[tuple[str, str]]:
        return self.query("SELECT url, reason FROM discards WHERE source = ? ORDER BY url, reason", [source])

    def pages(self, source: str) -> list[str]:
        return [r[0] for r in self.query("SELECT url FROM pages WHERE source = ? ORDER BY url", [source])]


def crawl_corpus(server: HostileServer, folder: Path) -> Crawled:
    from crawlers.run import crawl
    from pipeline.process import process

    build(server)
    config = parse_config({
        "catalog": str(Path(__file__).resolve().parents[2] / "data" / "entities"),
        "crawl": {"download_delay": 0, "autothrottle": False, "timeout_seconds": 3, "retries": 0,
                  "obey_robots": False, "max_response_bytes": 1_000_000, "concurrency_per_domain": 2},
        "sources": sources(server.base)}, folder)
    store = Store.from_config(config)
    # Every request, whatever its host, goes to the hostile server: a public source without a network.
    saved = {k: os.environ.get(k) for k in ("http_proxy", "no_proxy", "HTTP_PROXY", "NO_PROXY")}
    os.environ.update(http_proxy=server.base, no_proxy="", HTTP_PROXY=server.base, NO_PROXY="")
    try:
        started = time.monotonic()
        summary = crawl(config, store)
        seconds = time.monotonic() - started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    process(config, store, stage="extract", only_pending=True, jobs=1)
    return Crawled(server, config, store, summary, seconds)
