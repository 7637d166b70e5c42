"""Fixtures for the operations tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config

from .support import write_config


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path)


@pytest.fixture(autouse=True)
def _restore_logging():
    """Leave the root logger as the test found it (pipeline.logs.configure changes it)."""
    import logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
