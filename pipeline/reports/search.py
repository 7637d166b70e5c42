"""Offline full-text search: a term index in the store and BM25 ranking in plain SQL.

DuckDB's ``fts`` extension is downloaded on first use, which fails offline, so Pantau keeps its own
index (migration 005): ``search_terms(article_id, term, tf)`` and ``search_docs(article_id, length)``.
Words are lower-cased runs of letters/digits (the same regular expression splits articles and
queries, in SQL); title words weigh 3 (a headline match ranks above a passing mention in the body).

The process stage calls ``index_articles(con, ids)`` in its write transaction after storing
extracted articles, and ``index_articles(con, ids, text_changed=False)`` after re-tagging them (the
words are as indexed: only articles never indexed get terms; removing an article's terms scans the
whole term table). Both are idempotent and refresh the coverage summaries of those articles' days
(``pipeline.reports.summary``), whose counts follow the mentions. ``rebuild_index(con)`` redoes both
for every article (``pantau search --rebuild``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from pipeline.reports import summary
from pipeline.store import Store

log = logging.getLogger(__name__)

# Split on anything that is not a letter or digit (RE2 syntax, evaluated by DuckDB).
SPLIT = r"[^\p{L}\p{N}]+"
TITLE_WEIGHT = 3
K1 = 1.2
B = 0.75

_TOKENS = f"""
    SELECT article_id, term, sum(w)::INTEGER AS tf FROM (
        SELECT article_id, unnest(regexp_split_to_array(lower(title), '{SPLIT}')) AS term,
               {TITLE_WEIGHT} AS w
        FROM articles WHERE @WHERE@
        UNION ALL
        SELECT article_id, unnest(regexp_split_to_array(lower(text), '{SPLIT}')) AS term, 1 AS w
        FROM articles WHERE @WHERE@
    ) WHERE term <> ''
    GROUP BY article_id, term
"""


def _index(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE _search_new AS {_TOKENS.replace('@WHERE@', where)}", params + params)
    # Term order (migration 007): a query's terms then sit in a few row groups whose zone maps let
    # DuckDB skip the rest. A batch appends its own sorted run; a rebuild sorts everything.
    con.execute("INSERT INTO search_terms SELECT article_id, term, tf FROM _search_new ORDER BY term, article_id")
    con.execute(
        "INSERT INTO search_docs SELECT article_id, sum(tf)::INTEGER FROM _search_new GROUP BY article_id"
    )
    con.execute("DROP TABLE _search_new")


def index_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[int], *, text_changed: bool = True) -> int:
    """(Re)index these articles inside the caller's write transaction; returns how many.

    ``text_changed=False`` (a re-tag): articles indexed before keep their terms; only the
    summaries of their days are refreshed."""
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return 0
    known = [i for (i,) in con.execute(
        "SELECT article_id FROM search_docs WHERE article_id IN (SELECT unnest(?::BIGINT[]))", [ids]).fetchall()]
    todo = ids
    if known and text_changed:
        # search_terms is in term order, so deleting by article scans all of it: only articles
        # indexed before (re-extracted) need it; a batch of new articles skips the scan.
        con.execute("DELETE FROM search_terms WHERE article_id IN (SELECT unnest(?::BIGINT[]))", [known])
        con.execute("DELETE FROM search_docs WHERE article_id IN (SELECT unnest(?::BIGINT[]))", [known])
    elif known:
        todo = sorted(set(ids).difference(known))
    if todo:
        _index(con, "article_id IN (SELECT unnest(?::BIGINT[]))", [todo])
    summary.refresh(con, ids)
    return len(ids)


def rebuild_index(con: duckdb.DuckDBPyConnection) -> int:
    """Drop and rebuild the whole index; returns the number of indexed articles."""
    con.execute("DELETE FROM search_terms")
    con.execute("DELETE FROM search_docs")
    _index(con, "TRUE", [])
    summary.rebuild(con)
    count = con.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    log.info("search index rebuilt: %s articles", count)
    return count


def index_status(store: Store) -> tuple[int, int]:
    """(indexed articles, stored articles): a gap means the loader did not index some articles."""
    with store.read() as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM search_docs), (SELECT count(*) FROM articles)"
        ).fetchone()


def search(
    store: Store,
    query: str,
    date_from: date | None = None,
    date_to: date | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Articles ranked by BM25 over the query's words (any word may match; more and rarer words
    rank higher). Filters are SQL parameters."""
    with store.read() as con:
        # The query's words, split by the same SQL as the articles; each becomes a parameter of an
        # IN list so the term-sorted index is read only where those terms are (zone maps).
        terms = con.execute(
            f"SELECT coalesce(list(DISTINCT term ORDER BY term), [])"
            f" FROM (SELECT unnest(regexp_split_to_array(lower(?), '{SPLIT}')) AS term) WHERE term <> ''",
            [query]).fetchall()[0][0]
        if not terms:
            return []
        marks = ", ".join("?" for _ in terms)
        # Without filters every article is wanted: no semi-join over a million ids.
        filtered = any(v is not None for v in (date_from, date_to, outlet, entity))
        # Scores come from all matching articles (df counts every article with the term); the
        # filters only choose which articles are scored, so a month's search scores that month.
        # The ranking needs published_at alone; titles and URLs are read for the page shown.
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT article_id, term, tf FROM search_terms WHERE term IN ({marks})
            ),
            stats AS (
                SELECT count(*) AS n, coalesce(avg(length), 1) AS avgdl FROM search_docs
            ),
            df AS (
                SELECT term, count(*) AS df FROM hits GROUP BY term
            ),
            wanted AS (
                SELECT a.article_id, a.published_at
                FROM articles a
                WHERE (?::DATE IS NULL OR a.published_date >= ?::DATE)
                  AND (?::DATE IS NULL OR a.published_date <= ?::DATE)
                  AND (?::VARCHAR IS NULL OR a.outlet = ?::VARCHAR)
                  AND (?::VARCHAR IS NULL OR EXISTS (
                        SELECT 1 FROM mentions m
                        WHERE m.article_id = a.article_id AND m.entity_id = ?::VARCHAR AND m.paser))
            ),
            scored AS (
                SELECT t.article_id,
                       sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
                           * t.tf * ({K1} + 1)
                           / (t.tf + {K1} * (1 - {B} + {B} * d.length / stats.avgdl))) AS score,
                       count(*) AS matched
                FROM hits t
                JOIN df USING (term)
                JOIN search_docs d USING (article_id)
                CROSS JOIN stats
                {"WHERE t.article_id IN (SELECT article_id FROM wanted)" if filtered else ""}
                GROUP BY t.article_id
            ),
            top AS (
                SELECT s.article_id, s.score, s.matched, w.published_at
                FROM scored s
                JOIN wanted w USING (article_id)
                ORDER BY s.score DESC, w.published_at DESC, s.article_id
                LIMIT ?
            )
            SELECT a.article_id, round(t.score, 4) AS score, t.matched, a.published_at, a.outlet,
                   a.title, a.url, coalesce(a.tone, 'netral') AS tone
            FROM top t
            JOIN articles a USING (article_id)
            ORDER BY t.score DESC, a.published_at DESC, a.article_id
        """
        params = [*terms, date_from, date_from, date_to, date_to, outlet, outlet, entity, entity, limit]
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
