"""``kg link``: propose Wikidata QIDs for registry entities that have none (for curators).

The candidates come either from Wikidata itself (``--wikidata-api``: search, then one SPARQL request per
batch of items, see ``wikidata_api``) or from a file the curator supplies:

* a Wikidata entity JSON slice: ``{"entities": {"Q..": {...}}}`` as returned by ``wbgetentities``, a JSON
  array of entity objects as in the JSON dumps, or JSON lines (one entity per line; the dump's trailing
  commas and ``[`` / ``]`` lines are accepted). Used: ``id``, ``labels``, ``aliases``, ``descriptions``,
  ``claims.P31``.
* exported SPARQL results with the columns ``?item ?itemLabel ?altLabel ?type`` (``?itemAltLabel`` and
  ``?itemDescription`` are read too), as SPARQL 1.1 JSON results or as CSV. One row per (item, type) pair
  is fine; rows of the same item are merged. An ``altLabel`` cell may hold several aliases separated by
  ``|`` (or by ``", "``, as the query service's label service joins them).

Matching is by folded names (case, diacritics and punctuation ignored; a leading "the" dropped) with a
token similarity for near misses, then checks: the candidate's P31 values and their P279 ancestors against
a table of Wikidata classes per ckg class (a contradiction rejects it; no P31 data lowers its score), and
for places the registry's own geography: a candidate in another country (P17) than the state the
registry places it in is rejected (a homonym), one whose containing regions (P131) miss the registry's
scores lower.

Nothing is written without ``--apply`` or ``--review``. Each proposal is then written on its own:
``wikidata``, ``wikidata_label`` and ``wikidata_source`` (the item's URL, where the match came from and
the date) are inserted as text lines right after the entity's last field, so comments and layout stay as
they are; a QID another entity already has is never given, and a proposal the registry loader refuses is
reported with its reason while the others are written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import click

from conflict_kg.registry import QID, Entity, Registry, RegistryError, load_registry
from conflict_kg.registry_file import entity_block, load_problem, replace_file, yaml_string

WD_ENTITY = "http://www.wikidata.org/entity/"
LANGUAGES = ("en", "mul")  # label languages matched, in order of preference for wikidata_label
DEFAULT_MIN_SCORE = 0.8
AMBIGUITY_MARGIN = 0.05  # the best candidate must beat the runner-up by this much to be applied
LIST_MIN_SCORE = 0.3  # candidates below this are not shown

# Wikidata classes accepted for each ckg class. An item passes when its P31 values or their P279 ancestors
# (as far as the data gives them: a few levels from the API, none from most files) meet the set, so
# "district of Valdoria" passes as an administrative territorial entity without being listed. Each QID
# was checked against its English label in public code tables (label in the comment). A class missing
# here is "unchecked": its candidates are neither confirmed nor rejected by type.
_HUMAN = {"Q5"}  # human
_COUNTRY = {"Q6256", "Q3624078", "Q7275"}  # country, sovereign state, state
_SETTLEMENT = {
    "Q486972",  # human settlement
    "Q515",  # city
    "Q3957",  # town
    "Q532",  # village
    "Q5119",  # capital city
    "Q1549591",  # big city
    "Q15284",  # municipality
}
_REGION = {
    "Q82794",  # geographic region
    "Q56061",  # administrative territorial entity
    "Q1048835",  # political territorial entity
    "Q46831",  # mountain range
}
_ORGANIZATION = {"Q43229"}  # organization
_ARMED = {"Q772547", "Q61883", "Q176799"}  # armed forces, military branch, military unit
TYPE_TABLE: dict[str, set[str]] = {
    "Person": _HUMAN,
    "State": _COUNTRY,
    "Country": _COUNTRY,
    "DeFactoState": {"Q15634554"} | _COUNTRY,  # state with limited recognition
    "Settlement": _SETTLEMENT,
    "City": _SETTLEMENT,
    "Town": _SETTLEMENT,
    "Village": _SETTLEMENT,
    "Region": _REGION,
    "District": _REGION,
    "Organization": _ORGANIZATION,
    "ArmedForce": _ARMED | _ORGANIZATION,
    "GovernmentBody": {"Q2659904", "Q327333"} | _ORGANIZATION,  # government organization, government agency
    "InternationalOrganization": {"Q484652", "Q245065"} | _ORGANIZATION,  # international / intergovernmental org.
    "NGO": {"Q79913", "Q163740"} | _ORGANIZATION,  # non-governmental organization, nonprofit organization
    "MediaOutlet": {"Q11032", "Q15265344"} | _ORGANIZATION,  # newspaper, broadcaster
    "Company": {"Q4830453", "Q783794"} | _ORGANIZATION,  # business, company
    "EthnicGroup": {"Q41710"},  # ethnic group
    "Monastery": {"Q44613"},  # monastery
    "Monument": {"Q4989906"},  # monument
}

# score factors by type-check outcome
TYPE_FACTOR = {"match": 1.0, "unchecked": 0.9, "unknown": 0.85, "mismatch": 0.0}
# and by what the registry's geography says of a place (a homonym in another country is refused)
CONTEXT_FACTOR = {"confirmed": 1.0, "country": 1.0, "unchecked": 1.0, "region-differs": 0.9, "mismatch": 0.0}


class LinkError(ValueError):
    """The candidates file or the registry cannot be used."""


@dataclass
class WikidataItem:
    qid: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    aliases: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)  # P31 QIDs
    description: str = ""
    classes: set[str] = field(default_factory=set)  # P279 ancestors of the P31 values (a few levels)
    countries: set[str] = field(default_factory=set)  # P17
    admin: set[str] = field(default_factory=set)  # P131 and the regions containing those (a few levels)
    coordinates: str = ""  # P625 as WKT
    born: str = ""  # P569, for a curator telling namesakes apart
    died: str = ""  # P570

    @property
    def label(self) -> str:
        for language in LANGUAGES:
            if self.labels.get(language):
                return self.labels[language]
        return next(iter(self.labels.values()), self.qid)


@dataclass
class Candidate:
    qid: str
    label: str
    description: str
    score: float
    name_score: float
    type_status: str  # match | unchecked | unknown | mismatch
    matched: str  # "our name = their name"
    types: tuple[str, ...]
    context_status: str = "unchecked"  # places: confirmed | country | region-differs | mismatch | unchecked
    context_note: str = ""
    born: str = ""
    died: str = ""

    @property
    def rejected(self) -> bool:
        return self.type_status == "mismatch" or self.context_status == "mismatch"

    @property
    def reason(self) -> str:
        """Why a rejected candidate is refused."""
        if self.type_status == "mismatch":
            return f"{self.qid}: type (P31 {','.join(self.types) or '-'}) outside the entity's classes"
        return f"{self.qid}: {self.context_note}" if self.context_status == "mismatch" else ""


@dataclass
class Proposal:
    entity_id: str
    entity_label: str
    candidates: list[Candidate]  # best first; type-rejected ones last
    status: str = "no-candidate"  # proposed | ambiguous | below-threshold | taken | rejected | no-candidate
    note: str = ""  # (after --apply also written | refused; with check_linked agrees | differs | unconfirmed)
    current: str | None = None  # the QID the registry already has

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates and not self.candidates[0].rejected else None


# ---------------------------------------------------------------------------------------------------------
# names


def normalise(name: str) -> str:
    """Fold case, diacritics and punctuation: 'Dunmére (city)' -> 'dunmere city'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[\W_]+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def similarity(a: str, b: str) -> float:
    """Token similarity of two normalised names in [0, 1]: mean of token Jaccard and sorted-token ratio."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0
    jaccard = len(set(ta) & set(tb)) / len(set(ta) | set(tb))
    ratio = SequenceMatcher(None, " ".join(sorted(ta)), " ".join(sorted(tb))).ratio()
    return (jaccard + ratio) / 2


# ---------------------------------------------------------------------------------------------------------
# reading candidate files


def _qid(value: str) -> str | None:
    value = (value or "").strip()
    if value.startswith(WD_ENTITY):
        value = value[len(WD_ENTITY):]
    return value if QID.match(value) else None


def _split_aliases(cell: str) -> list[str]:
    cell = (cell or "").strip()
    if not cell:
        return []
    parts = cell.split("|") if "|" in cell else cell.split(", ")
    return [p.strip() for p in parts if p.strip()]


def _from_entity_json(obj: dict, items: dict[str, WikidataItem]) -> None:
    qid = _qid(str(obj.get("id", "")))
    if qid is None or "missing" in obj:
        return
    item = items.setdefault(qid, WikidataItem(qid))
    for language, value in (obj.get("labels") or {}).items():
        text = value.get("value") if isinstance(value, dict) else value
        if isinstance(text, str) and text:
            item.labels.setdefault(language, text)
    for language, values in (obj.get("aliases") or {}).items():
        if language not in LANGUAGES:
            continue
        for value in values if isinstance(values, list) else [values]:
            text = value.get("value") if isinstance(value, dict) else value
            if isinstance(text, str) and text and text not in item.aliases:
                item.aliases.append(text)
    descriptions = obj.get("descriptions") or {}
    for language in LANGUAGES:
        value = descriptions.get(language)
        if value and not item.description:
            item.description = value.get("value", "") if isinstance(value, dict) else str(value)
    for statement in (obj.get("claims") or obj.get("statements") or {}).get("P31", []):
        snak = statement.get("mainsnak", {})
        value = (snak.get("datavalue") or {}).get("value")
        if isinstance(value, dict):
            target = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else None)
            if target and QID.match(target):
                item.types.add(target)


def _from_row(row: dict[str, str], items: dict[str, WikidataItem]) -> None:
    qid = _qid(row.get("item", ""))
    if qid is None:
        return
    item = items.setdefault(qid, WikidataItem(qid))
    label = (row.get("itemLabel") or "").strip()
    if label and label != qid:  # the label service falls back to the QID when there is no label
        item.labels.setdefault("en", label)
    for alias in _split_aliases(row.get("altLabel") or row.get("itemAltLabel") or ""):
        if alias not in item.aliases:
            item.aliases.append(alias)
    if row.get("itemDescription") and not item.description:
        item.description = row["itemDescription"].strip()
    type_qid = _qid(row.get("type", ""))
    if type_qid:
        item.types.add(type_qid)


def read_candidates(path: Path) -> dict[str, WikidataItem]:
    """Every Wikidata item in a candidates file (entity JSON, JSON lines, SPARQL JSON or CSV)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LinkError(f"{path}: cannot read: {exc}") from None
    items: dict[str, WikidataItem] = {}
    stripped = text.lstrip()
    if not stripped:
        raise LinkError(f"{path}: the file is empty")
    if stripped[0] in "{[":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if data is None:  # JSON lines, possibly a dump excerpt with trailing commas
            for number, line in enumerate(text.splitlines(), start=1):
                line = line.strip().rstrip(",")
                if line in ("", "[", "]"):
                    continue
                try:
                    _from_entity_json(json.loads(line), items)
                except (json.JSONDecodeError, AttributeError):
                    raise LinkError(f"{path}: line {number} is not a JSON entity") from None
        elif isinstance(data, dict) and isinstance(data.get("entities"), dict):
            for obj in data["entities"].values():
                _from_entity_json(obj, items)
        elif isinstance(data, dict) and isinstance(data.get("results"), dict):
            for binding in data["results"].get("bindings", []):
                _from_row({k: v.get("value", "") for k, v in binding.items()}, items)
        elif isinstance(data, list):
            for obj in data:
                if isinstance(obj, dict):
                    _from_entity_json(obj, items)
        elif isinstance(data, dict) and "id" in data:
            _from_entity_json(data, items)
        else:
            raise LinkError(f"{path}: JSON that is neither Wikidata entities nor SPARQL results")
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "item" not in [f.strip() for f in reader.fieldnames]:
            raise LinkError(f"{path}: CSV without an 'item' column")
        for row in reader:
            _from_row({(k or "").strip(): (v or "") for k, v in row.items()}, items)
    return items


# ---------------------------------------------------------------------------------------------------------
# matching


def expected_types(entity: Entity) -> set[str] | None:
    """The P31 values acceptable for the entity, or None when none of its classes is in the table."""
    known = [TYPE_TABLE[t] for t in entity.types if t in TYPE_TABLE]
    return set().union(*known) if known else None


def _names(item: WikidataItem) -> list[tuple[str, bool]]:
    """(normalised name, is a label) of an item, in the matched languages."""
    out = [(normalise(item.labels[lang]), True) for lang in LANGUAGES if item.labels.get(lang)]
    out += [(normalise(alias), False) for alias in item.aliases]
    return [(n, is_label) for n, is_label in out if n]


@dataclass(frozen=True)
class PlaceContext:
    """What the registry knows of where a place lies: QIDs of its state and of its containing places."""

    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    described: str = ""  # "Valdoria (Q9000001)", for messages


def place_context(registry: Registry, entity: Entity) -> PlaceContext:
    """Walk located_in upwards; containing states give the country, other containing places the regions."""
    countries: set[str] = set()
    regions: set[str] = set()
    names: list[str] = []
    seen: set[str] = set()
    queue = list(entity.located_in)
    while queue:
        entity_id = queue.pop(0)
        if entity_id in seen or entity_id not in registry.entities:
            continue
        seen.add(entity_id)
        container = registry[entity_id]
        queue += container.located_in
        if not container.wikidata:
            continue
        if {"State", "Country"} & set(container.types):
            countries.add(container.wikidata)
            names.append(f"{container.label} ({container.wikidata})")
        else:
            regions.add(container.wikidata)
    return PlaceContext(frozenset(countries), frozenset(regions), ", ".join(names))


def _type_status(entity: Entity, item: WikidataItem) -> str:
    expected = expected_types(entity)
    if expected is None:
        return "unchecked"
    if not item.types:
        return "unknown"
    return "match" if (item.types | item.classes) & expected else "mismatch"


def _context_status(context: PlaceContext | None, item: WikidataItem) -> tuple[str, str]:
    """(status, note): a different country rejects (a homonym elsewhere); a different region only warns,
    since Wikidata's P131 chain and the registry's de jure geography may cut a territory differently."""
    if context is None or not (context.countries or context.regions):
        return "unchecked", ""
    if context.countries and item.countries and not context.countries & item.countries:
        theirs = ", ".join(sorted(item.countries))
        return "mismatch", f"country (P17) {theirs}, registry: {context.described}"
    if context.regions and item.admin:
        if context.regions & item.admin:
            return "confirmed", "country and containing region agree"
        return "region-differs", "the containing regions (P131) are none of the registry's"
    if context.countries and item.countries:
        return "country", "country agrees"
    return "unchecked", ""


def score_candidate(entity: Entity, item: WikidataItem, context: PlaceContext | None = None) -> Candidate:
    ours = [(normalise(entity.label), True, entity.label)] + [(normalise(a), False, a) for a in entity.aliases]
    best, matched = 0.0, ""
    for our, our_label, our_text in ours:
        if not our:
            continue
        for their, their_label in _names(item):
            if our == their:
                value = 1.0 if (our_label and their_label) else 0.95 if (our_label or their_label) else 0.9
            else:
                value = 0.85 * similarity(our, their)
            if value > best:
                best, matched = value, f"{our_text} ~ {their}"
    status = _type_status(entity, item)
    context_status, context_note = _context_status(context, item)
    score = best * TYPE_FACTOR[status] * CONTEXT_FACTOR[context_status]
    return Candidate(qid=item.qid, label=item.label, description=item.description,
                     score=round(score, 3), name_score=round(best, 3), type_status=status,
                     matched=matched, types=tuple(sorted(item.types)), context_status=context_status,
                     context_note=context_note, born=item.born, died=item.died)


def propose_links(registry: Registry, candidates_file: Path | None = None, min_score: float = DEFAULT_MIN_SCORE,
                  items: dict[str, WikidataItem] | None = None, check_linked: bool = False) -> list[Proposal]:
    """One proposal per registry entity without a QID, candidates ranked best first.

    ``status`` says what ``--apply`` would do: ``proposed`` (written), ``ambiguous`` (two candidates within
    AMBIGUITY_MARGIN), ``below-threshold``, ``taken`` (the QID belongs to another entity, or a better
    proposal of another entity claims it), ``rejected`` (only candidates of the wrong type or country) or
    ``no-candidate``. With ``check_linked`` entities that have a QID are checked too: ``agrees`` (their QID
    is the best candidate), ``differs`` (another item ranks first) or ``unconfirmed`` (their QID is not
    among the candidates, or is rejected); these are never written.
    """
    items = items if items is not None else read_candidates(Path(candidates_file))
    index: dict[str, set[str]] = {}
    for qid, item in items.items():
        for name, _ in _names(item):
            for token in name.split():
                index.setdefault(token, set()).add(qid)
    owners = {e.wikidata: e.id for e in registry if e.wikidata}
    proposals: list[Proposal] = []
    for entity in registry:
        if entity.wikidata and not check_linked:
            continue
        pool: set[str] = set()
        for name in entity.names:
            for token in normalise(name).split():
                pool |= index.get(token, set())
        if entity.wikidata in items:
            pool.add(entity.wikidata)
        context = place_context(registry, entity) if entity.is_place else None
        candidates = [score_candidate(entity, items[q], context) for q in sorted(pool)]
        candidates = [c for c in candidates if c.name_score >= LIST_MIN_SCORE or c.qid == entity.wikidata]
        candidates.sort(key=lambda c: (c.rejected, -c.score, c.qid))
        proposal = Proposal(entity.id, entity.label, candidates, current=entity.wikidata)
        live = [c for c in candidates if not c.rejected]
        if entity.wikidata:
            _judge_linked(proposal, live)
        elif not candidates:
            proposal.status = "no-candidate"
        elif not live:
            proposal.status = "rejected"
            proposal.note = "; ".join(sorted({c.reason for c in candidates}))
        elif live[0].score < min_score:
            proposal.status = "below-threshold"
        elif len(live) > 1 and live[0].score - live[1].score < AMBIGUITY_MARGIN:
            proposal.status = "ambiguous"
            proposal.note = f"{live[0].qid} and {live[1].qid} score within {AMBIGUITY_MARGIN}"
        elif live[0].qid in owners:
            proposal.status = "taken"
            proposal.note = f"{live[0].qid} already belongs to '{owners[live[0].qid]}'"
        else:
            proposal.status = "proposed"
        proposals.append(proposal)
    # one QID for one entity: among proposals claiming the same QID only a clearly best one stays
    claims: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.status == "proposed":
            claims.setdefault(proposal.best.qid, []).append(proposal)
    for qid, claimants in claims.items():
        if len(claimants) < 2:
            continue
        claimants.sort(key=lambda p: -p.best.score)
        top_is_clear = claimants[0].best.score - claimants[1].best.score >= AMBIGUITY_MARGIN
        for loser in claimants[1:] if top_is_clear else claimants:
            loser.status = "taken"
            winner = claimants[0].entity_id if top_is_clear else "several entities"
            loser.note = f"{qid} is also the best candidate of {winner}"
    return proposals


def _judge_linked(proposal: Proposal, live: list[Candidate]) -> None:
    current = proposal.current
    own = next((c for c in proposal.candidates if c.qid == current), None)
    if live and live[0].qid == current:
        proposal.status, proposal.note = "agrees", f"the registry's {current} ranks first"
    elif live and own is not None and not own.rejected:
        proposal.status, proposal.note = "differs", f"{live[0].qid} ranks above the registry's {current}"
    elif own is not None and own.rejected:
        proposal.status, proposal.note = "unconfirmed", f"the registry's {current} is rejected: {own.reason}"
    else:
        proposal.status, proposal.note = "unconfirmed", f"the registry's {current} is not among the candidates"


# ---------------------------------------------------------------------------------------------------------
# writing



def source_note(qid: str, origin: str, checked: date) -> str:
    """What wikidata_source records: the item's page and where and when the match was checked."""
    return f"https://www.wikidata.org/wiki/{qid} (kg link from {origin}, checked {checked.isoformat()})"


def apply_proposals(registry_path: Path, proposals: list[Proposal], origin: str,
                    checked: date | None = None) -> list[str]:
    """Write every ``proposed`` proposal the registry loader accepts; returns the ids written.

    Each proposal is tried on its own: one the loader refuses (e.g. a Wikidata label that names neither
    the label nor an alias) is marked ``refused`` with the loader's reason and the others still go in.
    The file is replaced once, atomically, and only if something was written.
    """
    registry_path = Path(registry_path)
    checked = checked or date.today()
    lines = registry_path.read_text(encoding="utf-8").splitlines(keepends=True)
    applied: list[str] = []
    for proposal in proposals:
        if proposal.status != "proposed":
            continue
        trial = list(lines)
        if not _insert_fields(trial, proposal, source_note(proposal.best.qid, origin, checked)):
            proposal.status = "refused"
            proposal.note = "no block '- id: ...' without wikidata fields for it in the file (flow style?)"
            continue
        problem = load_problem(registry_path, trial, proposal.entity_id)
        if problem:
            proposal.status, proposal.note = "refused", problem
            continue
        lines = trial
        proposal.status = "written"
        applied.append(proposal.entity_id)
    if applied:
        replace_file(registry_path, "".join(lines))
    return applied





def _insert_fields(lines: list[str], proposal: Proposal, source: str) -> bool:
    block = entity_block(lines, proposal.entity_id)
    if block is None:
        return False
    first, last, dash_indent = block
    if any(re.match(r"\s*wikidata(_label|_source)?\s*:", lines[n]) for n in range(first + 1, last + 1)):
        return False  # a partial Wikidata entry is for the curator to fix by hand
    field_indent = " " * (dash_indent + 2)
    newline = "\r\n" if lines[first].endswith("\r\n") else "\n"
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    best = proposal.best
    lines[last + 1:last + 1] = [
        f"{field_indent}wikidata: {best.qid}{newline}",
        f"{field_indent}wikidata_label: {yaml_string(best.label)}{newline}",
        f"{field_indent}wikidata_source: {yaml_string(source)}{newline}",
    ]
    return True


def add_alias(registry_path: Path, entity_id: str, alias: str) -> None:
    """Add a name to an entity's aliases (flow list, block list or a new field); the registry must load."""
    registry_path = Path(registry_path)
    entity = load_registry(registry_path).entities.get(entity_id)
    if entity is not None and normalise(alias) in {normalise(name) for name in entity.names}:
        return  # already one of its names
    lines = registry_path.read_text(encoding="utf-8").splitlines(keepends=True)
    block = entity_block(lines, entity_id)
    if block is None:
        raise LinkError(f"no block '- id: {entity_id}' in {registry_path}")
    first, last, dash_indent = block
    newline = "\r\n" if lines[first].endswith("\r\n") else "\n"
    quoted = yaml_string(alias)
    for number in range(first + 1, last + 1):
        flow = re.match(r"^(\s*aliases:\s*\[)(.*)\](\s*(#.*)?)$", lines[number].rstrip("\r\n"))
        if flow:
            items = flow.group(2).strip()
            lines[number] = f"{flow.group(1)}{items + ', ' if items else ''}{quoted}]{flow.group(3)}{newline}"
            break
        if re.match(r"^\s*aliases:\s*(#.*)?$", lines[number].rstrip("\r\n")):
            end = number
            while end + 1 <= last and lines[end + 1].lstrip().startswith("- "):
                end += 1
            item_indent = lines[end][:len(lines[end]) - len(lines[end].lstrip())] if end > number else \
                " " * (dash_indent + 4)
            lines[end + 1:end + 1] = [f"{item_indent}- {quoted}{newline}"]
            break
    else:
        lines[first + 2:first + 2] = [f"{' ' * (dash_indent + 2)}aliases: [{quoted}]{newline}"]
    problem = load_problem(registry_path, lines, entity_id)
    if problem:
        raise LinkError(f"alias not added: {problem}")
    replace_file(registry_path, "".join(lines))


# ---------------------------------------------------------------------------------------------------------
# command


def _describe_candidate(candidate: Candidate) -> str:
    types = ",".join(candidate.types) or "-"
    description = f" - {candidate.description}" if candidate.description else ""
    life = f" ({candidate.born or '?'}–{candidate.died})" if candidate.died else \
        f" (born {candidate.born})" if candidate.born else ""
    context = f"; place {candidate.context_status}" if candidate.context_status != "unchecked" else ""
    flag = f"  REJECTED: {'type' if candidate.type_status == 'mismatch' else candidate.context_note}" \
        if candidate.rejected else ""
    return (f"    {candidate.score:5.3f}  {candidate.qid:<11} {candidate.label}{life}{description}"
            f"  [P31 {types}; type {candidate.type_status}{context}; {candidate.matched}]{flag}")


def format_proposals(proposals: list[Proposal], limit: int = 5) -> str:
    out: list[str] = []
    for proposal in proposals:
        if not proposal.candidates:
            continue
        note = f"  ({proposal.note})" if proposal.note else ""
        out.append(f"{proposal.entity_id}  [{proposal.entity_label}]  -> {proposal.status}{note}")
        out += [_describe_candidate(c) for c in proposal.candidates[:limit]]
    out.append(summarise(proposals))
    return "\n".join(out)


def summarise(proposals: list[Proposal]) -> str:
    missing = sum(1 for p in proposals if not p.candidates)
    counts: dict[str, int] = {}
    for proposal in proposals:
        counts[proposal.status] = counts.get(proposal.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return (f"{len(proposals)} entities checked: {summary}"
            + (f" ({missing} with no candidate are not listed)" if missing else ""))


def review(proposals: list[Proposal], registry_path: Path, origin: str, ask=click.prompt) -> list[str]:
    """Show each proposal with its evidence and let the curator accept, skip, or add the item's label as
    an alias (then accept); returns the ids written."""
    written: list[str] = []
    for proposal in proposals:
        if proposal.status not in ("proposed", "ambiguous", "below-threshold") or proposal.best is None:
            continue
        click.echo(f"\n{proposal.entity_id}  [{proposal.entity_label}]  {proposal.status}"
                   + (f"  ({proposal.note})" if proposal.note else ""))
        for candidate in proposal.candidates[:5]:
            click.echo(_describe_candidate(candidate))
        click.echo(f"    https://www.wikidata.org/wiki/{proposal.best.qid}")
        answer = ask("accept / skip / alias (add its label as an alias, then accept) / quit",
                     type=click.Choice(["a", "s", "l", "q"]), default="s", show_choices=True)
        if answer == "q":
            break
        if answer == "s":
            continue
        if answer == "l":
            add_alias(registry_path, proposal.entity_id, proposal.best.label)
        proposal.status = "proposed"
        if apply_proposals(registry_path, [proposal], origin):
            written.append(proposal.entity_id)
            click.echo(f"    written: {proposal.best.qid}")
        else:
            click.echo(f"    refused: {proposal.note}")
    return written


@click.command("link")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, exists=True),
              default="data/registry.yaml", show_default=True, help="Registry YAML to complete.")
@click.option("--from", "source", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Candidates: Wikidata entity JSON (wbgetentities / dump slice / JSON lines), "
                   "SPARQL JSON results or CSV with ?item ?itemLabel ?altLabel ?type.")
@click.option("--wikidata-api", is_flag=True,
              help="Search Wikidata's API and describe the hits with its SPARQL service (network; cached).")
@click.option("--check-linked", is_flag=True,
              help="Also check entities that already have a QID (agrees / differs / unconfirmed; never written).")
@click.option("--only", "only", multiple=True, metavar="ID", help="Only these entity ids (repeatable).")
@click.option("--apply", "do_apply", is_flag=True,
              help="Write every proposal at or above --min-score that the registry loader accepts.")
@click.option("--review", "do_review", is_flag=True, help="Go through the proposals one by one: accept, skip, alias.")
@click.option("--dry-run", is_flag=True, help="Show the proposals only (the default without --apply/--review).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=DEFAULT_MIN_SCORE, show_default=True)
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of cached API answers [default: $XDG_CACHE_HOME/conflict-kg/wikidata].")
@click.option("--offline", is_flag=True, help="Answer from the cache only; fail on anything not cached.")
@click.option("--contact", envvar="KG_LINK_CONTACT", default=None,
              help="E-mail or URL for the User-Agent, as Wikimedia asks of API clients [env KG_LINK_CONTACT].")
@click.option("--api-url", default=None, help="MediaWiki API (default: Wikidata's).")
@click.option("--sparql-url", default=None, help="SPARQL endpoint (default: the Wikidata Query Service).")
@click.option("--retries", type=click.IntRange(1, 20), default=5, show_default=True,
              help="Attempts per request on HTTP 429/5xx or a lost connection (Retry-After honoured).")
def link(registry_path, source, wikidata_api, check_linked, only, do_apply, do_review, dry_run, min_score,
         cache_dir, offline, contact, api_url, sparql_url, retries):
    """Propose Wikidata QIDs for registry entities without one (nothing is written without --apply/--review)."""
    from conflict_kg import wikidata_api as online

    if bool(source) == bool(wikidata_api):
        raise click.UsageError("give either --from FILE or --wikidata-api")
    if dry_run and (do_apply or do_review):
        raise click.UsageError("--dry-run writes nothing: leave out --apply/--review")
    try:
        registry = load_registry(Path(registry_path))
        unknown = sorted(set(only) - {e.id for e in registry})
        if unknown:
            raise LinkError(f"no such entity: {', '.join(unknown)}")
        chosen = [e for e in registry if (not only or e.id in only) and (check_linked or not e.wikidata)]
        if source:
            items, origin = read_candidates(Path(source)), Path(source).name
        else:
            if not contact and not offline:
                click.echo("note: Wikimedia asks API clients for a contact in the User-Agent: "
                           "give --contact EMAIL-or-URL (or KG_LINK_CONTACT)", err=True)
            client = online.WikidataClient(
                cache=online.Cache(Path(cache_dir) if cache_dir else online.default_cache()),
                api_url=api_url or online.API_URL, sparql_url=sparql_url or online.SPARQL_URL,
                contact=contact, offline=offline, attempts=retries, log=lambda m: click.echo(m, err=True))
            started = time.monotonic()
            items = online.fetch_candidates(client, {e.id: list(e.names) for e in chosen},
                                            extra=[e.wikidata for e in chosen if e.wikidata])
            click.echo(f"Wikidata: {client.requests_sent} request(s), {client.cache_hits} answer(s) from the cache "
                       f"{client.cache.folder}, {time.monotonic() - started:.1f} s", err=True)
            origin = "the Wikidata API (wbsearchentities + SPARQL)"
        proposals = [p for p in propose_links(registry, None, min_score, items, check_linked)
                     if not only or p.entity_id in only]
    except (LinkError, RegistryError) as exc:
        click.echo(f"link failed: {exc}", err=True)
        sys.exit(2)
    click.echo(format_proposals(proposals))
    if do_review:
        written = review(proposals, Path(registry_path), origin)
        click.echo(f"wrote {len(written)} QID(s) into {registry_path}: {', '.join(written) or '-'}")
        return
    if not do_apply:
        click.echo("nothing written (use --apply to write the proposed QIDs, or --review to decide one by one)")
        return
    applied = apply_proposals(Path(registry_path), proposals, origin)
    click.echo(f"wrote {len(applied)} QID(s) into {registry_path}: {', '.join(applied) or '-'}")
    for proposal in proposals:
        if proposal.status == "refused":
            click.echo(f"refused {proposal.entity_id} ({proposal.best.qid}): {proposal.note}")
