"""Helpers for the operations tests: configs in temp folders and real ``pantau`` subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from pipeline.config import Config, load_config

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PANTAU = (sys.executable, "-c", "from pipeline.cli import main; main()")


def write_config(folder: Path, **settings) -> Config:
    """A config.yaml in ``folder`` (store, archive, logs inside it) loaded and validated."""
    data = {"database": "pantau.duckdb", "archive": "raw", "output": "out", "logs": "logs",
            "catalog": str(ROOT / "data" / "entities"), **settings}
    data.setdefault("sources", [{"name": "kabar", "feeds": ["http://127.0.0.1:9/feed"]}])
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_config(path)


def pantau(*args: str, cwd: Path | None = None, timeout: float = 120, env: dict | None = None,
           **kwargs) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess (``env`` adds to the environment)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    env.pop("PANTAU_HELD_LOCKS", None)
    return subprocess.run([*PANTAU, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env, **kwargs)


