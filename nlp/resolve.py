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
from bisect import bisect_right
from collections import Counter
from datetime import date
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.catalog import Catalog
from nlp.entity_matcher import SPANS_KEY
from nlp.layout import Layout
from nlp.token_table import TokenTable, hashes, token_table

log = logging.getLogger(__name__)

NOT_HOLDER = frozenset({"calon", "cabup", "cawabup", "mantan", "eks", "bakal", "paslon", "kandidat", "balon"})
# what may stand between a title and the name: "Bupati Paser, dr. H. Fahmi Fadli"
_TITLE_GAP = frozenset({",", "(", "dr", "dr.", "h", "h.", "hj", "hj.", "drs", "drs.", "ir", "ir.", "prof", "prof.",
                        "kh", "kh.", "hm", "hm.", "st", "-"})
_GAP_MAX = 4
# "pasangan calon Bupati dan Wakil Bupati": the candidate word may stand a few tokens earlier
_NOT_HOLDER_WINDOW = 3
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
_LABEL, _START_CHAR = itemgetter(0), itemgetter(3)  # fields of an ``entity_matcher.Match``

# what the resolver does with a match, by the kind of its label ("region" and "adjacent" words make
# no hit of their own)
_ENTITY, _ROLE, _GENERIC, _SHORT, _REGION = range(5)
_ACTIONS = {"entity": _ENTITY, "role": _ROLE, "generic": _GENERIC, "short": _SHORT, "region": _REGION,
            "adjacent": _REGION}


class _Label(NamedTuple):
    """What a match label means, worked out once per label (not once per match)."""

    action: int
    target: str
    kind: str  # ``entity`` labels: the entity's kind (the hit's kind)
    paser: bool  # ``entity`` labels: a Paser entity
    official: bool  # ``entity`` and ``short`` labels: the target is an official (a name a title may precede)
    paser_tie: bool  # ties its sentence to Paser
    other_tie: str | None  # ties its sentence to that other region
    place: tuple[str, str | None] | None  # region words: whose a generic name right before them is
    entity: object  # the catalog Entity of ``entity``/``generic`` labels, else None
    other_name: str  # how ``other:``/``unresolved:`` ids name it: generic name's slug, title's role id
    agency: str | None  # ``role`` labels: the agency the role heads


_PASER_TIE, _OTHER_TIE = attrgetter("paser_tie"), attrgetter("other_tie")


class _Labels(dict):
    """label -> ``_Label``, worked out on first use (a dict subclass, so that a ``map`` over it stays in C)."""

    def __init__(self, resolver: Resolver) -> None:
        super().__init__()
        self.resolver = resolver

    def __missing__(self, label: str) -> _Label:
        info = self[label] = self.resolver._label(label)
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

    def _label(self, label: str) -> _Label:
        kind, target = label.split("|", 1)
        action = _ACTIONS[kind]
        entity = self.catalog.get(target) if action in (_ENTITY, _GENERIC) else None
        paser_tie, other_tie, place, other_name, agency = False, None, None, "", None
        if action == _REGION:
            place = ("paser", None) if target in self.paser_regions else ("other", target)
            if kind == "region":
                paser_tie, other_tie = (True, None) if target in self.paser_regions else (False, target)
        elif action == _ENTITY:
            if entity.paser:
                paser_tie = True
            elif entity.government:
                other_tie = target
        elif action == _GENERIC:
            other_name = slug(entity.name)
        elif action == _ROLE:
            other_name, agency = target, self.catalog.role(target).agency
        named = self.catalog.get(target) if action in (_ENTITY, _SHORT) else None
        return _Label(action, target, entity.kind if action == _ENTITY else kind, action == _ENTITY and entity.paser,
                      named is not None and named.kind == "official", paser_tie, other_tie, place, entity,
                      other_name, agency)

    def __call__(self, doc: Doc, layout: Layout, sent_starts: list[int], published_on: date | None,
                 paser_outlet: bool) -> list[Hit]:
        """``sent_starts``: first character of each sentence (the first one starts at 0)."""
        matches = doc.user_data[SPANS_KEY]
        if layout.boilerplate:
            is_boilerplate = layout.is_boilerplate
            matches = [match for match in matches if not is_boilerplate(match.start_char)]
        if not matches:
            return []
        day = published_on or date.today()
        holders, led = self._days.get(day) or self._day(day)
        # every match's label info and sentence, in C (bisecting the starts after the first one gives
        # the sentence index itself)
        infos = list(map(self._labels.__getitem__, map(_LABEL, matches)))
        sents = list(map(bisect_right, repeat(sent_starts[1:]), map(_START_CHAR, matches)))
        ties = _Ties(sents, infos, paser_outlet)
        hits: list[Hit] = []
        led_hits: list[Hit] = []  # agencies led by the Paser officials counted: they follow all other hits
        seen_officials: set[str] = set()
        table = token_table(doc)
        dateline_start, dateline_end = layout.dateline
        index = -1
        for match, info, sent in zip(matches, infos, sents):
            index += 1
            action = info.action
            if action == _ENTITY:
                start_char = match.start_char
                if dateline_start <= start_char < dateline_end:
                    continue
                official = info.target
                hits.append(_new(Hit, (official, info.kind, info.paser, start_char, match.end_char, sent)))
                if not info.official:
                    continue
                seen_officials.add(official)
                if not info.paser:
                    continue
            elif action == _REGION:
                continue
            elif action == _GENERIC:
                whose, region = self._whose(table, matches, infos, index, sent, ties)
                if whose == "paser":
                    hits.append(_new(Hit, (info.target, "agency", True, match.start_char, match.end_char, sent)))
                elif whose == "other" and info.entity.government:
                    hits.append(_new(Hit, (region, "other", False, match.start_char, match.end_char, sent)))
                else:
                    other_id = f"other:{region}:{info.other_name}" if whose == "other" else f"unresolved:{info.other_name}"
                    hits.append(_new(Hit, (other_id, "agency", False, match.start_char, match.end_char, sent)))
                continue
            elif action == _ROLE:
                official = self._role(table, matches, infos, index, sent, ties, day, holders, hits)
                if official is None:
                    continue
                seen_officials.add(official)
            else:  # _SHORT
                official = info.target
                if official not in seen_officials:
                    self.discarded["short-name-before-full-name"] += 1
                    continue
                hits.append(_new(Hit, (official, "official", True, match.start_char, match.end_char, sent)))
            # a Paser official was counted: so are the agencies they lead
            agencies = led.get(official)
            if agencies is None:
                agencies = led[official] = self._led(official, day)
            for agency in agencies:
                led_hits.append(_new(Hit, (agency, "agency", True, match.start_char, match.end_char, sent)))
        hits += led_hits
        return hits

    def _day(self, day: date) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Empty caches for ``day``."""
        if len(self._days) >= 1024:  # re-tagging a long archive: start afresh rather than grow
            self._days.clear()
        found = self._days[day] = ({}, {})
        return found

    def _role(self, table: TokenTable, matches: list, infos: list[_Label], index: int, sent: int, ties: _Ties,
              day: date, holders: dict[str, tuple[str, ...]], hits: list[Hit]) -> str | None:
        """Count the title at ``index``; the official's id when it names a Paser official."""
        span = matches[index]
        start = span.start
        # a memoryview slice: the set test runs in C
        if not _NOT_HOLDER_IDS.isdisjoint(table.lower[max(0, start - _NOT_HOLDER_WINDOW): start]):
            self.discarded["title-not-office-holder"] += 1
            return None
        if self._named_next(table, matches, infos, index):
            return None  # "Bupati Paser Fahmi Fadli": the name that follows is the mention
        whose, region = self._whose(table, matches, infos, index, sent, ties)
        role_id = infos[index].target
        if whose != "paser":
            other_id = f"other:{region}:{role_id}" if whose == "other" else f"unresolved:{role_id}"
            hits.append(_new(Hit, (other_id, "official", False, span.start_char, span.end_char, sent)))
            return None
        ids = holders.get(role_id)
        if ids is None:
            ids = holders[role_id] = tuple(holder.id for holder in self.catalog.holders(role_id, day))
        if len(ids) != 1:
            # nobody known ("Kepala Diskominfostaper" before 2024), or several people ("Wakil Ketua
            # DPRD" with two vice-chairs): no person, but the office still names its agency
            log.info("%d holders of role %s on %s; no official counted", len(ids), role_id, day)
            self.discarded["role-without-single-holder"] += 1
            agency = infos[index].agency
            if agency:
                hits.append(_new(Hit, (agency, "agency", True, span.start_char, span.end_char, sent)))
            return None
        hits.append(_new(Hit, (ids[0], "official", True, span.start_char, span.end_char, sent)))
        return ids[0]

    @staticmethod
    def _named_next(table: TokenTable, matches: list, infos: list[_Label], index: int) -> bool:
        """Is the title followed (after an optional region word and titles) by an official's name?"""
        end = matches[index].end
        lower = table.lower
        for following in range(index + 1, min(index + 3, len(matches))):
            start = matches[following].start
            if start - end > _GAP_MAX or not _TITLE_GAP_IDS.issuperset(lower[end: start]):
                return False
            info = infos[following]
            if info.place is None:
                return info.official
            end = matches[following].end
        return False

    @staticmethod
    def _whose(table: TokenTable, matches: list, infos: list[_Label], index: int, sent: int,
               ties: _Ties) -> tuple[str, str | None]:
        """("paser"|"other"|"unresolved", region id) for the generic name or title at ``index``."""
        if index + 1 < len(matches):
            place = infos[index + 1].place
            if place is not None:
                # skip "(Dinkes)" and "Kabupaten"/"Kota" between the name and the region word
                i = matches[index].end
                start = matches[index + 1].start
                lower = table.lower
                if i + 2 < start and lower[i] == _OPEN_ID and lower[i + 2] == _CLOSE_ID:
                    i += 3
                if i < start and lower[i] in _REGION_GAP_IDS:
                    i += 1
                if i == start:
                    return place
        return ties.whose(sent)

    def _led(self, official_id: str, day: date) -> tuple[str, ...]:
        """The agencies a Paser official leads on ``day``."""
        dated = self._heads.get(official_id)
        if dated:
            agencies = {agency for term, agency in dated if term.covers(day)}
        else:
            leads = self.catalog.get(official_id).leads
            agencies = {leads} if leads else set()
        return tuple(sorted(agencies))


class _Ties:
    """Paser ties and other-region words, per sentence and for the whole article, and what they make
    of a generic name or title in a sentence (worked out once per sentence)."""

    def __init__(self, sents: list[int], infos: list[_Label], paser_outlet: bool) -> None:
        self._paser = list(compress(sents, map(_PASER_TIE, infos)))  # the sentence of each Paser tie
        regions = list(map(_OTHER_TIE, infos))
        self._others = list(compress(zip(sents, regions), regions))  # (sentence, region) of other-region ties
        self._paser_outlet = paser_outlet
        self._whose: dict[int, tuple[str, str | None]] = {}

    def whose(self, sent: int) -> tuple[str, str | None]:
        found = self._whose.get(sent)
        if found is None:
            found = self._whose[sent] = self._decide(sent)
        return found

    def _decide(self, sent: int) -> tuple[str, str | None]:
        paser_here = self._paser.count(sent)
        others = self._others
        others_here = [region for here, region in others if here == sent] if others else others
        if others_here and not paser_here:
            return "other", _most_common(others_here)
        if paser_here and not others_here:
            return "paser", None
        if self._paser_outlet:
            return "paser", None
        if paser_here and paser_here >= len(others_here):
            return "paser", None
        if self._paser and len(self._paser) >= len(others):
            return "paser", None
        if others:
            return "other", _most_common([region for _, region in others])
        return "unresolved", None


def _most_common(regions: list[str]) -> str:
    """The most frequent region; of equally frequent ones the first named (as ``Counter.most_common``)."""
    return max(dict.fromkeys(regions), key=regions.count)
