"""A hostile loopback web server: fixed routes, every request logged, usable as an HTTP proxy.

As a proxy (``http_proxy=http://127.0.0.1:PORT``) it answers for any host name, so a test can
stand up a *public* source (``http://kabar.test/``) without leaving the machine: every request,
whatever its host, arrives here and is logged, and nothing goes anywhere else.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[tuple[str, str]] = []  # (host, path)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def route(self, path: str, body: bytes | str = b"", status: int = 200, ctype: str = "text/html; charset=utf-8",
              **headers: str) -> str:
        """Serve ``body`` at ``path`` (on any host); ``{BASE}`` in text bodies becomes this server."""
        if isinstance(body, str):
            body = body.replace("{BASE}", self.base).encode("utf-8")
        self.routes[path] = (status, {"Content-Type": ctype, **{k.replace("_", "-"): v for k, v in headers.items()}},
                             body)
        return self.base + path

    def handle_error(self, request, client_address) -> None:
        pass  # clients hanging up on a bomb or a huge page are expected here

    def paths(self, host: str | None = None) -> list[str]:
        return [p for h, p in self.requests if host is None or h == host]

    def __enter__(self) -> "HostileServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        host = parts.netloc or self.headers.get("Host", "")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.server.requests.append((host, path))
        status, headers, body = self.server.routes.get(path, (404, {"Content-Type": "text/html"}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass
