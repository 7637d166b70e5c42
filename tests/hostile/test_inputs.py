"""Hostile inputs that do not come over HTTP: config files, entity catalogs, CLI arguments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


# (config text, the error line that must name the key)
BAD_CONFIGS = [
    ("databse: x.duckdb\n", "databse: unknown key"),
    ("timezone: Mars/Olympus\n", "timezone: unknown time zone 'Mars/Olympus' (use an IANA name like Asia/Makassar)"),
    ("crawl:\n  download_delay: -1\n", "crawl.download_delay: Input should be greater than or equal to 0"),
    ("crawl:\n  poll_min_minutes: 100\n  poll_default_minutes: 10\n",
     "crawl: need poll_min_minutes <= poll_default_minutes <= poll_max_minutes"),
    ("schedule:\n  clipping_time: '25:00'\n", "schedule.clipping_time: "),
    ("schedule:\n  report_day: 31\n", "schedule.report_day: Input should be less than or equal to 28"),
    ("sources:\n  - name: a\n", "sources[0]: needs at least one of homepage, feeds, sitemaps, listings, discovery"),
    ("sources:\n  - name: a\n    feeds: ['ftp://x.test/feed']\n", "sources[0].feeds[0]: not a http(s) URL: 'ftp://x.test/feed'"),
    ("sources:\n  - name: a\n    listings:\n      - url: http://a.test/\n        article_pattern: '(['\n",
     "sources[0].listings[0].article_pattern: invalid regular expression"),
    ("sources:\n  - {name: a, homepage: 'http://a.test/'}\n  - {name: a, homepage: 'http://b.test/'}\n",
     "sources: duplicate source name 'a'"),
    ("sources:\n  - name: a\n    homepage: http://a.test/\n    partner: {start: 2026-02-01, end: 2026-01-01,"
     " stories_per_month: 4}\n", "sources[0].partner: end is before start"),
    ("sources:\n  - name: a\n    homepage: http://a.test/\n    tier: 7\n", "sources[0].tier: Input should be 1, 2 or 3"),
    ("- just\n- a list\n", "(top level): expected a mapping of keys, got list"),
    ("crawl: [unclosed\n", "not valid YAML at line 2, column 1"),
]


@pytest.mark.parametrize("text, expected", BAD_CONFIGS, ids=[e.split(":")[0] for _, e in BAD_CONFIGS])
def test_invalid_config_names_the_key(tmp_path, text, expected):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["check-config"], ["status"], ["schedule", "--list"], ["crawl"]):
        done = run(*command, "--config", path)
        assert done.exit_code == 1, (command, done.output)
        assert done.output.startswith(f"Error: {path}: ")
        assert expected in done.output, done.output
        assert "Traceback" not in done.output


# (file, damage, expected message, marker): "{line}" in the message is the line of ``marker`` in the
# damaged file, so the cases survive edits to the shipped catalog.
CATALOG_DAMAGE = [
    ("agencies.yaml", lambda t: t.replace("- id: setda\n", "- id: Setda Kab\n", 1),
     ":{line}: id must be kebab-case", "- id: Setda Kab"),
    ("agencies.yaml", lambda t: t.replace("- id: setda\n  name: Sekretariat Daerah\n", "- id: setda\n", 1),
     ":{line}: missing 'name'", "- id: setda\n"),
    ("agencies.yaml", lambda t: t.replace("  parent: pemkab-paser\n", "  parent: pemkab-pasir\n", 1),
     "parent 'pemkab-pasir' is not a known", None),
    ("agencies.yaml", lambda t: t.replace("  parent: pemkab-paser\n", "  parnet: pemkab-paser\n", 1),
     ":{line}: unknown key 'parnet'", "  parnet:"),
    ("agencies.yaml", lambda t: t + "\n- id: setda\n  name: Lagi\n", "duplicate id 'setda'", None),
    ("agencies.yaml", lambda t: t.replace("- id: setda\n", "- id: setda\n   bad: [\n", 1), "not valid YAML", None),
]


@pytest.mark.parametrize("file, damage, expected, marker", CATALOG_DAMAGE,
                         ids=[e.split(": ", 1)[-1] for _, _, e, _ in CATALOG_DAMAGE])
def test_entity_catalog_errors_name_file_and_line(tmp_path, file, damage, expected, marker):
    catalog = tmp_path / "entities"
    shutil.copytree(ROOT / "data" / "entities", catalog)
    target = catalog / file
    text = damage(target.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    if marker:
        expected = expected.format(line=text[:text.index(marker)].count("\n") + 1)
    done = run("catalog", "check", "--catalog", catalog)
    assert done.exit_code == 1, done.output
    assert str(target) in done.output and expected in done.output, done.output
    assert "Traceback" not in done.output


SQLISH = ["x' OR '1'='1", "'; DROP TABLE articles; --", "a\") UNION SELECT * FROM pages --", "%' --"]


@pytest.fixture(scope="module")
def store_config(tmp_path_factory):
    from pipeline.config import parse_config
    from pipeline.store import Store

    folder = tmp_path_factory.mktemp("sqlish")
    (folder / "config.yaml").write_text(
        f"catalog: {ROOT / 'data' / 'entities'}\nsources:\n  - name: kabar\n    homepage: http://127.0.0.1:9/\n")
    config = parse_config({"catalog": str(ROOT / "data" / "entities"),
                           "sources": [{"name": "kabar", "homepage": "http://127.0.0.1:9/"}]}, folder)
    with Store.from_config(config).write() as con:
        con.execute("INSERT INTO articles (article_id, url, outlet, title, text, published_at, published_local,"
                    " published_date, date_source, date_missing, word_count, content_hash, title_key, extracted_at)"
                    " VALUES (1, 'http://127.0.0.1:9/a', 'kabar', 'Judul', 'Isi berita tentang Paser', now(),"
                    " now()::TIMESTAMP, current_date, 'metadata', false, 4, 'h', 'judul', now())")
    return folder / "config.yaml", config


@pytest.mark.parametrize("value", SQLISH)
def test_sql_looking_filter_values_are_only_values(store_config, value):
    path, config = store_config
    for args in (["articles", "--outlet", value], ["articles", "--entity", value], ["search", value],
                 ["coverage", "--entity", value], ["search", "Paser", "--outlet", value]):
        done = run(*args, "--config", path, "--format", "json")
        assert done.exit_code == 0, (args, done.output)
        assert done.stdout.strip() in ("[]", ""), (args, done.output)
    check = run("sql", "SELECT count(*) AS n FROM articles", "--config", path, "--format", "csv")
    assert check.output == "n\n1\n"


def test_sql_command_cannot_write(store_config):
    path, _ = store_config
    for statement in ("DROP TABLE articles", "DELETE FROM articles", "UPDATE articles SET title = 'x'",
                      "INSERT INTO runs (job, started_at, status) VALUES ('x', now(), 'ok')"):
        done = run("sql", statement, "--config", path)
        assert done.exit_code == 1 and done.output.startswith("Error: query failed: "), done.output
    assert run("sql", "SELECT title FROM articles", "--config", path, "--format", "csv").output == "title\nJudul\n"


@pytest.mark.parametrize("value", ["2026-11-20'; DROP TABLE articles; --", "previous; rm -rf /", "2026-13"])
def test_malformed_dates_and_months_are_usage_errors(store_config, value):
    path, _ = store_config
    clip = run("clip", "--date", value, "--config", path)
    assert clip.exit_code == 2 and "Invalid value for '--date'" in clip.output, clip.output
    report = run("report", "--month", value, "--config", path)
    assert (report.exit_code, report.output) == (1, f"Error: not a month: {value!r} (use YYYY-MM or 'previous')\n")
