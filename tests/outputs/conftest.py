"""Fixtures for the output tests: one known store per test module (read-only use)."""

from __future__ import annotations

import pytest

from tests.outputs.fixture import build_store, make_config


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """(config, store) over the fixture rows; tests must not write to it."""
    tmp = tmp_path_factory.mktemp("outputs")
    config = make_config(tmp)
    return config, build_store(config.database)
