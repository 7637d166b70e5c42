"""The demo newsroom server: serves ``data/demo/site`` on a loopback port with a real HTTP server.

What it does beyond a plain static server, because the pipeline's crawler depends on it:
- ``{{BASE}}`` in text files (html, xml, rss, atom, json, txt) and inside gzip sitemaps becomes
  the server's own origin, so the committed site works on any port;
- a directory maps to its ``index.html`` / ``index.rss`` / ``index.atom`` / ``index.xml``;
- ``_special.yaml`` declares broken pages (status, content type, body file) served as declared;
- ETag/If-None-Match and Last-Modified/If-Modified-Since answer 304, as real feeds and sitemaps do;
- request logging goes to the ``pipeline.newsroom`` logger at DEBUG, never to stderr.

    python -m pipeline.newsroom --port 47815
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import hashlib
import io
import logging
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

log = logging.getLogger(__name__)

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data" / "demo" / "site"
INDEX_FILES = ("index.html", "index.rss", "index.atom", "index.xml")
CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".rss": "application/rss+xml; charset=UTF-8",
    ".atom": "application/atom+xml; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=UTF-8",
    ".gz": "application/gzip",
}
TEXT_SUFFIXES = {".html", ".rss", ".atom", ".xml", ".json", ".txt"}


class Newsroom:
    """The site on disk: resolves a URL path to (status, content type, body, mtime)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        special = root / "_special.yaml"
        self.special: dict[str, dict] = yaml.safe_load(special.read_text("utf-8")) or {} if special.exists() else {}

    def resolve(self, path: str, base: str) -> tuple[int, str, bytes, float | None]:
        """Answer for a URL path; ``base`` is this server's origin for ``{{BASE}}``."""
        if path in self.special:
            spec = self.special[path]
            body = (self.root / spec["body_file"]).read_bytes() if spec.get("body_file") else b""
            # Broken pages still carry the site's links ({{BASE}}) like every other page.
            body = body.replace(b"{{BASE}}", base.encode("ascii"))
            return int(spec.get("status", 200)), spec.get("content_type", "text/html"), body, None
        file = self._file(path)
        if file is None:
            return 404, "text/html; charset=UTF-8", b"<html><body><h1>404 Not Found</h1></body></html>", None
        body = file.read_bytes()
        origin = base.encode("ascii")
        if file.suffix in TEXT_SUFFIXES:
            body = body.replace(b"{{BASE}}", origin)
        elif file.suffix == ".gz":
            # The committed sitemap holds {{BASE}} too: rewrite inside, recompress deterministically.
            text = gzip.decompress(body).replace(b"{{BASE}}", origin)
            buf = io.BytesIO()
            with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
                gz.write(text)
            body = buf.getvalue()
        ctype = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        return 200, ctype, body, file.stat().st_mtime

    def _file(self, path: str) -> Path | None:
        parts = [p for p in unquote(path).split("/") if p]
        # Nothing outside the root, and the server's own bookkeeping is not part of the site.
        if any(p in (".", "..") or p.startswith("_") for p in parts):
            return None
        target = self.root.joinpath(*parts)
        if target.is_dir():
            return next((target / n for n in INDEX_FILES if (target / n).is_file()), None)
        return target if target.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        path = urlsplit(self.path).path
        status, ctype, body, mtime = self.server.newsroom.resolve(path, self.server.base)
        headers = {"Content-Type": ctype}
        if status == 200 and mtime is not None:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = email.utils.formatdate(int(mtime), usegmt=True)
            if self._not_modified(etag, int(mtime)):
                self._send(304, {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, b"", head=True)
                return
        self._send(status, headers, body, head)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return any(tag.strip() in (etag, "*", "W/" + etag) for tag in inm.split(","))
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return mtime <= since
        return False

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        log.debug("%s " + format, self.address_string(), *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], newsroom: Newsroom) -> None:
        super().__init__(address, _Handler)
        self.newsroom = newsroom
        self.base = f"http://{address[0]}:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: tuple) -> None:
        # socketserver prints tracebacks to stderr (a crawler hanging up mid-response is routine).
        log.debug("request from %s failed", client_address, exc_info=True)


@contextlib.contextmanager
def serve_newsroom(root: Path = DEFAULT_ROOT, port: int = 0, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``root`` on ``host:port`` (0 = any free port) in a daemon thread; yield the base URL."""
    server = _Server((host, port), Newsroom(Path(root)))
    thread = threading.Thread(target=server.serve_forever, name="newsroom", daemon=True)
    thread.start()
    log.info("demo newsroom serving %s on %s", root, server.base)
    try:
        yield server.base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main() -> None:
    """Serve the demo newsroom by hand until interrupted."""
    parser = argparse.ArgumentParser(description="Serve the offline demo newsroom on a loopback port.",
                                     epilog="example: python -m pipeline.newsroom --port 47815")
    parser.add_argument("--port", type=int, default=47815, help="port to listen on (default 47815)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="site folder (default data/demo/site)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with serve_newsroom(args.root, args.port, args.host) as base:
        print(f"Demo newsroom at {base}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
