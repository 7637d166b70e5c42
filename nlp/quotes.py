"""Quotes and spokespersons: who said what, linked to catalog officials where possible.

Patterns (attribution verbs from ../shared/domain/paser.md):
- ``"...," kata Bupati Paser Fahmi Fadli.`` (verb after a quotation, also ``ujarnya``, ``jelasnya``)
- ``Fahmi mengatakan, "..."`` (a saying verb before a quotation)
- ``..., kata Fahmi.`` (reported speech ending in an attribution)
- ``Menurut Fahmi, ...``
A speaker written as "-nya", "dia" or "ia" is the person introduced since the previous quote (named
after a title, "Kepala Bidang ..., Nurul Huda,", or opening a paragraph in which they speak,
"Rosmini, warga ..., mengatakan"), else the previous speaker. A speaker whose text holds an
official's mention (by name or resolved title) is linked to that official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.catalog import Catalog
from nlp.layout import Layout
from nlp.resolve import Hit
from pipeline.records import Quote

# paser.md's list, then verbs of the same use seen in regional news ("keluhnya", "akunya"); "aku"
# only with "-nya" (on its own it is the pronoun "I")
VERBS = ("kata|ujar|ungkap|jelas|terang|tutur|ucap|tegas|tambah|imbuh|pungkas|tukas|beber|papar|sebut|"
         "lanjut|sambung|tutup|harap|pesan|ajak|keluh|kenang|tanya|jawab|timpal|kilah|pinta|aku(?=nya)")
_CLOSE = "\"\u201c\u201d"
# A quotation ``q`` cannot contain a quotation mark, so a greedy ``{8,}`` ends where a lazy ``{8,}?``
# would, at the first mark; ``re`` runs it as one loop in C instead of a step per character
# (``_AFTER`` at every quotation mark of a 3 KB article: ~7 -> ~5 us).
_AFTER = re.compile(
    rf"[\"\u201c](?P<q>[^\"\u201c\u201d\n]{{8,}})[\"\u201d][ \t]*,?[ \t]*(?P<verb>{VERBS})(?P<nya>nya)?\b[ \t]*(?P<who>[^\n\"\u201c]*)")
_BEFORE_VERBS = ("mengatakan", "menyampaikan", "menjelaskan", "menegaskan", "mengungkapkan", "menuturkan",
                 "menyebutkan", "menambahkan", "mengingatkan", "berpesan", "menerangkan")
_BEFORE = re.compile(
    rf"(?P<verb>{'|'.join(_BEFORE_VERBS)})[ \t]*,?[ \t]*(?:bahwa[ \t]+)?[\"\u201c](?P<q>[^\"\u201c\u201d\n]{{8,}})[\"\u201d]")
# what the text before a ``_BEFORE`` quotation mark ends with, spaces and a comma stripped
_BEFORE_ENDS = (*_BEFORE_VERBS, "bahwa")
_QUOTE_MARKS = ("\"", "\u201c")
_BEFORE_WINDOW = 40  # the verb, a comma and "bahwa" fit in 40 characters
_REPORTED = re.compile(rf",[ \t]*(?P<verb>{VERBS})(?P<nya>nya)?\b[ \t]*(?P<who>[^\n\"\u201c]*)")
_MENURUT = re.compile(r"Menurut (?P<who>[^,\n]{2,80}),[ \t]*(?P<q>[^\n]{10,})")
_PRONOUN = frozenset({"", "dia", "ia", "beliau", "mereka"})
# abbreviations whose full stop does not end the speaker ("dr. Fahmi Fadli")
_ABBREV = frozenset({"dr", "h", "hj", "drs", "dra", "ir", "prof", "kh", "hm", "st", "s", "m", "no", "kab", "ny"})
_LONGER_THAN_ABBREV = max(map(len, _ABBREV)) + 1


_SPEAKER_END = re.compile(r"[.;!?]|,\s+(?:yang|saat|ketika|di|dalam|usai|seusai|pada)\b")


def _speaker_end(text: str) -> int:
    """Where the speaker text ends: the first full stop that is not an abbreviation's."""
    match = _SPEAKER_END.search(text)  # mostly the first match is the end: no ``finditer`` scanner
    while match:
        stop = match.start()
        # five letters right before the stop ("Fahmi.", "Bupati."): a word longer than any
        # abbreviation, no need to walk back to its start
        if match.group() == "." and not (stop >= _LONGER_THAN_ABBREV
                                         and text[stop - _LONGER_THAN_ABBREV:stop].isalnum()):
            # the word before the stop, walking back over word characters (``\w`` is
            # ``str.isalnum`` or "_"): a ``\w+$`` search would try every position of the text
            begin = stop
            while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
                begin -= 1
            word = text[begin:stop]
            if word and (word.lower() in _ABBREV or len(word) == 1):
                match = _SPEAKER_END.search(text, match.end())
                continue
        return stop
    return len(text)


@dataclass(slots=True)
class _Found:
    start: int
    text: str
    verb: str
    who: tuple[int, int] | None  # char range of the speaker text, None: the previous speaker


class QuoteFinder:
    """Find quotes in an article and link speakers to officials."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __call__(self, layout: Layout, hits: list[Hit]) -> tuple[Quote, ...]:
        # Each pattern runs once over the whole text (none crosses a line break): four scans per
        # article instead of four per paragraph.
        text = layout.text
        found: list[_Found] = []
        taken: list[tuple[int, int]] = []
        # marks inside a quote found (its opening and closing marks): any match there overlaps it
        unclaimed: list[int] = []
        claimed_end = -1
        for pos in _openings(text, layout.title_end):
            if pos < claimed_end:
                continue
            m = _AFTER.match(text, pos)
            if m and _free(m.span(), taken) and not layout.is_boilerplate(pos):
                item, claimed = self._attributed(m.group("q").strip(" ,"), m)
                found.append(item)
                taken.append(claimed)
                claimed_end = claimed[1]
            else:
                unclaimed.append(pos)
        for m in self._before(text, layout.title_end, unclaimed):
            if _free(m.span(), taken) and not layout.is_boilerplate(m.start()):
                line_start = text.rfind("\n", 0, m.start()) + 1
                who = self._before_speaker(text[line_start:m.end()], m.start() - line_start, line_start)
                found.append(_Found(m.start(), m.group("q").strip(), m.group("verb"), who))
                taken.append(m.span())
        for m in _MENURUT.finditer(text, layout.title_end):  # starts with a literal: a fast scan
            if _free(m.span(), taken) and not layout.is_boilerplate(m.start()):
                who = m.group("who").strip()
                q_end = _speaker_end(m.group("q"))
                span = None if who.lower() in _PRONOUN else (m.start("who"), m.end("who"))
                found.append(_Found(m.start(), m.group("q")[:q_end].strip(), "menurut", span))
                taken.append(m.span())
        for m in _REPORTED.finditer(text, layout.title_end):
            if not _free(m.span(), taken) or layout.is_boilerplate(m.start()):
                continue
            # the reported statement runs from the start of its sentence to the comma
            line_start = text.rfind("\n", 0, m.start()) + 1
            head = text[line_start: m.start()]
            begin = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
            quote = head[begin + 2 if begin >= 0 else 0:].strip(" -")
            if len(quote) >= 15 and not any(c in quote for c in _CLOSE):
                item, claimed = self._attributed(quote, m)
                found.append(item)
                taken.append(claimed)
        found.sort(key=lambda f: f.start)
        return tuple(self._link(found, hits, text))

    @staticmethod
    def _before(text: str, start: int, openings: list[int]):
        """``_BEFORE`` matches, searched only in a short window before each opening quote mark
        (the pattern starts with a choice of verbs, which makes a scan of the whole text slow)."""
        for pos in openings:
            # most marks (closing ones, paragraph starts) have no verb right before them: a slice
            # and str.endswith rule them out for ~0.2 us, the regex search costs ~1.2 us
            window = max(start, pos - _BEFORE_WINDOW)
            if not text[window:pos].rstrip(" \t,").endswith(_BEFORE_ENDS):
                continue
            m = _BEFORE.search(text, window, text.find("\n", pos) % (len(text) + 1))
            if m and m.start("q") == pos + 1:
                yield m

    @staticmethod
    def _attributed(quote: str, m: re.Match) -> tuple[_Found, tuple[int, int]]:
        """The quote of an ``_AFTER`` or ``_REPORTED`` match, and the part of the text the match
        really uses: up to the end of the speaker's name (found once for both)."""
        who_text = m.group("who")
        end = _speaker_end(who_text)
        who = who_text[:end].strip(" ,")
        if m.group("nya") or who.lower() in _PRONOUN:
            span = None
        else:
            first = m.start("who") + who_text.index(who) if who else m.start("who")
            span = (first, first + len(who))
        verb = m.group("verb") + (m.group("nya") or "")
        return _Found(m.start(), quote, verb, span), (m.start(), m.start("who") + end)

    @staticmethod
    def _before_speaker(para: str, verb_start: int, offset: int) -> tuple[int, int] | None:
        """The words before a saying verb, back to the start of the sentence or clause."""
        head = para[:verb_start].rstrip()
        cut = max(head.rfind(". "), head.rfind(", "), head.rfind("\u201d"), head.rfind('"'))
        start = cut + 2 if cut >= 0 else 0
        who = head[start:].strip()
        if who.lower() in _PRONOUN:
            return None
        return (offset + start, offset + start + len(who))

    def _link(self, found: list[_Found], hits: list[Hit], text: str):
        officials = [h for h in hits if h.kind == "official"]
        people: list[tuple[int, str]] | None = None  # found only when a "-nya" quote needs them
        previous: tuple[int, str, str | None] | None = None  # (position, speaker, official id)
        for item in found:
            if item.who is None:
                # "-nya"/"dia": the last person quoted, or named in apposition since
                # ("Kepala Bidang ..., Rahmat Hidayat, mengakui ... "...," jelasnya")
                if people is None:
                    people = _introduced(text)
                named = [(pos, name) for pos, name in people if pos < item.start]
                if named and (previous is None or named[-1][0] > previous[0]):
                    speaker, official_id = named[-1][1], None
                    inside = [h for h in officials if h.start_char == named[-1][0] and h.paser]
                    if inside:
                        official_id = inside[0].entity_id
                        speaker = self.catalog.get(official_id).name
                elif previous is not None:
                    _, speaker, official_id = previous
                else:
                    continue
            else:
                start, end = item.who
                inside = [h for h in officials if start <= h.start_char < end]
                if inside:
                    official_id = inside[0].entity_id if inside[0].paser else None
                    entity = self.catalog.get(inside[0].entity_id) if inside[0].paser else None
                    speaker = entity.name if entity else text[start:end].strip()
                else:
                    official_id, speaker = None, _person_name(text[start:end], text, start)
                if not speaker or len(speaker) > 120 or speaker.split()[0].lower() in _NOT_SPEAKERS:
                    continue
            previous = (item.start, speaker, official_id)
            yield Quote(speaker, item.text, official_id, item.verb)


# titles that start a speaker description rather than a name: "Kepala Bidang ..., Hartono"
_TITLES = frozenset({
    "kepala", "ketua", "wakil", "sekretaris", "kabid", "kasi", "kasubag", "kabag", "kadis", "direktur", "camat",
    "lurah", "kapolres", "kasat", "kapolsek", "plt", "plh", "staf", "anggota", "koordinator", "manajer",
    "warga", "pedagang", "petani", "nelayan", "guru", "siswa", "siswi", "salah", "seorang", "pengurus",
})
# "seorang warga ...", "catatan Bawaslu": no one in particular, or a document
_NOT_SPEAKERS = frozenset({"seorang", "salah", "catatan", "keterangan", "data", "laporan", "hasil", "sumber"})
_NAME = re.compile(r"[A-Z][\w'.-]*(?: (?:[A-Z][\w'.-]*|bin|binti))*")
# A person's name: up to four capitalised words. Plain quantifiers, not possessive ones (``++``,
# ``{0,3}+``, which would spare a failed match some backtracking): the ``re`` of Python 3.11.2
# (Debian 12's python3) mismatches those, taking a one-letter "X" for a name word
# (tests/nlp/test_quotes.py); 3.11.7 does not.
_PERSON = r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}"
# ", Rahmat Hidayat," or ", dr. Eko Prasetyo," (the name without the honorific)
_APPOSITION = re.compile(rf", (?:(?:dr|drg|Dr|H|Hj|Ir|Prof)\. ?)?({_PERSON}),")
# a paragraph opening with a person who then speaks: "Rusdiansyah, warga Desa Tepian Batang, mengatakan";
# found from the verb (a literal ", " lets ``re`` skip ahead in C; a "^" pattern tries every position)
_SUBJECT_VERB = re.compile(r", (?:mengatakan|menjelaskan|mengakui|menyebut|menyebutkan|menilai|mengeluhkan|"
                           r"menuturkan|mengungkapkan|menyampaikan|menegaskan|menerangkan|menyatakan|"
                           r"membenarkan|mengaku|mengeluh|meminta|bercerita|berharap)\b")
_SUBJECT_HEAD = re.compile(rf"({_PERSON}), [^,\n]{{3,80}}")


def _person_name(who: str, text: str, start: int) -> str:
    """The person in a speaker text (at ``start`` in ``text``): "Kepala Bidang X, Hartono, Jumat" ->
    "Hartono"; "Rusdi, pedagang" -> "Rusdi"; a first name seen in full earlier ("Erwin") -> "Erwin Syahputra"."""
    parts = [p.strip() for p in who.split(",") if p.strip()]
    if not parts:
        return ""
    name = parts[0]
    if len(parts) > 1 and name.split()[0].lower() in _TITLES:
        name = parts[1]
    found = _NAME.match(name)
    name = found.group() if found else name
    if " " not in name and name:
        full = _full_names(name, text, start)
        if full:
            name = max(full, key=len)
    return name


def _full_names(name: str, text: str, end: int | None = None) -> list[str]:
    """What ``re.findall(rf"\\b{name}(?: [A-Z][\\w'-]+)+", text[:end])`` finds (``end``: no copy)."""
    if not (name[0].isalnum() or name[0] == "_"):  # no ``_NAME`` match: ``\b`` means something else
        return re.findall(rf"\b{re.escape(name)}(?: [A-Z][\w'-]+)+", text[:end])
    return _full_name_pattern(name).findall(text, 0, len(text) if end is None else end)


@lru_cache(maxsize=1024)
def _full_name_pattern(name: str) -> re.Pattern:
    """``name`` (starting with a word character) not preceded by one, then capitalised words. The
    ``\\b`` is a look-behind after the name: a pattern starting with ``\\b`` is tried at every
    position of the article, one starting with a literal lets ``re`` skip to the name's first letter
    in C (~2.6 us per article instead of ~5 us for a str.find loop with a match per occurrence)."""
    escaped = re.escape(name)
    return re.compile(rf"{escaped}(?<!\w{escaped})(?: [A-Z][\w'-]+)+")


def _introduced(text: str) -> list[tuple[int, str]]:
    """People named in apposition after a title (", Rahmat Hidayat,") or opening a paragraph in
    which they speak ("Darmawan, warga ..., mengatakan"), with their position, in text order."""
    out = []
    for m in _APPOSITION.finditer(text):
        # the description before the name, from its sentence's start ("Kepala Bidang Pengelolaan
        # Sampah Dinas Lingkungan Hidup (DLH) Paser, Nurul Huda,"), at most 120 characters
        window = max(m.start() - 120, 0)
        begin = max(text.rfind("\n", window, m.start()) + 1, text.rfind(". ", window, m.start()) + 2, window)
        head = text[begin: m.start()].split()
        if head and (head[0].lower() in _TITLES or any(w.lower() in _TITLES for w in head[-6:])):
            out.append((m.start(1), m.group(1)))
    subjects = []
    for m in _SUBJECT_VERB.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        head = _SUBJECT_HEAD.fullmatch(text, line_start, m.start())
        if head and head.group(1).split()[0].lower() not in _TITLES:
            subjects.append((head.start(1), head.group(1)))
    return sorted(out + subjects) if subjects else out


def _openings(text: str, start: int) -> list[int]:
    """Positions of quotation marks (str.find runs in C: a regex scan of 3 KB costs ~25 us)."""
    out = []
    for mark in _QUOTE_MARKS:
        pos = text.find(mark, start)
        while pos >= 0:
            out.append(pos)
            pos = text.find(mark, pos + 1)
    return sorted(out)


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    start, end = span
    for a, b in taken:  # a loop, not ``all()`` over a generator: called for every match
        if end > a and start < b:
            return False
    return True
