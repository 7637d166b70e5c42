"""The catalog loads, and every problem is reported with its file and line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from nlp.catalog import Catalog, CatalogError

REPO = Path(__file__).resolve().parents[2]


def test_shipped_catalog(catalog):
    assert catalog.counts() == {"agency": 38, "program": 15, "official": 13, "place": 22, "other": 23, "role": 7}
    dinkes = catalog.get("dinkes")
    assert (dinkes.kind, dinkes.name, dinkes.aliases, dinkes.parent, dinkes.paser) == (
        "agency", "Dinas Kesehatan", ("Dinkes",), "pemkab-paser", True)
    assert catalog.get("kpu-paser").paser is False
    assert catalog.get("arief-rahman").leads == "diskominfostaper"
    assert catalog.get("dbmtr").successor == "dputr"
    assert [e.id for e in catalog.holders("bupati", date(2024, 10, 1))] == ["syirajudin"]
    assert [e.id for e in catalog.holders("wakil-bupati", date(2025, 2, 20))] == ["ikhwan-antasari"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "entities"
    shutil.copytree(REPO / "data" / "entities", folder)
    return folder


def test_fingerprint_is_stable_and_follows_the_files(tmp_path):
    folder = _copy(tmp_path)
    first = Catalog.load(folder).fingerprint
    assert Catalog.load(folder).fingerprint == first
    with (folder / "places.yaml").open("a", encoding="utf-8") as out:
        out.write("- {id: desa-contoh, name: Desa Contoh}\n")
    assert Catalog.load(folder).fingerprint != first


@pytest.mark.parametrize("file, text, line, message", [
    ("places.yaml", "- {id: kuaro-baru, name: Kuaro Baru, colour: red}", 1, "unknown key 'colour'"),
    ("places.yaml", "- name: Tanpa Id", 1, "missing 'id'"),
    ("places.yaml", "- {id: desa-x, name: Desa X}\n- {id: kuaro, name: Kuaro Lagi}", 2,
     "duplicate id 'kuaro' (first defined at places.yaml:7)"),
    ("places.yaml", "- {id: desa-x, name: Desa X}\n- {id: desa-y, name: Desa Y, aliases: [Kuaro]}", 2,
     "name 'Kuaro' of 'desa-y' is already a name of 'kuaro'"),
    ("programs.yaml", "- {id: program-x, name: Program X, valid_from: 2025-13-40}", 1,
     "bad value for 'valid_from'"),
    ("programs.yaml", "- {id: program-x, name: Program X, valid_from: kemarin}", 1,
     "'valid_from' must be a date written YYYY-MM-DD, got 'kemarin'"),
    ("places.yaml", "- {id: desa-x, name: Desa X, parent: kecamatan-hilang}", 1,
     "parent 'kecamatan-hilang' is not a known id"),
    ("officials.yaml", "- id: pejabat-x\n  name: Pejabat X\n  roles:\n    - {role: camat, start: 2025-01-01}", 4,
     "unknown role 'camat' (define it in roles.yaml)"),
    ("officials.yaml", "- {id: pejabat-x, name: Pejabat X, leads: kuaro}", 1,
     "leads 'kuaro' is not a known agency id"),
    ("officials.yaml", "- id: pejabat-x\n  name: Pejabat X\n  roles:\n    - {role: bupati, start: 2025-02-01, end: 2024-01-01}",
     4, "role 'end' is before 'start'"),
    ("places.yaml", "- {id: desa-x, name: Desa X]", 1, "not valid YAML"),
    ("others.yaml", "- {id: pemkot-x, name: Pemkot X, government: true, level: kecamatan}", 1,
     "'level' must be one of provinsi, kabupaten, kota, got 'kecamatan'"),
    ("others.yaml", "- {id: dinas-x, name: Dinas X Kaltim, level: provinsi}", 1,
     "'level' is for a regional government (set 'government: true')"),
    ("roles.yaml", "- {id: wali-kota, name: Wali Kota, levels: [kota, desa]}", 1,
     "'levels' must be one of provinsi, kabupaten, kota, got 'desa'"),
])
def test_errors_name_file_and_line(tmp_path, file, text, line, message):
    folder = _copy(tmp_path)
    path = folder / file
    kept = path.read_text(encoding="utf-8").rstrip("\n").splitlines()
    # the broken entries go last: their line numbers are counted from the end of the shipped file
    path.write_text("\n".join([*kept, *text.splitlines()]) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        Catalog.load(folder)
    assert str(error.value).startswith(f"{path}:{len(kept) + line}: {message}")


def test_unknown_file_is_an_error(tmp_path):
    folder = _copy(tmp_path)
    (folder / "agencies-extra.yaml").write_text("- {id: x, name: X}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"agencies-extra.yaml:1: unknown catalog file"):
        Catalog.load(folder)
