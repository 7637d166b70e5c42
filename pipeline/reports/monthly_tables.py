"""The monthly report's tables, defined once for HTML, PDF (formatted) and XLSX (raw numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.reports.labels import labels, number, percent
from pipeline.reports.monthly import EntityRow, Report

# Column types: text | int | money | pct (share, 0..1) | chg (relative change, None = new) | date | bool


@dataclass
class ReportTable:
    key: str
    sheet: str
    title: str
    columns: list[tuple[str, str]]          # (label, type)
    rows: list[list[Any]]                   # raw values
    note: str = ""

    @property
    def numeric(self) -> list[bool]:
        return [t in ("int", "money", "pct", "chg") for _, t in self.columns]

    def formatted(self, language: str) -> list[list[str]]:
        return [[fmt(v, t, language) for v, (_, t) in zip(row, self.columns)] for row in self.rows]


def fmt(value: Any, kind: str, language: str) -> str:
    text = labels(language)
    if kind == "chg":
        return text["new"] if value is None else percent(value, language, signed=True)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "int":
        return number(value, language)
    if kind == "money":
        return number(round(value), language)
    if kind == "pct":
        return percent(value, language)
    if kind == "bool":
        return text["yes"] if value else text["no"]
    if kind == "date" and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _entity_table(key: str, sheet: str, title: str, rows: list[EntityRow], text: dict) -> ReportTable:
    return ReportTable(
        key, sheet, title,
        [(text["name"], "text"), (text["stories"], "int"), (text["mentions"], "int"),
         (text["outlets"], "int"), (text["sov_short"], "pct"), (text["prev_month"], "int"),
         (text["chg_prev"], "chg"), (text["last_year"], "int"), (text["chg_year"], "chg"),
         (text["positif"], "int"), (text["netral"], "int"), (text["negatif"], "int")],
        [[r.name, r.stories, r.mentions, r.outlets, r.share, r.prev_stories, r.change_prev,
          r.year_stories, r.change_year, r.positif, r.netral, r.negatif] for r in rows],
    )


def report_tables(report: Report) -> list[ReportTable]:
    text = labels(report.language)
    ov = report.overview
    from pipeline.reports.monthly import change

    overview_rows = []
    for key, label_key in (("stories", "stories"), ("mentions", "mentions"), ("outlets", "outlets"),
                           ("positif", "positif"), ("netral", "netral"), ("negatif", "negatif")):
        now, prev, year = ov["this"][key], ov["prev"][key], ov["year"][key]
        overview_rows.append([text[label_key], now, prev, change(now, prev), year, change(now, year)])
    tables = [
        ReportTable("overview", text["sheet_overview"], text["overview"],
                    [("", "text"), (text["this_month"], "int"), (text["prev_month"], "int"),
                     (text["chg_prev"], "chg"), (text["last_year"], "int"),
                     (text["chg_year"], "chg")], overview_rows, text["formula_change"]),
        _entity_table("agencies", text["sheet_agencies"], text["per_agency"], report.agencies, text),
        _entity_table("programs", text["sheet_programs"], text["per_program"], report.programs, text),
        ReportTable(
            "outlets", text["sheet_outlets"], text["outlets_tiers"],
            [(text["outlet"], "text"), (text["kind"], "text"), (text["tier"], "int"),
             (text["stories"], "int"), (text["positif"], "int"), (text["netral"], "int"),
             (text["negatif"], "int"), (text["reach"], "int"), (text["pr_value"], "money"),
             (text["page_views"], "int"), (text["page_views_stories"], "int")],
            [[o["outlet"], o["kind"], o["tier"], o["stories"], o["positif"], o["netral"], o["negatif"],
              o["reach"], o["pr_value"], o["page_views"], o["stories_with_views"]]
             for o in report.outlets],
        ),
        ReportTable(
            "tiers", text["sheet_tiers"], text["reach_value"],
            [(text["tier"], "int"), (text["outlets"], "int"), (text["stories"], "int"),
             (text["reach"], "int"), (text["pr_value"], "money")],
            [[t["tier"], t["outlets"], t["stories"], t["reach"], t["pr_value"]] for t in report.tiers]
            + [[text["total"], len(report.outlets), ov["this"]["stories"], report.totals["reach"],
                report.totals["pr_value"]]],
            f"{text['formula_reach']} {text['formula_value']} "
            f"{text['no_value']}: {report.totals['stories_without_value']}.",
        ),
        ReportTable(
            "top", text["sheet_top"], text["top_stories"],
            [(text["date"], "date"), (text["outlet"], "text"), (text["headline"], "text"),
             (text["tone"], "text"), (text["outlets"], "int"), (text["page_views"], "int"),
             (text["link"], "text")],
            [[s["published_date"], s["outlet"], s["title"], text.get(s["tone"], s["tone"]),
              s["pickup_outlets"], s["page_views"], s["url"]] for s in report.top_stories],
            text["top_stories_rule"],
        ),
        ReportTable(
            "speakers", text["sheet_speakers"], text["top_spokespersons"],
            [(text["spokesperson"], "text"), (text["stories"], "int"), (text["statements"], "int")],
            [[s["speaker"], s["stories"], s["statements"]] for s in report.spokespersons],
        ),
        ReportTable(
            "pickup", text["sheet_pickup"], text["pickup"],
            [(text["headline"], "text"), (text["first_outlet"], "text"), (text["date"], "date"),
             (text["outlets"], "int"), (text["copies"], "int"), (text["outlet"], "text")],
            [[p["title"], p["first_outlet"], p["first_date"], p["outlets"], p["copies"],
              p["outlet_names"]] for p in report.pickups],
        ),
        ReportTable(
            "daily", text["sheet_daily"], text["daily_trend"],
            [(text["date"], "date"), (text["stories"], "int")] + [(n, "int") for n in report.trend_names],
            [[r["day"], r["stories"]] + [r[n] for n in report.trend_names] for r in report.daily],
        ),
        ReportTable(
            "partners", text["sheet_partners"], text["partners"],
            [(text["outlet"], "text"), (text["medium"], "text"), (text["contract"], "text"),
             (text["quota"], "int"), (text["stories"], "int"), (text["counted"], "int"),
             (text["not_counted"], "int"), (text["advertorials"], "int"), (text["met"], "bool")],
            [[p.outlet, p.medium, f"{p.partner_start:%d/%m/%y}–{p.partner_end:%d/%m/%y}", p.quota,
              len(p.stories), p.counted, p.not_counted, p.advertorials, p.met] for p in report.partners],
            text["partners_rule"],
        ),
        ReportTable(
            "partner_stories", text["sheet_partner_stories"], text["partner_stories"],
            [(text["outlet"], "text"), (text["date"], "date"), (text["headline"], "text"),
             (text["advertorial"], "bool"), (text["counted"], "bool"), (text["reason"], "text"),
             (text["link"], "text")],
            [[p.outlet, s.published_date, s.title, s.is_advertorial, s.counts,
              "" if s.counts else text["similar_to"].format(
                  pct=round((s.similarity or 0) * 100), outlet=s.similar_outlet or "?"),
              s.url] for p in report.partners for s in p.stories],
        ),
    ]
    return tables
