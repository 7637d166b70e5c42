"""Crawl commands: ``pantau crawl`` (one crawl run) and ``pantau sources`` (source health)."""

from __future__ import annotations

import json
from pathlib import Path

import click


from pipeline.cli.options import config_option, fail_on, format_option, load, open_store, render_rows
from pipeline.archive import ArchiveError
from pipeline.config import ConfigError
from pipeline.locks import lock_name, locked_command
from pipeline.store import StoreError


@click.command()
@config_option
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable; disabled ones too).")
@click.option("--refetch", is_flag=True, help="Fetch article pages again even if already seen.")
@fail_on(ConfigError, StoreError, ArchiveError)
@locked_command(lambda params: lock_name("crawl", params.get("sources")))
def crawl(config_path: Path, sources: tuple[str, ...], refetch: bool) -> None:
    """Crawl the configured sources once: feeds, sitemaps, listings, discovery queries.

    New article pages go to the WARC archive and the store (pending extraction; `pantau process`
    extracts them). Without --source every enabled source is crawled.

    \b
    Example:
      pantau crawl --config config.yaml --source prokal --source tribun-kaltim
    """
    from crawlers.run import crawl as run_crawl

    config = load(config_path)
    for name in sources:
        config.source(name)  # unknown names fail before anything starts
    s = run_crawl(config, open_store(config), sources=list(sources) or None, refetch=refetch)
    failures = sum(s.failures_by_reason.values())
    click.echo(
        f"crawl run {s.run_id} ({s.status}): {s.requests} requests, {s.pages_saved} pages saved"
        f" ({s.new_pages} new), {s.skipped_seen} already seen, {failures} failures in {s.duration_s:.1f}s"
    )
    for reason, n in sorted(s.failures_by_reason.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {reason}: {n}")
    for name, stats in s.per_source.items():
        flag = "" if stats["entry_ok"] or not stats["entry_failed"] else "  (all entry points failed)"
        click.echo(f"  {name}: {stats['requests']} requests, {stats['new_pages']} new pages,"
                   f" {stats['skipped_seen']} seen, {stats['failures']} failures{flag}")


@click.command()
@config_option
@format_option("table", "json")
@fail_on(ConfigError, StoreError)
def sources(config_path: Path, fmt: str) -> None:
    """List sources with crawl health; FAILING after crawl.failure_alert_after failed runs in a row.

    \b
    Example:
      pantau sources --format json
    """
    from pipeline.sources import health_rows

    config = load(config_path)
    store = open_store(config)
    if store.path.exists():
        with store.read() as con:
            rows = health_rows(config, con)
    else:
        from pipeline.sources import empty_health_rows

        rows = empty_health_rows(config)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    columns = ["source", "flag", "last success", "fails", "status counts", "articles/run", "poll min",
               "feeds", "sitemaps", "last error"]
    table = [[
        r["name"], "FAILING" if r["failing"] else ("disabled" if not r["enabled"] else ""),
        r["last_success"].strftime("%Y-%m-%d %H:%M") if r["last_success"] else "never",
        r["consecutive_failures"],
        " ".join(f"{k}:{v}" for k, v in sorted(r["status_counts"].items())),
        r["articles_per_run"], r["poll_minutes"],
        len(r["discovered_feeds"]) or "", len(r["discovered_sitemaps"]) or "", r["last_error"] or "",
    ] for r in rows]
    click.echo(render_rows(columns, table, "table"))


COMMANDS = [crawl, sources]
