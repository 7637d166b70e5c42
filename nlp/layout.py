"""Where things are in an article: headline, lead paragraph, body, dateline and boilerplate lines.

The tagger works on one text: the title, a newline, then the paragraphs joined by newlines (a
newline always ends a sentence). Boilerplate lines ("Baca juga: ...", "Pewarta: ...") are kept in the
text for offsets but nothing found inside them counts: a "Baca juga" line usually links a story about
another region.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.records import TagInput

_BOILERPLATE = re.compile(
    r"^[ \t]*(?:(?:baca|lihat|simak) juga|simak berita|baca berita|copyright|hak cipta|tinggalkan balasan|"
    r"alamat email|total views|sebarkan artikel|(?:pewarta|editor|penulis|reporter|sumber|foto|ikuti)[ \t]*:)"
    r"[^\n]*",
    re.IGNORECASE,
)
_BOILERPLATE_FIRST = frozenset("blscthatpersfiBLSCTHATPERSFI \t")
# "TANA PASER, MCKabPaser -", "Paser (ANTARA) -", "TRIBUNKALTIM.CO, TANA PASER -"
_DATELINE = re.compile(r"^([^\n]{2,80}?)\s+[-\u2013\u2014]+\s+")
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b|\(ANTARA\)")


@dataclass(frozen=True, slots=True)
class Layout:
    """Character ranges of one article's parts in the tagged text."""

    text: str
    title_end: int
    lead: tuple[int, int]
    dateline: tuple[int, int]
    boilerplate: tuple[tuple[int, int], ...]
    boilerplate_starts: tuple[int, ...] = ()

    def is_boilerplate(self, char: int) -> bool:
        if not self.boilerplate:
            return False
        index = bisect_right(self.boilerplate_starts, char) - 1
        return index >= 0 and char < self.boilerplate[index][1]

    def in_dateline(self, char: int) -> bool:
        return self.dateline[0] <= char < self.dateline[1]


def lay_out(item: TagInput) -> Layout:
    """Build the tagged text of an article and find its parts."""
    title = " ".join(item.title.split())
    lines = [line if "\t" not in line else " ".join(line.split()) for line in map(str.strip, item.text.splitlines())
             if line]
    text = "\n".join([title, *lines])
    lead = (0, 0)
    dateline = (0, 0)
    boilerplate: list[tuple[int, int]] = []
    pos = len(title) + 1
    for line in lines:
        start, end = pos, pos + len(line)
        # the pattern is tried only on lines starting with one of its first letters
        if line[0] in _BOILERPLATE_FIRST and _BOILERPLATE.match(line):
            boilerplate.append((start, end))
        elif lead == (0, 0):
            lead = (start, end)
            found = _DATELINE.match(line)
            if found and _SHOUTED.search(found.group(1)):
                dateline = (start, start + found.end())
        pos = end + 1
    return Layout(text, len(title), lead, dateline, tuple(boilerplate), tuple(start for start, _ in boilerplate))
