"""The XLSX whose rows DuckDB renders (sqlxlsx) reads back cell for cell like write_workbook's."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
from openpyxl import load_workbook

from pipeline.reports import sqlxlsx
from pipeline.reports.xlsx import write_workbook

COLUMNS = ["period", "key", "name", "articles", "flag"]
VALUES = ["plain", "=HYPERLINK(\"x\")", "a & <b> > c", 'say "hi"', "line\nbreak", "cr\rhere", "tab\there",
          " padded ", "é ü 😀", "", None, "ends\u3000", "'quoted'"]


def _values(path):
    sheet = load_workbook(path).active
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet.dimensions, sheet.freeze_panes


def test_same_cells_as_openpyxl(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (period DATE, key VARCHAR, name VARCHAR, articles BIGINT, flag BOOLEAN)")
    rows = [[date(2026, 1, 1 + i % 28), f"k{i:03d}", VALUES[i % len(VALUES)], i * 7 - 50,
             None if i % 4 == 0 else i % 3 == 0] for i in range(60)]
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    ordered = sorted(rows, key=lambda r: (r[0], -r[3], r[1]))
    expected = tmp_path / "openpyxl.xlsx"
    write_workbook(expected, [("cov", COLUMNS, ordered)], date(2026, 1, 1))
    fast = tmp_path / "duckdb.xlsx"
    count = sqlxlsx.write(con, fast, "SELECT * FROM t", [], COLUMNS, "period, articles DESC, key", "cov",
                          date(2026, 1, 1), head_rows=10)
    assert count == 60
    got, want = _values(fast), _values(expected)
    assert got == want
    assert got[0][1][0] == datetime(2026, 1, 1) and got[1] == "A1:E61"
    # Small tables are openpyxl's own file, byte for byte; the same data gives the same bytes.
    small = tmp_path / "small.xlsx"
    assert sqlxlsx.write(con, small, "SELECT * FROM t", [], COLUMNS, "period, articles DESC, key", "cov",
                         date(2026, 1, 1)) == 60
    assert small.read_bytes() == expected.read_bytes()
    again = tmp_path / "again.xlsx"
    sqlxlsx.write(con, again, "SELECT * FROM t", [], COLUMNS, "period, articles DESC, key", "cov",
                  date(2026, 1, 1), head_rows=10)
    assert again.read_bytes() == fast.read_bytes()
