"""geof:distance for the embedded store (kg/geofunctions.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conflict_kg.geofunctions import CUSTOM_FUNCTIONS, GEOF, UOM, distance

WKT = ox.NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")


def point(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=WKT)


def test_one_degree_of_latitude_is_about_111_km():
    km = float(distance(point("POINT(0 0)"), point("POINT(0 1)"), ox.NamedNode(UOM + "kilometre")).value)
    assert km == pytest.approx(111.195, abs=0.01)
    metres = float(distance(point("POINT(0 0)"), point("POINT(0 1)"), ox.NamedNode(UOM + "metre")).value)
    assert metres == pytest.approx(111_195, abs=10)


def test_anything_but_two_points_and_a_known_unit_gives_no_value():
    assert distance(point("POLYGON((0 0, 1 0, 1 1, 0 0))"), point("POINT(0 1)")) is None
    assert distance(point("POINT(0 0)"), point("POINT(0 1)"), ox.NamedNode(UOM + "furlong")) is None
    assert distance(ox.Literal("Stepanakert"), point("POINT(0 1)")) is None


def test_a_query_on_the_embedded_store_uses_it():
    store = ox.Store()
    query = (f"PREFIX geof: <{GEOF}> SELECT ?d WHERE {{ BIND(geof:distance("
             f"\"POINT(44.51 40.18)\"^^<{WKT.value}>, \"POINT(49.87 40.41)\"^^<{WKT.value}>, <{UOM}kilometre>) AS ?d) }}")
    [row] = list(store.query(query, custom_functions=CUSTOM_FUNCTIONS))
    assert 450 < float(row["d"].value) < 460  # Yerevan to Baku
