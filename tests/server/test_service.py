"""SERVICE: refused before any connection unless allowed; allowed calls carry a timeout and a UA;
bound joins send the outer part's bindings along and answer as the unbound fetch does."""

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


class ResultsHandler(BaseHTTPRequestHandler):
    """A stub SPARQL endpoint's plumbing: answer SPARQL JSON bytes, log nothing."""

    def answer(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class StandIn(ResultsHandler):
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
        self.answer(data)


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


# ---- bound join: the outer part's bindings travel to the remote endpoint --------------------------

WD = "http://www.wikidata.org/entity/"
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>"""
PROLOGUE = "\n".join(line.strip() for line in PREFIXES.splitlines())
REMOTE_DATA = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
wd:Q4115189 wdt:P569 "1950" ; wdt:P27 wd:Q30 .
wd:Q1 wdt:P569 "1901" ; wdt:P27 wd:Q30 .
wd:Q2 wdt:P569 "1902" ; wdt:P27 wd:Q31 .
wd:Q3 wdt:P569 "1903" .
wd:Q4 wdt:P27 wd:Q31 .
wd:Q5 wdt:P569 "1905" .
wd:Q99 wdt:P569 "1999" ; wdt:P27 wd:Q32 .
wd:Q30 rdfs:label "Country A"@en . wd:Q31 rdfs:label "Country B"@en . wd:Q32 rdfs:label "Country C"@en .
"""


class Remote(ResultsHandler):
    """A SPARQL endpoint on an in-memory store holding REMOTE_DATA: it really evaluates what it
    receives, records each query, and answers 500 to a query naming <urn:x-fail>."""
    seen: list[str] = []
    store = None

    def do_POST(self):
        import pyoxigraph as ox

        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        query = urllib.parse.parse_qs(body)["query"][0]
        Remote.seen.append(query)
        if "urn:x-fail" in query:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = Remote.store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
        self.answer(data)


@pytest.fixture(scope="module")
def remote():
    import pyoxigraph as ox

    Remote.store = ox.Store()
    Remote.store.load(REMOTE_DATA.encode(), format=ox.RdfFormat.TURTLE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


@pytest.fixture(scope="module")
def bound(remote):
    """Bound joins in batches of 2, at most 4 distinct outer bindings."""
    return make_app(service_rewrites={WIKIDATA: remote}, service_timeout=2, workers=1,
                    service_bind_batch=2, service_bind_max_rows=4).test_client()


@pytest.fixture(scope="module")
def unbound(remote):
    """Bound joins turned off: every SERVICE pattern is fetched on its own."""
    return make_app(service_rewrites={WIKIDATA: remote}, service_timeout=2, workers=1,
                    service_bind_batch=0).test_client()


def rows_of(client, query) -> list[tuple]:
    response = run(client, query)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    names = body["head"]["vars"]
    return sorted((tuple(row.get(name, {}).get("value") for name in names)
                   for row in body["results"]["bindings"]),
                  key=lambda row: tuple(value or "" for value in row))


def remote_queries(client, query) -> tuple[list[tuple], list[str]]:
    Remote.seen.clear()
    rows = rows_of(client, query)
    return rows, list(Remote.seen)


def bound_query(head: str, rows: list[str], pattern: str) -> str:
    lines = "\n    ".join(rows)
    return f"{PROLOGUE}\nSELECT * WHERE {{\n  VALUES ({head}) {{\n    {lines}\n  }}\n  {pattern}\n}}"


def unbound_query(pattern: str) -> str:
    return f"{PROLOGUE}\nSELECT * WHERE {pattern}"


def federated(body: str) -> str:
    return f"{PREFIXES}\nSELECT * WHERE {{\n{body}\n}}"


def same_as_unbound(bound_client, unbound_client, query) -> list[tuple]:
    rows, _ = remote_queries(bound_client, query)
    assert rows == rows_of(unbound_client, query)
    return rows


def test_bound_join_sends_exactly_the_distinct_shared_bindings(bound, unbound):
    query = federated(f"""  VALUES (?item ?tag) {{ (wd:Q1 "a") (wd:Q2 "b") (wd:Q1 "c") }}
  SERVICE <{WIKIDATA}> {{ ?item wdt:P569 ?born }}""")
    rows, seen = remote_queries(bound, query)
    # ?tag is not in the SERVICE pattern and Q1 appears twice: one row per distinct ?item
    assert seen == [bound_query("?item", [f"(<{WD}Q1>)", f"(<{WD}Q2>)"], "{ ?item wdt:P569 ?born }")]
    assert rows == [("1901", WD + "Q1", "a"), ("1901", WD + "Q1", "c"), ("1902", WD + "Q2", "b")]
    assert rows == rows_of(unbound, query)


def test_bound_join_on_the_store_data_keeps_the_store_items_only(bound, unbound):
    query = federated(f"""  ?person a ckg:Person ; skos:exactMatch ?item .
  SERVICE <{WIKIDATA}> {{ ?item wdt:P569 ?born }}""")
    rows, seen = remote_queries(bound, query)
    assert seen == [bound_query("?item", [f"(<{WD}Q4115189>)"], "{ ?item wdt:P569 ?born }")]
    assert rows == [("1950", WD + "Q4115189", PERSON)] == rows_of(unbound, query)


def test_batches_split_at_the_setting(bound, unbound):
    pattern = "{ ?item wdt:P569 ?born }"
    query = federated(f"  VALUES ?item {{ wd:Q4 wd:Q3 wd:Q2 wd:Q1 wd:Q1 }} FILTER(?item != wd:Q2)\n"
                      f"  SERVICE <{WIKIDATA}> {pattern}")
    rows, seen = remote_queries(bound, query)
    # the group's FILTER applies after the join: Q2 is sent too; 4 distinct items, 2 per request
    assert seen == [bound_query("?item", [f"(<{WD}Q1>)", f"(<{WD}Q2>)"], pattern),
                    bound_query("?item", [f"(<{WD}Q3>)", f"(<{WD}Q4>)"], pattern)]
    assert rows == [("1901", WD + "Q1"), ("1901", WD + "Q1"), ("1903", WD + "Q3")]
    assert rows == rows_of(unbound, query)


def test_more_outer_bindings_than_the_maximum_fetch_unbound(bound, unbound):
    pattern = "{ ?item wdt:P569 ?born }"
    query = federated(f"  VALUES ?item {{ wd:Q1 wd:Q2 wd:Q3 wd:Q4 wd:Q5 }}\n  SERVICE <{WIKIDATA}> {pattern}")
    rows, seen = remote_queries(bound, query)
    assert seen == [unbound_query(pattern)]
    assert [born for born, _ in rows] == ["1901", "1902", "1903", "1905"]
    assert rows == rows_of(unbound, query)


def test_only_variables_bound_in_every_outer_solution_are_sent(bound, unbound):
    pattern = "{ ?item wdt:P569 ?born OPTIONAL { ?item wdt:P27 ?country } }"
    query = federated(f"""  VALUES (?item ?born ?country) {{ (wd:Q1 UNDEF wd:Q30) (wd:Q2 "1902" wd:Q31) }}
  SERVICE <{WIKIDATA}> {pattern}""")
    rows, seen = remote_queries(bound, query)
    # ?born is unbound in one outer solution: sending it would drop that solution's matches
    assert seen == [bound_query("?country ?item", [f"(<{WD}Q30> <{WD}Q1>)", f"(<{WD}Q31> <{WD}Q2>)"],
                                pattern)]
    assert rows == [("1901", WD + "Q30", WD + "Q1"), ("1902", WD + "Q31", WD + "Q2")]
    assert rows == rows_of(unbound, query)


def test_no_outer_solution_means_no_remote_call(bound, remote):
    for body in ("  ?person ckg:wikidataId \"no-such-QID\" ; skos:exactMatch ?item .",
                 "  VALUES ?item { }"):
        query = federated(f"{body}\n  SERVICE <{WIKIDATA}> {{ ?item wdt:P569 ?born }}")
        assert remote_queries(bound, query) == ([], [])
    # the query's FROM is the outer part's dataset too: no link to Wikidata in the facts graph
    query = (f"{PREFIXES}\nSELECT * FROM <https://w3id.org/conflict-kg/graph/facts/test-doc> WHERE {{\n"
             f"  ?person skos:exactMatch ?item SERVICE <{WIKIDATA}> {{ ?item wdt:P569 ?born }} }}")
    assert remote_queries(bound, query) == ([], [])
    registry = query.replace("graph/facts/test-doc", "graph/registry")
    assert remote_queries(bound, registry)[0] == [("1950", WD + "Q4115189", PERSON)]
    # and so is the protocol's default-graph-uri
    Remote.seen.clear()
    plain = federated(f"  ?person skos:exactMatch ?item SERVICE <{WIKIDATA}> {{ ?item wdt:P569 ?born }}")
    response = bound.post("/sparql?default-graph-uri=https://w3id.org/conflict-kg/graph/facts/test-doc",
                          data=plain, content_type="application/sparql-query")
    assert response.status_code == 200 and response.get_json()["results"]["bindings"] == []
    assert Remote.seen == []


def test_optional_union_exists_and_graph_fall_back_to_the_unbound_fetch(bound, unbound):
    pattern = "{ ?item wdt:P569 ?born }"
    outer = "?person a ckg:Person ; skos:exactMatch ?item ."
    bodies = [f"{outer} OPTIONAL {{ SERVICE <{WIKIDATA}> {pattern} }}",
              f"{{ {outer} }} UNION {{ SERVICE <{WIKIDATA}> {pattern} }}",
              f"{outer} FILTER EXISTS {{ ?person skos:exactMatch ?item SERVICE <{WIKIDATA}> {pattern} }}",
              f"GRAPH ?g {{ {outer} SERVICE <{WIKIDATA}> {pattern} }}"]
    for body in bodies:
        query = federated(body)
        rows, seen = remote_queries(bound, query)
        assert seen == [unbound_query(pattern)], body
        assert rows == rows_of(unbound, query) and rows, body


def test_a_nested_group_binds_with_its_own_elements(bound, unbound):
    """A group is evaluated on its own (SPARQL evaluates bottom-up), so a SERVICE clause inside
    OPTIONAL is joined with the OPTIONAL's elements before it, not the outer query's."""
    pattern = "{ ?item wdt:P569 ?born }"
    query = federated(f"""  VALUES ?person {{ <{PERSON}> <urn:x-nobody> }}
  OPTIONAL {{ ?person skos:exactMatch ?item SERVICE <{WIKIDATA}> {pattern} }}""")
    rows, seen = remote_queries(bound, query)
    assert seen == [bound_query("?item", [f"(<{WD}Q4115189>)"], pattern)]
    assert rows == [(None, None, "urn:x-nobody"), ("1950", WD + "Q4115189", PERSON)]
    assert rows == rows_of(unbound, query)


def test_a_second_service_is_bound_by_the_first_ones_solutions(bound, unbound):
    first, second = "{ ?item wdt:P27 ?country }", "{ ?country rdfs:label ?countryLabel }"
    query = federated(f"""  VALUES ?item {{ wd:Q1 wd:Q2 wd:Q4 }}
  SERVICE <{WIKIDATA}> {first}
  SERVICE <{WIKIDATA}> {second}""")
    rows, seen = remote_queries(bound, query)
    assert seen == [bound_query("?item", [f"(<{WD}Q1>)", f"(<{WD}Q2>)"], first),
                    bound_query("?item", [f"(<{WD}Q4>)"], first),
                    bound_query("?country", [f"(<{WD}Q30>)", f"(<{WD}Q31>)"], second)]
    assert rows == [(WD + "Q30", "Country A", WD + "Q1"), (WD + "Q31", "Country B", WD + "Q2"),
                    (WD + "Q31", "Country B", WD + "Q4")]
    assert rows == rows_of(unbound, query)


def test_silent_still_gives_the_one_empty_solution_when_a_bound_request_fails(bound):
    silent = federated(f"""  VALUES ?item {{ wd:Q1 wd:Q2 wd:Q3 }}
  SERVICE SILENT <{WIKIDATA}> {{ ?item wdt:P569 ?born ; wdt:P1 <urn:x-fail> }}""")
    rows, seen = remote_queries(bound, silent)
    assert rows == [(WD + "Q1",), (WD + "Q2",), (WD + "Q3",)]  # each outer solution, no ?born
    assert len(seen) == 1 and "VALUES (?item)" in seen[0]  # the first failed batch ends the clause
    loud = run(bound, silent.replace("SERVICE SILENT", "SERVICE"))
    assert loud.status_code == 502 and "HTTP 500" in loud.get_json()["error"]["message"]


def test_an_outer_part_the_store_rejects_falls_back_and_the_store_reports_it(bound):
    """When the outer part fails on its own, the SERVICE pattern is fetched unbound as before and
    the store judges the whole query."""
    query = federated(f"""  ?person skos:exactMatch ?item ; undefined:x ?y .
  SERVICE <{WIKIDATA}> {{ ?item wdt:P569 ?born }}""")
    Remote.seen.clear()
    response = run(bound, query)
    assert response.status_code == 400
    assert "prefix undefined: is not declared" in response.get_json()["error"]["message"]
    assert Remote.seen == [unbound_query("{ ?item wdt:P569 ?born }")]


# ---- the tokenizer-level analysis behind the bound join -------------------------------------------

def outer_part(query: str) -> str | None:
    from conflict_kg.server import sparql_text
    from conflict_kg.server.service import _outer_text

    tokens = sparql_text.tokenize(query)
    clause = sparql_text.service_clauses(query, tokens, sparql_text.read_prologue(query, tokens))[0]
    part = sparql_text.joined_part(tokens, clause)
    return None if part is None else " ".join(_outer_text(query, part, []).split())


def test_outer_part_skips_comments_strings_and_group_level_filters():
    query = """SELECT * WHERE { ?a <urn:p> "} SERVICE {" . # a } FILTER { comment
      FILTER regex(?a, "}{") ?a <urn:q> ?b FILTER(?b > 1) FILTER NOT EXISTS { ?b <urn:r> ?c }
      OPTIONAL { ?b <urn:s> ?d FILTER(?d) } BIND(EXISTS { ?a ?p ?b } AS ?e)
      SERVICE <urn:x> { ?b <urn:t> ?f } FILTER(?f) }"""
    assert outer_part(query) == ('?a <urn:p> "} SERVICE {" . # a } FILTER { comment {} '
                                 '?a <urn:q> ?b {} {} '
                                 'OPTIONAL { ?b <urn:s> ?d FILTER(?d) } BIND(EXISTS { ?a ?p ?b } AS ?e)')


def test_outer_part_is_none_where_a_bound_join_is_not_known_to_be_safe():
    service = "SERVICE <urn:x> { ?b <urn:t> ?f }"
    assert outer_part(f"ASK {{ ?a ?p ?b FILTER EXISTS {{ ?a ?q ?b {service} }} }}") is None
    assert outer_part(f"ASK {{ ?a ?p ?b FILTER NOT EXISTS {{ ?a ?q ?b {service} }} }}") is None
    assert outer_part(f"ASK {{ GRAPH <urn:g> {{ ?a ?p ?b {service} }} }}") is None
    assert outer_part(f"ASK {{ ?a ?p ?b FILTER ?b {service} }}") is None  # not a constraint
    assert outer_part(f"ASK {{ {service} }}") == ""
    sub = outer_part(f"SELECT * {{ ?x ?y ?z {{ SELECT ?b {{ ?a ?p ?b {service} }} }} }}")
    assert sub == "?a ?p ?b"  # a subquery's group is evaluated on its own
