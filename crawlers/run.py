"""Run a crawl from Python: ``crawl(config, store, sources=None, refetch=False) -> CrawlSummary``.

Scrapy runs on Twisted, whose reactor cannot be restarted in a process. So the crawl API starts
the asyncio reactor once, in a daemon thread of its own, and each ``crawl()`` call submits one
``AsyncCrawlerRunner`` run to it and blocks until the run is finished and everything fetched is in
the archive and the store. ``crawl()`` can therefore be called any number of times in one process
(the scheduler daemon, tests), from any thread but the reactor's. Ctrl-C during a call stops the
crawl gracefully (pages already fetched are recorded, the run is marked interrupted) and re-raises.

Which sources: the named ones (enabled or not: asking for a source by name means it), else every
enabled source, due or not. The scheduler picks the due ones with ``pipeline.sources.due_sources``.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from crawlers.settings import build_settings
from crawlers.state import CrawlState, CrawlSummary
from pipeline.config import Config
from pipeline.store import Store

log = logging.getLogger(__name__)

_lock = threading.Lock()
_reactor_thread: threading.Thread | None = None

__all__ = ["crawl", "CrawlSummary"]


def _reactor():
    """The asyncio Twisted reactor, running in its own daemon thread (started on first use)."""
    global _reactor_thread
    with _lock:
        from scrapy.utils.reactor import install_reactor, is_asyncio_reactor_installed, is_reactor_installed

        if not is_reactor_installed():
            install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
        elif not is_asyncio_reactor_installed():
            raise RuntimeError("a non-asyncio Twisted reactor is installed; Pantau's crawler needs asyncio")
        from twisted.internet import reactor

        if _reactor_thread is None and not reactor.running:
            _reactor_thread = threading.Thread(
                target=reactor.run, kwargs={"installSignalHandlers": False}, name="pantau-reactor", daemon=True
            )
            _reactor_thread.start()
        return reactor


def crawl(config: Config, store: Store, *, sources: list[str] | None = None,
          refetch: bool = False, settings: dict | None = None) -> CrawlSummary:
    """Crawl the sources (see the module docstring); returns the run's summary.

    ``settings`` overrides Scrapy settings (tests and the bench use it, e.g. to switch politeness off).
    """
    from scrapy.crawler import AsyncCrawlerRunner
    from twisted.internet import threads
    from twisted.internet.defer import Deferred

    from crawlers.spiders.pantau import PantauSpider

    state = CrawlState.open(config, store, sources, refetch)
    reactor = _reactor()
    if threading.current_thread() is _reactor_thread:
        raise RuntimeError("crawl() called from the reactor thread; call it from another thread")
    runner = AsyncCrawlerRunner(build_settings(config, **(settings or {})))

    def start() -> Deferred:
        return Deferred.fromFuture(runner.crawl(PantauSpider, state=state))

    status = "ok"
    try:
        threads.blockingCallFromThread(reactor, start)
    except KeyboardInterrupt:
        log.warning("crawl run %d interrupted: stopping, recording what was fetched", state.run_id)
        status = "interrupted"
        threads.blockingCallFromThread(reactor, lambda: Deferred.fromFuture(asyncio.ensure_future(runner.stop())))
        state.finish(status)
        raise
    except Exception:
        status = "failed"
        state.finish(status)
        raise
    return state.finish(status)
