"""A small store with known articles, mentions and quotes; every expected number in the output
tests is worked out by hand from these rows (see the comments)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.config import parse_config
from pipeline.store import Store

WITA = timezone(timedelta(hours=8))

SOURCES = [
    # name, kind, tier, monthly_visitors, value_per_story, partner (start, end, quota, medium)
    ("Tribun Kaltim", "online", 1, 1_000_000, 2_000_000.0, ("2026-01-01", "2026-12-31", 3, "online")),
    ("ANTARA Kaltim", "online", 1, 800_000, 1_500_000.0, None),
    ("Kaltim Today", "online", 2, 200_000, 750_000.0, ("2026-11-10", "2027-06-30", 2, "online")),
    ("MC Paser", "government", 3, None, None, None),
    ("Radar Paser", "print", 2, 50_000, 500_000.0, ("2025-01-01", "2026-10-31", 1, "print")),
]

ENTITIES = [
    ("pemkab-paser", "agency", "Pemerintah Kabupaten Paser", ["Pemkab Paser"]),
    ("fahmi-fadli", "official", "Fahmi Fadli", ["Bupati Paser"]),
    ("katsul-wijaya", "official", "Katsul Wijaya", ["Sekda Paser"]),
    ("dinkes", "agency", "Dinas Kesehatan", ["Dinkes", "Diskes"]),
    ("diskominfostaper", "agency", "Diskominfostaper", ["Diskominfo Paser"]),
    ("dputr", "agency", "DPUTR", ["Dinas PUTR"]),
    ("paser-tuntas", "program", "Paser TUNTAS", ["TUNTAS Paser"]),
    ("tanah-grogot", "place", "Tanah Grogot", []),
    ("dinkes-ppu", "agency", "Dinkes PPU", []),
]

XSS_TITLE = "<script>alert(1)</script> Jalan Rusak di Long Ikis"
XSS_TEXT = "Warga mengeluhkan jalan rusak. <img src=x onerror=alert(2)> DPUTR Paser berjanji memperbaiki."

# article_id, outlet, local time (WITA), title, tone, advertorial, page_views, cluster, similar_to, similarity
ARTICLES = [
    # -- the clipping day, 2026-11-23 (five stories; 106 is about PPU, not Paser)
    (101, "Tribun Kaltim", "2026-11-23 08:15", "Bupati Fahmi Fadli Resmikan Puskesmas Rawat Inap", "positif", False, 5000, 101, None, None),
    (102, "ANTARA Kaltim", "2026-11-23 09:30", "Dinkes Paser Gelar Vaksinasi Massal", "positif", False, None, 102, None, None),
    (103, "Kaltim Today", "2026-11-23 10:00", "Dinkes Paser Gelar Vaksinasi Massal di Tanah Grogot", "positif", False, None, 102, 102, 0.91),
    (104, "MC Paser", "2026-11-23 13:45", XSS_TITLE, "negatif", False, None, 104, None, None),
    (105, "Tribun Kaltim", "2026-11-23 15:00", "Diskominfostaper Latih Jurnalis Desa", "netral", True, 1500, 105, None, None),
    (106, "Tribun Kaltim", "2026-11-23 16:00", "Dinkes PPU Tangani DBD", "netral", False, None, 106, None, None),
    # 00:30 WITA on the 24th is 16:30 UTC on the 23rd: it belongs to the 24th.
    (107, "ANTARA Kaltim", "2026-11-24 00:30", "Sekda Katsul Wijaya Pimpin Apel Pagi", "netral", False, None, 107, None, None),
    # -- the rest of November 2026
    (108, "Radar Paser", "2026-11-05 07:00", "DPUTR Perbaiki Jembatan Kuaro", "positif", False, None, 108, None, None),
    (109, "Kaltim Today", "2026-11-05 11:00", "Paser TUNTAS Masuk Sekolah", "positif", False, None, 109, None, None),
    # 110 resembles its own outlet's earlier 109: only another outlet's version voids a partner story.
    (110, "Kaltim Today", "2026-11-20 11:00", "Kaltim Today Ulas Program Paser TUNTAS", "positif", False, 800, 110, 109, 0.85),
    # -- October 2026 (previous month)
    (201, "Tribun Kaltim", "2026-10-10 09:00", "Dinkes Paser Tambah Dokter Spesialis", "positif", False, None, 201, None, None),
    (202, "Radar Paser", "2026-10-15 09:00", "Dinkes Paser Sosialisasi Stunting", "netral", False, None, 202, None, None),
    (203, "ANTARA Kaltim", "2026-10-20 09:00", "Paser TUNTAS Jadi Arah Pembangunan", "positif", False, None, 203, None, None),
    # -- November 2025 (same month last year)
    (301, "ANTARA Kaltim", "2025-11-12 09:00", "Antrean Panjang di Puskesmas, Dinkes Paser Dikritik", "negatif", False, None, 301, None, None),
]

# article_id, entity_id, paser, count, in_headline, in_lead, in_body, first_sentence, tone
MENTIONS = [
    (101, "fahmi-fadli", True, 2, 1, 1, 0, "Bupati Paser Fahmi Fadli meresmikan puskesmas rawat inap.", "positif"),
    (101, "dinkes", True, 1, 0, 0, 1, "Dinas Kesehatan menyiapkan tenaga medis.", "positif"),
    (101, "tanah-grogot", True, 1, 0, 1, 0, "Puskesmas itu berada di Tanah Grogot.", None),
    (102, "dinkes", True, 3, 1, 1, 1, "Dinkes Paser menggelar vaksinasi massal.", "positif"),
    (102, "paser-tuntas", True, 1, 0, 0, 1, "Kegiatan ini bagian dari Paser TUNTAS.", "positif"),
    (103, "dinkes", True, 2, 1, 1, 0, "Dinkes Paser menggelar vaksinasi massal di Tanah Grogot.", "positif"),
    (104, "dputr", True, 2, 0, 1, 1, "DPUTR Paser berjanji memperbaiki jalan.", "negatif"),
    (105, "diskominfostaper", True, 2, 1, 1, 0, "Diskominfostaper melatih jurnalis desa.", "netral"),
    (105, "paser-tuntas", True, 1, 0, 0, 1, "Pelatihan mendukung Paser TUNTAS.", "positif"),
    (106, "dinkes-ppu", False, 2, 1, 1, 0, "Dinkes PPU menangani DBD.", "netral"),
    (107, "katsul-wijaya", True, 1, 1, 1, 0, "Sekda Paser Katsul Wijaya memimpin apel pagi.", "netral"),
    (108, "dputr", True, 1, 1, 0, 0, "DPUTR Paser memperbaiki jembatan di Kuaro.", "positif"),
    (109, "paser-tuntas", True, 2, 1, 1, 0, "Paser TUNTAS masuk sekolah.", "positif"),
    (110, "paser-tuntas", True, 1, 1, 0, 0, "Program Paser TUNTAS diulas.", "positif"),
    (201, "dinkes", True, 1, 1, 0, 0, "Dinkes Paser menambah dokter spesialis.", "positif"),
    (202, "dinkes", True, 1, 1, 0, 0, "Dinkes Paser sosialisasi stunting.", "netral"),
    (203, "paser-tuntas", True, 1, 1, 0, 0, "Paser TUNTAS jadi arah pembangunan.", "positif"),
    (301, "dinkes", True, 1, 1, 0, 0, "Dinkes Paser dikritik karena antrean panjang.", "negatif"),
]

# article_id, seq, speaker, official_id, verb, text
QUOTES = [
    (101, 1, "Fahmi", "fahmi-fadli", "kata", "Puskesmas ini untuk warga."),
    (101, 2, "Fahmi", "fahmi-fadli", "ujarnya", "Kami tambah dokter."),
    (102, 1, "dr. Amir", None, "jelas", "Vaksin tersedia."),
    (103, 1, "dr. Amir", None, "jelas", "Vaksin tersedia."),
    (107, 1, "Katsul", "katsul-wijaya", "tegas", "Disiplin adalah kunci."),
    (201, 1, "dr. Amir", None, "kata", "Dokter spesialis bertambah."),
]

TEXTS = {
    101: "TANA PASER - Bupati Paser Fahmi Fadli meresmikan puskesmas rawat inap di Tanah Grogot. "
         "Dinas Kesehatan menyiapkan tenaga medis untuk melayani warga selama 24 jam setiap hari.",
    102: "Paser (ANTARA) - Dinkes Paser menggelar vaksinasi massal bagi anak sekolah. "
         "Kegiatan ini bagian dari Paser TUNTAS.",
    103: "TANA PASER - Dinkes Paser menggelar vaksinasi massal di Tanah Grogot bagi anak sekolah.",
    104: XSS_TEXT,
}


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=WITA)


def make_config(tmp: Path, **clipping):
    data = {
        "database": str(tmp / "pantau.duckdb"),
        "output": str(tmp / "out"),
        "sources": [
            {"name": name, "homepage": f"https://{name.lower().replace(' ', '')}.example/", "kind": kind,
             "tier": tier, "monthly_visitors": visitors, "value_per_story": value,
             **({"partner": {"start": p[0], "end": p[1], "stories_per_month": p[2], "medium": p[3]}} if p else {})}
            for name, kind, tier, visitors, value, p in SOURCES
        ],
    }
    if clipping:
        data["clipping"] = clipping
    return parse_config(data, tmp)


def build_store(path: Path) -> Store:
    store = Store(path, "Asia/Makassar")
    with store.write() as con:
        for name, kind, tier, visitors, value, p in SOURCES:
            con.execute(
                "INSERT INTO sources (name, kind, tier, monthly_visitors, value_per_story, partner_start,"
                " partner_end, partner_quota, partner_medium) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [name, kind, tier, visitors, value, *(p if p else (None, None, None, None))],
            )
        for entity_id, kind, name, aliases in ENTITIES:
            con.execute("INSERT INTO entities VALUES (?, ?, ?, ?, NULL, ?, NULL)",
                        [entity_id, kind, name, aliases, entity_id != "dinkes-ppu"])
        for aid, outlet, when, title, tone, adv, views, cluster, sim_to, sim in ARTICLES:
            at = local(when)
            text = TEXTS.get(aid, f"{title}. Berita tentang Kabupaten Paser.")
            con.execute(
                "INSERT INTO articles (article_id, url, outlet, title, text, published_at, published_local,"
                " published_date, date_source, date_missing, page_views, is_advertorial, word_count,"
                " content_hash, title_key, cluster_id, similar_to, similarity, tone, tone_score, extracted_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'metadata', FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                [aid, f"https://news.example/{aid}", outlet, title, text, at, at.replace(tzinfo=None),
                 at.date(), views, adv, len(text.split()), f"h{aid}", title.lower(), cluster, sim_to, sim,
                 tone, at],
            )
        kinds = {e[0]: e[1] for e in ENTITIES}
        for aid, eid, paser, count, head, lead, body, sentence, tone in MENTIONS:
            con.execute("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [aid, eid, kinds[eid], paser, count, head, lead, body, sentence, tone])
        con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?)", QUOTES)
        from pipeline.reports.search import rebuild_index

        rebuild_index(con)
    return store
