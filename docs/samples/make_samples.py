"""Render the sample clipping and report committed under docs/samples/ (README screenshots).

    .venv/bin/python docs/samples/make_samples.py --config data/demo/config.yaml [--date D] [--month M]

Defaults: the latest WITA day with stories and its month. Copies the files here and, when poppler's
``pdftoppm`` is installed (a developer tool, not a Pantau dependency), PNG previews of the first
PDF pages under png/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from pipeline.config import load_config  # noqa: E402
from pipeline.reports.clipping import write_clipping  # noqa: E402
from pipeline.reports.monthly import write_report  # noqa: E402
from pipeline.store import Store  # noqa: E402


def previews(pdf: Path, pages: int) -> list[Path]:
    if not shutil.which("pdftoppm"):
        return []
    folder = HERE / "png"
    folder.mkdir(exist_ok=True)
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
                   check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="data/demo/config.yaml")
    parser.add_argument("--date", type=date.fromisoformat)
    parser.add_argument("--month", help="YYYY-MM")
    args = parser.parse_args()
    config = load_config(args.config)
    store = Store.from_config(config)
    with store.write():
        pass  # bring the store's views up to date with this checkout
    with store.read() as con:
        latest = con.execute("SELECT max(published_date) FROM v_paser_articles").fetchone()[0]
    day = args.date or latest
    year, month = map(int, args.month.split("-")) if args.month else (day.year, day.month)
    with tempfile.TemporaryDirectory() as tmp:
        config = config.model_copy(update={"output": Path(tmp)})
        files = write_clipping(config, store, day) + write_report(config, store, year, month)
        for old in HERE.glob("kliping-*"):
            old.unlink()
        for old in HERE.glob("laporan-*"):
            old.unlink()
        shutil.rmtree(HERE / "png", ignore_errors=True)
        for path in files:
            shutil.copy2(path, HERE / path.name)
            print(HERE / path.name)
    for pdf, pages in ((HERE / f"kliping-{day.isoformat()}.pdf", 3), (HERE / f"laporan-{year:04d}-{month:02d}.pdf", 3)):
        for png in previews(pdf, pages):
            print(png)


if __name__ == "__main__":
    main()
