"""Request guard: every request (first or redirected) must stay where its source allows.

A scraped page must never make the crawler request internal addresses or wander to other sites:
- only http(s) (``javascript:``, ``file:``, ``data:``, ``mailto:`` never reach the downloader);
- a redirect target must be on the request's allowed hosts (``meta["allowed"]``: the source's
  hosts and their subdomains; for a discovery article, the article's own host);
- a request from a public source never goes to a loopback/private/link-local address. A source
  whose own hosts are loopback (the demo newsroom, tests) is not public and may use them.
Refused requests raise ``Refused`` (an IgnoreRequest) whose ``reason`` the spider's errback counts.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from crawlers.urls import FETCHABLE_SCHEMES, host_allowed, host_key, is_private_host

log = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A request the guard will not send; ``reason`` is the discard reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class GuardMiddleware:
    """Refuses odd schemes, off-source redirects and private addresses from public sources."""

    @classmethod
    def from_crawler(cls, crawler) -> "GuardMiddleware":
        return cls()

    def process_request(self, request: Request, spider=None) -> None:
        parsed = urlparse_cached(request)
        if parsed.scheme not in FETCHABLE_SCHEMES:
            raise Refused("bad-scheme", request.url[:200])
        host = host_key(request.url)
        if request.meta.get("public", False) and is_private_host(parsed.hostname or ""):
            log.warning("guard: %s refused: private address from a public source", request.url)
            raise Refused("private-address", request.url)
        allowed = request.meta.get("allowed")
        if request.meta.get("redirect_urls") and allowed is not None and not host_allowed(host, allowed):
            origin = request.meta["redirect_urls"][0]
            log.warning("guard: redirect from %s to %s refused: not the source's host", origin, request.url)
            raise Refused("redirect-offsite", f"{origin} -> {request.url}")
