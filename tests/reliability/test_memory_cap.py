"""A query that needs more memory than a query worker may use gets a clean 503, its worker is
replaced, and the next query is served; without the cap it would take gigabytes until its timeout."""

from __future__ import annotations

import time

import requests
from reliabilityhelpers import Server, assert_clean_error

CAP_MB = 256


def doubling(times: int) -> str:
    """A 16-character string doubled ``times`` times by CONCAT (every step stays bound)."""
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(times))
    return f'SELECT (STRLEN(?x{times}) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?x0) {binds} }}'


def test_query_over_the_memory_cap_gets_a_clean_503_and_the_next_query_works(article_release):
    options = ("--workers", "1", "--worker-memory", str(CAP_MB), "--timeout", "30")
    with Server(article_release, *options) as server:
        first = {p.pid for p in server.query_workers()}
        started = time.monotonic()
        # 16 B doubled 26 times: a 1 GiB string, about 2 GiB with the steps before it
        response = requests.get(server.base + "/sparql", params={"query": doubling(26)}, timeout=60)
        seconds = time.monotonic() - started
        error = assert_clean_error(response, statuses={503})
        assert f"{CAP_MB} MB" in error["message"] and "fresh one" in error["message"], error
        assert response.headers.get("Retry-After")
        assert seconds < 20, seconds  # stopped by the cap, not by the 30 s timeout
        # a query well under the cap (16 B doubled 20 times: 16 MiB) is answered by the fresh worker
        fine = requests.get(server.base + "/sparql", params={"query": doubling(20)}, timeout=30,
                            headers={"Accept": "application/sparql-results+json"})
        assert fine.status_code == 200, fine.text[:300]
        assert int(fine.json()["results"]["bindings"][0]["n"]["value"]) == 16 << 20
        replaced = {p.pid for p in server.query_workers()}
        assert len(replaced) == 1 and not replaced & first
        assert "Traceback" not in server.log_text()
    print(f"\nmemory cap: {CAP_MB} MB per query; the doubling query got 503 after {seconds:.1f} s: "
          f"{error['message']}")
