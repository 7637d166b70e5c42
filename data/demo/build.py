"""Render the demo newsroom: ``stories.yaml`` -> static site under ``site/`` + gold data ``expected.yaml``.

Deterministic and re-runnable: the same stories give byte-identical files (sorted iteration, no
clock, gzip with mtime 0). Every absolute URL is written as ``{{BASE}}/...``; the server
(``pipeline/newsroom.py``) substitutes its own origin at serve time.

    python data/demo/build.py                  # rewrite data/demo/site and data/demo/expected.yaml
    python data/demo/build.py --site /tmp/s --expected /tmp/e.yaml
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from string import Template

import yaml

HERE = Path(__file__).resolve().parent
BASE = "{{BASE}}"
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# Datelines per outlet; ``{place}`` defaults to TANA PASER and is overridden by distractor stories.
DATELINES = {
    "kabarpaser": "KABARPASER.ID, {place} –",
    "borneotimur": "BORNEOTIMURPOS.COM, {place} -",
    "mcpaser": "{place}, MCPaser -",
    "wartabenua": "{place}, WARTABENUA -",
}
# Boilerplate planted in each outlet's template: a perfect extractor removes all of it.
MUST_NOT_CONTAIN = {
    "kabarpaser": ["Tinggalkan Balasan", "Alamat email Anda tidak akan dipublikasikan", "Total Views",
                   "Bagikan ini", "Berita Populer", "Kirim Komentar", "Pedoman Media Siber",
                   "Sebarkan artikel ini"],
    "borneotimur": ["Baca juga", "Simak berita Borneo Timur Pos di Google News", "Penulis:",
                    "Terpopuler", "Berita Terkait", "ADVERTISEMENT", "Jl. Jenderal Sudirman", "Foto: "],
    "mcpaser": ["Jl. Kusuma Bangsa", "Dikelola oleh Dinas Komunikasi", "Berita Terkini",
                "Layanan Pengaduan", "Olo Manin Aso Buen Si Olo Ndo", "Bagikan:"],
    "wartabenua": ["Dibaca", "Komentar dimoderasi", "Berita Lainnya", "Terpopuler", "Editor:",
                   "Selamat datang di Warta Benua"],
}
LISTING_PAGE_SIZE = 5


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-").split("-")
    out = words[0]
    for word in words[1:]:  # cut at a word boundary, as WordPress-style slugs do
        if len(out) + 1 + len(word) > 80:
            break
        out += "-" + word
    return out


def long_date(when: datetime) -> str:
    """``Jumat, 27 November 2026`` as Indonesian sites print it."""
    return f"{DAYS[when.weekday()]}, {when.day} {MONTHS[when.month - 1]} {when.year}"


def template(name: str) -> Template:
    return Template((HERE / "templates" / f"{name}.html").read_text(encoding="utf-8"))


def load(path: Path) -> dict:
    """Read stories.yaml, resolve syndicated copies and assign paths; validate as we go."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_key = {s["key"]: s for s in data["stories"]}
    if len(by_key) != len(data["stories"]):
        raise SystemExit("duplicate story key")
    for story in data["stories"]:
        if "body_from" in story:
            # Syndicated copy: the source story's body, with optional light edits.
            body = by_key[story["body_from"]]["body"]
            for old, new in story.get("edits", []):
                if old not in body:
                    raise SystemExit(f"{story['key']}: edit target not found: {old!r}")
                body = body.replace(old, new)
            story["body"] = body
        story["published"] = datetime.fromisoformat(str(story["published"]))
        story.setdefault("machine_date", True)
        story.setdefault("advertorial", False)
        story.setdefault("views", None)
        story.setdefault("syndication", None)
        story.setdefault("others", [])
        story.setdefault("speakers", [])
        story.setdefault("tags", [])
        story.setdefault("baca_juga", [])
        story["paragraphs"] = [" ".join(p.split()) for p in story["body"].strip().split("\n\n")]
        words = sum(len(p.split()) for p in story["paragraphs"])
        if not story.get("broken") and not 150 <= words <= 450:
            raise SystemExit(f"{story['key']}: {words} words, want 150-450")
        story["words"] = words
    assign_paths(data["stories"])
    paths = [s["path"] for s in data["stories"]]
    if len(set(paths)) != len(paths):
        raise SystemExit("duplicate article path")
    return data


def assign_paths(stories: list[dict]) -> None:
    """URL path per outlet's scheme, from each story's fixed ``num`` (post id), so adding a story
    never moves another one's URL (tests elsewhere name some of these URLs)."""
    seen: set[tuple[str, int]] = set()
    for story in stories:
        if not isinstance(story.get("num"), int) or (story["outlet"], story["num"]) in seen:
            raise SystemExit(f"{story['key']}: needs a unique integer num (post id) within its outlet")
        seen.add((story["outlet"], story["num"]))
        outlet, when = story["outlet"], story["published"]
        name = story.get("slug") or slug(story["title"])
        if outlet == "kabarpaser":
            story["path"] = f"/kabarpaser/{when:%Y/%m/%d}/{name}/"
        elif outlet == "borneotimur":
            story["path"] = f"/borneotimur/{story.get('section', 'paser')}/{story['num']}/{name}/"
        elif outlet == "mcpaser":
            story["path"] = f"/mcpaser/berita/{name}/"
        else:
            story["path"] = f"/wartabenua/berita/{story['num']}/{name}.html"


def body_html(story: dict, lookup: dict) -> str:
    """Article paragraphs with dateline, in-body boilerplate and sign-off, as the outlet prints them."""
    outlet = story["outlet"]
    paras = [f"<p>{esc(p)}</p>" for p in story["paragraphs"]]
    dateline = DATELINES[outlet].format(place=story.get("place", "TANA PASER"))
    paras[0] = f"<p><strong>{esc(dateline)}</strong> {esc(story['paragraphs'][0])}</p>"
    for i, ref in enumerate(story["baca_juga"]):
        target = lookup.get(ref)
        title = target["title"] if target else ref
        href = BASE + (target["path"] if target else f"/borneotimur/kaltim/{slug(ref)}/")
        line = f'<p><strong>Baca juga: <a href="{href}">{esc(title)}</a></strong></p>'
        paras.insert(min(2 + 3 * i, len(paras) - 1), line)
    if outlet == "borneotimur" and story.get("photo_line"):
        paras.insert(len(paras) - 1, f"<p><em>Foto: {esc(story['photo_line'])}</em></p>")
    signoff = story.get("signoff")
    if signoff:
        paras.append(f"<p>({esc(signoff)})</p>")
    return "\n".join(paras)


def link_list(stories: list[dict], limit: int = 5) -> str:
    return "".join(f'<li><a href="{BASE}{s["path"]}">{esc(s["title"])}</a></li>' for s in stories[:limit])


def article_page(story: dict, ctx: dict) -> str:
    """Render one article page with its outlet's template."""
    outlet, when = story["outlet"], story["published"]
    url = BASE + story["path"]
    siblings = ctx["by_outlet"][outlet]
    others = [s for s in siblings if s is not story]
    popular = sorted(others, key=lambda s: (-(s["views"] or 0), s["key"]))
    tags = story["tags"] or ["Paser"]
    fields = {
        "title": esc(story["title"]), "url": url, "author": esc(story.get("author", "Redaksi")),
        "author_slug": slug(story.get("author", "redaksi")), "editor": esc(story.get("editor", "Redaksi")),
        "caption": esc(story.get("caption", "Ilustrasi.")), "image": f"{when:%Y/%m}/{slug(story['title'])[:40]}.jpg",
        "body": body_html(story, ctx["lookup"]), "recent": link_list(others), "popular": link_list(popular),
        "views": f"{story['views']:,}".replace(",", ".") if story["views"] is not None else "",
        "category": esc(story.get("category", "Berita")), "category_slug": slug(story.get("category", "berita")),
        "tags": ", ".join(f'<a href="{BASE}/{outlet}/tag/{slug(t)}/">{esc(t)}</a>' for t in tags),
        "tags_plain": attr(", ".join(tags)), "post_id": story["num"], "section": story.get("section", "paser"),
        "section_name": story.get("section", "paser").upper() if story.get("section") == "ppu" else story.get("section", "paser").title(),
        "description": attr(story["paragraphs"][0][:150]), "meta_date": "", "jsonld": "", "visible_date": "",
    }
    idx = siblings.index(story)
    newer, older = (siblings[idx - 1] if idx else None), (siblings[idx + 1] if idx + 1 < len(siblings) else None)
    fields["post_nav"] = "".join(
        f'<div class="nav-{kind}"><a href="{BASE}{s["path"]}" rel="{kind}">{esc(s["title"])}</a></div>'
        for kind, s in (("previous", older), ("next", newer)) if s)
    iso = when.isoformat()
    if outlet == "kabarpaser" and story["machine_date"]:
        fields["meta_date"] = f'<meta property="article:published_time" content="{iso}">\n'
        fields["visible_date"] = (f'<span class="posted-on"><time class="entry-date published" datetime="{iso}">'
                                  f"{when.day} {MONTHS[when.month - 1]} {when.year}</time></span>\n")
    elif outlet == "borneotimur":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story["title"],
              "mainEntityOfPage": url, "author": {"@type": "Person", "name": story.get("author", "Redaksi")},
              "publisher": {"@type": "Organization", "name": "Borneo Timur Pos"}}
        if story["machine_date"]:
            ld["datePublished"] = iso
            ld["dateModified"] = iso
            fields["visible_date"] = f'<div class="read__time">{long_date(when)} | {when:%H:%M} WITA</div>'
        fields["jsonld"] = ('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False, sort_keys=True)
                            + "</script>\n")
    elif outlet == "mcpaser" and story["machine_date"]:
        fields["visible_date"] = (f'<time class="published" datetime="{iso}">{when.day} {MONTHS[when.month - 1]} '
                                  f"{when.year}</time> ")
    elif outlet == "wartabenua":
        fields["visible_date"] = f"{long_date(when)} | {when:%H:%M} WITA"
    return template(outlet).substitute(fields)


def rfc822(when: datetime) -> str:
    utc = when.astimezone(timezone.utc)
    return f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][utc.weekday()]}, {utc:%d} " \
           f"{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][utc.month - 1]} " \
           f"{utc:%Y %H:%M:%S} +0000"


def summary(story: dict) -> str:
    words = " ".join(story["paragraphs"]).split()
    return " ".join(words[:40]) + " [&#8230;]"


def rss_feed(items: list[dict]) -> str:
    """WordPress-style RSS 2.0 for Kabar Paser (every post, newest first)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
           'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">',
           "<channel>", "<title>Kabar Paser</title>",
           f'<atom:link href="{BASE}/kabarpaser/feed/" rel="self" type="application/rss+xml" />',
           f"<link>{BASE}/kabarpaser/</link>", "<description>Kabar Terkini dari Bumi Daya Taka</description>",
           f"<lastBuildDate>{rfc822(max(s['published'] for s in items))}</lastBuildDate>",
           "<language>id-ID</language>", "<sy:updatePeriod>hourly</sy:updatePeriod>",
           "<generator>https://wordpress.org/?v=6.6.2</generator>"]
    for s in items:
        out.append("<item>")
        out.append(f"<title>{esc(s['title'])}</title>")
        out.append(f"<link>{BASE}{s['path']}</link>")
        out.append(f"<dc:creator><![CDATA[{s.get('author', 'Redaksi')}]]></dc:creator>")
        if s["machine_date"]:
            out.append(f"<pubDate>{rfc822(s['published'])}</pubDate>")
        for cat in [s.get("category", "Berita"), *s["tags"]]:
            out.append(f"<category><![CDATA[{cat}]]></category>")
        out.append(f'<guid isPermaLink="false">{BASE}/kabarpaser/?p={s["num"]}</guid>')
        out.append(f"<description><![CDATA[{summary(s)}]]></description>")
        out.append(f"<content:encoded><![CDATA[<p>{summary(s)}</p>]]></content:encoded>")
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom_feed(items: list[dict]) -> str:
    """Atom feed for Media Center Paser; a story without machine date has no <updated> (a real defect)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
           "<title>Media Center Paser</title>", "<subtitle>Portal berita Pemerintah Kabupaten Paser</subtitle>",
           f'<link rel="self" type="application/atom+xml" href="{BASE}/mcpaser/feed/atom/" />',
           f'<link rel="alternate" type="text/html" href="{BASE}/mcpaser/" />',
           f"<id>{BASE}/mcpaser/feed/atom/</id>",
           f"<updated>{max(s['published'] for s in items).isoformat()}</updated>"]
    for s in items:
        out.append("<entry>")
        out.append("<author><name>Admin MC</name></author>")
        out.append(f'<title type="html"><![CDATA[{s["title"]}]]></title>')
        out.append(f'<link rel="alternate" type="text/html" href="{BASE}{s["path"]}" />')
        out.append(f"<id>{BASE}/mcpaser/?p={s['num']}</id>")
        if s["machine_date"]:
            out.append(f"<updated>{s['published'].isoformat()}</updated>")
            out.append(f"<published>{s['published'].isoformat()}</published>")
        out.append(f'<category term="{attr(s.get("category", "Berita"))}" />')
        out.append(f'<summary type="html"><![CDATA[{summary(s)}]]></summary>')
        out.append("</entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def news_sitemap(items: list[dict]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for s in items:
        out.append(f"<url><loc>{BASE}{s['path']}</loc><news:news><news:publication><news:name>Borneo Timur Pos"
                   "</news:name><news:language>id</news:language></news:publication>")
        if s["machine_date"]:
            out.append(f"<news:publication_date>{s['published'].isoformat()}</news:publication_date>")
        out.append(f"<news:title>{esc(s['title'])}</news:title></news:news></url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


def plain_sitemap(items: list[dict]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for s in items:
        out.append(f"<url><loc>{BASE}{s['path']}</loc><lastmod>{s['published'].isoformat()}</lastmod>"
                   "<changefreq>never</changefreq></url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


def sitemap_index(names: list[str], last: datetime) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for name in names:
        out.append(f"<sitemap><loc>{BASE}/borneotimur/{name}</loc><lastmod>{last.isoformat()}</lastmod></sitemap>")
    out += ["</sitemapindex>", ""]
    return "\n".join(out)


def gzip_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def listing_pages(items: list[dict]) -> dict[str, str]:
    """Warta Benua's category listing, paginated: path -> html."""
    pages = [items[i:i + LISTING_PAGE_SIZE] for i in range(0, len(items), LISTING_PAGE_SIZE)]
    out = {}
    for n, page in enumerate(pages, start=1):
        path = "/wartabenua/kategori/paser/" + (f"page/{n}/" if n > 1 else "")
        rows = [f'<li><a class="judul" href="{BASE}{s["path"]}">{esc(s["title"])}</a>'
                f'<span class="tanggal">{long_date(s["published"])}</span><p>{esc(summary(s)[:-10])}...</p></li>'
                for s in page]
        paging = []
        if n > 1:
            prev = "/wartabenua/kategori/paser/" + (f"page/{n - 1}/" if n > 2 else "")
            paging.append(f'<a class="prev" href="{BASE}{prev}">&laquo; Sebelumnya</a>')
        paging.append(f"<span>Halaman {n} dari {len(pages)}</span>")
        if n < len(pages):
            paging.append(f'<a class="next" href="{BASE}/wartabenua/kategori/paser/page/{n + 1}/">Selanjutnya &raquo;</a>')
        out[path] = template("listing").substitute(page=n, url=BASE + path, items="\n".join(rows),
                                                   paging=" ".join(paging))
    return out


def home_page(outlet: dict, items: list[dict], main: str | None = None) -> str:
    """An outlet's front page (or, with ``main``, a page of navigation only)."""
    oid = outlet["id"]
    alternate = ""
    if outlet.get("feed"):
        kind = "atom" if outlet["feed"].endswith("/atom/") else "rss"
        alternate = (f'<link rel="alternate" type="application/{kind}+xml" title="{attr(outlet["name"])} &raquo; '
                     f'Feed" href="{BASE}{outlet["feed"]}">\n')
    menu = " ".join(f'<a href="{BASE}/{oid}/{slug(m)}/">{esc(m)}</a>' for m in outlet["menu"])
    if main is None:
        main = "<h2>Berita Terbaru</h2><ul class=\"latest\">" + "".join(
            f'<li><a href="{BASE}{s["path"]}">{esc(s["title"])}</a> <span>{long_date(s["published"])}</span></li>'
            for s in items[:12]) + "</ul>"
    popular = sorted(items, key=lambda s: (-(s["views"] or 0), s["key"]))
    return template("home").substitute(
        page_title=esc(outlet["name"]) + " - " + esc(outlet["tagline"]), alternate=alternate,
        url=f"{BASE}/{oid}/", home=f"{BASE}/{oid}/", name=esc(outlet["name"]), tagline=esc(outlet["tagline"]),
        menu=menu, main=main, popular=link_list(popular), footer=esc(outlet["footer"]))


def pdf_bytes() -> bytes:
    """A tiny valid PDF (an uploaded press-release scan mistakenly served as a page)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"]
    stream = b"BT /F1 12 Tf 72 770 Td (Siaran Pers) Tj ET"
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def broken_files(data: dict, ctx: dict) -> tuple[dict[str, bytes], dict]:
    """Bodies under ``_special/`` and the ``_special.yaml`` table the server honours."""
    files: dict[str, bytes] = {}
    special: dict[str, dict] = {}
    outlets = {o["id"]: o for o in data["outlets"]}
    for story in [s for s in data["stories"] if s.get("broken")]:
        kind, path, name = story["broken"], story["path"], story["key"]
        entry: dict = {"status": 200, "content_type": "text/html; charset=UTF-8"}
        if kind == "http-500":
            entry["status"] = 500
            body = b"<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>" \
                   b"<p>Error establishing a database connection</p></body></html>\n"
        elif kind == "empty":
            body = b""
        elif kind == "truncated":
            page = article_page(story, ctx).encode("utf-8")
            cut = page.index(b"<p>", page.index(b'class="entry-content"' if b'entry-content' in page else b"<body"))
            body = page[:cut + page[cut:].index(b"</p>") + 2]  # ends inside "</p>": cut mid-tag
        elif kind == "pdf":
            body = pdf_bytes()
        elif kind == "nav-only":
            # Menus and the "popular" widget, but no article: what a CMS serves while a post is unpublished.
            items = [s for s in ctx["by_outlet"][story["outlet"]] if not s.get("broken")]
            body = home_page(outlets[story["outlet"]], items, main="<p class=\"nothing\">Maaf, halaman yang Anda "
                             "cari sedang dalam perbaikan.</p>").encode("utf-8")
        else:
            raise SystemExit(f"{name}: unknown broken kind {kind}")
        entry["body_file"] = f"_special/{name}.bin"
        files[entry["body_file"]] = body
        special[path] = entry
    return files, special


def expected(data: dict) -> dict:
    """Gold data for tests of the whole pipeline."""
    articles, broken = [], {}
    for s in sorted(data["stories"], key=lambda s: s["path"]):
        if s.get("broken"):
            broken[s["path"]] = s["reason"]
            continue
        articles.append({
            "path": s["path"], "outlet": data["names"][s["outlet"]], "title": s["title"],
            "published": s["published"].isoformat(), "wita_date": s["published"].date().isoformat(),
            "date_in_text_only": not s["machine_date"],
            "entities": sorted(s["entities"]), "others": sorted(s["others"]), "advertorial": s["advertorial"],
            "page_views": s["views"], "syndication": s["syndication"], "tone": s["tone"],
            "speakers": s["speakers"], "words": s["words"],
            "must_contain": [" ".join(s["paragraphs"][0].split()[:8]), " ".join(s["paragraphs"][-1].split()[-8:])],
        })
    return {"articles": articles, "broken": broken, "must_not_contain": MUST_NOT_CONTAIN}


def build(site: Path, expected_path: Path, stories: Path = HERE / "stories.yaml") -> None:
    """Render everything from ``stories`` into ``site`` and ``expected_path``."""
    data = load(stories)
    data["names"] = {o["id"]: o["name"] for o in data["outlets"]}
    ordered = sorted(data["stories"], key=lambda s: (s["published"], s["key"]), reverse=True)
    by_outlet = {o["id"]: [s for s in ordered if s["outlet"] == o["id"]] for o in data["outlets"]}
    ctx = {"by_outlet": by_outlet, "lookup": {s["key"]: s for s in ordered}}
    files: dict[str, str | bytes] = {}
    for story in ordered:
        if not story.get("broken"):
            rel = story["path"].lstrip("/")
            files[rel + "index.html" if rel.endswith("/") else rel] = article_page(story, ctx)
    for outlet in data["outlets"]:
        items = by_outlet[outlet["id"]]
        files[f"{outlet['id']}/index.html"] = home_page(outlet, [s for s in items if not s.get("broken")])
    files["kabarpaser/feed/index.rss"] = rss_feed(by_outlet["kabarpaser"])
    files["mcpaser/feed/atom/index.atom"] = atom_feed(by_outlet["mcpaser"])
    bt = by_outlet["borneotimur"]
    recent, older = [s for s in bt if s["published"].year >= 2026], [s for s in bt if s["published"].year < 2026]
    files["borneotimur/sitemap.xml"] = sitemap_index(["sitemap-news.xml", "sitemap-2025.xml.gz"], bt[0]["published"])
    files["borneotimur/sitemap-news.xml"] = news_sitemap(recent)
    files["borneotimur/sitemap-2025.xml.gz"] = gzip_bytes(plain_sitemap(older))
    for path, page in listing_pages(by_outlet["wartabenua"]).items():
        files[path.lstrip("/") + "index.html"] = page
    files["robots.txt"] = data["robots"].replace("$BASE", BASE)
    special_files, special = broken_files(data, ctx)
    files.update(special_files)
    files["_special.yaml"] = "# Broken pages served as declared (path -> status, content type, body file).\n" \
        + yaml.safe_dump(special, sort_keys=True, allow_unicode=True)
    if site.exists():
        shutil.rmtree(site)
    for rel, content in sorted(files.items()):
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    header = ("# Gold data for the demo newsroom, generated by data/demo/build.py from stories.yaml: do not edit.\n"
              "# entities: Paser entity ids mentioned in title or body (datelines and boilerplate excluded);\n"
              "# others: non-Paser bodies mentioned, with catalog ids (another region's generic agency is\n"
              "# other:<region id>:<agency slug>); roles and titles (Sekda, Gubernur) credit the person, not\n"
              "# the body; date_in_text_only: no machine-readable date anywhere (page, feed, sitemap).\n")
    expected_path.write_text(header + yaml.safe_dump(expected(data), sort_keys=False, allow_unicode=True, width=120),
                             encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=HERE / "site", help="output folder for the static site")
    parser.add_argument("--expected", type=Path, default=HERE / "expected.yaml", help="gold data file to write")
    parser.add_argument("--stories", type=Path, default=HERE / "stories.yaml", help="source of truth")
    args = parser.parse_args()
    build(args.site, args.expected, args.stories)


if __name__ == "__main__":
    main()
