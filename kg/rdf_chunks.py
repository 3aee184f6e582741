"""Pieces of the release files that can be written once and joined later, byte for byte.

TriG lets a graph be given in several blocks, Turtle is any run of statements after one prefix
header, and a JSON-LD document can be an array of node objects (one subject in two node objects is
one node); N-Quads is lines. So a unit's share of kg.trig, kg.nq, kg.ttl and kg.jsonld is rendered once, when the unit is
built, and the release files are the prefix header and the units' pieces in order
(conflict_kg.assemble). Every piece is rendered by Oxigraph from sorted N-Triples lines, so the same
lines always give the same bytes.
"""

from __future__ import annotations

import pyoxigraph as ox

from conflict_kg.release import PREFIXES_FOR_OXIGRAPH


def prefix_header() -> bytes:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES_FOR_OXIGRAPH.items()).encode()


def _without_prefixes(text: bytes) -> bytes:
    return b"".join(line for line in text.splitlines(keepends=True) if not line.startswith(b"@prefix "))


def _triples(lines: bytes):
    return ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)


def trig_block(lines: bytes, graph_iri: str) -> bytes:
    """``GRAPH <graph_iri> { ... }`` for N-Triples ``lines`` (empty: nothing)."""
    if not lines:
        return b""
    graph = ox.NamedNode(graph_iri)
    quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in _triples(lines))
    return _without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES_FOR_OXIGRAPH))


def nquads_piece(lines, graph_iri: str) -> bytes:
    """N-Triples ``lines`` (bytes, or an iterable of lines) as N-Quads lines of ``graph_iri``: each
    line's " ." becomes " <graph_iri> ."."""
    if isinstance(lines, bytes):
        lines = lines.splitlines(keepends=True)
    tail = b" <" + graph_iri.encode() + b"> .\n"
    return b"".join(line[:-3] + tail for line in lines)


def turtle_piece(lines: bytes) -> bytes:
    if not lines:
        return b""
    return _without_prefixes(ox.serialize(_triples(lines), format=ox.RdfFormat.TURTLE,
                                          prefixes=PREFIXES_FOR_OXIGRAPH))


def jsonld_piece(lines: bytes) -> bytes:
    """The node objects of ``lines`` in expanded JSON-LD, without the array's brackets."""
    if not lines:
        return b""
    text = ox.serialize(_triples(lines), format=ox.RdfFormat.JSON_LD).strip()
    if not (text.startswith(b"[") and text.endswith(b"]")):
        raise ValueError("Oxigraph's JSON-LD is not an array of node objects")
    return text[1:-1]
