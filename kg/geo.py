"""Coordinates for registry places from Who's On First (``kg locate``).

Who's On First (WOF) publishes its administrative gazetteer per country as GeoJSON records: a place's
names in many languages, its kind (country, region, county, locality, ...), its country, the regions
it lies in, a centroid, and often a Wikidata concordance (``wof:concordances`` → ``wd:id``). A
registry place is matched to a record when one of its names equals one of the record's names (case,
accents and "district"/"rayon" words aside), the record's kind fits the place's type, and the record
lies in the state the registry's own ``located_in`` chain reaches; a QID on both sides must agree.
Homonyms are real (a Martuni in Armenia's Gegharkunik and another in Nagorno-Karabakh): a name that
fits several records in the right country is left for a curator.

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
from dataclasses import asdict, dataclass
from pathlib import Path

from conflict_kg.registry import Entity, Registry

# Which WOF kinds can be the place a registry type names.
KINDS_FOR_TYPE = {
    "Country": ("country",), "State": ("country",), "DeFactoState": ("region", "macroregion", "country"),
    "Region": ("region", "macroregion", "county"), "District": ("county", "region", "localadmin"),
    "City": ("locality", "localadmin"), "Town": ("locality", "localadmin"),
    "Village": ("locality", "localadmin", "neighbourhood"), "Settlement": ("locality", "localadmin", "neighbourhood"),
    "Place": ("locality", "localadmin", "county", "region"),
}
KEPT_KINDS = frozenset(kind for kinds in KINDS_FOR_TYPE.values() for kind in kinds)
# Words that name the kind of an administrative unit, not the unit: "Zenda District" is "Zəndə Rayonu".
UNIT_WORDS = frozenset({"district", "rayon", "rayonu", "raion", "region", "province", "marz", "oblast", "city",
                        "village", "town", "municipality", "of", "the"})
LICENCE = "Data from Who's On First (https://whosonfirst.org/), CC BY 4.0"


@dataclass(frozen=True)
class Record:
    id: int
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


@dataclass
class Proposal:
    entity: Entity
    record: Record | None
    reason: str  # why it was matched, or why not

    @property
    def accepted(self) -> bool:
        return self.record is not None


def read_records(path: Path) -> list[Record]:
    """Records from a WOF checkout (a folder of .geojson) or a .jsonl extract."""
    path = Path(path)
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


def records_for(registry: Registry, records: list[Record]) -> list[Record]:
    """The records any of the registry's places could be (by name), and the country records."""
    names = {f for e in registry if any(t in KINDS_FOR_TYPE for t in e.types)
             for n in (*e.names, e.wikidata_label or "") for f in folds(n)}
    chosen = [r for r in records if r.kind == "country" or names & {f for n in r.names for f in folds(n)}]
    # and the records that share a chosen record's own name: the check on doubtful names counts them
    own = {fold(r.name) for r in chosen}
    return [r for r in records if r in chosen or fold(r.name) in own]


def write_extract(records: Iterable[Record], path: Path) -> int:
    rows = [json.dumps(asdict(r), ensure_ascii=False, sort_keys=True) for r in sorted(records, key=lambda r: r.id)]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def folds(name: str) -> set[str]:
    """The forms a name is compared in: Azerbaijani "ə" is written "a" or "e" in English ("Zəndə" is
    "Zanda", "Tarskəndi" is "Tarskendi")."""
    return {f for f in (fold(name), fold(name.replace("ə", "e").replace("Ə", "E"))) if f}


def fold(name: str) -> str:
    """Names compare without case, accents, punctuation or the words that name a unit's kind."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("ə", "a").replace("ı", "i"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^\w]+", text) if w and w not in UNIT_WORDS]
    return " ".join(words)


def propose(registry: Registry, records: list[Record]) -> Iterator[Proposal]:
    """One proposal for each registry place a record could locate (matched, or why not)."""
    by_name: dict[str, list[Record]] = {}
    for record in records:
        for name in record.names:
            for form in folds(name):
                by_name.setdefault(form, []).append(record)
    countries = {r.qid: r.country for r in records if r.kind == "country" and r.qid}
    own_names = Counter((r.kind, r.country, fold(r.name)) for r in records)
    for entity in registry:
        kinds = {k for t in entity.types for k in KINDS_FOR_TYPE.get(t, ())}
        if not kinds:
            continue
        names = {form for n in (*entity.names, entity.wikidata_label or "") for form in folds(n)}
        found = {r.id: r for n in names for r in by_name.get(n, []) if r.kind in kinds}
        if not found:
            continue
        candidates = list(found.values())
        if entity.wikidata:
            same = [r for r in candidates if r.qid == entity.wikidata]
            if same:
                yield Proposal(entity, _best(same), f"name and Wikidata {entity.wikidata} agree")
                continue
            candidates = [r for r in candidates if r.qid is None]  # another QID: another place
            if not candidates:
                yield Proposal(entity, None, "every record of that name has another Wikidata item")
                continue
        country = _country_of(entity, registry, countries)
        if country is None:
            yield Proposal(entity, None, "the registry places it in no state whose country the records know")
            continue
        candidates = [r for r in candidates if r.country == country]
        if len(candidates) == 1 and not (names & {f for n in candidates[0].preferred for f in folds(n)}) \
                and own_names[(candidates[0].kind, candidates[0].country, fold(candidates[0].name))] > 1:
            # matched only by a variant name on a record whose own name another record has too: the
            # gazetteer is unsure what it is (a record named "Zenda" whose Azerbaijani name is another rayon's)
            yield Proposal(entity, None, f"only a variant name of {candidates[0].name}, a name two records have")
        elif len(candidates) == 1:
            how = "" if names & {f for n in candidates[0].preferred for f in folds(n)} else " (by a variant name)"
            yield Proposal(entity, candidates[0], f"the only {candidates[0].kind} of that name in {country}{how}")
        elif candidates:
            yield Proposal(entity, None, f"{len(candidates)} records of that name in {country}: left to a curator")
        else:
            yield Proposal(entity, None, f"no record of that name in {country}")


def _best(records: list[Record]) -> Record:
    """Of records that agree, the most specific kind (a city's locality before its municipality)."""
    order = ("locality", "neighbourhood", "localadmin", "county", "region", "macroregion", "country")
    return min(records, key=lambda r: (order.index(r.kind) if r.kind in order else len(order), r.id))


def _country_of(entity: Entity, registry: Registry, countries: dict[str, str]) -> str | None:
    """The ISO country of the state the registry's located_in chain reaches (a de facto state's
    territory is its de jure state's in the gazetteer: the chain goes on through it)."""
    seen, todo = set(), [entity.id]
    while todo:
        current = registry.entities.get(todo.pop())
        if current is None or current.id in seen:
            continue
        seen.add(current.id)
        if "State" in current.types and current.wikidata in countries:
            return countries[current.wikidata]
        todo.extend(current.located_in)
    return None


def apply_locations(registry_path: Path, proposals: list[Proposal], checked: str) -> list[str]:
    """Write the coordinates of each accepted proposal into the registry file (one atomic replace);
    an entity that already has coordinates, or whose block cannot be found, is left as it is."""
    from conflict_kg.registry_file import entity_block, load_problem, replace_file, yaml_string

    registry_path = Path(registry_path)
    lines = registry_path.read_text(encoding="utf-8").splitlines(keepends=True)
    written: list[str] = []
    for proposal in proposals:
        if not proposal.accepted or proposal.entity.coordinates is not None:
            continue
        block = entity_block(lines, proposal.entity.id)
        if block is None:
            continue
        first, last, dash_indent = block
        if any(re.match(r"\s*coordinates(_source)?\s*:", lines[n]) for n in range(first + 1, last + 1)):
            continue
        indent, newline = " " * (dash_indent + 2), "\r\n" if lines[first].endswith("\r\n") else "\n"
        trial = list(lines)
        if not trial[last].endswith(("\n", "\r")):
            trial[last] += newline
        record = proposal.record
        source = (f"Who's On First {record.id} ({record.name}, {record.kind}, {record.country}), "
                  f"{record.source}; checked {checked}; CC BY 4.0")
        trial[last + 1:last + 1] = [
            f"{indent}coordinates: [{record.latitude}, {record.longitude}]{newline}",
            f"{indent}coordinates_source: {yaml_string(source)}{newline}",
        ]
        if load_problem(registry_path, trial, proposal.entity.id) is None:
            lines = trial
            written.append(proposal.entity.id)
    if written:
        replace_file(registry_path, "".join(lines))
    return written


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


def write_outlines(features: list[dict], path: Path) -> None:
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "attribution": LICENCE, "features": features},
                                     ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
