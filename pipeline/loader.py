"""Write stage results into the store: articles, mentions, quotes, candidates, entities, discards.

Every write replaces what the same input wrote before (article_id = page_id; an article's mentions
are deleted and re-inserted), so re-running a stage on the same input leaves the same rows.

Rows go in as one statement over an Arrow table (``pipeline.store.registered``), not
``executemany``: DuckDB runs that one statement per row (~150 us each), which made writing a
re-tag's ~25 rows per article cost ~15 times the tagging itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa

from pipeline.records import Article, Tagging
from pipeline.store import registered


def _batch(con: duckdb.DuckDBPyConnection, columns: Sequence[str], rows: Sequence[tuple]):
    """``rows`` (tuples in ``columns`` order, at least one) as the table ``_batch`` for a ``with``
    block (``pipeline.store.registered``). Column types are Arrow's reading of the values; DuckDB
    casts them to the target columns on INSERT and UPDATE."""
    return registered(con, "_batch", pa.table({column: pa.array(list(value)) for column, value in zip(columns, zip(*rows))}))


def _delete_for(con: duckdb.DuckDBPyConnection, tables: Sequence[str], ids: Sequence[int]) -> None:
    """Delete the rows of ``ids`` from each table."""
    with _batch(con, ["article_id"], [(i,) for i in ids]) as batch:
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM {batch})")


_ARTICLE_COLUMNS = (
    "article_id", "url", "outlet", "title", "text", "published_at", "published_local", "published_date",
    "date_source", "date_missing", "author", "language", "site_name", "image", "categories", "tags",
    "page_views", "is_advertorial", "word_count", "content_hash", "title_key", "fingerprint", "extracted_at",
)
_MENTION_COLUMNS = ("article_id", "entity_id", "kind", "paser", "count", "in_headline", "in_lead", "in_body",
                    "first_sentence", "tone")
_QUOTE_COLUMNS = ("article_id", "seq", "speaker", "official_id", "verb", "text")
_CANDIDATE_COLUMNS = ("article_id", "phrase", "kind", "sentence")
_TONE_COLUMNS = ("tone", "tone_score", "tone_words", "tagged_at", "catalog_version", "article_id")
_ENTITY_COLUMNS = ("entity_id", "kind", "name", "aliases", "parent", "paser", "leads")
_DISCARD_COLUMNS = ("discarded_at", "stage", "source", "url", "reason", "detail", "run_id")


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[tuple],
            verb: str = "INSERT") -> None:
    """``verb`` INTO ``table`` the ``rows`` in one statement (nothing for no rows)."""
    if not rows:
        return
    names = ", ".join(f'"{column}"' for column in columns)
    with _batch(con, columns, rows) as batch:
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM {batch}")


def save_articles(
    con: duckdb.DuckDBPyConnection,
    rows: Iterable[tuple[int, Article, str, bytes]],
    tz: ZoneInfo,
    extracted_at: datetime,
) -> int:
    """Insert or replace articles: (article_id, article, title_key, fingerprint) each."""
    values = []
    for article_id, a, title_key, fingerprint in rows:
        local = a.published_at.astimezone(tz)
        values.append((
            article_id, a.url, a.outlet, a.title, a.text, a.published_at,
            local.replace(tzinfo=None), local.date(), a.date_source, a.date_source == "fetched",
            a.author, a.language, a.site_name, a.image, list(a.categories), list(a.tags),
            a.page_views, a.is_advertorial, a.word_count, a.content_hash, title_key, fingerprint,
            extracted_at,
        ))
    # Cluster and tagging columns are recomputed by their own stages; a re-extracted article
    # starts clean so no stale tag or cluster survives a text change.
    _insert(con, "articles", _ARTICLE_COLUMNS, values, verb="INSERT OR REPLACE")
    return len(values)


def mark_pages(
    con: duckdb.DuckDBPyConnection,
    rows: Iterable[tuple[int, str, str | None, int | None]],
    at: datetime,
) -> None:
    """Record each page's extraction outcome: (page_id, status, reason, duplicate_of)."""
    rows = list(rows)
    if not rows:
        return
    with _batch(con, ("page_id", "status", "reason", "duplicate_of"), rows) as batch:
        con.execute(
            f"UPDATE pages SET extract_status = b.status, extract_reason = b.reason,"
            f" duplicate_of = b.duplicate_of, extracted_at = ? FROM {batch} b WHERE pages.page_id = b.page_id",
            [at],
        )


def delete_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> None:
    """Remove articles (and what hangs on them) that re-extraction no longer yields."""
    if not ids:
        return
    _delete_for(con, ("mentions", "quotes", "candidates", "articles"), ids)


def save_taggings(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[tuple[int, Tagging]],
    catalog_version: str,
    tagged_at: datetime,
) -> int:
    """Replace the mentions, quotes, candidates and tone of each (article_id, tagging)."""
    if not rows:
        return 0
    _delete_for(con, ("mentions", "quotes", "candidates"), [article_id for article_id, _ in rows])
    mentions, quotes, candidates, tones = [], [], [], []
    for article_id, tagging in rows:
        seen: set[str] = set()
        for m in tagging.mentions:
            if m.entity_id in seen:  # one row per (article, entity), the tagger's first wins
                continue
            seen.add(m.entity_id)
            mentions.append((
                article_id, m.entity_id, m.kind, m.paser, m.count, m.in_headline, m.in_lead,
                m.in_body, m.first_sentence, m.tone,
            ))
        quotes += [
            (article_id, seq, q.speaker, q.official_id, q.verb, q.text)
            for seq, q in enumerate(tagging.quotes)
        ]
        candidates += [(article_id, c.phrase, c.kind, c.sentence) for c in tagging.candidates]
        tone = tagging.tone
        words = json.dumps({"positif": list(tone.positive), "negatif": list(tone.negative)})
        tones.append((tone.label, tone.score, words, tagged_at, catalog_version, article_id))
    _insert(con, "mentions", _MENTION_COLUMNS, mentions)
    _insert(con, "quotes", _QUOTE_COLUMNS, quotes)
    _insert(con, "candidates", _CANDIDATE_COLUMNS, candidates)
    with _batch(con, _TONE_COLUMNS, tones) as batch:
        con.execute(
            f"UPDATE articles SET tone = b.tone, tone_score = b.tone_score, tone_words = b.tone_words,"
            f" tagged_at = b.tagged_at, catalog_version = b.catalog_version FROM {batch} b"
            f" WHERE articles.article_id = b.article_id"
        )
    return len(rows)


def save_entities(con: duckdb.DuckDBPyConnection, entities: Iterable) -> None:
    """Replace the entities table with the catalog as loaded now."""
    con.execute("DELETE FROM entities")
    _insert(con, "entities", _ENTITY_COLUMNS, [
        (e.id, e.kind, e.name, list(e.aliases), e.parent, e.paser, getattr(e, "leads", None))
        for e in entities
    ])


def record_discards(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    rows: Iterable[tuple[str | None, str | None, str, str]],
    run_id: int | None,
    replace: Sequence[str] = (),
) -> None:
    """Log discarded items: (source, url, reason, detail) each.

    ``replace``: URLs whose earlier discards at this stage are superseded (a re-run of the stage
    on the same pages records each outcome once).
    """
    if replace:
        con.execute("DELETE FROM discards WHERE stage = ? AND list_contains(?, url)", [stage, list(replace)])
    now = datetime.now(timezone.utc)
    _insert(con, "discards", _DISCARD_COLUMNS,
            [(now, stage, source, url, reason, detail, run_id) for source, url, reason, detail in rows])
