"""The output commands end to end through the ``pantau`` CLI."""

from __future__ import annotations

import csv
import io
import json

from datetime import date

import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import main
from tests.outputs.fixture import SOURCES, build_store, make_config


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    config = make_config(tmp)
    build_store(config.database)
    sources = []
    for name, kind, tier, visitors, value, p in SOURCES:
        source = {"name": name, "homepage": "https://x.example/", "kind": kind, "tier": tier}
        if p:
            source["partner"] = {"start": p[0], "end": p[1], "stories_per_month": p[2], "medium": p[3]}
        sources.append(source)
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump({"database": str(config.database), "output": str(config.output),
                                    "sources": sources}), encoding="utf-8")
    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(main, [*map(str, args), "--config", str(path)])
        return result

    invoke.tmp = tmp
    invoke.output = config.output
    return invoke


def test_articles_json(run):
    result = run("articles", "--entity", "dinkes", "--month", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["url"] for i in items] == ["https://news.example/103", "https://news.example/102",
                                         "https://news.example/101"]
    assert items[2]["published_at"] == "2026-11-23T08:15:00+08:00"
    assert items[2]["first_sentence"] == "Dinas Kesehatan menyiapkan tenaga medis."
    assert items[2]["tone"] == "positif"
    assert [e["id"] for e in items[2]["entities"]] == ["fahmi-fadli", "dinkes", "tanah-grogot"]
    assert set(items[0]) >= {"url", "title", "outlet", "published_at", "tone", "first_sentence", "entities"}


def test_coverage_formats(run):
    result = run("coverage", "--by", "agency", "--month", "2026-11", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["period", "key", "name", "articles", "mentions", "outlets", "positif", "netral",
                       "negatif", "headline", "lead"]
    assert rows[1] == ["2026-11-01", "dinkes", "Dinas Kesehatan", "3", "6", "3", "3", "0", "0", "2", "2"]
    xlsx = run.tmp / "cov.xlsx"
    assert run("coverage", "--by", "outlet", "--month", "2026-11", "--format", "xlsx", "--output", xlsx).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[2]][1:4] == ["Kaltim Today", "Kaltim Today", 3]
    parquet = run.tmp / "cov.parquet"
    assert run("coverage", "--by", "program", "--format", "parquet", "--output", parquet).exit_code == 0
    assert pq.read_table(parquet).to_pylist()[-1]["articles"] == 4
    table = run("coverage", "--by", "official", "--from", "2026-11-24", "--to", "2026-11-24")
    assert "katsul-wijaya" in table.output and "fahmi-fadli" not in table.output


def test_filter_injection_and_bad_input(run):
    result = run("coverage", "--entity", "x' OR 1=1 --", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output) == []
    result = run("articles", "--outlet", "x' OR 1=1 --", "--format", "json")
    assert json.loads(result.output) == []
    bad = run("coverage", "--month", "2026-13")
    assert bad.exit_code == 1 and "not a month" in bad.output
    both = run("coverage", "--month", "2026-11", "--from", "2026-11-01")
    assert both.exit_code == 1 and "not both" in both.output


def test_search(run):
    result = run("search", "vaksinasi massal", "--format", "json", "--entity", "dinkes")
    assert [i["url"] for i in json.loads(result.output)] == ["https://news.example/102", "https://news.example/103"]


def test_clip_report_partners(run):
    result = run("clip", "--date", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith("kliping/2026/11/kliping-2026-11-23.html")
    result = run("report", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    assert (run.output / "laporan" / "laporan-2026-11.xlsx").exists()
    result = run("partners", "--month", "2026-11", "--format", "json")
    assert [(r["outlet"], r["stories"], r["counted"], r["met"]) for r in json.loads(result.output)] == [
        ("Kaltim Today", 2, 1, False), ("Tribun Kaltim", 2, 2, False)]
    result = run("partners", "--month", "2026-11", "--stories", "--format", "csv")
    assert result.output.count("\n") == 5


def test_missing_store_is_a_clear_error(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("database: nothing.duckdb\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["coverage", "--config", str(path)])
    assert result.exit_code == 1 and "no store yet" in result.output


def test_formula_like_titles_stay_text(tmp_path):
    from pipeline.reports.clipping import write_clipping
    from pipeline.reports.tables import to_csv
    from pipeline.reports.xlsx import workbook_bytes

    assert to_csv([{"t": '=HYPERLINK("x")', "n": -3}], ["t", "n"]) == 't,n\n"\'=HYPERLINK(""x"")",-3\n'
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook_bytes([("s", ["t"], [['=HYPERLINK("x")'], ["@SUM(A1)"]])], date(2026, 1, 1)))
    cells = [c for row in load_workbook(path)["s"].iter_rows() for c in row]
    assert [(c.value, c.data_type) for c in cells[1:]] == [('=HYPERLINK("x")', "s"), ("@SUM(A1)", "s")]
    config = make_config(tmp_path)
    store = build_store(config.database)
    with store.write() as con:
        con.execute("UPDATE articles SET title = '=1+2' WHERE article_id = 104")
    csv_path = next(p for p in write_clipping(config, store, date(2026, 11, 23)) if p.suffix == ".csv")
    assert "'=1+2" in csv_path.read_text(encoding="utf-8")
