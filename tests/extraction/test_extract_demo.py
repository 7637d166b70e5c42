"""The demo newsroom's pages against its gold file (data/demo/expected.yaml)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from extraction_pages import DEMO

from pipeline.extraction import extract_article
from pipeline.records import Article, ExtractFailure

pytestmark = pytest.mark.skipif(not (DEMO / "site").is_dir(), reason="demo newsroom not built")
FETCHED = datetime(2026, 11, 28, tzinfo=timezone.utc)
WITA = ZoneInfo("Asia/Makassar")


def _gold() -> dict:
    return yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))


def _page(path: str) -> Path:
    page = DEMO / "site" / path.strip("/")
    return page / "index.html" if page.is_dir() else page


def test_every_demo_article_is_clean_and_dated() -> None:
    gold = _gold()
    problems = []
    for item in gold["articles"]:
        outlet_key = item["path"].split("/")[1]
        result = extract_article(_page(item["path"]).read_bytes(), f"https://{outlet_key}.example{item['path']}",
                                 item["outlet"], fetched_at=FETCHED)
        if not isinstance(result, Article):
            problems.append((item["path"], result.reason))
            continue
        found = (result.title, result.published_at.astimezone(WITA).date().isoformat(), result.page_views,
                 result.is_advertorial)
        wanted = (item["title"], item["wita_date"], item["page_views"], item["advertorial"])
        if found != wanted:
            problems.append((item["path"], found, wanted))
        problems += [(item["path"], "missing", s) for s in item["must_contain"] if s not in result.text]
        problems += [(item["path"], "boilerplate", s) for s in gold["must_not_contain"][outlet_key]
                     if s.lower() in result.text.lower()]
    assert problems == []
    assert len(gold["articles"]) >= 50


def test_broken_demo_pages_get_reasons() -> None:
    special = yaml.safe_load((DEMO / "site" / "_special.yaml").read_text(encoding="utf-8"))
    reasons = {}
    for path, spec in special.items():
        body = (DEMO / "site" / spec["body_file"]).read_bytes()
        result = extract_article(body, f"https://demo.example{path}", "demo", fetched_at=FETCHED)
        assert isinstance(result, ExtractFailure), path
        reasons[Path(spec["body_file"]).stem] = result.reason
    assert reasons == {
        "bt-broken-nav": "no-article-text",
        "bt-broken-empty": "empty-page",
        "kp-broken-500": "no-article-text",
        "mc-broken-truncated": "truncated-html",
        "wb-broken-pdf": "binary-content",
    }
