"""``pantau tag`` and ``pantau catalog check`` through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli.tag import catalog, tag

REPO = Path(__file__).resolve().parents[2]
ARTICLE = (
    "Bupati Paser Resmikan Puskesmas di Kuaro\n"
    "TANA PASER - Bupati Paser meresmikan puskesmas di Kuaro bersama Dinkes Paser.\n"
    '"Pelayanan harus prima," kata Bupati.\n'
    "Dinkes PPU juga hadir.\n"
)


def test_tag_json(tmp_path):
    source = tmp_path / "artikel.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(tag, [str(source), "--date", "2023-06-01", "--catalog", str(REPO / "data" / "entities")])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [(e["kind"], e["id"], e["count"]) for e in out["entities"]] == [
        ("official", "fahmi-fadli", 3), ("place", "kuaro", 2), ("agency", "dinkes", 1)]
    fahmi = out["entities"][0]
    assert fahmi["name"] == "Fahmi Fadli"
    assert fahmi["aliases"] == ["dr Fahmi"]
    assert fahmi["first_sentence"] == "Bupati Paser Resmikan Puskesmas di Kuaro"
    dinkes = out["entities"][2]
    assert dinkes["aliases"] == ["Dinkes"]
    assert [(o["id"], o["count"]) for o in out["others"]] == [("other:pemkab-ppu:dinas-kesehatan", 1)]
    assert out["quotes"] == [{"speaker": "Fahmi Fadli", "text": "Pelayanan harus prima",
                              "official_id": "fahmi-fadli", "verb": "kata"}]
    assert out["tone"]["label"] == "positif"


def test_tag_reads_stdin_and_uses_config_catalog(tmp_path, monkeypatch):
    folder = tmp_path / "katalog"
    shutil.copytree(REPO / "data" / "entities", folder)
    (tmp_path / "config.yaml").write_text("catalog: katalog\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(tag, ["-", "--date", "2025-03-01"], input="Rapat\nWabup Paser membuka rapat.\n")
    assert result.exit_code == 0, result.output
    assert [e["id"] for e in json.loads(result.output)["entities"]] == ["ikhwan-antasari"]


def test_catalog_check_ok():
    result = CliRunner().invoke(catalog, ["check", "--catalog", str(REPO / "data" / "entities")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{REPO / 'data' / 'entities'}: ok (fingerprint ")
    assert lines[1:] == ["  agency      38", "  program     15", "  official    13", "  place       22",
                         "  other       23", "  role         7"]


def test_catalog_check_error_names_file_and_line(tmp_path):
    folder = tmp_path / "entities"
    shutil.copytree(REPO / "data" / "entities", folder)
    (folder / "programs.yaml").write_text("- id: program-x\n  name: Program X\n  warna: merah\n", encoding="utf-8")
    result = CliRunner().invoke(catalog, ["check", "--catalog", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'programs.yaml'}:3: unknown key 'warna'" in result.output


def test_tag_drops_boilerplate_lines_as_the_pipeline_does_unless_told_not_to():
    text = "Rapat Koordinasi\nBupati Paser membuka rapat koordinasi di Tanah Grogot.\n(Prokopim)\nPewarta: Andi\n"
    args = ["-", "--date", "2025-07-15", "--catalog", str(REPO / "data" / "entities")]
    cleaned = CliRunner().invoke(tag, args, input=text)
    assert cleaned.exit_code == 0, cleaned.output
    assert [e["id"] for e in json.loads(cleaned.output)["entities"]] == ["fahmi-fadli", "tanah-grogot"]
    raw = CliRunner().invoke(tag, [*args, "--no-clean"], input=text)
    assert [e["id"] for e in json.loads(raw.output)["entities"]] == ["fahmi-fadli", "tanah-grogot", "prokopim"]
