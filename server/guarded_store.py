"""The store as request handlers see it: cached answers, per-client limits and the cheap lane.

Every surface (the protocol, linked-data pages, the UI's views) reaches the store through this one
wrapper, so each gets the same three things in front of the query workers:
- the result cache (conflict_kg.server.result_cache): an answer already computed for this release
  is returned without running anything;
- the client gate (conflict_kg.server.admission): a client's running and waiting queries are bounded;
- the cost book (conflict_kg.server.query_cost): a query whose shape ran cheaply last time goes to
  the cheap lane of the embedded store's workers.

Answers that could differ between two runs on the same release are neither cached nor given a
strong ETag: queries calling RAND, NOW, UUID, STRUUID or BNODE. CONSTRUCT templates with blank
nodes get a weak ETag (the engine names fresh blank nodes anew each run, so the bytes differ though
the graph is the same).
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from conflict_kg.server import sparql_text
from conflict_kg.server.admission import ClientGate
from conflict_kg.server.errors import ApiError
from conflict_kg.server.query_cost import CostBook, shape_of_tokens
from conflict_kg.server.result_cache import ResultCache

VOLATILE_FUNCTIONS = ("RAND", "NOW", "UUID", "STRUUID", "BNODE")


@dataclass(frozen=True)
class QueryTraits:
    repeatable: bool  # the same release gives the same answer every time it runs
    fresh_blank_nodes: bool  # a template (or any text) with blank nodes: labelled anew per run
    shape: str  # conflict_kg.server.query_cost.shape


def traits(text: str) -> QueryTraits:
    """What the cache, the ETag and the cheap lane need of a query, from one pass of the lexer
    (short texts are remembered: clients send the same queries again and again)."""
    return _traits_cached(text) if len(text) <= 16_384 else _traits(text)


def _traits(text: str) -> QueryTraits:
    tokens = sparql_text.tokenize(text)
    return QueryTraits(
        repeatable=not any(token.is_word(*VOLATILE_FUNCTIONS) for token in tokens),
        fresh_blank_nodes=any(token.kind == "bnode" or (token.kind == "punct" and token.text == "[")
                              for token in tokens),
        shape=shape_of_tokens(tokens))


_traits_cached = functools.lru_cache(maxsize=1024)(_traits)


def is_repeatable(text: str) -> bool:
    return traits(text).repeatable


def names_fresh_blank_nodes(text: str) -> bool:
    return traits(text).fresh_blank_nodes


def job_key(job: dict) -> str:
    return json.dumps({k: v for k, v in job.items()}, sort_keys=True, separators=(",", ":"))


class GuardedStore:
    def __init__(self, inner, cache: ResultCache, gate: ClientGate, costs: CostBook,
                 client: Callable[[], str | None], timeout: float):
        self.inner, self.cache, self.gate, self.costs = inner, cache, gate, costs
        self.client, self.timeout = client, timeout
        self.description = inner.description

    def release_tag(self) -> tuple[int, str] | None:
        """What identifies the data now served; None when it cannot be known (no caching then)."""
        return self.inner.release_tag()

    def etag(self, job: dict, content_type: str, tag: tuple[int, str] | None) -> str | None:
        """The ETag of the answer to ``job`` in ``content_type`` under ``tag``, known before it runs."""
        found = traits(job["text"])
        if tag is None or not found.repeatable:
            return None
        digest = hashlib.sha256(f"{tag[0]}|{tag[1]}|{content_type}|{job_key(job)}".encode()).hexdigest()
        value = f'"{digest[:40]}"'
        return "W/" + value if found.fresh_blank_nodes else value

    def execute(self, job: dict, tag: tuple[int, str] | None = None) -> dict:
        tag = tag if tag is not None else (self.release_tag() if self.cache.enabled else None)
        found = traits(job["text"])
        key = job_key(job) if tag is not None and found.repeatable else None
        if key is not None:
            hit = self.cache.get(tag, key)
            if hit is not None:
                return hit
        form = found.shape
        with self.gate.admitted(self.client(), self.timeout):
            started = time.monotonic()
            try:
                answer = self.inner.execute(job, cheap=self.costs.is_cheap(form))
            except ApiError as error:
                if error.status == 503:  # stopped at the timeout (or worse): never cheap
                    self.costs.record(form, float("inf"))
                raise
            # the worker's CPU time where known: wall time grows with load and would push every
            # query out of the cheap lane exactly when the machine is busy
            self.costs.record(form, answer.get("cpu_seconds", answer.get("seconds", time.monotonic() - started)))
        if key is not None:
            self.cache.put(tag, key, answer)
        return answer

    def update(self, job: dict) -> dict:
        try:
            return self.inner.update(job)
        finally:
            self.cache.clear()  # the inner store's tag has moved on too; this frees the memory now

    def graphs(self) -> list[str]:
        return self.inner.graphs()

    def close(self) -> None:
        self.inner.close()

    def stats(self) -> dict:
        return {"cache": self.cache.stats(), "refused": self.gate.refused,
                "demoted": getattr(getattr(self.inner, "pool", None), "demoted", 0)}
