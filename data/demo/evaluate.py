"""Score a demo store against the gold data: how well did the pipeline read the demo newsroom?

Compares what ``pantau demo`` stored (articles, mentions) with ``expected.yaml``: articles found,
exact titles, WITA dates, page views, advertorial flags, tone, planted boilerplate that leaked into
the text, entity precision/recall (Paser entities and other bodies separately) and quoted speakers
(a stored speaker matches a gold name it contains, honorifics ignored). Role ids
(bupati, sekda ...) are not scored: the gold data credits the person holding the role.

    python data/demo/evaluate.py                     # data/demo/pantau.duckdb vs data/demo/expected.yaml
    python data/demo/evaluate.py --store other.duckdb --details
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import yaml

HERE = Path(__file__).resolve().parent
ROLE_IDS = {"bupati", "wakil-bupati", "sekda", "ketua-dprd", "kepala-diskominfostaper"}
OUTLET_IDS = {"Kabar Paser": "kabarpaser", "Borneo Timur Pos": "borneotimur", "Media Center Paser": "mcpaser",
              "Warta Benua": "wartabenua"}


def _key(url_or_path: str) -> str:
    # The crawler canonicalises URLs (trailing slash dropped, origin varies): compare paths.
    return urlsplit(url_or_path).path.rstrip("/")


def _person(name: str) -> str:
    """A speaker's name without honorifics, lower case: "dr. Maya Sari" -> "maya sari"."""
    words = [w for w in name.lower().replace(",", " ").split() if w not in {"dr.", "ir.", "hj.", "h.", "drs."}]
    return " ".join(words)


def _contains(text: str, name: str) -> bool:
    return f" {name} " in f" {text} "


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def evaluate(store: Path, expected_path: Path = HERE / "expected.yaml") -> dict:
    """Scores (counts and ratios) plus the per-article differences under ``details``."""
    gold = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    con = duckdb.connect(str(store), read_only=True)
    try:
        rows = con.execute("SELECT article_id, url, title, text, published_date, page_views, is_advertorial, tone "
                           "FROM articles").fetchall()
        mentions = con.execute("SELECT article_id, entity_id, paser FROM v_mentions").fetchall()
        quotes = con.execute("SELECT article_id, speaker FROM quotes").fetchall()
    finally:
        con.close()
    by_path = {_key(r[1]): r for r in rows}
    found: dict[object, dict[bool, set[str]]] = collections.defaultdict(lambda: {True: set(), False: set()})
    for article_id, entity_id, paser in mentions:
        found[article_id][bool(paser)].add(entity_id)
    speakers: dict[object, set[str]] = collections.defaultdict(set)
    for article_id, speaker in quotes:
        if speaker:
            speakers[article_id].add(_person(speaker))
    score = collections.Counter()
    details: list[str] = []
    for article in gold["articles"]:
        row = by_path.get(_key(article["path"]))
        if row is None:
            score["missing"] += 1
            details.append(f"{article['path']}: not in the store")
            continue
        article_id, _, title, text, day, views, advertorial, tone = row
        score["found"] += 1
        score["title"] += title == article["title"]
        score["date"] += str(day) == article["wita_date"]
        score["views"] += views == article["page_views"]
        score["advertorial"] += bool(advertorial) == article["advertorial"]
        score["tone"] += tone == article["tone"]
        score["must_contain"] += all(snippet in text for snippet in article["must_contain"])
        leaks = [p for p in gold["must_not_contain"][OUTLET_IDS[article["outlet"]]] if p in text]
        score["leaks"] += len(leaks)
        for kind, wanted in (("paser", set(article["entities"])), ("other", set(article["others"]))):
            got = found[article_id][kind == "paser"] - ROLE_IDS
            score[f"{kind}_tp"] += len(got & wanted)
            score[f"{kind}_fp"] += len(got - wanted)
            score[f"{kind}_fn"] += len(wanted - got)
            if got != wanted:
                details.append(f"{article['path']}: {kind} extra {sorted(got - wanted)} missing {sorted(wanted - got)}")
        # A stored speaker matches a gold name it contains: "kepala bidang ... hartono" is Hartono.
        wanted_speakers = {_person(name) for name in article["speakers"]}
        got_speakers = speakers[article_id]
        matched = {w for w in wanted_speakers if any(_contains(g, w) for g in got_speakers)}
        stray = {g for g in got_speakers if not any(_contains(g, w) for w in wanted_speakers)}
        score["speakers_tp"] += len(matched)
        score["speakers_fp"] += len(stray)
        score["speakers_fn"] += len(wanted_speakers - matched)
        if stray or wanted_speakers - matched:
            details.append(f"{article['path']}: speakers extra {sorted(stray)} missing {sorted(wanted_speakers - matched)}")
        if str(day) != article["wita_date"]:
            details.append(f"{article['path']}: date {day} != {article['wita_date']}")
    result: dict = {"articles": len(gold["articles"]), **score}
    for kind in ("paser", "other", "speakers"):
        result[f"{kind}_precision"], result[f"{kind}_recall"] = _prf(
            score[f"{kind}_tp"], score[f"{kind}_fp"], score[f"{kind}_fn"])
    result["details"] = details
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=HERE / "pantau.duckdb", help="demo store to score")
    parser.add_argument("--expected", type=Path, default=HERE / "expected.yaml", help="gold data")
    parser.add_argument("--details", action="store_true", help="list every difference")
    args = parser.parse_args()
    result = evaluate(args.store, args.expected)
    n = result["articles"]
    print(f"articles found {result['found']}/{n}; exact title {result['title']}/{n}; WITA date {result['date']}/{n}; "
          f"page views {result['views']}/{n}; advertorial {result['advertorial']}/{n}; tone {result['tone']}/{n}")
    print(f"text: must_contain {result['must_contain']}/{n}; planted boilerplate leaked {result['leaks']} times")
    for kind in ("paser", "other", "speakers"):
        print(f"{kind}: precision {result[f'{kind}_precision']:.3f} recall {result[f'{kind}_recall']:.3f} "
              f"(tp {result[f'{kind}_tp']}, fp {result[f'{kind}_fp']}, fn {result[f'{kind}_fn']})")
    if args.details:
        print("\n".join(result["details"]))


if __name__ == "__main__":
    main()
