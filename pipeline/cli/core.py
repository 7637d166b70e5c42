"""Core commands: run, demo, process, check-config, sql."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.options import config_option, fail_on, format_option, load, open_store, render_rows
from pipeline.locks import job_lock, lock_name, locked_command


def _print_cycle(cycle) -> None:
    c, p = cycle.crawl, cycle.process
    click.echo(
        f"crawl: {c.requests} requests, {c.new_pages} new pages, {c.skipped_seen} already seen,"
        f" {sum(c.failures_by_reason.values())} failures"
        + (f" ({', '.join(f'{k} {v}' for k, v in sorted(c.failures_by_reason.items()))})"
           if c.failures_by_reason else "")
    )
    _print_process(p)


def _print_process(p) -> None:
    failures = ", ".join(f"{k} {v}" for k, v in sorted(p.failures.items()))
    click.echo(
        f"process: {p.pages} pages -> {p.articles} articles, {p.duplicates} duplicates,"
        f" {sum(p.failures.values())} failed{f' ({failures})' if failures else ''};"
        f" {p.tagged} tagged in {p.duration_s:.1f}s"
    )


@click.command()
@config_option
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--refetch", is_flag=True, help="Fetch article pages again even if already seen.")
@fail_on()
@locked_command(lambda params: lock_name("crawl", params.get("sources")))
def run(config_path: Path, sources: tuple[str, ...], refetch: bool) -> None:
    """Run one full cycle: crawl all sources, extract, tag and load into the store.

    \b
    Example:
      pantau run --config config.yaml
    """
    from pipeline.cycle import run_cycle

    config = load(config_path)
    _print_cycle(run_cycle(config, open_store(config), sources=list(sources) or None, refetch=refetch))


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Demo configuration [default: data/demo/config.yaml].")
@fail_on()
def demo(config_path: Path | None) -> None:
    """Run the pipeline end to end against the offline demo newsroom.

    Serves data/demo/site on a loopback port, crawls it with Scrapy, extracts, tags, loads the
    store at data/demo/pantau.duckdb, writes a clipping and a report to data/demo/out/ and prints
    a summary. Run it again: it is incremental.

    \b
    Example:
      pantau demo && pantau articles --config data/demo/config.yaml --limit 5
    """
    from pipeline.demo import DEMO, run_demo

    config = load(config_path or DEMO / "config.yaml")
    with job_lock(config, "crawl"):  # a second `make run` on the same demo store exits at once (75)
        summary = run_demo(config)
    _print_cycle(summary.cycle)
    total = sum(n for _, n in summary.per_outlet)
    click.echo(f"\nDemo store {config.database}: {total} articles from {len(summary.per_outlet)} outlets")
    for outlet, n in summary.per_outlet:
        click.echo(f"  {n:>4}  {outlet}")
    for label, rows in (("Top agencies", summary.top_agencies), ("Top programs", summary.top_programs)):
        click.echo(f"{label} (articles):")
        for entity_id, name, n in rows:
            click.echo(f"  {n:>4}  {name or entity_id}")
    if summary.files:
        click.echo(f"Files (newest day {summary.latest_day}):")
        for path in summary.files:
            click.echo(f"  {path}")
    click.echo(f"Try: pantau articles --config {config.path} --limit 10")


@click.command("process")
@config_option
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only pages fetched (extract) or articles published (tag) from this day.")
@click.option("--stage", type=click.Choice(["extract", "tag", "all"]), default="all", show_default=True)
@click.option("--jobs", type=click.IntRange(1), default=None, help="Worker processes [default: cores].")
@click.option("--pending", is_flag=True, help="Only pages never processed (what `run` does).")
@fail_on()
@locked_command("process")
def process_command(config_path: Path, since, stage: str, jobs: int | None, pending: bool) -> None:
    """Re-run extraction and/or tagging over the raw archive into the store (idempotent).

    \b
    Example:
      pantau process --stage tag            # after editing data/entities/: re-tag everything
      pantau process --since 2026-11-01     # re-extract and re-tag pages fetched since then
    """
    from pipeline.process import process

    config = load(config_path)
    _print_process(process(config, open_store(config), since=since.date() if since else None,
                           stage=stage, jobs=jobs, only_pending=pending))


@click.command("check-config")
@config_option
def check_config(config_path: Path) -> None:
    """Validate a configuration file and print what it sets up.

    \b
    Example:
      pantau check-config --config /etc/pantau/config.yaml
    """
    config = load(config_path)
    kinds: dict[str, int] = {}
    for source in config.sources:
        kinds[source.kind] = kinds.get(source.kind, 0) + 1
    click.echo(f"{config.path}: OK")
    click.echo(f"  timezone  {config.timezone}")
    for key in ("database", "archive", "output", "catalog", "logs"):
        click.echo(f"  {key:<9} {getattr(config, key)}")
    click.echo(f"  sources   {len(config.sources)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    partners = [s.name for s in config.sources if s.partner]
    click.echo(f"  partners  {len(partners)}")


@click.command()
@click.argument("query")
@config_option
@format_option("table", "csv", "json")
@fail_on()
def sql(query: str, config_path: Path, fmt: str) -> None:
    """Run a read-only SQL query on the store (the analyst views are there: v_articles, ...).

    \b
    Example:
      pantau sql "SELECT outlet, count(*) FROM v_articles GROUP BY outlet"
    """
    import duckdb

    config = load(config_path)
    with open_store(config).read() as con:
        try:
            cursor = con.execute(query)
        except duckdb.Error as exc:
            raise click.ClickException(f"query failed: {str(exc).splitlines()[0]}") from None
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if columns else []
    click.echo(render_rows(columns, rows, fmt))


COMMANDS = [run, demo, process_command, check_config, sql]
