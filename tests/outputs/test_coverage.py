"""Coverage numbers, the articles behind them, and the views analysts use."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.reports import summary
from pipeline.reports.coverage import coverage, list_articles
from tests.outputs.fixture import build_store, make_config

NOV = (date(2026, 11, 1), date(2026, 11, 30))


def _rows(rows, *cols):
    return [tuple(r[c] for c in cols) for r in rows]


def test_agencies_in_a_month(world):
    _, store = world
    rows = coverage(store, "agency", *NOV)
    assert _rows(rows, "period", "key", "name", "articles", "mentions", "outlets", "positif", "netral",
                 "negatif", "headline", "lead") == [
        (date(2026, 11, 1), "dinkes", "Dinas Kesehatan", 3, 6, 3, 3, 0, 0, 2, 2),
        (date(2026, 11, 1), "dputr", "DPUTR", 2, 3, 2, 1, 0, 1, 1, 1),
        (date(2026, 11, 1), "diskominfostaper", "Diskominfostaper", 1, 2, 1, 0, 1, 0, 1, 1),
    ]


def test_non_paser_mentions_do_not_count(world):
    _, store = world
    keys = {r["key"] for r in coverage(store, "agency")}
    assert "dinkes-ppu" not in keys


def test_all_time_by_month_and_programs_officials_places(world):
    _, store = world
    assert _rows(coverage(store, "agency", entity="dinkes"), "period", "articles") == [
        (date(2025, 11, 1), 1), (date(2026, 10, 1), 2), (date(2026, 11, 1), 3)]
    assert _rows(coverage(store, "program", *NOV), "key", "articles", "mentions", "outlets") == [
        ("paser-tuntas", 4, 5, 3)]
    assert _rows(coverage(store, "official", *NOV), "key", "articles") == [
        ("fahmi-fadli", 1), ("katsul-wijaya", 1)]
    assert _rows(coverage(store, "place", *NOV), "key", "articles") == [("tanah-grogot", 1)]


def test_weeks_and_days_use_wita_days(world):
    _, store = world
    # 107 was published 00:30 WITA on the 24th (16:30 UTC on the 23rd): a Tuesday, week of the 23rd.
    rows = coverage(store, "official", date(2026, 11, 23), date(2026, 11, 24), "day")
    assert _rows(rows, "period", "key") == [(date(2026, 11, 23), "fahmi-fadli"),
                                            (date(2026, 11, 24), "katsul-wijaya")]
    weeks = coverage(store, "agency", *NOV, "week")
    assert _rows(weeks, "period", "key", "articles") == [
        (date(2026, 11, 2), "dputr", 1),
        (date(2026, 11, 23), "dinkes", 3),
        (date(2026, 11, 23), "diskominfostaper", 1),
        (date(2026, 11, 23), "dputr", 1),
    ]


def test_by_outlet_counts_stories_with_article_tone(world):
    _, store = world
    rows = coverage(store, "outlet", *NOV)
    assert _rows(rows, "key", "articles", "mentions", "positif", "netral", "negatif") == [
        ("Kaltim Today", 3, 5, 3, 0, 0),
        ("ANTARA Kaltim", 2, 5, 1, 1, 0),
        ("Tribun Kaltim", 2, 7, 1, 1, 0),
        ("MC Paser", 1, 2, 0, 0, 1),
        ("Radar Paser", 1, 1, 1, 0, 0),
    ]


def test_tone_filter(world):
    _, store = world
    assert _rows(coverage(store, "agency", *NOV, tone="negatif"), "key", "articles") == [("dputr", 1)]


def test_filter_values_are_parameters(world):
    _, store = world
    assert coverage(store, "agency", entity="x' OR 1=1 --") == []
    assert list_articles(store, outlet="x' OR 1=1 --") == []
    with pytest.raises(ValueError):
        coverage(store, "agency; DROP TABLE articles")


def test_articles_behind_a_number(world):
    _, store = world
    rows = list_articles(store, entity="dinkes", date_from=NOV[0], date_to=NOV[1])
    assert [(r["article_id"], r["outlet"], r["first_sentence"]) for r in rows] == [
        (103, "Kaltim Today", "Dinkes Paser menggelar vaksinasi massal di Tanah Grogot."),
        (102, "ANTARA Kaltim", "Dinkes Paser menggelar vaksinasi massal."),
        (101, "Tribun Kaltim", "Dinas Kesehatan menyiapkan tenaga medis."),
    ]
    assert rows[2]["published_at"].isoformat() == "2026-11-23T08:15:00+08:00"
    assert rows[2]["entities"] == [
        {"kind": "official", "id": "fahmi-fadli", "name": "Fahmi Fadli", "aliases": ["Bupati Paser"], "count": 2},
        {"kind": "agency", "id": "dinkes", "name": "Dinas Kesehatan", "aliases": ["Dinkes", "Diskes"], "count": 1},
        {"kind": "place", "id": "tanah-grogot", "name": "Tanah Grogot", "aliases": [], "count": 1},
    ]


def test_listing_without_entity_has_every_article(world):
    _, store = world
    rows = list_articles(store, limit=None)
    assert len(rows) == 14
    ppu = next(r for r in rows if r["article_id"] == 106)
    assert ppu["entities"] == []  # a non-Paser mention is not listed as a Paser entity


def test_analyst_macro_equals_cli(world):
    _, store = world
    with store.read() as con:
        rows = con.execute(
            "SELECT key, articles FROM pantau_coverage('agency', DATE '2026-11-01', DATE '2026-11-30')"
        ).fetchall()
        stories = con.execute(
            "SELECT count(*) FROM v_paser_articles WHERE published_date BETWEEN '2026-11-01' AND '2026-11-30'"
        ).fetchone()[0]
    assert rows == [("dinkes", 3), ("dputr", 2), ("diskominfostaper", 1)]
    assert stories == 9


def test_summaries_equal_the_live_definition(world):
    _, store = world
    sql = ("SELECT * FROM {}(?, ?::DATE, ?::DATE, p_step := ?, p_entity := ?::VARCHAR,"
           " p_tone := ?::VARCHAR)")
    with store.read() as con:
        assert summary.is_fresh(con)
        checked = 0
        for by in ("agency", "program", "official", "place", "outlet"):
            for step in ("day", "week", "month"):
                for entity in (None, "dinkes", "paser-tuntas"):
                    for tone in (None, "negatif"):
                        for start, end in ((None, None), NOV):
                            params = [by, start, end, step, entity, tone]
                            fast = con.execute(sql.format("pantau_coverage"), params).fetchall()
                            live = con.execute(sql.format("pantau_coverage_live"), params).fetchall()
                            assert fast == live, params
                            checked += bool(live)
    assert checked > 40


def test_stale_summaries_fall_back_to_live_and_refresh_repairs(tmp_path):
    from pipeline.reports.search import index_articles

    config = make_config(tmp_path)
    store = build_store(config.database)
    with store.write() as con:
        con.execute("INSERT INTO mentions VALUES (108, 'dinkes', 'agency', TRUE, 4, 1, 0, 0, 'x', 'positif')")
        assert not summary.is_fresh(con)
    # Numbers are right even though the loader did not refresh: the live definition answers.
    assert _rows(coverage(store, "agency", *NOV, entity="dinkes"), "articles", "mentions") == [(4, 10)]
    with store.write() as con:
        index_articles(con, [108])
        assert summary.is_fresh(con)
    assert _rows(coverage(store, "agency", *NOV, entity="dinkes"), "articles", "mentions", "outlets") == [
        (4, 10, 4)]


def test_migration_007_fills_coverage_day_like_a_rebuild(tmp_path):
    # A store made before migration 007 gets coverage_day from the summaries it already has.
    from pipeline.store import SQL

    store = build_store(make_config(tmp_path).database)
    sql = (SQL / "migrations" / "007_coverage_day.sql").read_text(encoding="utf-8")
    fill = next(s for s in sql.split(";") if "INSERT INTO coverage_day" in s)
    query = "SELECT * FROM coverage_day ORDER BY ALL"
    with store.write() as con:
        rebuilt = con.execute(query).fetchall()
        con.execute("DELETE FROM coverage_day")
        con.execute(fill)
        migrated = con.execute(query).fetchall()
        assert summary.is_fresh(con)
    assert migrated == rebuilt and len(rebuilt) > 20
