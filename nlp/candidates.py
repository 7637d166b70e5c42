"""Unknown names: agency- and program-like phrases that the catalog does not know yet.

Collected per article as ``Candidate``s; ``pantau catalog candidates`` lists them with counts so that
analysts learn what to add to the catalog. Kinds: ``agency`` ("Dinas ...", "Badan ...", "UPTD ..."),
``program`` ("program ...", "gerakan ...", "inovasi ..." followed by a capitalised name) and
``acronym`` (a capitalised acronym right before "Paser"). Anything overlapping a catalog match is
known and skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from nlp.layout import Layout
from pipeline.records import Candidate

# The keywords come from ``pantau_phrases`` (``KEYWORDS``, matched on lower-case tokens in the same
# PhraseMatcher walk as the catalog names) and the patterns are matched there: ten agency-word scans
# and four program-word scans of the text cost ~13 us per 3 KB article, a keyword match ~0.2 us.
# Agency words count in this spelling only ("Dinas", "UPTD"), program words starting in either case.
_WORD = r"[A-Z][\w.&/-]*"
_AGENCY_WORDS = ("Dinas", "Badan", "Bagian", "Balai", "UPTD", "UPT", "Kantor", "Lembaga", "Satuan", "Unit")
_AGENCY_RANK = {word: rank for rank, word in enumerate(_AGENCY_WORDS)}
_PROGRAM_WORDS = ("program", "gerakan", "inovasi", "aplikasi")
_PROGRAM_RANK = {spelling: rank for rank, word in enumerate(_PROGRAM_WORDS)
                 for spelling in (word, word.capitalize())}
KEYWORDS = _AGENCY_WORDS + _PROGRAM_WORDS
# the words of the name: separated by spaces, "dan" or a comma ("Dinas Komunikasi, Informatika, ...",
# the comma written right after the word)
_AGENCY = re.compile(rf"(?:{'|'.join(_AGENCY_WORDS)})(?:(?: +(?:dan +)?| *, *){_WORD})+")
_PROGRAM_NAME = re.compile(rf"[\"\u201c]?({_WORD}(?: +(?:{_WORD}|[0-9]+))*)")
_ACRONYM_WORD = re.compile(r"[A-Z][A-Z0-9]{2,}[a-z]{0,3}$")
# "Paser" after a word that cannot be an acronym: one of an acronym's last four characters is a
# capital or a digit, so a space and four characters without one before "Paser" rule it out, except
# "Kabupaten Paser" (the word before "Kabupaten" counts). The look-behind comes after the literal so
# that ``re`` still skips ahead to "Paser" in C; about three "Paser" in four are skipped this way.
_PASER = re.compile(r"Paser(?<!(?!aten)[^A-Z0-9]{4} Paser)")
_TRAILING_WORDS = ("Kabupaten", "Kab.", "Kab", "Kota", "Provinsi", "Paser", "Kaltim", "Pemkab", "Pemerintah", "Daerah")
_TRAILING = re.compile(rf"(?: +(?:{'|'.join(map(re.escape, _TRAILING_WORDS))}))+$")
# words that look like a name after "program" but are not one
_NOT_NAMES = frozenset({"Pemkab", "Pemerintah", "Kabupaten", "Bupati", "Dinas", "Badan", "Desa", "Pusat",
                        "Nasional", "Kementerian", "Presiden", "Kaltim", "Indonesia", "Prioritas", "Unggulan"})
_NOT_ACRONYMS = frozenset({"TANA", "KABUPATEN", "PEMKAB", "BUPATI", "DI", "DAN", "KOTA", "BUMI", "WAKIL",
                           # budget, planning and civil-service terms said of a region ("APBD Paser"),
                           # not bodies or programs an analyst would add to the catalog
                           "APBD", "APBDP", "APBN", "PAD", "DAK", "DAU", "DBH", "SILPA", "RPJPD", "RPJMD", "RKPD",
                           "KUA", "PPAS", "LKPJ", "LKPD", "PDRB", "IPM", "UMK", "UMP", "PBB", "BPHTB", "OPD",
                           "ASN", "PNS", "PPPK", "CPNS", "THR", "TPP", "BLT", "NIK", "KTP", "SK", "HUT"})


def find_candidates(layout: Layout, known: list[tuple[int, int]], keywords: list[tuple[int, int]],
                    sentence_at) -> tuple[Candidate, ...]:
    """Candidates in the article; ``known`` are char ranges of catalog matches, ``keywords`` the char
    ranges of ``KEYWORDS`` in any case, in text order."""
    text = layout.text
    known = sorted(known)
    starts = [a for a, _ in known]
    out: dict[tuple[str, str], Candidate] = {}

    def add(phrase: str, kind: str, start: int, end: int) -> None:
        phrase = phrase.strip(" ,.")
        if (phrase, kind) in out or len(phrase) < 3 or layout.in_dateline(start) or layout.is_boilerplate(start):
            return
        # known ranges do not overlap: only the one starting last before ``end`` can overlap
        index = bisect_left(starts, end) - 1
        if index >= 0 and known[index][1] > start:
            return
        out[phrase, kind] = Candidate(phrase, kind, sentence_at(start))  # the first occurrence's sentence

    # keyword by keyword, each in text order (the order of the candidates and the sentence kept for
    # each); a name follows its keyword after a space
    agency_words, program_words = [], []
    for pos, end in keywords:
        if text[end: end + 1] != " " or (pos and text[pos - 1].isalnum()):
            continue
        word = text[pos:end]
        rank = _AGENCY_RANK.get(word)
        if rank is not None:
            agency_words.append((rank, pos))
        else:
            rank = _PROGRAM_RANK.get(word)
            if rank is not None:
                program_words.append((rank, end + 1))
    agency_words.sort()
    for _, pos in agency_words:
        # most "Dinas ..." are catalog names: a phrase starting inside one would be skipped
        # by ``add`` anyway, so skip the regex too
        index = bisect_right(starts, pos) - 1
        if index >= 0 and known[index][1] > pos:
            continue
        m = _AGENCY.match(text, pos)
        if m:
            phrase = _without_trailing(_listed_fields(m.group()))
            if " " in phrase:
                add(phrase, "agency", m.start(), m.start() + len(phrase))
    program_words.sort()
    for _, pos in program_words:
        m = _PROGRAM_NAME.match(text, pos)
        name = _without_trailing(m.group(1)) if m else ""
        if name and name.split()[0] not in _NOT_NAMES:
            add(name, "program", m.start(1), m.start(1) + len(name))
    for found in _PASER.finditer(text):
        pos = found.start()
        # the word before "Paser" (or before "Kabupaten Paser"), without a regex search per hit
        words = text[max(0, pos - 30): pos].split()
        if words and words[-1] in ("Kabupaten", "Kab.", "Kab"):
            words.pop()
        if words and _ACRONYM_WORD.match(words[-1]) and words[-1] not in _NOT_ACRONYMS:
            word = words[-1]
            start = text.rfind(word, 0, pos)
            add(word, "acronym", start, start + len(word))
    return tuple(out.values())


def _listed_fields(phrase: str) -> str:
    """A name may list its fields ("Dinas Komunikasi, Informatika, Statistik dan Persandian"): a comma
    counts only before the last "dan"; one after it, or with no "dan", starts something else
    ("Badan Riset Daerah, Budi Santoso, mengatakan")."""
    if "," not in phrase:
        return phrase
    cut = phrase.find(",", phrase.rfind(" dan ") + 1)
    return phrase[:cut].rstrip() if cut >= 0 else phrase


def _without_trailing(phrase: str) -> str:
    """The phrase without trailing region words ("Dinas Pariwisata Kabupaten Paser" -> "Dinas
    Pariwisata"); the regex only when one ends it (``_TRAILING`` tries every position of the phrase)."""
    return _TRAILING.sub("", phrase) if phrase.endswith(_TRAILING_WORDS) else phrase
