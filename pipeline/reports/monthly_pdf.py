"""The monthly report as an A4 PDF: contents, tables, embedded charts, formulas, page numbers."""

from __future__ import annotations

import io

from reportlab.platypus import CondPageBreak, Image, KeepTogether, Paragraph, Spacer

from pipeline.reports.labels import labels, month_name, number
from pipeline.reports.monthly import Report
from pipeline.reports.monthly_tables import ReportTable, report_tables
from pipeline.reports.pdf import A4, build, contents, data_table, heading, mm, para_text, styles

WIDTH = A4[0] - 32 * mm
PDF_MAX_ROWS = 100  # longer lists are cut on paper (the HTML and XLSX keep every row)


def _image(png: bytes, width: float = WIDTH) -> Image:
    img = Image(io.BytesIO(png))
    scale = width / img.imageWidth
    img.drawWidth, img.drawHeight = width, img.imageHeight * scale
    return img


def _widths(t: ReportTable) -> list[float]:
    # Text columns share what the numeric columns leave; headlines get the most room.
    weights = []
    for label, kind in t.columns:
        if kind == "text":
            weights.append(3.0 if t.key in ("top", "pickup", "partner_stories") else 2.2)
        elif kind == "date":
            weights.append(1.5)
        elif kind == "chg":
            weights.append(1.45)
        elif kind in ("pct", "money"):
            weights.append(1.25)
        else:
            weights.append(1.1)
    total = sum(weights)
    return [WIDTH * w / total for w in weights]


def _exceptions(t: ReportTable, text: dict[str, str]) -> ReportTable:
    """On paper, only the partner stories a reader must check: not counted or advertorial."""
    counted = [label for label, _ in t.columns].index(text["counted"])
    advert = [label for label, _ in t.columns].index(text["advertorial"])
    rows = [r for r in t.rows if not r[counted] or r[advert]]
    return ReportTable(t.key, t.sheet, text["partner_exceptions"], t.columns, rows,
                       text["partner_exceptions_note"])


def report_pdf(report: Report, charts: dict[str, bytes]) -> bytes:
    text = labels(report.language)
    st = styles(10)
    month = month_name(report.year, report.month, report.language)
    story: list = [Paragraph(para_text(text["report_title"]), st["title"]), Paragraph(para_text(month), st["date"])]
    if report.empty:
        story.append(Paragraph(para_text(text["report_empty"]), st["body"]))
    ov = report.overview["this"]
    story.append(Paragraph(
        f"<b>{number(ov['stories'], report.language)}</b> {para_text(text['stories'].lower())} · "
        f"<b>{number(ov['mentions'], report.language)}</b> {para_text(text['mentions'].lower())} · "
        f"<b>{number(ov['outlets'], report.language)}</b> {para_text(text['outlets'].lower())} · "
        f"{para_text(text['reach'])}: <b>{number(report.totals['reach'], report.language)}</b> · "
        f"{para_text(text['pr_value'])}: <b>{number(round(report.totals['pr_value']), report.language)}</b>",
        st["body"]))
    story.append(Paragraph(para_text(text["contents"]), st["h1plain"]))
    story.append(contents(st))
    for t in report_tables(report):
        if t.key == "partner_stories":
            t = _exceptions(t, text)
        story.append(CondPageBreak(50 * mm))
        story.append(heading(t.title, t.key, st))
        if t.note:
            story.append(Paragraph(para_text(t.note), st["small"]))
        if t.key == "partners" and not t.rows:
            story.append(Paragraph(para_text(text["no_partners"]), st["body"]))
        elif t.rows:
            columns = [c for c, _ in t.columns]
            rows = t.formatted(report.language)
            if len(rows) > PDF_MAX_ROWS:
                story.append(Paragraph(para_text(text["truncated"].format(
                    shown=PDF_MAX_ROWS, total=number(len(rows), report.language))), st["small"]))
                rows, t = rows[:PDF_MAX_ROWS], ReportTable(t.key, t.sheet, t.title, t.columns, t.rows[:PDF_MAX_ROWS])
            if t.key in ("top", "partner_stories"):
                # Drop the URL column on paper: the HTML and XLSX carry the links.
                columns, rows = columns[:-1], [r[:-1] for r in rows]
                table = ReportTable(t.key, t.sheet, t.title, t.columns[:-1], [r[:-1] for r in t.rows])
            else:
                table = t
            story.extend(data_table(columns, rows, _widths(table), table.numeric, st))
        story.append(Spacer(1, 3 * mm))
        if t.key == "overview" and "trend" in charts:
            story.append(KeepTogether([Paragraph(f"<b>{para_text(text['daily_trend'])}</b>", st["body"]),
                                       _image(charts["trend"])]))
        if t.key == "agencies":
            for key, label in (("share", "share_of_voice"), ("tone", "tone_split")):
                if key in charts:
                    story.append(KeepTogether([Paragraph(f"<b>{para_text(text[label])}</b>", st["body"]),
                                               _image(charts[key], WIDTH * 0.85)]))
            story.append(Paragraph(para_text(text["formula_sov"]), st["small"]))
    story.append(CondPageBreak(40 * mm))
    story.append(heading(text["formulas"], "formulas", st))
    for key in ("formula_reach", "formula_value", "formula_sov", "formula_change"):
        story.append(Paragraph("• " + para_text(text[key]), st["body"]))
    title = f"{text['report_title']} {report.year:04d}-{report.month:02d}"
    return build(story, title, lambda n, total: f"{text['page']} {n} {text['of']} {total} · {month}", A4)
