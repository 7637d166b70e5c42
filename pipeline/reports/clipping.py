"""The daily clipping (kliping berita): the day's stories about the regency, grouped for a reader.

``load_clipping`` reads one WITA day from the output views in one short read session;
``write_clipping`` renders ``kliping-YYYY-MM-DD.{html,pdf,csv,txt}`` under
``<output>/kliping/YYYY/MM/``. Each story appears once, in the group of its main subject: the
regency leadership (``config.clipping.leadership``, in that order) first, then agencies and programs
by number of stories; the other Paser entities it names are listed with it. A story is the
leadership's when a leader official is named in its headline or lead, or the regency government
(Pemkab) in its headline, or in its lead when no agency or program is named.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.config import Config
from pipeline.reports.labels import labels, long_date
from pipeline.store import Store

log = logging.getLogger(__name__)

LEADERSHIP_KEY = "__leadership__"
OTHER_KEY = "__other__"
TOP_AGENCIES = 5


@dataclass
class Entry:
    """One story as the clipping shows it."""

    article_id: int
    outlet: str
    published_local: datetime
    title: str
    url: str
    tone: str
    is_advertorial: bool
    spokespersons: list[str]
    mention_sentence: str
    body: str
    also: list[str]
    cluster_id: int

    @property
    def clock(self) -> str:
        """``HH:MM``; empty at exactly midnight, which is what a date-only source gives."""
        t = self.published_local
        return "" if (t.hour, t.minute, t.second) == (0, 0, 0) else t.strftime("%H:%M")


@dataclass
class Group:
    key: str
    name: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Pickup:
    """A press release (syndication cluster) carried by more than one outlet that day."""

    title: str
    outlets: list[str]
    copies: int


@dataclass
class Clipping:
    day: date
    language: str
    groups: list[Group]
    stories: int
    outlets: int
    tones: dict[str, int]
    top_agencies: list[tuple[str, int]]
    pickups: list[Pickup]

    @property
    def empty(self) -> bool:
        return self.stories == 0


def excerpt(text: str, limit: int) -> str:
    """The first ``limit`` characters, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:-")
    return cut + " …"


def load_clipping(config: Config, store: Store, day: date) -> Clipping:
    """Query one day and arrange it into groups (no rendering)."""
    with store.read() as con:
        stories = con.execute(
            "SELECT article_id, outlet, published_local, title, url, tone, is_advertorial, text,"
            " cluster_id FROM v_paser_articles WHERE published_date = ?"
            " ORDER BY published_at, article_id",
            [day],
        ).fetchall()
        mentions = con.execute(
            "SELECT article_id, entity_id, kind, short_name, count, in_headline, in_lead,"
            " first_sentence FROM v_paser_mentions WHERE published_date = ?"
            " ORDER BY article_id, entity_id",
            [day],
        ).fetchall()
        quotes = con.execute(
            "SELECT article_id, speaker FROM v_spokespersons WHERE published_date = ?"
            " ORDER BY article_id, seq",
            [day],
        ).fetchall()
    return arrange(config, day, stories, mentions, quotes)


def _rank(mention: tuple) -> tuple:
    # The main subject: named in the headline, then most often, then in the lead; agencies before
    # programs; the id breaks ties so the result never depends on row order.
    _, entity_id, kind, _, count, in_headline, in_lead, _ = mention
    return (-(in_headline > 0), -count, -(in_lead > 0), 0 if kind == "agency" else 1, entity_id)


def _sentence(main: tuple | None, title: str) -> str:
    """The first sentence naming the main subject, unless it only repeats the headline."""
    sentence = (main[7] or "") if main else ""
    if " ".join(sentence.lower().split()).rstrip(".") == " ".join(title.lower().split()).rstrip("."):
        return ""
    return sentence


def _leads_story(mention: tuple, leadership: list[str]) -> bool:
    # A leader named in passing ("... kata Sekda") does not make a story about the leadership:
    # an official must be in the headline or lead, the regency government (an agency, named in
    # almost every government story) in the headline.
    _, entity_id, kind, _, _, in_headline, in_lead, _ = mention
    if entity_id not in leadership:
        return False
    return in_headline > 0 or (kind == "official" and in_lead > 0)


def arrange(config: Config, day: date, stories: list, mentions: list, quotes: list) -> Clipping:
    """Group the day's stories (pure function over query rows; tested directly)."""
    settings = config.clipping
    text = labels(settings.language)
    leadership = list(settings.leadership)
    by_article: dict[int, list[tuple]] = {}
    for row in mentions:
        by_article.setdefault(row[0], []).append(row)
    speakers: dict[int, list[str]] = {}
    for article_id, speaker in quotes:
        names = speakers.setdefault(article_id, [])
        if speaker and speaker not in names:
            names.append(speaker)

    groups: dict[str, Group] = {}
    agency_counts: Counter[str] = Counter()
    agency_names: dict[str, str] = {}
    tones: Counter[str] = Counter()
    outlets: set[str] = set()
    clusters: dict[int, list[tuple[str, str]]] = {}
    for article_id, outlet, local, title, url, tone, advertorial, body, cluster_id in stories:
        found = by_article.get(article_id, [])
        leaders = sorted((m for m in found if _leads_story(m, leadership)),
                         key=lambda m: leadership.index(m[1]))
        # "Pemkab Paser melalui DPUTR ...": the umbrella is not the subject when an agency is named.
        subjects = sorted((m for m in found if m[2] in ("agency", "program") and m[1] not in leadership),
                          key=_rank)
        if not leaders and not subjects:
            # No agency or program: the umbrella (Pemkab) in the lead still makes it the
            # leadership's story; named only further down, it goes to "Lainnya".
            leaders = sorted((m for m in found if m[1] in leadership and (m[5] > 0 or m[6] > 0)),
                             key=lambda m: leadership.index(m[1]))
        if leaders:
            key, name, main = LEADERSHIP_KEY, text["leadership"], leaders[0]
        elif subjects:
            main = subjects[0]
            key, name = main[1], main[3]
        else:
            main = sorted(found, key=_rank)[0] if found else None
            key, name = OTHER_KEY, text["other_group"]
        also = [m[3] for m in sorted(found, key=_rank)
                if main is None or m[1] != main[1]]
        if settings.body == "full":
            shown = " ".join(body.split())
        else:
            shown = excerpt(body, settings.lead_chars)
        entry = Entry(
            article_id=article_id, outlet=outlet, published_local=local, title=title, url=url,
            tone=tone, is_advertorial=bool(advertorial), spokespersons=speakers.get(article_id, []),
            mention_sentence=_sentence(main, title), body=shown, also=also,
            cluster_id=cluster_id,
        )
        groups.setdefault(key, Group(key, name)).entries.append(entry)
        tones[tone] += 1
        outlets.add(outlet)
        clusters.setdefault(cluster_id, []).append((outlet, title))
        for m in found:
            if m[2] == "agency":
                agency_counts[m[1]] += 1
                agency_names[m[1]] = m[3]

    def order(group: Group) -> tuple:
        if group.key == LEADERSHIP_KEY:
            return (0, 0, "")
        if group.key == OTHER_KEY:
            return (2, 0, "")
        return (1, -len(group.entries), group.name.lower())

    pickups = []
    for members in clusters.values():
        names = sorted({o for o, _ in members})
        if len(names) > 1:
            pickups.append(Pickup(title=members[0][1], outlets=names, copies=len(members)))
    pickups.sort(key=lambda p: (-len(p.outlets), p.title))
    top = sorted(agency_counts.items(), key=lambda kv: (-kv[1], agency_names[kv[0]].lower()))
    return Clipping(
        day=day,
        language=settings.language,
        groups=sorted(groups.values(), key=order),
        stories=len(stories),
        outlets=len(outlets),
        tones={t: tones.get(t, 0) for t in ("positif", "netral", "negatif")},
        top_agencies=[(agency_names[k], n) for k, n in top[:TOP_AGENCIES]],
        pickups=pickups,
    )


def chat_summary(clip: Clipping) -> str:
    """The short plain-text message sent with the clipping."""
    text = labels(clip.language)
    day = long_date(clip.day, clip.language)
    if clip.empty:
        return text["chat_empty"].format(day=day) + "\n"
    lines = [
        text["chat_intro"].format(day=day),
        text["chat_counts"].format(stories=clip.stories, outlets=clip.outlets, **clip.tones),
    ]
    if clip.top_agencies:
        lines.append(text["chat_top"].format(items=", ".join(f"{n} ({c})" for n, c in clip.top_agencies)))
    lines.append(text["chat_pickup"].format(n=len(clip.pickups)))
    lines.append(text["chat_files"].format(name=f"kliping-{clip.day.isoformat()}"))
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ("group", "article_id", "outlet", "time", "title", "url", "tone", "advertorial",
               "spokespersons", "mention_sentence", "also_mentions", "body")


def clipping_csv(clip: Clipping) -> str:
    from pipeline.reports.tables import to_csv

    rows = []
    for group in clip.groups:
        for e in group.entries:
            rows.append({
                "group": group.name, "article_id": e.article_id, "outlet": e.outlet,
                "time": e.clock, "title": e.title, "url": e.url,
                "tone": e.tone, "advertorial": int(e.is_advertorial),
                "spokespersons": "; ".join(e.spokespersons), "mention_sentence": e.mention_sentence,
                "also_mentions": "; ".join(e.also), "body": e.body,
            })
    return to_csv(rows, CSV_COLUMNS)


def clipping_paths(config: Config, day: date) -> dict[str, Path]:
    folder = config.output / "kliping" / f"{day.year:04d}" / f"{day.month:02d}"
    stem = f"kliping-{day.isoformat()}"
    return {ext: folder / f"{stem}.{ext}" for ext in ("html", "pdf", "csv", "txt")}


def write_clipping(config: Config, store: Store, day: date) -> list[Path]:
    """Render the clipping of one WITA day; returns the files written (html, pdf, csv, txt)."""
    from pipeline.reports.clipping_html import clipping_html
    from pipeline.reports.clipping_pdf import clipping_pdf

    clip = load_clipping(config, store, day)
    paths = clipping_paths(config, day)
    paths["html"].parent.mkdir(parents=True, exist_ok=True)
    paths["html"].write_text(clipping_html(clip), encoding="utf-8")
    paths["pdf"].write_bytes(clipping_pdf(clip))
    paths["csv"].write_text(clipping_csv(clip), encoding="utf-8")
    paths["txt"].write_text(chat_summary(clip), encoding="utf-8")
    log.info("clipping %s: %s stories in %s groups -> %s", day, clip.stories, len(clip.groups),
             paths["html"].parent)
    return list(paths.values())
