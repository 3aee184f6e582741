"""OWL RL inference: what the ontology lets a query find that the build did not write down.

owlrl is the reference reasoner. The inferred graph keeps only informative triples: nothing already
asserted, no ``x owl:sameAs x``, nothing about literals, nothing about the RDF/RDFS/OWL/XSD
vocabularies themselves, and no triples that hold of every resource (``rdf:type owl:Thing``,
``rdf:type rdfs:Resource``) or every class and property (reflexive subClassOf/subPropertyOf,
equivalence with itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

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
    faster here; it does not close rdfs:subPropertyOf chains nor propagate rdfs:domain/rdfs:range
    along the class and property hierarchies (the scm-* rules), so ``schema_closure`` adds those
    from the schema triples. tests/test_reason.py checks on the real build that both engines give
    the same informative triples.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoner {engine!r}; choose one of {', '.join(ENGINES)}")
    before: set = set()
    for graph in asserted:
        before.update(graph)
    if engine == "owlrl":
        union = Graph()
        for triple in before:
            union.add(triple)
        closure = _owlrl_closure(union)
    else:
        # reasonable reads each graph itself: no rdflib union graph is built. Its closure (asserted
        # triples included: millions at 100x) is streamed, not collected into a set first.
        closure = chain(_reasonable_triples(*asserted), schema_closure(_schema_part(*asserted)))
    inferred = Graph()
    add = inferred.add
    for triple in closure:
        if triple not in before and is_informative(triple):
            add(triple)
    return inferred


def _owlrl_closure(graph: Graph) -> set:
    import owlrl  # imported here: only the build needs it

    copy = Graph()
    for triple in graph:
        copy.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(copy)
    return set(copy)


def _reasonable_closure(*graphs: Graph) -> set:
    return set(_reasonable_triples(*graphs))


def _reasonable_triples(*graphs: Graph) -> Iterator[tuple]:
    import reasonable  # imported here: only the build needs it

    reasoner = reasonable.PyReasoner()
    for graph in graphs:
        reasoner.from_graph(graph)
    for s, p, o in reasoner.reason():
        # Only objects can be literals: convert just those.
        yield (s, p, _plain_string(o)) if type(o) is Literal else (s, p, o)


_XSD_STRING = str(XSD.string)


def _plain_string(term):
    # reasonable returns simple literals typed xsd:string; RDF 1.1 says they are the same literal.
    # (str.__eq__: rdflib's own == on terms runs in Python, and this runs once per literal.)
    datatype = term.datatype
    if datatype is not None and str.__eq__(datatype, _XSD_STRING) and not term.language:
        return Literal(str(term))
    return term


SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass,
                     OWL.equivalentProperty, OWL.inverseOf}


def _schema_part(*graphs: Graph) -> Graph:
    """Triples whose subject is a class or property: what schema-level rules need."""
    schema = Graph()
    for graph in graphs:
        for predicate in SCHEMA_PREDICATES:
            for triple in graph.triples((None, predicate, None)):
                schema.add(triple)
        for vocabulary_type in VOCABULARY_TYPES:
            for triple in graph.triples((None, RDF.type, vocabulary_type)):
                schema.add(triple)
    return schema


def schema_closure(schema: Graph) -> set:
    """The OWL 2 RL schema rules (scm-sco, scm-spo, scm-eqc1/2, scm-eqp1/2, scm-dom1/2, scm-rng1/2).

    A fixpoint over a few hundred triples; the class-expression rules (scm-hv, scm-svf, scm-int,
    ...) are not needed: the ontology uses named classes only (see ontology/ckg.ttl).
    """
    closure = set(schema)
    while True:
        new = set()
        sub_class = _pairs(closure, RDFS.subClassOf)
        sub_property = _pairs(closure, RDFS.subPropertyOf)
        for equivalence, predicate in ((OWL.equivalentClass, RDFS.subClassOf),  # scm-eqc1
                                       (OWL.equivalentProperty, RDFS.subPropertyOf)):  # scm-eqp1
            for a, others in _pairs(closure, equivalence).items():
                new |= {(a, predicate, b) for b in others} | {(b, predicate, a) for b in others}
        for pairs, predicate, equivalence in ((sub_class, RDFS.subClassOf, OWL.equivalentClass),
                                              (sub_property, RDFS.subPropertyOf, OWL.equivalentProperty)):
            for a, supers in pairs.items():
                for b in supers:
                    new |= {(a, predicate, c) for c in pairs.get(b, ())}  # scm-sco, scm-spo
                    if a in pairs.get(b, ()):
                        new.add((a, equivalence, b))  # scm-eqc2, scm-eqp2
        for predicate in (RDFS.domain, RDFS.range):
            for prop, classes in _pairs(closure, predicate).items():
                for cls in classes:
                    new |= {(prop, predicate, wider) for wider in sub_class.get(cls, ())}  # scm-dom1, scm-rng1
                    new |= {(narrower, predicate, cls) for narrower, supers in sub_property.items()
                            if prop in supers}  # scm-dom2, scm-rng2
        new -= closure
        if not new:
            return closure
        closure |= new


def _pairs(triples: set, predicate) -> dict:
    pairs: dict = {}
    for s, p, o in triples:
        if p == predicate:
            pairs.setdefault(s, set()).add(o)
    return pairs


# Looked up once: rdflib terms compare in Python, so each check below is a set lookup, not a scan.
_TYPE = RDF.type
_NOT_WIDER = frozenset(TRIVIAL_OBJECTS | {RDFS.Resource})
_NOT_TYPES = frozenset(TRIVIAL_OBJECTS | VOCABULARY_TYPES)
_HIERARCHY = frozenset({RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range})
_REFLEXIVE = frozenset(REFLEXIVE_PREDICATES)


def is_informative(triple) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, (Literal, BNode)) or isinstance(obj, BNode):
        return False
    if _in_vocabulary(subject):
        return False
    if predicate == _TYPE:
        return not isinstance(obj, Literal) and obj not in _NOT_TYPES
    if predicate in _REFLEXIVE and subject == obj:
        return False
    if predicate in _HIERARCHY and obj in _NOT_WIDER:
        return False
    return True


def _in_vocabulary(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(AXIOMATIC_NAMESPACES)
