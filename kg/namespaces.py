"""The namespaces of the graph (docs/design.md is the contract)."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/conflict-kg/"
CKG = Namespace(BASE + "ontology#")
CKR = Namespace(BASE + "id/")
CKGS = Namespace(BASE + "shapes#")
ONTOLOGY_IRI = URIRef(BASE + "ontology")
SHAPES_IRI = URIRef(BASE + "shapes")
GRAPH = Namespace(BASE + "graph/")
GRAPH_NAMES = ("ontology", "registry", "provenance", "inferred")  # and one facts graph per document


def facts_graph_name(document_id: str) -> str:
    """The name (under GRAPH) of the graph that holds one document's facts."""
    return f"facts/{document_id}"


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")  # GeoSPARQL 1.1
CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")

PREFIXES = {
    "ckg": CKG, "ckr": CKR, "ckgs": CKGS, "nif": NIF, "sem": SEM, "schema": SCHEMA, "wd": WD,
    "void": VOID, "dcat": DCAT, "geo": GEO, "dcterms": DCTERMS, "owl": OWL, "prov": PROV, "rdf": RDF,
    "rdfs": RDFS, "skos": SKOS, "xsd": XSD,
}


def bind_prefixes(graph):
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
