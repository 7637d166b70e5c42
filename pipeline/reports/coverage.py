"""Coverage numbers and the articles behind them, read from the output views.

The SQL lives in ``pipeline/sql/views/20_outputs.sql`` (``pantau_coverage``, ``pantau_coverage_live``
and ``v_*``); this module only passes filter values as parameters and shapes rows, so the CLI and
analysts get the same answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pipeline.reports import sqltext, sqlxlsx, summary, tables
from pipeline.store import Store

BY = ("agency", "program", "official", "place", "outlet")
INTERVALS = ("day", "week", "month")
TONES = ("positif", "netral", "negatif")
COVERAGE_COLUMNS = (
    "period", "key", "name", "articles", "mentions", "outlets",
    "positif", "netral", "negatif", "headline", "lead",
)
ARTICLE_COLUMNS = ("article_id", "published_at", "outlet", "title", "url", "tone", "first_sentence")


ORDER = "period, articles DESC, key"  # the macros' own order, repeated where text is built in SQL


def _query(
    con: Any,
    by: str,
    date_from: date | None,
    date_to: date | None,
    interval: str,
    entity: str | None,
    tone: str | None,
) -> tuple[str, list[Any]]:
    """The coverage SQL and its parameters (filter values are never pasted into SQL)."""
    if by not in BY:
        raise ValueError(f"--by must be one of {', '.join(BY)}")
    if interval not in INTERVALS:
        raise ValueError(f"--interval must be one of {', '.join(INTERVALS)}")
    if tone is not None and tone not in TONES:
        raise ValueError(f"--tone must be one of {', '.join(TONES)}")
    # The summaries are the fast path; when they do not add up to the base tables (a loader
    # that skipped index_articles, an old store) the live definition answers instead.
    macro = summary.coverage_macro(con)
    sql = (
        f"SELECT * FROM {macro}(?, ?::DATE, ?::DATE, p_step := ?, p_entity := ?::VARCHAR,"
        " p_tone := ?::VARCHAR)"
    )
    return sql, [by, date_from, date_to, interval, entity, tone]


def coverage(
    store: Store,
    by: str,
    date_from: date | None = None,
    date_to: date | None = None,
    interval: str = "month",
    entity: str | None = None,
    tone: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of ``pantau_coverage``: one per (period, entity or outlet)."""
    with store.read() as con:
        sql, params = _query(con, by, date_from, date_to, interval, entity, tone)
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def export(
    store: Store,
    fmt: str,
    output: Path | None,
    stamp: date,
    by: str,
    date_from: date | None = None,
    date_to: date | None = None,
    interval: str = "month",
    entity: str | None = None,
    tone: str | None = None,
) -> tuple[str | None, int]:
    """(text, rows) for csv/json/table; (None, rows) for parquet/xlsx, written to ``output``.

    The output is built by DuckDB, not cell by cell in Python: text by ``sqltext`` (identical to
    ``tables.write_rows`` over ``coverage()``), Parquet from DuckDB's Arrow result, XLSX by
    ``sqlxlsx``. An all-time daily table (36,500 rows) is written in tens of milliseconds."""
    if fmt in ("parquet", "xlsx") and output is None:
        raise ValueError(f"--format {fmt} needs --output FILE")
    with store.read() as con:
        sql, params = _query(con, by, date_from, date_to, interval, entity, tone)
        if fmt in sqltext.TEXT_FORMATS:
            rendered = sqltext.render(con, sql, params, COVERAGE_COLUMNS, ORDER, fmt)
            if rendered is not None:
                return rendered
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            # A fresh cursor: the freshness check's result is still open on ``con``.
            table = con.cursor().sql(f"SELECT {', '.join(COVERAGE_COLUMNS)} FROM ({sql}) ORDER BY {ORDER}",
                                     params=params).to_arrow_table()
            output.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, output)
            return None, table.num_rows
        elif fmt == "xlsx":
            count = sqlxlsx.write(con, output, sql, params, COVERAGE_COLUMNS, ORDER, f"coverage-{by}", stamp)
            if count is not None:
                return None, count
        # A column type the SQL renderers do not handle: the Python renderers answer.
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    return tables.write_rows(rows, COVERAGE_COLUMNS, fmt, output, f"coverage-{by}", stamp), len(rows)


def list_articles(
    store: Store,
    entity: str | None = None,
    outlet: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = 100,
) -> list[dict[str, Any]]:
    """Articles newest first, each with its Paser entities (and, with ``entity``, the sentence
    that first mentions it). Without ``entity`` every stored article is listed."""
    where = ["(?::DATE IS NULL OR a.published_date >= ?::DATE)",
             "(?::DATE IS NULL OR a.published_date <= ?::DATE)",
             "(?::VARCHAR IS NULL OR a.outlet = ?::VARCHAR)"]
    params: list[Any] = [date_from, date_from, date_to, date_to, outlet, outlet]
    join = ""
    first = "NULL::VARCHAR AS first_sentence"
    if entity:
        join = "JOIN mentions m ON m.article_id = a.article_id AND m.entity_id = ? AND m.paser"
        first = "m.first_sentence"
        params = [entity, *params]
    # Pick the page of articles first, then read the entities of just those ids: joined to the
    # view directly, DuckDB aggregates every mention first (seconds on a million articles).
    sql = f"""
        SELECT a.article_id, a.published_at, a.published_date, a.outlet, a.title, a.url,
               coalesce(a.tone, 'netral') AS tone, {first}
        FROM articles a
        {join}
        WHERE {' AND '.join(where)}
        ORDER BY a.published_at DESC, a.article_id DESC
        LIMIT ?"""
    params.append(limit if limit is not None else 2**62)
    with store.read() as con:
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        ids = [row["article_id"] for row in rows]
        found = dict(con.execute(
            "SELECT article_id, entities FROM v_article_entities"
            " WHERE article_id IN (SELECT unnest(?::BIGINT[]))", [ids]).fetchall()) if ids else {}
    for row in rows:
        row["entities"] = [dict(item) for item in found.get(row["article_id"], [])]
    return rows
