"""The fast reasoner gives exactly the reference reasoner's informative triples on the real build."""

from rdflib import Graph

from kg.reason import infer, is_informative
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS


def test_reasonable_equals_owlrl_on_the_article(built_release):
    result, _ = built_release
    asserted = [result.graphs[name] for name in ("ontology", "registry", "facts", "provenance")]
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
