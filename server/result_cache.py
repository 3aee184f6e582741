"""A bounded in-memory cache of query answers, counted in bytes.

A release never changes while it is served, so the answer to the same job (query text, dataset,
formats, row limit) is the same until the store's release tag changes (a new release, or a SPARQL
update). A tag is (order, name): the order only grows while a server runs (updates made, the
remote store's switch counter). Every entry is filed under the tag it was computed for; the first
use of a later tag empties the cache, and a request still holding an earlier tag neither reads
nor files anything (it may have run against the old release). Least recently used entries go first once the byte budget is spent.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

ENTRY_OVERHEAD = 256  # bytes counted per entry for its key and bookkeeping, beside the body


class ResultCache:
    def __init__(self, capacity_bytes: int):
        self.capacity = max(0, int(capacity_bytes))
        self._entries: OrderedDict[str, tuple[dict, int]] = OrderedDict()
        self._tag: tuple[int, str] | None = None
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = self.evictions = 0

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def get(self, tag: tuple[int, str], key: str) -> dict | None:
        with self._lock:
            found = self._entries.get(key) if self._switch(tag) else None
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, tag: tuple[int, str], key: str, answer: dict) -> bool:
        """File the answer; False when it is larger than an eighth of the whole budget (one huge
        result would otherwise push out everything else) or the cache is off."""
        size = len(answer.get("body", b"")) + len(key) + ENTRY_OVERHEAD
        if not self.enabled or size > self.capacity // 8:
            return False
        with self._lock:
            if not self._switch(tag):
                return False
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._entries[key] = (answer, size)
            self.bytes += size
            while self.bytes > self.capacity:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
                self.evictions += 1
        return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def stats(self) -> dict:
        with self._lock:
            return {"capacityBytes": self.capacity, "bytes": self.bytes, "entries": len(self._entries),
                    "hits": self.hits, "misses": self.misses, "evictions": self.evictions}

    def _switch(self, tag: tuple[int, str]) -> bool:
        """Move to ``tag`` if it is later; False when it is earlier than (or differs at the same
        order from) the current one."""
        if self._tag is None or tag[0] > self._tag[0]:  # new release or update: all is stale
            self._entries.clear()
            self.bytes = 0
            self._tag = tag
        return tag == self._tag
