"""Run the demo newsroom pipeline into a temporary folder (shared by the end-to-end tests)."""

from __future__ import annotations

import socket
from pathlib import Path

import yaml

from pipeline.config import Config, parse_config
from pipeline.demo import DEMO

DEMO_PORT = 47815


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_config(folder: Path, port: int) -> Config:
    """data/demo/config.yaml with its store, archive and output in ``folder`` and another port."""
    text = (DEMO / "config.yaml").read_text(encoding="utf-8").replace(f":{DEMO_PORT}/", f":{port}/")
    data = yaml.safe_load(text)
    data["catalog"] = str((DEMO / data["catalog"]).resolve())
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return parse_config(data, folder, path)
