"""Helpers for the extraction tests: a fixed fetch time, dataset paths and a news-page builder.

A uniquely named module (not conftest.py) so that importing it never picks up another folder's
conftest from sys.modules.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT.parent / "shared" / "datasets"
DEMO = ROOT / "data" / "demo"
# Fixed fetch time for every date test: 2026-07-16 10:00 WITA.
FETCHED = datetime(2026, 7, 16, 2, 0, tzinfo=timezone.utc)

STORY = [
    "TANA PASER, KABARPASER - Bupati Paser Fahmi Fadli meninjau lokasi banjir di Kecamatan Long Ikis "
    "bersama BPBD Paser untuk memastikan bantuan logistik sampai ke warga terdampak.",
    "\u201cKami minta semua perangkat daerah bergerak cepat membantu warga yang rumahnya terendam,\u201d "
    "ujar Fahmi Fadli kepada wartawan di posko pengungsian.",
    "Kepala BPBD Paser menjelaskan sebanyak 240 rumah terendam dan 85 keluarga mengungsi ke balai desa "
    "sejak air sungai meluap pada malam sebelumnya.",
]


def news_page(
    paragraphs: list[str] | None = None,
    *,
    title: str = "Bupati Paser Tinjau Banjir di Long Ikis",
    head: str = "",
    before: str = "",
    after: str = "",
    lang: str = "id",
) -> str:
    """A small WordPress-like article page; ``head``/``before``/``after`` inject extra markup."""
    body = "\n".join(f"<p>{p}</p>" for p in (STORY if paragraphs is None else paragraphs))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} - Kabar Paser</title>'
        f'<meta property="og:site_name" content="Kabar Paser">{head}</head><body>'
        '<header><nav><a href="/">Beranda</a> <a href="/paser">Paser</a></nav></header>'
        f'<main><article><h1 class="entry-title">{title}</h1>{before}'
        f'<div class="entry-content">{body}{after}</div></article></main>'
        "<footer><p>Kabar Paser, Jl. Kusuma Bangsa, Tana Paser</p></footer></body></html>"
    )

