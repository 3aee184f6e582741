"""SERVICE: refused before any connection unless allowed; allowed calls carry a timeout and a UA."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from serverfixtures import Listener, make_app

WIKIDATA = "https://query.wikidata.org/sparql"
PERSON = "https://w3id.org/conflict-kg/id/test-person"




@pytest.fixture()
def listener():
    item = Listener()
    yield item
    item.sock.close()


class StandIn(BaseHTTPRequestHandler):
    """A local stand-in for Wikidata's endpoint: answers one binding for any query."""
    seen: list[dict] = []
    delay = 0.0

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        StandIn.seen.append({"agent": self.headers["User-Agent"], "accept": self.headers["Accept"],
                             "query": urllib.parse.parse_qs(body)["query"][0]})
        time.sleep(StandIn.delay)
        payload = {"head": {"vars": ["item", "label"]}, "results": {"bindings": [
            {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q4115189"},
             "label": {"type": "literal", "value": "Sandbox \"item\"", "xml:lang": "en"}}]}}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


@pytest.fixture(scope="module")
def federating_client(stand_in):
    return make_app(service_rewrites={WIKIDATA: stand_in}, service_timeout=1).test_client()


@pytest.fixture(scope="module")
def permissive_client():
    """Allow-list entries by prefix: still never to loopback, private or link-local addresses."""
    allow = ("http://127.0.0.1:*", "http://localhost:*", "http://10.1.2.3/*",
             "http://169.254.169.254/*", "http://[::1]:*", "http://192.168.0.9/*")
    return make_app(service_allow=allow).test_client()


def run(client, query):
    return client.post("/sparql", data=query, content_type="application/sparql-query")


def test_endpoint_not_on_allow_list_is_refused_without_connecting(client, listener):
    response = run(client, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}")
    assert response.status_code == 403
    assert "allow-list" in response.get_json()["error"]["message"]
    silent = run(client, f"ASK {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}")
    assert silent.status_code == 403
    assert listener.accepted() == 0


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "10.1.2.3",
                                  "169.254.169.254", "192.168.0.9"])
def test_non_public_addresses_refused_even_when_prefix_allowed(permissive_client, listener, host):
    endpoint = f"http://{host.format(port=listener.port)}/sparql"
    started = time.monotonic()
    response = run(permissive_client, f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}")
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "non-public address" in response.get_json()["error"]["message"]
    assert time.monotonic() - started < 1  # refused before any connection attempt
    assert listener.accepted() == 0


def test_variable_endpoint_and_hidden_spellings_refused(client, listener):
    assert run(client, "SELECT * WHERE { ?e ?p ?o SERVICE ?e { ?s ?p ?o } }").status_code == 403
    escaped = f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{listener.port}/s> {{ ?s ?p ?o }} }}"
    assert run(client, escaped).status_code == 403
    prefixed = f"PREFIX l: <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ service l:s {{ ?s ?p ?o }} }}"
    assert run(client, prefixed).status_code == 403
    quote_trick = (f"SELECT * WHERE {{ ?x ?p ?o FILTER(?x <'a> b') SERVICE <http://127.0.0.1:{listener.port}/> "
                   "{ ?s ?p ?o } #' }")
    assert run(client, quote_trick).status_code in (400, 403)
    assert listener.accepted() == 0


def test_allowed_service_is_called_with_user_agent_and_joined(federating_client):
    StandIn.seen.clear()
    StandIn.delay = 0
    query = f"""PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
SELECT ?person ?label WHERE {{ ?person ckg:wikidataId ?qid .
  SERVICE <{WIKIDATA}> {{ ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
  FILTER(STRAFTER(STR(?item), "entity/") = ?qid) }}"""
    response = run(federating_client, query)
    assert response.status_code == 200, response.get_data(as_text=True)
    bindings = response.get_json()["results"]["bindings"]
    assert bindings == [{"person": {"type": "uri", "value": PERSON},
                         "label": {"type": "literal", "value": "Sandbox \"item\"", "xml:lang": "en"}}]
    assert len(StandIn.seen) == 1
    assert StandIn.seen[0]["agent"].startswith("conflict-kg-sparql/")
    assert "application/sparql-results+json" in StandIn.seen[0]["accept"]
    assert "PREFIX ckg:" in StandIn.seen[0]["query"]


def test_service_timeout_is_504_and_silent_tolerates_it(federating_client):
    StandIn.delay = 2.5
    try:
        response = run(federating_client, f"SELECT * WHERE {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}")
        assert response.status_code == 504
        silent = run(federating_client, f"ASK {{ SERVICE SILENT <{WIKIDATA}> {{ ?s ?p ?o }} }}")
        assert silent.status_code == 200 and silent.get_json()["boolean"] is True
    finally:
        StandIn.delay = 0
