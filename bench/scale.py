"""Outputs at scale: a synthetic store of 1,000,000 articles and 5,000,000 mentions over 5 years,
then timings of `pantau coverage` (every --by, --interval and --format, all time by day included),
`pantau search`, `pantau clip` and `pantau report` against the issue's targets (coverage < 300 ms,
search < 1 s, clip of one day < 10 s, report of one month < 60 s).

    .venv/bin/python bench/scale.py [--cache /tmp/pantau-scale] [--runs 5] [--rebuild] [--only TEXT]

The store is built with DuckDB SQL over range() (about a minute) and cached outside git; the
figures go to BENCHMARKS.md under "## Outputs at scale" (printed as a Markdown table).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from pipeline.config import parse_config  # noqa: E402
from pipeline.store import Store  # noqa: E402

ARTICLES = 1_000_000
MENTIONS_PER_ARTICLE = 5
START = date(2021, 12, 1)
DAYS = 5 * 365
OUTLETS = 40
AGENCIES, PROGRAMS, OFFICIALS, PLACES = 50, 20, 30, 20
ENTITIES = AGENCIES + PROGRAMS + OFFICIALS + PLACES  # 120; 5 distinct per article (step 7 is coprime)


def build(path: Path) -> None:
    """Create the synthetic store at ``path`` (replacing it)."""
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    store = Store(path, "Asia/Makassar")
    t0 = time.perf_counter()
    with store.write() as con:
        con.execute(f"""
            INSERT INTO sources (name, kind, tier, monthly_visitors, value_per_story, partner_start,
                                 partner_end, partner_quota, partner_medium)
            SELECT 'Outlet ' || lpad(i::VARCHAR, 2, '0'),
                   CASE WHEN i % 10 = 0 THEN 'print' WHEN i % 7 = 0 THEN 'government' ELSE 'online' END,
                   1 + i % 3, 50000 * (1 + i % 9), 250000.0 * (1 + i % 4),
                   CASE WHEN i < 19 THEN DATE '2022-01-01' END,
                   CASE WHEN i < 19 THEN DATE '2027-12-31' END,
                   CASE WHEN i < 19 THEN 20 + i END,
                   CASE WHEN i < 19 THEN (CASE WHEN i < 4 THEN 'print' ELSE 'online' END) END
            FROM range({OUTLETS}) t(i)""")
        con.execute(f"""
            INSERT INTO entities
            SELECT CASE WHEN i < {AGENCIES} THEN 'agency-' || i
                        WHEN i < {AGENCIES + PROGRAMS} THEN 'program-' || i
                        WHEN i < {AGENCIES + PROGRAMS + OFFICIALS} THEN 'official-' || i
                        ELSE 'place-' || i END,
                   CASE WHEN i < {AGENCIES} THEN 'agency' WHEN i < {AGENCIES + PROGRAMS} THEN 'program'
                        WHEN i < {AGENCIES + PROGRAMS + OFFICIALS} THEN 'official' ELSE 'place' END,
                   'Entitas ' || i, ['E' || i], NULL, TRUE, NULL
            FROM range({ENTITIES}) t(i)""")
        # Articles in time order (article_id grows with time, as page ids do); ~548 a day.
        con.execute(f"""
            INSERT INTO articles (article_id, url, outlet, title, text, published_at, published_local,
                published_date, date_source, date_missing, page_views, is_advertorial, word_count,
                content_hash, title_key, cluster_id, similar_to, similarity, tone, tone_score, extracted_at)
            SELECT i, 'https://outlet' || (h % {OUTLETS}) || '.example/' || i,
                   'Outlet ' || lpad((h % {OUTLETS})::VARCHAR, 2, '0'),
                   'Berita Paser nomor ' || i || ' tentang pembangunan daerah',
                   'TANA PASER - Pemerintah Kabupaten Paser melanjutkan program pembangunan. '
                   || 'Kegiatan nomor ' || i || ' dihadiri warga dan pejabat daerah.',
                   local::TIMESTAMPTZ, local, local::DATE, 'metadata', FALSE,
                   CASE WHEN h % 5 = 0 THEN h % 9000 END, h % 17 = 0, 120, 'h' || i, 't' || i,
                   CASE WHEN i % 7 = 6 THEN i - 1 ELSE i END,
                   CASE WHEN i % 7 = 6 THEN i - 1 END,
                   CASE WHEN i % 7 = 6 THEN 0.5 + (h % 50) / 100.0 END,
                   CASE h % 10 WHEN 0 THEN 'negatif' WHEN 1 THEN 'negatif' WHEN 2 THEN 'netral'
                        WHEN 3 THEN 'netral' WHEN 4 THEN 'netral' ELSE 'positif' END,
                   0, local::TIMESTAMPTZ
            FROM (SELECT i, hash(i) AS h,
                         TIMESTAMP '{START}' + to_microseconds((i * ({DAYS}.0 * 86400e6 / {ARTICLES}))::BIGINT)
                         AS local
                  FROM range({ARTICLES}) t(i))""")
        con.execute(f"""
            INSERT INTO mentions
            SELECT a.i, e.entity_id, e.kind, (hash(a.i, k) % 10) <> 0, 1 + hash(a.i, k) % 4,
                   (k = 0)::INTEGER, (k < 2)::INTEGER, (k >= 2)::INTEGER,
                   'Kalimat yang menyebut ' || e.name || ' dalam berita ' || a.i || '.',
                   CASE hash(a.i, k) % 5 WHEN 0 THEN 'negatif' WHEN 1 THEN 'netral' ELSE 'positif' END
            FROM (SELECT i, hash(i) % {ENTITIES} AS base FROM range({ARTICLES}) t(i)) a,
                 range({MENTIONS_PER_ARTICLE}) r(k),
                 (SELECT entity_id, kind, name, row_number() OVER (ORDER BY entity_id) - 1 AS n
                  FROM entities) e
            WHERE e.n = (a.base + 7 * k) % {ENTITIES}""")
        con.execute(f"""
            INSERT INTO quotes
            SELECT i, 1, 'Narasumber ' || (hash(i) % 200),
                   CASE WHEN hash(i) % 200 < {OFFICIALS} THEN
                        'official-' || ({AGENCIES + PROGRAMS} + hash(i) % 200) END,
                   'kata', 'Pernyataan ' || i
            FROM range(0, {ARTICLES}, 2) t(i)""")
    built = time.perf_counter() - t0
    t1 = time.perf_counter()
    _index(store)
    print(f"search index and coverage summaries rebuilt in {time.perf_counter() - t1:.1f} s", file=sys.stderr)
    with store.read() as con:
        a, m = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions)").fetchone()
    print(f"built {path}: {a:,} articles, {m:,} mentions in {built:.0f} s "
          f"({path.stat().st_size / 1e9:.2f} GB)", file=sys.stderr)


def _index(store: Store) -> None:
    from pipeline.reports.search import rebuild_index

    with store.write() as con:
        rebuild_index(con)  # the term index and the coverage summaries


def _live(store: Store, by: str, step: str) -> None:
    with store.read() as con:
        con.execute("SELECT * FROM pantau_coverage_live(?, NULL, NULL, p_step := ?)", [by, step]).fetchall()


def timed(func, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "pantau-scale")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", help="Run only the cases whose name contains this text.")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    db = args.cache / "scale.duckdb"
    if args.rebuild or not db.exists():
        build(db)
    out = args.cache / "out"
    shutil.rmtree(out, ignore_errors=True)
    config = parse_config({"database": str(db), "output": str(out)}, args.cache)
    store = Store.from_config(config)
    with store.write():
        pass  # a cached store gets this checkout's migrations, views and macros
    with store.read() as con:
        indexed = con.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    if not indexed:  # a cache built before the bench timed search
        t0 = time.perf_counter()
        _index(store)
        print(f"search index built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    from pipeline.cli import main as cli
    from pipeline.reports.clipping import write_clipping
    from pipeline.reports.coverage import coverage
    from pipeline.reports.monthly import write_report
    from pipeline.reports.search import search

    runner = CliRunner()
    cfg = args.cache / "config.yaml"
    cfg.write_text(f"database: {db}\noutput: {out}\n", encoding="utf-8")

    def command(*argv: str):
        def run() -> None:
            result = runner.invoke(cli, [*argv, "--config", str(cfg)])
            assert result.exit_code == 0, result.output
        return run

    day = date(2026, 11, 23)
    cases = [
        ("coverage --by agency (all time, by month)", command("coverage", "--by", "agency", "--format", "csv"), 0.3),
        ("coverage --by agency --month 2026-11", command("coverage", "--by", "agency", "--month", "2026-11"), 0.3),
        ("coverage --by outlet --from 2026-01-01 --to 2026-06-30 --interval week",
         command("coverage", "--by", "outlet", "--from", "2026-01-01", "--to", "2026-06-30",
                 "--interval", "week", "--format", "csv"), 0.3),
        ("coverage --by official --interval day --month 2026-10 --tone negatif",
         command("coverage", "--by", "official", "--interval", "day", "--month", "2026-10",
                 "--tone", "negatif"), 0.3),
        ("coverage --by program --entity program-55 --interval week (all time)",
         command("coverage", "--by", "program", "--entity", "program-55", "--interval", "week"), 0.3),
        ("coverage --by place --interval day (all time, 36,500 rows)",
         command("coverage", "--by", "place", "--interval", "day", "--format", "csv"), 0.3),
        ("coverage --by place --interval day --format json (all time)",
         command("coverage", "--by", "place", "--interval", "day", "--format", "json"), 0.3),
        ("coverage --by place --interval day --format table (all time)",
         command("coverage", "--by", "place", "--interval", "day"), 0.3),
        ("coverage --by place --interval day --format parquet (all time)",
         command("coverage", "--by", "place", "--interval", "day", "--format", "parquet",
                 "--output", str(out / "cov.parquet")), 0.3),
        ("coverage --by place --interval day --format xlsx (all time)",
         command("coverage", "--by", "place", "--interval", "day", "--format", "xlsx",
                 "--output", str(out / "cov.xlsx")), 0.3),
        ("coverage --by agency --interval day --format xlsx (all time, 91,250 rows)",
         command("coverage", "--by", "agency", "--interval", "day", "--format", "xlsx",
                 "--output", str(out / "cov-agency.xlsx")), 0.3),
        ("coverage --by outlet --interval day (all time, 73,000 rows)",
         command("coverage", "--by", "outlet", "--interval", "day", "--format", "csv"), 0.3),
        ("coverage --by agency --interval day (all time, 91,250 rows)",
         command("coverage", "--by", "agency", "--interval", "day", "--format", "csv"), 0.3),
        ("coverage --by official --interval week --tone positif (all time)",
         command("coverage", "--by", "official", "--interval", "week", "--tone", "positif",
                 "--format", "csv"), 0.3),
        ("coverage --by outlet --entity agency-3 --interval month (all time, live definition)",
         command("coverage", "--by", "outlet", "--entity", "agency-3", "--format", "csv"), 0.3),
        ("coverage --by place --interval day (all time): query only, library coverage()",
         lambda: coverage(store, "place", interval="day"), 0.3),
        ("coverage --by agency (all time): live definition pantau_coverage_live, no summaries",
         lambda: _live(store, "agency", "month"), 0.3),
        ('search "nomor 123456" (2 terms; one in every article)',
         command("search", "nomor 123456", "--format", "csv"), 1.0),
        ('search "pembangunan" --from 2026-11-01 --to 2026-11-30 (a term in every article)',
         command("search", "pembangunan", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv"), 1.0),
        ('search "Berita 424242" --outlet "Outlet 07"',
         command("search", "Berita 424242", "--outlet", "Outlet 07", "--format", "csv"), 1.0),
        ("search library search() for a rare term",
         lambda: search(store, "999999"), 1.0),
        (f"clip --date {day} (library write_clipping)", lambda: write_clipping(config, store, day), 10),
        ("report --month 2026-11 (library write_report)", lambda: write_report(config, store, 2026, 11), 60),
    ]
    with store.read() as con:
        stories = con.execute("SELECT count(*) FROM v_paser_articles WHERE published_date = ?", [day]).fetchone()[0]
    print(f"clip day {day}: {stories} stories", file=sys.stderr)
    print("| command (2 cores) | median | runs | target | ratio to target |")
    print("|---|---|---|---|---|")
    for name, func, target in cases:
        if args.only and args.only not in name:
            continue
        runs = args.runs if target <= 1 else max(2, args.runs // 2)
        func()  # warm the OS file cache once: the figures are for a store in daily use
        median, times = timed(func, runs)
        print(f"| `pantau {name}` | {median * 1000:.0f} ms | {runs} | < {target * 1000:.0f} ms "
              f"| {median / target:.2f} |", flush=True)


if __name__ == "__main__":
    main()
