"""GeoSPARQL functions the embedded store evaluates: ``geof:distance`` between two WKT points.

Oxigraph has no GeoSPARQL functions of its own but takes custom ones (pyoxigraph's
``custom_functions``); `kg serve` and `kg query` register these, so a query can select "events within
25 km of Stepanakert". Points only (the graph's geometries are points); anything else, or an unknown
unit, gives no value (the variable stays unbound), as SPARQL does for a function error.
Distances are great-circle (haversine on a sphere of the WGS 84 mean radius): about 0.3% from the
ellipsoid, well below what a centroid can claim.
"""

from __future__ import annotations

import math
import re

import pyoxigraph as ox

GEOF = "http://www.opengis.net/def/function/geosparql/"
UOM = "http://www.opengis.net/def/uom/OGC/1.0/"
METRES_PER_UNIT = {UOM + "metre": 1.0, UOM + "meter": 1.0, UOM + "kilometre": 1000.0, UOM + "kilometer": 1000.0}
EARTH_RADIUS_M = 6_371_008.8  # WGS 84 mean radius
POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s+(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s*\)\s*$",
                   re.I)
DOUBLE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")


def _point(term) -> tuple[float, float] | None:
    """(longitude, latitude) of a WKT point literal."""
    match = POINT.match(term.value) if isinstance(term, ox.Literal) else None
    return (float(match.group(1)), float(match.group(2))) if match else None


def distance(first, second, unit=None):
    """geof:distance(geom1, geom2, units): the great-circle distance between two points."""
    a, b = _point(first), _point(second)
    per_unit = METRES_PER_UNIT.get(unit.value if isinstance(unit, ox.NamedNode) else UOM + "metre")
    if a is None or b is None or per_unit is None:
        return None
    (lon1, lat1), (lon2, lat2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    metres = 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
    return ox.Literal(repr(round(metres / per_unit, 6)), datatype=DOUBLE)


CUSTOM_FUNCTIONS = {ox.NamedNode(GEOF + "distance"): distance}
