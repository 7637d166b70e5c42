"""Fixtures for the tagger tests: the shipped catalog and one tagger per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nlp.catalog import Catalog
from nlp.tagger import Tagger
from pipeline.records import TagInput, Tagging

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load(REPO / "data" / "entities")


@pytest.fixture(scope="session")
def tagger(catalog: Catalog) -> Tagger:
    return Tagger(catalog)


@pytest.fixture(scope="session")
def tag(tagger: Tagger):
    """Tag a title and text on a day; returns the Tagging."""

    def run(title: str, text: str, day: date = date(2025, 7, 15), outlet: bool = False) -> Tagging:
        return tagger.tag(TagInput(title, text, day, outlet))

    return run


def paser(tagging: Tagging) -> dict[str, int]:
    """Paser's own mentions: id -> count."""
    return {m.entity_id: m.count for m in tagging.mentions if m.paser}


def others(tagging: Tagging) -> dict[str, int]:
    """Mentions that are not Paser's: id -> count."""
    return {m.entity_id: m.count for m in tagging.mentions if not m.paser}
