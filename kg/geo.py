"""Coordinates for registry places from open gazetteers (``kg locate``): Who's On First, Natural Earth.

Who's On First (WOF) publishes its administrative gazetteer per country as GeoJSON records: a place's
names in many languages, its kind (country, region, county, locality, ...), its country, the regions
it lies in, a centroid, and often a Wikidata concordance (``wof:concordances`` → ``wd:id``). A
registry place is matched to a record when one of its names equals one of the record's names (case,
accents and "district"/"rayon" words aside), the record's kind fits the place's type, and the record
lies in the state the registry's own ``located_in`` chain reaches; a QID on both sides must agree.
Homonyms are real (one town's name borne by villages in two provinces of one country): a name that
fits several records in the right country is settled only by the registry's own containing place (the
one record that lies in the record located for it), or by the one record whose own name it is where the
others only list it as a variant; otherwise it is left for a curator.

Natural Earth (public domain) fills in what the per-country WOF repositories cannot: the world's
populated places (each with a Wikidata item), its countries, and physical regions (mountain ranges,
plateaus), and the areas whose sovereignty is disputed or that broke away (``admin_0_disputed_areas``:
regions the per-country WOF data does not record), each a region of the state Natural Earth gives it to. It
is read from its GeoJSON layers (``ne_10m_populated_places``, ``ne_10m_admin_0_countries``,
``ne_10m_geography_regions_polys``, ``ne_10m_admin_0_disputed_areas``) or from the shipped extract
``data/geo/naturalearth.jsonl``.

Records are read from a folder of WOF GeoJSON files (a checkout of ``whosonfirst-data-admin-xx``) or
from the compact extract the project ships (``data/geo/whosonfirst.jsonl``, one JSON record per
line, written by ``kg locate --write-extract``). Data from Who's On First, CC BY 4.0.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from conflict_kg.registry import Entity, Registry

# Which WOF kinds can be the place a registry type names.
KINDS_FOR_TYPE = {
    "Country": ("country",), "State": ("country",), "DeFactoState": ("region", "macroregion", "country"),
    "Region": ("region", "macroregion", "county", "physical"), "District": ("county", "region", "localadmin"),
    "City": ("locality", "localadmin"), "Town": ("locality", "localadmin"),
    "Village": ("locality", "localadmin", "neighbourhood"), "Settlement": ("locality", "localadmin", "neighbourhood"),
    "Place": ("locality", "localadmin", "county", "region"),
}
KEPT_KINDS = frozenset(kind for kinds in KINDS_FOR_TYPE.values() for kind in kinds)
# Words that name the kind of an administrative unit, not the unit: "Zenda District" is "Zəndə Rayonu".
UNIT_WORDS = frozenset({"district", "rayon", "rayonu", "raion", "region", "province", "marz", "oblast", "city",
                        "village", "town", "municipality", "of", "the"})
WOF = "Who's On First"
NATURAL_EARTH = "Natural Earth"
LICENCES = {WOF: "CC BY 4.0", NATURAL_EARTH: "public domain"}
LICENCE = ("Data from Who's On First (https://whosonfirst.org/), CC BY 4.0; "
           "and from Natural Earth (https://www.naturalearthdata.com/), public domain")
# Azerbaijani Latin letters as English writes them ("Xəzər" is Khazar, "Şəki" Shaki); "ı" is written "i"
# or "y" ("qışlaq" is qishlaq, "Qaraçaylı" Qarachayly). Only for names that have a letter of that
# alphabet, so that an English "x" stays an "x".
AZERBAIJANI_LETTERS = frozenset("əƏıİşŞçÇğĞ")
AZERBAIJANI_ROMANIZATION = (("x", "kh"), ("c", "j"), ("ç", "ch"), ("ş", "sh"), ("ğ", "gh"), ("ə", "a"))


@dataclass(frozen=True)
class Record:
    id: int | str  # the gazetteer's own id (WOF's number; Natural Earth's layer and name)
    name: str
    kind: str  # wof:placetype
    country: str  # ISO code
    names: tuple[str, ...]
    latitude: float
    longitude: float
    within: tuple[int, ...]  # ids of the regions, counties, country it lies in
    qid: str | None
    source: str  # repository and path it was read from
    preferred: tuple[str, ...] = ()  # wof:name and the names marked preferred in each language
    gazetteer: str = WOF
    # the state a disputed area is given to, as the gazetteer names it, until ``settle_sovereigns``
    # finds its country among the country records read with it
    sovereign: str = ""

    @property
    def licence(self) -> str:
        return LICENCES[self.gazetteer]

    def url(self) -> str | None:
        """The record's file on GitHub ("owner/repo:path" sources; the extracts' README pins the commits)."""
        repo, _, path = self.source.partition(":")
        return f"https://github.com/{repo}/blob/HEAD/{path}" if path and repo.count("/") == 1 else None

    def citation(self) -> str:
        """The record as a coordinates_source names it: gazetteer, id, name, kind, country, file."""
        country = f", {self.country}" if self.country else ""
        return f"{self.gazetteer} {self.id} ({self.name}, {self.kind}{country}), {self.source}"


@dataclass
class Proposal:
    entity: Entity
    record: Record | None
    reason: str  # why it was matched, or why not

    @property
    def accepted(self) -> bool:
        return self.record is not None


def read_records(path: Path) -> list[Record]:
    """Records from a WOF checkout (a folder of .geojson), a Natural Earth GeoJSON layer (a .json or
    .geojson file) or a .jsonl extract of either."""
    path = Path(path)
    if path.is_file() and path.suffix in (".json", ".geojson"):
        return natural_earth_records(json.loads(path.read_text(encoding="utf-8")), path.as_posix())
    if path.is_file():
        return [Record(**{**row, "names": tuple(row["names"]), "within": tuple(row["within"]),
                          "preferred": tuple(row.get("preferred", ()))})
                for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row]
    records = []
    for file in sorted(path.rglob("*.geojson")):
        if "-alt-" in file.name:
            continue
        relative = file.relative_to(path).as_posix()
        record = _record(json.loads(file.read_text(encoding="utf-8")),
                         relative if path.name != "data" else f"data/{relative}")
        if record is not None:
            records.append(record)
    return records


def _record(feature: dict, source: str) -> Record | None:
    p = feature.get("properties", {})
    if p.get("wof:placetype") not in KEPT_KINDS or p.get("mz:is_current") == 0 or p.get("wof:superseded_by") \
            or p.get("edtf:deprecated"):
        return None
    names = [p.get("wof:name", "")]
    preferred = [p.get("wof:name", "")]
    for key, value in p.items():
        if key.startswith("name:") and isinstance(value, list):
            names += [v for v in value if isinstance(v, str)]
            if key.endswith("_x_preferred"):
                preferred += [v for v in value if isinstance(v, str)]
    latitude = p.get("lbl:latitude", p.get("geom:latitude"))
    longitude = p.get("lbl:longitude", p.get("geom:longitude"))
    if latitude is None or longitude is None:
        return None
    within = sorted({v for level in p.get("wof:hierarchy", []) for k, v in level.items()
                     if k != f"{p['wof:placetype']}_id" and isinstance(v, int) and v > 0})
    qid = (p.get("wof:concordances") or {}).get("wd:id")
    # WOF's admin data lives in one repository per country: name it beside the file's path
    source = f"whosonfirst-data/whosonfirst-data-admin-{str(p.get('wof:country', '')).lower()}:{source}"
    return Record(id=int(p["wof:id"]), name=p.get("wof:name", ""), kind=p["wof:placetype"],
                  country=p.get("wof:country", ""), names=tuple(dict.fromkeys(n for n in names if n)),
                  latitude=round(float(latitude), 6), longitude=round(float(longitude), 6),
                  within=tuple(within), qid=qid if isinstance(qid, str) else None, source=source,
                  preferred=tuple(dict.fromkeys(n for n in preferred if n)))


# Natural Earth's layers, told apart by their properties; its populated places are all "locality".
NATURAL_EARTH_LAYERS = {"populated_places": "locality", "admin_0_countries": "country",
                        "geography_regions_polys": "physical", "admin_0_disputed_areas": "region"}


def natural_earth_records(collection: dict, source: str) -> list[Record]:
    """Records of a Natural Earth layer: populated places (with their Wikidata item and ISO country),
    countries (ISO code, Wikidata item where the layer has one, label point) and physical regions
    (their polygon's centroid; no country: a mountain range crosses borders) and disputed or breakaway
    areas (the centroid of their largest polygon; their state by name, settled by ``settle_sovereigns``)."""
    layer = Path(source).name.split(".")[0]  # ne_10m_populated_places: any scale
    kind = NATURAL_EARTH_LAYERS.get(re.sub(r"^ne_\d+m_", "", layer))
    if kind is None:
        raise ValueError(f"{source}: not a Natural Earth layer kg locate reads "
                         f"(ne_*_{', ne_*_'.join(NATURAL_EARTH_LAYERS)})")
    # read from the GeoJSON copy of Natural Earth's layers: name it and the layer's path there
    scale = layer.split("_")[1]
    where = f"martynafford/natural-earth-geojson:{scale}/{'physical' if kind == 'physical' else 'cultural'}/{layer}.json"
    records = []
    for feature in collection.get("features", []):
        p = {k.lower(): v for k, v in (feature.get("properties") or {}).items()}
        sovereign = ""
        if kind == "region":  # a disputed area: named by its own name, given to the state of "admin"
            # (one area may be drawn twice, given to each claimant: "W. Sahara" to Morocco and to itself)
            name = p.get("brk_name")
            names = [name, p.get("name_sort"), p.get("name_alt")]
            latitude, longitude = _centroid(feature.get("geometry") or {}, largest=True)
            country, sovereign = "", p.get("admin") or ""
        elif kind == "locality":
            name, latitude, longitude = p.get("name"), p.get("latitude"), p.get("longitude")
            names = [p.get(k) for k in ("name", "nameascii", "name_en", "namealt", "ls_name", "gn_ascii")]
            country = p.get("iso_a2")
        elif kind == "country":
            name = p.get("name")
            latitude, longitude = (p["label_y"], p["label_x"]) if "label_x" in p else _centroid(
                feature.get("geometry") or {}, largest=True)
            names = [p.get(k) for k in ("name", "name_long", "admin", "formal_en", "name_en", "geounit", "brk_name")]
            country = p.get("iso_a2")
        else:
            name = p.get("name")
            names = [name, p.get("namealt")]
            latitude, longitude = _centroid(feature.get("geometry") or {})
            country = ""
        if not name or latitude is None or longitude is None:
            continue
        qid = p.get("wikidataid")
        records.append(Record(
            id=f"{layer}/{name}" + (f"/{country}" if country else f"/{sovereign}" if sovereign else ""),
            name=name, kind=kind,
            country=country if isinstance(country, str) and len(country) == 2 else "",
            names=tuple(dict.fromkeys(n for n in names if isinstance(n, str) and n)),
            latitude=round(float(latitude), 6), longitude=round(float(longitude), 6), within=(),
            qid=qid if isinstance(qid, str) and qid.startswith("Q") else None, source=where,
            preferred=(name,), gazetteer=NATURAL_EARTH, sovereign=sovereign))
    return records


def settle_sovereigns(records: list[Record]) -> list[Record]:
    """A disputed area's country: the one country record read with it that bears its state's name (an
    area whose state no country record names keeps no country, and so locates nothing)."""
    codes: dict[str, set[str]] = {}
    for record in records:
        if record.kind == "country" and record.country:
            for name in record.names:
                codes.setdefault(fold(name), set()).add(record.country)
    settled = []
    for record in records:
        found = codes.get(fold(record.sovereign), set()) if record.sovereign and not record.country else set()
        settled.append(replace(record, country=next(iter(found))) if len(found) == 1 else record)
    return settled


def _centroid(geometry: dict, largest: bool = False) -> tuple[float | None, float | None]:
    """The area-weighted centroid of a (multi)polygon's outer rings (lon/lat treated as a plane), or of
    its largest polygon only (a country's mainland, not the middle of its islands and exclaves)."""
    polygons = {"Polygon": [geometry.get("coordinates")], "MultiPolygon": geometry.get("coordinates")}.get(
        geometry.get("type"), [])
    sums = []
    for polygon in polygons or []:
        ring, area, x, y = polygon[0], 0.0, 0.0, 0.0
        for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False):
            cross = x1 * y2 - x2 * y1
            area, x, y = area + cross, x + (x1 + x2) * cross, y + (y1 + y2) * cross
        sums.append((area, x, y))
    if largest and sums:
        sums = [max(sums, key=lambda s: abs(s[0]))]
    area, x, y = (sum(s[i] for s in sums) for i in range(3))
    if not area:
        return None, None
    return y / (3 * area), x / (3 * area)


def records_for(registry: Registry | Iterable[Registry], records: list[Record]) -> list[Record]:
    """The records any of the registries' places could be (by name), and the country records."""
    registries = [registry] if isinstance(registry, Registry) else list(registry)
    names = {f for r in registries for e in r if any(t in KINDS_FOR_TYPE for t in e.types)
             for n in (*e.names, e.wikidata_label or "") for f in folds(n)}
    qids = {e.wikidata for r in registries for e in r if any(t in KINDS_FOR_TYPE for t in e.types) and e.wikidata}
    chosen = [r for r in records if r.kind == "country" or (r.qid and r.qid in qids)
              or names & {f for n in r.names for f in folds(n)}]
    # and the records that share a chosen record's own name: the check on doubtful names counts them
    own = {fold(r.name) for r in chosen}
    return [r for r in records if r in chosen or fold(r.name) in own]


def write_extract(records: Iterable[Record], path: Path) -> int:
    rows = [json.dumps({k: v for k, v in asdict(r).items() if k != "sovereign" or v}, ensure_ascii=False,
                       sort_keys=True) for r in sorted(records, key=lambda r: r.id)]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def folds(name: str) -> set[str]:
    """The forms a name is compared in: Azerbaijani "ə" is written "a" or "e" in English ("Zəndə" is
    "Zanda", "Tarskəndi" is "Tarskendi"), and a name in the Azerbaijani alphabet also as English
    spells it ("Xəzər" Khazar, "Şəki" Shaki)."""
    forms = [name, name.replace("ə", "e").replace("Ə", "E")]
    if AZERBAIJANI_LETTERS & set(name):
        romanized = name.casefold()
        for letter, english in AZERBAIJANI_ROMANIZATION:
            romanized = romanized.replace(letter, english)
        forms += [romanized.replace("ı", "i"), romanized.replace("ı", "y")]
    return {f for f in map(fold, forms) if f}


def fold(name: str) -> str:
    """Names compare without case, accents, punctuation or the words that name a unit's kind."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("ə", "a").replace("ı", "i"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^\w]+", text) if w and w not in UNIT_WORDS]
    return " ".join(words)


def propose(registry: Registry, records: list[Record]) -> Iterator[Proposal]:
    """One proposal for each registry place a record could locate (matched, or why not). Runs until
    nothing changes: a place located in one round settles its homonym contents ("Zenda" in the
    district located before) and its country (the state's record gives its ISO code) in the next."""
    matcher = _Matcher(registry, records)
    proposals: dict[str, Proposal] = {}
    while True:
        changed = False
        for entity in registry:
            if entity.id in proposals and proposals[entity.id].accepted:
                continue
            proposal = matcher.propose(entity)
            if proposal is None:
                continue
            if proposal.accepted:
                matcher.located[entity.id] = proposal.record
                changed = True
            proposals[entity.id] = proposal
        if not changed:
            break
    yield from (proposals[e.id] for e in registry if e.id in proposals)


class _Matcher:
    def __init__(self, registry: Registry, records: list[Record]):
        self.registry = registry
        self.by_name: dict[str, list[Record]] = {}
        for record in records:
            for name in record.names:
                for form in folds(name):
                    self.by_name.setdefault(form, []).append(record)
        self.by_qid: dict[str, list[Record]] = {}
        for record in records:
            if record.qid:
                self.by_qid.setdefault(record.qid, []).append(record)
        self.countries = {r.qid: r.country for r in records if r.kind == "country" and r.qid and r.country}
        self.own_names = Counter((r.kind, r.country, fold(r.name)) for r in records)
        self.located: dict[str, Record] = {}  # entity id -> the record located for it so far

    def propose(self, entity: Entity) -> Proposal | None:
        kinds = {k for t in entity.types for k in KINDS_FOR_TYPE.get(t, ())}
        if not kinds:
            return None
        names = {form for n in (*entity.names, entity.wikidata_label or "") for form in folds(n)}
        found = {r.id: r for n in names for r in self.by_name.get(n, []) if r.kind in kinds}
        if not found and entity.wikidata:
            # a record named otherwise ("Naxçıvan" for the Nakhchivan Autonomous Republic) whose Wikidata
            # concordance is the place's own item, in the place's own country
            same = [r for r in self.by_qid.get(entity.wikidata, []) if r.kind in kinds]
            country = self._country_of(entity)
            same = [r for r in same if country is not None and r.country == country]
            if same:
                return Proposal(entity, _best(same), f"its Wikidata {entity.wikidata} is the {_best(same).kind} "
                                                     f"{_best(same).name}'s concordance in {country}")
        if not found:
            return None
        candidates = list(found.values())
        if entity.wikidata:
            same = [r for r in candidates if r.qid == entity.wikidata]
            if same:
                return Proposal(entity, _best(same), f"name and Wikidata {entity.wikidata} agree")
            candidates = [r for r in candidates if r.qid is None]  # another QID: another place
            if not candidates:
                return Proposal(entity, None, "every record of that name has another Wikidata item")
        if candidates and all(r.kind == "country" for r in candidates):
            codes = {r.country for r in candidates}  # the same country in two gazetteers is one country
            if len(codes) == 1 and "State" in entity.types:
                return Proposal(entity, _best(candidates), f"the only country of that name ({codes.pop()})")
            return Proposal(entity, None, f"{len(codes)} countries of that name: left to a curator")
        physical = [r for r in candidates if r.kind == "physical"]
        if physical and not entity.located_in:
            # a mountain range or plateau crosses borders: its name is checked across the whole gazetteer
            same_name = {r.id for n in names for r in self.by_name.get(n, []) if r.kind == "physical"}
            if len(physical) == 1 and len(same_name) == 1:
                return Proposal(entity, physical[0], "the only physical region of that name")
            return Proposal(entity, None, f"{len(same_name)} physical regions of that name: left to a curator")
        country = self._country_of(entity)
        if country is None:
            return Proposal(entity, None, "the registry places it in no state whose country the records know")
        candidates = [r for r in candidates if r.country == country]
        if len(candidates) > 1:
            # homonyms: the one that lies in the record located for the nearest containing place
            container = next((c for c in self._containers(entity) if c in self.located), None)
            inside = [r for r in candidates if container and self.located[container].id in r.within]
            if len(inside) == 1:
                return Proposal(entity, inside[0], f"the only {inside[0].kind} of that name in {country} "
                                                   f"inside {self.located[container].name} ({container})")
            own = [r for r in candidates if names & folds(r.name)]
            if len(own) == 1:
                return Proposal(entity, own[0], f"the only {own[0].kind} in {country} whose own name it is "
                                                f"({len(candidates) - 1} more list it as a variant)")
        if len(candidates) == 1 and not (names & folds(candidates[0].name)) \
                and self.own_names[(candidates[0].kind, candidates[0].country, fold(candidates[0].name))] > 1:
            # matched by another name than its own on a record whose own name another record has too: the
            # gazetteer is unsure what it is (a record named "Zenda" whose Azerbaijani name is another rayon's)
            return Proposal(entity, None, f"only a variant name of {candidates[0].name}, a name two records have")
        if len(candidates) == 1:
            how = "" if names & {f for n in candidates[0].preferred for f in folds(n)} else " (by a variant name)"
            return Proposal(entity, candidates[0], f"the only {candidates[0].kind} of that name in {country}{how}")
        if candidates:
            return Proposal(entity, None, f"{len(candidates)} records of that name in {country}: left to a curator")
        return Proposal(entity, None, f"no record of that name in {country}")

    def _containers(self, entity: Entity) -> list[str]:
        """The registry's located_in chain, nearest first."""
        chain, todo = [], list(entity.located_in)
        while todo:
            current = todo.pop(0)
            if current in chain or current not in self.registry.entities:
                continue
            chain.append(current)
            todo.extend(self.registry.entities[current].located_in)
        return chain

    def _country_of(self, entity: Entity) -> str | None:
        """The ISO country of the state the registry's located_in chain reaches (a de facto state's
        territory is its de jure state's in the gazetteer: the chain goes on through it); a state is
        known by its Wikidata item or by the country record located for it."""
        for container in [entity.id, *self._containers(entity)]:
            current = self.registry.entities[container]
            if "State" not in current.types:
                continue
            if current.wikidata in self.countries:
                return self.countries[current.wikidata]
            record = self.located.get(current.id)
            if record is not None and record.kind == "country" and record.country:
                return record.country
        return None


def _best(records: list[Record]) -> Record:
    """Of records that agree, the most specific kind (a city's locality before its municipality), Who's
    On First's before Natural Earth's (its records know the regions they lie in)."""
    order = ("locality", "neighbourhood", "localadmin", "county", "region", "macroregion", "physical", "country")
    return min(records, key=lambda r: (order.index(r.kind) if r.kind in order else len(order),
                                       r.gazetteer != WOF, r.id if isinstance(r.id, int) else 0, str(r.id)))


def apply_locations(registry_path: Path, proposals: list[Proposal], checked: str) -> tuple[list[str], list[str]]:
    """Write the coordinates of each accepted proposal into the registry file (one atomic replace), and
    the record's Wikidata item where the entity has none and the record's name agrees with the entity's
    label or an alias (the gazetteer's concordance, cited as the QID's source). What an entity already
    has is left as it is, as is an entity whose block cannot be found or whose new lines the loader
    would refuse (a QID another entity holds). Returns the entities given coordinates, and given QIDs."""
    from conflict_kg.registry import _label_agrees
    from conflict_kg.registry_file import entity_block, load_problem, replace_file, yaml_string

    registry_path = Path(registry_path)
    lines = registry_path.read_text(encoding="utf-8").splitlines(keepends=True)
    located: list[str] = []
    linked: list[str] = []
    for proposal in proposals:
        entity, record = proposal.entity, proposal.record
        if not proposal.accepted:
            continue
        block = entity_block(lines, entity.id)
        if block is None:
            continue
        first, last, dash_indent = block
        present = {m.group(1) for n in range(first + 1, last + 1)
                   if (m := re.match(r"\s*(coordinates|wikidata)\s*:", lines[n]))}
        indent, newline = " " * (dash_indent + 2), "\r\n" if lines[first].endswith("\r\n") else "\n"
        source = f"{record.citation()}; checked {checked}; {record.licence}"
        additions = []
        if entity.coordinates is None and "coordinates" not in present:
            additions.append(("coordinates", [f"{indent}coordinates: [{record.latitude}, {record.longitude}]{newline}",
                                              f"{indent}coordinates_source: {yaml_string(source)}{newline}"]))
        if entity.wikidata is None and "wikidata" not in present and record.qid \
                and _label_agrees(record.name, list(entity.names)):
            additions.append(("wikidata", [
                f"{indent}wikidata: {record.qid}{newline}",
                f"{indent}wikidata_label: {yaml_string(record.name)}{newline}",
                f"{indent}wikidata_source: {yaml_string(f'the Wikidata concordance of {source}' + (f' ({record.url()})' if record.url() else ''))}"
                f"{newline}"]))
        for what, new_lines in additions:
            first, last, dash_indent = entity_block(lines, entity.id)
            trial = list(lines)
            if not trial[last].endswith(("\n", "\r")):
                trial[last] += newline
            trial[last + 1:last + 1] = new_lines
            if load_problem(registry_path, trial, entity.id) is None:
                lines = trial
                (located if what == "coordinates" else linked).append(entity.id)
    if located or linked:
        replace_file(registry_path, "".join(lines))
    return located, linked


# -- outlines: the countries' and regions' polygons, simplified, for the map's background ---------------

OUTLINE_KINDS = {"country": 0.01, "region": 0.005}  # kind -> tolerance in degrees (about 1 km, 0.5 km)


def simplify(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker: the fewest of a ring's points that keep it within ``tolerance`` degrees."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first][:2], ring[last][:2]
        length = math.hypot(x2 - x1, y2 - y1)
        far, index = 0.0, None
        for i in range(first + 1, last):
            x, y = ring[i][:2]
            # from the segment's line, or from its point where it has none (a closed ring's ends meet)
            distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length if length else math.hypot(x - x1, y - y1)
            if distance > far:
                far, index = distance, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [[round(point[0], 4), round(point[1], 4)] for point, kept in zip(ring, keep, strict=True) if kept]


def read_outlines(path: Path, countries: set[str]) -> list[dict]:
    """Simplified GeoJSON features of the countries and regions of a WOF checkout's ``data/`` folder."""
    features = []
    for file in sorted(Path(path).rglob("*.geojson")):
        if "-alt-" in file.name:
            continue
        feature = json.loads(file.read_text(encoding="utf-8"))
        p = feature.get("properties", {})
        kind, geometry = p.get("wof:placetype"), feature.get("geometry") or {}
        if kind not in OUTLINE_KINDS or p.get("mz:is_current") == 0 or p.get("wof:country") not in countries \
                or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        simplified = [[simplify(ring, OUTLINE_KINDS[kind]) for ring in polygon] for polygon in polygons]
        simplified = [[ring for ring in polygon if len(ring) >= 4] for polygon in simplified]
        simplified = [polygon for polygon in simplified if polygon]
        if simplified:
            features.append({"type": "Feature", "properties": {
                "name": p.get("name:eng_x_preferred", [p.get("wof:name")])[0], "kind": kind, "wof": p["wof:id"],
                "source": f"whosonfirst-data/whosonfirst-data-admin-{p['wof:country'].lower()}"},
                "geometry": {"type": "MultiPolygon", "coordinates": simplified}})
    return features


def disputed_outlines(path: Path, records: list[Record], countries: set[str]) -> list[dict]:
    """Simplified GeoJSON features of a Natural Earth disputed-areas layer's areas given to one of
    ``countries`` (their records settled among ``records``), keyed by the record's id."""
    kept = {r.id: r for r in records if r.gazetteer == NATURAL_EARTH and r.kind == "region" and r.country in countries}
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    layer = Path(path).name.split(".")[0]
    features = []
    for feature in collection.get("features", []):
        p = feature.get("properties") or {}
        record = kept.get(f"{layer}/{p.get('BRK_NAME')}/{p.get('ADMIN')}")
        geometry = feature.get("geometry") or {}
        if record is None or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        simplified = [[ring for ring in (simplify(r, OUTLINE_KINDS["region"]) for r in polygon) if len(ring) >= 4]
                      for polygon in polygons]
        if any(simplified):
            features.append({"type": "Feature", "properties": {
                "name": record.name, "kind": "region", "record": record.id, "source": record.source},
                "geometry": {"type": "MultiPolygon", "coordinates": [p for p in simplified if p]}})
    return features


def write_outlines(features: list[dict], path: Path) -> None:
    attribution = "Data from Who's On First (https://whosonfirst.org/), CC BY 4.0"
    if any("record" in f["properties"] for f in features):
        attribution += "; and from Natural Earth (https://www.naturalearthdata.com/), public domain"
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "attribution": attribution, "features": features},
                                     ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
