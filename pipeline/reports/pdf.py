"""PDF building blocks (reportlab, pure pip): fonts, styles, escaping, page numbers, contents.

Output is byte-identical for the same input: ``invariant=1`` fixes the creation date and document
ID. Text uses DejaVu Sans (shipped with matplotlib, so no system font is needed) for full Unicode.
reportlab's Paragraph parses a small markup language, so scraped text goes through ``para_text``
and a ``<script>`` in a headline prints as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.tableofcontents import TableOfContents

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
GREEN = colors.HexColor("#0b5d3b")
GREY = colors.HexColor("#555555")
TONE_COLORS = {"positif": colors.HexColor("#1b7f3b"), "netral": colors.HexColor("#6b7280"),
               "negatif": colors.HexColor("#b42318")}


def register_fonts() -> None:
    """Register DejaVu Sans from matplotlib's data folder (idempotent)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def para_text(value: Any) -> str:
    """Escape a value for reportlab's Paragraph markup."""
    return "" if value is None else escape(str(value))


def styles(base_size: float = 10.5) -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=base_size, leading=base_size * 1.4,
                          spaceAfter=3)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=base_size * 1.6,
                                leading=base_size * 2.0, textColor=GREEN, spaceAfter=2),
        "date": ParagraphStyle("date", parent=body, textColor=GREY, spaceAfter=8),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=base_size * 1.3,
                             leading=base_size * 1.7, textColor=GREEN, spaceBefore=10, spaceAfter=5),
        "h1plain": ParagraphStyle("h1plain", fontName=BOLD, fontSize=base_size * 1.3,
                                  leading=base_size * 1.7, textColor=GREEN, spaceBefore=10,
                                  spaceAfter=5),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=base_size * 1.08,
                             leading=base_size * 1.45, spaceBefore=4, spaceAfter=2),
        "meta": ParagraphStyle("meta", parent=body, fontSize=base_size * 0.85,
                               leading=base_size * 1.2, textColor=GREY, spaceAfter=1),
        "quote": ParagraphStyle("quote", parent=body, fontName=ITALIC, leftIndent=8,
                                borderPadding=(0, 0, 0, 4), spaceAfter=3),
        "small": ParagraphStyle("small", parent=body, fontSize=base_size * 0.85,
                                leading=base_size * 1.2, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=body, fontSize=base_size * 0.8,
                               leading=base_size * 1.0, spaceAfter=0),
        "cellnum": ParagraphStyle("cellnum", parent=body, fontSize=base_size * 0.8,
                                  leading=base_size * 1.0, spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=base_size * 0.68,
                               leading=base_size * 0.85, spaceAfter=0),
        "headnum": ParagraphStyle("headnum", parent=body, fontName=BOLD, fontSize=base_size * 0.68,
                                  leading=base_size * 0.85, spaceAfter=0, alignment=TA_RIGHT),
        "toc1": ParagraphStyle("toc1", parent=body, leftIndent=4, spaceAfter=1),
    }


CHUNK_ROWS = 40


def data_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
               numeric: Sequence[bool] = (), st: dict[str, ParagraphStyle] | None = None) -> list[Table]:
    """Zebra tables whose cells wrap (every cell is an escaped Paragraph), in chunks of
    ``CHUNK_ROWS`` rows: reportlab splits one long table across pages in quadratic time, so a
    7,000-row list is laid out as many short tables, each with the header."""
    st = st or styles()
    return [_table(columns, rows[i:i + CHUNK_ROWS], widths, numeric, st)
            for i in range(0, max(len(rows), 1), CHUNK_ROWS)]


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
           numeric: Sequence[bool], st: dict[str, ParagraphStyle]) -> Table:
    numeric = list(numeric) + [False] * (len(columns) - len(numeric))
    head = [Paragraph(para_text(c), st["headnum"] if n else st["head"])
            for c, n in zip(columns, numeric)]
    # Numbers are short plain strings (cheap to lay out); text cells wrap as Paragraphs.
    body = [[str(v) if n else Paragraph(para_text(v), st["cell"]) for v, n in zip(r, numeric)]
            for r in rows]
    table = Table([head] + body, colWidths=list(widths), repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efeb")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 1), (-1, -1), FONT, st["cellnum"].fontSize, st["cellnum"].leading),
        ("ALIGN", (0, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for i in range(2, len(body) + 1, 2):
        style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f6f7f8")))
    table.setStyle(TableStyle(style))
    return table


def numbered_canvas(footer: Callable[[int, int], str]) -> type:
    """A canvas class that writes ``footer(page, pages)`` at the bottom of every page."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                self.drawCentredString(width / 2, 8 * mm, footer(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


class Document(BaseDocTemplate):
    """A one-frame document whose h1 paragraphs feed the table of contents."""

    def __init__(self, buffer: io.BytesIO, pagesize: tuple[float, float], title: str, **kw: Any) -> None:
        margin = 12 * mm if pagesize == A5 else 16 * mm
        super().__init__(buffer, pagesize=pagesize, title=title, author="Pantau", creator="Pantau",
                         subject=title, invariant=1, leftMargin=margin, rightMargin=margin,
                         topMargin=margin, bottomMargin=margin + 4 * mm, **kw)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="main")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (reportlab API)
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            key = getattr(flowable, "_bookmark", None)
            if key:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))


def heading(text: str, key: str, st: dict[str, ParagraphStyle]) -> Paragraph:
    """An h1 that becomes a contents entry and a PDF bookmark."""
    p = Paragraph(f'<a name="{key}"/>{para_text(text)}', st["h1"])
    p._bookmark = key
    return p


def contents(st: dict[str, ParagraphStyle]) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [st["toc1"]]
    toc.dotsMinLevel = 0
    return toc


def build(story: list, title: str, footer: Callable[[int, int], str], pagesize: tuple = A5) -> bytes:
    """Lay out ``story`` (two passes when it has a table of contents) and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = Document(buffer, pagesize, title)
    doc.multiBuild(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


__all__ = ["A4", "A5", "build", "contents", "data_table", "heading", "para_text", "styles", "mm",
           "TONE_COLORS", "GREY"]
