"""Linked-data pages, ontology documentation, dumps and the home page (Flask test client)."""

from __future__ import annotations

import hashlib
import json

from rdflib import Graph, URIRef
from serverfixtures import RELEASE

HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
PERSON = "https://w3id.org/conflict-kg/id/test-person"


def test_home_links_every_surface(client):
    page = client.get("/", headers=HTML).get_data(as_text=True)
    for link in ('href="/sparql"', 'href="/dumps/"', 'href="/void"', 'href="/ontology"'):
        assert link in page


def test_entity_page_shows_label_classes_wikidata_and_facts_in_date_order(client):
    response = client.get("/id/test-person", headers=HTML)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Test Person</h1>" in page
    assert 'href="/ontology#Person"' in page
    assert 'href="http://www.wikidata.org/entity/Q4115189"' in page
    # facts pointing to it, each with its sentence and citation numbers, in date order
    meeting = page.index("Test Person met officials in Testtown on 19 September.")
    denial = page.index("Test Person denied that the town was shelled.")
    assert meeting < denial
    assert "[3]" in page and "[42]" in page
    # a relation triple cites its sentence through its relation assertion
    assert 'href="/id/test-army"' in page


def test_event_page_shows_its_own_sentence_and_citations(client):
    page = client.get("/id/event/test-doc/0-0", headers=HTML).get_data(as_text=True)
    assert "Capture: Testtown (2023-09-20)" in page
    assert "Test Army captured Testtown on 20 September 2023." in page
    assert "[16] [17]" in page


def test_literal_markup_is_escaped(client):
    page = client.get("/id/statement/test-doc/120-0", headers=HTML).get_data(as_text=True)
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page


def test_resource_as_turtle_json_ld_and_n_triples(client):
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                        ("application/n-triples", "nt")):
        response = client.get("/id/test-person", headers={"Accept": accept})
        assert response.status_code == 200 and response.mimetype == accept
        graph = Graph().parse(data=response.get_data(as_text=True), format=fmt)
        assert (URIRef(PERSON), None, None) in graph  # about it
        assert (None, None, URIRef(PERSON)) in graph  # pointing to it


def test_unknown_iri_is_a_404_page(client):
    response = client.get("/id/nobody-at-all", headers=HTML)
    assert response.status_code == 404 and "Not found" in response.get_data(as_text=True)
    assert client.get("/id/nobody-at-all", headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology_html_and_turtle(client):
    page = client.get("/ontology", headers=HTML).get_data(as_text=True)
    assert 'id="Person"' in page and "A human being." in page
    assert 'href="#Agent"' in page  # the super-class, linked
    assert "Object properties" in page and 'id="locatedIn"' in page and "owl:TransitiveProperty" in page
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    assert len(graph) == 89


def test_dumps_listing_with_media_types_sizes_and_checksums(client):
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()["files"]
    by_name = {f["name"]: f for f in listing}
    assert set(by_name) == {p.name for p in RELEASE.iterdir()}
    sums = dict(reversed(line.split("  ")) for line in (RELEASE / "SHA256SUMS").read_text().splitlines())
    for name, digest in sums.items():
        assert by_name[name]["sha256"] == digest
        assert by_name[name]["size"] == (RELEASE / name).stat().st_size
    assert by_name["kg.trig"]["media_type"] == "application/trig"
    assert by_name["kg.jsonld"]["media_type"] == "application/ld+json"
    html = client.get("/dumps/", headers=HTML).get_data(as_text=True)
    assert 'href="/dumps/kg.nt"' in html


def test_dump_files_served_with_their_media_type(client):
    expected = {"kg.trig": "application/trig", "kg.ttl": "text/turtle", "kg.nt": "application/n-triples",
                "kg.jsonld": "application/ld+json", "manifest.json": "application/json",
                "SHA256SUMS": "text/plain", "void.ttl": "text/turtle"}
    for name, mimetype in expected.items():
        response = client.get(f"/dumps/{name}")
        assert response.status_code == 200 and response.mimetype == mimetype
        assert response.headers["Content-Type"].count("charset") == (1 if mimetype.startswith("text/") else 0)
        assert hashlib.sha256(response.data).hexdigest() == hashlib.sha256((RELEASE / name).read_bytes()).hexdigest()
    assert json.loads(client.get("/dumps/manifest.json").data)["total"] == 164


def test_path_traversal_is_404(client):
    for path in ("/dumps/../conftest.py", "/dumps/..%2Fconftest.py", "/dumps/%2e%2e/%2e%2e/pyproject.toml",
                 "/dumps//etc/passwd", "/dumps/data/release/kg.nt"):
        assert client.get(path).status_code == 404, path
