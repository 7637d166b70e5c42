"""Output commands: articles, coverage, search, clip, report, partners (thin layer over
``pipeline.reports``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import click

from pipeline.cli.options import config_option, fail_on, load
from pipeline.config import Config, ConfigError
from pipeline.locks import locked_command
from pipeline.store import Store, StoreError

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _range_options(func: Callable) -> Callable:
    func = click.option("--month", help="A month: YYYY-MM or 'previous'.")(func)
    func = click.option("--to", "date_to", type=_DATE, help="Last WITA day (YYYY-MM-DD), inclusive.")(func)
    return click.option("--from", "date_from", type=_DATE, help="First WITA day (YYYY-MM-DD).")(func)


# ValueError: a malformed --month or date range, reported like any bad input.
_guard = fail_on(ConfigError, StoreError, ValueError)


def _open(config_path: str) -> tuple[Config, Store]:
    config = load(config_path)
    return config, Store.from_config(config)


def _range(config: Config, date_from: datetime | None, date_to: datetime | None,
           month: str | None) -> tuple[date | None, date | None]:
    from pipeline.reports.periods import resolve_range

    return resolve_range(date_from and date_from.date(), date_to and date_to.date(), month, config.today())


def _emit(rows: list[dict], columns: tuple[str, ...] | list[str], fmt: str, output: str | None,
          sheet: str, stamp: date | None = None) -> None:
    from pipeline.reports.tables import write_rows

    text = write_rows(rows, columns, fmt, Path(output) if output else None, sheet, stamp)
    if output:
        click.echo(f"wrote {output} ({len(rows)} rows)", err=True)
    elif text is not None:
        click.echo(text, nl=False)


@click.command()
@click.option("--entity", help="Only articles mentioning this entity id (with the mentioning sentence).")
@click.option("--outlet", help="Only articles of this outlet (source name).")
@_range_options
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@config_option
@_guard
def articles(entity, outlet, date_from, date_to, month, limit, fmt, config_path):
    """List stored articles, newest first, with their Paser entities.

    \b
    Example:
      pantau articles --entity dinkes --month 2026-11 --format json
    """
    from pipeline.reports.coverage import list_articles

    config, store = _open(config_path)
    start, end = _range(config, date_from, date_to, month)
    rows = list_articles(store, entity, outlet, start, end, limit)
    if fmt == "json":
        for row in rows:
            row.pop("published_date", None)
            if not entity:
                row.pop("first_sentence", None)
        _emit(rows, [], "json", None, "articles")
        return
    for row in rows:
        row["entities"] = ", ".join(e["id"] for e in row["entities"])
    columns = ["published_at", "outlet", "title", "tone", "entities", "url"]
    if entity:
        columns.insert(4, "first_sentence")
    _emit(rows, columns, fmt, None, "articles")


@click.command()
@click.option("--by", "by", type=click.Choice(["agency", "program", "official", "outlet", "place"]),
              default="agency", show_default=True)
@click.option("--entity", help="Only this entity id.")
@_range_options
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--tone", type=click.Choice(["positif", "netral", "negatif"]), help="Only this tone.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx", "parquet"]),
              default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file (needed for xlsx/parquet).")
@config_option
@_guard
def coverage(by, entity, date_from, date_to, month, interval, tone, fmt, output, config_path):
    """Coverage per period: stories, mentions, outlets, tone split, headline/lead stories.

    Same numbers as the SQL macro pantau_coverage (docs/analyst-guide.md).

    \b
    Example:
      pantau coverage --by agency --month 2026-11 --interval week
      pantau coverage --by outlet --from 2026-01-01 --to 2026-06-30 --format xlsx --output h1.xlsx
    """
    from pipeline.reports import coverage as cov

    config, store = _open(config_path)
    start, end = _range(config, date_from, date_to, month)
    # Every format is built by DuckDB: formatting tens of thousands of rows cell by cell in Python
    # took longer than the query (an all-time daily table is 36,500 rows).
    text, count = cov.export(store, fmt, Path(output) if output else None, start or date(2000, 1, 1),
                             by, start, end, interval, entity, tone)
    if output:
        if text is not None:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({count} rows)", err=True)
    elif text is not None:
        click.echo(text, nl=False)


@click.command()
@click.argument("query")
@_range_options
@click.option("--outlet", help="Only this outlet.")
@click.option("--entity", help="Only articles mentioning this entity id.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--rebuild", is_flag=True, help="Rebuild the search index from all articles first.")
@config_option
@_guard
def search(query, date_from, date_to, month, outlet, entity, limit, fmt, rebuild, config_path):
    """Full-text search over stored articles, ranked (BM25; works offline).

    \b
    Example:
      pantau search "vaksinasi campak" --from 2026-01-01 --entity dinkes
    """
    from pipeline.reports import search as fts

    config, store = _open(config_path)
    if rebuild:
        with store.write() as con:
            count = fts.rebuild_index(con)
        click.echo(f"search index rebuilt: {count} articles", err=True)
    indexed, stored = fts.index_status(store)
    if indexed < stored:
        click.echo(f"warning: {stored - indexed} of {stored} articles are not indexed;"
                   " run `pantau search --rebuild ...`", err=True)
    start, end = _range(config, date_from, date_to, month)
    rows = fts.search(store, query, start, end, outlet, entity, limit)
    _emit(rows, ["score", "published_at", "outlet", "title", "url"], fmt, None, "search")


@click.command()
@click.option("--date", "day", type=_DATE, help="WITA day to clip (default: yesterday in WITA).")
@config_option
@_guard
@locked_command("clip")
def clip(day, config_path):
    """Write the daily clipping (HTML, PDF, CSV and a chat summary).

    Files go to <output>/kliping/YYYY/MM/kliping-YYYY-MM-DD.*

    \b
    Example:
      pantau clip --date 2026-11-23
    """
    from pipeline.reports.clipping import write_clipping
    from pipeline.reports.periods import yesterday

    config, store = _open(config_path)
    target = day.date() if day else yesterday(config.today())
    for path in write_clipping(config, store, target):
        click.echo(str(path))


@click.command()
@click.option("--month", default="previous", show_default=True, help="YYYY-MM or 'previous'.")
@config_option
@_guard
@locked_command("report")
def report(month, config_path):
    """Write the monthly media-exposure report (HTML, PDF with charts, XLSX).

    Files go to <output>/laporan/laporan-YYYY-MM.*

    \b
    Example:
      pantau report --month 2026-11
    """
    from pipeline.reports.monthly import write_report
    from pipeline.reports.periods import parse_month

    config, store = _open(config_path)
    year, mon = parse_month(month, config.today())
    for path in write_report(config, store, year, mon):
        click.echo(str(path))


@click.command()
@click.option("--month", default="previous", show_default=True, help="YYYY-MM or 'previous'.")
@click.option("--stories", is_flag=True, help="List the stories behind the numbers instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx", "parquet"]),
              default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file (needed for xlsx/parquet).")
@config_option
@_guard
def partners(month, stories, fmt, output, config_path):
    """Media-partner fulfilment: stories, how many count, quota met.

    \b
    Example:
      pantau partners --month 2026-11
      pantau partners --month 2026-11 --stories --format csv
    """
    from pipeline.reports.partners import COLUMNS, STORY_COLUMNS, partner_fulfilment, story_rows
    from pipeline.reports.periods import parse_month

    config, store = _open(config_path)
    year, mon = parse_month(month, config.today())
    rows = partner_fulfilment(config, store, year, mon)
    stamp = date(year, mon, 1)
    if stories:
        _emit(story_rows(rows), STORY_COLUMNS, fmt, output, "partner-stories", stamp)
    else:
        _emit([r.as_dict() for r in rows], COLUMNS, fmt, output, "partners", stamp)


COMMANDS = [articles, coverage, search, clip, report, partners]
