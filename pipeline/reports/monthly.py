"""The monthly media-exposure report (laporan): numbers for one month, with comparisons.

``load_report`` runs every query in one short read session and returns plain tables;
``write_report`` renders ``<output>/laporan/laporan-YYYY-MM.{html,pdf,xlsx}``. Formulas (reach, PR
value, share of voice, change) are in docs/metrics.md and printed in the report itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.reports import summary
from pipeline.reports.partners import PartnerRow, partner_fulfilment
from pipeline.reports.periods import month_range, shift_month
from pipeline.store import Store

log = logging.getLogger(__name__)

TOP_N = 10
TREND_ENTITIES = 5


def change(now: int | float, before: int | float) -> float | None:
    """Relative change; None when there is nothing to compare with (shown as "new")."""
    if not before:
        return None
    return (now - before) / before


@dataclass
class EntityRow:
    entity_id: str
    name: str
    stories: int
    mentions: int
    outlets: int
    positif: int
    netral: int
    negatif: int
    prev_stories: int
    year_stories: int
    share: float

    @property
    def change_prev(self) -> float | None:
        return change(self.stories, self.prev_stories)

    @property
    def change_year(self) -> float | None:
        return change(self.stories, self.year_stories)


@dataclass
class Report:
    year: int
    month: int
    language: str
    overview: dict[str, dict[str, int]]          # this | prev | year -> stories, mentions, outlets, tones
    agencies: list[EntityRow]
    programs: list[EntityRow]
    outlets: list[dict[str, Any]]
    tiers: list[dict[str, Any]]
    totals: dict[str, Any]                       # reach, value, stories without value, page views
    top_stories: list[dict[str, Any]]
    spokespersons: list[dict[str, Any]]
    pickups: list[dict[str, Any]]
    daily: list[dict[str, Any]]                  # day, stories, and one column per trend entity
    trend_names: list[str]
    partners: list[PartnerRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.overview["this"]["stories"] == 0


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


_OVERVIEW = """
    SELECT count(*) AS stories, coalesce(sum(mentions), 0)::BIGINT AS mentions,
           count(DISTINCT outlet) AS outlets,
           count(*) FILTER (WHERE tone = 'positif') AS positif,
           count(*) FILTER (WHERE tone = 'netral') AS netral,
           count(*) FILTER (WHERE tone = 'negatif') AS negatif
    FROM v_paser_articles WHERE published_date BETWEEN ? AND ?
"""


def _entities(con, kind: str, ranges: dict[str, tuple[date, date]]) -> list[EntityRow]:
    sql = f"SELECT * FROM {summary.coverage_macro(con)}(?, ?::DATE, ?::DATE, p_step := 'month')"
    now = {r["key"]: r for r in _dicts(con.execute(sql, [kind, *ranges["this"]]))}
    prev = {r["key"]: r["articles"] for r in _dicts(con.execute(sql, [kind, *ranges["prev"]]))}
    year = {r["key"]: r["articles"] for r in _dicts(con.execute(sql, [kind, *ranges["year"]]))}
    total = sum(r["articles"] for r in now.values())
    short = dict(con.execute("SELECT entity_id, short_name FROM v_entity_names").fetchall())
    rows = [
        EntityRow(key, short.get(key, r["name"]), r["articles"], r["mentions"], r["outlets"], r["positif"],
                  r["netral"], r["negatif"], prev.get(key, 0), year.get(key, 0),
                  r["articles"] / total if total else 0.0)
        for key, r in now.items()
    ]
    return sorted(rows, key=lambda r: (-r.stories, -r.mentions, r.name.lower()))


def load_report(config: Config, store: Store, year: int, month: int) -> Report:
    """Query everything the report shows for one month."""
    ranges = {
        "this": month_range(year, month),
        "prev": month_range(*shift_month(year, month, -1)),
        "year": month_range(year - 1, month),
    }
    first, last = ranges["this"]
    with store.read() as con:
        overview = {key: _dicts(con.execute(_OVERVIEW, list(r)))[0] for key, r in ranges.items()}
        agencies = _entities(con, "agency", ranges)
        programs = _entities(con, "program", ranges)
        outlets = _dicts(con.execute("""
            SELECT outlet, any_value(outlet_kind) AS kind, any_value(outlet_tier) AS tier,
                   count(*) AS stories, sum(mentions)::BIGINT AS mentions,
                   count(*) FILTER (WHERE tone = 'positif') AS positif,
                   count(*) FILTER (WHERE tone = 'netral') AS netral,
                   count(*) FILTER (WHERE tone = 'negatif') AS negatif,
                   any_value(monthly_visitors) AS monthly_visitors,
                   any_value(value_per_story) AS value_per_story,
                   (count(*) * any_value(monthly_visitors))::BIGINT AS reach,
                   count(*) * any_value(value_per_story) AS pr_value,
                   sum(page_views)::BIGINT AS page_views,
                   count(page_views) AS stories_with_views
            FROM v_paser_articles WHERE published_date BETWEEN ? AND ?
            GROUP BY outlet ORDER BY stories DESC, outlet""", [first, last]))
        top = _dicts(con.execute("""
            WITH month AS (SELECT * FROM v_paser_articles WHERE published_date BETWEEN ? AND ?),
                 pickup AS (SELECT cluster_id, count(DISTINCT outlet) AS outlets FROM month GROUP BY 1)
            SELECT m.article_id, m.published_date, m.outlet, m.outlet_tier AS tier, m.title, m.url,
                   m.tone, p.outlets AS pickup_outlets, m.headline_mentions, m.page_views
            FROM month m JOIN pickup p USING (cluster_id)
            WHERE m.article_id = (SELECT min_by(article_id, published_at) FROM month x
                                  WHERE x.cluster_id = m.cluster_id)
            ORDER BY p.outlets DESC, m.headline_mentions DESC, coalesce(m.outlet_tier, 9),
                     m.page_views DESC NULLS LAST, m.published_at, m.article_id
            LIMIT ?""", [first, last, TOP_N]))
        speakers = _dicts(con.execute("""
            SELECT speaker, count(DISTINCT article_id) AS stories, count(*) AS statements
            FROM v_spokespersons WHERE published_date BETWEEN ? AND ?
            GROUP BY speaker ORDER BY stories DESC, statements DESC, speaker LIMIT ?""",
            [first, last, TOP_N]))
        pickups = _dicts(con.execute("""
            SELECT cluster_id, min_by(title, (published_at, article_id)) AS title,
                   min_by(outlet, (published_at, article_id)) AS first_outlet,
                   min(published_date) AS first_date,
                   count(DISTINCT outlet) AS outlets, count(*) AS copies,
                   string_agg(DISTINCT outlet, ', ' ORDER BY outlet) AS outlet_names
            FROM v_pickup WHERE published_date BETWEEN ? AND ?
            GROUP BY cluster_id HAVING count(DISTINCT outlet) > 1
            ORDER BY outlets DESC, copies DESC, first_date, cluster_id""", [first, last]))
        trend_ids = [a.entity_id for a in agencies[:TREND_ENTITIES]]
        daily_rows = con.execute("""
            SELECT published_date, count(*) FROM v_paser_articles
            WHERE published_date BETWEEN ? AND ? GROUP BY 1""", [first, last]).fetchall()
        entity_daily = con.execute("""
            SELECT published_date, entity_id, count(DISTINCT article_id) FROM v_paser_mentions
            WHERE published_date BETWEEN ? AND ? AND entity_id IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY 1, 2""", [first, last, trend_ids]).fetchall()
    per_day = dict(daily_rows)
    per_entity = {(d, e): n for d, e, n in entity_daily}
    names = {a.entity_id: a.name for a in agencies}
    daily = []
    day = first
    while day <= last:
        row: dict[str, Any] = {"day": day, "stories": per_day.get(day, 0)}
        for eid in trend_ids:
            row[names[eid]] = per_entity.get((day, eid), 0)
        daily.append(row)
        day += timedelta(days=1)
    tiers: dict[Any, dict[str, Any]] = {}
    for o in outlets:
        t = tiers.setdefault(o["tier"], {"tier": o["tier"], "outlets": 0, "stories": 0, "reach": 0,
                                         "pr_value": 0.0})
        t["outlets"] += 1
        t["stories"] += o["stories"]
        t["reach"] += o["reach"] or 0
        t["pr_value"] += o["pr_value"] or 0.0
    totals = {
        "reach": sum(o["reach"] or 0 for o in outlets),
        "pr_value": sum(o["pr_value"] or 0.0 for o in outlets),
        "stories_without_value": sum(o["stories"] for o in outlets if o["value_per_story"] is None),
        "stories_without_reach": sum(o["stories"] for o in outlets if o["monthly_visitors"] is None),
        "page_views": sum(o["page_views"] or 0 for o in outlets),
        "stories_with_views": sum(o["stories_with_views"] for o in outlets),
    }
    return Report(
        year=year, month=month, language=config.clipping.language, overview=overview,
        agencies=agencies, programs=programs, outlets=outlets,
        tiers=[tiers[k] for k in sorted(tiers, key=lambda t: (t is None, t))], totals=totals,
        top_stories=top, spokespersons=speakers, pickups=pickups, daily=daily,
        trend_names=[names[e] for e in trend_ids],
        partners=partner_fulfilment(config, store, year, month),
    )


def report_paths(config: Config, year: int, month: int) -> dict[str, Path]:
    folder = config.output / "laporan"
    stem = f"laporan-{year:04d}-{month:02d}"
    return {ext: folder / f"{stem}.{ext}" for ext in ("html", "pdf", "xlsx")}


def write_report(config: Config, store: Store, year: int, month: int) -> list[Path]:
    """Render the report of one month; returns the files written (html, pdf, xlsx)."""
    from pipeline.reports.charts import report_charts
    from pipeline.reports.monthly_html import report_html
    from pipeline.reports.monthly_pdf import report_pdf
    from pipeline.reports.monthly_xlsx import report_xlsx

    report = load_report(config, store, year, month)
    charts = report_charts(report)
    paths = report_paths(config, year, month)
    paths["html"].parent.mkdir(parents=True, exist_ok=True)
    paths["html"].write_text(report_html(report, charts), encoding="utf-8")
    paths["pdf"].write_bytes(report_pdf(report, charts))
    paths["xlsx"].write_bytes(report_xlsx(report))
    log.info("report %04d-%02d: %s stories -> %s", year, month, report.overview["this"]["stories"],
             paths["html"].parent)
    return list(paths.values())
