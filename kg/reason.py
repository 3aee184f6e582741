"""OWL RL inference: what the ontology lets a query find that the build did not write down.

owlrl is the reference reasoner. The inferred graph keeps only informative triples: nothing already
asserted, no ``x owl:sameAs x``, nothing about literals, nothing about the RDF/RDFS/OWL/XSD
vocabularies themselves, and no triples that hold of every resource (``rdf:type owl:Thing``,
``rdf:type rdfs:Resource``) or every class and property (reflexive subClassOf/subPropertyOf,
equivalence with itself).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

AXIOMATIC_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}
REFLEXIVE_PREDICATES = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                        OWL.equivalentProperty}
VOCABULARY_TYPES = {RDFS.Class, OWL.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
                    OWL.AnnotationProperty, RDFS.Datatype, OWL.TransitiveProperty, OWL.Ontology}


ENGINES = ("reasonable", "owlrl")


def infer(*asserted: Graph, engine: str = "reasonable") -> Graph:
    """The informative OWL RL consequences of the union of ``asserted``, as a new graph.

    ``owlrl`` is the reference. ``reasonable`` (an OWL 2 RL reasoner in Rust) is about 20 times
    faster here; it does not close rdfs:subPropertyOf/subClassOf chains between schema terms, so
    the schema alone (a few hundred triples) also goes through owlrl. tests/test_reason.py checks
    on the real build that both engines give the same informative triples.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoner {engine!r}; choose one of {', '.join(ENGINES)}")
    union = Graph()
    for graph in asserted:
        for triple in graph:
            union.add(triple)
    before = set(union)
    if engine == "owlrl":
        closure = _owlrl_closure(union)
    else:
        closure = _reasonable_closure(union) | _owlrl_closure(_schema_part(union))
    inferred = Graph()
    for triple in closure:
        if triple not in before and is_informative(triple):
            inferred.add(triple)
    return inferred


def _owlrl_closure(graph: Graph) -> set:
    import owlrl  # imported here: only the build needs it

    copy = Graph()
    for triple in graph:
        copy.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(copy)
    return set(copy)


def _reasonable_closure(graph: Graph) -> set:
    import reasonable  # imported here: only the build needs it

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    return {tuple(_plain_string(term) for term in triple) for triple in reasoner.reason()}


def _plain_string(term):
    # reasonable returns simple literals typed xsd:string; RDF 1.1 says they are the same literal.
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def _schema_part(graph: Graph) -> Graph:
    """Triples whose subject is a class or property: what schema-level rules need."""
    schema_predicates = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass,
                         OWL.equivalentProperty, OWL.inverseOf}
    schema = Graph()
    for triple in graph:
        subject, predicate, obj = triple
        if predicate in schema_predicates or (predicate == RDF.type and obj in VOCABULARY_TYPES):
            schema.add(triple)
    return schema


def is_informative(triple) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, (Literal, BNode)) or isinstance(obj, BNode):
        return False
    if _in_vocabulary(subject):
        return False
    if predicate in REFLEXIVE_PREDICATES and subject == obj:
        return False
    if predicate == RDF.type and (obj in TRIVIAL_OBJECTS or obj in VOCABULARY_TYPES):
        return False
    if predicate in (RDFS.subClassOf, RDFS.subPropertyOf) and obj in TRIVIAL_OBJECTS | {RDFS.Resource}:
        return False
    if isinstance(obj, Literal) and predicate == RDF.type:
        return False
    if predicate in (RDFS.domain, RDFS.range) and obj in TRIVIAL_OBJECTS | {RDFS.Resource}:
        return False
    return True


def _in_vocabulary(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(AXIOMATIC_NAMESPACES)
