"""Pantau's Scrapy spiders (``scrapy list`` from the repository root)."""
