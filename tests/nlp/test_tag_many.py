"""``tag_many`` keeps the order of its inputs, in one process and across two."""

from __future__ import annotations

from datetime import date

from pipeline.records import TagInput


def test_two_processes_give_the_same_taggings_in_order(tagger):
    inputs = [TagInput(f"Berita {i}", f"Bupati Paser meninjau Kuaro hari ke-{i}. Dinkes Paser hadir.",
                       date(2023 + i % 3, 6, 1)) for i in range(12)]
    inputs[5] = TagInput("Banjir", "BPBD Berau mengevakuasi warga.", date(2025, 1, 1))
    sequential = list(tagger.tag_many(inputs))
    assert list(tagger.tag_many(inputs, n_process=2, batch_size=5)) == sequential
    assert [m.entity_id for m in sequential[5].mentions] == ["other:pemkab-berau:badan-penanggulangan-bencana-daerah"]
    assert [m.entity_id for m in sequential[0].mentions] == ["fahmi-fadli", "kuaro", "dinkes"]
