"""The daily clipping: exact content, files that open, idempotency, untrusted text."""

from __future__ import annotations

import csv
import io
from datetime import date
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from pipeline.reports.clipping import load_clipping, write_clipping
from tests.outputs.fixture import XSS_TITLE, build_store, make_config

DAY = date(2026, 11, 23)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _parse(html_text: str) -> _Tags:
    parser = _Tags()
    parser.feed(html_text)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def files(world):
    config, store = world
    return {p.suffix[1:]: p for p in write_clipping(config, store, DAY)}


def test_groups_and_summary(world):
    config, store = world
    clip = load_clipping(config, store, DAY)
    assert (clip.stories, clip.outlets, clip.tones) == (5, 4, {"positif": 3, "netral": 1, "negatif": 1})
    assert [(g.name, [e.article_id for e in g.entries]) for g in clip.groups] == [
        ("Pimpinan Daerah", [101]),
        ("Dinas Kesehatan", [102, 103]),
        ("Diskominfostaper", [105]),
        ("DPUTR", [104]),
    ]
    assert clip.top_agencies == [("Dinas Kesehatan", 3), ("Diskominfostaper", 1), ("DPUTR", 1)]
    assert [(p.title, p.outlets, p.copies) for p in clip.pickups] == [
        ("Dinkes Paser Gelar Vaksinasi Massal", ["ANTARA Kaltim", "Kaltim Today"], 2)]
    lead = clip.groups[0].entries[0]
    assert lead.spokespersons == ["Fahmi Fadli"]
    assert lead.mention_sentence == "Bupati Paser Fahmi Fadli meresmikan puskesmas rawat inap."
    assert lead.also == ["Tanah Grogot", "Dinas Kesehatan"]
    assert lead.published_local.strftime("%H:%M") == "08:15"


def test_lead_excerpt_and_full_body(tmp_path):
    lead = make_config(tmp_path, lead_chars=100)
    store = build_store(lead.database)
    entry = load_clipping(lead, store, DAY).groups[0].entries[0]
    assert entry.body == "TANA PASER - Bupati Paser Fahmi Fadli meresmikan puskesmas rawat inap di Tanah Grogot. Dinas …"
    full = make_config(tmp_path, body="full")
    entry = load_clipping(full, store, DAY).groups[0].entries[0]
    assert entry.body.endswith("selama 24 jam setiap hari.")


def test_files_and_paths(world, files):
    config, _ = world
    folder = config.output / "kliping" / "2026" / "11"
    assert sorted(p.name for p in folder.iterdir()) == [
        "kliping-2026-11-23.csv", "kliping-2026-11-23.html", "kliping-2026-11-23.pdf", "kliping-2026-11-23.txt"]


def test_chat_summary(files):
    assert files["txt"].read_text(encoding="utf-8") == (
        "Kliping berita Kabupaten Paser, Senin, 23 November 2026\n"
        "5 berita dari 4 media. Nada: 3 positif, 1 netral, 1 negatif.\n"
        "Paling banyak diberitakan: Dinas Kesehatan (3), Diskominfostaper (1), DPUTR (1).\n"
        "Rilis dimuat beberapa media: 1.\n"
        "Berkas lengkap: kliping-2026-11-23.pdf\n"
    )


def test_html_parses_and_escapes_untrusted_text(files):
    text = files["html"].read_text(encoding="utf-8")
    parsed = _parse(text)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    body = "".join(parsed.text)
    assert XSS_TITLE in body and "<img src=x onerror=alert(2)>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert parsed.tags.count("article") == 5
    assert "Pimpinan Daerah (1)" in body and "Dinas Kesehatan (2)" in body
    # section headings (the last occurrence of each; the summary and contents come first)
    assert body.rindex("Pimpinan Daerah (1)") < body.rindex("Dinas Kesehatan (2)") < body.rindex("DPUTR (1)")


def test_pdf_pages_and_text(files):
    reader = PdfReader(files["pdf"])
    assert len(reader.pages) == 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Halaman 1 dari 3" in text and "Halaman 3 dari 3" in text
    assert "Daftar Isi" in text and "Ringkasan" in text
    assert "<script>alert(1)</script> Jalan Rusak di Long Ikis" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "Bupati Fahmi Fadli Resmikan Puskesmas Rawat Inap" in text
    assert reader.metadata.title == "Kliping Berita Kabupaten Paser 2026-11-23"


def test_csv_rows(files):
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
    assert [(r["group"], r["article_id"], r["outlet"], r["time"], r["tone"], r["advertorial"]) for r in rows] == [
        ("Pimpinan Daerah", "101", "Tribun Kaltim", "08:15", "positif", "0"),
        ("Dinas Kesehatan", "102", "ANTARA Kaltim", "09:30", "positif", "0"),
        ("Dinas Kesehatan", "103", "Kaltim Today", "10:00", "positif", "0"),
        ("Diskominfostaper", "105", "Tribun Kaltim", "15:00", "netral", "1"),
        ("DPUTR", "104", "MC Paser", "13:45", "negatif", "0"),
    ]
    assert rows[4]["title"] == XSS_TITLE


def test_idempotent(world, files):
    config, store = world
    first = {k: p.read_bytes() for k, p in files.items()}
    again = {p.suffix[1:]: p.read_bytes() for p in write_clipping(config, store, DAY)}
    assert again == first


def test_empty_day(world):
    config, store = world
    paths = {p.suffix[1:]: p for p in write_clipping(config, store, date(2026, 11, 22))}
    assert "Tidak ada berita tentang Kabupaten Paser pada hari ini." in paths["html"].read_text(encoding="utf-8")
    assert paths["txt"].read_text(encoding="utf-8") == (
        "Tidak ada berita tentang Kabupaten Paser pada Minggu, 22 November 2026.\n")
    reader = PdfReader(paths["pdf"])
    assert len(reader.pages) == 1
    assert "Tidak ada berita" in reader.pages[0].extract_text()
    assert paths["csv"].read_text(encoding="utf-8").count("\n") == 1


def test_english_labels(tmp_path):
    config = make_config(tmp_path, language="en")
    store = build_store(config.database)
    paths = {p.suffix[1:]: p for p in write_clipping(config, store, DAY)}
    assert paths["txt"].read_text(encoding="utf-8").startswith(
        "Paser Regency news clipping, Monday, 23 November 2026\n5 stories from 4 outlets.")
    assert "Regency leadership (1)" in paths["html"].read_text(encoding="utf-8")


def test_leadership_needs_headline_or_lead(world):
    from datetime import datetime

    from pipeline.reports.clipping import arrange

    config, _ = world
    at = datetime(2026, 11, 23, 0, 0)
    stories = [(1, "A", at, "Jalan Rusak", "https://a.example/1", "negatif", False, "teks", 1),
               (2, "A", at, "Sekda Tinjau Pasar", "https://a.example/2", "netral", False, "teks", 2),
               (3, "B", at, "Pemkab Paser Terima Penghargaan", "https://b.example/3", "positif", False, "teks", 3)]
    mentions = [
        # 1: the Sekda and Pemkab are named in the body/lead only -> DPUTR's story
        (1, "dputr", "agency", "DPUTR", 1, 0, 1, "DPUTR memperbaiki."),
        (1, "katsul-wijaya", "official", "Katsul Wijaya", 1, 0, 0, "kata Sekda."),
        (1, "pemkab-paser", "agency", "Pemerintah Kabupaten Paser", 2, 0, 1, "Pemkab Paser."),
        # 2: the Sekda in the lead -> leadership
        (2, "dputr", "agency", "DPUTR", 3, 1, 1, "DPUTR."),
        (2, "katsul-wijaya", "official", "Katsul Wijaya", 1, 0, 1, "Sekda Katsul Wijaya meninjau."),
        # 3: only the umbrella, in the headline -> leadership
        (3, "pemkab-paser", "agency", "Pemerintah Kabupaten Paser", 1, 1, 0, "Pemkab Paser Terima Penghargaan"),
    ]
    clip = arrange(config, date(2026, 11, 23), stories, mentions, [])
    assert [(g.name, [e.article_id for e in g.entries]) for g in clip.groups] == [
        ("Pimpinan Daerah", [2, 3]), ("DPUTR", [1])]
    entry = clip.groups[0].entries[1]
    assert entry.clock == ""                 # midnight = date-only source: no time shown
    assert entry.mention_sentence == ""      # it only repeated the headline


def test_umbrella_in_the_body_only_goes_to_other(world):
    from datetime import datetime

    from pipeline.reports.clipping import arrange

    config, _ = world
    at = datetime(2026, 11, 23, 9, 0)
    stories = [(1, "A", at, "Air PDAM Mati Sepekan", "https://a.example/1", "negatif", False, "teks", 1)]
    mentions = [(1, "pemkab-paser", "agency", "Pemkab", 1, 0, 0, "Warga meminta Pemkab Paser turun tangan."),
                (1, "muara-komam", "place", "Muara Komam", 2, 0, 1, "Air mati di Muara Komam.")]
    clip = arrange(config, date(2026, 11, 23), stories, mentions, [])
    assert [(g.name, [e.article_id for e in g.entries]) for g in clip.groups] == [("Lainnya", [1])]
    assert clip.groups[0].entries[0].clock == "09:00"
