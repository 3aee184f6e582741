"""``kg link``: propose Wikidata QIDs for registry entities that have none (for curators).

The candidates come from a file the curator supplies, never from code:

* a Wikidata entity JSON slice: ``{"entities": {"Q..": {...}}}`` as returned by ``wbgetentities``, a JSON
  array of entity objects as in the JSON dumps, or JSON lines (one entity per line; the dump's trailing
  commas and ``[`` / ``]`` lines are accepted). Used: ``id``, ``labels``, ``aliases``, ``descriptions``,
  ``claims.P31``.
* exported SPARQL results with the columns ``?item ?itemLabel ?altLabel ?type`` (``?itemAltLabel`` and
  ``?itemDescription`` are read too), as SPARQL 1.1 JSON results or as CSV. One row per (item, type) pair
  is fine; rows of the same item are merged. An ``altLabel`` cell may hold several aliases separated by
  ``|`` (or by ``", "``, as the query service's label service joins them).

Matching is by folded names (case, diacritics and punctuation ignored; a leading "the" dropped) with a
token similarity for near misses, then a type check of the candidate's P31 values against a small table
of Wikidata classes per ckg class. A candidate whose P31 contradicts every class of the entity is
rejected; one without P31 data is kept with a lower score.

Nothing is written without ``--apply``. With it, ``wikidata``, ``wikidata_label`` and ``wikidata_source``
are inserted as text lines right after the entity's last field, so comments and layout of the registry
stay as they are; a QID another entity already has is never given, and the result must still load.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import click

from conflict_kg.registry import QID, Entity, Registry, RegistryError, load_registry

WD_ENTITY = "http://www.wikidata.org/entity/"
LANGUAGES = ("en", "mul")  # label languages matched, in order of preference for wikidata_label
DEFAULT_MIN_SCORE = 0.8
AMBIGUITY_MARGIN = 0.05  # the best candidate must beat the runner-up by this much to be applied
LIST_MIN_SCORE = 0.3  # candidates below this are not shown

# Wikidata classes (P31 values) accepted for each ckg class. Each QID was checked against its English
# label in public code tables (label in the comment). A class missing here is "unchecked": its
# candidates are neither confirmed nor rejected by type.
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
    "Region": {"Q82794"},  # geographic region
    "Organization": _ORGANIZATION,
    "ArmedForce": _ARMED | _ORGANIZATION,
    "GovernmentBody": {"Q2659904"} | _ORGANIZATION,  # government organization
    "InternationalOrganization": {"Q484652", "Q245065"} | _ORGANIZATION,  # international / intergovernmental org.
    "Company": {"Q4830453", "Q783794"} | _ORGANIZATION,  # business, company
    "EthnicGroup": {"Q41710"},  # ethnic group
    "Monastery": {"Q44613"},  # monastery
}

# score factors by type-check outcome
TYPE_FACTOR = {"match": 1.0, "unchecked": 0.9, "unknown": 0.85, "mismatch": 0.0}


class LinkError(ValueError):
    """The candidates file or the registry cannot be used."""


@dataclass
class WikidataItem:
    qid: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    aliases: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)  # P31 QIDs
    description: str = ""

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

    @property
    def rejected(self) -> bool:
        return self.type_status == "mismatch"


@dataclass
class Proposal:
    entity_id: str
    entity_label: str
    candidates: list[Candidate]  # best first; type-rejected ones last
    status: str = "no-candidate"  # proposed | ambiguous | below-threshold | taken | rejected | no-candidate
    note: str = ""

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates and not self.candidates[0].rejected else None


# ---------------------------------------------------------------------------------------------------------
# names


def normalise(name: str) -> str:
    """Fold case, diacritics and punctuation: 'Stepanakért (city)' -> 'stepanakert city'."""
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


def score_candidate(entity: Entity, item: WikidataItem) -> Candidate:
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
    expected = expected_types(entity)
    if expected is None:
        status = "unchecked"
    elif not item.types:
        status = "unknown"
    elif item.types & expected:
        status = "match"
    else:
        status = "mismatch"
    return Candidate(qid=item.qid, label=item.label, description=item.description,
                     score=round(best * TYPE_FACTOR[status], 3), name_score=round(best, 3), type_status=status,
                     matched=matched, types=tuple(sorted(item.types)))


def propose_links(registry: Registry, candidates_file: Path, min_score: float = DEFAULT_MIN_SCORE,
                  items: dict[str, WikidataItem] | None = None) -> list[Proposal]:
    """One proposal per registry entity without a QID, candidates ranked best first.

    ``status`` says what ``--apply`` would do: ``proposed`` (written), ``ambiguous`` (two candidates within
    AMBIGUITY_MARGIN), ``below-threshold``, ``taken`` (the QID belongs to another entity, or a better
    proposal of another entity claims it), ``rejected`` (only type-mismatched candidates) or
    ``no-candidate``.
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
        if entity.wikidata:
            continue
        pool: set[str] = set()
        for name in entity.names:
            for token in normalise(name).split():
                pool |= index.get(token, set())
        candidates = [score_candidate(entity, items[q]) for q in sorted(pool)]
        candidates = [c for c in candidates if c.name_score >= LIST_MIN_SCORE]
        candidates.sort(key=lambda c: (c.rejected, -c.score, c.qid))
        proposal = Proposal(entity.id, entity.label, candidates)
        live = [c for c in candidates if not c.rejected]
        if not candidates:
            proposal.status = "no-candidate"
        elif not live:
            proposal.status = "rejected"
            proposal.note = "every candidate has a P31 outside " + ", ".join(entity.types)
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


# ---------------------------------------------------------------------------------------------------------
# writing


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def apply_proposals(registry_path: Path, proposals: list[Proposal], source_name: str) -> list[str]:
    """Insert wikidata fields for every ``proposed`` proposal into the registry text; returns the ids done.

    The file is rewritten only if the result still loads with ``load_registry``.
    """
    registry_path = Path(registry_path)
    lines = registry_path.read_text(encoding="utf-8").splitlines(keepends=True)
    applied: list[str] = []
    for proposal in proposals:
        if proposal.status != "proposed":
            continue
        if _insert_fields(lines, proposal, source_name):
            applied.append(proposal.entity_id)
        else:
            proposal.status = "not-written"
            proposal.note = "entity not found as a block '- id: ...' in the file (flow style?)"
    if not applied:
        return applied
    new_text = "".join(lines)
    temporary = registry_path.with_name(registry_path.name + ".link-tmp")
    temporary.write_text(new_text, encoding="utf-8")
    try:
        load_registry(temporary)
    except RegistryError:
        temporary.unlink()
        raise
    temporary.replace(registry_path)
    return applied


def _insert_fields(lines: list[str], proposal: Proposal, source_name: str) -> bool:
    head = re.compile(r"^(\s*)-\s+id:\s*[\"']?" + re.escape(proposal.entity_id) + r"[\"']?\s*(#.*)?$")
    for number, line in enumerate(lines):
        match = head.match(line.rstrip("\r\n"))
        if not match:
            continue
        dash_indent = len(match.group(1))
        field_indent = " " * (dash_indent + 2)
        last = number
        for following in range(number + 1, len(lines)):
            text = lines[following].rstrip("\r\n")
            if not text.strip():
                continue
            indent = len(text) - len(text.lstrip())
            if indent <= dash_indent:
                break
            if text.lstrip().startswith("#"):
                continue
            if re.match(r"wikidata(_label|_source)?\s*:", text.strip()):
                return False  # a partial Wikidata entry is for the curator to fix by hand
            last = following
        newline = "\r\n" if line.endswith("\r\n") else "\n"
        if not lines[last].endswith(("\n", "\r")):
            lines[last] += newline
        best = proposal.best
        block = [
            f"{field_indent}wikidata: {best.qid}{newline}",
            f"{field_indent}wikidata_label: {_yaml_string(best.label)}{newline}",
            f"{field_indent}wikidata_source: {_yaml_string(f'kg link from {source_name}')}{newline}",
        ]
        lines[last + 1:last + 1] = block
        return True
    return False


# ---------------------------------------------------------------------------------------------------------
# optional: the live Wikidata API (not used by the tests)


def fetch_from_api(registry: Registry, limit: int = 5) -> dict[str, WikidataItem]:  # pragma: no cover
    """Search wbsearchentities for each entity without a QID and read the hits with wbgetentities."""
    import urllib.parse
    import urllib.request

    def get(params: dict) -> dict:
        url = "https://www.wikidata.org/w/api.php?" + urllib.parse.urlencode({**params, "format": "json"})
        request = urllib.request.Request(url, headers={"User-Agent": "conflict-kg link (curation tool)"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    qids: list[str] = []
    for entity in registry:
        if entity.wikidata:
            continue
        for name in entity.names:
            hits = get({"action": "wbsearchentities", "search": name, "language": "en", "type": "item",
                        "limit": limit}).get("search", [])
            qids += [hit["id"] for hit in hits if hit.get("id") not in qids]
    items: dict[str, WikidataItem] = {}
    for start in range(0, len(qids), 50):
        data = get({"action": "wbgetentities", "ids": "|".join(qids[start:start + 50]),
                    "props": "labels|aliases|descriptions|claims", "languages": "|".join(LANGUAGES)})
        for obj in data.get("entities", {}).values():
            _from_entity_json(obj, items)
    return items


# ---------------------------------------------------------------------------------------------------------
# command


def format_proposals(proposals: list[Proposal], limit: int = 5) -> str:
    out: list[str] = []
    for proposal in proposals:
        if not proposal.candidates:
            continue
        note = f"  ({proposal.note})" if proposal.note else ""
        out.append(f"{proposal.entity_id}  [{proposal.entity_label}]  -> {proposal.status}{note}")
        for candidate in proposal.candidates[:limit]:
            types = ",".join(candidate.types) or "-"
            flag = "  REJECTED: type" if candidate.rejected else ""
            description = f" - {candidate.description}" if candidate.description else ""
            out.append(f"    {candidate.score:5.3f}  {candidate.qid:<11} {candidate.label}{description}"
                       f"  [P31 {types}; type {candidate.type_status}; {candidate.matched}]{flag}")
    missing = sum(1 for p in proposals if not p.candidates)
    counts: dict[str, int] = {}
    for proposal in proposals:
        counts[proposal.status] = counts.get(proposal.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    out.append(f"{len(proposals)} entities without a QID: {summary}"
               + (f" ({missing} with no candidate are not listed)" if missing else ""))
    return "\n".join(out)


@click.command("link")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, exists=True),
              default="data/registry.yaml", show_default=True, help="Registry YAML to complete.")
@click.option("--from", "source", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Candidates: Wikidata entity JSON (wbgetentities / dump slice / JSON lines), "
                   "SPARQL JSON results or CSV with ?item ?itemLabel ?altLabel ?type.")
@click.option("--wikidata-api", is_flag=True, help="Fetch candidates from Wikidata's API instead (network).")
@click.option("--apply", "do_apply", is_flag=True, help="Write proposals at or above --min-score into the registry.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=DEFAULT_MIN_SCORE, show_default=True)
def link(registry_path, source, wikidata_api, do_apply, min_score):
    """Propose Wikidata QIDs for registry entities without one (nothing is written without --apply)."""
    if not source and not wikidata_api:
        raise click.UsageError("give --from FILE (or --wikidata-api)")
    try:
        registry = load_registry(Path(registry_path))
        items = fetch_from_api(registry) if wikidata_api and not source else read_candidates(Path(source))
        proposals = propose_links(registry, Path(source) if source else Path("wikidata-api"), min_score, items)
    except (LinkError, RegistryError) as exc:
        click.echo(f"link failed: {exc}", err=True)
        sys.exit(2)
    click.echo(format_proposals(proposals))
    if not do_apply:
        click.echo("nothing written (use --apply to write the proposed QIDs)")
        return
    source_name = Path(source).name if source else "the Wikidata API (wbsearchentities)"
    try:
        applied = apply_proposals(Path(registry_path), proposals, source_name)
    except RegistryError as exc:
        click.echo(f"not written: the registry would not load afterwards: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {len(applied)} QID(s) into {registry_path}: {', '.join(applied) or '-'}")
