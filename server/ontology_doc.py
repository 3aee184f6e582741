"""Human-readable documentation of the ontology graph: terms with label, definition, parents."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from conflict_kg.server.rdf_render import bind

SECTIONS = (("Classes", (OWL.Class, RDFS.Class)), ("Object properties", (OWL.ObjectProperty,)),
            ("Datatype properties", (OWL.DatatypeProperty,)),
            ("Annotation properties", (OWL.AnnotationProperty,)), ("Individuals", (OWL.NamedIndividual,)))


@dataclass
class Link:
    text: str
    href: str


@dataclass
class TermDoc:
    anchor: str
    iri: str
    label: str
    definition: str | None
    parents: list[Link] = field(default_factory=list)
    domains: list[Link] = field(default_factory=list)
    ranges: list[Link] = field(default_factory=list)
    types: list[Link] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)


@dataclass
class OntologyDoc:
    iri: str
    title: str
    version: str | None
    description: str | None
    sections: list[tuple[str, list[TermDoc]]]


def document(turtle: bytes, ontology_iri: str) -> OntologyDoc:
    graph = bind(Graph())
    graph.parse(data=turtle, format="turtle")
    namespace = ontology_iri + "#"
    ontology = URIRef(ontology_iri)

    def link(node) -> Link:
        if isinstance(node, URIRef) and str(node).startswith(namespace):
            return Link(str(node)[len(namespace):], "#" + str(node)[len(namespace):])
        if isinstance(node, URIRef):
            return Link(graph.namespace_manager.normalizeUri(node), str(node))
        return Link("(anonymous class expression)", "")

    def text(node, *predicates) -> str | None:
        for predicate in predicates:
            values = sorted(graph.objects(node, predicate), key=lambda v: (getattr(v, "language", None)
                                                                         not in ("en", None), str(v)))
            if values:
                return str(values[0])
        return None

    sections, done = [], set()
    for title, classes in SECTIONS:
        terms = []
        subjects = {s for c in classes for s in graph.subjects(RDF.type, c)
                    if isinstance(s, URIRef) and str(s).startswith(namespace) and s not in done}
        for node in sorted(subjects):
            done.add(node)
            parents = [link(p) for p in sorted(set(graph.objects(node, RDFS.subClassOf)) |
                                                set(graph.objects(node, RDFS.subPropertyOf)))
                       if isinstance(p, URIRef)]
            terms.append(TermDoc(
                anchor=str(node)[len(namespace):], iri=str(node),
                label=text(node, RDFS.label, SKOS.prefLabel) or str(node)[len(namespace):],
                definition=text(node, SKOS.definition, RDFS.comment, DCTERMS.description),
                parents=parents,
                domains=[link(d) for d in sorted(graph.objects(node, RDFS.domain))],
                ranges=[link(r) for r in sorted(graph.objects(node, RDFS.range))],
                types=[link(t) for t in sorted(graph.objects(node, RDF.type))
                       if t != OWL.NamedIndividual] if title == "Individuals" else [],
                characteristics=[graph.namespace_manager.normalizeUri(t)
                                 for t in sorted(graph.objects(node, RDF.type))
                                 if t in (OWL.TransitiveProperty, OWL.SymmetricProperty,
                                          OWL.FunctionalProperty, OWL.InverseFunctionalProperty)]))
        sections.append((title, terms))
    version = graph.value(ontology, OWL.versionIRI) or graph.value(ontology, OWL.versionInfo)
    return OntologyDoc(ontology_iri, text(ontology, DCTERMS.title, RDFS.label) or "Ontology",
                       str(version) if version else None,
                       text(ontology, DCTERMS.description, RDFS.comment), sections)
