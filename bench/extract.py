"""Benchmark Pantau's extraction against bare trafilatura on the article-extraction benchmark.

Quality: word 4-shingle precision and recall per page (multiset shingles of ``\\w+`` tokens, as in
the benchmark's own evaluation), averaged over the pages; F1 is computed from the averaged P and R.
Throughput: pages per second, one process, the same pages already read into memory for every
system, median of ``--runs`` runs. Pantau's figure is the full ``extract_article`` (metadata, dates,
boilerplate rules included); trafilatura's is ``trafilatura.extract`` text only.

    .venv/bin/python bench/extract.py [--runs 3] [--dataset PATH] [--jobs N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.extraction import extract_article  # noqa: E402
from pipeline.records import Article  # noqa: E402

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared/datasets/article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")
_FETCHED = datetime(2026, 11, 1, tzinfo=timezone.utc)


def shingles(text: str, n: int = 4) -> Counter[str]:
    """Multiset of word n-shingles (the benchmark's definition)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def precision_recall(truth: str, predicted: str) -> tuple[float, float]:
    """Shingle precision and recall of one page."""
    true, pred = shingles(truth), shingles(predicted)
    common = sum((true & pred).values())
    n_pred, n_true = sum(pred.values()), sum(true.values())
    return (common / n_pred if n_pred else 0.0), (common / n_true if n_true else 0.0)


def pantau_text(page: tuple[str, str]) -> str:
    """Pantau's stored text for one (html, url) page."""
    html, url = page
    result = extract_article(html, url, "bench", fetched_at=_FETCHED, languages=None)
    return result.text if isinstance(result, Article) else ""


def bare_default(page: tuple[str, str]) -> str:
    return trafilatura.extract(page[0]) or ""


def bare_precision(page: tuple[str, str]) -> str:
    return trafilatura.extract(page[0], favor_precision=True) or ""


def bare_fast(page: tuple[str, str]) -> str:
    return trafilatura.extract(page[0], fast=True) or ""


SYSTEMS: dict[str, Callable[[tuple[str, str]], str]] = {
    "trafilatura default": bare_default,
    "trafilatura favor_precision": bare_precision,
    "trafilatura fast": bare_fast,
    "pantau extract_article": pantau_text,
}


def run(system: Callable[[tuple[str, str]], str], pages: list[tuple[str, str]], jobs: int) -> tuple[list[str], float]:
    """Texts and elapsed seconds for one pass over the pages."""
    start = time.perf_counter()
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            texts = list(pool.map(system, pages, chunksize=8))
    else:
        texts = [system(page) for page in pages]
    return texts, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # trafilatura warns on every discarded page

    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = [
        (gzip.decompress((args.dataset / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8"), truth[i]["url"])
        for i in ids
    ]
    print(f"{len(pages)} pages, {args.runs} runs, {args.jobs} job(s)")
    print(f"{'system':30} {'F1':>7} {'P':>7} {'R':>7} {'pages/s':>9}")
    names = args.systems.split(",")
    speeds: dict[str, list[float]] = {name: [] for name in names}
    texts: dict[str, list[str]] = {}
    # Runs interleave the systems so that load from other processes hits them all alike.
    for _ in range(args.runs):
        for name in names:
            texts[name], elapsed = run(SYSTEMS[name], pages, args.jobs)
            speeds[name].append(len(pages) / elapsed)
    baseline = None
    for name in names:
        scores = [precision_recall(truth[i]["articleBody"], t) for i, t in zip(ids, texts[name])]
        p = statistics.fmean(s[0] for s in scores)
        r = statistics.fmean(s[1] for s in scores)
        f1 = 2 * p * r / (p + r)
        speed = statistics.median(speeds[name])
        baseline = baseline or (f1, speed)
        print(f"{name:30} {f1:7.4f} {p:7.4f} {r:7.4f} {speed:9.1f}   "
              f"(F1 x{f1 / baseline[0]:.3f}, speed x{speed / baseline[1]:.2f} vs default)", flush=True)

if __name__ == "__main__":
    main()
