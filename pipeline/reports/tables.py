"""Write a list of rows as a terminal table, CSV, JSON, XLSX or Parquet (pantau coverage/partners)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMATS = ("table", "csv", "json", "xlsx", "parquet")


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2, default=_json_default)


def _blank_or(value: Any) -> Any:
    return "" if value is None else value


def _column_converter(rows: Sequence[dict[str, Any]], column: str):
    # Integer columns (most cells of a coverage table) need no conversion: decide once per column.
    kinds = {type(r.get(column)) for r in rows[:50]} - {type(None)}
    if kinds and kinds <= {int, bool}:
        return _blank_or
    return lambda v: "" if v is None else _csv_cell(v)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    converters = [_column_converter(rows, c) for c in columns]
    writer.writerows([[f(row.get(c)) for c, f in zip(columns, converters)] for row in rows])
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # A spreadsheet would run a scraped "=HYPERLINK(...)" as a formula: keep it text.
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return value


def to_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int = 48) -> str:
    """A plain aligned text table; long cells are cut (use --format csv for full values)."""
    cells = [[str(c) for c in columns]]
    for row in rows:
        line = []
        for c in columns:
            text = "" if row.get(c) is None else str(_plain(row.get(c)))
            line.append(text if len(text) <= width else text[: width - 1] + "…")
        cells.append(line)
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def write_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    output: Path | None,
    sheet: str = "data",
    stamp: date | None = None,
) -> str | None:
    """Render rows; text formats are returned (and written when ``output`` is set), binary formats
    need ``output``."""
    if fmt in ("xlsx", "parquet"):
        if output is None:
            raise ValueError(f"--format {fmt} needs --output FILE")
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "xlsx":
            from pipeline.reports.xlsx import write_workbook

            write_workbook(output, [(sheet, columns, [[r.get(c) for c in columns] for r in rows])],
                           stamp or date(2000, 1, 1))
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.table({c: [r.get(c) for r in rows] for c in columns})
            pq.write_table(table, output)
        return None
    if fmt == "json":
        text = to_json(rows) + "\n"
    elif fmt == "csv":
        text = to_csv(rows, columns)
    elif fmt == "table":
        text = to_table(rows, columns)
    else:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return text
