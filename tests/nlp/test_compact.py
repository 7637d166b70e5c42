"""The tuple forms that cross the pipe to ``tag_many`` workers give back equal records."""

from dataclasses import fields
from datetime import date

from nlp.compact import pack_input, pack_tagging, unpack_input, unpack_tagging
from pipeline.records import Candidate, Mention, Quote, TagInput, Tagging, Tone


def test_input_round_trip():
    item = TagInput("Judul", "Isi berita.", date(2025, 3, 1), True)
    assert unpack_input(pack_input(item)) == item
    assert len(pack_input(item)) == len(fields(TagInput))


def test_tagging_round_trip_keeps_every_field():
    tagging = Tagging(
        mentions=(Mention("dinkes", "agency", 3, 1, 1, 1, "Dinkes Paser ...", "positif", True),
                  Mention("other:ppu:dinas-kesehatan", "agency", 1, 0, 0, 1, "Dinkes PPU ...", "netral", False)),
        quotes=(Quote("Fahmi Fadli", "Kami siap.", "fahmi-fadli", "katanya"), Quote("Rusdi", "Harga naik.")),
        tone=Tone("positif", 0.667, ("berhasil",), ("banjir",)),
        candidates=(Candidate("Dinas Baru", "agency", "Dinas Baru dibentuk."),),
    )
    packed = pack_tagging(tagging)
    assert unpack_tagging(packed) == tagging
    # records, not plain tuples, and plain tuples, not records, on the pipe
    assert type(unpack_tagging(packed).mentions[0]) is Mention and type(unpack_tagging(packed).tone) is Tone
    assert type(packed[0][0]) is tuple and type(packed[2]) is tuple
    # a field added to a record must be added to nlp.compact too
    assert len(packed[0][0]) == len(Mention._fields)
    assert len(packed[1][0]) == len(Quote._fields)
    assert len(packed[2]) == len(Tone._fields)
    assert len(packed[3][0]) == len(Candidate._fields)
    assert len(packed) == len(Tagging._fields)
