"""Fixtures shared by every test folder: the repo root and a Pantau CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def cli():
    """Invoke ``pantau`` in-process: cli("sql", "SELECT 1") -> click Result."""
    from pipeline.cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
