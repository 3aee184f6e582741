"""The fast reasoner gives exactly the reference reasoner's informative triples on the real build."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conflict_kg.reason import infer, is_informative


def test_reasonable_equals_owlrl_on_the_article(built_release):
    result, _ = built_release
    asserted = result.asserted_graphs()
    assert len(asserted) == 4  # ontology, registry, provenance and the article's facts
    reference = set(infer(*asserted, engine="owlrl"))
    fast = set(infer(*asserted, engine="reasonable"))
    assert len(reference) > 500
    assert fast == reference, (sorted(fast - reference)[:5], sorted(reference - fast)[:5])
    assert set(result.graphs["inferred"]) == fast


def test_informative_filter():
    x = URIRef("https://w3id.org/conflict-kg/id/x")
    assert not is_informative((x, OWL.sameAs, x))
    assert not is_informative((x, RDF.type, OWL.Thing))
    assert not is_informative((OWL.Thing, RDF.type, OWL.Class))
    assert not is_informative((Literal("a"), RDF.type, RDFS.Literal))
    assert is_informative((x, RDF.type, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")))


def test_unknown_engine_is_refused():
    import pytest
    with pytest.raises(ValueError, match="unknown reasoner"):
        infer(Graph(), engine="magic")


def test_schema_closure_equals_owlrl_on_a_small_schema():
    """The scm-* rules in Python against owlrl, on hierarchies, equivalences, domains and ranges."""
    from conflict_kg.reason import _owlrl_closure, schema_closure

    ex = "https://example.org/"
    c, p = (lambda n: URIRef(ex + "C" + n)), (lambda n: URIRef(ex + "p" + n))
    schema = Graph()
    for triple in [(c("1"), RDFS.subClassOf, c("2")), (c("2"), RDFS.subClassOf, c("3")),
                   (c("3"), OWL.equivalentClass, c("4")), (c("5"), RDFS.subClassOf, c("1")),
                   (c("1"), RDFS.subClassOf, c("5")),
                   (p("1"), RDFS.subPropertyOf, p("2")), (p("2"), RDFS.subPropertyOf, p("3")),
                   (p("3"), OWL.equivalentProperty, p("4")), (p("2"), RDFS.domain, c("1")),
                   (p("3"), RDFS.range, c("2"))]:
        schema.add(triple)
    for n in "12345":
        schema.add((c(n), RDF.type, OWL.Class))
    for n in "1234":
        schema.add((p(n), RDF.type, OWL.ObjectProperty))
    informative = lambda triples: {t for t in triples if is_informative(t)}  # noqa: E731
    ours, reference = informative(schema_closure(schema)), informative(_owlrl_closure(schema))
    assert (p("1"), RDFS.domain, c("3")) in ours and (c("5"), OWL.equivalentClass, c("1")) in ours
    assert ours == reference, (sorted(ours - reference), sorted(reference - ours))
