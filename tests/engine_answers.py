"""How answers of different SPARQL engines are compared: the one list of dialect differences.

tests/test_engines_queries.py (each engine queried directly) and tests/server/test_remote_store.py
(the same queries through our server on each engine) compare every example query's results with
the embedded store's through ``canonical``. Nothing is normalised but what DIALECT lists, each
difference for the engines named and with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + name for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
GROUP_CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:\s*DISTINCT)?.*?;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
                          re.IGNORECASE | re.DOTALL)

# Every difference an engine's dialect forces, and why; nothing else is normalised.
DIALECT = {
    "group_concat_order": ("all", "SPARQL 1.1 (18.5.1.7) leaves the order of GROUP_CONCAT's items "
                           "undefined and it follows each engine's storage order: items are sorted"),
    "group_concat_empty": ("virtuoso", "Virtuoso binds GROUP_CONCAT over no values to \"\", Oxigraph "
                           "leaves the variable unbound: an empty GROUP_CONCAT counts as unbound"),
    "integer_subtypes": ("virtuoso", "Virtuoso stores integers as native numbers and does not keep "
                         "xsd:integer apart from its derived types (xsd:nonNegativeInteger, the NIF "
                         "offsets): integer-derived datatypes compare as xsd:integer"),
    "wkt_geometry": ("all", "Virtuoso parses a geo:wktLiteral into its own geometry type "
                     "(virtrdf:Geometry) and writes the point back with binary floating-point digits "
                     "(46.97652053833 for 46.97652): WKT points compare as geo:wktLiteral with their "
                     "coordinates to four decimals (about 10 m), on every engine so that the two sides meet"),
    "duplicate_rows": ("virtuoso", "Virtuoso answers some rows twice where SPARQL 1.1 gives one: its "
                       "default graph built from several default-graph-uri is a bag, not an RDF merge "
                       "(13.2), so a triple in two release graphs matches twice, and a path such as "
                       "rdfs:subPropertyOf+ gives one row per route (positions-held.rq: 54 rows "
                       "against 49): rows compare as a set"),
}


GEO_WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
VIRTUOSO_GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"


def point_to_4_decimals(wkt: str) -> str:
    match = re.fullmatch(r"\s*POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*", wkt)
    return f"POINT({float(match.group(1)):.4f} {float(match.group(2)):.4f})" if match else wkt


def applies(rule: str, engine_name: str) -> bool:
    return DIALECT[rule][0] in ("all", engine_name)


def canonical(results: dict, query: str, engine_name: str):
    """Sorted rows of (variable, kind, value, language, datatype), normalised only per DIALECT."""
    if "boolean" in results:
        return results["boolean"]
    concat = {name: separator for separator, name in GROUP_CONCAT.findall(query)}
    rows = []
    for binding in results["results"]["bindings"]:
        row = []
        for name, term in binding.items():
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            value, datatype = term["value"], term.get("datatype")
            language = term.get("xml:lang")
            if kind == "literal" and datatype is None and language is None:
                datatype = XSD + "string"  # RDF 1.1: a simple literal is an xsd:string
            if name in concat:
                if value == "" and applies("group_concat_empty", engine_name):
                    continue
                if applies("group_concat_order", engine_name):
                    value = concat[name].join(sorted(value.split(concat[name])))
            if datatype in (GEO_WKT, VIRTUOSO_GEOMETRY) and applies("wkt_geometry", engine_name):
                value, datatype = point_to_4_decimals(value), GEO_WKT
            if datatype in INTEGER_TYPES and applies("integer_subtypes", engine_name):
                datatype = XSD + "integer"
            if kind == "bnode":
                value = "_:"  # labels are local to a result set
            row.append((name, kind, value, language or "", datatype or ""))
        rows.append(tuple(sorted(row)))
    if applies("duplicate_rows", engine_name):
        rows = list(set(rows))
    return sorted(rows)


def embedded_store(trig) -> ox.Store:
    """The release in an in-memory pyoxigraph store: the reference answers."""
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def on_embedded(store: ox.Store, query: str) -> dict:
    """SPARQL JSON of the query on the embedded store, default graph = union of the named graphs."""
    results = store.query(query, use_default_graph_as_union=True)
    return json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))


@pytest.fixture(scope="module")
def release(built_release) -> Path:
    """The article's release folder (the session's build)."""
    return built_release[1]


@pytest.fixture(scope="module")
def embedded(release) -> ox.Store:
    return embedded_store(release / "kg.trig")
