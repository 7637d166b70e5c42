"""One full cycle of the main job: crawl every due source, then process what was fetched."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import Config
from pipeline.process import ProcessSummary, process
from pipeline.store import Store


@dataclass(frozen=True, slots=True)
class CycleSummary:
    crawl: object  # crawlers.run.CrawlSummary
    process: ProcessSummary


def run_cycle(config: Config, store: Store, *, sources: list[str] | None = None,
              refetch: bool = False) -> CycleSummary:
    """Crawl (all sources, or the named ones), then extract and tag the pages not yet processed."""
    from crawlers.run import crawl  # Scrapy is heavy to import; only crawling commands need it

    crawled = crawl(config, store, sources=sources, refetch=refetch)
    return CycleSummary(crawled, process(config, store, only_pending=True))
