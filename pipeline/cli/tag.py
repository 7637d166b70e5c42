"""Tagging commands: ``pantau tag`` (tag one text without the store) and ``pantau catalog check``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from nlp.catalog import KINDS, Catalog, CatalogError
from pipeline.cli.options import config_option, fail_on, format_option, load, open_store, render_rows
from pipeline.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[2]


def catalog_folder(catalog: Path | None, config_path: Path | None) -> Path:
    """``--catalog``, else the config's ``catalog`` key, else ``data/entities`` of the repository."""
    if catalog is not None:
        return catalog
    path = config_path or Path("config.yaml")
    if path.exists():
        try:
            return load_config(path).catalog
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
    if config_path is not None:
        raise click.ClickException(f"{config_path}: config file not found")
    return REPO / "data" / "entities"


def _load_catalog(catalog: Path | None, config_path: Path | None) -> Catalog:
    try:
        return Catalog.load(catalog_folder(catalog, config_path))
    except CatalogError as exc:
        raise click.ClickException(str(exc)) from None


_catalog_option = click.option("--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path),
                               default=None, help="Catalog folder [default: the config's catalog].")
_config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                              default=None, help="Pantau configuration file [default: ./config.yaml].")


@click.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Publication day (resolves 'Bupati', 'Sekda' ...) [default: today].")
@click.option("--paser-outlet", is_flag=True, help="The text comes from a Paser government outlet.")
@click.option("--clean/--no-clean", default=True, show_default=True,
              help="Drop boilerplate lines (sign-offs, 'Pewarta:', share buttons) with the extraction "
                   "stage's rules first, as the pipeline does before tagging.")
@_catalog_option
@_config_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="Output format.")
def tag(source, day, paser_outlet: bool, clean: bool, catalog_dir: Path | None, config_path: Path | None,
        fmt: str) -> None:
    """Tag one article (title on the first line, then the text) without the store.

    Prints Paser's own entities under "entities" and other regions' or unresolved bodies under
    "others", with quotes and tone.

    \b
    Example:
      pantau tag article.txt --date 2025-07-15 --format json
      echo "Bupati Paser buka MTQ" | pantau tag - --date 2025-07-15
    """
    from nlp.tagger import Tagger
    from pipeline.records import TagInput

    catalog = _load_catalog(catalog_dir, config_path)
    raw = source.read()
    title, _, text = raw.strip().partition("\n")
    if clean:
        from pipeline.extraction.boilerplate import clean_text

        text = clean_text(text).text
    published = day.date() if day else date.today()
    tagging = Tagger(catalog).tag(TagInput(title.strip(), text, published, paser_outlet))
    result = {"entities": [], "others": [], "quotes": [q._asdict() for q in tagging.quotes],
              "tone": tagging.tone._asdict(), "candidates": [c._asdict() for c in tagging.candidates]}
    for mention in tagging.mentions:
        entity = catalog.get(mention.entity_id)
        row = {
            "kind": mention.kind, "id": mention.entity_id,
            "name": entity.name if entity else mention.entity_id,
            "aliases": list(dict.fromkeys(n for n in (*entity.aliases, *entity.paser_names) if n != entity.name))
            if entity else [],
            "count": mention.count, "in_headline": mention.in_headline, "in_lead": mention.in_lead,
            "in_body": mention.in_body, "first_sentence": mention.first_sentence, "tone": mention.tone,
        }
        result["entities" if mention.paser else "others"].append(row)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    for key in ("entities", "others"):
        for row in result[key]:
            click.echo(f"{key[:-1] if key == 'entities' else 'other'}\t{row['kind']}\t{row['id']}\t{row['count']}")
    for quote in tagging.quotes:
        click.echo(f"quote\t{quote.speaker}\t{quote.text}")
    click.echo(f"tone\t{tagging.tone.label}\t{tagging.tone.score}")


@click.group()
def catalog() -> None:
    """The entity catalog (data/entities): validate it, list unknown names.

    \b
    Example:
      pantau catalog check
    """


@catalog.command("check")
@_catalog_option
@_config_option
def check(catalog_dir: Path | None, config_path: Path | None) -> None:
    """Validate the catalog and print how many entries of each kind it has.

    Exits with status 1 and a FILE:LINE message on the first problem.

    \b
    Example:
      pantau catalog check --catalog data/entities
    """
    folder = catalog_folder(catalog_dir, config_path)
    try:
        loaded = Catalog.load(folder)
    except CatalogError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    counts = loaded.counts()
    click.echo(f"{folder}: ok (fingerprint {loaded.fingerprint})")
    for kind in (*KINDS, "role"):
        click.echo(f"  {kind:<9}{counts[kind]:>5}")


@catalog.command("candidates")
@config_option
@click.option("--min-articles", type=click.IntRange(1), default=1, show_default=True,
              help="Only names seen in at least this many articles.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@format_option("table", "csv", "json")
@fail_on()
def candidates(config_path: Path, min_articles: int, limit: int, fmt: str) -> None:
    """List agency- and program-like names found in articles but not in the catalog.

    Names such as "Dinas ...", "Badan ...", "program ...", or acronyms near "Paser" that the
    catalog does not know, most frequent first, with an example sentence: add the real ones to
    data/entities/ and run `pantau process --stage tag`.

    \b
    Example:
      pantau catalog candidates --min-articles 2
    """
    config = load(config_path)
    with open_store(config).read() as con:
        cursor = con.execute(
            "SELECT phrase, kind, count(DISTINCT article_id) AS articles, count(*) AS mentions,"
            " min(sentence) AS example FROM candidates GROUP BY phrase, kind"
            " HAVING count(DISTINCT article_id) >= ? ORDER BY articles DESC, mentions DESC, phrase"
            " LIMIT ?",
            [min_articles, limit],
        )
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    click.echo(render_rows(columns, rows, fmt))


COMMANDS = [tag, catalog]
