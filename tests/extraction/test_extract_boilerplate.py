"""Each boilerplate rule, driven by the examples in boilerplate.yaml, plus what rules capture."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from pipeline.extraction.boilerplate import clean_text, load_rules, page_views_in_tree, parse_count

RULES = load_rules()


@pytest.mark.parametrize(
    ("rule", "line"), [(r.name, e) for r in RULES for e in r.examples], ids=lambda v: str(v)[:40]
)
def test_rule_removes_its_examples(rule: str, line: str) -> None:
    story = "Paragraf berita yang harus tetap ada, kata Camat Kuaro."
    cleaned = clean_text(f"{story}\n{line}")
    assert story in cleaned.text
    assert rule in {name for name, _ in cleaned.removed}
    assert line not in cleaned.text


@pytest.mark.parametrize(("rule", "line"), [(r.name, k) for r in RULES for k in r.keep], ids=lambda v: str(v)[:40])
def test_rule_keeps_story_lines(rule: str, line: str) -> None:
    cleaned = clean_text(line)
    assert cleaned.text == line, f"{rule} changed a story line: {cleaned.removed}"


def test_every_rule_has_examples_and_keeps() -> None:
    assert len(RULES) == 15
    assert all(rule.examples and rule.keep for rule in RULES)


def test_bare_related_marker_takes_the_linked_headline_with_it() -> None:
    cleaned = clean_text("Paragraf pertama.\nBACA JUGA:\nDinkes Balikpapan Gelar Vaksinasi\nParagraf kedua.")
    assert cleaned.text == "Paragraf pertama.\nParagraf kedua."
    story = "Paragraf kedua yang panjang " * 8
    assert clean_text(f"Paragraf pertama.\nBaca juga:\n{story}").text == f"Paragraf pertama.\n{story}"


def test_comment_form_drops_the_rest() -> None:
    text = "Isi berita.\nTinggalkan Balasan\nNama *\nEmail *\nKirim"
    assert clean_text(text).text == "Isi berita."


def test_dateline_and_quotes_survive() -> None:
    text = (
        "TANA PASER, MCKabPaser - Wakil Bupati Paser Ikhwan Antasari membuka rapat, Selasa (15/7/2025).\n"
        "\u201cKita harus bergerak bersama,\u201d ujarnya. (ndi)"
    )
    cleaned = clean_text(text)
    assert cleaned.text == (
        "TANA PASER, MCKabPaser - Wakil Bupati Paser Ikhwan Antasari membuka rapat, Selasa (15/7/2025).\n"
        "\u201cKita harus bergerak bersama,\u201d ujarnya."
    )


def test_captures_author_views_and_advertorial() -> None:
    cleaned = clean_text(
        "Program berjalan baik, kata Kadis. (ADV/SBK)\nPenulis: Rina Safitri | Editor: Budi\nDibaca 1.234 kali"
    )
    assert cleaned.text == "Program berjalan baik, kata Kadis."
    assert cleaned.is_advertorial is True
    assert cleaned.author == "Rina Safitri"
    assert cleaned.page_views == 1234
    assert [name for name, _ in cleaned.removed] == ["advertorial-mark", "author-credit", "view-counter"]


def test_plain_sign_off_is_not_advertorial() -> None:
    cleaned = clean_text("Jalan itu rampung pekan depan. (hms)")
    assert (cleaned.text, cleaned.is_advertorial) == ("Jalan itu rampung pekan depan.", False)


def test_page_views_from_the_page_when_the_text_has_none() -> None:
    tree = load_html(
        "<html><body><p>Dibaca 2 menit</p><div class='meta'><span>Dibaca</span> <b>1.234</b> kali</div>"
        "<p>isi</p></body></html>"
    )
    assert page_views_in_tree(tree) == 1234
    tree = load_html("<html><body><div>Total Views: <span>33</span></div><p>x</p></body></html>")
    assert page_views_in_tree(tree) == 33
    assert page_views_in_tree(load_html("<html><body><p>Tidak ada penghitung.</p></body></html>")) is None


def test_parse_count() -> None:
    assert (parse_count("1.234"), parse_count("1,234"), parse_count("33"), parse_count("..")) == (1234, 1234, 33, None)
