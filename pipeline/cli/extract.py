"""``pantau extract``: extract saved pages without the store (debugging and benchmarking)."""

from __future__ import annotations

import json
import os
from datetime import datetime

import click

from pipeline.extraction.saved import SavedPageJob, extract_many


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--url", help="URL the page was fetched from (dates in the URL, outlet default).")
@click.option("--outlet", help="Outlet name recorded on the article (default: the URL's host).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="jsonl", show_default=True,
              help="jsonl: one object per line; json: one indented array.")
@click.option("--fetched-at", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"]),
              help="When the pages were fetched (bounds the date search; default: now). Naive = WITA.")
@click.option("--timezone", "tz", default="Asia/Makassar", show_default=True,
              help="Zone of naive times and of the printed published_at.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True,
              help="Worker processes (0 = one per core).")
def extract(files: tuple[str, ...], url: str | None, outlet: str | None, fmt: str,
            fetched_at: datetime | None, tz: str, jobs: int) -> None:
    """Extract articles from saved .html / .html.gz pages and print them as JSON.

    Prints one object per page in the order given: file, title, text, published_at (with offset),
    date_source, author, outlet, language, page_views, is_advertorial, ...; a page that yields no
    article prints file and error (a reason slug). Exit code 1 if a file could not be read.

    \b
    Example:
      pantau extract page.html.gz --url https://kaltim.example/2026/07/15/banjir --outlet "Kaltim Today"
      pantau extract saved/*.html.gz --jobs 0 > articles.jsonl
    """
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    jobs_list = [SavedPageJob(path, url, outlet, fetched_at, tz) for path in files]
    unreadable = 0
    results = []
    for result in extract_many(jobs_list, workers):
        unreadable += result.get("error") == "unreadable"
        if fmt == "jsonl":
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            results.append(result)
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if unreadable:
        raise SystemExit(1)


COMMANDS = [extract]
