"""Load and soak: 32 concurrent clients replay the example queries against the real server.

Every answer must be a 200 whose rows match the single-client answer to the same query, and the
memory of the server's whole process tree (gunicorn arbiter and worker, query workers) after the
run must stay within 10% of what it was after a warm-up under the same load.
"""

from __future__ import annotations

import collections
import statistics
import threading
import time

import pytest
import requests
from reliabilityhelpers import Server, query_mix

CLIENTS = 32
ACCEPT = {"Accept": "application/sparql-results+json"}


def rows_of(response) -> int:
    return len(response.json()["results"]["bindings"])


def reference_answers(base: str, mix: dict[str, str]) -> dict[str, int]:
    answers = {}
    for name, text in mix.items():
        response = requests.post(base + "/sparql", data={"query": text}, headers=ACCEPT, timeout=30)
        assert response.status_code == 200, (name, response.text[:300])
        answers[name] = rows_of(response)
    assert sum(answers.values()) > 0  # the mix really reads the article's graph
    return answers


def hammer(base: str, mix: dict[str, str], expected: dict[str, int], seconds: float,
           max_requests: int = 200_000) -> dict:
    """CLIENTS threads, each with its own keep-alive session, for ``seconds`` (or max_requests)."""
    names = list(mix)
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    figures = {"requests": 0, "errors": collections.Counter(), "latencies": []}

    def client(number: int) -> None:
        session = requests.Session()
        i = number
        while time.monotonic() < stop_at:
            with lock:
                if figures["requests"] >= max_requests:
                    return
                figures["requests"] += 1
            name = names[i % len(names)]
            i += 1
            started = time.monotonic()
            try:
                response = session.post(base + "/sparql", data={"query": mix[name]}, headers=ACCEPT,
                                        timeout=30)
                problem = None
                if response.status_code != 200:
                    problem = f"{name}: HTTP {response.status_code} {response.text[:120]}"
                elif rows_of(response) != expected[name]:
                    problem = f"{name}: {rows_of(response)} rows, expected {expected[name]}"
            except (requests.RequestException, ValueError) as error:
                problem = f"{name}: {type(error).__name__}: {error}"
            elapsed = time.monotonic() - started
            with lock:
                figures["latencies"].append(elapsed)
                if problem:
                    figures["errors"][problem] += 1
        session.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    assert not any(t.is_alive() for t in threads), "a load client hung"
    figures["seconds"] = time.monotonic() - started
    return figures


def load_run(release, warmup: float, seconds: float) -> None:
    mix = query_mix()
    with Server(release, "--workers", "2", "--threads", "8", "--timeout", "30") as server:
        expected = reference_answers(server.base, mix)
        warm = hammer(server.base, mix, expected, warmup)
        rss_warm = server.rss()
        run = hammer(server.base, mix, expected, seconds)
        rss_after = server.rss()
        processes = len(server.tree())
        log = server.log_text()
    latencies = sorted(run["latencies"])
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    growth = (rss_after - rss_warm) / rss_warm
    print(f"\nload: {CLIENTS} clients, {len(mix)} queries in the mix, warm-up {warm['requests']} requests "
          f"in {warm['seconds']:.1f} s, run {run['requests']} requests in {run['seconds']:.1f} s "
          f"({run['requests'] / run['seconds']:.0f}/s), errors {sum(run['errors'].values())}, "
          f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; server tree ({processes} processes) RSS "
          f"after warm-up {rss_warm / 2**20:.1f} MiB, after the run {rss_after / 2**20:.1f} MiB "
          f"({growth:+.1%})")
    assert not warm["errors"], dict(warm["errors"])
    assert not run["errors"], dict(run["errors"])
    # the run really ran: every client twice round at least (not a speed check: bench/ measures
    # throughput; this run did 219 and 275 requests in two runs on this 2-core machine)
    assert run["requests"] >= 2 * max(CLIENTS, len(mix)), run["requests"]
    assert rss_after <= rss_warm * 1.10, (rss_warm, rss_after)
    assert "Traceback" not in log, log[-3000:]


def test_32_clients_for_10_seconds_no_errors_and_steady_memory(article_release):
    load_run(article_release, warmup=5, seconds=10)


@pytest.mark.soak
def test_soak_32_clients_for_60_seconds(article_release):
    load_run(article_release, warmup=10, seconds=60)
