"""Byte-identical XLSX workbooks: one sheet per table, raw numbers, fixed timestamps.

openpyxl stamps "modified = now" into docProps/core.xml and the zip entries carry the wall clock, so
the same data would give a different file every run. We save to memory, then rewrite the zip with a
fixed entry time and the document dates set to a date derived from the data.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: write the wall time in the store's zone.
        return value.replace(tzinfo=None)
    if isinstance(value, (list, tuple, dict)):
        return str(value)
    return value


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Column widths from the header and the first 200 rows (8 to 60 characters)."""
    widths = []
    for index, column in enumerate(columns):
        width = max([len(str(column))] + [len(str(r[index] or "")) for r in rows[:200]])
        widths.append(min(60, max(8, width + 2)))
    return widths


def workbook_bytes(sheets: Sequence[Sheet], stamp: date, widths: Sequence[int] | None = None) -> bytes:
    """The XLSX file for ``sheets`` with document dates set to ``stamp``; ``widths`` (one sheet
    only) replaces the widths measured on the rows given."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                # openpyxl stores a string starting with "=" as a formula: a scraped headline
                # like =HYPERLINK(...) must stay text.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        for index, width in enumerate(widths or column_widths(columns, rows), start=1):
            ws.column_dimensions[ws.cell(1, index).column_letter].width = width
        ws.freeze_panes = "A2"
    raw = io.BytesIO()
    wb.save(raw)
    return normalise_zip(raw.getvalue(), stamp)


def normalise_zip(data: bytes, stamp: date, level: int = 6) -> bytes:
    iso = f"{stamp.isoformat()}T00:00:00Z"
    entries = {}
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{iso}\g<3>", text)
                body = text.encode("utf-8")
            entries[info.filename] = body
    return fixed_zip(entries, level)


def fixed_zip(entries: dict[str, bytes], level: int = 6) -> bytes:
    """A zip of ``entries`` (in order) with fixed entry times and modes: same input, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, body in entries.items():
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body, compresslevel=level)
    return out.getvalue()


def write_workbook(path: Path, sheets: Sequence[Sheet], stamp: date) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(sheets, stamp))
    return path
