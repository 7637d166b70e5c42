"""The demo configuration validates and points every source at the newsroom's fixed loopback port."""

from __future__ import annotations

from urllib.parse import urlsplit


from pipeline.config import load_config


def test_demo_config_validates(demo_dir):
    config = load_config(demo_dir / "config.yaml")
    assert [s.name for s in config.sources] == ["Kabar Paser", "Borneo Timur Pos", "Media Center Paser", "Warta Benua"]
    assert config.database == demo_dir / "pantau.duckdb"
    assert (config.archive, config.output, config.logs) == (demo_dir / "raw", demo_dir / "out", demo_dir / "logs")
    assert config.catalog.resolve() == (demo_dir.parent / "entities").resolve()
    assert (config.crawl.download_delay, config.crawl.obey_robots, config.crawl.concurrency_per_domain) == (0, True, 2)
    assert config.source("Media Center Paser").kind == "government"
    assert sum(s.partner is not None for s in config.sources) == 3


def test_every_source_url_uses_port_47815_and_exists_in_site(demo_dir):
    config = load_config(demo_dir / "config.yaml")
    urls = [u for s in config.sources for u in [s.homepage, *s.feeds, *s.sitemaps, *(l.url for l in s.listings)]]
    assert len(urls) == 8
    for url in urls:
        parts = urlsplit(url)
        assert (parts.hostname, parts.port) == ("127.0.0.1", 47815)
        folder = demo_dir / "site" / parts.path.strip("/")
        assert folder.is_file() or any((folder / n).is_file() for n in ("index.html", "index.rss", "index.atom")), url
