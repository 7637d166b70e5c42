"""The monthly report as XLSX: one sheet per table, raw numbers (shares and changes as fractions)."""

from __future__ import annotations

from datetime import date

from pipeline.reports.monthly import Report
from pipeline.reports.monthly_tables import report_tables
from pipeline.reports.xlsx import workbook_bytes


def report_xlsx(report: Report) -> bytes:
    sheets = [(t.sheet, [c for c, _ in t.columns], t.rows) for t in report_tables(report)]
    return workbook_bytes(sheets, date(report.year, report.month, 1))
