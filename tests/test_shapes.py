"""The SHACL shapes (ontology/shapes.ttl) against their example data (ontology/examples/).

Every node shape has a file <Shape>-valid.ttl that must conform and files <Shape>-invalid-NN.ttl
that must not, each failing on that shape only. Examples are validated together with the ontology,
as the build validates the union of ontology and data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "ckg.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
EXAMPLES = ROOT / "ontology" / "examples"
CKGS = "https://w3id.org/conflict-kg/shapes#"
CKG_ONTOLOGY = "https://w3id.org/conflict-kg/ontology#"
SHAPES_IRI = URIRef("https://w3id.org/conflict-kg/shapes")
EXAMPLE_NAME = re.compile(r"^(?P<shape>[A-Za-z]+Shape)-(?P<kind>valid|invalid-\d{2})\.ttl$")

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.ttl"))


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def node_shapes(shapes: Graph) -> set[URIRef]:
    return {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def all_shapes(shapes: Graph) -> set:
    """Every node or property shape: typed, with a path, used via sh:property, or in a logical list."""
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.subjects(SH.path, None)) | set(shapes.objects(None, SH.property))
    for logical in (SH["or"], SH["and"], SH.xone):
        for head in shapes.objects(None, logical):
            found |= set(Collection(shapes, head))
    return found


def owning_node_shape(shapes: Graph, shape) -> URIRef | None:
    """The named node shape a result's sh:sourceShape belongs to (walking up sh:property and lists)."""
    seen = set()
    while shape is not None and shape not in seen:
        seen.add(shape)
        if isinstance(shape, URIRef) and (shape, RDF.type, SH.NodeShape) in shapes:
            return shape
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is None:  # a member of an sh:xone / sh:or / sh:and list: find the list's owner
            parent = list_owner(shapes, shape)
        shape = parent
    return None


def list_owner(shapes: Graph, member):
    cell = shapes.value(predicate=RDF.first, object=member)
    if cell is None:
        return None
    while (previous := shapes.value(predicate=RDF.rest, object=cell)) is not None:
        cell = previous
    for logical in (SH["or"], SH["and"], SH.xone):
        owner = shapes.value(predicate=logical, object=cell)
        if owner is not None:
            return owner
    return None


def run(example: Path):
    data = Graph().parse(example, format="turtle")
    data += ontology_graph()
    conforms, report, text = validate(data, shacl_graph=shapes_graph(), inference="none",
                                      abort_on_first=False, allow_warnings=False, advanced=True)
    return conforms, report, text


def test_examples_are_named_after_shapes():
    assert EXAMPLE_FILES, "no example files found"
    names = {str(s)[len(CKGS):] for s in node_shapes(shapes_graph())}
    for path in EXAMPLE_FILES:
        match = EXAMPLE_NAME.match(path.name)
        assert match, f"{path.name} is not <Shape>-valid.ttl or <Shape>-invalid-NN.ttl"
        assert match["shape"] in names, f"{path.name} names no shape of shapes.ttl"


def test_every_node_shape_has_valid_and_invalid_examples():
    names = {path.name for path in EXAMPLE_FILES}
    for shape in node_shapes(shapes_graph()):
        local = str(shape)[len(CKGS):]
        assert f"{local}-valid.ttl" in names, f"{local} has no valid example"
        assert f"{local}-invalid-01.ttl" in names, f"{local} has no invalid example"


def test_every_shape_has_message_and_label():
    shapes = shapes_graph()
    found = all_shapes(shapes)
    assert len(node_shapes(shapes)) >= 10
    assert len(found) > 50
    for shape in found:
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal) and m.language == "en"]
        labels = [m for m in shapes.objects(shape, RDFS.label) if isinstance(m, Literal) and m.language == "en"]
        assert messages, f"shape {shape} has no sh:message@en"
        assert labels, f"shape {shape} has no rdfs:label@en"


def test_node_shapes_are_in_the_shapes_namespace_with_targets():
    shapes = shapes_graph()
    for shape in node_shapes(shapes):
        assert str(shape).startswith(CKGS)
        targets = [t for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                   for t in shapes.objects(shape, p)]
        assert targets, f"{shape} has no target"


def test_shapes_file_is_an_ontology():
    shapes = shapes_graph()
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in shapes
    assert shapes.namespace_manager.store.namespace("ckgs") == URIRef(CKGS)


def test_shape_targets_and_classes_exist_in_the_ontology():
    ontology, shapes = ontology_graph(), shapes_graph()
    ckg = "https://w3id.org/conflict-kg/ontology#"
    for predicate in (SH.targetClass, SH["class"]):
        for cls in shapes.objects(None, predicate):
            assert (cls, RDF.type, OWL.Class) in ontology, f"{cls} is not a class of the ontology"
    for predicate in (SH.targetSubjectsOf, SH.path):
        for prop in shapes.objects(None, predicate):
            if isinstance(prop, URIRef) and str(prop).startswith(ckg):
                assert any((prop, RDF.type, t) in ontology for t in (OWL.ObjectProperty, OWL.DatatypeProperty)), \
                    f"{prop} is not a property of the ontology"


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_example(example: Path):
    match = EXAMPLE_NAME.match(example.name)
    assert match, example.name
    conforms, report, text = run(example)
    if match["kind"] == "valid":
        assert conforms, f"{example.name} should conform:\n{text}"
        return
    assert not conforms, f"{example.name} should not conform"
    expected = URIRef(CKGS + match["shape"])
    shapes = shapes_graph()
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    assert results
    owners = {owning_node_shape(shapes, report.value(r, SH.sourceShape)) for r in results}
    assert owners == {expected}, f"{example.name} should fail on {expected} only, failed on {owners}:\n{text}"
    for result in results:
        assert report.value(result, SH.resultSeverity) == SH.Violation
        assert report.value(result, SH.resultMessage) is not None


def test_invalid_example_fails_without_its_shape_removed():
    """Sanity check of the harness: the data of an invalid example passes once its shape is gone."""
    example = EXAMPLES / "FigureShape-invalid-01.ttl"
    shapes = Graph()
    for triple in shapes_graph():
        shapes.add(triple)
    shapes.remove((URIRef(CKGS + "FigureShape"), RDF.type, SH.NodeShape))
    shapes.remove((URIRef(CKGS + "FigureShape"), SH.targetClass, None))
    data = Graph().parse(example, format="turtle") + ontology_graph()
    conforms, _, text = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert conforms, text


# -- quality queries (queries/quality/*-violation.rq) -----------------------------------------------
# Each must return no rows on good data (the union of the valid examples, loaded as the registry graph)
# and rows on data with the fault it looks for. They run on pyoxigraph with the default graph as
# union, as `kg query` does.

QUALITY = ROOT / "queries" / "quality"
QUALITY_FILES = sorted(QUALITY.glob("*.rq"))
FAULT_PREFIXES = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/conflict-kg/id/> .
"""
FAULTS = {
    "anchor-length-violation": """<doc/example/sentence/0-5> a ckg:Sentence ; nif:anchorOf "Rur" ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "5"^^xsd:nonNegativeInteger ;
        nif:referenceContext <doc/example> .""",
    "anchor-text-violation": """<doc/example/sentence/0-5> a ckg:Sentence ; nif:anchorOf "Xurit" ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "5"^^xsd:nonNegativeInteger ;
        nif:referenceContext <doc/example> .""",
    "fact-without-provenance-violation": """<event/example/0-9> a ckg:Shelling ; rdfs:label "Shelling"@en .""",
    "mention-of-unknown-entity-violation": """<doc/example/mention/0-9> a ckg:Mention ; ckg:refersTo <nobody> .""",
    "mention-outside-sentence-violation": """<doc/example/mention/19-30> a ckg:Mention ;
        nif:beginIndex "19"^^xsd:nonNegativeInteger ; nif:endIndex "30"^^xsd:nonNegativeInteger ;
        nif:referenceContext <doc/example> ; ckg:sentence <doc/example/sentence/0-25> .""",
    "organization-part-of-itself-violation": """<org-a> ckg:partOf <org-b> . <org-b> ckg:partOf <org-a> .""",
    "place-located-in-itself-violation": """<zenda> ckg:locatedIn <strelsau> .""",
    "qid-link-mismatch-violation": """<borduria> ckg:wikidataId "Q99" .""",
    "relation-assertion-not-asserted-violation": """<relation/example/0-9> a ckg:RelationAssertion ;
        rdf:subject <rudolf> ; rdf:predicate ckg:headOf ; rdf:object <borduria> .""",
    "shared-qid-violation": """<borduria> ckg:wikidataId "Q12345" .""",
    "role-filler-type-violation": """<event/example/0-0> ckg:agent <zenda> .""",
    "position-type-violation": """<rudolf> ckg:headOf <zenda> .""",
}


def quality_store(extra: str = ""):
    import pyoxigraph as ox

    store = ox.Store()
    good = ox.NamedNode("https://w3id.org/conflict-kg/graph/registry")  # some queries read types there
    for path in EXAMPLE_FILES:
        if path.name.endswith("-valid.ttl"):
            store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=good)
    store.load(ONTOLOGY_FILE.read_bytes(), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("https://w3id.org/conflict-kg/graph/ontology"))
    if extra:  # as a document's facts graph, described in the provenance graph as the build does
        facts = ox.NamedNode("https://w3id.org/conflict-kg/graph/facts/example")
        store.load((FAULT_PREFIXES + extra).encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=facts)
        store.add(ox.Quad(facts, ox.NamedNode(str(RDF.type)), ox.NamedNode(CKG_ONTOLOGY + "FactsGraph"),
                          ox.NamedNode("https://w3id.org/conflict-kg/graph/provenance")))
    return store


def quality_rows(store, path: Path) -> list:
    return list(store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True))


def test_quality_queries_exist_and_are_documented():
    assert len(QUALITY_FILES) >= 4
    for path in QUALITY_FILES:
        assert path.name.endswith("-violation.rq"), path.name
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# title: ") and len(lines[0]) > 12, path.name
        assert lines[1].startswith("# description: ") and len(lines[1]) > 30, path.name
        assert re.search(r"^SELECT\b", path.read_text(encoding="utf-8"), re.M), path.name
        assert path.stem in FAULTS, f"{path.name} has no faulty data in FAULTS"


@pytest.mark.parametrize("query", QUALITY_FILES, ids=[p.stem for p in QUALITY_FILES])
def test_quality_query_finds_its_fault_only(query: Path):
    assert quality_rows(quality_store(), query) == [], f"{query.name} returns rows on the valid examples"
    assert quality_rows(quality_store(FAULTS[query.stem]), query), f"{query.name} misses its fault"


@pytest.mark.parametrize("example", [p for p in EXAMPLE_FILES if "-invalid-" in p.name],
                         ids=lambda p: p.stem)
def test_the_build_validator_reports_what_plain_pyshacl_reports(example: Path):
    """conflict_kg.validate gives nested property shapes their node shape's targets (for speed): same results."""
    from conflict_kg.validate import _violations
    from conflict_kg.validate import validate as build_validate

    data = Graph().parse(example, format="turtle")
    plain_conforms, plain_report, _ = run(example)
    outcome = build_validate([data, ontology_graph()], shapes_graph())
    assert not plain_conforms and not outcome.conforms
    assert outcome.violations == _violations(plain_report)
    assert outcome.violations


@pytest.mark.parametrize("as_list", [True, False], ids=["graphs", "one graph"])
def test_validating_never_changes_the_data(as_list: bool):
    """The build validates in place (no copy); a SHACL rule would write, so it must fail instead."""
    from conflict_kg.validate import validate as build_validate

    data = Graph().parse(data="@prefix ex: <https://example.org/> . ex:a a ex:C .", format="turtle")
    shapes = Graph().parse(data="""@prefix ex: <https://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object ex:o ] .""",
                           format="turtle")
    with pytest.raises(Exception, match="not allowed on ReadOnlyGraphAggregate"):
        build_validate([data] if as_list else data, shapes)
    assert len(data) == 1
