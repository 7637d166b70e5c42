"""Fixtures for the operations tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config

from .support import write_config


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path)
