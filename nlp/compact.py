"""Plain-tuple forms of tagger inputs and results, for sending them between processes.

``TagInput``, ``Tagging`` and the records inside are frozen slotted dataclasses: pickling one calls
its ``__getstate__`` and unpickling its ``__setstate__``, both Python code, for each of the ~25
mentions, quotes and candidates of an article. That made the parent of ``tag_many(n_process=2)``
spend ~0.2 ms per article, as much as a worker's tagging. Tuples of strings and numbers pickle in C;
the parent rebuilds the records with their constructors.
"""

from __future__ import annotations

from datetime import date

from pipeline.records import Candidate, Mention, Quote, TagInput, Tagging, Tone

PackedInput = tuple[str, str, date | None, bool]
PackedTagging = tuple[tuple, tuple, tuple, tuple]


def pack_input(item: TagInput) -> PackedInput:
    """``TagInput`` as a tuple."""
    return (item.title, item.text, item.published_on, item.paser_outlet)


def unpack_input(packed: PackedInput) -> TagInput:
    """The ``TagInput`` of ``pack_input``."""
    return TagInput(*packed)


def pack_tagging(tagging: Tagging) -> PackedTagging:
    """``Tagging`` as nested tuples, field by field in declaration order."""
    tone = tagging.tone
    return (
        tuple((m.entity_id, m.kind, m.count, m.in_headline, m.in_lead, m.in_body, m.first_sentence, m.tone, m.paser)
              for m in tagging.mentions),
        tuple((q.speaker, q.text, q.official_id, q.verb) for q in tagging.quotes),
        (tone.label, tone.score, tone.positive, tone.negative),
        tuple((c.phrase, c.kind, c.sentence) for c in tagging.candidates),
    )


def unpack_tagging(packed: PackedTagging) -> Tagging:
    """The ``Tagging`` of ``pack_tagging``."""
    mentions, quotes, tone, candidates = packed
    return Tagging(
        mentions=tuple(Mention(*m) for m in mentions),
        quotes=tuple(Quote(*q) for q in quotes),
        tone=Tone(*tone),
        candidates=tuple(Candidate(*c) for c in candidates),
    )
