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


def test_a_tag_stream_raises_the_collector_threshold_and_gives_it_back(tagger):
    import gc

    from nlp.tagger import BULK_GC_THRESHOLD

    saved = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    try:
        items = [TagInput(f"Berita {i}", "Dinkes Paser hadir.", date(2025, 1, 1)) for i in range(3)]
        outer = tagger.tag_many(items)
        next(outer)
        assert gc.get_threshold() == (BULK_GC_THRESHOLD, 11, 12)
        inner = list(tagger.tag_many(items[:1]))  # a stream inside another leaves the outer's alone
        assert len(inner) == 1 and gc.get_threshold() == (BULK_GC_THRESHOLD, 11, 12)
        assert len(list(outer)) == 2
        assert gc.get_threshold() == (900, 11, 12)
        abandoned = tagger.tag_many(items)
        next(abandoned)
        abandoned.close()  # a caller that stops early gets its threshold back too
        assert gc.get_threshold() == (900, 11, 12)
    finally:
        gc.set_threshold(*saved)
