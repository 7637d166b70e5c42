"""Decide what each matched name means: whose agency, which person a title is, what counts.

Rules (documented for analysts in docs/entity-catalog.md):

1. Nothing inside a boilerplate line ("Baca juga: ...") counts or ties anything.
2. A generic name ("Dinas Kesehatan", "DPRD", "Bupati") directly followed by a region word
   ("Paser", "Kabupaten Paser", "Balikpapan", "PPU", "Kaltim"; an acronym in brackets or a word like
   "Kabupaten"/"Kota" may stand in between) belongs to that region.
3. Otherwise the sentence decides: another region named in it and no Paser tie -> that region's
   body; a Paser tie and no other region -> Paser's.
4. Otherwise a Paser government outlet makes it Paser's; else the article decides: Paser ties
   (Paser region words, Paser places, Paser officials and programs, a Paser dateline) at least as
   many as other-region words -> Paser's; other regions dominate -> that region's; no tie at all ->
   unresolved (``unresolved:<name>``, never Paser's).
5. Another region's body is ``other:<region id>:<name>``, or the region's government entity itself
   for "Pemkab"/"Pemkot"-like names ("Pemkab PPU" -> ``pemkab-ppu``).
6. A Paser title resolves to whoever held the role on the article's date (today when unknown); a
   title followed by a name ("Bupati Paser dr. Fahmi Fadli") is one mention of that person; "calon",
   "mantan" and the like up to three words before a title mean it is not the office holder; a title
   held by several people on that date ("Wakil Ketua DPRD") names nobody in particular.
7. Short names ("Fahmi") count only after the person was named in full or by a resolved title.
8. A Paser official's mention also counts for the agency they lead on that date (roles with an
   ``agency`` in roles.yaml), or for their ``leads`` agency when they hold no such role. A Paser title
   with an ``agency`` whose holder is unknown or not unique still counts for that agency.
9. Place names in the dateline tie the article to Paser but are not counted as mentions.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.catalog import Catalog
from nlp.entity_matcher import SPANS_KEY
from nlp.layout import Layout
from nlp.token_table import hashes, token_table

log = logging.getLogger(__name__)

NOT_HOLDER = frozenset({"calon", "cabup", "cawabup", "mantan", "eks", "bakal", "paslon", "kandidat", "balon"})
# what may stand between a title and the name: "Bupati Paser, dr. H. Fahmi Fadli"
_TITLE_GAP = frozenset({",", "(", "dr", "dr.", "h", "h.", "hj", "hj.", "drs", "drs.", "ir", "ir.", "prof", "prof.",
                        "kh", "kh.", "hm", "hm.", "st", "-"})
_GAP_MAX = 4
# region words may follow a generic name after these ("Dinas Kesehatan Kabupaten Fakfak")
_REGION_GAP = frozenset({"kabupaten", "kab", "kab.", "kota", "provinsi", "prov", "prov."})
# the same words as token hashes (``TokenTable.lower``): no Token objects or strings per check
_NOT_HOLDER_IDS = hashes(NOT_HOLDER)
_TITLE_GAP_IDS = hashes(_TITLE_GAP)
_REGION_GAP_IDS = hashes(_REGION_GAP)
_OPEN_ID, _CLOSE_ID = get_string_id("("), get_string_id(")")


class Hit(NamedTuple):
    """One counted occurrence of an entity (a tuple: thousands are made per second)."""

    entity_id: str
    kind: str
    paser: bool
    start_char: int
    end_char: int
    sent: int


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    name = re.sub(r"\b(?:Kabupaten|Kab\.?)\s+Paser\b|\bPaser\b", "", name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


_new = tuple.__new__  # a NamedTuple's own __new__ is a Python function: 2x slower
_START_CHAR = itemgetter(3)  # of a ``Hit``

# what the resolver does with a match, by the kind of its label ("region" and "adjacent" words make
# no hit of their own)
_ENTITY, _ROLE, _GENERIC, _SHORT, _REGION = range(5)
_ACTIONS = {"entity": _ENTITY, "role": _ROLE, "generic": _GENERIC, "short": _SHORT, "region": _REGION,
            "adjacent": _REGION}
_PASER = object()  # the tie of a label that ties its sentence to Paser


class _Label(NamedTuple):
    """What a match label means, worked out once per label (not once per match).

    Stored as a plain tuple and unpacked once per match: a NamedTuple's attributes cost ~20 ns each.
    """

    action: int
    target: str
    kind: str  # ``entity`` and ``generic`` labels: the entity's kind (the hit's kind)
    paser: bool  # ``entity`` labels: a Paser entity
    official: bool  # ``entity`` and ``short`` labels: the target is an official (a name a title may precede)
    tie: object  # None: ties nothing; _PASER: ties its sentence to Paser; a region id: to that region
    place: tuple[str, str | None] | None  # region words: whose a generic name right before them is
    government: bool  # ``generic`` labels: names a regional government ("Pemkab"): another region's is that region
    other_name: str  # how ``other:``/``unresolved:`` ids name it: the generic name's slug, the title's role id
    agency: str | None  # ``role`` labels: the agency the role heads


_PLACE, _OFFICIAL = _Label._fields.index("place"), _Label._fields.index("official")
_NAMED = ("named", None)  # a title followed by an official's name: the name is the mention


class _Labels(dict):
    """label -> ``_Label`` (as a plain tuple), worked out on first use."""

    def __init__(self, resolver: Resolver) -> None:
        super().__init__()
        self.resolver = resolver

    def __missing__(self, label: str) -> tuple:
        info = self[label] = tuple(self.resolver._label(label))
        return info


class Resolver:
    """Turns ``doc.spans['pantau']`` into counted hits for one article."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.paser_regions = frozenset(e.id for e in catalog.entities if e.paser and (e.region or e.region_adjacent))
        self.discarded: Counter[str] = Counter()
        self._labels = _Labels(self)
        # official id -> [(role term, agency the role heads)]
        self._heads = {e.id: [(t, catalog.role(t.role).agency) for t in e.roles if catalog.role(t.role).agency]
                       for e in catalog.entities if e.kind == "official"}
        # day -> (role id -> ids of its holders, official id -> agencies they lead): articles come from
        # a few days, and ``Catalog.holders`` compares whole Entity dataclasses
        self._days: dict[date, tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}
        # role id -> the governments without that office ("Wakil Bupati": the province, the cities)
        self._no_office = {role.id: frozenset(e.id for e in catalog.entities
                                              if e.level is not None and e.level not in role.levels)
                           for role in catalog.roles}

    def _label(self, label: str) -> _Label:
        kind, target = label.split("|", 1)
        action = _ACTIONS[kind]
        entity = self.catalog.get(target) if action in (_ENTITY, _GENERIC) else None
        tie, place, other_name, agency = None, None, "", None
        if action == _REGION:
            place = ("paser", None) if target in self.paser_regions else ("other", target)
            if kind == "region":
                tie = _PASER if target in self.paser_regions else target
        elif action == _ENTITY:
            if entity.paser:
                tie = _PASER
            elif entity.government:
                tie = target
        elif action == _GENERIC:
            other_name = slug(entity.name)
        elif action == _ROLE:
            other_name, agency = target, self.catalog.role(target).agency
        named = self.catalog.get(target) if action in (_ENTITY, _SHORT) else None
        return _Label(action, target, entity.kind if action in (_ENTITY, _GENERIC) else kind, action == _ENTITY and entity.paser,
                      named is not None and named.kind == "official", tie, place,
                      action == _GENERIC and entity.government, other_name, agency)

    def __call__(self, doc: Doc, layout: Layout, sent_starts: list[int], published_on: date | None,
                 paser_outlet: bool) -> list[Hit]:
        """``sent_starts``: first character of each sentence (the first one starts at 0).

        One pass counts what the text around a match decides and collects the ties; generic names
        and titles that only the sentence's or the article's ties can place are parked (a ``None``
        in ``hits``) and decided after it, with the short names that follow a parked title.
        """
        matches = doc.user_data[SPANS_KEY]
        if layout.boilerplate:
            is_boilerplate = layout.is_boilerplate
            matches = [match for match in matches if not is_boilerplate(match.start_char)]
        day = published_on or date.today()
        holders, led = self._days.get(day) or self._day(day)
        labels = self._labels
        lower = token_table(doc).lower
        dateline_start, dateline_end = layout.dateline
        # matches and sentences are both in text order: walk them together (cheaper than a bisect)
        bounds = sent_starts[1:]
        bounds.append(sys.maxsize)
        sent, next_start = 0, bounds[0]
        hits: list[Hit | None] = []
        paser_ties: list[int] = []  # the sentence of each tie to Paser
        other_sents: list[int] = []  # the sentence of each tie to another region,
        other_regions: list[str] = []  # and the region
        seen: dict[str, int] = {}  # official id -> index of the first match that counted them
        counted: list[Hit] = []  # the Paser officials' hits: the agencies they lead count too
        parked: list[tuple] = []  # (match index, its slot in hits, sentence, label info, match)
        title_parked = False
        for index, match in enumerate(matches):
            start_char = match.start_char
            while start_char >= next_start:
                sent += 1
                next_start = bounds[sent]
            info = labels[match.label]
            action, target, kind, paser, official, tie, place, government, other_name, agency = info
            if action == _ENTITY:
                if tie is not None:
                    if tie is _PASER:
                        paser_ties.append(sent)
                    else:
                        other_sents.append(sent)
                        other_regions.append(tie)
                if dateline_start <= start_char < dateline_end:
                    continue
                hit = _new(Hit, (target, kind, paser, start_char, match.end_char, sent))
                hits.append(hit)
                if official:
                    seen.setdefault(target, index)
                    if paser:
                        counted.append(hit)
            elif action == _REGION:
                if tie is _PASER:
                    paser_ties.append(sent)
                elif tie is not None:
                    other_sents.append(sent)
                    other_regions.append(tie)
            elif action == _GENERIC:
                place = self._place_after(lower, matches, index)
                if place is None:
                    parked.append((index, len(hits), sent, info, match))
                    hits.append(None)
                else:
                    hits.append(_generic_hit(target, kind, government, other_name, place, match, sent))
            elif action == _ROLE:
                if _not_holder(lower, match.start):
                    self.discarded["title-not-office-holder"] += 1
                    continue
                place = self._after_title(lower, matches, index)
                if place is _NAMED:
                    continue
                if place is None:
                    title_parked = True
                    parked.append((index, len(hits), sent, info, match))
                    hits.append(None)
                    continue
                hit = self._title_hit(target, agency, place, match, sent, day, holders)
                if hit is not None:
                    hits.append(hit)
                    if hit.paser and hit.kind == "official":  # the title named its holder
                        seen.setdefault(hit.entity_id, index)
                        counted.append(hit)
            elif title_parked:  # a short name: a parked title before it may name the official
                parked.append((index, len(hits), sent, info, match))
                hits.append(None)
            elif target in seen:
                hit = _new(Hit, (target, "official", True, start_char, match.end_char, sent))
                hits.append(hit)
                counted.append(hit)
            else:
                self.discarded["short-name-before-full-name"] += 1
        if parked:
            article = _article_whose(paser_ties, other_regions, paser_outlet)
            for index, slot, sent, info, match in parked:
                action, target, kind, paser, official, tie, place, government, other_name, agency = info
                if action == _GENERIC:
                    whose = _sentence_whose(sent, paser_ties, other_sents, other_regions, article)
                    hits[slot] = _generic_hit(target, kind, government, other_name, whose, match, sent)
                elif action == _ROLE:
                    absent = self._no_office[target]
                    if absent.isdisjoint(other_regions):
                        whose = _sentence_whose(sent, paser_ties, other_sents, other_regions, article)
                    else:
                        # a tie to a government without this office says nothing about the title:
                        # "Wabup" beside "Pemprov Kaltim" is no province's Wabup
                        kept = [i for i, region in enumerate(other_regions) if region not in absent]
                        regions = [other_regions[i] for i in kept]
                        whose = _sentence_whose(sent, paser_ties, [other_sents[i] for i in kept], regions,
                                                _article_whose(paser_ties, regions, paser_outlet))
                    hit = hits[slot] = self._title_hit(target, agency, whose, match, sent, day, holders)
                    if hit is not None and hit.paser and hit.kind == "official":
                        if seen.get(hit.entity_id, index) >= index:
                            seen[hit.entity_id] = index
                        counted.append(hit)
                elif seen.get(target, index) < index:
                    hit = hits[slot] = _new(Hit, (target, "official", True, match.start_char, match.end_char, sent))
                    counted.append(hit)
                else:
                    self.discarded["short-name-before-full-name"] += 1
            hits = list(filter(None, hits))  # parked names that counted nothing
            counted.sort(key=_START_CHAR)
        # a Paser official counted: so are the agencies they lead (after all other hits)
        for hit in counted:
            official = hit.entity_id
            agencies = led.get(official)
            if agencies is None:
                agencies = led[official] = self._led(official, day)
            for agency in agencies:
                hits.append(_new(Hit, (agency, "agency", True, hit.start_char, hit.end_char, hit.sent)))
        return hits

    def _day(self, day: date) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Empty caches for ``day``."""
        if len(self._days) >= 1024:  # re-tagging a long archive: start afresh rather than grow
            self._days.clear()
        found = self._days[day] = ({}, {})
        return found

    def _place_after(self, lower, matches: list, index: int) -> tuple[str, str | None] | None:
        """Whose the generic name or title at ``index`` is, when a region word follows it."""
        if index + 1 < len(matches):
            following = matches[index + 1]
            place = self._labels[following.label][_PLACE]
            if place is not None and _region_next(lower, matches[index].end, following.start):
                return place
        return None

    def _after_title(self, lower, matches: list, index: int) -> tuple[str, str | None] | None:
        """``_NAMED`` if an official's name follows the title at ``index`` (after an optional region
        word and titles: "Bupati Paser, dr. Fahmi Fadli"), else as ``_place_after``."""
        if index + 1 == len(matches):
            return None
        following = matches[index + 1]
        info = self._labels[following.label]
        place = info[_PLACE]
        end, start = matches[index].end, following.start
        if _title_gap(lower, end, start):
            if place is None:
                return _NAMED if info[_OFFICIAL] else None
            if index + 2 < len(matches):  # "Bupati Paser Fahmi Fadli"
                name = matches[index + 2]
                info = self._labels[name.label]
                if info[_PLACE] is None and info[_OFFICIAL] and _title_gap(lower, following.end, name.start):
                    return _NAMED
        if place is not None and _region_next(lower, end, start):
            return place
        return None

    def _title_hit(self, role_id: str, agency: str | None, whose: tuple[str, str | None], match, sent: int,
                   day: date, holders: dict[str, tuple[str, ...]]) -> Hit | None:
        """The hit of a title of ``role_id`` that is ``whose``: ("paser"|"other"|"unresolved", region id)."""
        if whose[0] != "paser":
            other_id = f"other:{whose[1]}:{role_id}" if whose[0] == "other" else f"unresolved:{role_id}"
            return _new(Hit, (other_id, "official", False, match.start_char, match.end_char, sent))
        ids = holders.get(role_id)
        if ids is None:
            ids = holders[role_id] = tuple(holder.id for holder in self.catalog.holders(role_id, day))
        if len(ids) != 1:
            # nobody known ("Kepala Diskominfostaper" before 2024), or several people ("Wakil Ketua
            # DPRD" with two vice-chairs): no person, but the office still names its agency
            log.info("%d holders of role %s on %s; no official counted", len(ids), role_id, day)
            self.discarded["role-without-single-holder"] += 1
            if agency:
                return _new(Hit, (agency, "agency", True, match.start_char, match.end_char, sent))
            return None
        return _new(Hit, (ids[0], "official", True, match.start_char, match.end_char, sent))

    def _led(self, official_id: str, day: date) -> tuple[str, ...]:
        """The agencies a Paser official leads on ``day``."""
        dated = self._heads.get(official_id)
        if dated:
            agencies = {agency for term, agency in dated if term.covers(day)}
        else:
            leads = self.catalog.get(official_id).leads
            agencies = {leads} if leads else set()
        return tuple(sorted(agencies))


def _not_holder(lower, start: int) -> bool:
    """Does "calon", "mantan" or the like stand up to three tokens before the title at token
    ``start``? ("pasangan calon Bupati dan Wakil Bupati": the candidate word may stand a few tokens earlier)"""
    if start < 3:
        return not _NOT_HOLDER_IDS.isdisjoint(lower[:start])
    # token by token: a memoryview slice alone costs ~190 ns
    return lower[start - 1] in _NOT_HOLDER_IDS or lower[start - 2] in _NOT_HOLDER_IDS or lower[start - 3] in _NOT_HOLDER_IDS


def _region_next(lower, end: int, start: int) -> bool:
    """Does the region word at token ``start`` belong to the name or title ending at token ``end``?
    Only "(Dinkes)" and "Kabupaten"/"Kota" may stand between them."""
    if end + 2 < start and lower[end] == _OPEN_ID and lower[end + 2] == _CLOSE_ID:
        end += 3
    if end < start and lower[end] in _REGION_GAP_IDS:
        end += 1
    return end == start


def _title_gap(lower, end: int, start: int) -> bool:
    """Between tokens ``end`` and ``start`` only what may separate a title from the name ("dr.", ",")."""
    # most names follow right away: no memoryview slice for an empty gap (~190 ns)
    return start == end or (start - end <= _GAP_MAX and _TITLE_GAP_IDS.issuperset(lower[end: start]))


def _generic_hit(entity_id: str, kind: str, government: bool, other_name: str, whose: tuple[str, str | None],
                 match, sent: int) -> Hit:
    """The hit of a generic name of ``entity_id`` (an agency or a place) that is ``whose``:
    ("paser"|"other"|"unresolved", region id)."""
    if whose[0] == "paser":
        return _new(Hit, (entity_id, kind, True, match.start_char, match.end_char, sent))
    if whose[0] == "other" and government:
        return _new(Hit, (whose[1], "other", False, match.start_char, match.end_char, sent))
    other_id = f"other:{whose[1]}:{other_name}" if whose[0] == "other" else f"unresolved:{other_name}"
    return _new(Hit, (other_id, kind, False, match.start_char, match.end_char, sent))


def _article_whose(paser: list[int], others: list[str], paser_outlet: bool) -> tuple[str, str | None]:
    """Whose a generic name or title is when its sentence does not decide: a Paser outlet's, else
    the article's ties decide (``paser``: one item per tie to Paser; ``others``: the region of each
    tie to another region)."""
    if paser_outlet or (paser and len(paser) >= len(others)):
        return "paser", None
    if others:
        return "other", _most_common(others)
    return "unresolved", None


def _sentence_whose(sent: int, paser: list[int], other_sents: list[int], other_regions: list[str],
                    article: tuple[str, str | None]) -> tuple[str, str | None]:
    """Whose a generic name or title in sentence ``sent`` is, from the sentence of each tie to Paser
    and of each tie to another region (``article``: when the sentence does not decide)."""
    paser_here = paser.count(sent)
    if sent not in other_sents:  # most sentences: a C scan, no list built
        return ("paser", None) if paser_here else article
    others_here = [region for here, region in zip(other_sents, other_regions) if here == sent]
    if not paser_here:
        return "other", _most_common(others_here)
    return ("paser", None) if paser_here >= len(others_here) else article


def _most_common(regions: list[str]) -> str:
    """The most frequent region; of equally frequent ones the first named (as ``Counter.most_common``)."""
    return max(dict.fromkeys(regions), key=regions.count)
