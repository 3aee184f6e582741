"""Putting a release into the store: build when missing, load once, refuse a corrupt file; the
remote store: dataset, row cap, failures and timeout against a scripted stand-in engine."""

from __future__ import annotations

import json
import shutil
import sys
import time
import types

import pyoxigraph as ox
import pytest
from serverfixtures import RELEASE

from conflict_kg.server.errors import ApiError
from conflict_kg.server.remote_store import RemoteStore
from conflict_kg.server.store import ReleaseLoadError, prepare_store


def test_missing_release_is_built_first(tmp_path, monkeypatch):
    calls = []

    def build_release(out):
        calls.append(out)
        shutil.copytree(RELEASE, out, dirs_exist_ok=True)

    monkeypatch.setitem(sys.modules, "conflict_kg.build", types.SimpleNamespace(build_release=build_release))
    data = tmp_path / "dist"
    graphs = prepare_store(data, tmp_path / "store")
    assert calls == [data]
    assert "https://w3id.org/conflict-kg/graph/facts/test-doc" in graphs


def test_loading_twice_does_not_duplicate_and_a_new_release_replaces_its_graphs(tmp_path):
    data = tmp_path / "release"
    shutil.copytree(RELEASE, data)
    store = tmp_path / "store"
    first = prepare_store(data, store)
    assert prepare_store(data, store) == first
    trig = data / "kg.trig"
    trig.write_text(trig.read_text().replace("<https://w3id.org/conflict-kg/graph/inferred> {",
                                             "<https://w3id.org/conflict-kg/graph/inferred2> {"))
    graphs = prepare_store(data, store)
    assert "https://w3id.org/conflict-kg/graph/inferred2" in graphs


def test_a_new_release_drops_the_facts_graph_of_a_document_it_no_longer_has(tmp_path):
    data, store = tmp_path / "release", tmp_path / "store"
    shutil.copytree(RELEASE, data)
    kept = ox.Store(str(store))  # a graph written by SPARQL Update survives a new release
    kept.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("7"),
                     ox.NamedNode("https://w3id.org/conflict-kg/graph/updates")))
    del kept
    assert "https://w3id.org/conflict-kg/graph/facts/test-doc" in prepare_store(data, store)
    trig = data / "kg.trig"
    trig.write_text(trig.read_text().replace("graph/facts/test-doc>", "graph/facts/other-doc>"))
    graphs = prepare_store(data, store)
    assert "https://w3id.org/conflict-kg/graph/facts/other-doc" in graphs
    assert "https://w3id.org/conflict-kg/graph/facts/test-doc" not in graphs
    assert "https://w3id.org/conflict-kg/graph/updates" in graphs


def test_the_builds_n_quads_are_read_when_the_checksums_vouch_for_them(tmp_path):
    from conflict_kg.release import write_checksums

    data = tmp_path / "release"
    shutil.copytree(RELEASE, data)
    parsed = ox.Store()
    parsed.bulk_load(path=str(data / "kg.trig"), format=ox.RdfFormat.TRIG)
    # the same quads, one graph renamed: which file was read shows in the graphs loaded
    renamed = ox.NamedNode("https://w3id.org/conflict-kg/graph/inferred-from-nq")
    quads = [ox.Quad(q.subject, q.predicate, q.object, renamed)
             if q.graph_name == ox.NamedNode("https://w3id.org/conflict-kg/graph/inferred") else q for q in parsed]
    (data / "kg.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    write_checksums(data)
    graphs = prepare_store(data, tmp_path / "store")
    assert renamed.value in graphs and "https://w3id.org/conflict-kg/graph/inferred" not in graphs
    # an N-Quads file the checksums do not vouch for is not read: kg.trig is
    with open(data / "kg.nq", "ab") as handle:
        handle.write(b"<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:g> .\n")
    (data / "kg.trig").write_text((data / "kg.trig").read_text() + "\n")  # a new release: load again
    write_checksums(data)
    (data / "kg.nq").write_bytes((data / "kg.nq").read_bytes() + b"<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:h> .\n")
    graphs = prepare_store(data, tmp_path / "store")
    assert "https://w3id.org/conflict-kg/graph/inferred" in graphs and "urn:x:h" not in graphs


def test_corrupt_release_names_file_and_line(tmp_path):
    data = tmp_path / "release"
    data.mkdir()
    (data / "kg.trig").write_text("<urn:g> {\n<urn:a> <urn:b> .\n}\n")
    with pytest.raises(ReleaseLoadError, match=r"kg\.trig: line 2"):
        prepare_store(data, tmp_path / "store")


# ---- the remote store, against a scripted stand-in engine -------------------------------------------

class ScriptedEngine:
    """A loopback HTTP server answering each POST with ``answer(form) -> (status, headers, body)``
    and recording the forms it received."""

    def __init__(self, answer):
        import threading
        import urllib.parse
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = urllib.parse.parse_qs(body, keep_blank_values=True)
                received.append(form)
                status, headers, payload = answer(form)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


JSON_TYPE = {"Content-Type": "application/sparql-results+json"}
OURS = ["https://w3id.org/conflict-kg/graph/facts", "https://w3id.org/conflict-kg/graph/registry"]


def catalogue_or(answer):
    """Answer the store's graph listing with OURS (as kg publish's catalogue), else ``answer``."""
    def respond(form):
        if "graph/catalogue" in form["query"][0]:
            rows = [{"g": {"type": "uri", "value": g}, "release": {"type": "literal", "value": "x"}}
                    for g in OURS]
            return 200, JSON_TYPE, json.dumps({"head": {"vars": ["g", "release"]},
                                               "results": {"bindings": rows}}).encode()
        return answer(form)
    return respond


def job(text="SELECT * WHERE { ?s ?p ?o }", **extra):
    return {"op": "query", "text": text, "max_rows": 2, "results_format": "JSON",
            "rdf_format": "TURTLE", "base_iri": "http://example.org/sparql", **extra}


@pytest.fixture()
def scripted():
    engines = []

    def start(answer):
        engines.append(ScriptedEngine(catalogue_or(answer)))
        return engines[-1]
    yield start
    for engine in engines:
        engine.close()


def test_remote_store_sends_our_graphs_as_the_dataset_and_cuts_at_max_rows(scripted):
    rows = [{"s": {"type": "bnode", "value": "nodeID://b7"},  # Virtuoso's labels: not valid here
             "o": {"type": "typed-literal", "value": "3",
                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
            {"s": {"type": "uri", "value": "urn:a"}, "o": {"type": "literal", "value": "x"}},
            {"s": {"type": "uri", "value": "urn:b"}}]
    engine = scripted(lambda form: (200, JSON_TYPE, json.dumps(
        {"head": {"vars": ["s", "o"]}, "results": {"bindings": rows}}).encode()))
    store = RemoteStore(engine.url, timeout=5)
    answer = store.execute(job(results_format="XML"))
    assert answer["kind"] == "solutions" and answer["truncated"] and answer["rows"] == 2
    parsed = list(ox.parse_query_results(answer["body"], format=ox.QueryResultsFormat.XML))
    assert isinstance(parsed[0]["s"], ox.BlankNode) and parsed[0]["o"].value == "3"
    assert parsed[1]["s"] == ox.NamedNode("urn:a") and len(parsed) == 2
    # the job's own request (around it: the switch counter reads, kg/publish.py)
    sent, = [r for r in engine.received if r["query"][0].startswith("BASE <http://example.org/sparql> SELECT")]
    assert sent["default-graph-uri"] == OURS and sent["named-graph-uri"] == OURS
    # a query with FROM clauses (union=False) keeps its own dataset
    before = len(engine.received)
    store.execute(job(union=False))
    sent, = [r for r in engine.received[before:] if r["query"][0].startswith("BASE ")]
    assert "default-graph-uri" not in sent


@pytest.mark.parametrize("status, headers, body, expected, words", [
    (400, {}, b"Virtuoso 37000 Error SP030: syntax error at '}'\n\nSPARQL query:\nSELECT ...", 400,
     "SP030: syntax error at '}'"),
    (401, {}, b"Unauthorized", 502, "KG_STORE_USER"),
    (500, {}, b"internal failure", 502, "HTTP 500"),
    (503, {}, b"busy", 503, "did not complete"),
    (200, {"X-SQL-State": "S1TAT", "X-SQL-Message": "query interrupted by result timeout"},
     b'{"head":{"vars":[]},"results":{"bindings":[]}}', 503, "S1TAT"),
    (200, {}, b"<html>not SPARQL</html>", 502, "not SPARQL JSON"),
])
def test_engine_failures_become_clear_statuses(scripted, status, headers, body, expected, words):
    engine = scripted(lambda form: (status, {**JSON_TYPE, **headers}, body))
    with pytest.raises(ApiError) as raised:
        RemoteStore(engine.url, timeout=5).execute(job())
    assert raised.value.status == expected and words in raised.value.message
    assert "SPARQL query:" not in raised.value.message


def test_an_engine_that_does_not_answer_is_abandoned_at_the_timeout(scripted):
    def slow(form):
        time.sleep(3)
        return 200, JSON_TYPE, b"{}"
    engine = scripted(slow)
    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        RemoteStore(engine.url, timeout=0.5).execute(job())
    assert raised.value.status == 503 and raised.value.title == "Query timeout"
    assert time.monotonic() - started < 2.5


def test_server_starts_with_the_engine_down_serves_pages_and_answers_503():
    from serverfixtures import free_port, make_app

    client = make_app(store=f"http://127.0.0.1:{free_port()}/sparql").test_client()
    assert client.get("/").status_code == 200
    assert client.get("/dumps/").status_code == 200
    response = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == 503
    assert "cannot be reached" in response.get_json()["error"]["message"]


def test_a_password_in_the_store_url_is_refused():
    from click.testing import CliRunner

    from conflict_kg.server.cli import serve

    with pytest.raises(ValueError, match="KG_STORE_PASSWORD"):
        RemoteStore("http://user:secret@127.0.0.1:1/sparql")
    result = CliRunner().invoke(serve, ["--store", "http://user:secret@127.0.0.1:1/sparql"])
    assert result.exit_code == 2 and "KG_STORE_USER" in result.output
