"""The release's description: VoID for SPARQL clients and DCAT for catalogues, in void.ttl."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from conflict_kg.corpus import Corpus
from conflict_kg.namespaces import BASE, CKR, DCAT, GRAPH, VOID, bind_prefixes

DATASET = URIRef(BASE + "dataset")
DUMP_MEDIA_TYPES = {"kg.trig": "application/trig", "kg.nq": "application/n-quads", "kg.ttl": "text/turtle",
                    "kg.nt": "application/n-triples", "kg.jsonld": "application/ld+json"}


def describe(corpus: Corpus, counts: dict[str, int], built: dt.datetime, ontology_version: str) -> Graph:
    g = bind_prefixes(Graph())
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal(corpus.title, lang="en")))
    g.add((d, RDFS.label, Literal(corpus.title, lang="en")))
    g.add((d, DCTERMS.description, Literal(corpus.description, lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by-sa/4.0/")))
    g.add((d, DCTERMS.issued, Literal(built.date(), datatype=XSD.date)))
    g.add((d, DCTERMS.modified, Literal(built.replace(microsecond=0), datatype=XSD.dateTime)))
    g.add((d, OWL.versionInfo, Literal(corpus.version)))
    g.add((d, DCAT.version, Literal(corpus.version)))
    g.add((d, VOID.uriSpace, Literal(str(CKR))))
    g.add((d, VOID.vocabulary, URIRef(BASE + "ontology#")))
    g.add((d, VOID.triples, Literal(counts["union"], datatype=XSD.integer)))
    g.add((d, DCTERMS.conformsTo, URIRef(BASE + "shapes")))
    if ontology_version:
        g.add((d, DCTERMS.requires, URIRef(ontology_version)))  # the ontology's version IRI
    for document in corpus.documents:
        source = URIRef(document.source_url)
        g.add((d, DCTERMS.source, source))
        g.add((d, DCTERMS.rights, Literal(document.attribution, lang="en")))
        g.add((source, DCTERMS.title, Literal(document.title, lang="en")))
        g.add((source, DCTERMS.license, URIRef(document.license_url)))
    for name, triples in counts.items():
        if name == "union":
            continue
        subset = URIRef(str(GRAPH[name]) + "#void")
        g.add((d, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, URIRef("http://www.w3.org/ns/sparql-service-description#name"), GRAPH[name]))
        g.add((subset, RDFS.label, Literal(f"named graph '{name}'", lang="en")))
        g.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for filename, media_type in DUMP_MEDIA_TYPES.items():
        dump = URIRef(f"{BASE}dumps/{filename}")
        g.add((d, VOID.dataDump, dump))
        g.add((d, DCAT.distribution, dump))
        g.add((dump, RDF.type, DCAT.Distribution))
        g.add((dump, DCAT.mediaType, Literal(media_type)))
        g.add((dump, DCAT.downloadURL, dump))
        g.add((dump, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by-sa/4.0/")))
    return g
