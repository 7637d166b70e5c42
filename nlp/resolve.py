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
from typing import NamedTuple
from datetime import date
from functools import lru_cache

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
_NO_TIE = object()  # a label that ties its sentence to no region


class _Label(NamedTuple):
    """What a match label means, worked out once per label (not once per match)."""

    kind: str
    target: str
    entity: object  # the catalog Entity of ``entity``/``generic`` labels, else None
    tie: object  # None: ties to Paser; a region id: ties to that region; _NO_TIE: ties nothing


class Resolver:
    """Turns ``doc.spans['pantau']`` into counted hits for one article."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.paser_regions = frozenset(e.id for e in catalog.entities if e.paser and (e.region or e.region_adjacent))
        self.discarded: Counter[str] = Counter()
        self._labels: dict[str, _Label] = {}
        # official id -> [(role term, agency the role heads)]
        self._heads = {e.id: [(t, catalog.role(t.role).agency) for t in e.roles if catalog.role(t.role).agency]
                       for e in catalog.entities if e.kind == "official"}

    def _label(self, label: str) -> _Label:
        kind, target = label.split("|", 1)
        entity = self.catalog.get(target) if kind in ("entity", "generic") else None
        tie: object = _NO_TIE
        if kind == "region":
            tie = None if target in self.paser_regions else target
        elif kind == "entity":
            if entity.paser:
                tie = None
            elif entity.government:
                tie = target
        info = self._labels[label] = _Label(kind, target, entity, tie)
        return info

    def __call__(self, doc: Doc, layout: Layout, sent_starts: list[int], published_on: date | None,
                 paser_outlet: bool) -> list[Hit]:
        day = published_on or date.today()
        # sent_starts: first character of each sentence
        labels = self._labels
        boilerplate = layout.is_boilerplate if layout.boilerplate else None
        parsed = []
        infos = []
        ties = _Ties()
        for span in doc.user_data[SPANS_KEY]:
            if boilerplate is not None and boilerplate(span.start_char):
                continue
            info = labels.get(span.label) or self._label(span.label)
            sent = bisect_right(sent_starts, span.start_char) - 1
            parsed.append((span, info.kind, info.target, sent))
            infos.append(info)
            if info.tie is not _NO_TIE:
                ties.add(sent, info.tie)
        hits: list[Hit] = []
        seen_officials: set[str] = set()
        table = token_table(doc)
        dateline_start, dateline_end = layout.dateline
        for index, (span, kind, target, sent) in enumerate(parsed):
            if kind == "entity":
                entity = infos[index].entity
                if dateline_start <= span.start_char < dateline_end:
                    continue
                hits.append(_new(Hit, (target, entity.kind, entity.paser, span.start_char, span.end_char, sent)))
                if entity.kind == "official":
                    seen_officials.add(target)
            elif kind == "role":
                self._role(table, parsed, index, ties, paser_outlet, day, hits, seen_officials)
            elif kind == "generic":
                agency = infos[index].entity
                whose, region = self._whose(table, parsed, index, ties, paser_outlet)
                if whose == "paser":
                    hits.append(_new(Hit, (target, "agency", True, span.start_char, span.end_char, sent)))
                elif whose == "other" and agency.government:
                    hits.append(Hit(region, "other", False, span.start_char, span.end_char, sent))
                else:
                    other_id = f"other:{region}:{slug(agency.name)}" if whose == "other" else f"unresolved:{slug(agency.name)}"
                    hits.append(Hit(other_id, "agency", False, span.start_char, span.end_char, sent))
            elif kind == "short":
                if target in seen_officials:
                    hits.append(_new(Hit, (target, "official", True, span.start_char, span.end_char, sent)))
                else:
                    self.discarded["short-name-before-full-name"] += 1
        return hits + self._led_agencies(hits, day)

    def _role(self, table: TokenTable, parsed: list, index: int, ties: "_Ties", paser_outlet: bool, day: date,
              hits: list[Hit], seen_officials: set[str]) -> None:
        span, _, role_id, sent = parsed[index]
        lower = table.lower
        if any(lower[i] in _NOT_HOLDER_IDS for i in range(max(0, span.start - _NOT_HOLDER_WINDOW), span.start)):
            self.discarded["title-not-office-holder"] += 1
            return
        if self._named_next(table, parsed, index):
            return  # "Bupati Paser Fahmi Fadli": the name that follows is the mention
        whose, region = self._whose(table, parsed, index, ties, paser_outlet)
        if whose != "paser":
            other_id = f"other:{region}:{role_id}" if whose == "other" else f"unresolved:{role_id}"
            hits.append(Hit(other_id, "official", False, span.start_char, span.end_char, sent))
            return
        holders = self.catalog.holders(role_id, day)
        if len(holders) != 1:
            # nobody known ("Kepala Diskominfostaper" before 2024), or several people ("Wakil Ketua
            # DPRD" with two vice-chairs): no person, but the office still names its agency
            log.info("%d holders of role %s on %s; no official counted", len(holders), role_id, day)
            self.discarded["role-without-single-holder"] += 1
            agency = self.catalog.role(role_id).agency
            if agency:
                hits.append(Hit(agency, "agency", True, span.start_char, span.end_char, sent))
            return
        holder = holders[0]
        seen_officials.add(holder.id)
        hits.append(_new(Hit, (holder.id, "official", True, span.start_char, span.end_char, sent)))

    def _named_next(self, table: TokenTable, parsed: list, index: int) -> bool:
        """Is the title followed (after an optional region word and titles) by an official's name?"""
        end = parsed[index][0].end
        lower = table.lower
        for span, kind, target, _ in parsed[index + 1: index + 3]:
            if span.start - end > _GAP_MAX or any(lower[i] not in _TITLE_GAP_IDS for i in range(end, span.start)):
                return False
            if kind in ("region", "adjacent"):
                end = span.end
                continue
            return kind in ("entity", "short") and self.catalog.get(target).kind == "official"
        return False

    def _whose(self, table: TokenTable, parsed: list, index: int, ties: "_Ties", paser_outlet: bool) -> tuple[str, str | None]:
        """("paser"|"other"|"unresolved", region id) for the generic name or title at ``index``."""
        span, _, _, sent = parsed[index]
        if index + 1 < len(parsed):
            nxt, kind, target, _ = parsed[index + 1]
            # skip "(Dinkes)" and "Kabupaten"/"Kota" between the name and the region word
            i = span.end
            lower = table.lower
            if i + 2 < nxt.start and lower[i] == _OPEN_ID and lower[i + 2] == _CLOSE_ID:
                i += 3
            if i < nxt.start and lower[i] in _REGION_GAP_IDS:
                i += 1
            if i == nxt.start and kind in ("region", "adjacent"):
                return ("paser", None) if target in self.paser_regions else ("other", target)
        paser_here, others_here = ties.sentence(sent)
        if others_here and not paser_here:
            return "other", others_here.most_common(1)[0][0]
        if paser_here and not others_here:
            return "paser", None
        if paser_outlet:
            return "paser", None
        if paser_here and paser_here >= sum(others_here.values()):
            return "paser", None
        if ties.paser and ties.paser >= sum(ties.others.values()):
            return "paser", None
        if ties.others:
            return "other", ties.others.most_common(1)[0][0]
        return "unresolved", None

    def _led_agencies(self, hits: list[Hit], day: date) -> list[Hit]:
        out = []
        for hit in hits:
            if hit.kind != "official" or not hit.paser:
                continue
            dated = self._heads.get(hit.entity_id)
            if dated:
                agencies = {agency for term, agency in dated if term.covers(day)}
            else:
                leads = self.catalog.get(hit.entity_id).leads
                agencies = {leads} if leads else set()
            for agency in sorted(agencies):
                out.append(Hit(agency, "agency", True, hit.start_char, hit.end_char, hit.sent))
        return out


_NO_REGIONS: Counter[str] = Counter()


class _Ties:
    """Paser ties and other-region words, per sentence and for the whole article."""

    def __init__(self) -> None:
        self.paser = 0
        self.others: Counter[str] = Counter()
        self._paser: dict[int, int] = {}  # a plain dict: Counter's += goes through Python code
        self._others: dict[int, Counter[str]] = {}

    def add(self, sent: int, region: str | None) -> None:
        if region is None:
            self.paser += 1
            self._paser[sent] = self._paser.get(sent, 0) + 1
        else:
            self.others[region] += 1
            self._others.setdefault(sent, Counter())[region] += 1

    def sentence(self, sent: int) -> tuple[int, Counter[str]]:
        return self._paser.get(sent, 0), self._others.get(sent, _NO_REGIONS)
