"""Plain-tuple forms of tagger inputs and results, for sending them between processes.

``TagInput`` is a frozen slotted dataclass and the tagging records are ``NamedTuple``s: pickling
either calls Python code per object (``__getstate__``/``__setstate__``, ``__getnewargs__`` and the
generated ``__new__``), for each of the ~30 records of an article. That made the parent of
``tag_many(n_process=2)`` spend as much CPU per article as a worker's tagging. Plain tuples of
strings and numbers pickle in C; the parent turns them back into records with ``tuple.__new__``.
"""

from __future__ import annotations

from datetime import date

from pipeline.records import Candidate, Mention, Quote, TagInput, Tagging, Tone

PackedInput = tuple[str, str, date | None, bool]
PackedTagging = tuple[tuple, tuple, tuple, tuple]

_new = tuple.__new__  # a NamedTuple's own __new__ is a Python function


def pack_input(item: TagInput) -> PackedInput:
    """``TagInput`` as a tuple."""
    return (item.title, item.text, item.published_on, item.paser_outlet)


def unpack_input(packed: PackedInput) -> TagInput:
    """The ``TagInput`` of ``pack_input``."""
    return TagInput(*packed)


def pack_tagging(tagging: Tagging) -> PackedTagging:
    """``Tagging`` as nested plain tuples, field by field in declaration order."""
    mentions, quotes, tone, candidates = tagging
    return (tuple(map(tuple, mentions)), tuple(map(tuple, quotes)), tuple(tone), tuple(map(tuple, candidates)))


def unpack_tagging(packed: PackedTagging) -> Tagging:
    """The ``Tagging`` of ``pack_tagging``."""
    mentions, quotes, tone, candidates = packed
    return _new(Tagging, (
        tuple([_new(Mention, m) for m in mentions]),
        tuple([_new(Quote, q) for q in quotes]),
        _new(Tone, tone),
        tuple([_new(Candidate, c) for c in candidates]),
    ))
