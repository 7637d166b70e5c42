"""Text normalisation for matching (tagging, title rule, near-duplicates), never for storage.

Outlets type the same sentence with curly or straight quotes, en/em dashes or hyphens, non-breaking
spaces and decomposed accents. Matching must not care; the stored text shown in clippings keeps what
the outlet wrote, so these functions return new strings and are applied only where text is compared.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    }
)
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]+")


def normalize_for_matching(text: str) -> str:
    """NFC, straight quotes, ASCII hyphens, zero-width characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return _SPACES.sub(" ", text).strip()


def normalized_title(title: str) -> str:
    """Title key for the same-outlet 7-day rule: matching-normalised, casefolded, no punctuation."""
    text = _NON_WORD.sub(" ", normalize_for_matching(title).casefold())
    return _SPACES.sub(" ", text).strip()
