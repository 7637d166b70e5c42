"""Turn the catalog into match patterns: which text forms to look for, with which case rule.

Every pattern carries a label ``"<type>|<target>"`` read back by ``nlp.resolve``:

- ``entity|<id>``   a name that means that entity on its own (places, programs, officials' full
                    names, other bodies, agencies' ``paser_names``)
- ``generic|<id>``  an agency's generic name ("Dinas Kesehatan", "DPRD") or a place's ("Kantor
                    Bupati"): whose it is is decided later
- ``role|<id>``     an office title ("Bupati", "Sekda"), resolved to a person by place and date
- ``short|<id>``    an official's short name ("Fahmi"), counted once the person was named in full
- ``region|<id>``   a word tying generic names to a region ("Paser", "Balikpapan", "PPU")
- ``adjacent|<id>`` the same, but only right after a generic name ("Kaltim")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nlp.catalog import Catalog, Entity


@dataclass(frozen=True, slots=True)
class Pattern:
    """One text form to match."""

    label: str
    text: str
    exact: bool  # True: match token text as written (and in capitals); False: ignore case


def variants(name: str) -> list[str]:
    """Spelling variants news uses for the same long name (commas before "dan", no commas)."""
    out = [name]
    if "," in name:
        out.append(name.replace(",", ""))
        out.append(re.sub(r"(?<!,) dan ", ", dan ", name))
    return list(dict.fromkeys(out))


def _is_exact(name: str, case: str) -> bool:
    if case == "exact":
        return True
    if case == "any":
        return False
    return " " not in name.strip()  # auto: single words (acronyms) keep their case


def _forms(label: str, names: tuple[str, ...] | list[str], case: str) -> Iterator[Pattern]:
    for name in names:
        for form in variants(name):
            yield Pattern(label, form, _is_exact(form, case))


def _entity_patterns(entity: Entity) -> Iterator[Pattern]:
    names = (entity.name, *entity.aliases, *entity.misspellings)
    if entity.generic:
        yield from _forms(f"generic|{entity.id}", names, entity.case)
        yield from _forms(f"entity|{entity.id}", entity.paser_names, entity.case)
    else:
        yield from _forms(f"entity|{entity.id}", names, entity.case)
    yield from _forms(f"short|{entity.id}", entity.short, entity.case)
    yield from _forms(f"region|{entity.id}", entity.region, entity.case)
    yield from _forms(f"adjacent|{entity.id}", entity.region_adjacent, entity.case)


def catalog_patterns(catalog: Catalog) -> list[Pattern]:
    """All patterns of the catalog; a later duplicate of the same form is dropped."""
    out: dict[tuple[str, bool], Pattern] = {}
    for entity in catalog.entities:
        for pattern in _entity_patterns(entity):
            out.setdefault((pattern.text if pattern.exact else pattern.text.lower(), pattern.exact), pattern)
    for role in catalog.roles:
        for pattern in _forms(f"role|{role.id}", (role.name, *role.aliases), role.case):
            out.setdefault((pattern.text if pattern.exact else pattern.text.lower(), pattern.exact), pattern)
    return list(out.values())
