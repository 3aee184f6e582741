"""IRIs the server needs (docs/design.md); kept free of rdflib so worker processes start fast."""

BASE = "https://w3id.org/conflict-kg/"
CKG = BASE + "ontology#"
CKR = BASE + "id/"
ONTOLOGY_IRI = BASE + "ontology"
GRAPH = BASE + "graph/"
UPDATES_GRAPH = GRAPH + "updates"


def is_release_graph(iri: str) -> bool:
    """A release names all its graphs under GRAPH (ontology, registry, provenance, inferred and one
    facts graph per document, whose number changes with the corpus); SPARQL updates go elsewhere."""
    return iri.startswith(GRAPH) and iri != UPDATES_GRAPH

PREFIXES = {
    "ckg": CKG, "ckr": CKR, "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/", "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "wd": "http://www.wikidata.org/entity/",
    "void": "http://rdfs.org/ns/void#", "sd": "http://www.w3.org/ns/sparql-service-description#",
}
