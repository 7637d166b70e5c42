"""The entity catalog: agencies, programs, officials, roles, places and other bodies, as YAML data.

The catalog is how analysts extend Pantau without code (docs/entity-catalog.md). It is loaded and
validated once; every problem raises ``CatalogError`` naming the file and line. YAML is read with
``yaml.compose`` so each entry and key keeps its line number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml

KINDS = ("agency", "program", "official", "place", "other")
# file name -> kind of its entries ("role" entries describe offices, not entities)
FILES = {
    "agencies.yaml": "agency",
    "programs.yaml": "program",
    "officials.yaml": "official",
    "roles.yaml": "role",
    "places.yaml": "place",
    "others.yaml": "other",
}
CASES = ("auto", "exact", "any")
LEVELS = ("provinsi", "kabupaten", "kota")  # levels of regional government

_COMMON = {"id", "name", "aliases", "misspellings", "case", "note"}
KEYS = {
    "agency": _COMMON | {"paser_names", "parent", "valid_from", "valid_until", "successor",
                         "region", "region_adjacent", "government"},
    "program": _COMMON | {"expansion", "parent", "valid_from", "valid_until"},
    "official": _COMMON | {"short", "roles", "leads"},
    "role": {"id", "name", "aliases", "case", "agency", "levels", "note"},
    "place": _COMMON | {"parent", "kecamatan", "paser_names"},
    "other": _COMMON | {"parent", "region", "region_adjacent", "government", "level"},
}
ROLE_KEYS = {"role", "start", "end", "note"}


class CatalogError(Exception):
    """A catalog that cannot be used; the message starts with ``file:line``."""


@dataclass(frozen=True, slots=True)
class RoleTerm:
    """An official holding a role between two dates (either end may be open)."""

    role: str
    start: date | None = None
    end: date | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Role:
    """An office named in news by its title ("Bupati", "Sekda"); resolved to a person by date."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    agency: str | None = None  # the agency whose head holds this role
    case: str = "auto"
    levels: tuple[str, ...] = LEVELS  # the levels of government that have this office
    line: int = 0


@dataclass(frozen=True, slots=True)
class Entity:
    """One catalog entry; ``aliases`` are all its other names (acronyms, short forms, variants)."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    paser: bool = True
    leads: str | None = None
    misspellings: tuple[str, ...] = ()
    paser_names: tuple[str, ...] = ()  # names that mean Paser's body without any other tie
    short: tuple[str, ...] = ()  # officials: short names counted once the full name was seen
    roles: tuple[RoleTerm, ...] = ()
    region: tuple[str, ...] = ()  # words that place a generic name in this body's region
    region_adjacent: tuple[str, ...] = ()  # the same, but only right after the generic name
    government: bool = False  # the regional government itself ("Pemkab", "Pemkot" + region)
    level: str | None = None  # a government's level: provinsi, kabupaten or kota
    kecamatan: bool = False
    case: str = "auto"
    valid_from: date | None = None
    valid_until: date | None = None
    successor: str | None = None
    expansion: str | None = None
    source: str = ""  # file:line where it is defined

    @property
    def generic(self) -> bool:
        """Agencies' ``name``/``aliases`` are generic names, Paser's only when the text says so; so
        are a place's when it has ``paser_names`` ("Kantor Bupati": every regency has one)."""
        return self.kind == "agency" or (self.kind == "place" and bool(self.paser_names))


@dataclass(slots=True)
class Catalog:
    """All entities and roles, indexed by id."""

    folder: Path
    entities: list[Entity]
    roles: list[Role]
    fingerprint: str
    _by_id: dict[str, Entity] = field(default_factory=dict, repr=False)
    _roles: dict[str, Role] = field(default_factory=dict, repr=False)
    _terms: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entities}
        self._roles = {r.id: r for r in self.roles}
        self._terms: dict[str, list[tuple[RoleTerm, Entity]]] = {}
        for entity in self.entities:
            for term in entity.roles:
                self._terms.setdefault(term.role, []).append((term, entity))

    def get(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def role(self, role_id: str) -> Role | None:
        return self._roles.get(role_id)

    def holders(self, role_id: str, day: date) -> list[Entity]:
        """Officials holding ``role_id`` on ``day``."""
        out = []
        for term, official in self._terms.get(role_id, ()):
            if term.covers(day) and official not in out:
                out.append(official)
        return out

    def counts(self) -> dict[str, int]:
        out = {kind: 0 for kind in KINDS}
        for entity in self.entities:
            out[entity.kind] += 1
        out["role"] = len(self.roles)
        return out

    @classmethod
    def load(cls, folder: str | Path) -> "Catalog":
        """Read and validate every catalog file in ``folder``."""
        return _Loader(Path(folder)).load()


class _Loader:
    """Turns YAML nodes into entities, keeping file:line for every error."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = ""
        # (file, node, data, entity, [(role node, term)]) kept for the cross-reference checks
        self._refs: list[tuple] = []
        self._values: dict[str, yaml.Node] = {}

    def fail(self, node: yaml.Node | None, message: str) -> CatalogError:
        line = node.start_mark.line + 1 if node is not None else 1
        return CatalogError(f"{self.file}:{line}: {message}")

    def load(self) -> Catalog:
        if not self.folder.is_dir():
            raise CatalogError(f"{self.folder}:1: catalog folder not found")
        digest = hashlib.sha256()
        entities: list[Entity] = []
        roles: list[Role] = []
        seen: dict[str, str] = {}
        for path in sorted(self.folder.glob("*.y*ml")):
            self.file = str(path)
            if path.name not in FILES:
                raise CatalogError(f"{path}:1: unknown catalog file (expected one of {', '.join(FILES)})")
            raw = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + raw + b"\0")
            kind = FILES[path.name]
            for node, data in self._entries(raw):
                item = self._role(node, data) if kind == "role" else self._entity(node, data, kind)
                if item.id in seen:
                    raise self.fail(node, f"duplicate id {item.id!r} (first defined at {seen[item.id]})")
                seen[item.id] = f"{path.name}:{node.start_mark.line + 1}"
                (roles if kind == "role" else entities).append(item)
        role_agency = {r.id: r.agency for r in roles if r.agency}
        entities = [self._with_leads(e, role_agency) for e in entities]
        catalog = Catalog(self.folder, entities, roles, digest.hexdigest()[:16])
        self._check_references(catalog)
        self._check_names(catalog)
        return catalog

    @staticmethod
    def _with_leads(entity: Entity, role_agency: dict[str, str]) -> Entity:
        """``leads`` defaults to the agency of the official's latest role that heads one."""
        if entity.leads or entity.kind != "official":
            return entity
        agencies = [role_agency[t.role] for t in entity.roles if t.role in role_agency]
        return replace(entity, leads=agencies[-1]) if agencies else entity

    def _entries(self, raw: bytes):
        try:
            root = yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader)
        except UnicodeDecodeError as exc:
            raise CatalogError(f"{self.file}:1: not UTF-8: {exc}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            raise CatalogError(f"{self.file}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
        if root is None:
            return
        if not isinstance(root, yaml.SequenceNode):
            raise self.fail(root, "expected a list of entries (each starting with '- id: ...')")
        loader = yaml.SafeLoader("")
        for node in root.value:
            if not isinstance(node, yaml.MappingNode):
                raise self.fail(node, "expected a mapping with id, name, ...")
            data: dict[str, tuple[yaml.Node, object]] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in data:
                    raise self.fail(key_node, f"key {key!r} given twice")
                try:
                    data[key] = (key_node, loader.construct_object(value_node, deep=True))
                except (yaml.YAMLError, ValueError) as exc:  # ValueError: 2025-13-40 is no date
                    raise self.fail(value_node, f"bad value for {key!r}: {exc}") from None
            yield node, data

    def _check_keys(self, node: yaml.Node, data: dict, allowed: set[str]) -> None:
        for key, (key_node, _) in data.items():
            if key not in allowed:
                raise self.fail(key_node, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
        for key in ("id", "name"):
            if key not in data:
                raise self.fail(node, f"missing {key!r}")

    def _str(self, data: dict, key: str) -> str | None:
        if key not in data:
            return None
        node, value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, f"{key!r} must be a non-empty text")
        return value.strip()

    def _names(self, data: dict, key: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        node, value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(node, f"{key!r} must be a list of names")
        return tuple(v.strip() for v in value)

    def _date(self, data: dict, key: str) -> date | None:
        if key not in data:
            return None
        node, value = data[key]
        if isinstance(value, date):
            return value
        raise self.fail(node, f"{key!r} must be a date written YYYY-MM-DD, got {value!r}")

    def _bool(self, data: dict, key: str) -> bool:
        if key not in data:
            return False
        node, value = data[key]
        if not isinstance(value, bool):
            raise self.fail(node, f"{key!r} must be true or false")
        return value

    def _case(self, data: dict) -> str:
        case = self._str(data, "case") or "auto"
        if case not in CASES:
            raise self.fail(data["case"][0], f"'case' must be one of {', '.join(CASES)}")
        return case

    def _id(self, node: yaml.Node, data: dict) -> str:
        value = self._str(data, "id")
        if value is None or value != value.lower() or " " in value:
            raise self.fail(data.get("id", (node,))[0], f"id must be kebab-case, got {value!r}")
        return value

    def _level(self, data: dict, key: str, value: str) -> str:
        if value not in LEVELS:
            raise self.fail(data[key][0], f"{key!r} must be one of {', '.join(LEVELS)}, got {value!r}")
        return value

    def _role(self, node: yaml.Node, data: dict) -> Role:
        self._check_keys(node, data, KEYS["role"])
        levels = tuple(self._level(data, "levels", level) for level in self._names(data, "levels")) or LEVELS
        return Role(id=self._id(node, data), name=self._str(data, "name"), aliases=self._names(data, "aliases"),
                    agency=self._str(data, "agency"), case=self._case(data), levels=levels,
                    line=node.start_mark.line + 1)

    def _terms(self, data: dict) -> tuple[RoleTerm, ...]:
        if "roles" not in data:
            return ()
        node, value = data["roles"]
        if not isinstance(value, list):
            raise self.fail(node, "'roles' must be a list of {role, start, end}")
        terms = []
        # the value nodes give each role its own line number
        for item_node, item in zip(self._values["roles"].value, value):
            if not isinstance(item, dict):
                raise self.fail(item_node, "each role must be a mapping {role, start, end}")
            for key in item:
                if key not in ROLE_KEYS:
                    raise self.fail(item_node, f"unknown key {key!r} in role (allowed: end, note, role, start)")
            for key in ("start", "end"):
                if key in item and item[key] is not None and not isinstance(item[key], date):
                    raise self.fail(item_node, f"role {key!r} must be a date written YYYY-MM-DD, got {item[key]!r}")
            if not isinstance(item.get("role"), str):
                raise self.fail(item_node, "role entry needs 'role: <role id>'")
            term = RoleTerm(item["role"], item.get("start"), item.get("end"))
            if term.start and term.end and term.end < term.start:
                raise self.fail(item_node, "role 'end' is before 'start'")
            terms.append((item_node, term))
        self._terms_seen = terms
        return tuple(t for _, t in terms)

    def _entity(self, node: yaml.MappingNode, data: dict, kind: str) -> Entity:
        self._check_keys(node, data, KEYS[kind])
        self._values = {k.value: v for k, v in node.value}
        self._terms_seen: list = []
        valid_from, valid_until = self._date(data, "valid_from"), self._date(data, "valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            raise self.fail(data["valid_until"][0], "'valid_until' is before 'valid_from'")
        level = self._str(data, "level")
        if level is not None:
            self._level(data, "level", level)
            if not self._bool(data, "government"):
                raise self.fail(data["level"][0], "'level' is for a regional government (set 'government: true')")
        entity = Entity(
            id=self._id(node, data), kind=kind, name=self._str(data, "name"),
            aliases=self._names(data, "aliases"), misspellings=self._names(data, "misspellings"),
            paser_names=self._names(data, "paser_names"), short=self._names(data, "short"),
            parent=self._str(data, "parent"), leads=self._str(data, "leads"),
            paser=kind != "other", roles=self._terms(data),
            region=self._names(data, "region"), region_adjacent=self._names(data, "region_adjacent"),
            government=self._bool(data, "government"), level=level, kecamatan=self._bool(data, "kecamatan"),
            case=self._case(data),
            valid_from=valid_from, valid_until=valid_until, successor=self._str(data, "successor"),
            expansion=self._str(data, "expansion"),
            source=f"{Path(self.file).name}:{node.start_mark.line + 1}",
        )
        self._refs.append((self.file, node, data, entity, list(self._terms_seen)))
        return entity

    def _check_references(self, catalog: Catalog) -> None:
        for file, node, data, entity, terms in self._refs:
            self.file = file
            for key, want in (("parent", None), ("leads", "agency"), ("successor", entity.kind)):
                target = getattr(entity, key)
                if target is None:
                    continue
                found = catalog.get(target)
                if found is None or (want is not None and found.kind != want):
                    what = f"{want} " if want else ""
                    raise self.fail(data[key][0], f"{key} {target!r} is not a known {what}id")
            for item_node, term in terms:
                if catalog.role(term.role) is None:
                    raise self.fail(item_node, f"unknown role {term.role!r} (define it in roles.yaml)")
        for role in catalog.roles:
            if role.agency is not None:
                found = catalog.get(role.agency)
                if found is None or found.kind != "agency":
                    raise CatalogError(f"{self.folder / 'roles.yaml'}:{role.line}: "
                                       f"agency {role.agency!r} is not a known agency id")

    def _check_names(self, catalog: Catalog) -> None:
        """The same name may not mean two different things (case-insensitively)."""
        owner: dict[str, str] = {}
        for file, node, data, entity, _ in self._refs:
            self.file = file
            names = (entity.name, *entity.aliases, *entity.misspellings, *entity.paser_names, *entity.short)
            for name in names:
                key = " ".join(name.lower().split())
                if key in owner and owner[key] != entity.id:
                    raise self.fail(node, f"name {name!r} of {entity.id!r} is already a name of {owner[key]!r}")
                owner[key] = entity.id
        for role in catalog.roles:
            for name in (role.name, *role.aliases):
                key = " ".join(name.lower().split())
                if key in owner and owner[key] != f"role:{role.id}":
                    raise CatalogError(f"{self.folder / 'roles.yaml'}:{role.line}: name {name!r} of role "
                                       f"{role.id!r} is already a name of {owner[key]!r}")
                owner[key] = f"role:{role.id}"
