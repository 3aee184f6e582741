"""SPARQL 1.1 Protocol behaviour through the Flask test client."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph
from serverfixtures import TOKEN, make_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PERSON = "https://w3id.org/conflict-kg/id/test-person"
FACTS = "https://w3id.org/conflict-kg/graph/facts/test-doc"  # the test document's facts graph
UPDATES = "https://w3id.org/conflict-kg/graph/updates"


SYNTAX_FIELDS = {"line", "column", "excerpt", "hint"}  # a malformed query's error says where


def error_of(response):
    body = response.get_json()
    fields = {"status", "title", "message"}
    if body.get("error", {}).get("title") == "Malformed query":
        fields |= SYNTAX_FIELDS
    assert set(body) == {"error"} and set(body["error"]) == fields
    assert body["error"]["status"] == response.status_code
    assert "Traceback" not in response.get_data(as_text=True)
    return body["error"]


def test_get_select_defaults_to_json_over_the_union_of_graphs(client):
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert int(response.get_json()["results"]["bindings"][0]["n"]["value"]) == 164


def test_post_form_and_post_direct(client):
    form = client.post("/sparql", data={"query": "ASK { ?s a <https://w3id.org/conflict-kg/ontology#Person> }"})
    assert form.status_code == 200 and form.get_json()["boolean"] is True
    direct = client.post("/sparql", data="ASK { ?s a <urn:nothing> }",
                         content_type="application/sparql-query")
    assert direct.status_code == 200 and direct.get_json()["boolean"] is False


@pytest.mark.parametrize("accept, mimetype", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/json", "application/sparql-results+json"),
    ("text/*;q=0.5, */*;q=0.1", "text/csv"),
])
def test_select_content_negotiation(client, accept, mimetype):
    response = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mimetype
    text = response.get_data(as_text=True)
    if mimetype == "text/csv":
        assert list(csv.reader(io.StringIO(text)))[1] == ["164"]
    if mimetype.endswith("xml"):
        assert ET.fromstring(text).tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    if mimetype == "text/tab-separated-values":
        assert text.splitlines()[0] == "?n"


def test_format_parameter_overrides_accept(client):
    response = client.get("/sparql", query_string={"query": COUNT, "format": "tsv"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.mimetype == "text/tab-separated-values"


@pytest.mark.parametrize("accept, mimetype, rdflib_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/trig", "application/trig", "trig"),
    ("application/n-quads", "application/n-quads", "nquads"),
])
def test_construct_content_negotiation(client, accept, mimetype, rdflib_format):
    query = f"CONSTRUCT {{ <{PERSON}> ?p ?o }} WHERE {{ GRAPH <https://w3id.org/conflict-kg/graph/registry> {{ <{PERSON}> ?p ?o }} }}"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mimetype
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    assert len(graph) == 5


def test_not_acceptable(client):
    response = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in error_of(response)["message"]
    ask_as_csv = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert ask_as_csv.status_code == 406


def test_bad_query_gives_400_with_parser_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["message"].startswith("line 1, column ") and error["line"] == 1


def test_undeclared_prefix_400_says_where_and_which_prefixes_are_declared(client):
    query = ("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\n"
             "SELECT ?e WHERE {\n  ?e a ckg:Event ; foo:label ?l }")
    response = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 400
    error = error_of(response)
    assert error["title"] == "Malformed query"
    assert error["message"] == "line 3, column 20: prefix foo: is not declared; declared: ckg:"
    assert (error["line"], error["column"], error["hint"]) == (3, 20, "declared: ckg:")
    assert error["excerpt"] == "  ?e a ckg:Event ; foo:label ?l }\n" + " " * 19 + "^"
    assert "\\u{" not in response.get_data(as_text=True)  # no character ranges


def test_misspelt_keyword_400_suggests_the_keyword(client):
    response = client.get("/sparql", query_string={"query": "SELEC * WHERE { ?s ?p ?o }"})
    error = error_of(response)
    assert response.status_code == 400 and "CONSTRUCT" not in error["message"]
    assert error["message"] == "line 1, column 1: unknown word SELEC; did you mean SELECT?"
    assert error["hint"] == "did you mean SELECT?"


def test_wrong_content_type_415_and_wrong_charset(client):
    assert error_of(client.post("/sparql", data="ASK {}", content_type="text/plain"))["status"] == 415
    assert client.post("/sparql", data="ASK {}".encode("utf-16"),
                       content_type="application/sparql-query; charset=UTF-16").status_code == 415
    assert client.post("/sparql", data=b"ASK {} \xff", content_type="application/sparql-query").status_code == 400


def test_other_methods_405(client):
    response = client.put("/sparql", data="ASK {}")
    assert response.status_code == 405 and error_of(response)["title"] == "Method Not Allowed"
    assert client.delete("/sparql").status_code == 405


def test_body_too_large_413():
    small = make_app(max_body=100).test_client()
    response = small.post("/sparql", data="ASK {} #" + "x" * 500, content_type="application/sparql-query")
    assert response.status_code == 413
    error_of(response)


def test_multiple_queries_400(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400 and "Exactly one" in error_of(response)["message"]


def test_unknown_path_is_json_404_for_api_clients(client):
    response = client.get("/id/no-such-thing", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and error_of(response)


def test_cors_headers_and_preflight(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={"Origin": "https://example.org",
                                                    "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_row_cap_cuts_and_says_so():
    capped = make_app(max_rows=3).test_client()
    response = capped.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.headers["X-Result-Truncated"] == "max-rows=3"
    assert len(response.get_json()["results"]["bindings"]) == 3
    assert response.get_json()["truncated"]["maxRows"] == 3  # the body says so too
    csv = capped.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"},
                     headers={"Accept": "text/csv"})
    assert csv.headers["X-Result-Truncated"] == "max-rows=3" and len(csv.data.splitlines()) == 4
    graph = capped.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/n-triples"})
    assert graph.headers["X-Result-Truncated"] == "max-rows=3"
    assert len(graph.get_data(as_text=True).strip().splitlines()) == 3
    small = capped.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert "X-Result-Truncated" not in small.headers and "truncated" not in small.get_json()


def test_graph_reaches_each_named_graph_and_protocol_dataset(client):
    ask = f"ASK {{ GRAPH <{FACTS}> {{ ?e <https://w3id.org/conflict-kg/ontology#place> ?p }} }}"
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True
    count = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": FACTS})
    assert count.get_json()["results"]["bindings"][0]["n"]["value"] == "24"
    from_clause = client.get("/sparql", query_string={"query": f"SELECT (COUNT(*) AS ?n) FROM <{FACTS}> WHERE {{ ?s ?p ?o }}"})
    assert from_clause.get_json()["results"]["bindings"][0]["n"]["value"] == "24"


def test_non_local_datasets_refused_403(client):
    response = client.get("/sparql", query_string={"query": "SELECT * FROM <http://example.org/remote> WHERE { ?s ?p ?o }"})
    assert response.status_code == 403 and "http://example.org/remote" in error_of(response)["message"]
    named = client.get("/sparql", query_string={"query": "ASK {}", "named-graph-uri": "http://example.org/g"})
    assert named.status_code == 403


def test_update_refused_without_token_configured(client):
    response = client.post("/sparql", data="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                           content_type="application/sparql-update")
    assert response.status_code == 403 and "read-only" in error_of(response)["message"]
    load = client.post("/sparql", data={"update": "LOAD <http://example.org/data.ttl>"})
    assert load.status_code == 403


def test_update_refused_with_missing_or_wrong_token(token_client):
    update = "INSERT DATA { <urn:x:wrong> <urn:b> <urn:c> }"
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic " + TOKEN}):
        response = token_client.post("/sparql", data=update, content_type="application/sparql-update",
                                     headers=headers)
        assert response.status_code == 403
    ask = token_client.get("/sparql", query_string={"query": "ASK { <urn:x:wrong> ?p ?o }"})
    assert ask.get_json()["boolean"] is False


def test_update_with_token_goes_to_the_updates_graph(token_client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = token_client.post("/sparql", data=f"INSERT DATA {{ <{PERSON}> <urn:x:note> \"added\" }}",
                                 content_type="application/sparql-update", headers=auth)
    assert response.status_code == 204
    ask = f"ASK {{ GRAPH <{UPDATES}> {{ <{PERSON}> <urn:x:note> \"added\" }} }}"
    assert token_client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True
    # a modify without GRAPH sees the union and writes to the updates graph too
    modify = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> INSERT { ?s <urn:x:labelled> true } "
              "WHERE { ?s rdfs:label \"Test Person\"@en }")
    assert token_client.post("/sparql", data={"update": modify}, headers=auth).status_code == 204
    ask = f"ASK {{ GRAPH <{UPDATES}> {{ <{PERSON}> <urn:x:labelled> true }} }}"
    assert token_client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True
    named = "INSERT DATA { GRAPH <urn:x:mine> { <urn:x:s> <urn:x:p> 1 } }"
    assert token_client.post("/sparql", data={"update": named}, headers=auth).status_code == 204
    ask = "ASK { GRAPH <urn:x:mine> { <urn:x:s> <urn:x:p> 1 } }"
    assert token_client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True


def test_bad_update_syntax_is_400_not_500(token_client):
    response = token_client.post("/sparql", data={"update": "CLEAR XYZ"},
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and error_of(response)["title"] == "Malformed update"


def test_update_via_get_is_refused(client):
    assert client.get("/sparql", query_string={"update": "CLEAR ALL"}).status_code == 400


def test_service_description_and_void(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    results = graph.query(f"ASK {{ ?s a <{sd}Service> ; <{sd}endpoint> ?e ; <{sd}supportedLanguage> <{sd}SPARQL11Query> ;"
                          f" <{sd}defaultDataset> [ <{sd}namedGraph> [ <{sd}name> <{FACTS}> ] ] }}")
    assert results.askAnswer
    assert graph.query("ASK { ?d a <http://rdfs.org/ns/void#Dataset> }").askAnswer
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json" and json.loads(jsonld.data)
    for path in ("/void", "/.well-known/void"):
        void = client.get(path)
        assert void.status_code == 200 and void.mimetype == "text/turtle"
        assert b"void:Dataset" in void.data
