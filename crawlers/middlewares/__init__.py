"""Pantau's downloader middlewares, one component per module (enabled in crawlers/settings.py).

- ``guard``: odd schemes, redirects off the source's hosts, private addresses from public sources;
- ``politeness``: robots.txt Crawl-delay, 429/503 back-off honouring Retry-After, retries with
  exponential back-off on timeouts and 5xx (replaces Scrapy's RetryMiddleware).
"""
