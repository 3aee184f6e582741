"""What a query cost the last times a query of its shape ran: the cheap lane's prediction.

A query's shape is its tokens with every IRI, string, number and language tag replaced by its kind,
so "ASK { <a> ?p ?o }" and "ASK { <b> ?p ?o }" share one shape, as the many requests of one entity
page, one timeline filter or one client's script do. A shape is predicted expensive when the last
run of a query of that shape took more than ``cheap_seconds`` of its worker's CPU (or was stopped); any other, an
unknown shape too, is predicted cheap: a new query may use the cheap lane until it shows itself
expensive (the lane's time limit stops it there), so two workers serve a mix of new queries. The
book holds a bounded number of shapes (least recently run go first).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from conflict_kg.server import sparql_text

PLACEHOLDER_KINDS = {"iri", "string", "number", "langtag"}
MAX_SHAPES = 4096


def shape(text: str) -> str:
    """A short digest of the query's shape (see the module's docstring)."""
    return shape_of_tokens(sparql_text.tokenize(text))


def shape_of_tokens(tokens: list[sparql_text.Token]) -> str:
    parts = [token.kind if token.kind in PLACEHOLDER_KINDS else token.text for token in tokens]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


class CostBook:
    def __init__(self, cheap_seconds: float, max_shapes: int = MAX_SHAPES):
        self.cheap_seconds = cheap_seconds
        self.max_shapes = max_shapes
        self._seconds: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def is_cheap(self, key: str) -> bool:
        with self._lock:
            seconds = self._seconds.get(key)
        return seconds is None or seconds <= self.cheap_seconds

    def record(self, key: str, seconds: float) -> None:
        """The latest cost wins: a shape that turned expensive leaves the cheap lane at once."""
        with self._lock:
            self._seconds[key] = seconds
            self._seconds.move_to_end(key)
            while len(self._seconds) > self.max_shapes:
                self._seconds.popitem(last=False)
