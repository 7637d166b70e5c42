"""The resolver decides some titles only after seeing the whole article: the outcome is as if it read in text order."""

from __future__ import annotations

from datetime import date

from conftest import others, paser

import nlp.sentences
from nlp.layout import lay_out
from pipeline.records import TagInput


def test_short_name_after_a_title_the_article_ties_to_paser(tag):
    # "Bupati" has no region word: the Paser place later in the article makes it Paser's Bupati
    t = tag("Rapat", "Bupati menghadiri rapat di Tanah Grogot. Fahmi meminta warga tertib.")
    assert paser(t) == {"fahmi-fadli": 2, "tanah-grogot": 1}


def test_short_name_before_the_title_does_not_count(tag):
    t = tag("Rapat", "Fahmi hadir. Bupati membuka acara di Tanah Grogot.")
    assert paser(t) == {"fahmi-fadli": 1, "tanah-grogot": 1}


def test_short_name_after_another_regions_title_does_not_count(tag):
    # (Berau: a regency has a Bupati; a city's tie would leave the title unplaced, see test_whose)
    t = tag("Rapat", "Di Berau, Bupati membuka acara. Fahmi hadir.")
    assert paser(t) == {}
    assert others(t) == {"other:pemkab-berau:bupati": 1}


def test_led_agencies_follow_the_officials_in_text_order(tagger):
    item = TagInput("Sidang", "Ketua DPRD memimpin sidang di Tanah Grogot. Yusuf Sumako hadir.", date(2025, 7, 15), False)
    layout = lay_out(item)
    doc = tagger.nlp(layout.text)
    hits = tagger.resolver(doc, layout, doc.user_data[nlp.sentences.USER_DATA_KEY], item.published_on, False)
    assert [(h.entity_id, h.kind) for h in hits] == [
        ("hendra-wahyudi", "official"), ("tanah-grogot", "place"), ("yusuf-sumako", "official"),
        ("dprd-paser", "agency"), ("diskarpus", "agency"),
    ]
    assert hits[3].start_char == hits[0].start_char and hits[4].start_char == hits[2].start_char
