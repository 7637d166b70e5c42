"""Write a query's rows as a one-sheet XLSX, with the bulk of the worksheet XML built by DuckDB.

openpyxl needs about 0.2 ms a cell: an all-time daily coverage table (36,500 rows, 11 columns) took
7 s. Here openpyxl still writes the workbook (styles, header, column widths from the first
``HEAD_ROWS`` rows, frozen header row, fixed document dates via ``pipeline.reports.xlsx``), so a
table of up to ``HEAD_ROWS`` rows is exactly what ``write_workbook`` gives. For a longer one DuckDB
renders every data row in the cell XML openpyxl writes (numbers ``t="n"``, dates as serial numbers
with the template's date style, text as inline strings) but without cell and row references, which
readers count for themselves; the rows replace openpyxl's after the header. Read back, the cells
are the same as ``write_workbook``'s (``tests/outputs/test_sqlxlsx.py``).

``write(con, path, sql, params, columns, order, sheet, stamp)`` returns the row count, or ``None``
when a column type is not handled here (the caller then uses ``write_workbook``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipeline.reports.sqltext import column_kind, sql_literal
from pipeline.reports.xlsx import column_widths, fixed_zip, workbook_bytes

HEAD_ROWS = 200  # rows openpyxl writes by itself; also the rows that size the columns
SHEET = "xl/worksheets/sheet1.xml"
# What str.strip() strips (openpyxl marks such text xml:space="preserve").
_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())
_WS_CLASS = "".join(f"\\x{{{ord(ch):04x}}}" for ch in _WHITESPACE)
# RE2: a character to escape or drop, or whitespace at either end.
_SPECIAL = f"[&<>\\x00-\\x1f]|^[{_WS_CLASS}]|[{_WS_CLASS}]$"


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _text_xml(col: str) -> str:
    """Inline-string cell content: XML-escaped, CR kept as a reference, characters XML forbids
    dropped (openpyxl refuses them)."""
    escaped = f"replace(replace(replace({col}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
    escaped = (f"CASE WHEN regexp_matches({col}, '[\\x00-\\x1f]') THEN replace(regexp_replace({escaped},"
               f" '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]', '', 'g'), chr(13), '&#13;') ELSE {escaped} END")
    ws = sql_literal(_WHITESPACE)
    preserve = f"(contains({ws}, left({col}, 1)) OR contains({ws}, right({col}, 1)))"
    # One regular expression finds the rare text that needs any of that; the rest is copied as is.
    special = f"regexp_matches({col}, '{_SPECIAL}')"
    return (f"CASE WHEN {col} = '' THEN '' WHEN NOT {special} THEN '<is><t>' || {col} || '</t></is>'"
            f" WHEN {preserve} THEN '<is><t xml:space=\"preserve\">' || {escaped}"
            f" || '</t></is>' ELSE '<is><t>' || {escaped} || '</t></is>' END")


def _cell(col: str, kind: str, date_style: str) -> str:
    # Cells carry no "r" reference (readers count them along the row, as the format allows), so a
    # NULL is an empty <c/> where openpyxl leaves the cell out: the same value when read back.
    # Numbers omit t="n" (the default). One concat() per cell: chains of || copy each piece again.
    if kind == "int":
        body = f"concat('<c><v>', CAST({col} AS VARCHAR), '</v></c>')"
    elif kind == "bool":
        body = f"concat('<c t=\"b\"><v>', CASE WHEN {col} THEN '1' ELSE '0' END, '</v></c>')"
    elif kind == "date":
        body = (f"concat('<c s=\"{date_style}\"><v>', CAST(({col} - DATE '1899-12-30') AS VARCHAR),"
                f" '</v></c>')")
    else:
        body = f"concat('<c t=\"inlineStr\">', {_text_xml(col)}, '</c>')"
    return f"CASE WHEN {col} IS NULL THEN '<c/>' ELSE {body} END"


def write(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sql: str,
    params: Sequence[Any],
    columns: Sequence[str],
    order: str,
    sheet: str,
    stamp: date,
    head_rows: int = HEAD_ROWS,
) -> int | None:
    """Write the rows of ``sql`` (sorted by ``order``) to ``path``; returns the number of rows."""
    probe = con.execute(f"SELECT * FROM ({sql}) LIMIT 0", list(params))
    types = {d[0]: d[1] for d in probe.description}
    kinds = [column_kind(types.get(c, "")) for c in columns]
    if any(k is None for k in kinds):
        return None
    cols = ", ".join(f'r."{c}"' for c in columns)
    head = con.execute(f"SELECT {cols} FROM ({sql}) r ORDER BY {order} LIMIT {max(head_rows, HEAD_ROWS) + 1}",
                       list(params)).fetchall()
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(head) <= head_rows:
        path.write_bytes(workbook_bytes([(sheet, columns, head)], stamp))
        return len(head)
    # openpyxl lays out the header and one row (for the date style); widths come from the first
    # rows as write_workbook measures them.
    template = workbook_bytes([(sheet, columns, head[:1])], stamp, column_widths(columns, head[:HEAD_ROWS]))
    with zipfile.ZipFile(io.BytesIO(template)) as src:
        entries = {name: src.read(name) for name in src.namelist()}
    xml = entries[SHEET].decode("utf-8")
    # The date style openpyxl gave the data rows (row 1 is the bold header).
    styles = {m.group(2) for i, k in enumerate(kinds) if k == "date"
              for m in re.finditer(rf'<c r="{_letters(i)}(\d+)" s="(\d+)"', xml) if m.group(1) != "1"}
    if len(styles) > 1 or ("date" in kinds and not styles):
        return None  # not the layout this module knows: let openpyxl write it all
    date_style = styles.pop() if styles else "0"
    refs = [f'"{c}"' for c in columns]
    cells = ", ".join(_cell(r, k, date_style) for r, k in zip(refs, kinds))
    # Every data row is rendered here (openpyxl's rows only sized the columns and gave the date
    # style): the sheet keeps openpyxl's header row, then the rows in order. Rows carry no "r"
    # either; a reader counts them.
    body, count = con.execute(
        f"""SELECT string_agg(concat('<row>', {cells}, '</row>'), '' ORDER BY {order}), count(*)
            FROM ({sql}) r""", list(params)).fetchone()
    last = f"{_letters(len(columns) - 1)}{count + 1}"
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
    start = xml.index("</row>", xml.index("<sheetData>")) + len("</row>")
    xml = xml[:start] + body + xml[xml.index("</sheetData>"):]
    entries[SHEET] = xml.encode("utf-8")
    # The template's entries are already normalised (document dates = stamp). Fast deflate: the
    # sheet is megabytes of repetitive XML (level 6 took longer than the query).
    path.write_bytes(fixed_zip(entries, level=1))
    return count
