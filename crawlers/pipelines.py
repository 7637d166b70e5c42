"""Item pipeline: each FetchedPage goes to the WARC archive, then (batched) to the store."""

from __future__ import annotations

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
            self.crawler.spider.state.save_page(item)
        return item
