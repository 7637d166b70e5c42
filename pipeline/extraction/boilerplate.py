"""Remove the Indonesian news boilerplate that trafilatura keeps, line by line, driven by data.

The rules live in ``boilerplate.yaml`` beside this module (one commented table: pattern, action,
examples that must change, lines that must survive). What a rule captures is not thrown away: the
page-view counter becomes ``page_views``, an "(ADV)" sign-off becomes ``is_advertorial`` and a
"Penulis:" credit becomes an author candidate. Every removed line is returned with its rule name so
the caller can log and count it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from lxml.html import HtmlElement

RULES_FILE = Path(__file__).with_name("boilerplate.yaml")
Action = Literal["drop", "drop-rest", "strip"]
_ONLY_PUNCTUATION = re.compile(r"^[\W_]*$")
# Raw-HTML counters: trafilatura often drops the counter widget, so it is read from the page too.
_RAW_COUNTER = re.compile(
    r"(?:total\s+views|page\s*views)\s*:?\s*(\d[\d.,]{0,12})"
    r"|(?:dibaca|dilihat)\s*:?\s*(\d[\d.,]{0,12})\s*(?:kali|x)\b",
    re.IGNORECASE,
)
_COUNTER_NODES = (
    "//body//text()[contains(., 'ibaca') or contains(., 'IBACA') or contains(., 'ilihat')"
    " or contains(., 'ILIHAT') or contains(., 'otal Views') or contains(., 'otal views')"
    " or contains(., 'OTAL VIEWS') or contains(., 'age views') or contains(., 'age Views')]"
)
_WINDOW = 300  # characters of the counter's element searched for the number
# A line after a bare "Baca juga:" is taken as the linked headline only up to this length: a longer
# one is a story paragraph (the link itself was dropped by trafilatura).
HEADLINE_MAX = 160


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate rule compiled from the data file."""

    name: str
    action: Action
    pattern: re.Pattern[str]
    hints: tuple[str, ...] = ()  # lowercase substrings, one of which any match contains
    max_length: int | None = None
    bare_drops_next: bool = False
    captures: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(slots=True)
class Cleaned:
    """Text with the boilerplate removed and what the removed lines told us."""

    text: str
    page_views: int | None = None
    is_advertorial: bool = False
    author: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule name, original line)


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """Compile the rules of a boilerplate data file (cached: the file is read once per process)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Rule(
            name=item["name"],
            action=item["action"],
            pattern=re.compile(item["pattern"], re.IGNORECASE),
            hints=tuple(item.get("hints", ())),
            max_length=item.get("max_length"),
            bare_drops_next=bool(item.get("bare_drops_next", False)),
            captures=tuple(item.get("captures", ())),
            examples=tuple(item.get("examples", ())),
            keep=tuple(item.get("keep", ())),
        )
        for item in raw["rules"]
    )


def parse_count(digits: str) -> int | None:
    """'1.234' / '1,234' / '33' -> int; Indonesian outlets use '.' as the thousands separator."""
    value = re.sub(r"\D", "", digits)
    return int(value) if value and len(value) <= 12 else None


def clean_text(text: str, rules: tuple[Rule, ...] | None = None) -> Cleaned:
    """Apply every rule to every line of ``text``; return the kept text and the captured facts."""
    rules = load_rules() if rules is None else rules
    # Unanchored case-insensitive patterns are slow to scan line by line; a rule whose hint words
    # are all absent from the text cannot match, and most rules hit nothing on most pages.
    lowered = text.lower() + "\n"
    rules = tuple(rule for rule in rules if not rule.hints or any(h in lowered for h in rule.hints))
    result = Cleaned(text="")
    kept: list[str] = []
    lines = text.splitlines()
    skip_next: str | None = None  # rule whose bare marker takes the next line (a linked headline)
    for index, line in enumerate(lines):
        if skip_next is not None:
            result.removed.append((skip_next, line))
            skip_next = None
            continue
        current: str | None = line
        for rule in rules:
            if current is None:
                break
            if rule.max_length is not None and len(current) > rule.max_length:
                continue
            match = rule.pattern.search(current)
            if match is None:
                continue
            _capture(rule, match, result)
            if rule.action == "drop-rest":
                result.removed.extend((rule.name, rest) for rest in lines[index:])
                result.text = "\n".join(kept)
                return result
            if rule.action == "drop":
                result.removed.append((rule.name, current))
                bare = _ONLY_PUNCTUATION.match(current[match.end():]) is not None
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if rule.bare_drops_next and bare and 0 < len(following) <= HEADLINE_MAX:
                    skip_next = rule.name
                current = None
                break
            # strip: remove the matched part, keep the rest of the paragraph
            stripped = (current[: match.start()] + current[match.end():]).rstrip()
            result.removed.append((rule.name, current[match.start(): match.end()].strip()))
            current = None if _ONLY_PUNCTUATION.match(stripped) else stripped
        if current is not None:
            kept.append(current)
    result.text = "\n".join(kept)
    return result


def _capture(rule: Rule, match: re.Match[str], result: Cleaned) -> None:
    for group in rule.captures:
        value = match.groupdict().get(group)
        if not value:
            continue
        if group.startswith("views"):
            count = parse_count(value)
            if count is not None and result.page_views is None:
                result.page_views = count
        elif group.startswith("advertorial"):
            result.is_advertorial = True
        elif group == "author" and result.author is None:
            result.author = value.strip(" .,-")


def page_views_in_tree(tree: HtmlElement) -> int | None:
    """Find a view counter in the page ("Dibaca <b>1.234</b> kali") when the text has none.

    An XPath ``contains`` over text nodes runs in C; searching the decoded page string from Python
    costs a millisecond on large non-ASCII pages, more than all the boilerplate rules together.
    """
    for node in tree.xpath(_COUNTER_NODES)[:8]:
        element = node.getparent()
        for _ in range(3):  # the number sits in the hint's element or a sibling of it
            if element is None:
                break
            window = " ".join(element.text_content().split())[:_WINDOW]
            match = _RAW_COUNTER.search(window)
            if match:
                return parse_count(match.group(1) or match.group(2))
            element = element.getparent()
    return None
