"""The W3C SPARQL 1.1 Protocol test manifest, run against the real server.

The manifest is read with rdflib, not retyped. Graph data (ut:graphData) becomes a release folder
whose kg.trig names each file's graph by its rdfs:label. Query and bad_* tests run on one server,
update tests on another (they drop everything). Tests whose dataset names a graph the manifest
does not provide (data0.rdf) would need the endpoint to fetch a remote graph: the endpoint must
refuse them (403); with the update token they run against the local (empty) graph and must pass.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from serverfixtures import TOKEN, running_server

MANIFEST = Path(__file__).resolve().parents[1] / "data" / "w3c" / "sparql11-protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
REMOTE = "http://kasei.us/2009/09/sparql/data/data0.rdf"

CANNOT_APPLY = {
    name: f"its dataset names <{REMOTE}>, which the manifest does not provide: the endpoint would "
          "have to fetch a remote graph, so it refuses the request (403) unless the update token is sent"
    for name in ("query_post_form", "query_get", "query_content_type_select", "query_content_type_ask",
                 "query_content_type_describe", "query_content_type_construct")
}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
             "application/trig", "application/n-quads"}


def _manifest() -> Graph:
    assert MANIFEST.exists(), f"the W3C manifest is missing at {MANIFEST}"
    return Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())


GRAPH = _manifest()
ENTRIES = list(Collection(GRAPH, GRAPH.value(URIRef(MANIFEST.as_uri()), MF.entries)))


def name_of(test) -> str:
    return str(test).rsplit("#", 1)[-1]


def requests_of(test) -> list:
    action = GRAPH.value(test, MF.action)
    return list(Collection(GRAPH, GRAPH.value(action, HT.requests)))


def graph_data() -> dict[str, Path]:
    """Graph name (rdfs:label) -> data file, over every test of the manifest."""
    found = {}
    for node in GRAPH.objects(None, UT.graphData):
        found[str(GRAPH.value(node, RDFS.label))] = Path(urllib.parse.urlparse(str(GRAPH.value(node, UT.graph))).path)
    return found


def is_update(test) -> bool:
    return name_of(test).startswith("update_")


def send(base: str, request, token: str | None = None) -> http.client.HTTPResponse:
    path = str(GRAPH.value(request, HT.absolutePath))
    assert path.startswith("/sparql/")
    path = "/sparql" + path[len("/sparql/"):]  # the manifest's /sparql/ is our /sparql
    headers = {}
    header_list = GRAPH.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(GRAPH, header_list):
            headers[str(GRAPH.value(header, HT.fieldName))] = str(GRAPH.value(header, HT.fieldValue))
    body_node = GRAPH.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(GRAPH.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(GRAPH.value(body_node, CNT.chars)).encode(encoding)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    host, port = urllib.parse.urlparse(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request(str(GRAPH.value(request, HT.methodName)), path, body=body, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def check(request, response) -> None:
    expected = GRAPH.value(request, HT.resp)
    statuses = {str(s).rsplit("StatusCode", 1)[-1] for s in GRAPH.objects(expected, MF.expectedStatus)}
    assert f"{str(response.status)[0]}xx" in statuses, (response.status, response.body[:300])
    media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
    fmt = GRAPH.value(expected, MF.expectedFormat)
    if fmt is not None:
        allowed = {"boolean": RESULT_TYPES, "tabular": TABULAR_TYPES, "RDF": RDF_TYPES}[str(fmt)]
        assert media_type in allowed, media_type
    boolean = GRAPH.value(expected, MF.expectedBoolean)
    if boolean is not None:
        assert _boolean(media_type, response.body) is boolean.toPython()


def _boolean(media_type: str, body: bytes) -> bool:
    if media_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    element = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text.strip() == "true"


@pytest.fixture(scope="module")
def dataset_release(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("w3c-release")
    lines = []
    for name, path in sorted(graph_data().items()):
        lines.append(f"<{name}> {{\n{path.read_text()}}}\n")
    (folder / "kg.trig").write_text("\n".join(lines))
    return folder


@pytest.fixture(scope="module")
def query_server(dataset_release):
    with running_server(dataset_release, token=TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def update_server(dataset_release):
    with running_server(dataset_release, token=TOKEN) as base:
        yield base


def test_manifest_lists_the_tests_we_expect():
    names = [name_of(t) for t in ENTRIES]
    assert len(names) == 34
    assert set(CANNOT_APPLY) <= set(names)
    # every test (bad_* ones expect a refusal anyway) whose dataset names a graph no graphData
    # provides is in CANNOT_APPLY, and only those
    provided = set(graph_data())
    needs_remote = set()
    for test in ENTRIES:
        if name_of(test).startswith("bad_"):
            continue
        for request in requests_of(test):
            query = urllib.parse.urlparse(str(GRAPH.value(request, HT.absolutePath))).query
            params = urllib.parse.parse_qs(query)
            graphs = params.get("default-graph-uri", []) + params.get("named-graph-uri", [])
            if any(g not in provided for g in graphs):
                needs_remote.add(name_of(test))
    assert needs_remote == set(CANNOT_APPLY)


QUERY_TESTS = [t for t in ENTRIES if not is_update(t) and name_of(t) not in CANNOT_APPLY
               and not name_of(t).startswith("bad_update")]
UPDATE_TESTS = [t for t in ENTRIES if is_update(t)]
BAD_UPDATE_TESTS = [t for t in ENTRIES if name_of(t).startswith("bad_update")]
REMOTE_TESTS = [t for t in ENTRIES if name_of(t) in CANNOT_APPLY]


@pytest.mark.parametrize("test", QUERY_TESTS, ids=name_of)
def test_query_and_bad_query(query_server, test):
    for request in requests_of(test):
        check(request, send(query_server, request))


@pytest.mark.parametrize("test", REMOTE_TESTS, ids=name_of)
def test_remote_dataset_refused_without_token_and_served_locally_with_it(query_server, test):
    for request in requests_of(test):
        refused = send(query_server, request)
        assert refused.status == 403, refused.body
        assert json.loads(refused.body)["error"]["status"] == 403
        check(request, send(query_server, request, token=TOKEN))


@pytest.mark.parametrize("test", BAD_UPDATE_TESTS, ids=name_of)
def test_bad_update_even_with_the_token(update_server, test):
    for request in requests_of(test):
        response = send(update_server, request, token=TOKEN)
        check(request, response)
        assert response.status != 403  # refused for its defect, not for lack of rights


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=name_of)
def test_update(update_server, test):
    first = requests_of(test)[0]
    assert send(update_server, first).status == 403  # read-only without the token
    for request in requests_of(test):
        check(request, send(update_server, request, token=TOKEN))
