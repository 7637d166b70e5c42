"""The clipping as one self-contained HTML page, sized for a phone."""

from __future__ import annotations

from pipeline.reports.clipping import Clipping, Entry
from pipeline.reports.labels import labels, long_date
from pipeline.reports.render import esc, link, page


def _entry(e: Entry, text: dict[str, str]) -> str:
    parts = [
        f'<article id="a{e.article_id}">',
        f'<div class="meta">{esc(e.outlet)} · '
        + (f'{e.clock} {esc(text["wita"])} · ' if e.clock else "")
        + f'<span class="tone tone-{esc(e.tone)}">{esc(text.get(e.tone, e.tone))}</span>'
        + (f' <span class="adv">{esc(text["advertorial"])}</span>' if e.is_advertorial else "")
        + "</div>",
        f"<h3>{link(e.url, e.title)}</h3>",
    ]
    if e.spokespersons:
        parts.append(f'<div><span class="label">{esc(text["spokesperson"])}:</span> '
                     f'{esc(", ".join(e.spokespersons))}</div>')
    if e.mention_sentence:
        parts.append(f'<div class="quote">{esc(e.mention_sentence)}</div>')
    if e.body:
        parts.append(f'<div class="body">{esc(e.body)}</div>')
    if e.also:
        parts.append(f'<div class="also">{esc(text["also_mentions"])}: {esc(", ".join(e.also))}</div>')
    parts.append("</article>")
    return "\n".join(parts)


def clipping_html(clip: Clipping) -> str:
    text = labels(clip.language)
    title = f'{text["clip_title"]} · {long_date(clip.day, clip.language)}'
    out = [
        f'<header><h1>{esc(text["clip_title"])}</h1>'
        f'<p class="date">{esc(long_date(clip.day, clip.language))}</p></header>'
    ]
    if clip.empty:
        out.append(f"<p>{esc(text['clip_empty'])}</p>")
        return page(title, "\n".join(out), clip.language)
    out.append(f'<h2 id="ringkasan">{esc(text["summary"])}</h2>')
    cards = [(text["stories"], clip.stories), (text["outlets"], clip.outlets)]
    cards += [(text[t], clip.tones[t]) for t in ("positif", "netral", "negatif")]
    out.append('<div class="cards">' + "".join(
        f'<div class="card"><b>{n}</b>{esc(label)}</div>' for label, n in cards) + "</div>")
    if clip.top_agencies:
        out.append(f'<p class="label">{esc(text["top_agencies"])}</p><ol>'
                   + "".join(f"<li>{esc(n)} ({c})</li>" for n, c in clip.top_agencies) + "</ol>")
    out.append(f'<p class="label">{esc(text["pickup"])}</p>')
    if clip.pickups:
        out.append("<ul>" + "".join(
            f"<li>{esc(p.title)}: {esc(text['n_outlets'].format(n=len(p.outlets)))}"
            f" ({esc(', '.join(p.outlets))})</li>" for p in clip.pickups) + "</ul>")
    else:
        out.append(f"<p>{esc(text['pickup_none'])}</p>")
    out.append(f'<nav><h2>{esc(text["contents"])}</h2><ol>' + "".join(
        f'<li><a href="#g{i}">{esc(g.name)}</a> ({len(g.entries)})</li>'
        for i, g in enumerate(clip.groups, 1)) + "</ol></nav>")
    for i, group in enumerate(clip.groups, 1):
        out.append(f'<section><h2 id="g{i}">{esc(group.name)} ({len(group.entries)})</h2>')
        out.extend(_entry(e, text) for e in group.entries)
        out.append("</section>")
    return page(title, "\n".join(out), clip.language)
