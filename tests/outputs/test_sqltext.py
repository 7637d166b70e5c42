"""The DuckDB renderer (sqltext) gives byte-identical text to the Python one (tables) on hostile
values: formula starts, quotes, commas, control characters, long and non-ASCII cells, NULLs."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipeline.reports import sqltext, tables

VALUES = [
    "plain", "=HYPERLINK(\"x\")", "+62 812", "-minus", "@at", "\tTab start", "\rCR start", "a,b",
    'say "hi"', "line\nbreak", "cr\rhere", "back\\slash / slash", "ctl\x01\x0b\x1f\x08\x0cend",
    "é ü 😀 e\u0301", "x" * 47, "y" * 48, "z" * 49, "ends with spaces   ", "", None, "nbsp\xa0",
    "'quoted'", "ends\u3000",
]
COLUMNS = ["period", "key", "name", "articles", "flag", "last"]


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (period DATE, key VARCHAR, name VARCHAR, articles BIGINT, flag BOOLEAN,"
                " last VARCHAR)")
    rows = []
    for i, value in enumerate(VALUES):
        rows.append([date(2026, 1, 1 + i % 28), f"k{i:02d}", value, (-1) ** i * i * 1000,
                     None if i % 5 == 0 else i % 2 == 0, VALUES[-1 - i]])
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", rows)
    yield con
    con.close()


def _python(con, sql, fmt):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    return tables.write_rows(rows, COLUMNS, fmt, None)


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
@pytest.mark.parametrize("where", ["TRUE", "FALSE", "key = 'k03'"])
def test_same_text_as_python(con, fmt, where):
    sql = f"SELECT * FROM t WHERE {where}"
    expected = _python(con, sql + " ORDER BY period, articles DESC, key", fmt)
    count = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    assert sqltext.render(con, sql, [], COLUMNS, "period, articles DESC, key", fmt) == (expected, count)


def test_unhandled_type_falls_back(con):
    assert sqltext.render(con, "SELECT 1.5::DOUBLE AS period, * EXCLUDE (period) FROM t", [], COLUMNS,
                          "key", "csv") is None
