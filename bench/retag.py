"""Benchmark of a whole re-tag: ``pantau process --stage tag`` end to end on a store of N articles.

    .venv/bin/python bench/retag.py [--articles 5000] [--runs 3]

``bench/tag.py`` times the tagger alone; an analyst who adds a name to the catalog waits for the
whole stage: reading the articles, building the pipeline, tagging, writing mentions, quotes,
candidates and tone, and refreshing the search index and coverage summaries. This builds a store in
a temporary folder with ``--articles`` articles (half Paser-dense, half real news text, the corpora
of ``bench/tag.py``, spread over 2025-2026 in four outlets, indexed for search as extraction leaves
them), then re-tags all of it with 1 and with 2 processes, each run as a new ``pantau process``
would (a fresh tagger). Reports wall-clock seconds
and articles per second (median of ``--runs``), and the share of the wall time spent inside the
tagger's result stream (one process: the tagging itself).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tag import load_articles, news_inputs, speed_inputs  # noqa: E402

import nlp.tagger  # noqa: E402
from pipeline import loader  # noqa: E402
from pipeline.config import parse_config  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.records import Article  # noqa: E402
from pipeline.reports.search import index_articles  # noqa: E402
from pipeline.store import Store  # noqa: E402

OUTLETS = ("Kabar Paser", "Paser Pos", "Kaltim Today", "Diskominfo Paser")


def build_store(folder: Path, count: int):
    """A config and a store of ``count`` articles in ``folder``."""
    config = parse_config({"catalog": str(ROOT / "data" / "entities"),
                           "sources": [{"name": name, "homepage": f"http://127.0.0.1:9/{i}/",
                                        **({"kind": "government"} if "Diskominfo" in name else {})}
                                       for i, name in enumerate(OUTLETS)]}, folder)
    inputs = speed_inputs(load_articles(), count // 2) + news_inputs(count - count // 2)
    start = datetime(2025, 1, 1, 1, tzinfo=timezone.utc)
    rows = []
    for i, item in enumerate(inputs):
        published = start + timedelta(hours=5 * i)
        article = Article(f"https://news.test/{i}", OUTLETS[i % len(OUTLETS)], item.title, item.text,
                          published, "page", word_count=len(item.text.split()), content_hash=f"h{i}")
        rows.append((i + 1, article, item.title.lower(), i.to_bytes(8, "big")))
    store = Store(config.database)
    with store.write() as con:
        for i in range(0, len(rows), 1000):
            loader.save_articles(con, rows[i:i + 1000], config.tz, start)
            index_articles(con, [article_id for article_id, *_ in rows[i:i + 1000]])  # as extraction does
    return config, store


def retag(config, store, jobs: int) -> tuple[float, float, int]:
    """(wall seconds, seconds inside the tagger's result stream, articles tagged) of one re-tag."""
    inside = [0.0]
    original = nlp.tagger.Tagger.tag_many

    def timed(self, inputs, n_process=1, batch_size=256):
        stream = original(self, inputs, n_process, batch_size)
        while True:
            began = time.perf_counter()
            try:
                tagging = next(stream)
            except StopIteration:
                return
            finally:
                inside[0] += time.perf_counter() - began
            yield tagging

    nlp.tagger.Tagger.tag_many = timed
    try:
        began = time.perf_counter()
        summary = process(config, store, stage="tag", jobs=jobs)
        return time.perf_counter() - began, inside[0], summary.tagged
    finally:
        nlp.tagger.Tagger.tag_many = original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-retag-") as tmp:
        config, store = build_store(Path(tmp), args.articles)
        print(f"re-tag of {args.articles} articles (~3,100 characters each), a fresh tagger per run "
              f"(median of {args.runs}):")
        for jobs in (1, 2):
            runs = [retag(config, store, jobs) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            inside = statistics.median(r[1] for r in runs)
            assert all(r[2] == args.articles for r in runs), runs
            print(f"  --jobs {jobs}: {wall:6.1f} s wall, {args.articles / wall:5.0f} articles/s; "
                  f"{inside:5.1f} s inside the tagger's result stream")
    return 0


if __name__ == "__main__":
    sys.exit(main())
