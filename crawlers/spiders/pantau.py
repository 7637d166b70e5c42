"""The Pantau spider: every selected source's feeds, sitemaps, listings, discovery queries and
homepage discovery in one Scrapy crawl, yielding FetchedPage items for the archive pipeline.

Entry points (feeds, sitemaps, listing pages, discovery feeds, homepage) decide a source's health;
article pages are scheduled only when their canonical URL is not in the seen-URL record. Every
failure goes through ``on_error`` or ``_discard``: logged with the URL and reason, counted, and
recorded in ``discards``.

    PANTAU_CONFIG=config.yaml scrapy crawl pantau -a sources=prokal,tribun -a refetch=1
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import quote_plus

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import task

from crawlers.discover import feeds_in_page, sitemaps_in_robots
from crawlers.feeds import FeedError, parse_feed
from crawlers.middlewares.guard import Refused
from crawlers.sitemaps import SitemapError, parse_sitemap
from crawlers.state import CrawlState, SourcePlan
from crawlers.urls import absolute, canonicalize, host_allowed, host_key
from pipeline.logs import fields
from pipeline.records import FeedEntry, FetchedPage

log = logging.getLogger(__name__)

_CANONICAL = re.compile(
    rb"<link\b[^>]*?\brel\s*=\s*[\"']?canonical[\"']?[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Failures worth another try next run: the feed that listed the article is fetched again in full.
TRANSIENT = frozenset({"timeout", "connection-refused", "connection-lost", "dns-error", "fetch-error",
                       "http-429", "http-408"})
ENTRY_PRIORITY = 10  # feeds and sitemaps before articles: they decide what is new


def failure_reason(failure) -> tuple[str, str]:
    """(reason, detail) for a failed request."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http-{exc.response.status}", exc.response.url
    if isinstance(exc, Refused):
        return exc.reason, exc.detail
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots.txt" in text:
            return "robots-disallowed", text
        if "redirection" in text:
            return "redirect-loop", text
        if "DOWNLOAD_MAXSIZE" in text:  # a compressed body over the cap when inflated (gzip bomb)
            return "too-large", text
        return "ignored", text
    name = type(exc).__name__
    text = str(exc)[:300]
    if "Timeout" in name or "took longer than" in text:
        return "timeout", text
    if "Cancelled" in name or "max size" in text.lower() or "maxsize" in text.lower():
        return "too-large", text
    if "ConnectionRefused" in name:
        return "connection-refused", text
    if "DNS" in name:
        return "dns-error", text
    return "fetch-error", f"{name}: {text}"


def canonical_link(body: bytes, page_url: str) -> str | None:
    """The ``<link rel="canonical">`` URL of a page (searched in its first 64 KB), absolute."""
    match = _CANONICAL.search(body, 0, 65536)
    if not match:
        return None
    href = _HREF.search(match.group(0))
    if not href:
        return None
    raw = next(g for g in href.groups() if g is not None)
    return absolute(page_url, raw.decode("utf-8", "replace"))


class PantauSpider(scrapy.Spider):
    """Crawls the sources of one run; see the module docstring."""

    name = "pantau"

    def __init__(self, state: CrawlState | None = None, config: str | None = None,
                 sources: str | None = None, refetch: str | bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self._own_state = state is None
        if state is None:  # `scrapy crawl pantau`: open the run here, finish it on close
            from pipeline.config import load_config
            from pipeline.store import Store

            cfg = load_config(config or os.environ.get("PANTAU_CONFIG", "config.yaml"))
            names = [n.strip() for n in sources.split(",")] if sources else None
            state = CrawlState.open(cfg, Store.from_config(cfg), names,
                                    refetch=str(refetch).lower() in ("1", "true", "yes"))
        self.state = state
        self.listing_seen: set[str] = set()
        self._flusher: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(spider._requested, signal=signals.request_reached_downloader)
        return spider

    # -- signals -----------------------------------------------------------------------------------

    def _opened(self) -> None:
        self._flusher = task.LoopingCall(self.state.flush_due)
        self._flusher.start(1.0, now=False)

    def _closed(self, reason: str) -> None:
        if self._flusher is not None and self._flusher.running:
            self._flusher.stop()
        self.state.flush()
        if self._own_state:
            self.state.finish("ok" if reason == "finished" else "interrupted")

    def _downloaded(self, response, request) -> None:
        self.state.count_response(request.meta.get("source"), response.status)

    def _requested(self, request) -> None:
        self.state.count_request(request.meta.get("source"))

    # -- start ---------------------------------------------------------------------------------

    def _meta(self, plan: SourcePlan, role: str, **extra) -> dict:
        return {"source": plan.source.name, "role": role, "allowed": plan.hosts, "public": plan.public,
                **extra}

    def _entry_request(self, plan: SourcePlan, url: str, role: str, callback, **extra) -> scrapy.Request:
        headers = {}
        if role in ("feed", "sitemap", "discovery") and not self.state.refetch:
            etag, modified, _ = self.state.feed_state.get(url, (None, None, None))
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        meta = self._meta(plan, role, handle_httpstatus_list=[304], **extra)
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers, meta=meta,
                              priority=ENTRY_PRIORITY, dont_filter=True)

    async def start(self):
        for plan in self.state.plans.values():
            for request in self._start_requests(plan):
                yield request

    def _start_requests(self, plan: SourcePlan):
        s = plan.source
        feeds, sitemaps = list(s.feeds), list(s.sitemaps)
        homepage_only = not (feeds or sitemaps or s.listings or s.discovery)
        # A site that moved its feed fails on the remembered URLs: discover again once it is FAILING.
        failing = plan.consecutive_failures >= self.state.config.crawl.failure_alert_after
        if homepage_only and (plan.discovered_feeds or plan.discovered_sitemaps) and not failing:
            feeds, sitemaps = plan.discovered_feeds, plan.discovered_sitemaps
        elif homepage_only and s.homepage:
            log.info("source %s: discovering feeds and sitemaps from %s", s.name, s.homepage)
            self.state.runs[s.name].discovered_feeds = []
            self.state.runs[s.name].discovered_sitemaps = []
            yield self._entry_request(plan, s.homepage, "homepage", self.parse_homepage)
            robots = absolute(s.homepage, "/robots.txt")
            yield self._entry_request(plan, robots, "robots", self.parse_robots, dont_obey_robotstxt=True)
        for url in feeds:
            yield self._entry_request(plan, url, "feed", self.parse_feed)
        for url in sitemaps:
            yield self._entry_request(plan, url, "sitemap", self.parse_sitemap)
        for index, listing in enumerate(s.listings):
            self.listing_seen.add(canonicalize(listing.url))
            yield self._entry_request(plan, listing.url, "listing", self.parse_listing, listing=index, depth=1)
        if s.discovery:
            for query in s.discovery.queries:
                url = s.discovery.template.replace("{query}", quote_plus(query))
                yield self._entry_request(plan, url, "discovery", self.parse_feed, query=query)

    # -- entry points --------------------------------------------------------------------------

    def _plan(self, response) -> SourcePlan:
        return self.state.plans[response.meta["source"]]

    def _origin(self, response) -> str:
        return (response.meta.get("redirect_urls") or [response.request.url])[0]

    def _validators(self, response) -> dict:
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        return {"etag": etag.decode("latin-1") if etag else None,
                "last_modified": modified.decode("latin-1") if modified else None}

    def _not_modified(self, response) -> bool:
        if response.status != 304:
            return False
        plan = self._plan(response)
        self.state.entry_ok(plan.source.name)
        self.state.feed_checked(self._origin(response), plan.source.name, 304)
        log.debug("%s: not modified", response.url)
        return True

    def _entry_failed(self, response, reason: str, detail: str) -> None:
        name = response.meta["source"]
        url = self._origin(response)
        log.warning("source %s: %s %s failed: %s %s", name, response.meta["role"], url, reason, detail,
                    extra=fields("crawl", name, url, reason))
        self.state.entry_failed(name, url, reason)
        self.state.discard(name, url, reason, detail)

    def parse_feed(self, response):
        if self._not_modified(response):
            return
        plan = self._plan(response)
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            entries = parse_feed(response.body, response.url, plan.source.name, content_type=ctype,
                                 since=plan.source.since)
        except FeedError as exc:
            self._entry_failed(response, exc.reason, exc.detail)
            return
        self.state.entry_ok(plan.source.name)
        if response.meta.get("discovered"):
            self.state.runs[plan.source.name].discovered_feeds.append(self._origin(response))
        yield from self._schedule(response, plan, entries, any_host=response.meta["role"] == "discovery")

    def parse_sitemap(self, response):
        if self._not_modified(response):
            return
        plan = self._plan(response)
        window = datetime.now(timezone.utc) - timedelta(days=self.state.config.crawl.sitemap_window_days)
        try:
            sitemap = parse_sitemap(response.body, response.url, plan.source.name, window_start=window,
                                    since=plan.source.since, max_bytes=self.state.config.crawl.max_response_bytes * 4)
        except SitemapError as exc:
            self._entry_failed(response, exc.reason, exc.detail)
            return
        self.state.entry_ok(plan.source.name)
        if response.meta.get("discovered"):
            self.state.runs[plan.source.name].discovered_sitemaps.append(self._origin(response))
        if sitemap.old_children or sitemap.old_entries:
            log.debug("sitemap %s: %d child sitemaps and %d URLs before the window skipped",
                      response.url, sitemap.old_children, sitemap.old_entries)
        for child, _lastmod in sitemap.children:
            if not host_allowed(host_key(child), plan.hosts):
                self._discard_item(plan, child, "offsite-link", f"child sitemap of {response.url}")
                continue
            self.state.parents[child] = self._origin(response)
            yield self._entry_request(plan, child, "sitemap", self.parse_sitemap, feed=self._origin(response))
        if sitemap.children:  # an index: its state is the set of child sitemaps
            digest = hashlib.sha256("\n".join(sorted(c for c, _ in sitemap.children)).encode()).hexdigest()
            self.state.feed_checked(self._origin(response), plan.source.name, response.status, items_hash=digest,
                                    items=len(sitemap.children), **self._validators(response))
        if sitemap.entries or not sitemap.children:
            yield from self._schedule(response, plan, list(sitemap.entries))

    def parse_listing(self, response):
        plan = self._plan(response)
        if response.status == 304:
            self.state.entry_ok(plan.source.name)
            return
        listing = plan.source.listings[response.meta["listing"]]
        if not self._is_html(response):
            self._entry_failed(response, "not-html", response.headers.get(b"Content-Type", b"").decode("latin-1"))
            return
        self.state.entry_ok(plan.source.name)
        article, next_page = re.compile(listing.article_pattern), listing.next_pattern and re.compile(listing.next_pattern)
        entries: list[FeedEntry] = []
        depth = response.meta["depth"]
        for href in response.css("a::attr(href)").getall():
            url = absolute(response.url, href)
            if url is None:
                continue
            if article.search(url):
                entries.append(FeedEntry(url=url, source=plan.source.name, via=response.url))
            elif next_page and next_page.search(url) and depth < listing.depth:
                key = canonicalize(url)
                if key not in self.listing_seen and host_allowed(host_key(url), plan.hosts):
                    self.listing_seen.add(key)
                    yield self._entry_request(plan, url, "listing", self.parse_listing,
                                              listing=response.meta["listing"], depth=depth + 1)
        yield from self._schedule(response, plan, entries)

    def parse_homepage(self, response):
        plan = self._plan(response)
        if response.status == 304 or not self._is_html(response):
            self._entry_failed(response, "not-html", "homepage")
            return
        self.state.entry_ok(plan.source.name)
        feeds = feeds_in_page(response.body, response.url)
        if not feeds:
            feeds = [absolute(response.url, "/feed/")]
            log.info("source %s: homepage names no feed, trying %s", plan.source.name, feeds[0])
        for url in feeds:
            if host_allowed(host_key(url), plan.hosts):
                yield self._entry_request(plan, url, "feed", self.parse_feed, discovered=True)

    def parse_robots(self, response):
        plan = self._plan(response)
        if response.status != 200:
            return
        for url in sitemaps_in_robots(response.body, response.url):
            if host_allowed(host_key(url), plan.hosts):
                yield self._entry_request(plan, url, "sitemap", self.parse_sitemap, discovered=True)

    # -- articles ------------------------------------------------------------------------------

    def _discard_item(self, plan: SourcePlan, url: str, reason: str, detail: str = "") -> None:
        log.info("source %s: %s dropped: %s %s", plan.source.name, url, reason, detail,
                 extra=fields("crawl", plan.source.name, url, reason))
        self.state.discard(plan.source.name, url, reason, detail)

    def _schedule(self, response, plan: SourcePlan, entries: list[FeedEntry], any_host: bool = False):
        """Article requests for the entries not seen before; updates the feed's state."""
        run = self.state.runs[plan.source.name]
        keys = []
        new = 0
        for entry in entries:
            key = canonicalize(entry.url)
            host = host_key(entry.url)
            if any_host:
                allowed = frozenset({host})
            elif host_allowed(host, plan.hosts):
                allowed = plan.hosts
            else:
                self._discard_item(plan, entry.url, "offsite-link", f"listed in {response.url}")
                continue
            keys.append(key)
            run.items += 1
            if key in self.state.considered:
                continue
            self.state.considered.add(key)
            if self.state.is_seen(key):
                run.skipped_seen += 1
                continue
            new += 1
            yield scrapy.Request(entry.url, callback=self.parse_article, errback=self.on_error,
                                 meta={"source": plan.source.name, "role": "article", "entry": entry,
                                       "key": key, "allowed": allowed, "public": plan.public,
                                       "feed": self._origin(response)})
        run.new_items += new
        items_hash = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()
        self.state.feed_checked(self._origin(response), plan.source.name, response.status,
                                items_hash=items_hash, items=len(keys), new_items=new, **self._validators(response))

    @staticmethod
    def _is_html(response) -> bool:
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if ctype:
            return any(t in ctype for t in _HTML_TYPES)
        return response.body.lstrip()[:1] == b"<"  # no Content-Type: sniff

    def parse_article(self, response):
        plan = self._plan(response)
        entry: FeedEntry = response.meta["entry"]
        if not self._is_html(response):
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
            self._discard_item(plan, entry.url, "not-html", ctype)
            return
        key = response.meta["key"]
        canonical = canonical_link(response.body, response.url)
        if canonical:
            ckey = canonicalize(canonical)
            # Only a canonical on the page's own site counts: another host cannot claim a URL.
            if ckey != key and host_allowed(host_key(ckey), response.meta["allowed"]):
                if self.state.is_seen(ckey):
                    self._discard_item(plan, entry.url, "duplicate-canonical", ckey)
                    return
                key = ckey
        if key in self.state.saved:
            self._discard_item(plan, entry.url, "duplicate-canonical", key)
            return
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        yield FetchedPage(
            url=key, final_url=response.url, source=plan.source.name, status=response.status,
            fetched_at=datetime.now(timezone.utc), headers=headers, body=response.body, entry=entry,
        )

    # -- failures ------------------------------------------------------------------------------

    def on_error(self, failure):
        request = failure.request
        meta = request.meta
        name, role = meta.get("source"), meta.get("role")
        url = (meta.get("redirect_urls") or [request.url])[0]
        reason, detail = failure_reason(failure)
        if role == "robots":
            log.info("source %s: robots.txt %s not usable: %s", name, url, reason)
            return
        log.warning("source %s: %s %s failed: %s %s", name, role, url, reason, detail,
                    extra=fields("crawl", name, url, reason))
        if role != "article" and name in self.state.runs:
            self.state.entry_failed(name, url, reason)
            if role in ("feed", "sitemap", "discovery"):
                self.state.feed_checked(url, name, getattr(getattr(failure.value, "response", None), "status", 0) or 0)
        if reason in TRANSIENT or reason.startswith("http-5"):
            self.state.feed_incomplete(meta.get("feed"))
        self.state.discard(name, url, reason, detail)
