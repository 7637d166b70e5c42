"""Offline full-text search: BM25 ranking in SQL over the term index."""

from __future__ import annotations

from datetime import date

from pipeline.reports import summary
from pipeline.reports.search import index_articles, index_status, rebuild_index, search
from tests.outputs.fixture import build_store, make_config


def test_ranked_by_bm25(world):
    _, store = world
    rows = search(store, "vaksinasi massal Tanah Grogot")
    # 103 has all four words in its title; 102 two; 101 only "tanah grogot" in the body.
    assert [(r["article_id"], r["matched"]) for r in rows] == [(103, 4), (102, 2), (101, 2)]
    assert rows[0]["score"] > rows[1]["score"] > rows[2]["score"]


def test_filters(world):
    _, store = world
    assert [r["article_id"] for r in search(store, "dinkes", outlet="ANTARA Kaltim")] == [102, 301]
    assert [r["article_id"] for r in search(store, "dinkes", date_from=date(2026, 11, 1),
                                            date_to=date(2026, 11, 30), entity="dinkes")] == [102, 103]
    assert [r["article_id"] for r in search(store, "paser", entity="katsul-wijaya")] == [107]


def test_untrusted_query_text(world):
    _, store = world
    # The words "x", "or", "1" are searched as words: only 104 (src=x, alert(1)) has them.
    assert [r["article_id"] for r in search(store, "x' OR 1=1 --")] == [104]
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 14
    assert search(store, "") == []
    assert [r["article_id"] for r in search(store, "<script>alert(1)</script>")] == [104]


def test_index_is_idempotent_and_follows_updates(tmp_path):
    config = make_config(tmp_path)
    store = build_store(config.database)
    with store.read() as con:
        before = con.execute("SELECT count(*), sum(tf) FROM search_terms").fetchone()
    with store.write() as con:
        assert index_articles(con, [101, 101, 102]) == 2
        assert index_articles(con, []) == 0
        after = con.execute("SELECT count(*), sum(tf) FROM search_terms").fetchone()
        con.execute("UPDATE articles SET title = 'Festival Durian Kuaro' WHERE article_id = 108")
        index_articles(con, [108])
    assert after == before
    assert [r["article_id"] for r in search(store, "durian")] == [108]
    assert search(store, "festival")[0]["matched"] == 1
    with store.write() as con:
        con.execute("DELETE FROM articles WHERE article_id = 108")
        index_articles(con, [108])
    assert search(store, "durian") == []
    assert index_status(store) == (13, 13)
    with store.write() as con:
        assert rebuild_index(con) == 13


def test_a_re_tag_keeps_terms_and_indexes_only_new_articles(tmp_path):
    """After a re-tag the words are as indexed: their terms stay (removing them scans the whole term
    table); an article never indexed gets its terms; the day summaries follow the new mentions."""
    config = make_config(tmp_path)
    store = build_store(config.database)
    with store.write() as con:
        terms = con.execute("SELECT count(*), sum(tf) FROM search_terms").fetchone()
        assert con.execute("SELECT count(*) FROM coverage_daily WHERE entity_id = 'katsul-wijaya'").fetchone() == (1,)
        con.execute("DELETE FROM search_terms WHERE article_id = 108")
        con.execute("DELETE FROM search_docs WHERE article_id = 108")
        con.execute("UPDATE articles SET title = 'Festival Durian Kuaro' WHERE article_id = 107")
        con.execute("DELETE FROM mentions WHERE article_id = 107")
        assert index_articles(con, [107, 108], text_changed=False) == 2
        assert con.execute("SELECT count(*), sum(tf) FROM search_terms").fetchone() == terms
        assert con.execute("SELECT count(*) FROM coverage_daily WHERE entity_id = 'katsul-wijaya'").fetchone() == (0,)
        assert summary.is_fresh(con)
    assert search(store, "durian") == []  # 107's new title is not indexed by a re-tag
    assert index_status(store) == (14, 14)
    with store.write() as con:
        index_articles(con, [107])  # the text changed: re-extraction indexes it again
    assert [r["article_id"] for r in search(store, "durian")] == [107]
