"""Quality gate: the tagger keeps its precision and recall on the labelled evaluation set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_tag", REPO / "bench" / "tag.py")
bench_tag = importlib.util.module_from_spec(_spec)
sys.modules["bench_tag"] = bench_tag  # dataclasses look their module up by name
_spec.loader.exec_module(bench_tag)


def test_evaluation_set_targets(tagger):
    articles = bench_tag.load_articles()
    assert len(articles) >= 80
    result = bench_tag.evaluate(tagger, articles)
    for kind in ("agency", "program", "official"):
        row = result["kinds"][kind]
        assert row["precision"] >= 0.95, (kind, row)
        assert row["recall"] >= 0.90, (kind, row)
    assert result["tone_accuracy"] >= 0.7
