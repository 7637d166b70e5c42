"""End to end: the demo newsroom through the real pipeline (Scrapy, trafilatura, spaCy, DuckDB).

Runs the demo twice into a temporary folder on a free loopback port and checks the store against
the newsroom's gold data (data/demo/expected.yaml).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
import yaml

from crawlers.urls import canonicalize
from pipeline.demo import DEMO, run_demo
from pipeline.store import Store

from tests.spine.demo_run import demo_config, free_port

EXPECTED = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
OUTLETS = {"kabarpaser": "Kabar Paser", "borneotimur": "Borneo Timur Pos",
           "mcpaser": "Media Center Paser", "wartabenua": "Warta Benua"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    port = free_port()
    config = demo_config(folder, port)
    first = run_demo(config)
    second = run_demo(config)
    store = Store.from_config(config)
    with store.read() as con:
        articles = {row[0]: row for row in con.execute(
            "SELECT url, article_id, outlet, title, published_date, page_views, is_advertorial,"
            " text, cluster_id FROM articles").fetchall()}
        mentions = defaultdict(set)
        for article_id, entity_id in con.execute(
                "SELECT article_id, entity_id FROM mentions WHERE paser").fetchall():
            mentions[article_id].add(entity_id)
        entities = {row[0]: row for row in con.execute(
            "SELECT entity_id, kind, leads FROM entities").fetchall()}
        # keyed by the URL as fetched: a page may be stored under its <link rel=canonical>
        pages = {canonicalize(final): status for final, status in con.execute(
            "SELECT final_url, extract_status FROM pages").fetchall()}
        page_count = con.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchone()
        discards = con.execute("SELECT url, reason FROM discards").fetchall()
    return dict(config=config, base=f"http://127.0.0.1:{port}", first=first, second=second,
                articles=articles, mentions=mentions, entities=entities, pages=pages,
                page_count=page_count, discards=discards)


def url(demo, path: str) -> str:
    return canonicalize(demo["base"] + path)


def test_every_demo_article_is_stored_with_title_day_views_and_advertorial_flag(demo):
    assert len(demo["articles"]) == len(EXPECTED["articles"]) >= 60
    assert {row[2] for row in demo["articles"].values()} == set(OUTLETS.values())
    for gold in EXPECTED["articles"]:
        row = demo["articles"][url(demo, gold["path"])]
        assert (row[2], row[3]) == (gold["outlet"], gold["title"])
        assert row[4].isoformat() == gold["wita_date"], gold["path"]
        assert row[5] == gold["page_views"], gold["path"]
        assert row[6] == gold["advertorial"], gold["path"]
        for phrase in gold.get("must_contain", []):
            assert phrase in row[7], (gold["path"], phrase)


def test_boilerplate_never_reaches_the_stored_text(demo):
    for outlet_id, phrases in EXPECTED["must_not_contain"].items():
        texts = [row[7] for row in demo["articles"].values() if row[2] == OUTLETS[outlet_id]]
        assert texts
        leaks = [(phrase, text[:60]) for text in texts for phrase in phrases if phrase in text]
        assert leaks == []


def test_broken_pages_are_recorded_with_a_reason_and_never_stop_the_run(demo):
    reasons = {u: r for u, r in demo["discards"]}
    for path in EXPECTED["broken"]:
        key = url(demo, path)
        assert key not in demo["articles"]
        assert demo["pages"].get(key) == "failed" or demo["base"] + path in reasons, path
    assert demo["first"].cycle.crawl.failures_by_reason == {"http-500": 1}
    assert sum(demo["first"].cycle.process.failures.values()) == len(EXPECTED["broken"]) - 1


def test_tagging_matches_the_gold_entities(demo):
    """Precision and recall per kind over the demo; an official also credits the agency they lead."""
    counts = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for gold in EXPECTED["articles"]:
        article_id = demo["articles"][url(demo, gold["path"])][1]
        expected = set(gold["entities"])
        expected |= {demo["entities"][e][2] for e in expected if e in demo["entities"] and demo["entities"][e][2]}
        got = demo["mentions"][article_id]
        for entity_id in expected | got:
            kind = demo["entities"].get(entity_id, (None, "unknown"))[1]
            index = 0 if entity_id in expected and entity_id in got else (1 if entity_id in got else 2)
            counts[kind][index] += 1
    for kind in ("agency", "program", "official"):
        tp, fp, fn = counts[kind]
        assert tp / (tp + fp) >= 0.95, (kind, counts[kind])
        assert tp / (tp + fn) >= 0.90, (kind, counts[kind])


def test_distractors_are_not_credited_to_paser(demo):
    balikpapan = url(demo, "/kabarpaser/2026/11/24/dinas-kesehatan-balikpapan-perluas-imunisasi-kejar-ke-sekolah/")
    ppu = url(demo, "/borneotimur/ppu/48315/pemkab-penajam-paser-utara-kebut-peningkatan-jalan-poros-sepaku/")
    assert "dinkes" not in demo["mentions"][demo["articles"][balikpapan][1]]
    assert "pemkab-paser" not in demo["mentions"][demo["articles"][ppu][1]]


def test_syndicated_press_releases_form_one_cluster_each(demo):
    groups = defaultdict(set)
    for gold in EXPECTED["articles"]:
        if gold["syndication"]:
            groups[gold["syndication"]].add(demo["articles"][url(demo, gold["path"])][8])
    assert len(groups) >= 2
    for name, clusters in groups.items():
        assert len(clusters) == 1 and None not in clusters, name


def test_second_run_is_incremental(demo):
    crawl, process = demo["second"].cycle.crawl, demo["second"].cycle.process
    assert crawl.new_pages == 0
    assert process.pages == 0 and process.articles == 0
    assert demo["page_count"][0] == demo["page_count"][1]  # no page recorded twice
    assert len(demo["second"].per_outlet) == 4 and demo["second"].files


def test_articles_json_lists_entities_with_aliases(demo, cli):
    result = cli("articles", "--config", demo["config"].path, "--format", "json", "--limit", "500")
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert len(items) == len(EXPECTED["articles"])
    by_url = {item["url"]: item for item in items}
    item = by_url[url(demo, "/kabarpaser/2026/11/26/diskominfostaper-luncurkan-portal-satu-data-paser-dan-paser-smart-service/")]
    assert item["outlet"] == "Kabar Paser" and item["published_at"].endswith("+08:00")
    agencies = {e["id"]: e for e in item["entities"] if e["kind"] == "agency"}
    assert "Diskominfostaper" in agencies["diskominfostaper"]["aliases"]
    assert agencies["diskominfostaper"]["count"] >= 1
    assert {e["kind"] for e in item["entities"]} <= {"agency", "program", "official", "place"}


def test_catalog_candidates_lists_unknown_names_with_counts(demo, cli):
    result = cli("catalog", "candidates", "--config", demo["config"].path, "--format", "json",
                 "--limit", "500")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows, "the demo mentions bodies the catalog does not know"
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)
    by_phrase = {r["phrase"]: r for r in rows}
    assert by_phrase["Bagian Perekonomian"]["articles"] == 1
    assert "Bagian Perekonomian" in by_phrase["Bagian Perekonomian"]["example"]
    assert not {"Diskominfostaper", "Dinas Kesehatan", "Paser TUNTAS"} & set(by_phrase)


def _snapshot(store):
    with store.read() as con:
        return {
            "articles": con.execute(
                "SELECT article_id, url, outlet, title, text, published_at, date_source, page_views,"
                " is_advertorial, content_hash, cluster_id, similar_to, similarity, tone"
                " FROM articles ORDER BY article_id").fetchall(),
            "mentions": con.execute("SELECT * FROM mentions ORDER BY article_id, entity_id").fetchall(),
            "quotes": con.execute("SELECT * FROM quotes ORDER BY article_id, seq").fetchall(),
            "discards": con.execute(
                "SELECT stage, url, reason FROM discards ORDER BY stage, url").fetchall(),
            "pages": con.execute(
                "SELECT page_id, url, extract_status, extract_reason FROM pages ORDER BY page_id").fetchall(),
            "search": con.execute("SELECT count(*), sum(length) FROM search_docs").fetchone(),
        }


def test_reprocessing_everything_leaves_the_same_rows(demo):
    """`pantau process` (re-extract and re-tag the whole archive) is idempotent; runs last."""
    from pipeline.process import process

    store = Store.from_config(demo["config"])
    before = _snapshot(store)
    summary = process(demo["config"], store, jobs=1)
    assert (summary.pages, summary.articles) == (len(before["pages"]), len(before["articles"]))
    assert _snapshot(store) == before
