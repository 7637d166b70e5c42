"""Fixtures for the demo newsroom tests: the build module, its stories, the gold data, a live server."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _load_build() -> ModuleType:
    # data/demo is shipped data, not a package: load its renderer by path.
    spec = importlib.util.spec_from_file_location("demo_build", DEMO / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build() -> ModuleType:
    return _load_build()


@pytest.fixture(scope="session")
def stories(build) -> dict:
    """stories.yaml as the renderer sees it (paths assigned, syndicated bodies resolved)."""
    return build.load(DEMO / "stories.yaml")


@pytest.fixture(scope="session")
def expected() -> dict:
    return yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def newsroom() -> str:
    """Base URL of the committed demo site served on a free loopback port."""
    from pipeline.newsroom import serve_newsroom

    with serve_newsroom(DEMO / "site") as base:
        yield base


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The shipped demo folder (data/demo)."""
    return DEMO
