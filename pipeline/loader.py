"""Write stage results into the store: articles, mentions, quotes, candidates, entities, discards.

Every write replaces what the same input wrote before (article_id = page_id; an article's mentions
are deleted and re-inserted), so re-running a stage on the same input leaves the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import duckdb

from pipeline.records import Article, Tagging


def _ids_table(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _ids (id BIGINT)")
    con.executemany("INSERT INTO _ids VALUES (?)", [(i,) for i in ids])


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
    if not values:
        return 0
    # Cluster and tagging columns are recomputed by their own stages; a re-extracted article
    # starts clean so no stale tag or cluster survives a text change.
    con.executemany(
        "INSERT OR REPLACE INTO articles (article_id, url, outlet, title, text, published_at,"
        " published_local, published_date, date_source, date_missing, author, language, site_name,"
        " image, categories, tags, page_views, is_advertorial, word_count, content_hash, title_key,"
        " fingerprint, extracted_at) VALUES (" + ", ".join("?" * 23) + ")",
        values,
    )
    return len(values)


def mark_pages(
    con: duckdb.DuckDBPyConnection,
    rows: Iterable[tuple[int, str, str | None, int | None]],
    at: datetime,
) -> None:
    """Record each page's extraction outcome: (page_id, status, reason, duplicate_of)."""
    con.executemany(
        "UPDATE pages SET extract_status = ?, extract_reason = ?, duplicate_of = ?, extracted_at = ?"
        " WHERE page_id = ?",
        [(status, reason, dup, at, page_id) for page_id, status, reason, dup in rows],
    )


def delete_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> None:
    """Remove articles (and what hangs on them) that re-extraction no longer yields."""
    if not ids:
        return
    _ids_table(con, ids)
    for table in ("mentions", "quotes", "candidates", "articles"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM _ids)")


def save_taggings(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[tuple[int, Tagging]],
    catalog_version: str,
    tagged_at: datetime,
) -> int:
    """Replace the mentions, quotes, candidates and tone of each (article_id, tagging)."""
    if not rows:
        return 0
    _ids_table(con, [article_id for article_id, _ in rows])
    for table in ("mentions", "quotes", "candidates"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM _ids)")
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
    if mentions:
        con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions)
    if quotes:
        con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?)", quotes)
    if candidates:
        con.executemany("INSERT INTO candidates VALUES (?, ?, ?, ?)", candidates)
    con.executemany(
        "UPDATE articles SET tone = ?, tone_score = ?, tone_words = ?, tagged_at = ?,"
        " catalog_version = ? WHERE article_id = ?",
        tones,
    )
    return len(rows)


def save_entities(con: duckdb.DuckDBPyConnection, entities: Iterable) -> None:
    """Replace the entities table with the catalog as loaded now."""
    con.execute("DELETE FROM entities")
    con.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (e.id, e.kind, e.name, list(e.aliases), e.parent, e.paser, getattr(e, "leads", None))
            for e in entities
        ],
    )


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
    values = [(now, stage, source, url, reason, detail, run_id) for source, url, reason, detail in rows]
    if values:  # DuckDB 2 rejects executemany with no parameter sets (a clean batch)
        con.executemany("INSERT INTO discards VALUES (?, ?, ?, ?, ?, ?, ?)", values)
