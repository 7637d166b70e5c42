"""Scrapy settings for Pantau's crawler: polite defaults here, the values from config.yaml on top.

``build_settings(config)`` is what ``crawlers.run.crawl`` uses. ``scrapy crawl pantau`` from the
repository root loads this module as its project settings (scrapy.cfg); then, and only then, the
module applies config.yaml itself (``$PANTAU_CONFIG``, default ./config.yaml), see the end of the
file. Every Scrapy setting derived from the config is listed in ``from_config`` and in
docs/crawling.md.
"""

from __future__ import annotations

import os
from typing import Any

BOT_NAME = "pantau"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Polite defaults (overridden from config.yaml's crawl: section).
USER_AGENT = "Pantau/0.1 (media monitoring; +https://diskominfostaper.paserkab.go.id/)"
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 5.0
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 2_500_000
REDIRECT_MAX_TIMES = 5
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output (default 100); a callback
# here yields one page or a feed's requests, so 100 tasks per response were most of the CPU cost.
CONCURRENT_ITEMS = 8
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# The seen-URL record and the spider's own canonical-URL set deduplicate; Scrapy's dupefilter would
# silently drop a redirect loop's repeated URL instead of letting it fail as "redirect-loop".
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.guard.GuardMiddleware": 50,
    "crawlers.middlewares.politeness.PolitenessMiddleware": 550,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
}
EXTENSIONS = {
    # An HTTP control port has no place in an unattended government crawler.
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.telnet.TelnetConsole": None,
}
ITEM_PIPELINES = {"crawlers.pipelines.ArchivePipeline": 300}

PANTAU_POLITENESS = True
PANTAU_RETRY_BACKOFF = 2.0
PANTAU_BACKOFF_429 = 30.0
PANTAU_MAX_RETRY_AFTER = 300.0


def base_settings() -> dict[str, Any]:
    """The module's settings as a dict."""
    return {k: v for k, v in globals().items() if k.isupper()}


def from_config(config) -> dict[str, Any]:
    """Scrapy settings derived from ``config.crawl``."""
    c = config.crawl
    return {
        "USER_AGENT": c.user_agent.format(contact=c.contact),
        "ROBOTSTXT_OBEY": c.obey_robots,
        # Scrapy 2.19 enforces CONCURRENT_REQUESTS_PER_DOMAIN only with a non-zero delay (with 0
        # it starts every queued request of a slot at once), so 0 becomes one millisecond.
        "DOWNLOAD_DELAY": max(c.download_delay, 0.001),
        "CONCURRENT_REQUESTS": c.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": c.concurrency_per_domain,
        "AUTOTHROTTLE_ENABLED": c.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(c.download_delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, c.download_delay * 4),
        "DOWNLOAD_TIMEOUT": c.timeout_seconds,
        "RETRY_TIMES": c.retries,
        "RETRY_ENABLED": c.retries > 0,
        "DOWNLOAD_MAXSIZE": c.max_response_bytes,
        "DOWNLOAD_WARNSIZE": c.max_response_bytes // 2,
        "PANTAU_RETRY_BACKOFF": c.retry_backoff_seconds,
        "PANTAU_BACKOFF_429": c.backoff_429_seconds,
        "PANTAU_MAX_RETRY_AFTER": c.max_retry_after_seconds,
    }


def build_settings(config, **overrides: Any) -> dict[str, Any]:
    """Module defaults, then config.yaml's crawl settings, then ``overrides``."""
    return {**base_settings(), **from_config(config), "PANTAU_CONFIG_APPLIED": True, **overrides}


def _apply_config_for_scrapy_cli() -> None:
    """Under ``scrapy crawl`` (this module is SCRAPY_SETTINGS_MODULE), take config.yaml's values."""
    if os.environ.get("SCRAPY_SETTINGS_MODULE") != __name__:
        return
    from pipeline.config import ConfigError, load_config

    path = os.environ.get("PANTAU_CONFIG", "config.yaml")
    try:
        config = load_config(path)
    except ConfigError as exc:
        import logging

        logging.getLogger(__name__).warning("crawl settings from %s not applied: %s", path, exc)
        return
    globals().update(from_config(config), PANTAU_CONFIG_APPLIED=True)


_apply_config_for_scrapy_cli()
