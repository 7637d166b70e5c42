"""build.py is deterministic, and the gold data agrees with the stories it was written from."""

from __future__ import annotations

import collections
import gzip
import re
from datetime import date
from pathlib import Path


from .demo_aliases import LOOSE, STRICT


def tree(root: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        # Compare gzip members by content: compressor output may differ across zlib builds.
        files[str(path.relative_to(root))] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def test_rebuild_matches_committed_site(build, tmp_path, demo_dir):
    build.build(tmp_path / "site", tmp_path / "expected.yaml")
    assert tree(tmp_path / "site") == tree(demo_dir / "site")
    assert (tmp_path / "expected.yaml").read_bytes() == (demo_dir / "expected.yaml").read_bytes()
    build.build(tmp_path / "site", tmp_path / "expected.yaml")  # re-runnable over its own output
    assert tree(tmp_path / "site") == tree(demo_dir / "site")


def test_counts_and_spread(expected):
    articles = expected["articles"]
    per_outlet = collections.Counter(a["outlet"] for a in articles)
    assert len(articles) == 76
    assert per_outlet == {"Kabar Paser": 20, "Borneo Timur Pos": 20, "Media Center Paser": 19, "Warta Benua": 17}
    days = collections.Counter(a["wita_date"] for a in articles)
    assert days["2026-11-27"] == 13 and days["2026-11-26"] == 7
    assert sum(n for d, n in days.items() if d.startswith("2025-11")) == 7
    assert sum(n for d, n in days.items() if d.startswith("2024")) == 5
    assert all(a["published"].endswith("+08:00") for a in articles)
    assert all(150 <= a["words"] <= 450 for a in articles)
    assert len(expected["broken"]) == 5
    assert sum(a["advertorial"] for a in articles) == 2
    assert collections.Counter(a["tone"] for a in articles) == {"positif": 37, "netral": 23, "negatif": 16}


def test_syndication_groups(expected, stories):
    groups = collections.defaultdict(list)
    for a in expected["articles"]:
        if a["syndication"]:
            groups[a["syndication"]].append(a["outlet"])
    assert {g: len(o) for g, o in groups.items()} == {"rilis-satu-data": 4, "rilis-insentif-rt": 3}
    by_key = {s["key"]: s for s in stories["stories"]}
    original = by_key["mc-satu-data-paser"]["paragraphs"]
    verbatim = [s for s in stories["stories"] if s.get("body_from") and not s.get("edits")]
    edited = [s for s in stories["stories"] if s.get("edits")]
    assert len(verbatim) == 2 and len(edited) == 3
    assert by_key["kp-satu-data-paser"]["paragraphs"] == original
    assert by_key["bt-satu-data-paser"]["paragraphs"] != original


def _text(story: dict) -> str:
    return story["title"] + "\n" + "\n".join(story["paragraphs"])


def _has(text: str, form: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text) is not None


def test_gold_entities_agree_with_text(stories):
    problems = []
    for story in (s for s in stories["stories"] if not s.get("broken")):
        text, gold = _text(story), set(story["entities"]) | set(story["others"])
        for entity in sorted(gold):
            if not any(_has(text, f) for f in STRICT.get(entity, []) + LOOSE.get(entity, [])):
                problems.append((story["key"], "listed but not written", entity))
        for entity, forms in STRICT.items():
            if entity not in gold and any(_has(text, f) for f in forms):
                problems.append((story["key"], "written but not listed", entity))
    assert problems == []


def test_distractors_credit_nothing_to_paser(expected):
    by_title = {a["title"]: a for a in expected["articles"]}
    for title, others in [
        ("Dinas Kesehatan Balikpapan Perluas Imunisasi Kejar ke Sekolah",
         ["other:pemkot-balikpapan:dinas-kesehatan", "pemkot-balikpapan"]),
        ("BPBD Samarinda Tetapkan Status Siaga Banjir, 12 Kelurahan Rawan Tergenang",
         ["other:pemkot-samarinda:badan-penanggulangan-bencana-daerah", "pemkot-samarinda"]),
        ("DPRD Kutai Kartanegara Sahkan Perda Penyelenggaraan Pariwisata",
         ["other:pemkab-kukar:dewan-perwakilan-rakyat-daerah", "pemkab-kukar"]),
        ("Pemkab Penajam Paser Utara Kebut Peningkatan Jalan Poros Sepaku",
         ["other:pemkab-ppu:dewan-perwakilan-rakyat-daerah", "pemkab-ppu"]),
    ]:
        assert (by_title[title]["entities"], by_title[title]["others"]) == ([], others)


def test_dates_written_in_text_are_real_days(build, stories):
    day = r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)"
    short = re.compile(day + r"\s*\((\d{1,2})/(\d{1,2})(?:/(\d{4}))?\)")
    long = re.compile(day + r", (\d{1,2}) (" + "|".join(build.MONTHS) + r") (\d{4})")
    for story in (s for s in stories["stories"] if not s.get("broken")):
        text, published = "\n".join(story["paragraphs"]), story["published"].date()
        found = [(m[1], date(int(m[4] or published.year), int(m[3]), int(m[2]))) for m in short.finditer(text)]
        found += [(m[1], date(int(m[4]), build.MONTHS.index(m[3]) + 1, int(m[2]))) for m in long.finditer(text)]
        assert found, story["key"]
        for name, when in found:
            assert build.DAYS[when.weekday()] == name, (story["key"], when)
            assert 0 <= (published - when).days <= 7, (story["key"], when)


def test_planted_boilerplate_is_on_pages_not_in_stories(stories, expected, demo_dir):
    for story in (s for s in stories["stories"] if not s.get("broken")):
        text = _text(story)
        for phrase in expected["must_not_contain"][story["outlet"]]:
            assert phrase not in text, (story["key"], phrase)
    for article in expected["articles"][::9]:
        rel = article["path"].lstrip("/")
        page = (demo_dir / "site" / (rel + "index.html" if rel.endswith("/") else rel)).read_text("utf-8")
        outlet = next(o["id"] for o in stories["outlets"] if o["name"] == article["outlet"])
        planted = [p for p in expected["must_not_contain"][outlet] if p in page]
        assert len(planted) >= 4, (article["path"], planted)
        for snippet in article["must_contain"]:
            assert snippet.replace('"', "&quot;") in page or snippet in page


def test_views_and_machine_dates_per_outlet(expected):
    for article in expected["articles"]:
        has_views = article["page_views"] is not None
        assert has_views == (article["outlet"] in ("Kabar Paser", "Warta Benua")), article["path"]
    undated = sorted(a["outlet"] for a in expected["articles"] if a["date_in_text_only"])
    assert undated == ["Kabar Paser", "Media Center Paser"]
