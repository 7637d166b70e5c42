"""Item pipeline: each FetchedPage goes to the WARC archive, then (batched) to the store."""

from __future__ import annotations

import asyncio

from pipeline.archive import ArchiveError
from pipeline.records import FetchedPage


class ArchivePipeline:
    """Hands fetched pages to the run's CrawlState, which archives and records them."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> "ArchivePipeline":
        return cls(crawler)

    def process_item(self, item, spider=None):
        if isinstance(item, FetchedPage):
            try:
                self.crawler.spider.state.save_page(item)
            except ArchiveError:
                # Nothing more can be kept: stop the crawl; the run fails with the archive's error.
                asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="archive-error"))
        return item
