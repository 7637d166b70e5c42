"""Benchmark Pantau's extraction against bare trafilatura on the article-extraction benchmark.

Quality: word 4-shingle precision and recall per page (multiset shingles of ``\\w+`` tokens, as in
the benchmark's own evaluation), averaged over the pages; F1 is computed from the averaged P and R.
Throughput: pages per second (wall) and pages per CPU-second (robust when other work shares the
cores), the same pages already read into memory for every system, median of ``--runs`` runs
interleaved across systems. Pantau's figure is the full ``extract_article`` (metadata, dates,
boilerplate rules included); trafilatura's is ``trafilatura.extract`` text only.

    .venv/bin/python bench/extract.py [--runs 3] [--dataset PATH] [--jobs N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from functools import partial
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


def _setting(**options: object) -> Callable[[tuple[str, str]], str]:
    return partial(_bare, options=options)


def _bare(page: tuple[str, str], options: dict[str, object]) -> str:
    return trafilatura.extract(page[0], **options) or ""


SYSTEMS: dict[str, Callable[[tuple[str, str]], str]] = {
    "trafilatura default": bare_default,
    "trafilatura favor_precision": bare_precision,
    "trafilatura fast": bare_fast,
    "pantau extract_article": pantau_text,
}
# The settings compared in docs/extraction.md (--systems settings); all without comments.
SETTINGS: dict[str, Callable[[tuple[str, str]], str]] = {
    "nocomments default": _setting(include_comments=False),
    "nocomments precision": _setting(include_comments=False, favor_precision=True),
    "nocomments recall": _setting(include_comments=False, favor_recall=True),
    "nocomments fast": _setting(include_comments=False, fast=True),
    "nocomments fast precision": _setting(include_comments=False, fast=True, favor_precision=True),
    "nocomments fast recall": _setting(include_comments=False, fast=True, favor_recall=True),
}


def run(
    system: Callable[[tuple[str, str]], str], pages: list[tuple[str, str]], jobs: int
) -> tuple[list[str], float, float]:
    """Texts, elapsed wall seconds and CPU seconds (this process or the pool's children)."""
    start, cpu_start = time.perf_counter(), _cpu()
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            texts = list(pool.map(system, pages, chunksize=8))
    else:
        texts = [system(page) for page in pages]
    return texts, time.perf_counter() - start, _cpu() - cpu_start


def _cpu() -> float:
    """CPU seconds of this process and its finished children: unlike wall time, not inflated when
    other work shares the cores (the benchmark machine is shared)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help="comma-separated names, or 'settings' for the trafilatura settings table")
    parser.add_argument("--cli", action="store_true",
                        help="also time `pantau extract FILES --jobs N` as a subprocess (startup included)")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # trafilatura warns on every discarded page

    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = [
        (gzip.decompress((args.dataset / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8"), truth[i]["url"])
        for i in ids
    ]
    print(f"{len(pages)} pages, {args.runs} runs, {args.jobs} job(s), median pages/s")
    known = {**SYSTEMS, **SETTINGS}
    names = list(SETTINGS) if args.systems == "settings" else args.systems.split(",")
    speeds: dict[str, list[float]] = {name: [] for name in names}
    cpu_speeds: dict[str, list[float]] = {name: [] for name in names}
    texts: dict[str, list[str]] = {}
    # Runs interleave the systems so that load from other processes hits them all alike.
    for _ in range(args.runs):
        for name in names:
            texts[name], elapsed, cpu = run(known[name], pages, args.jobs)
            speeds[name].append(len(pages) / elapsed)
            cpu_speeds[name].append(len(pages) / cpu)
    print(f"{'system':30} {'F1':>7} {'P':>7} {'R':>7} {'pages/s':>9} {'pages/CPU-s':>12}")
    baseline = None
    for name in names:
        scores = [precision_recall(truth[i]["articleBody"], t) for i, t in zip(ids, texts[name])]
        p = statistics.fmean(s[0] for s in scores)
        r = statistics.fmean(s[1] for s in scores)
        f1 = 2 * p * r / (p + r)
        speed, cpu_speed = statistics.median(speeds[name]), statistics.median(cpu_speeds[name])
        baseline = baseline or (f1, speed, cpu_speed)
        print(f"{name:30} {f1:7.4f} {p:7.4f} {r:7.4f} {speed:9.1f} {cpu_speed:12.1f}   "
              f"(vs {names[0]}: F1 x{f1 / baseline[0]:.3f}, wall x{speed / baseline[1]:.2f}, "
              f"CPU x{cpu_speed / baseline[2]:.2f})", flush=True)
    if args.cli:
        files = [str(args.dataset / "html" / f"{i}.html.gz") for i in ids]
        command = [str(Path(sys.executable).with_name("pantau")), "extract", *files, "--jobs", str(args.jobs),
                   "--fetched-at", "2026-11-01"]
        elapsed, cpu = [], []
        for _ in range(args.runs):
            start, cpu_start = time.perf_counter(), _cpu()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed.append(time.perf_counter() - start)
            cpu.append(_cpu() - cpu_start)
        print(f"{'pantau extract (CLI process)':30} {'':7} {'':7} {'':7} "
              f"{len(files) / statistics.median(elapsed):9.1f} {len(files) / statistics.median(cpu):12.1f}"
              "   (reads .html.gz, starts Python, prints JSON)")

if __name__ == "__main__":
    main()
