"""Options and output helpers shared by every ``pantau`` command."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

import click

from nlp.catalog import CatalogError
from pipeline.config import Config, ConfigError, load_config
from pipeline.store import Store, StoreError


def config_option(func: Callable) -> Callable:
    """Add ``--config FILE`` (default ./config.yaml)."""
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        default=Path("config.yaml"), show_default=True, help="Pantau configuration file.",
    )(func)


def format_option(*choices: str, default: str = "table") -> Callable:
    """Add ``--format`` with the given choices."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def load(config_path: Path) -> Config:
    """Load the config (or exit with its one-line-per-problem message) and set up logging."""
    from pipeline.logs import configure

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    context = click.get_current_context(silent=True)
    configure(config, verbose=bool(context and (context.find_root().obj or {}).get("verbose")))
    return config


def open_store(config: Config) -> Store:
    return Store.from_config(config)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def render_rows(columns: Sequence[str], rows: Sequence[Sequence], fmt: str) -> str:
    """Rows as an aligned text table, CSV or a JSON list of objects."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, map(_plain, row))) for row in rows],
                          ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[("" if v is None else str(_plain(v))) for v in row] for row in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v[:w].ljust(w) for v, w in zip(values, widths)).rstrip()
    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def fail_on(*errors: type[Exception]):
    """Turn library errors into a one-line message and exit code 1."""
    errors = errors or (ConfigError, StoreError, CatalogError)

    def wrap(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except errors as exc:
                raise click.ClickException(str(exc)) from None
        return inner
    return wrap
