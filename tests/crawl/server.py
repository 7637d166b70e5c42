"""A scriptable HTTP server on 127.0.0.1 for crawler tests: routes, delays, and a request log.

    with Site() as site:
        site.route("/feed", body=rss, ctype="application/rss+xml", etag='"v1"')
        site.route("/slow", body=b"...", delay=2)
        site.url("/feed")      # http://127.0.0.1:PORT/feed
        site.paths()           # paths requested, in order

``{BASE}`` in bodies is replaced by the site's origin. A route may instead give ``handler``, a
function (request_handler) -> (status, headers dict, body bytes) for per-request behaviour.
"""

from __future__ import annotations

import gzip as gzip_mod
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False  # Content-Encoding: gzip
    handler: Callable | None = None


@dataclass
class Hit:
    path: str
    headers: dict
    at: float


class Site:
    """A threaded HTTP/1.1 server on 127.0.0.1 (host given as ``host``: 127.0.0.1 or localhost)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(404, {"Content-Type": "text/html"}, b"<html>not found</html>")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.handler is not None:
                    status, headers, body = route.handler(self)
                    self._send(status, headers, body)
                    return
                headers = {"Content-Type": route.ctype, **route.headers}
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._send(304, {"ETag": route.etag}, b"")
                        return
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                    if self.headers.get("If-Modified-Since") == route.last_modified and not route.etag:
                        self._send(304, {}, b"")
                        return
                body = route.body.replace(b"{BASE}", site.base.encode())
                if route.gzip:
                    body = gzip_mod.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self._send(route.status, headers, body)

            def _send(self, status: int, headers: dict, body: bytes) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, path: str, **kwargs) -> "Site":
        if isinstance(kwargs.get("body"), str):
            kwargs["body"] = kwargs["body"].encode("utf-8")
        self.routes[path] = Route(**kwargs)
        return self

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def times(self, path: str) -> list[float]:
        with self._lock:
            return [h.at for h in self.hits if h.path == path]

    def clear(self) -> None:
        with self._lock:
            self.hits.clear()

    def __enter__(self) -> "Site":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
