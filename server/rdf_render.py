"""Serialise an rdflib graph in any RDF media type of the table (for small, generated graphs)."""

from __future__ import annotations

from rdflib import Graph

from conflict_kg.server.media import MediaType
from conflict_kg.server.vocab import PREFIXES

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
                  "trig": "trig", "nquads": "nquads"}


def bind(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


def render(graph: Graph, media: MediaType) -> bytes:
    return bind(graph).serialize(format=RDFLIB_FORMATS[media.name], encoding="utf-8")
