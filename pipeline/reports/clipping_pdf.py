"""The clipping as a PDF (A5, readable on a phone): summary, contents, one card per story."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

from pipeline.reports.clipping import Clipping, Entry
from pipeline.reports.labels import labels, long_date
from pipeline.reports.pdf import A5, TONE_COLORS, build, contents, heading, mm, para_text, styles


def _entry(e: Entry, text: dict[str, str], st: dict) -> list:
    tone_color = TONE_COLORS.get(e.tone)
    tone = para_text(text.get(e.tone, e.tone))
    tone_html = f'<font color="{tone_color.hexval()}">{tone}</font>' if tone_color else tone
    clock = f"{e.clock} {para_text(text['wita'])} · " if e.clock else ""
    meta = f"{para_text(e.outlet)} · {clock}{tone_html}"
    if e.is_advertorial:
        meta += f" · <b>{para_text(text['advertorial'])}</b>"
    head = [Paragraph(meta, st["meta"]), Paragraph(para_text(e.title), st["h2"])]
    if e.url.lower().startswith(("http://", "https://")):
        head.append(Paragraph(f'<link href="{para_text(e.url)}" color="#0a4da8">{para_text(e.url)}</link>',
                              st["small"]))
    rest = []
    if e.spokespersons:
        rest.append(Paragraph(f"<b>{para_text(text['spokesperson'])}:</b> "
                              f"{para_text(', '.join(e.spokespersons))}", st["body"]))
    if e.mention_sentence:
        rest.append(Paragraph(f"“{para_text(e.mention_sentence)}”", st["quote"]))
    if e.body:
        rest.append(Paragraph(para_text(e.body), st["body"]))
    if e.also:
        rest.append(Paragraph(f"{para_text(text['also_mentions'])}: {para_text(', '.join(e.also))}",
                              st["small"]))
    # Keep the headline with at least the start of its story; long texts may still split.
    return [CondPageBreak(40 * mm), KeepTogether(head + rest[:1]), *rest[1:], Spacer(1, 5 * mm)]


def clipping_pdf(clip: Clipping) -> bytes:
    text = labels(clip.language)
    st = styles(10.5)
    day = long_date(clip.day, clip.language)
    story: list = [Paragraph(para_text(text["clip_title"]), st["title"]), Paragraph(para_text(day), st["date"])]
    if clip.empty:
        story.append(Paragraph(para_text(text["clip_empty"]), st["body"]))
    else:
        story.append(heading(text["summary"], "summary", st))
        counts = (f"<b>{clip.stories}</b> {para_text(text['stories'].lower())} · "
                  f"<b>{clip.outlets}</b> {para_text(text['outlets'].lower())}")
        story.append(Paragraph(counts, st["body"]))
        tones = " · ".join(f"{clip.tones[t]} {para_text(text[t])}" for t in ("positif", "netral", "negatif"))
        story.append(Paragraph(f"<b>{para_text(text['tone_split'])}:</b> {tones}", st["body"]))
        if clip.top_agencies:
            story.append(Paragraph(f"<b>{para_text(text['top_agencies'])}</b>", st["body"]))
            for i, (name, n) in enumerate(clip.top_agencies, 1):
                story.append(Paragraph(f"{i}. {para_text(name)} ({n})", st["body"]))
        story.append(Paragraph(f"<b>{para_text(text['pickup'])}</b>", st["body"]))
        if clip.pickups:
            for p in clip.pickups:
                story.append(Paragraph(
                    f"• {para_text(p.title)}: {para_text(text['n_outlets'].format(n=len(p.outlets)))} "
                    f"({para_text(', '.join(p.outlets))})", st["body"]))
        else:
            story.append(Paragraph(para_text(text["pickup_none"]), st["body"]))
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(para_text(text["contents"]), st["h1plain"]))
        story.append(contents(st))
        for i, group in enumerate(clip.groups, 1):
            story.append(PageBreak() if i == 1 else CondPageBreak(60 * mm))
            story.append(heading(f"{group.name} ({len(group.entries)})", f"g{i}", st))
            for e in group.entries:
                story.extend(_entry(e, text, st))
    title = f"{text['clip_title']} {clip.day.isoformat()}"
    return build(story, title, lambda n, total: f"{text['page']} {n} {text['of']} {total} · {day}", A5)
