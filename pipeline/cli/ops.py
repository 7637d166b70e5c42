"""Operations commands: schedule (the daemon), status, backup, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.options import config_option, fail_on, format_option, load, open_store, render_rows
from pipeline.config import ConfigError
from pipeline.store import StoreError


def _verbose_option(func):
    return click.option("-v", "--verbose", is_flag=True, help="Log everything to stderr too.")(func)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M %Z") if value else ""


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


@click.command()
@config_option
@click.option("--list", "show", is_flag=True, help="Show the jobs and their next run times, then exit.")
@click.option("--run-now", "run_now", metavar="JOB",
              help="Run one job now in the foreground (as the daemon would) and exit with its code.")
@click.option("--stop-timeout", type=click.FloatRange(1), default=60, show_default=True,
              help="Seconds running jobs get to finish after SIGTERM/SIGINT.")
@_verbose_option
@fail_on(ConfigError, StoreError)
def schedule(config_path: Path, show: bool, run_now: str | None, stop_timeout: float, verbose: bool) -> None:
    """Run the scheduler daemon: crawls, daily clipping, monthly report, housekeeping.

    Times are in the config's time zone (WITA for Paser). Jobs and their due times persist in
    <database>.jobs.sqlite, so runs missed while the daemon was down run once when it is back
    (within schedule.misfire_grace_minutes). SIGTERM or Ctrl-C: no new jobs; running ones get
    --stop-timeout seconds; exit 0.

    \b
    Example:
      pantau schedule --config /etc/pantau/config.yaml
      pantau schedule --list
      pantau schedule --run-now housekeeping      # from cron, if you prefer cron
    """
    from pipeline.scheduler import Daemon

    if verbose:  # same as `pantau -v schedule`: load() sets logging up once with it
        click.get_current_context().find_root().obj["verbose"] = True
    config = load(config_path)
    daemon = Daemon(config, open_store(config), stop_timeout=stop_timeout)
    if show:
        rows = [(job, trigger, _when(nxt), state) for job, trigger, nxt, state in daemon.listing()]
        click.echo(render_rows(["job", "trigger", f"next run ({config.timezone})", "state"], rows, "table"))
        return
    if run_now:
        if run_now not in daemon.specs:
            raise click.BadParameter(f"no job {run_now!r}; jobs: {', '.join(daemon.specs)}",
                                     param_hint="--run-now")
        sys.exit(daemon.run(run_now))
    sys.exit(daemon.serve())


@click.command()
@config_option
@format_option("table", "json")
@click.option("--days", type=click.IntRange(1), default=7, show_default=True,
              help="Failures counted over this many days.")
@fail_on(ConfigError, StoreError)
def status(config_path: Path, fmt: str, days: int) -> None:
    """Show last runs, failures by reason, source health and store size.

    A source is FAILING after crawl.failure_alert_after failed crawls in a row, and SILENT when
    its newest article is older than its usual interval between articles.

    \b
    Example:
      pantau status
      pantau status --format json | jq '.sources[] | select(.flags != "")'
    """
    from pipeline.status import collect

    config = load(config_path)
    report = collect(config, open_store(config), days=days)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    s = report.sizes
    click.echo(f"Store {config.database}: {_mb(s['store_bytes'])}; archive {_mb(s['archive_bytes'])}"
               f" in {s['archive_files']} files; job store {_mb(s['jobstore_bytes'])};"
               f" disk {s['disk_free_bytes'] / 1e9:,.1f} GB free of {s['disk_total_bytes'] / 1e9:,.1f} GB")
    click.echo("\nLast runs:")
    click.echo(render_rows(
        ["id", "job", "source", "started", "status", "pages", "new", "dup", "failed", "secs"],
        [(r["run_id"], r["job"], r["source"], _when(r["started_at"].astimezone(config.tz)), r["status"],
          r["pages"], r["new_articles"], r["duplicates"], r["failures"], r["duration_s"])
         for r in report.runs], "table"))
    click.echo(f"\nFailures by reason (last {days} days):")
    click.echo(render_rows(["stage", "reason", "count"],
                           [(f["stage"], f["reason"], f["count"]) for f in report.failures], "table"))
    click.echo("\nSources:")
    click.echo(render_rows(
        ["source", "poll min", "last success", "fails", "articles", "last article", "usual h", "flags"],
        [(h.name + ("" if h.enabled else " (off)"), h.poll_minutes,
          _when(h.last_success_at.astimezone(config.tz)) if h.last_success_at else "",
          h.consecutive_failures, h.articles,
          _when(h.last_article_at.astimezone(config.tz)) if h.last_article_at else "",
          h.usual_hours, h.flags) for h in report.sources], "table"))


@click.command()
@config_option
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Backup file [default: <store folder>/backups/<name>-<time>.duckdb].")
@click.option("--overwrite", is_flag=True, help="Replace the target if it exists.")
@click.option("--keep", type=click.IntRange(1), default=14, show_default=True,
              help="Without --to: keep this many backups in the default folder, delete older ones.")
@fail_on(ConfigError, StoreError)
def backup(config_path: Path, target: Path | None, overwrite: bool, keep: int) -> None:
    """Write a consistent copy of the store (safe while the daemon runs).

    Without --to the copy goes to <store folder>/backups/ and only the newest --keep copies stay,
    so a nightly cron line does not fill the disk over the months.

    \b
    Example:
      pantau backup                                   # nightly, from cron
      pantau backup --to /backup/pantau-$(date +%F).duckdb
    """
    from pipeline.backup import backup as write_backup
    from pipeline.backup import prune_backups

    config = load(config_path)
    click.echo(write_backup(config, open_store(config), target, overwrite=overwrite))
    if target is None:
        prune_backups(config, keep)


@click.command()
@config_option
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for one <table>.parquet per table.")
@fail_on(ConfigError, StoreError)
def export(config_path: Path, folder: Path) -> None:
    """Export every store table to Parquet (safe while the daemon runs).

    \b
    Example:
      pantau export --to /srv/share/pantau-parquet
    """
    from pipeline.backup import export_parquet

    config = load(config_path)
    for path in export_parquet(config, open_store(config), folder):
        click.echo(path)


COMMANDS = [schedule, status, backup, export]
