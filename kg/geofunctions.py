"""GeoSPARQL functions the embedded store evaluates: ``geof:distance`` between two WKT points, and
``geof:sfWithin`` / ``geof:sfContains`` between a point and a (multi)polygon.

Oxigraph has no GeoSPARQL functions of its own but takes custom ones (pyoxigraph's
``custom_functions``); `kg serve` and `kg query` register these, so a query can select "events within
25 km of a town" or "places inside this district". Distances between points only; within /
contains between a point and a polygon or multipolygon (a place's centroid and a region's area:
the graph's two kinds of geometry), ray casting on longitude/latitude, holes respected. Anything
else, or an unknown unit, gives no value (the variable stays unbound), as SPARQL does for a function
error.
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


POLYGONAL = re.compile(r"^\s*(?:<[^>]*>\s*)?(MULTIPOLYGON|POLYGON)\s*(\(.*\))\s*$", re.I | re.S)
BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _polygons(term) -> list[list[list[tuple[float, float]]]] | None:
    """A WKT (multi)polygon literal as polygons of rings of (longitude, latitude)."""
    match = POLYGONAL.match(term.value) if isinstance(term, ox.Literal) else None
    if match is None:
        return None
    text = match.group(2).strip()
    if match.group(1).upper() == "POLYGON":
        text = f"({text})"
    polygons = []
    for polygon in re.findall(r"\(\s*(\(.*?\)(?:\s*,\s*\(.*?\))*)\s*\)", text[1:-1]):
        rings = [[tuple(map(float, pair.split())) for pair in ring.split(",")]
                 for ring in re.findall(r"\(([^()]*)\)", polygon)]
        if not rings or any(len(ring) < 4 for ring in rings):
            return None
        polygons.append(rings)
    return polygons or None


def _inside(point: tuple[float, float], polygons) -> bool:
    """Ray casting: in a polygon's outer ring and in none of its holes."""
    def in_ring(ring):
        x, y, inside = point[0], point[1], False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside
    return any(in_ring(rings[0]) and not any(in_ring(hole) for hole in rings[1:]) for rings in polygons)


def within(first, second):
    """geof:sfWithin(geom1, geom2): the point geom1 lies inside the (multi)polygon geom2."""
    point, polygons = _point(first), _polygons(second)
    if point is None or polygons is None:
        return None
    return ox.Literal("true" if _inside(point, polygons) else "false", datatype=BOOLEAN)


def contains(first, second):
    """geof:sfContains(geom1, geom2): the (multi)polygon geom1 holds the point geom2."""
    return within(second, first)


CUSTOM_FUNCTIONS = {ox.NamedNode(GEOF + "distance"): distance, ox.NamedNode(GEOF + "sfWithin"): within,
                    ox.NamedNode(GEOF + "sfContains"): contains}
