"""One client cannot hold every query worker: per-client limits (429) and the cheap lane."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests
from serverfixtures import as_client

from conflict_kg.server.admission import ClientGate
from conflict_kg.server.errors import ApiError
from conflict_kg.server.query_cost import CostBook, shape

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"


# ---- the client gate on its own ------------------------------------------------------------------

def test_a_client_past_its_running_and_waiting_places_gets_429():
    gate = ClientGate(running=1, waiting=1)
    release, entered, errors = threading.Event(), [], []

    def hold(client):
        try:
            with gate.admitted(client, timeout=5):
                entered.append(client)
                release.wait(5)
        except ApiError as error:
            errors.append(error)

    first = threading.Thread(target=hold, args=("a",))
    first.start()
    time.sleep(0.05)
    second = threading.Thread(target=hold, args=("a",))  # waits for the first
    second.start()
    time.sleep(0.05)
    with pytest.raises(ApiError) as refused:
        with gate.admitted("a", timeout=5):
            pass
    assert refused.value.status == 429 and refused.value.headers["Retry-After"]
    with gate.admitted("b", timeout=5):  # another client is not held up
        pass
    assert entered == ["a"]
    release.set()
    first.join()
    second.join()
    assert entered == ["a", "a"] and not errors and gate.refused == 1


def test_a_waiting_query_gives_up_at_the_timeout_with_429():
    gate = ClientGate(running=1, waiting=5)
    with gate.admitted("a", timeout=5):
        started = time.monotonic()
        with pytest.raises(ApiError) as refused:
            with gate.admitted("a", timeout=0.2):
                pass
        assert refused.value.status == 429 and time.monotonic() - started < 1


def test_no_limit_when_the_setting_is_zero():
    gate = ClientGate(running=0, waiting=0)
    with gate.admitted("a", timeout=1), gate.admitted("a", timeout=1):
        pass


# ---- the cost book -------------------------------------------------------------------------------

def test_queries_differing_only_in_iris_and_literals_share_a_shape():
    assert shape("ASK { <urn:a> ?p 'x' }") == shape("ASK {<urn:b> ?p \"y\"}")
    assert shape("ASK { <urn:a> ?p 1 }") != shape("ASK { <urn:a> ?p ?o . ?o ?q ?r }")


def test_a_shape_is_cheap_until_it_runs_long():
    book = CostBook(cheap_seconds=0.2)
    key = shape("SELECT * { ?s ?p ?o }")
    assert book.is_cheap(key)  # unknown: may use the cheap lane until it shows itself expensive
    book.record(key, 0.05)
    assert book.is_cheap(key)
    book.record(key, 3.0)
    assert not book.is_cheap(key)
    book.record(key, float("inf"))
    assert not book.is_cheap(key)


def test_the_book_holds_a_bounded_number_of_shapes():
    book = CostBook(cheap_seconds=0.2, max_shapes=3)
    for i in range(5):
        book.record(f"k{i}", 9.0)
    assert book.is_cheap("k0") and not book.is_cheap("k4")


# ---- the real server -----------------------------------------------------------------------------

def test_a_flooding_client_is_throttled_and_another_clients_ask_stays_fast(live_server):
    """live_server: two query workers, 2 s timeout, one query running and three waiting per client."""
    flood = as_client("198.51.100.1")
    outcomes: list[tuple[int, float]] = []

    def heavy(i):
        text = CARTESIAN.replace("?q }", f"?q FILTER(?a != <urn:x:{i}>) }}")  # not from the cache
        started = time.monotonic()
        status = requests.get(live_server + "/sparql", params={"query": text}, headers=flood,
                              timeout=30).status_code
        outcomes.append((status, time.monotonic() - started))

    threads = [threading.Thread(target=heavy, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    seconds = []
    for _ in range(10):
        started = time.monotonic()
        quick = requests.get(live_server + "/sparql", headers=as_client("198.51.100.2"),
                             params={"query": f"ASK {{ <urn:x:{uuid.uuid4().hex}> ?p ?o }}"}, timeout=10)
        seconds.append(time.monotonic() - started)
        assert quick.status_code == 200 and quick.json()["boolean"] is False
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    assert max(seconds) < 0.5, seconds
    # one ran (stopped at the 2 s timeout: 503); three waited, each until its own timeout (429) or
    # until the one before it was stopped (then run and stopped: 503); two were refused at once
    statuses = [status for status, _ in outcomes]
    assert set(statuses) == {429, 503} and len(statuses) == 6
    assert sum(1 for status, seconds in outcomes if status == 429 and seconds < 0.5) == 2
    stats = requests.get(live_server + "/status", timeout=10).json()
    assert stats["refused"] >= 2


def test_the_cheap_lane_stays_free_while_expensive_queries_wait_and_overrunners_are_moved(tmp_path):
    from serverfixtures import RELEASE

    from conflict_kg.server.backends import EmbeddedStore

    store = EmbeddedStore(RELEASE, tmp_path / "store", workers=2, timeout=2, cheap_limit=0.3)
    job = {"op": "query", "max_rows": 10, "results_format": "JSON", "rdf_format": "TURTLE"}
    done: dict[str, tuple[str, float]] = {}

    def run(name, text, cheap):
        started = time.monotonic()
        try:
            store.execute({**job, "text": text}, cheap=cheap)
            outcome = "ok"
        except ApiError as error:
            outcome = error.title
        done[name] = (outcome, time.monotonic() - started)

    try:
        expensive = [threading.Thread(target=run, args=(f"heavy{i}", CARTESIAN + f" # {i}", False))
                     for i in range(2)]
        for thread in expensive:
            thread.start()
        time.sleep(0.3)  # one runs in the general lane, the other waits for it
        run("ask", "ASK { ?s ?p ?o }", True)
        assert done["ask"][0] == "ok" and done["ask"][1] < 0.5
        for thread in expensive:
            thread.join()
        assert {done[f"heavy{i}"][0] for i in range(2)} == {"Query timeout", "Service Unavailable"}
        # predicted cheap but runs long: stopped at 0.3 s and run again in the general lane
        run("wrong", CARTESIAN, True)
        assert done["wrong"][0] == "Query timeout" and 1.5 < done["wrong"][1] < 3
        assert store.pool.demoted == 1
    finally:
        store.close()
