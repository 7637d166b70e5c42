"""Every gold article (and every broken page) is reachable from a feed, a sitemap or a listing."""

from __future__ import annotations

import gzip
import re
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def feed_paths(base: str, path: str) -> dict[str, object]:
    parsed = feedparser.parse(get(base + path))
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {e.link.removeprefix(base): e for e in parsed.entries}


def sitemap_paths(base: str) -> dict[str, str | None]:
    """Walk the sitemap index (plain and gzip children); path -> publication date if given."""
    out: dict[str, str | None] = {}
    index = ET.fromstring(get(base + "/borneotimur/sitemap.xml"))
    children = [loc.text for loc in index.iter(SM + "loc")]
    assert [c.removeprefix(base) for c in children] == ["/borneotimur/sitemap-news.xml",
                                                        "/borneotimur/sitemap-2025.xml.gz"]
    for child in children:
        body = get(child)
        root = ET.fromstring(gzip.decompress(body) if child.endswith(".gz") else body)
        for url in root.iter(SM + "url"):
            date = url.find(f"{NEWS}news/{NEWS}publication_date")
            lastmod = url.find(SM + "lastmod")
            out[url.find(SM + "loc").text.removeprefix(base)] = (date if date is not None else lastmod).text \
                if (date is not None or lastmod is not None) else None
    return out


def listing_paths(base: str) -> list[str]:
    """Follow Warta Benua's category pages through their next links, as the config's listing says."""
    article = re.compile(r'href="([^"]*/wartabenua/berita/\d+/[a-z0-9-]+\.html)"')
    nxt = re.compile(r'<a class="next" href="([^"]+)"')
    url, pages, found = base + "/wartabenua/kategori/paser/", 0, []
    while url:
        html = get(url).decode("utf-8")
        pages += 1
        found += [u.removeprefix(base) for u in article.findall(html)]
        match = nxt.search(html)
        url = match.group(1) if match else None
    assert pages == 4
    return found


def test_every_article_reachable(newsroom, expected):
    rss = feed_paths(newsroom, "/kabarpaser/feed/")
    atom = feed_paths(newsroom, "/mcpaser/feed/atom/")
    sitemap = sitemap_paths(newsroom)
    listing = listing_paths(newsroom)
    assert (len(rss), len(atom), len(sitemap), len(listing)) == (21, 20, 22, 18)
    assert len(set(listing)) == len(listing)
    reachable = set(rss) | set(atom) | set(sitemap) | set(listing)
    wanted = {a["path"] for a in expected["articles"]} | set(expected["broken"])
    assert wanted == reachable


def test_feed_entries_carry_dates_except_the_undated(newsroom, expected):
    rss = feed_paths(newsroom, "/kabarpaser/feed/")
    atom = feed_paths(newsroom, "/mcpaser/feed/atom/")
    undated = {a["path"] for a in expected["articles"] if a["date_in_text_only"]}
    assert len(undated) == 2
    for path, entry in {**rss, **atom}.items():
        has_date = bool(entry.get("published_parsed") or entry.get("updated_parsed"))
        assert has_date == (path not in undated), path
    kp = next(e for p, e in rss.items() if p == "/kabarpaser/2026/11/27/pemkab-paser-cairkan-insentif-ketua-rt-imam-"
              "dan-guru-ngaji-triwulan-iv/")
    assert kp.published == "Fri, 27 Nov 2026 05:05:00 +0000"
    assert kp.id.startswith(newsroom + "/kabarpaser/?p=")
    assert [t.term for t in kp.tags] == ["Pemerintahan", "Insentif", "Pemkab Paser"]
    assert "content" in kp


def test_sitemap_dates_match_gold(newsroom, expected):
    sitemap = sitemap_paths(newsroom)
    gold = {a["path"]: a["published"] for a in expected["articles"] if a["outlet"] == "Borneo Timur Pos"}
    assert {p: d for p, d in sitemap.items() if p in gold} == gold
