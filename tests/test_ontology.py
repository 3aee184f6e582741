"""The OWL ontology (ontology/ckg.ttl): declarations, annotations, the names of docs/design.md, the
OWL 2 RL restrictions we keep to, and the alignments that OWL RL inference must produce."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import owlrl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "ckg.ttl"
DESIGN_FILE = ROOT / "docs" / "design.md"

CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
CKR = Namespace("https://w3id.org/conflict-kg/id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
TIME = Namespace("http://www.w3.org/2006/time#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: no warnings when pytest inspects it
ONTOLOGY_IRI = URIRef("https://w3id.org/conflict-kg/ontology")
VERSION_IRI = URIRef("https://w3id.org/conflict-kg/ontology/0.1.0")
CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")

PREFIXES = {"ckg": CKG, "sem": SEM, "schema": SCHEMA, "nif": NIF, "prov": PROV, "rdf": RDF, "skos": SKOS,
            "time": TIME}
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                     OWL.NamedIndividual, RDFS.Datatype}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}
# Kept out so the OWL RL closure stays small and alignment never merges our terms with others.
FORBIDDEN_PREDICATES = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, OWL.propertyChainAxiom,
                        OWL.inverseOf, OWL.unionOf, OWL.intersectionOf, OWL.complementOf, OWL.oneOf,
                        OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasKey, OWL.imports}

# Property alignments named in the design's property table (notes column).
PROPERTY_ALIGNMENTS = [
    (CKG.beginDate, SEM.hasBeginTimeStamp), (CKG.beginDate, SCHEMA.startDate),
    (CKG.endDate, SEM.hasEndTimeStamp), (CKG.endDate, SCHEMA.endDate),
    (CKG.place, SEM.hasPlace), (CKG.place, SCHEMA.location),
    (CKG.participant, SEM.hasActor), (CKG.agent, CKG.participant), (CKG.target, CKG.participant),
    (CKG.mediator, CKG.participant), (CKG.agent, SEM.hasActor),
    (CKG.speaker, PROV.wasAssociatedWith), (CKG.speaker, SCHEMA.agent), (CKG.about, SCHEMA.about),
    (CKG.accordingTo, PROV.wasAttributedTo), (CKG.extractedFrom, PROV.wasDerivedFrom),
    (CKG.memberOf, CKG.affiliatedWith), (CKG.holdsPositionIn, CKG.affiliatedWith),
]


@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=1)
def design() -> str:
    return DESIGN_FILE.read_text(encoding="utf-8")


def section(title: str) -> str:
    text = design()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def design_ckg_terms() -> set[str]:
    return set(re.findall(r"\bckg:([A-Za-z]\w*)", design()))


def design_bare_classes() -> set[str]:
    return set(re.findall(r"`([A-Z][A-Za-z]+)`", section("Classes")))


def design_individuals() -> dict[str, set[str]]:
    found = {}
    for cls, listing in re.findall(r"individuals of\s+`ckg:(\w+)`:(.*?`)\.", section("Classes"), re.S):
        found[cls] = set(re.findall(r"`ckg:(\w+)`", listing))
    return found


def design_class_alignments() -> list[tuple[URIRef, URIRef]]:
    pairs = []
    for local, supers in re.findall(r"`ckg:(\w+)` ⊑ ((?:\w+:\w+(?:, )?)+)", design()):
        for name in supers.split(", "):
            prefix, _, term = name.partition(":")
            pairs.append((CKG[local], PREFIXES[prefix][term]))
    return pairs


def declared(graph: Graph, term: URIRef) -> bool:
    return any((term, RDF.type, t) in graph for t in DECLARATION_TYPES)


def ckg_terms_used(graph: Graph) -> set[URIRef]:
    return {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(str(CKG))}


def superclasses(graph: Graph, cls: URIRef) -> set:
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


def superproperties(graph: Graph, prop: URIRef) -> set:
    return set(graph.transitive_objects(prop, RDFS.subPropertyOf))


# -- the file and its header ------------------------------------------------------------------------


def test_ontology_parses_and_is_not_trivial():
    graph = ontology()
    assert len(graph) > 500
    assert len(set(graph.subjects(RDF.type, OWL.Class))) > 80


def test_header():
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == VERSION_IRI
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert str(VERSION_IRI).endswith("/" + str(graph.value(ONTOLOGY_IRI, OWL.versionInfo)))
    assert graph.value(ONTOLOGY_IRI, DCTERMS.license) == CC_BY_SA
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        value = graph.value(ONTOLOGY_IRI, predicate)
        assert isinstance(value, Literal) and value.language == "en" and len(value) > 3, predicate
    created = graph.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date


def test_design_doc_fixes_the_same_iris():
    text = design()
    assert f"Ontology IRI `{ONTOLOGY_IRI}`" in text
    assert f"version IRI `{VERSION_IRI}`" in text
    assert f"`{CKG}`" in text
    for namespace in (SEM, SCHEMA, NIF):
        assert f"`{namespace}`" in text


# -- declarations and annotations -------------------------------------------------------------------


def test_every_ckg_term_used_is_declared():
    graph = ontology()
    undeclared = sorted(str(t) for t in ckg_terms_used(graph) if not declared(graph, t))
    assert not undeclared, f"used but not declared: {undeclared}"


def test_every_ckg_term_is_annotated():
    graph = ontology()
    terms = ckg_terms_used(graph)
    assert len(terms) > 150
    for term in terms:
        labels = [v for v in graph.objects(term, RDFS.label) if isinstance(v, Literal) and v.language == "en"]
        definitions = [v for v in graph.objects(term, SKOS.definition)
                       if isinstance(v, Literal) and v.language == "en" and len(v) > 5]
        assert len(labels) == 1, f"{term}: needs exactly one rdfs:label@en"
        assert definitions, f"{term}: needs a skos:definition@en"
        assert graph.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, f"{term}: rdfs:isDefinedBy"


def test_naming_convention():
    graph = ontology()
    for term in ckg_terms_used(graph):
        local = term[len(str(CKG)):]
        if (term, RDF.type, OWL.Class) in graph or (term, RDF.type, OWL.NamedIndividual) in graph:
            assert re.fullmatch(r"[A-Z][A-Za-z]*", local), term
        else:
            assert re.fullmatch(r"[a-z][A-Za-z]*", local), term
            assert any((term, RDF.type, t) in graph for t in PROPERTY_TYPES), term


def test_external_terms_we_align_to_are_declared():
    graph = ontology()
    for predicate in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        for subject, obj in graph.subject_objects(predicate):
            assert isinstance(obj, URIRef), f"{subject} {predicate} must name a term"
            if obj.startswith(str(XSD)) or obj.startswith(str(CKG)):
                continue
            assert declared(graph, obj), f"{obj} is used as a super term but not declared"


# -- the names of docs/design.md --------------------------------------------------------------------


def test_design_terms_exist():
    graph = ontology()
    terms = design_ckg_terms()
    assert len(terms) > 60, "the design doc parse found too few ckg: terms"
    missing = sorted(t for t in terms if not declared(graph, CKG[t]))
    assert not missing, f"named in docs/design.md but not declared: {missing}"
    for local in terms:
        if local[0].islower():
            assert any((CKG[local], RDF.type, t) in graph for t in PROPERTY_TYPES), f"ckg:{local} is no property"


def test_design_classes_are_classes():
    graph = ontology()
    classes = design_bare_classes()
    assert {"Person", "Capture", "Denial", "Village", "Corridor", "EthnicGroup"} <= classes
    assert len(classes) > 70
    for local in classes:
        assert (CKG[local], RDF.type, OWL.Class) in graph, f"ckg:{local} is not an owl:Class"


def test_design_individuals():
    graph = ontology()
    individuals = design_individuals()
    assert set(individuals) == {"QuantityKind", "Bound", "DatePrecision", "DateScope"}
    assert sum(len(v) for v in individuals.values()) == 21
    for cls, members in individuals.items():
        assert (CKG[cls], RDF.type, OWL.Class) in graph
        for member in members:
            assert (CKG[member], RDF.type, CKG[cls]) in graph, f"ckg:{member} is not a ckg:{cls}"
            assert (CKG[member], RDF.type, OWL.NamedIndividual) in graph


def test_design_class_hierarchy():
    graph = ontology()
    grouped = {
        "Agent": {"Person", "Organization", "Population", "State", "DeFactoState", "ArmedForce",
                  "GovernmentBody", "InternationalOrganization", "NGO", "MediaOutlet", "Company",
                  "PoliticalGroup", "AcademicInstitution", "EthnicGroup"},
        "Place": {"Country", "Region", "District", "Settlement", "City", "Town", "Village", "Site", "Monastery",
                  "Mine", "Airport", "Bridge", "Checkpoint", "Monument", "Facility", "Road", "Corridor"},
        "Attack": {"Shelling"}, "Agreement": {"Ceasefire"}, "Settlement": {"City", "Town", "Village"},
        "Organization": {"State", "ArmedForce", "NGO"}, "Population": {"EthnicGroup"}, "Road": {"Corridor"},
    }
    for parent, children in grouped.items():
        for child in children:
            assert CKG[parent] in superclasses(graph, CKG[child]), f"ckg:{child} should be a ckg:{parent}"
    # every class of the Events and Statements paragraphs is a subclass of ckg:Event / ckg:Statement
    events = re.search(r"Events \(`ckg:Event`.*?\n\n", section("Classes"), re.S).group(0)
    statements = re.search(r"Statements \(`ckg:Statement`.*?\n\n", section("Classes"), re.S).group(0)
    for paragraph, root in ((events, CKG.Event), (statements, CKG.Statement)):
        names = re.findall(r"`([A-Z][A-Za-z]+)`", paragraph)
        assert len(names) > 10
        for name in names:
            assert root in superclasses(graph, CKG[name]), f"ckg:{name} should be under {root}"


def test_design_class_alignments():
    graph = ontology()
    pairs = design_class_alignments()
    assert len(pairs) >= 15, pairs
    for cls, external in pairs:
        assert external in superclasses(graph, cls), f"{cls} should be rdfs:subClassOf {external}"


def test_property_alignments_and_positions():
    graph = ontology()
    for prop, parent in PROPERTY_ALIGNMENTS:
        assert parent in superproperties(graph, prop), f"{prop} should be rdfs:subPropertyOf {parent}"
    row = next(line for line in design().splitlines() if "`ckg:holdsPositionIn`" in line)
    positions = set(re.findall(r"`ckg:(\w+)`", row)) - {"holdsPositionIn", "affiliatedWith"}
    assert {"presidentOf", "foreignMinisterOf", "ombudsmanOf"} <= positions
    for local in positions:
        supers = superproperties(graph, CKG[local])
        assert CKG.holdsPositionIn in supers and CKG.affiliatedWith in supers, local
    assert CKG.ministerOf in superproperties(graph, CKG.defenceMinisterOf)


def test_transitive_properties():
    graph = ontology()
    for prop in (CKG.locatedIn, CKG.partOf):
        assert (prop, RDF.type, OWL.TransitiveProperty) in graph
    transitive = set(graph.subjects(RDF.type, OWL.TransitiveProperty))
    assert transitive == {CKG.locatedIn, CKG.partOf}


def test_selected_domains_and_ranges():
    graph = ontology()
    assert graph.value(CKG.place, RDFS.domain) == CKG.Event
    assert graph.value(CKG.place, RDFS.range) == CKG.Place
    assert graph.value(CKG.speaker, RDFS.range) == CKG.Agent
    assert graph.value(CKG.beginDate, RDFS.range) == XSD.date
    assert graph.value(CKG.locatedIn, RDFS.range) == CKG.Place
    # properties used by many kinds of resource carry no domain: it would type them all
    for prop in (CKG.beginDate, CKG.endDate, CKG.extractedFrom, CKG.wikidataId, CKG.accordingTo,
                 CKG.datePrecision):
        assert graph.value(prop, RDFS.domain) is None, prop


# -- OWL 2 RL and leanness ------------------------------------------------------------------------


def test_no_same_as_and_no_heavy_constructs():
    graph = ontology()
    used = {p for _, p, _ in graph} | {o for _, _, o in graph}
    assert not (FORBIDDEN_PREDICATES & used), FORBIDDEN_PREDICATES & used
    assert not any(isinstance(term, BNode) for triple in graph for term in triple), "no anonymous classes"


def test_owl_rl_alignment_inference():
    graph = Graph()
    graph += ontology()
    capture, place, region, actor = CKR["event/test/0-0"], CKR["test-town"], CKR["test-region"], CKR["test-army"]
    statement, sentence = CKR["statement/test/0-0"], CKR["doc/test/sentence/0-10"]
    graph.add((capture, RDF.type, CKG.Capture))
    graph.add((capture, CKG.place, place))
    graph.add((capture, CKG.agent, actor))
    graph.add((capture, CKG.beginDate, Literal("2023-09-20", datatype=XSD.date)))
    graph.add((capture, CKG.extractedFrom, sentence))
    graph.add((place, CKG.locatedIn, region))
    graph.add((region, CKG.locatedIn, CKR["test-country"]))
    graph.add((statement, RDF.type, CKG.Denial))
    graph.add((statement, CKG.speaker, actor))
    graph.add((CKR["test-minister"], CKG.foreignMinisterOf, CKR["test-state"]))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)

    for cls in (CKG.Event, SEM.Event, SCHEMA.Event, PROV.Activity):
        assert (capture, RDF.type, cls) in graph, cls
    assert (capture, SEM.hasPlace, place) in graph
    assert (capture, SCHEMA.location, place) in graph
    assert (capture, SEM.hasActor, actor) in graph
    assert (capture, CKG.participant, actor) in graph
    assert (capture, SEM.hasBeginTimeStamp, Literal("2023-09-20", datatype=XSD.date)) in graph
    assert (capture, PROV.wasDerivedFrom, sentence) in graph
    for cls in (CKG.Place, SEM.Place, SCHEMA.Place, PROV.Location):
        assert (place, RDF.type, cls) in graph, cls
    for cls in (CKG.Agent, SEM.Actor, PROV.Agent):
        assert (actor, RDF.type, cls) in graph, cls
    assert (sentence, RDF.type, NIF.Sentence) in graph
    assert (place, CKG.locatedIn, CKR["test-country"]) in graph
    for cls in (CKG.Statement, PROV.Activity, SCHEMA.CommunicateAction):
        assert (statement, RDF.type, cls) in graph, cls
    assert (statement, PROV.wasAssociatedWith, actor) in graph
    assert (CKR["test-minister"], CKG.affiliatedWith, CKR["test-state"]) in graph
    assert (CKR["test-minister"], RDF.type, CKG.Person) in graph
    assert (CKG.Deaths, RDF.type, SKOS.Concept) in graph
    assert (CKG.Day, RDF.type, TIME.TemporalUnit) in graph
    # nothing is merged with anything else
    assert not [(s, o) for s, o in graph.subject_objects(OWL.sameAs) if s != o]


@pytest.mark.parametrize("prop", [CKG.beginDate, CKG.place, CKG.speaker])
def test_alignment_needs_the_axiom(prop):
    """Without its subPropertyOf axioms a property aligns to nothing: the test above is not vacuous."""
    graph = Graph()
    graph += ontology()
    graph.remove((prop, RDFS.subPropertyOf, None))
    node, value = CKR["x"], (Literal("2023-09-20", datatype=XSD.date) if prop == CKG.beginDate else CKR["y"])
    graph.add((node, prop, value))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    external = {SEM.hasBeginTimeStamp, SEM.hasPlace, PROV.wasAssociatedWith, SCHEMA.startDate, SCHEMA.location,
                SCHEMA.agent}
    assert not [p for p in graph.predicates(node, value) if p in external]
