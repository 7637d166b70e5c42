"""Extraction stage: fetched page -> clean ``Article`` (story text, WITA-aware date, metadata).

Public API::

    from pipeline.extraction import extract_article, normalize_for_matching, normalized_title

See docs/extraction.md for the settings, the boilerplate rules and the date trust order.
"""

from pipeline.extraction.extractor import DEFAULT_SETTINGS, TextSettings, content_hash, extract_article
from pipeline.extraction.normalize import normalize_for_matching, normalized_title

__all__ = [
    "DEFAULT_SETTINGS",
    "TextSettings",
    "content_hash",
    "extract_article",
    "normalize_for_matching",
    "normalized_title",
]
