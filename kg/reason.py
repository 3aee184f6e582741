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


def infer(*asserted: Graph) -> Graph:
    """The informative OWL RL consequences of the union of ``asserted``, as a new graph."""
    import owlrl  # imported here: only the build needs it

    union = Graph()
    for graph in asserted:
        for triple in graph:
            union.add(triple)
    before = set(union)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(union)
    inferred = Graph()
    for triple in union:
        if triple not in before and is_informative(triple):
            inferred.add(triple)
    return inferred


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
