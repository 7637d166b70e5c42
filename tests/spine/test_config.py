"""config.yaml validation: good files load, bad ones are refused naming the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_config

from tests.conftest import ROOT

SMALL = """\
timezone: Asia/Makassar        # the default
database: data/pantau.duckdb
archive: data/raw              # raw pages as fetched
output: data/out               # clippings, reports, exports
sources:
  - name: Contoh Post          # outlet name shown in reports
    homepage: https://contohpost.id/
    feeds: [https://contohpost.id/feed/]       # RSS/Atom, optional
    sitemaps: [https://contohpost.id/sitemap.xml]  # optional
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_small_config_from_the_issue_loads_with_paths_relative_to_the_file(tmp_path):
    config = load_config(write(tmp_path, SMALL))
    assert config.database == tmp_path / "data/pantau.duckdb"
    assert config.archive == tmp_path / "data/raw"
    assert config.output == tmp_path / "data/out"
    assert config.catalog == tmp_path / "data/entities"
    assert [s.name for s in config.sources] == ["Contoh Post"]
    assert config.sources[0].feeds == ["https://contohpost.id/feed/"]
    assert config.tz.key == "Asia/Makassar"


def test_shipped_configs_validate():
    production = load_config(ROOT / "config.yaml")
    assert len(production.sources) >= 15
    assert any(s.kind == "government" for s in production.sources)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("timezone: Mars/Olympus\n", "timezone: unknown time zone 'Mars/Olympus'"),
        ("databse: x.duckdb\n", "databse: unknown key"),
        ("sources:\n  - name: A\n    feeds: [ftp://a/feed]\n", "sources[0].feeds[0]: not a http(s) URL: 'ftp://a/feed'"),
        ("sources:\n  - name: A\n", "sources[0]: needs at least one of homepage, feeds, sitemaps, listings, discovery"),
        ("sources:\n  - {name: A, homepage: 'https://a/'}\n  - {name: A, homepage: 'https://b/'}\n",
         "sources: duplicate source name 'A'"),
        ("crawl:\n  download_delay: -1\n", "crawl.download_delay: Input should be greater than or equal to 0"),
        ("sources:\n  - name: A\n    homepage: https://a/\n    listings: [{url: 'https://a/k/', article_pattern: '(['}]\n",
         "sources[0].listings[0].article_pattern: invalid regular expression"),
        ("sources:\n  - name: A\n    homepage: https://a/\n    partner: {start: 2026-02-01, end: 2026-01-01, stories_per_month: 4}\n",
         "sources[0].partner: end is before start"),
        ("- just\n- a list\n", "(top level): expected a mapping of keys, got list"),
    ],
)
def test_bad_config_names_the_key_and_the_problem(tmp_path, text, expected):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert expected in str(err.value)
    assert str(tmp_path / "config.yaml") in str(err.value)


def test_yaml_syntax_error_gives_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"not valid YAML at line 2"):
        load_config(write(tmp_path, "timezone: Asia/Makassar\ndatabase: a: b\n"))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_check_config_command(tmp_path, cli):
    good = cli("check-config", "--config", write(tmp_path, SMALL))
    assert good.exit_code == 0
    assert "OK" in good.output and "sources   1 (online 1)" in good.output
    bad = cli("check-config", "--config", write(tmp_path, "timezone: Nowhere/Land\n"))
    assert bad.exit_code == 1
    assert "timezone: unknown time zone 'Nowhere/Land'" in bad.output
