"""Render a query's rows as CSV, JSON or a text table inside DuckDB, byte for byte as ``tables`` does.

``pantau coverage`` can return tens of thousands of rows (all time, by day: 36,500). Turning each
cell into a Python object and formatting it in Python took longer than the query itself, so for the
plain column types (integers, dates, text, booleans) the text is built by DuckDB with the same
rules as ``pipeline.reports.tables``: the csv module's minimal quoting and formula guard, the json
module's ``indent=2, ensure_ascii=False`` layout and escapes, and ``to_table``'s cut and padding.
``tests/outputs/test_sqltext.py`` checks the two renderers give identical text on hostile values.

``render(con, sql, params, columns, order, fmt)`` returns (text, rows), or ``None`` when a column has another type;
the caller then renders in Python.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import duckdb

from pipeline.reports.tables import FORMULA_START

TEXT_FORMATS = ("csv", "json", "table")
_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "UHUGEINT"}
# What str.rstrip() strips: every Unicode whitespace character.
_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())
_JSON_SHORT = {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}


def sql_literal(text: str) -> str:
    """A SQL string literal (control characters via chr() so the SQL stays one plain line)."""
    parts: list[str] = []
    run = ""
    for ch in text:
        if ord(ch) >= 32:
            run += ch
            continue
        if run:
            parts.append("'" + run.replace("'", "''") + "'")
            run = ""
        parts.append(f"chr({ord(ch)})")
    if run or not parts:
        parts.append("'" + run.replace("'", "''") + "'")
    return "(" + " || ".join(parts) + ")"


def column_kind(type_name: str) -> str | None:
    name = str(type_name).upper()
    if name in _INTEGER:
        return "int"
    if name == "DATE":
        return "date"
    if name == "VARCHAR":
        return "str"
    if name == "BOOLEAN":
        return "bool"
    return None


def _plain(col: str, kind: str) -> str:
    """str(value) as Python prints it (NULL stays NULL)."""
    if kind == "bool":
        return f"CASE WHEN {col} THEN 'True' WHEN NOT {col} THEN 'False' END"
    return f"CAST({col} AS VARCHAR)"


def _csv(col: str, kind: str) -> str:
    if kind != "str":
        return f"coalesce({_plain(col, kind)}, '')"
    starts = ", ".join(sql_literal(c) for c in FORMULA_START)
    formula = f"left({col}, 1) IN ({starts})"
    guarded = f"(CASE WHEN {formula} THEN '''' || {col} ELSE {col} END)"
    # csv.QUOTE_MINIMAL with lineterminator "\n": quote when the field holds the delimiter, the
    # quote char or LF (a lone CR is written as it is, as the csv module does). The "'" put before
    # a formula adds none of those, so the test runs on the raw value (each evaluated once).
    needs = f"(contains({col}, ',') OR contains({col}, '\"') OR contains({col}, chr(10)))"
    return (f"coalesce(CASE WHEN {needs} THEN '\"' || replace({guarded}, '\"', '\"\"') || '\"'"
            f" WHEN {formula} THEN '''' || {col} ELSE {col} END, '')")


def _json_string(expr: str) -> str:
    """A JSON string literal as json.dumps(ensure_ascii=False) writes it."""
    slow = f"replace(replace({expr}, '\\', '\\\\'), '\"', '\\\"')"
    for code in range(32):
        escaped = _JSON_SHORT.get(code, f"\\u{code:04x}")
        slow = f"replace({slow}, chr({code}), '{escaped}')"
    # Most values need no escape: only those with a quote, a backslash or a control character
    # take the replace chain.
    return (f"CASE WHEN regexp_matches({expr}, '[\\x00-\\x1f\"\\\\]') THEN '\"' || {slow} || '\"'"
            f" ELSE '\"' || {expr} || '\"' END")


def _json(col: str, kind: str) -> str:
    if kind == "int":
        value = f"CAST({col} AS VARCHAR)"
    elif kind == "bool":
        value = f"CASE WHEN {col} THEN 'true' WHEN NOT {col} THEN 'false' END"
    elif kind == "date":
        value = f"'\"' || CAST({col} AS VARCHAR) || '\"'"
    else:
        value = _json_string(col)
    return f"coalesce({value}, 'null')"


def _table_cell(col: str, kind: str, width: int) -> str:
    text = f"coalesce({_plain(col, kind)}, '')"
    return f"(CASE WHEN length({text}) > {width} THEN left({text}, {width - 1}) || '…' ELSE {text} END)"


def _header_csv(columns: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(columns)
    return out.getvalue()


def render(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Sequence[Any],
    columns: Sequence[str],
    order: str,
    fmt: str,
    width: int = 48,
) -> tuple[str, int] | None:
    """(text, row count): the rows of ``sql`` (sorted by ``order``, an ORDER BY list over ``columns``)
    as ``fmt`` text, identical to ``tables.write_rows``; ``None`` when a column type is not handled
    here."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"not a text format: {fmt}")
    probe = con.execute(f"SELECT * FROM ({sql}) LIMIT 0", list(params))
    types = {d[0]: d[1] for d in probe.description}
    kinds = [column_kind(types.get(c, "")) for c in columns]
    if any(k is None for k in kinds):
        return None
    refs = [f'r."{c}"' for c in columns]
    if fmt == "csv":
        # concat() of all pieces builds each line in one go (a chain of || copies it per piece).
        line = "concat(" + ", ',', ".join(_csv(r, k) for r, k in zip(refs, kinds)) + ", chr(10))"
        body, count = con.execute(
            f"SELECT coalesce(string_agg({line}, '' ORDER BY {order}), ''), count(*)"
            f" FROM ({sql}) r", list(params)).fetchone()
        return _header_csv(columns) + body, count
    if fmt == "json":
        fields = ", ',' || chr(10), ".join(
            f"{sql_literal('    ' + json.dumps(c, ensure_ascii=False) + ': ')}, {_json(r, k)}"
            for c, r, k in zip(columns, refs, kinds))
        body, count = con.execute(
            f"SELECT string_agg(concat('  {{' || chr(10), {fields}, chr(10) || '  }}'), ',' || chr(10)"
            f" ORDER BY {order}), count(*) FROM ({sql}) r", list(params)).fetchone()
        return ("[]\n" if body is None else "[\n" + body + "\n]\n"), count
    # table: cut cells, pad each column to its widest cell (or header), strip trailing blanks.
    cells = ", ".join(f'{_table_cell(r, k, width)} AS "c{i}"' for i, (r, k) in enumerate(zip(refs, kinds)))
    widths = ", ".join(f'greatest({len(c)}, coalesce(max(length("c{i}")), 0))::INTEGER AS "w{i}"'
                       for i, c in enumerate(columns))
    # The last cell is not padded: str.rstrip() would take the padding off again. The rstrip of
    # every Unicode whitespace runs only on the rare lines that still end in whitespace.
    last = len(columns) - 1
    row = "concat(" + ", '  ', ".join(
        [f'rpad("c{i}", w."w{i}", \' \')' for i in range(last)] + [f'"c{last}"']) + ")"
    ws = sql_literal(_WHITESPACE)
    sort = ", ".join(f'r."{c}" AS "s{i}"' for i, c in enumerate(columns))
    body, widths_row, count = con.execute(
        f"""WITH src AS MATERIALIZED (SELECT {cells}, {sort} FROM ({sql}) r),
                 w AS (SELECT {widths} FROM src),
                 lines AS (SELECT {row} AS line, * FROM src, w)
            SELECT string_agg(CASE WHEN line = '' OR NOT contains({ws}, right(line, 1)) THEN line
                                   ELSE rtrim(line, {ws}) END || chr(10), ''
                              ORDER BY {_rename(order, columns)}),
                   any_value([{', '.join(f'"w{i}"' for i in range(len(columns)))}]), count(*)
            FROM lines""", list(params)).fetchone()
    if widths_row is None:
        widths_row = [len(c) for c in columns]
    head = "  ".join(c.ljust(w) for c, w in zip(columns, widths_row)).rstrip()
    dashes = "  ".join("-" * w for w in widths_row)
    return head + "\n" + dashes + "\n" + (body or ""), count


def _rename(order: str, columns: Sequence[str]) -> str:
    """The ORDER BY list with column names replaced by the src CTE's sort aliases."""
    terms = []
    for term in order.split(","):
        words = term.split()
        name = words[0].strip('"')
        words[0] = f'"s{list(columns).index(name)}"'
        terms.append(" ".join(words))
    return ", ".join(terms)
