"""The embedded default: run the real pipeline against the offline demo newsroom.

Serves ``data/demo/site`` on the loopback port named in ``data/demo/config.yaml``, runs one full
cycle (Scrapy crawl, trafilatura extraction, spaCy tagging, DuckDB) with that config, renders the
clipping of the newest day and the report of its month, and summarises what the store holds.
A second run is incremental: nothing already fetched is fetched again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.config import Config, ConfigError
from pipeline.cycle import CycleSummary, run_cycle
from pipeline.newsroom import serve_newsroom
from pipeline.store import Store

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@dataclass(frozen=True, slots=True)
class DemoSummary:
    cycle: CycleSummary
    per_outlet: list[tuple[str, int]]
    top_agencies: list[tuple[str, str, int]]
    top_programs: list[tuple[str, str, int]]
    latest_day: object
    files: list[Path]


def demo_port(config: Config) -> int:
    """The loopback port every demo source points at."""
    ports = {urlsplit(u).port for s in config.sources for u in [s.homepage, *s.feeds, *s.sitemaps,
             *(l.url for l in s.listings)] if u}
    if len(ports) != 1 or None in ports:
        raise ConfigError(f"{config.path}: demo sources must all use one explicit loopback port")
    return ports.pop()


def _top(con, kind: str) -> list[tuple[str, str, int]]:
    return con.execute(
        "SELECT entity_id, any_value(entity_name), count(DISTINCT article_id) AS n FROM v_mentions"
        " WHERE paser AND kind = ? GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT 5",
        [kind],
    ).fetchall()


def run_demo(config: Config) -> DemoSummary:
    """Serve the demo newsroom, run a cycle against it, render outputs, summarise."""
    store = Store.from_config(config)
    with serve_newsroom(DEMO / "site", port=demo_port(config)):
        cycle = run_cycle(config, store)
    with store.read() as con:
        per_outlet = con.execute(
            "SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet"
        ).fetchall()
        agencies, programs = _top(con, "agency"), _top(con, "program")
        latest = con.execute("SELECT max(published_date) FROM articles").fetchone()[0]
    files: list[Path] = []
    if latest is not None:
        from pipeline.reports.clipping import write_clipping
        from pipeline.reports.monthly import write_report

        files += write_clipping(config, store, latest)
        files += write_report(config, store, latest.year, latest.month)
    return DemoSummary(cycle, per_outlet, agencies, programs, latest, files)
