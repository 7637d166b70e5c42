"""Media-partner fulfilment: what counts, quotas, the list behind the numbers."""

from __future__ import annotations

from pipeline.reports.partners import partner_fulfilment, story_rows


def test_november(world):
    config, store = world
    rows = partner_fulfilment(config, store, 2026, 11)
    # Radar Paser's contract ended on 31 Oct; Kaltim Today's began on 10 Nov (109 on 5 Nov is outside).
    assert [(r.outlet, r.quota, len(r.stories), r.counted, r.not_counted, r.advertorials, r.met)
            for r in rows] == [
        ("Kaltim Today", 2, 2, 1, 1, 0, False),
        ("Tribun Kaltim", 3, 2, 2, 0, 1, False),
    ]
    stories = story_rows(rows)
    assert [(s["outlet"], s["title"][:20], s["counts"], s["similar_outlet"]) for s in stories] == [
        ("Kaltim Today", "Kaltim Today Ulas Pr", True, "Kaltim Today"),   # own outlet: still counts
        ("Kaltim Today", "Dinkes Paser Gelar V", False, "ANTARA Kaltim"),  # 91% like ANTARA's earlier copy
        ("Tribun Kaltim", "Bupati Fahmi Fadli R", True, None),
        ("Tribun Kaltim", "Diskominfostaper Lat", True, None),              # advertorial: flagged, counts
    ]
    assert [s["is_advertorial"] for s in stories] == [False, False, False, True]


def test_october_quota_met(world):
    config, store = world
    rows = partner_fulfilment(config, store, 2026, 10)
    assert [(r.outlet, len(r.stories), r.counted, r.met) for r in rows] == [
        ("Radar Paser", 1, 1, True),
        ("Tribun Kaltim", 1, 1, False),
    ]


def test_no_partners(world):
    config, store = world
    assert partner_fulfilment(config, store, 2024, 1) == []
