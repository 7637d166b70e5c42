"""HTML building blocks shared by the clipping and the report: escaping, links, the page shell.

Titles and texts are scraped from the web and untrusted: every value goes through ``esc`` (so a
``<script>`` in a headline is shown as text), and only http(s) URLs become links.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

CSS = """
:root { color-scheme: light; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
       font-size: 17px; line-height: 1.55; color: #1c1c1c; background: #fff;
       max-width: 46rem; margin: 0 auto; padding: 0 1rem 3rem; }
header { border-bottom: 3px solid #0b5d3b; margin-bottom: 1rem; padding-top: 1rem; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: .2rem 0; color: #0b5d3b; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ccd; }
h3 { font-size: 1.05rem; line-height: 1.35; margin: 0 0 .3rem; }
.date { color: #555; margin: 0 0 .6rem; }
nav ol { padding-left: 1.3rem; } nav a { text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
.card { flex: 1 1 7rem; border: 1px solid #dde; border-radius: .5rem; padding: .5rem .7rem; }
.card b { display: block; font-size: 1.4rem; }
article { border: 1px solid #dde; border-radius: .6rem; padding: .8rem 1rem; margin: .8rem 0; }
.meta { color: #555; font-size: .9rem; margin-bottom: .3rem; }
.tone { display: inline-block; padding: 0 .45rem; border-radius: .7rem; font-size: .8rem; color: #fff; }
.tone-positif { background: #1b7f3b; } .tone-netral { background: #6b7280; } .tone-negatif { background: #b42318; }
.adv { background: #f4e4a6; color: #5a4500; padding: 0 .4rem; border-radius: .3rem; font-size: .8rem; }
.quote { border-left: 3px solid #0b5d3b; padding-left: .6rem; margin: .4rem 0; font-style: italic; }
.label { font-weight: 600; }
.body { margin-top: .4rem; }
.also { color: #555; font-size: .9rem; }
a { color: #0a4da8; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #e3e3ea; padding: .3rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f5f4; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
img.chart { max-width: 100%; height: auto; }
.note { color: #555; font-size: .9rem; }
"""


def esc(value: Any) -> str:
    """HTML-escape any value (None -> empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def link(url: str | None, text: str | None = None) -> str:
    """A link for http(s) URLs; anything else (``javascript:``...) is shown as plain text."""
    label = esc(text if text is not None else url)
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{esc(url)}" rel="noopener noreferrer">{label}</a>'
    return label


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[bool] = ()) -> str:
    """A simple HTML table; cells are escaped unless wrapped in ``Markup``."""
    numeric = list(numeric) + [False] * (len(columns) - len(numeric))
    head = "".join(f'<th class="n">{esc(c)}</th>' if n else f"<th>{esc(c)}</th>"
                   for c, n in zip(columns, numeric))
    body = []
    for row in rows:
        cells = []
        for value, n in zip(row, numeric):
            content = value.html if isinstance(value, Markup) else esc(value)
            cells.append(f'<td class="n">{content}</td>' if n else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


class Markup:
    """Already-safe HTML for a table cell (built with ``esc``/``link``)."""

    def __init__(self, html_text: str) -> None:
        self.html = html_text


def page(title: str, body: str, language: str) -> str:
    """A complete, self-contained HTML document (inline CSS, no scripts, no external files)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
