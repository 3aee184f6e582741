"""Draw a reproducible random sample of extracted facts from a release, for a person to judge.

Each sampled fact is shown with its class, label, every asserted property (objects by their label)
and every sentence it was extracted from, so the judge needs nothing but the sheet. The sheet
(`--out`) is YAML with an empty `verdict` (correct / partly / wrong) and `note` per item.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from conflict_kg.inspect import open_store
from conflict_kg.namespaces import CKG, GRAPH, PREFIXES

KINDS = ("events", "statements", "figures", "relations")
# The class every fact of a kind belongs to, directly or through a subclass in the ontology graph.
ROOT_CLASS = {"events": CKG.Event, "statements": CKG.Statement, "figures": CKG.Figure}
FACTS_GRAPHS = str(GRAPH["facts/"])
PROVENANCE = str(GRAPH["provenance"])
ONTOLOGY = str(GRAPH["ontology"])
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EXTRACTED_FROM = str(CKG.extractedFrom)
VERDICTS = ("correct", "partly", "wrong")

# Facts are read from the facts graphs only; relation assertions live in the provenance graph.
FACTS_QUERY = f"""
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?fact WHERE {{
      GRAPH ?g {{ ?fact a ?class }}
      FILTER(STRSTARTS(STR(?g), "{FACTS_GRAPHS}"))
      GRAPH <{ONTOLOGY}> {{ ?class rdfs:subClassOf* <%s> }}
    }}"""
RELATIONS_QUERY = f"""
    SELECT DISTINCT ?fact WHERE {{ GRAPH <{PROVENANCE}> {{ ?fact a <{CKG.RelationAssertion}> }} }}"""
# Asserted triples only (the inferred graph would add superclasses and super-properties).
PROPERTIES_QUERY = f"""
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?p ?o (SAMPLE(?label) AS ?olabel) WHERE {{
      GRAPH ?g {{ <%s> ?p ?o }}
      FILTER(STRSTARTS(STR(?g), "{FACTS_GRAPHS}") || ?g = <{PROVENANCE}>)
      OPTIONAL {{ GRAPH ?labels {{ ?o rdfs:label ?label }} }}
    }} GROUP BY ?p ?o"""
SENTENCES_QUERY = f"""
    PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    PREFIX ckg: <{CKG}>
    SELECT ?sentence ?text ?begin ?end ?document ?citation WHERE {{
      GRAPH <{PROVENANCE}> {{
        <%s> ckg:extractedFrom ?sentence .
        OPTIONAL {{ ?sentence nif:anchorOf ?text }}
        OPTIONAL {{ ?sentence nif:beginIndex ?begin }}
        OPTIONAL {{ ?sentence nif:endIndex ?end }}
        OPTIONAL {{ ?sentence nif:referenceContext ?document }}
        OPTIONAL {{ ?sentence ckg:citation ?citation }}
      }}
    }}"""


class AuditError(ValueError):
    """The sample cannot be drawn (an unknown kind)."""


@dataclass
class SourceSentence:
    iri: str
    document: str
    begin: int | None
    end: int | None
    text: str
    citations: list[int] = field(default_factory=list)


@dataclass
class AuditItem:
    iri: str
    kind: str  # class local names
    label: str
    properties: dict[str, list[str]]  # compact property name -> values shown with their labels
    sentences: list[SourceSentence]


@dataclass
class Audit:
    kind: str
    seed: int
    population: int  # facts of that kind in the release
    items: list[AuditItem]


def audit_release(release: Path, kind: str, sample: int, seed: int) -> Audit:
    if kind not in KINDS:
        raise AuditError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    store = open_store(release)
    population = fact_iris(store, kind)
    # Sorted first: the same seed draws the same facts whatever order the store returns them in.
    chosen = random.Random(seed).sample(population, min(sample, len(population)))
    return Audit(kind, seed, len(population), [describe_fact(store, iri) for iri in chosen])


def fact_iris(store: ox.Store, kind: str) -> list[str]:
    query = RELATIONS_QUERY if kind == "relations" else FACTS_QUERY % ROOT_CLASS[kind]
    return sorted(row["fact"].value for row in store.query(query) if isinstance(row["fact"], ox.NamedNode))


def describe_fact(store: ox.Store, iri: str) -> AuditItem:
    classes, labels, properties = [], [], {}
    for row in store.query(PROPERTIES_QUERY % iri):
        predicate, value = row["p"].value, row["o"]
        if predicate == RDF_TYPE:
            classes.append(compact(value.value))
        elif predicate == RDFS_LABEL:
            labels.append(value.value)
        elif predicate != EXTRACTED_FROM:  # shown as the sentences themselves
            properties.setdefault(compact(predicate), []).append(show(value, row["olabel"]))
    return AuditItem(iri=iri, kind=", ".join(sorted(c.removeprefix("ckg:") for c in classes)),
                     label="; ".join(sorted(labels)),
                     properties={name: sorted(values) for name, values in sorted(properties.items())},
                     sentences=source_sentences(store, iri))


def source_sentences(store: ox.Store, iri: str) -> list[SourceSentence]:
    found: dict[str, SourceSentence] = {}
    for row in store.query(SENTENCES_QUERY % iri):
        node = row["sentence"].value
        if node not in found:
            found[node] = SourceSentence(
                iri=node, document=_document_id(row["document"]), begin=_integer(row["begin"]),
                end=_integer(row["end"]), text=row["text"].value if row["text"] is not None else "")
        if row["citation"] is not None:
            found[node].citations.append(int(row["citation"].value))
    for sentence in found.values():
        sentence.citations = sorted(set(sentence.citations))
    return sorted(found.values(), key=lambda s: (s.document, s.begin or 0, s.iri))


def compact(iri: str) -> str:
    """'https://w3id.org/conflict-kg/ontology#agent' -> 'ckg:agent'."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda entry: -len(str(entry[1]))):
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


def show(term, label) -> str:
    """A literal as its text; a resource by its label, with its compact IRI to tell namesakes apart."""
    if isinstance(term, ox.Literal):
        return term.value
    name = compact(term.value) if isinstance(term, ox.NamedNode) else str(term)
    return f"{label.value} ({name})" if label is not None else name


def _document_id(term) -> str:
    if term is None:
        return ""
    return compact(term.value).removeprefix("ckr:doc/")


def _integer(term) -> int | None:
    return int(term.value) if term is not None else None


# -- output -----------------------------------------------------------------------------------------

def format_audit(audit: Audit) -> str:
    lines = [f"{len(audit.items)} of {audit.population} {audit.kind} (seed {audit.seed})"]
    for number, item in enumerate(audit.items, start=1):
        lines.append("")
        lines.append(f"[{number}/{len(audit.items)}] {compact(item.iri)}")
        lines.append(f"  class: {item.kind}")
        lines.append(f"  label: {item.label}")
        for name, values in item.properties.items():
            lines.append(f"  {name}: {' | '.join(values)}")
        if not item.sentences:
            lines.append("  (no sentence: the fact has no provenance)")
        for sentence in item.sentences:
            cited = f", citations {', '.join(map(str, sentence.citations))}" if sentence.citations else ""
            lines.append(f"  sentence {sentence.document} [{sentence.begin}-{sentence.end}]{cited}:")
            lines.append(f"    {sentence.text}")
    return "\n".join(lines)


def release_info(release: Path) -> dict:
    """What identifies the release audited: its folder (a build's stamp behind the link) and manifest."""
    folder = Path(release)
    info = {"path": str(folder), "folder": folder.resolve().name}
    manifest = folder / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        info.update({key: data[key] for key in ("version", "built", "build_date") if key in data})
    return info


def judging_sheet(audit: Audit, release: Path, command: str) -> str:
    header = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
        "release": release_info(release),
        "kind": audit.kind,
        "seed": audit.seed,
        "sampled": len(audit.items),
        "population": audit.population,
    }
    items = [{
        "iri": item.iri,
        "class": item.kind,
        "label": item.label,
        "properties": {name: values[0] if len(values) == 1 else values for name, values in item.properties.items()},
        "sentences": [{"iri": s.iri, "document": s.document, "begin": s.begin, "end": s.end,
                       "citations": _Flow(s.citations), "text": s.text} for s in item.sentences],
        "verdict": None,
        "note": None,
    } for item in audit.items]
    intro = (f"# Judging sheet: for each item set verdict to one of {', '.join(VERDICTS)} "
             "(is the fact, with every property, what its sentences say?) and say why in note.\n")
    return intro + yaml.dump({"audit": header, "items": items}, Dumper=_SheetDumper, sort_keys=False,
                             allow_unicode=True, width=100)


class _SheetDumper(yaml.SafeDumper):
    """Leaves `verdict:` and `note:` blank for the judge rather than writing `null`."""


class _Flow(list):
    """A short list written on one line: `citations: [16, 17]`."""


_SheetDumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))
_SheetDumper.add_representer(_Flow, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))
