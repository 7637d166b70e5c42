"""The monthly report as one self-contained HTML page (charts embedded as PNG data URIs)."""

from __future__ import annotations

import base64

from pipeline.reports.labels import labels, month_name, number
from pipeline.reports.monthly import Report
from pipeline.reports.monthly_tables import ReportTable, report_tables
from pipeline.reports.render import Markup, esc, link, page, table

# Where each chart goes: after the table with this key.
CHART_AFTER = {"overview": "trend", "agencies": "share", "programs": None}


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img class="chart" alt="{esc(alt)}" src="data:image/png;base64,{data}">'


def _table(t: ReportTable, language: str, text: dict) -> str:
    rows = []
    for raw, shown in zip(t.rows, t.formatted(language)):
        cells = []
        for value, cell in zip(raw, shown):
            if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
                cells.append(Markup(link(value, text["link"])))
            else:
                cells.append(cell)
        rows.append(cells)
    return table([c for c, _ in t.columns], rows, t.numeric)


def report_html(report: Report, charts: dict[str, bytes]) -> str:
    text = labels(report.language)
    month = month_name(report.year, report.month, report.language)
    title = f"{text['report_title']} · {month}"
    out = [f'<header><h1>{esc(text["report_title"])}</h1><p class="date">{esc(month)}</p></header>']
    if report.empty:
        out.append(f"<p>{esc(text['report_empty'])}</p>")
    tables = report_tables(report)
    ov = report.overview["this"]
    cards = [(text["stories"], ov["stories"]), (text["mentions"], ov["mentions"]),
             (text["outlets"], ov["outlets"]), (text["reach"], report.totals["reach"]),
             (text["pr_value"], report.totals["pr_value"])]
    out.append('<div class="cards">' + "".join(
        f'<div class="card"><b>{esc(number(round(v), report.language))}</b>{esc(label)}</div>'
        for label, v in cards) + "</div>")
    out.append(f'<nav><h2>{esc(text["contents"])}</h2><ol>' + "".join(
        f'<li><a href="#{t.key}">{esc(t.title)}</a></li>' for t in tables) + "</ol></nav>")
    for t in tables:
        out.append(f'<section><h2 id="{t.key}">{esc(t.title)}</h2>')
        if t.note:
            out.append(f'<p class="note">{esc(t.note)}</p>')
        if t.key == "partners" and not t.rows:
            out.append(f"<p>{esc(text['no_partners'])}</p>")
        else:
            out.append(_table(t, report.language, text))
        if t.key == "overview" and "trend" in charts:
            out.append(f"<h3>{esc(text['daily_trend'])}</h3>" + _img(charts["trend"], text["daily_trend"]))
        if t.key == "agencies":
            if "share" in charts:
                out.append(f"<h3>{esc(text['share_of_voice'])}</h3>" + _img(charts["share"], text["share_of_voice"]))
            if "tone" in charts:
                out.append(f"<h3>{esc(text['tone_split'])}</h3>" + _img(charts["tone"], text["tone_split"]))
            out.append(f'<p class="note">{esc(text["formula_sov"])}</p>')
        out.append("</section>")
    out.append(f'<section><h2 id="rumus">{esc(text["formulas"])}</h2><ul>' + "".join(
        f"<li>{esc(text[k])}</li>" for k in ("formula_reach", "formula_value", "formula_sov", "formula_change"))
        + "</ul></section>")
    return page(title, "\n".join(out), report.language)
