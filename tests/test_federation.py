"""Federation with Wikidata, both ways, against a local stand-in (no network).

The stand-in is Oxigraph's own SPARQL server (the ``oxigraph`` CLI from the ``oxigraph`` package)
holding ``tests/data/wikidata-standin/wikidata.ttl``, a small fixture in Wikidata's RDF shape whose
items use the registry's real QIDs. Two directions:

- our endpoint (the real ``serve`` process on the article's build) runs each federated example query
  ``queries/wikidata-*.rq`` as written, ``SERVICE <https://query.wikidata.org/sparql>`` included; the
  setting ``service_rewrites`` (``--service-rewrites IRI=URL``) sends that endpoint's calls to the
  stand-in, exactly as an operator would point it at a mirror;
- the stand-in runs a query whose ``SERVICE <http://127.0.0.1:PORT/sparql>`` block Oxigraph itself
  sends to our endpoint, joining Wikidata-shaped data to the graph.

Both servers run on 127.0.0.1 and are terminated in fixture teardown.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent / "server"))
from serverfixtures import free_port, running_server, stop_process_group

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
FIXTURE = Path(__file__).resolve().parent / "data" / "wikidata-standin" / "wikidata.ttl"
WIKIDATA = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
CKR = "https://w3id.org/conflict-kg/id/"
CKG = "https://w3id.org/conflict-kg/ontology#"
DOC = CKR + "doc/2023-azerbaijani-offensive-in-nagorno-karabakh"
FIGURE = CKR + "figure/2023-azerbaijani-offensive-in-nagorno-karabakh/"
RESULTS_JSON = "application/sparql-results+json"
FEDERATED = {"wikidata-people-born-and-positions.rq", "wikidata-places-coordinates-population.rq",
             "wikidata-state-memberships.rq", "wikidata-casualties-beside-p1120.rq"}


def oxigraph_cli() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the `oxigraph` CLI is missing: pip install oxigraph (part of the test extra)"
    return found


_stop = stop_process_group


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    """Oxigraph's server, read-only, on the Wikidata-shaped fixture: its query URL."""
    cli = oxigraph_cli()
    location = tmp_path_factory.mktemp("wikidata-standin") / "store"
    subprocess.run([cli, "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True, timeout=60)
    port = free_port()
    log = open(location.parent / "oxigraph.log", "wb")
    process = subprocess.Popen([cli, "serve-read-only", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (location.parent / "oxigraph.log").read_text()
            try:
                if requests.get(url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the Oxigraph stand-in did not become ready"
            time.sleep(0.1)
        yield url
    finally:
        _stop(process)
        log.close()


class _Relay(BaseHTTPRequestHandler):
    """Passes each SPARQL request on to the stand-in unchanged and records the query it carries."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append(urllib.parse.parse_qs(body.decode())["query"][0])
        answer = requests.post(self.server.target, data=body, timeout=30, headers={
            "Content-Type": self.headers["Content-Type"], "Accept": self.headers["Accept"]})
        self.send_response(answer.status_code)
        self.send_header("Content-Type", answer.headers.get("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def relay(standin):
    """A recording relay in front of the stand-in: what our endpoint sends to "Wikidata"."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Relay)
    server.target, server.seen = standin, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _our_server(out, relay, *args):
    url = f"http://127.0.0.1:{relay.server_address[1]}/query"
    return running_server(out, "--service-allow", WIKIDATA, "--service-rewrites", f"{WIKIDATA}={url}",
                          *args)


@pytest.fixture(scope="module")
def endpoint(built_release, relay):
    """Our server on the article's build, with Wikidata's endpoint IRI rewritten to the stand-in
    (through the recording relay)."""
    _, out = built_release
    with _our_server(out, relay) as base:
        yield base + "/sparql"


def select(url: str, query: str) -> list[dict[str, str]]:
    response = requests.post(url, data={"query": query}, headers={"Accept": RESULTS_JSON}, timeout=60)
    assert response.status_code == 200, response.text
    return [{name: cell["value"] for name, cell in row.items()}
            for row in response.json()["results"]["bindings"]]


def run_example(endpoint: str, name: str) -> list[dict[str, str]]:
    return select(endpoint, (QUERIES / name).read_text(encoding="utf-8"))


def project(rows, *names) -> set[tuple]:
    return {tuple(row.get(name) for name in names) for row in rows}


# ---- the example queries themselves -----------------------------------------------------------------

def test_every_wikidata_example_is_federated_with_wikidata_only_and_tested_here():
    assert {path.name for path in QUERIES.glob("wikidata-*.rq")} == FEDERATED
    for name in FEDERATED:
        text = (QUERIES / name).read_text(encoding="utf-8")
        assert "# federated: true" in text
        endpoints = re.findall(r"\bSERVICE\s+(?:SILENT\s+)?<([^>]*)>", text)
        assert endpoints and set(endpoints) == {WIKIDATA}, name
        # the items come from the graph, not from a list written into the query
        assert not re.search(r"\bwd:Q(?!5\b)\d+", text), name


def test_the_stand_in_holds_the_fixture_and_not_the_graph(standin):
    rows = select(standin, "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2004/02/skos/core#"
                           "exactMatch> ?o }")
    assert rows == [{"n": "0"}]
    rows = select(standin, "SELECT ?born WHERE { <http://www.wikidata.org/entity/Q7747> "
                           "<http://www.wikidata.org/prop/direct/P569> ?born }")
    assert rows == [{"born": "1952-10-07T00:00:00Z"}]


# ---- our endpoint calls the stand-in ----------------------------------------------------------------

def test_people_date_of_birth_and_positions_held(endpoint):
    rows = run_example(endpoint, "wikidata-people-born-and-positions.rq")
    assert project(rows, "person", "item", "born", "positionLabel", "start", "end") == {
        (CKR + "vladimir-putin", WD + "Q7747", "1952-10-07T00:00:00Z", "Prime Minister of Russia",
         "2008-05-08T00:00:00Z", "2012-05-07T00:00:00Z"),
        (CKR + "vladimir-putin", WD + "Q7747", "1952-10-07T00:00:00Z", "President of Russia",
         "2012-05-07T00:00:00Z", None),
        (CKR + "nikol-pashinyan", WD + "Q7035479", "1975-06-01T00:00:00Z", "Prime Minister of Armenia",
         "2018-05-08T00:00:00Z", None),
        (CKR + "recep-tayyip-erdogan", WD + "Q39259", "1954-02-26T00:00:00Z", "President of Turkey",
         "2014-08-28T00:00:00Z", None),
        (CKR + "joe-biden", WD + "Q6279", "1942-11-20T00:00:00Z", "President of the United States",
         "2021-01-20T00:00:00Z", None),
        # no position statement in the fixture: the person keeps the date of birth
        (CKR + "ursula-von-der-leyen", WD + "Q60772", "1958-10-08T00:00:00Z", None, None, None),
    }
    assert len(rows) == 6
    assert all(row["item"] != WD + "Q9200090" for row in rows)  # the decoy person links to nobody
    # ORDER BY ?label ?start: Putin's two positions in time order
    putin = [row["positionLabel"] for row in rows if row["person"] == CKR + "vladimir-putin"]
    assert putin == ["Prime Minister of Russia", "President of Russia"]


def test_places_coordinates_and_population(endpoint):
    rows = run_example(endpoint, "wikidata-places-coordinates-population.rq")
    assert project(rows, "place", "label", "coordinates", "population") == {
        (CKR + "armenia", "Armenia", "Point(44.8 40.2)", "2970000"),
        (CKR + "artsakh", "Artsakh", "Point(46.75 39.82)", None),  # no population on the item
        (CKR + "azerbaijan", "Azerbaijan", "Point(47.7 40.3)", "10100000"),
        (CKR + "baku", "Baku", "Point(49.8671 40.4093)", "2300500"),
        (CKR + "stepanakert", "Stepanakert", "Point(46.7519 39.8153)", "55000"),
        (CKR + "yerevan", "Yerevan", "Point(44.5144 40.1814)", "1092800"),
    }
    assert len(rows) == 6  # each place once, its own label (not Wikidata's "Khankendi")


def test_state_memberships_beside_the_graph(endpoint):
    rows = run_example(endpoint, "wikidata-state-memberships.rq")
    got = project(rows, "state", "organizationLabel", "ours", "inGraph")
    assert got == {
        (CKR + "armenia", "Collective Security Treaty Organization", CKR + "csto", "true"),
        (CKR + "armenia", "International Criminal Court", CKR + "international-criminal-court", "true"),
        (CKR + "armenia", "Council of Europe", CKR + "council-of-europe", "false"),
        (CKR + "russia", "Collective Security Treaty Organization", CKR + "csto", "true"),
        (CKR + "russia", "United Nations", CKR + "united-nations", "false"),
        (CKR + "azerbaijan", "Council of Europe", CKR + "council-of-europe", "false"),
        (CKR + "azerbaijan", "United Nations", CKR + "united-nations", "false"),
        # an organisation no registry entity links to: ?ours unbound, never "in the graph"
        (CKR + "azerbaijan", "Fixture Organisation", None, "false"),
        (CKR + "turkey", "Council of Europe", CKR + "council-of-europe", "false"),
        (CKR + "turkey", "NATO", CKR + "nato", "false"),
    }
    assert len(rows) == len(got)


def test_casualty_figures_beside_p1120_statements(endpoint):
    rows = run_example(endpoint, "wikidata-casualties-beside-p1120.rq")
    assert {row["event"] for row in rows} == {WD + "Q9200050"}  # found by the article's sitelink
    got = {(Decimal(row["deaths"]), row.get("appliesTo"), row.get("pointInTime"), row.get("figure"),
            row.get("bound"), row.get("rawText"), row.get("sourceLabel"), row.get("asOf"))
           for row in rows}
    assert got == {
        (Decimal(192), WD + "Q227", "2023-09-28T00:00:00Z", FIGURE + "473-0", CKG + "Exact",
         "192 servicemen killed", None, None),
        (Decimal(200), WD + "Q244165", None, FIGURE + "528-0", CKG + "MoreThan",
         "200+ servicemen killed", None, None),
        (Decimal(27), WD + "Q244165", "2023-09-19T00:00:00Z", FIGURE + "11633-0", CKG + "Exact",
         "27 people had been killed", "Artsakh", "2023-09-19"),
        # the infobox line counts the same deaths, unattributed: figures are never merged
        (Decimal(27), WD + "Q244165", "2023-09-19T00:00:00Z", FIGURE + "596-0", CKG + "Exact",
         "27 Armenian and 1 Azerbaijani civilian killed", None, None),
        (Decimal(10), WD + "Q244165", None, None, None, None, None, None),  # no figure says 10
    }
    assert len(rows) == 5  # the decoy event's 192 is not joined
    assert {row["appliesTo"]: row["appliesToLabel"] for row in rows} == {
        WD + "Q227": "Azerbaijan", WD + "Q244165": "Artsakh"}  # the graph's labels of the sides
    assert [Decimal(row["deaths"]) for row in rows] == [200, 192, 27, 27, 10]  # ORDER BY DESC(?deaths)


def test_the_join_keeps_only_items_of_the_graph(endpoint):
    """An ad-hoc federated query: the decoys of the stand-in never survive the join."""
    rows = select(endpoint, """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT ?entity ?item ?population WHERE {
          ?entity skos:exactMatch ?item .
          SERVICE <https://query.wikidata.org/sparql> { ?item wdt:P1082 ?population }
        }""")
    assert {row["item"] for row in rows} == {WD + q for q in ("Q399", "Q227", "Q9248", "Q129352",
                                                              "Q1953")}


def test_the_stand_in_receives_bound_queries_holding_the_graph_items(endpoint, relay):
    """The bound join: the SERVICE pattern travels with the distinct ?item values of the graph's
    people in a VALUES block, not as an open pattern over every human."""
    items = {row["item"] for row in select(endpoint, """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?item WHERE { ?person a ckg:Person ; rdfs:label ?label ; skos:exactMatch ?item }""")}
    assert WD + "Q7747" in items
    relay.seen.clear()
    run_example(endpoint, "wikidata-people-born-and-positions.rq")
    assert len(relay.seen) == 1
    sent = relay.seen[0]
    head, rows = re.search(r"VALUES \((\?\w+)\) \{(.*?)\}\s*\{\s*\?item wdt:P31 wd:Q5", sent, re.S).groups()
    assert head == "?item"
    sent_items = re.findall(r"\(<([^>]*)>\)", rows)
    assert sorted(sent_items) == sorted(items)  # each item once


def test_bound_joins_answer_as_the_unbound_fetch_does(built_release, endpoint, relay):
    """The same example queries on a server with bound joins turned off (--service-bind-batch 0)."""
    _, out = built_release
    names = sorted(FEDERATED) + ["actors-on-wikidata.rq"]
    with _our_server(out, relay, "--service-bind-batch", "0") as base:
        relay.seen.clear()
        unbound = {name: run_example(base + "/sparql", name) for name in names}
        assert not any("VALUES (?item)" in query for query in relay.seen)
    for name in names:
        assert run_example(endpoint, name) == unbound[name], name
        assert unbound[name], name


# ---- the stand-in calls our endpoint ----------------------------------------------------------------

def test_oxigraph_joins_wikidata_data_to_the_graph_through_our_endpoint(standin, endpoint):
    rows = select(standin, f"""
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX wd: <http://www.wikidata.org/entity/>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT ?item ?born ?person ?label WHERE {{
          ?item wdt:P31 wd:Q5 ; wdt:P569 ?born .
          SERVICE <{endpoint}> {{ ?person a ckg:Person ; skos:exactMatch ?item ; rdfs:label ?label }}
        }} ORDER BY ?born""")
    assert [(row["person"], row["label"], row["born"]) for row in rows] == [
        (CKR + "joe-biden", "Joe Biden", "1942-11-20T00:00:00Z"),
        (CKR + "vladimir-putin", "Vladimir Putin", "1952-10-07T00:00:00Z"),
        (CKR + "recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "1954-02-26T00:00:00Z"),
        (CKR + "ursula-von-der-leyen", "Ursula von der Leyen", "1958-10-08T00:00:00Z"),
        (CKR + "nikol-pashinyan", "Nikol Pashinyan", "1975-06-01T00:00:00Z"),
    ]


def test_oxigraph_compares_memberships_with_the_graph_through_our_endpoint(standin, endpoint):
    """Wikidata's P463 on the stand-in, the graph's ckg:memberOf fetched from our endpoint."""
    rows = select(standin, f"""
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT ?stateItem ?orgItem ?onWikidata WHERE {{
          SERVICE <{endpoint}> {{
            ?state a ckg:State ; ckg:memberOf ?org .
            ?state skos:exactMatch ?stateItem . ?org skos:exactMatch ?orgItem .
          }}
          BIND(EXISTS {{ ?stateItem wdt:P463 ?orgItem }} AS ?onWikidata)
        }}""")
    assert project(rows, "stateItem", "orgItem", "onWikidata") == {
        (WD + "Q399", WD + "Q318693", "true"),
        (WD + "Q159", WD + "Q318693", "true"),
        (WD + "Q399", WD + "Q47488", "true"),
    }


def test_the_rewrite_is_what_reaches_the_stand_in(built_release, standin):
    """Without the rewrite the same IRI is not the stand-in: an endpoint not on the allow-list is
    refused before any call, and the stand-in's URL itself is not allow-listed by default."""
    _, out = built_release
    with running_server(out) as base:
        response = requests.post(base + "/sparql", data={"query": f"SELECT * WHERE {{ SERVICE "
                                 f"<{standin}> {{ ?s ?p ?o }} }}"},
                                 headers={"Accept": RESULTS_JSON}, timeout=30)
    assert response.status_code == 403
