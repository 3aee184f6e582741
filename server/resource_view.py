"""What a resource page shows, gathered with a few SPARQL queries (no rendering here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from conflict_kg.server.vocab import BASE, CKG, PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
REFERS_TO = PREFIXES["ckg"] + "refersTo"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
EXACT_MATCH = PREFIXES["skos"] + "exactMatch"
WIKIDATA_ID = CKG + "wikidataId"
EXTRACTED_FROM = CKG + "extractedFrom"
MAX_INCOMING = 2000
_SAFE_IRI = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')
_PREFIX_LINES = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())

Select = Callable[[str], list[dict]]


def is_safe_iri(iri: str) -> bool:
    return bool(_SAFE_IRI.match(iri))


def construct_query(iri: str) -> str:
    return (f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} "
            f"UNION {{ ?s ?q <{iri}> }} }}")


def exists_query(iri: str) -> str:
    return f"SELECT ?x WHERE {{ {{ <{iri}> ?x ?o }} UNION {{ ?s ?x <{iri}> }} }} LIMIT 1"


@dataclass
class Term:
    value: str
    kind: str                 # uri, literal, bnode
    label: str | None = None
    lang: str | None = None
    datatype: str | None = None

    @property
    def href(self) -> str | None:
        if self.kind != "uri":
            return None
        return "/" + self.value[len(BASE):] if self.value.startswith(BASE) else self.value

    @property
    def short(self) -> str:
        if self.kind != "uri":
            return self.value
        for prefix, namespace in PREFIXES.items():
            if self.value.startswith(namespace) and len(self.value) > len(namespace):
                return f"{prefix}:{self.value[len(namespace):]}"
        return self.value

    @property
    def text(self) -> str:
        return self.label or self.short


@dataclass
class Evidence:
    sentence: str
    text: str | None
    citations: list[int] = field(default_factory=list)


@dataclass
class Triple:
    subject: Term
    predicate: Term
    object: Term
    graph: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Fact:
    iri: Term
    role: Term                 # how the fact points to the resource
    types: list[Term]
    begin: str | None
    evidence: list[Evidence]


@dataclass
class ResourceView:
    iri: str
    label: str | None
    types: list[Term]
    wikidata: list[str]
    evidence: list[Evidence]   # when the resource is itself an extracted fact
    outgoing: list[Triple]
    incoming: list[Triple]
    facts: list[Fact]
    incoming_cut: bool
    mentions: list[Evidence] = None  # the sentences that name it (its ckg:Mention nodes, read through)

    @property
    def asserted(self) -> list[Triple]:
        """Facts about it as the build wrote them (registry, facts, provenance): shown first."""
        return [t for t in self.outgoing if t.graph != "inferred"]

    @property
    def inferred(self) -> list[Triple]:
        """What OWL RL reasoning adds (mostly superclasses): shown folded."""
        return [t for t in self.outgoing if t.graph == "inferred"]

    @property
    def asserted_types(self) -> list[Term]:
        return [t.object for t in self.asserted if t.predicate.value == RDF_TYPE]


def _term(binding: dict | None, label: dict | None = None) -> Term | None:
    if binding is None:
        return None
    return Term(binding["value"], binding["type"], label["value"] if label else None,
                binding.get("xml:lang"), binding.get("datatype"))


def _graph_name(binding: dict) -> str:
    value = binding["value"]
    return value[len(BASE + "graph/"):] if value.startswith(BASE + "graph/") else value


def build(iri: str, select: Select) -> ResourceView | None:
    outgoing_rows = select(f"""{_PREFIX_LINES}
SELECT ?p ?o ?g ?olabel WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }}
  OPTIONAL {{ ?o rdfs:label ?olabel FILTER(lang(?olabel) IN ("en", "")) }} }}""")
    incoming_rows = select(f"""{_PREFIX_LINES}
SELECT ?s ?p ?g ?slabel WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }}
  OPTIONAL {{ ?s rdfs:label ?slabel FILTER(lang(?slabel) IN ("en", "")) }} }} LIMIT {MAX_INCOMING + 1}""")
    if not outgoing_rows and not incoming_rows:
        return None
    me = Term(iri, "uri")
    outgoing = _unique([Triple(me, _term(r["p"]), _term(r["o"], r.get("olabel")), _graph_name(r["g"]))
                        for r in outgoing_rows])
    incoming = _unique([Triple(_term(r["s"], r.get("slabel")), _term(r["p"]), me, _graph_name(r["g"]))
                        for r in incoming_rows[:MAX_INCOMING]])
    _label_predicates(outgoing + incoming, select)
    _attach_relation_evidence(iri, outgoing + incoming, select)
    labels = [t.object.value for t in outgoing if t.predicate.value == RDFS_LABEL]
    types = [t.object for t in outgoing if t.predicate.value == RDF_TYPE]
    wikidata = sorted({t.object.value for t in outgoing if t.predicate.value == EXACT_MATCH} |
                      {"http://www.wikidata.org/entity/" + t.object.value
                       for t in outgoing if t.predicate.value == WIKIDATA_ID})
    fact_sources = {t.subject.value: t for t in incoming if t.subject.kind == "uri"}
    evidence = _evidence([iri] + list(fact_sources), select)
    facts = [Fact(source.subject, source.predicate, [], None, evidence[value])
             for value, source in fact_sources.items() if value in evidence]
    _add_dates_and_types(facts, select)
    facts.sort(key=lambda f: (f.begin is None, f.begin or "", f.iri.text))
    fact_iris = {f.iri.value for f in facts}
    mention_iris = {t.subject.value for t in incoming if t.predicate.value == REFERS_TO}
    mentions = _mention_sentences(mention_iris, select)
    rest = [t for t in incoming if t.subject.value not in fact_iris and t.subject.value not in mention_iris]
    return ResourceView(iri, labels[0] if labels else None, types, wikidata, evidence.get(iri, []),
                        outgoing, rest, facts, len(incoming_rows) > MAX_INCOMING, mentions)


def _mention_sentences(mention_iris: set[str], select: Select) -> list[Evidence]:
    """The sentences of its mentions, each once, in document order."""
    if not mention_iris:
        return []
    rows = select(f"""{_PREFIX_LINES}
SELECT DISTINCT ?sentence ?text ?begin WHERE {{ VALUES ?m {{ {_values(mention_iris)} }}
  ?m ckg:sentence ?sentence . ?sentence nif:anchorOf ?text ; nif:beginIndex ?begin }}""")
    rows.sort(key=lambda r: (r["sentence"]["value"].rsplit("/sentence/", 1)[0], int(r["begin"]["value"])))
    return [Evidence(r["sentence"]["value"], r["text"]["value"], []) for r in rows]


def _unique(triples: list[Triple]) -> list[Triple]:
    seen, kept = set(), []
    for t in triples:
        key = (t.subject.value, t.predicate.value, t.object.value, t.object.lang, t.graph)
        if key not in seen:
            seen.add(key)
            kept.append(t)
    return kept


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in sorted(set(iris)) if is_safe_iri(i))


def _label_predicates(triples: list[Triple], select: Select) -> None:
    predicates = {t.predicate.value for t in triples}
    if not predicates:
        return
    rows = select(f"""{_PREFIX_LINES}
SELECT ?p ?label WHERE {{ VALUES ?p {{ {_values(predicates)} }} ?p rdfs:label ?label
  FILTER(lang(?label) IN ("en", "")) }}""")
    labels = {r["p"]["value"]: r["label"]["value"] for r in rows}
    for t in triples:
        t.predicate.label = labels.get(t.predicate.value)


def _evidence(iris: list[str], select: Select) -> dict[str, list[Evidence]]:
    """Sentence text and citation numbers of each extracted fact, by fact IRI."""
    found: dict[str, dict[str, Evidence]] = {}
    for start in range(0, len(iris), 500):
        rows = select(f"""{_PREFIX_LINES}
SELECT ?fact ?sentence ?text ?citation WHERE {{ VALUES ?fact {{ {_values(iris[start:start + 500])} }}
  ?fact ckg:extractedFrom ?sentence .
  OPTIONAL {{ ?sentence nif:anchorOf ?text }} OPTIONAL {{ ?sentence ckg:citation ?citation }} }}""")
        for r in rows:
            sentences = found.setdefault(r["fact"]["value"], {})
            item = sentences.setdefault(r["sentence"]["value"], Evidence(
                r["sentence"]["value"], r.get("text", {}).get("value")))
            if "citation" in r and int(r["citation"]["value"]) not in item.citations:
                item.citations.append(int(r["citation"]["value"]))
    for sentences in found.values():
        for item in sentences.values():
            item.citations.sort()
    return {fact: list(sentences.values()) for fact, sentences in found.items()}


def _attach_relation_evidence(iri: str, triples: list[Triple], select: Select) -> None:
    """Relation triples (X ckg:presidentOf Y) cite their sentence through a RelationAssertion."""
    rows = select(f"""{_PREFIX_LINES}
SELECT ?s ?p ?o ?assertion WHERE {{ ?assertion rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
  ckg:extractedFrom ?sentence . FILTER(?s = <{iri}> || ?o = <{iri}>) }}""")
    assertions: dict[tuple, list[str]] = {}
    for r in rows:
        assertions.setdefault((r["s"]["value"], r["p"]["value"], r["o"]["value"]), []).append(
            r["assertion"]["value"])
    if not assertions:
        return
    evidence = _evidence([a for group in assertions.values() for a in group], select)
    for t in triples:
        for assertion in assertions.get((t.subject.value, t.predicate.value, t.object.value), []):
            t.evidence.extend(evidence.get(assertion, []))


def _add_dates_and_types(facts: list[Fact], select: Select) -> None:
    if not facts:
        return
    rows = select(f"""{_PREFIX_LINES}
SELECT ?fact ?type ?typeLabel ?begin WHERE {{ VALUES ?fact {{ {_values(f.iri.value for f in facts)} }}
  OPTIONAL {{ GRAPH <{BASE}graph/provenance> {{ ?facts a ckg:FactsGraph }} GRAPH ?facts {{ ?fact a ?type }}
             OPTIONAL {{ ?type rdfs:label ?typeLabel FILTER(lang(?typeLabel) IN ("en", "")) }} }}
  OPTIONAL {{ ?fact ckg:beginDate ?begin }} }}""")
    by_iri = {f.iri.value: f for f in facts}
    for r in rows:
        fact = by_iri[r["fact"]["value"]]
        if "begin" in r and (fact.begin is None or r["begin"]["value"] < fact.begin):
            fact.begin = r["begin"]["value"]
        if "type" in r and r["type"]["value"] not in {t.value for t in fact.types}:
            fact.types.append(_term(r["type"], r.get("typeLabel")))
