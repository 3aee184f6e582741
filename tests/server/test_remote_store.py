"""The server on a remote SPARQL engine (`serve --store URL`): Oxigraph's server and Virtuoso.

For each engine (tests/engines.py starts it: one fresh engine and one of our servers per engine,
module-scoped) the article's release is published with `kg publish`, our server runs with
`--store` pointing at the engine, and everything goes through OUR endpoint: every non-federated
query of queries/ gives the embedded store's answers (pyoxigraph in-process on the same kg.trig,
default graph = union of the named graphs), content negotiation, a linked-data page, /timeline,
the row cap header, a malformed query (400), an update with the token; then the engine is stopped
(503 with a JSON message, static pages still served) and started again on the same port (queries
answered again, no restart of our server).
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import markupsafe
import pyoxigraph as ox
import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for engines.py
from engine_answers import (  # noqa: F401  (fixtures)
    GEO_WKT,
    VIRTUOSO_GEOMETRY,
    canonical,
    embedded,
    on_embedded,
    point_to_4_decimals,
    release,
)
from engines import OXIGRAPH, VIRTUOSO, engine  # noqa: F401  (engine: the fixture)
from engines import stop as stop_engine
from serverfixtures import TOKEN, running_server

from conflict_kg import publish as kg_publish

QUERIES = Path(__file__).resolve().parents[2] / "queries"
LOCAL = sorted(p for p in QUERIES.glob("*.rq") if "# federated: true" not in p.read_text()
                 # a query that needs the functions only the embedded store registers (geof:distance)
                 and "# engines: embedded" not in p.read_text())
MAX_ROWS = 5000  # above every example query's answer, below the release's triple count
RESULTS_JSON = "application/sparql-results+json"
CKR = "https://w3id.org/conflict-kg/id/"

@pytest.fixture(scope="module")
def server(engine, release):
    """The release published into the engine, and our server on it: its base URL."""
    credentials = (engine.user, engine.password) if engine.user else None
    kg_publish.publish(release, kg_publish.Engine(kg_publish.Endpoints(
        engine.query_url, engine.update_url, engine.store_url), credentials))
    args = ["--store", engine.query_url, "--store-update", engine.update_url,
            "--max-rows", str(MAX_ROWS), "--timeout", "20"]
    if engine.auth_scheme:
        args += ["--store-auth", engine.auth_scheme]
    if engine.name == "virtuoso":
        args += ["--store-timeout-param", "timeout"]
    with ExitStack() as stack:
        with pytest.MonkeyPatch.context() as patch:  # credentials reach the server by environment
            for name, value in engine.env().items():
                patch.setenv(name, value)
            base = stack.enter_context(running_server(release, *args, token=TOKEN))
        yield base


def select_json(base: str, query: str, **headers) -> dict:
    response = requests.post(base + "/sparql", data={"query": query}, timeout=60,
                             headers={"Accept": RESULTS_JSON, **headers})
    assert response.status_code == 200, response.text
    return response.json()


# ---- the same answers as the embedded store ---------------------------------------------------------

@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.stem)
def test_example_query_gives_the_embedded_answers(server, embedded, engine, path):
    text = path.read_text(encoding="utf-8")
    expected = on_embedded(embedded, text)
    assert len(expected["results"]["bindings"]) < MAX_ROWS
    got = select_json(server, text)
    assert got["head"]["vars"] == expected["head"]["vars"]
    assert canonical(got, text, engine.name) == canonical(expected, text, "embedded")


def test_every_result_format_holds_the_same_rows(server, embedded):
    text = (QUERIES / "events-per-kind.rq").read_text(encoding="utf-8")
    rows = len(on_embedded(embedded, text)["results"]["bindings"])
    assert rows > 0
    for media_type, fmt in [("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                            ("text/tab-separated-values", ox.QueryResultsFormat.TSV)]:
        response = requests.post(server + "/sparql", data={"query": text},
                                 headers={"Accept": media_type}, timeout=60)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media_type)
        assert len(list(ox.parse_query_results(response.content, format=fmt))) == rows
    response = requests.post(server + "/sparql", data={"query": text},
                             headers={"Accept": "text/csv"}, timeout=60)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(response.text)))) == rows + 1  # header line


def test_graph_results_in_turtle_and_n_triples_equal_the_embedded_graph(server, embedded):
    query = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/conflict-kg/graph/registry> "
             "{ ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } }")
    expected = set(embedded.query(query))
    assert 0 < len(expected) < MAX_ROWS
    for media_type, fmt in [("text/turtle", ox.RdfFormat.TURTLE),
                            ("application/n-triples", ox.RdfFormat.N_TRIPLES)]:
        response = requests.post(server + "/sparql", data={"query": query},
                                 headers={"Accept": media_type}, timeout=60)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media_type)
        # Virtuoso keeps a geo:wktLiteral as its own geometry type and writes the point back with
        # binary floating-point digits (tests/engine_answers.py, DIALECT "wkt_geometry"): those
        # triples compare by their points to four decimals, every other triple exactly
        answered = {q.triple for q in ox.parse(response.content, format=fmt)}
        assert {t for t in answered if not _is_point(t)} == {t for t in expected if not _is_point(t)}
        assert {_rounded(t) for t in answered if _is_point(t)} == {_rounded(t) for t in expected if _is_point(t)}


def _is_point(triple) -> bool:
    return isinstance(triple.object, ox.Literal) and triple.object.datatype.value in (GEO_WKT, VIRTUOSO_GEOMETRY)


def _rounded(triple) -> tuple:
    return triple.subject, triple.predicate, point_to_4_decimals(triple.object.value)


def test_ask_answers_true_and_false(server):
    for query, value in [("ASK { ?s a ?class }", True), ("ASK { <urn:nothing> ?p ?o }", False)]:
        assert select_json(server, query)["boolean"] is value


# ---- pages, limits, errors ----------------------------------------------------------------------------

def entity_with_label(embedded: ox.Store) -> tuple[str, str]:
    row = next(iter(embedded.query(
        "SELECT ?e ?label WHERE { GRAPH <https://w3id.org/conflict-kg/graph/registry> "
        "{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?e LIMIT 1")))
    return row["e"].value, row["label"].value


def test_linked_data_page_in_html_and_turtle(server, embedded):
    iri, label = entity_with_label(embedded)
    assert iri.startswith(CKR)
    path = "/" + iri[len("https://w3id.org/conflict-kg/"):]
    page = requests.get(server + path, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and label in page.text
    turtle = requests.get(server + path, headers={"Accept": "text/turtle"}, timeout=60)
    assert turtle.status_code == 200
    triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    assert any(t.subject == ox.NamedNode(iri) and t.object.value == label for t in triples)


def test_timeline_lists_the_events_of_the_timeline_query(server, embedded):
    text = (QUERIES / "timeline.rq").read_text(encoding="utf-8")
    labels = {row["label"]["value"] for row in on_embedded(embedded, text)["results"]["bindings"]
              if "label" in row}
    page = requests.get(server + "/timeline?all=1", timeout=60)  # every period, the background too
    assert page.status_code == 200
    # as the page writes them: HTML-escaped ("Prosecutor General&#39;s Office")
    assert labels and all(str(markupsafe.escape(label)) in page.text for label in sorted(labels)[:20])


def test_row_cap_cuts_and_says_so(server):
    query = f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS + 100}"
    response = requests.post(server + "/sparql", data={"query": query},
                             headers={"Accept": RESULTS_JSON}, timeout=60)
    assert response.status_code == 200
    assert response.headers["X-Result-Truncated"] == f"max-rows={MAX_ROWS}"
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.json()["truncated"]["maxRows"] == MAX_ROWS


def test_malformed_query_is_a_400_with_the_engines_message(server):
    response = requests.post(server + "/sparql", data={"query": "SELECT * WHERE { ?s ?p }"},
                             timeout=60)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["title"] == "Malformed query" and 0 < len(error["message"]) <= 603


def test_service_policy_applies_before_the_engine_sees_the_query(server):
    # an endpoint off the allow-list is refused here (the engine would otherwise call it itself)
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = requests.post(server + "/sparql", data={"query": query}, timeout=60)
    assert response.status_code == 403 and response.json()["error"]["title"] == "SERVICE refused"


def test_service_description_and_editor_list_the_release_graphs(server):
    description = requests.get(server + "/sparql", headers={"Accept": "text/turtle"}, timeout=60)
    assert description.status_code == 200
    assert "https://w3id.org/conflict-kg/graph/facts" in description.text
    assert "https://w3id.org/conflict-kg/graph/catalogue" not in description.text  # kg publish's
    assert "https://w3id.org/conflict-kg/graph/facts" in requests.get(server + "/", timeout=60).text


def test_an_update_with_the_token_reaches_the_engine_and_shows_in_queries(server):
    data = '{ GRAPH <https://w3id.org/conflict-kg/graph/updates> { <urn:test:s> <urn:test:p> "remote" } }'
    ask = 'ASK { <urn:test:s> <urn:test:p> "remote" }'
    assert requests.post(server + "/sparql", data={"update": "INSERT DATA " + data},
                         timeout=60).status_code == 403
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for operation, present in [("INSERT DATA ", True), ("DELETE DATA ", False)]:
        response = requests.post(server + "/sparql", data={"update": operation + data},
                                 headers=bearer, timeout=60)
        assert response.status_code == 204, response.text
        assert select_json(server, ask)["boolean"] is present


# ---- the engine goes away and comes back -------------------------------------------------------------

def stop_pid(pid: int, timeout: float = 30) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            return
        if state == "Z":  # exited; its parent (the engine fixture) reaps it
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def restart(engine) -> subprocess.Popen:
    """The engine again, on the same port, from the same files."""
    if engine.name == "virtuoso":
        args = [VIRTUOSO, "-f", "-c", str(engine.data_dir / "virtuoso.ini")]
    else:
        args = [OXIGRAPH, "serve", "--location", str(engine.data_dir / "store"),
                "--bind", f"127.0.0.1:{engine.extra['http_port']}"]
    log = open(engine.data_dir / "restart.log", "ab")
    process = subprocess.Popen(args, cwd=engine.data_dir, stdin=subprocess.DEVNULL, stdout=log,
                               stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, (engine.data_dir / "restart.log").read_text()[-2000:]
        try:
            if requests.get(engine.query_url, params={"query": "ASK {}"}, timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop_engine(process)
    raise AssertionError(f"{engine.name} did not come back on {engine.query_url}")


def test_engine_down_is_a_503_and_back_is_served_without_a_restart(server, engine):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class }"
    count = select_json(server, query)["results"]["bindings"][0]["n"]["value"]
    stop_pid(engine.pid)
    try:
        response = requests.post(server + "/sparql", data={"query": query}, timeout=60)
        assert response.status_code in (502, 503)
        error = response.json()["error"]
        assert error["status"] == response.status_code and "SPARQL engine" in error["message"]
        assert "Traceback" not in response.text
        for page in ("/", "/dumps/", "/void"):
            assert requests.get(server + page, timeout=60).status_code == 200, page
    finally:
        process = restart(engine)
    try:
        assert select_json(server, query)["results"]["bindings"][0]["n"]["value"] == count
    finally:
        stop_engine(process)
