"""Per-run summary rows in the ``runs`` table (what `pantau status` shows for every job)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from pipeline.store import Store


def start_run(store: Store, job: str, source: str | None = None) -> int:
    """Record that a job started; returns its run id."""
    with store.write() as con:
        return con.execute(
            "INSERT INTO runs (job, source, started_at, status) VALUES (?, ?, ?, 'running')"
            " RETURNING run_id",
            [job, source, datetime.now(timezone.utc)],
        ).fetchone()[0]


def finish_run(store: Store, run_id: int, status: str, detail: dict | None = None, **counts: int) -> None:
    """Record a job's outcome and counts (requests, pages, new_articles, duplicates, failures)."""
    columns = ", ".join(f"{name} = ?" for name in counts)
    with store.write() as con:
        con.execute(
            f"UPDATE runs SET finished_at = ?, status = ?, detail = ?{', ' if columns else ''}{columns}"
            " WHERE run_id = ?",
            [datetime.now(timezone.utc), status, json.dumps(detail or {}, sort_keys=True),
             *counts.values(), run_id],
        )
