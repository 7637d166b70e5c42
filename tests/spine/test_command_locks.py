"""Cron-safety: a job command whose lock is held exits at once with code 75 and one line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.locks import LOCKED_EXIT, hold_lock


@pytest.mark.parametrize(
    "job, args",
    [
        ("crawl", ["run"]),
        ("crawl", ["crawl"]),
        ("process", ["process"]),
        ("clip", ["clip", "--date", "2026-11-27"]),
        ("report", ["report", "--month", "2026-11"]),
    ],
)
def test_a_running_job_is_not_started_twice(tmp_path, job, args):
    config = tmp_path / "config.yaml"
    config.write_text("database: p.duckdb\n")
    with hold_lock(tmp_path / "p.duckdb", job):
        result = CliRunner().invoke(main, [*args, "--config", str(config)])
    assert result.exit_code == LOCKED_EXIT
    assert f"job '{job}' is already running" in result.output
    assert not (tmp_path / "p.duckdb").exists()  # nothing was started
