"""Charts of the monthly report as PNG bytes (matplotlib, Agg, no pyplot global state).

Same data gives the same bytes: fixed size and DPI, no timestamps in the PNG metadata.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.reports.labels import labels

TONE_COLORS = {"positif": "#1b7f3b", "netral": "#9ca3af", "negatif": "#b42318"}
LINE_COLORS = ("#0b5d3b", "#0a4da8", "#c2410c", "#7c3aed", "#0891b2", "#be185d")


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110, metadata={"Software": None})
    return out.getvalue()


def trend_chart(report) -> bytes:
    """Stories per day, total and for the most covered agencies."""
    text = labels(report.language)
    fig = Figure(figsize=(7.2, 3.2))
    ax = fig.add_subplot()
    days = [r["day"].day for r in report.daily]
    ax.plot(days, [r["stories"] for r in report.daily], color=LINE_COLORS[0], linewidth=2.2,
            label=text["total"])
    for i, name in enumerate(report.trend_names, start=1):
        ax.plot(days, [r[name] for r in report.daily], color=LINE_COLORS[i % len(LINE_COLORS)],
                linewidth=1.2, label=name)
    ax.set_xlabel(text["day"])
    ax.set_ylabel(text["stories"])
    ax.set_xlim(1, max(days))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, frameon=False, ncol=6, loc="lower left", bbox_to_anchor=(0, 1.0))
    fig.tight_layout()
    return _png(fig)


def share_chart(report) -> bytes:
    """Share of voice among agencies (top 10), horizontal bars."""
    text = labels(report.language)
    rows = report.agencies[:10][::-1]
    fig = Figure(figsize=(7.2, 0.35 * max(len(rows), 2) + 0.9))
    ax = fig.add_subplot()
    ax.barh([r.name for r in rows], [r.share * 100 for r in rows], color=LINE_COLORS[0])
    for i, r in enumerate(rows):
        ax.text(r.share * 100, i, f" {r.share * 100:.1f}%", va="center", fontsize=7)
    ax.set_xlabel(f"{text['share_of_voice']} (%)")
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def tone_chart(report) -> bytes:
    """Tone split per agency (top 8), stacked horizontal bars."""
    text = labels(report.language)
    rows = report.agencies[:8][::-1]
    fig = Figure(figsize=(7.2, 0.35 * max(len(rows), 2) + 1.1))
    ax = fig.add_subplot()
    left = [0] * len(rows)
    for tone in ("positif", "netral", "negatif"):
        values = [getattr(r, tone) for r in rows]
        ax.barh([r.name for r in rows], values, left=left, color=TONE_COLORS[tone], label=text[tone])
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlabel(text["stories"])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="lower left", bbox_to_anchor=(0, 1.0))
    fig.tight_layout()
    return _png(fig)


def report_charts(report) -> dict[str, bytes]:
    """All charts of a report (none for an empty month)."""
    if report.empty:
        return {}
    charts = {"trend": trend_chart(report)}
    if report.agencies:
        charts["share"] = share_chart(report)
        charts["tone"] = tone_chart(report)
    return charts
