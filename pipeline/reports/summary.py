"""Coverage summaries: per-day aggregates that keep ``pantau coverage`` fast on millions of mentions.

``coverage_daily`` holds one row per (WITA day, entity, tone) and ``coverage_outlet_daily`` one per
(day, outlet, article tone), both computed from ``v_paser_mentions``, the same rows the live macro
``pantau_coverage_live`` reads. Distinct outlets over a week or a month cannot be summed from days,
so each row carries a bitmap of its outlets (``outlet_ids``) and an interval ORs them.
``coverage_day`` (migration 007) is derived from those two: one row per (day, kind, entity or outlet)
with the tones pivoted into columns, so a query without a tone filter reads a third of the rows and
a daily one needs no grouping at all.

``refresh(con, article_ids)`` recomputes the days those articles fall on (called by
``search.index_articles``, which the process stage calls after storing or re-tagging articles);
``rebuild(con)`` recomputes everything. ``is_fresh`` compares totals with the base tables so a store
whose loader skipped the refresh falls back to the live definition instead of giving stale numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import duckdb

log = logging.getLogger(__name__)

OUTLET_BITS = 256  # bitmap width: more outlets than this -> the live definition is used
TABLES = ("outlet_ids", "coverage_daily", "coverage_outlet_daily", "coverage_day")

_DAILY = f"""
    INSERT INTO coverage_daily
    SELECT m.published_date, m.kind, m.entity_id, m.tone, count(*), sum(m.count),
           count(*) FILTER (WHERE m.in_headline > 0), count(*) FILTER (WHERE m.in_lead > 0),
           bitstring_agg(o.id, 0, {OUTLET_BITS - 1})
    FROM v_paser_mentions m JOIN outlet_ids o ON o.outlet = m.outlet
    WHERE @WHERE@
    GROUP BY ALL
"""
_OUTLETS = """
    INSERT INTO coverage_outlet_daily
    SELECT published_date, outlet, article_tone, count(*), sum(mentions), count(*) FILTER (WHERE h),
           count(*) FILTER (WHERE l)
    FROM (SELECT article_id, any_value(published_date) AS published_date, any_value(outlet) AS outlet,
                 any_value(article_tone) AS article_tone, sum(count) AS mentions,
                 bool_or(in_headline > 0) AS h, bool_or(in_lead > 0) AS l
          FROM v_paser_mentions m WHERE @WHERE@ GROUP BY article_id)
    GROUP BY ALL
"""

# coverage_day from the two tone-split summaries (same sums; outlets ORed over the tones).
_DAY = """
    INSERT INTO coverage_day
    SELECT published_date, kind, entity_id, sum(articles), sum(mentions),
           coalesce(sum(articles) FILTER (WHERE tone = 'positif'), 0),
           coalesce(sum(articles) FILTER (WHERE tone = 'netral'), 0),
           coalesce(sum(articles) FILTER (WHERE tone = 'negatif'), 0),
           sum(headline), sum(lead), bit_or(outlets)
    FROM coverage_daily m WHERE @WHERE@
    GROUP BY published_date, kind, entity_id
    UNION ALL
    SELECT published_date, 'outlet', outlet, sum(articles), sum(mentions),
           coalesce(sum(articles) FILTER (WHERE tone = 'positif'), 0),
           coalesce(sum(articles) FILTER (WHERE tone = 'netral'), 0),
           coalesce(sum(articles) FILTER (WHERE tone = 'negatif'), 0),
           sum(headline), sum(lead), NULL
    FROM coverage_outlet_daily m WHERE @WHERE@
    GROUP BY published_date, outlet
    -- Rows in (kind, day) order: a query's kind and date range skip row groups by their zone maps.
    ORDER BY 2, 1, 3
"""


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this store has the summary tables (migration 005)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN (SELECT unnest(?::VARCHAR[]))",
        [list(TABLES)],
    ).fetchone()[0]
    return found == len(TABLES)


def _assign_outlet_ids(con: duckdb.DuckDBPyConnection) -> None:
    # Ids are never reused or renumbered: existing bitmaps stay valid.
    con.execute("""
        INSERT INTO outlet_ids
        SELECT outlet, (coalesce((SELECT max(id) FROM outlet_ids), -1)
                        + row_number() OVER (ORDER BY outlet))::SMALLINT
        FROM (SELECT DISTINCT outlet FROM articles) a
        WHERE outlet NOT IN (SELECT outlet FROM outlet_ids)""")


def _fill(con: duckdb.DuckDBPyConnection, where: str, params: list) -> None:
    too_many = con.execute("SELECT coalesce(max(id), 0) >= ? FROM outlet_ids", [OUTLET_BITS]).fetchone()[0]
    if too_many:
        log.warning("coverage summaries: more than %s outlets; pantau coverage uses the live view", OUTLET_BITS)
        return
    con.execute(_DAILY.replace("@WHERE@", where), params)
    con.execute(_OUTLETS.replace("@WHERE@", where), params)
    con.execute(_DAY.replace("@WHERE@", where), params + params)


def refresh(con: duckdb.DuckDBPyConnection, article_ids: Sequence[int]) -> int:
    """Recompute the summary days of these articles; returns the number of days."""
    if not article_ids or not available(con):
        return 0
    _assign_outlet_ids(con)
    days = [d for (d,) in con.execute(
        "SELECT DISTINCT published_date FROM articles WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
        [list(article_ids)]).fetchall()]
    if not days:
        return 0
    for table in ("coverage_daily", "coverage_outlet_daily", "coverage_day"):
        con.execute(f"DELETE FROM {table} WHERE published_date IN (SELECT unnest(?::DATE[]))", [days])
    _fill(con, "m.published_date IN (SELECT unnest(?::DATE[]))", [days])
    return len(days)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every summary row from the base tables."""
    if not available(con):
        log.warning("coverage summaries: tables missing (migration 005 predates them); skipped")
        return
    con.execute("DELETE FROM coverage_daily")
    con.execute("DELETE FROM coverage_outlet_daily")
    con.execute("DELETE FROM coverage_day")
    _assign_outlet_ids(con)
    _fill(con, "TRUE", [])


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the summaries add up to the base tables (mention rows and counts)."""
    if not available(con):
        return False
    mentions, counted = con.execute(
        "SELECT count(*), coalesce(sum(count), 0) FROM mentions WHERE paser").fetchone()
    sums = con.execute(
        "SELECT (SELECT coalesce(sum(articles), 0) FROM coverage_daily),"
        " (SELECT coalesce(sum(mentions), 0) FROM coverage_daily),"
        " (SELECT coalesce(sum(mentions), 0) FROM coverage_outlet_daily),"
        " (SELECT coalesce(sum(articles) FILTER (WHERE kind <> 'outlet'), 0) FROM coverage_day),"
        " (SELECT coalesce(sum(mentions) FILTER (WHERE kind <> 'outlet'), 0) FROM coverage_day),"
        " (SELECT coalesce(sum(mentions) FILTER (WHERE kind = 'outlet'), 0) FROM coverage_day)").fetchone()
    summed, summed_counts, outlet_counts, day_summed, day_counts, day_outlet_counts = sums
    return (mentions == summed == day_summed
            and counted == summed_counts == outlet_counts == day_counts == day_outlet_counts)


def coverage_macro(con: duckdb.DuckDBPyConnection) -> str:
    """``pantau_coverage`` when the summaries are fresh, else ``pantau_coverage_live``."""
    if is_fresh(con):
        return "pantau_coverage"
    log.info("coverage summaries missing or stale: using the live definition (pantau search --rebuild)")
    return "pantau_coverage_live"
