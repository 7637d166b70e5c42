"""Politeness beyond Scrapy's own: Crawl-delay, Retry-After back-off, retries with back-off.

Waiting happens in ``process_request``, before a request enters its download slot, so a host
told to wait holds every request for that host (``host:port``) until its ``not_before`` time:
- robots.txt ``Crawl-delay`` (read when Scrapy's RobotsTxtMiddleware parses the file) spaces
  requests to that host at least that far apart (capped at ``MAX_CRAWL_DELAY``);
- HTTP 429 and 503 retry after ``Retry-After`` (seconds or an HTTP date) or, without one,
  ``crawl.backoff_429_seconds``; a Retry-After longer than ``PANTAU_MAX_RETRY_AFTER`` is not waited
  for in this run: the response fails as ``http-429``/``http-503`` and the next poll tries again;
- timeouts, refused/lost connections and 500/502/504/522/524/408 retry after
  ``crawl.retry_backoff_seconds * 2**attempt``, up to ``crawl.retries`` times.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time

from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from crawlers.urls import host_key

log = logging.getLogger(__name__)

MAX_CRAWL_DELAY = 60.0
RATE_LIMIT_CODES = (429, 503)
RETRY_CODES = (500, 502, 504, 522, 524, 408)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None when absent/invalid."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now or time.time()))


def _exception_reason(exc: BaseException) -> str | None:
    """The retry reason for a transient download error, None for errors not worth retrying."""
    name = type(exc).__name__
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "timeout"
    if "ConnectionRefused" in name:
        return "connection-refused"
    if name in ("ConnectionLost", "ConnectionDone", "ResponseNeverReceived", "ConnectError",
                "ConnectionResetError", "PotentialDataLoss", "ResponseFailed", "DownloadFailedError",
                "TCPTimedOutError", "DownloadConnectionRefusedError"):
        return "connection-lost"
    return None


class PolitenessMiddleware:
    """Per-host waits (Crawl-delay, Retry-After, back-off) and retries with back-off."""

    def __init__(self, crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.max_retries = s.getint("RETRY_TIMES")
        self.retry_enabled = s.getbool("RETRY_ENABLED")
        self.backoff_base = s.getfloat("PANTAU_RETRY_BACKOFF", 1.0)
        self.backoff_429 = s.getfloat("PANTAU_BACKOFF_429", 30.0)
        self.max_retry_after = s.getfloat("PANTAU_MAX_RETRY_AFTER", 300.0)
        self.user_agent = s.get("USER_AGENT", "")
        self.not_before: dict[str, float] = {}
        self.crawl_delay: dict[str, float] = {}
        self.last_request: dict[str, float] = {}
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler) -> "PolitenessMiddleware":
        if not crawler.settings.getbool("PANTAU_POLITENESS", True):
            raise NotConfigured("PANTAU_POLITENESS is off")
        return cls(crawler)

    def _robots_parsed(self, robotparser, request: Request) -> None:
        rp = getattr(robotparser, "rp", None)  # protego.Protego behind Scrapy's ProtegoRobotParser
        delay = None
        if rp is not None and hasattr(rp, "crawl_delay"):
            delay = rp.crawl_delay(self.user_agent) or rp.crawl_delay("*")
        if delay:
            host = host_key(request.url)
            self.crawl_delay[host] = min(float(delay), MAX_CRAWL_DELAY)
            log.info("robots.txt of %s: Crawl-delay %.1fs", host, self.crawl_delay[host])

    async def process_request(self, request: Request, spider=None) -> None:
        host = host_key(request.url)
        while True:
            now = time.monotonic()
            ready = max(self.not_before.get(host, 0.0),
                        self.last_request.get(host, -1e9) + self.crawl_delay.get(host, 0.0))
            if ready <= now:
                break
            await asyncio.sleep(ready - now)
        self.last_request[host] = time.monotonic()

    def _hold(self, host: str, seconds: float) -> None:
        self.not_before[host] = max(self.not_before.get(host, 0.0), time.monotonic() + seconds)

    def _retry(self, request: Request, reason: str, spider) -> Request | None:
        if not self.retry_enabled or request.meta.get("dont_retry"):
            return None
        return get_retry_request(request, spider=spider or self.crawler.spider, reason=reason,
                                 max_retry_times=self.max_retries)

    def process_response(self, request: Request, response: Response, spider=None):
        host = host_key(request.url)
        if response.status in RATE_LIMIT_CODES:
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            wait = self.backoff_429 if wait is None else wait
            if wait > self.max_retry_after:
                log.warning("%s: HTTP %d with Retry-After %.0fs, over the %.0fs limit: not retried this run",
                            request.url, response.status, wait, self.max_retry_after)
                self._hold(host, self.max_retry_after)
                return response
            self._hold(host, wait)
            log.info("%s: HTTP %d, backing off %s for %.1fs", request.url, response.status, host, wait)
            return self._retry(request, f"http-{response.status}", spider) or response
        if response.status in RETRY_CODES:
            attempt = request.meta.get("retry_times", 0)
            retry = self._retry(request, f"http-{response.status}", spider)
            if retry is not None:
                self._hold(host, self.backoff_base * 2 ** attempt)
                return retry
        return response

    def process_exception(self, request: Request, exception: BaseException, spider=None):
        reason = _exception_reason(exception)
        if reason is None:
            return None
        attempt = request.meta.get("retry_times", 0)
        retry = self._retry(request, reason, spider)
        if retry is not None:
            self._hold(host_key(request.url), self.backoff_base * 2 ** attempt)
        return retry
