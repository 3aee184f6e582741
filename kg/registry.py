"""The curated entity registry: the only document-specific input besides the text.

A registry is YAML with one list, ``entities`` (format in docs/design.md). Loading validates it and
raises ``RegistryError`` listing every problem, so a curator fixes a file in one pass.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

# libyaml's safe loader where PyYAML was built with it: same documents, about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
QID = re.compile(r"^Q[1-9][0-9]*$")

ACTOR_CLASSES = {
    "Agent", "Person", "Organization", "State", "DeFactoState", "ArmedForce", "GovernmentBody",
    "InternationalOrganization", "NGO", "MediaOutlet", "Company", "PoliticalGroup",
    "AcademicInstitution", "Population", "EthnicGroup",
}
PLACE_CLASSES = {
    "Place", "Country", "Region", "District", "Settlement", "City", "Town", "Village", "Site",
    "Monastery", "Mine", "Airport", "Bridge", "Checkpoint", "Monument", "Facility", "Road", "Corridor",
}
ORGANIZATION_CLASSES = ACTOR_CLASSES - {"Agent", "Person", "Population", "EthnicGroup"}
KNOWN_FIELDS = {
    "id", "label", "types", "aliases", "demonyms", "wikidata", "wikidata_label", "wikidata_source",
    "located_in", "part_of", "note", "wikidata_label_differs", "unreviewed", "coordinates", "coordinates_source",
}
# Words left out when comparing a Wikidata label with the registry's names
NAME_FILLER = {"the", "of", "and", "for", "in", "on", "a", "an"}


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    wikidata: str | None = None
    wikidata_label: str | None = None
    wikidata_source: str | None = None
    located_in: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    unreviewed: bool = False  # drafted by `kg init`, not yet checked by a curator
    coordinates: tuple[float, float] | None = None  # (latitude, longitude) in WGS 84 degrees
    coordinates_source: str | None = None  # where they were taken from (a gazetteer record)
    # its area, from the registry's outlines file: polygons of rings of (longitude, latitude)
    outline: tuple[tuple[tuple[tuple[float, float], ...], ...], ...] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def is_actor(self) -> bool:
        return any(t in ACTOR_CLASSES for t in self.types)

    @property
    def is_place(self) -> bool:
        return any(t in PLACE_CLASSES for t in self.types)

    @property
    def is_person(self) -> bool:
        return "Person" in self.types

    @property
    def is_organization(self) -> bool:
        return any(t in ORGANIZATION_CLASSES for t in self.types)


class RegistryError(ValueError):
    """The registry file is malformed; the message lists every problem found."""


@dataclass
class Registry:
    entities: dict[str, Entity]
    source: Path | None = None
    # Group phrases the curator found ambiguous in the text ("Valdorian forces" for a state's army and
    # an enclave's militia alike): lowercased; the extractor resolves them to no entity, not through the demonym.
    unresolved: frozenset[str] = frozenset()

    def __iter__(self):
        return iter(self.entities.values())

    def __len__(self) -> int:
        return len(self.entities)

    def state_of(self, entity_id: str) -> str | None:
        """The state an entity is, or belongs to up its part_of chain (ministry -> government -> state)."""
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            entity = self[entity_id]
            if "State" in entity.types or "DeFactoState" in entity.types:
                return entity_id
            if not entity.part_of:
                return None
            entity_id = entity.part_of[0]
        return None

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def by_name(self) -> dict[str, str]:
        """Every label, alias and demonym (case-folded) -> entity id."""
        table: dict[str, str] = {}
        for entity in self:
            for name in (*entity.names, *entity.demonyms):
                table.setdefault(name.casefold(), entity.id)
        return table


def load_registry(path: Path, known_classes: set[str] | None = None) -> Registry:
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise RegistryError(f"{path}: expected a mapping with a list under 'entities'")
    if set(data) - {"entities", "outlines", "unresolved"}:
        raise RegistryError(f"{path}: unknown top-level key(s) "
                            f"{sorted(set(data) - {'entities', 'outlines', 'unresolved'})}: a registry has "
                            "'entities' and, optionally, 'outlines' (a polygons file) and 'unresolved' "
                            "(group phrases that name no entity)")
    unresolved = data.get("unresolved") or []
    if not isinstance(unresolved, list) or not all(isinstance(p, str) and p.strip() for p in unresolved):
        raise RegistryError(f"{path}: 'unresolved' must be a list of phrases, such as [Valdorian forces]")
    classes = known_classes or (ACTOR_CLASSES | PLACE_CLASSES)
    problems: list[str] = []
    entities: dict[str, Entity] = {}
    for number, item in enumerate(data["entities"], start=1):
        entity = _parse_entity(item, number, classes, problems)
        if entity is None:
            continue
        if entity.id in entities:
            problems.append(f"entity #{number}: duplicate id '{entity.id}'")
            continue
        entities[entity.id] = entity
    _check_references(entities, problems)
    _check_unique_names(entities, problems)
    _check_unique_qids(entities, problems)
    outlines = outlines_path(path, data)
    if outlines is not None:
        entities = _with_outlines(entities, outlines, problems)
    if problems:
        listing = "\n  - ".join(problems)
        raise RegistryError(f"{path}: {len(problems)} problem(s) in the registry:\n  - {listing}")
    return Registry(entities=entities, source=path,
                    unresolved=frozenset(" ".join(p.casefold().split()) for p in unresolved))


# A gazetteer record named at the start of a coordinates_source: "Who's On First 85668653 (Tərtər, ...)".
RECORD_CITED = re.compile(r"^(?:Who's On First (\d+)|Natural Earth (\S.*?)) \(")


def outlines_path(path: Path, data: dict | None = None) -> Path | None:
    """The polygons file a registry names at its top (``outlines: geo/outlines.geojson``, relative to
    the registry), or None. Read from the text when the registry is not parsed yet (the unit cache's key)."""
    if data is None:
        try:  # an unreadable registry is reported by load_registry, with its reason
            text = Path(path).read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return None
        match = re.search(r"(?m)^outlines:\s*(\S+)\s*$", text)
        name = match.group(1).strip("'\"") if match else None
    else:
        name = data.get("outlines")
    return Path(path).parent / name if isinstance(name, str) and name else None


def copy_outlines(registry: Path, copy: Path) -> None:
    """Put the polygons file ``registry`` names beside ``copy`` too (same relative path), so that a copy
    of a registry written elsewhere loads as the original does."""
    source = outlines_path(registry)
    if source is not None and source.is_file():
        target = Path(copy).parent / source.relative_to(Path(registry).parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def _with_outlines(entities: dict[str, Entity], outlines: Path, problems: list[str]) -> dict[str, Entity]:
    """Each located place whose coordinates name a Who's On First record the outlines file holds gets that
    record's polygon (simplified by ``kg locate --write-outlines``)."""
    try:
        features = json.loads(outlines.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems.append(f"outlines {outlines}: cannot read the polygons file: {exc}")
        return entities
    # a Who's On First record by its number, a Natural Earth record by its layer and name
    by_record = {f["properties"].get("wof", f["properties"].get("record")): f["geometry"] for f in features
                 if (f.get("geometry") or {}).get("type") == "MultiPolygon"}
    found = {}
    for entity in entities.values():
        cited = RECORD_CITED.match(entity.coordinates_source or "")
        geometry = by_record.get(int(cited.group(1)) if cited.group(1) else cited.group(2)) if cited else None
        outline = tuple(tuple(tuple((x, y) for x, y, *_ in ring) for ring in polygon)
                        for polygon in geometry["coordinates"]) if geometry else None
        found[entity.id] = replace(entity, outline=outline) if outline else entity
    return found


def _parse_entity(item, number: int, classes: set[str], problems: list[str]) -> Entity | None:
    where = f"entity #{number}"
    if not isinstance(item, dict):
        problems.append(f"{where}: expected a mapping, got {type(item).__name__}")
        return None
    entity_id = item.get("id")
    if not isinstance(entity_id, str) or not SLUG.match(entity_id):
        problems.append(f"{where}: id {entity_id!r} is not a slug like 'samvel-shahramanyan'")
        return None
    where = f"entity '{entity_id}'"
    for unknown in sorted(set(item) - KNOWN_FIELDS):
        problems.append(f"{where}: unknown field '{unknown}'")
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{where}: missing label")
        return None
    types = _string_list(item, "types", where, problems)
    if not types:
        problems.append(f"{where}: needs at least one type")
    for type_name in types:
        if type_name not in classes:
            problems.append(f"{where}: unknown class '{type_name}'")
    wikidata = item.get("wikidata")
    if wikidata is not None:
        if not isinstance(wikidata, str) or not QID.match(wikidata):
            problems.append(f"{where}: malformed Wikidata QID {wikidata!r} (expected Q followed by digits)")
            wikidata = None
        elif not item.get("wikidata_source"):
            problems.append(f"{where}: QID {wikidata} has no wikidata_source saying where it was checked")
        elif not item.get("wikidata_label"):
            problems.append(f"{where}: QID {wikidata} has no wikidata_label (the item's label, as checked)")
        elif not item.get("wikidata_label_differs") and not _label_agrees(
                item["wikidata_label"], [label, *(item.get("aliases") or [])]):
            problems.append(
                f"{where}: the Wikidata label {item['wikidata_label']!r} of {wikidata} matches neither "
                "the label nor an alias: a wrong QID? If it is the right item under another name, "
                "say why in 'wikidata_label_differs'")
    coordinates = _coordinates(item, where, problems)
    return Entity(
        id=entity_id,
        label=label.strip(),
        types=tuple(types),
        aliases=tuple(_string_list(item, "aliases", where, problems)),
        demonyms=tuple(_string_list(item, "demonyms", where, problems)),
        wikidata=wikidata,
        wikidata_label=item.get("wikidata_label"),
        wikidata_source=item.get("wikidata_source"),
        located_in=tuple(_string_list(item, "located_in", where, problems)),
        part_of=tuple(_string_list(item, "part_of", where, problems)),
        unreviewed=item.get("unreviewed") is True,
        coordinates=coordinates,
        coordinates_source=item.get("coordinates_source") if coordinates else None,
    )


def _coordinates(item: dict, where: str, problems: list[str]) -> tuple[float, float] | None:
    """``coordinates: [latitude, longitude]`` (WGS 84 degrees) with the ``coordinates_source`` they came from."""
    value = item.get("coordinates")
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value)
            and -90 <= value[0] <= 90 and -180 <= value[1] <= 180):
        problems.append(f"{where}: coordinates must be [latitude, longitude] in degrees, got {value!r}")
        return None
    if not item.get("coordinates_source"):
        problems.append(f"{where}: coordinates have no coordinates_source saying where they come from")
        return None
    return float(value[0]), float(value[1])


def _label_agrees(wikidata_label: str, names: list) -> bool:
    """Same name up to case, accents, punctuation and filler words; or one name's words within the other's."""
    theirs = _name_words(wikidata_label)
    for name in names:
        ours = _name_words(str(name))
        if ours and theirs and (ours <= theirs or theirs <= ours):
            return True
    return False


def _name_words(name: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return set(re.findall(r"[a-z0-9]+", plain)) - NAME_FILLER


def _string_list(item: dict, key: str, where: str, problems: list[str]) -> list[str]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: '{key}' must be a list of non-empty strings")
        return []
    return [v.strip() for v in value]


def _check_references(entities: dict[str, Entity], problems: list[str]) -> None:
    for entity in entities.values():
        for key, targets in (("located_in", entity.located_in), ("part_of", entity.part_of)):
            for target in targets:
                if target not in entities:
                    problems.append(f"entity '{entity.id}': {key} names unknown entity '{target}'")
                elif target == entity.id:
                    problems.append(f"entity '{entity.id}': {key} names itself")


def _check_unique_names(entities: dict[str, Entity], problems: list[str]) -> None:
    owner: dict[str, str] = {}
    for entity in entities.values():
        for name in dict.fromkeys(n.casefold() for n in (*entity.aliases, *entity.demonyms)):
            if name in owner and owner[name] != entity.id:
                problems.append(f"alias '{name}' belongs to both '{owner[name]}' and '{entity.id}'")
            owner[name] = entity.id


def _check_unique_qids(entities: dict[str, Entity], problems: list[str]) -> None:
    owner: dict[str, str] = {}
    for entity in entities.values():
        if entity.wikidata:
            if entity.wikidata in owner:
                problems.append(
                    f"QID {entity.wikidata} is given to both '{owner[entity.wikidata]}' and '{entity.id}'"
                )
            owner[entity.wikidata] = entity.id
