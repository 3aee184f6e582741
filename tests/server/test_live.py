"""The real server (gunicorn subprocess): timeouts, concurrency, startup failures, persistence."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import requests
from serverfixtures import REPO, TOKEN, as_client, running_server

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"


def test_serves_queries_under_gunicorn(live_server):
    response = requests.get(live_server + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert "gunicorn" in response.headers.get("Server", "")


def test_runaway_query_is_stopped_with_503_while_others_are_answered(live_server):
    outcome = {}

    def heavy():
        started = time.monotonic()
        outcome["response"] = requests.get(live_server + "/sparql", params={"query": CARTESIAN}, timeout=30)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.5)  # the heavy query is running in one worker now
    started = time.monotonic()
    quick = requests.get(live_server + "/sparql", params={"query": "ASK { ?s a ?t }"},
                         headers=as_client("192.0.2.7"), timeout=10)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert time.monotonic() - started < 1.0
    thread.join()
    assert outcome["response"].status_code == 503
    assert outcome["response"].json()["error"]["title"] == "Query timeout"
    assert 1.5 < outcome["seconds"] < 6
    # the killed worker was replaced: the pool still answers
    after = requests.get(live_server + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert after.status_code == 200


def test_corrupt_release_refuses_to_start(release_copy):
    text = (release_copy / "kg.trig").read_text().splitlines()
    text[20] = text[20] + ' "unterminated'
    (release_copy / "kg.trig").write_text("\n".join(text) + "\n")
    result = subprocess.run([sys.executable, "-m", "conflict_kg.server.cli", "--data", str(release_copy),
                             "--port", "1"], cwd=REPO, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert result.returncode != 0
    assert str(release_copy / "kg.trig") in result.stderr and "line 21" in result.stderr


def test_updates_survive_a_restart_with_an_on_disk_store(release_copy, tmp_path):
    store = tmp_path / "store"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ask = {"query": "ASK { GRAPH <https://w3id.org/conflict-kg/graph/updates> { <urn:x:s> <urn:x:p> 7 } }"}
    with running_server(release_copy, "--store", str(store), token=TOKEN) as base:
        response = requests.post(base + "/sparql", data={"update": "INSERT DATA { <urn:x:s> <urn:x:p> 7 }"},
                                 headers=auth, timeout=10)
        assert response.status_code == 204
        assert requests.get(base + "/sparql", params=ask, timeout=10).json()["boolean"] is True
    with running_server(release_copy, "--store", str(store)) as base:
        assert requests.get(base + "/sparql", params=ask, timeout=10).json()["boolean"] is True
        count = requests.get(base + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH <https://w3id.org/conflict-kg/graph/facts/test-doc> { ?s ?p ?o } }"}, timeout=10)
        assert count.json()["results"]["bindings"][0]["n"]["value"] == "24"  # not loaded twice
        refused = requests.post(base + "/sparql", data={"update": "CLEAR ALL"}, timeout=10)
        assert refused.status_code == 403
