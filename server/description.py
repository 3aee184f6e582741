"""The server describing itself: SPARQL Service Description (with VoID) and the release's VoID."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from conflict_kg.server import media, state
from conflict_kg.server.errors import ApiError
from conflict_kg.server.rdf_render import render

blueprint = Blueprint("description", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def _negotiate_rdf_or_html():
    chosen = media.negotiate(request.headers.get("Accept"), media.of_kind("rdf", "html"),
                             request.args.get("format"))
    if chosen is None:
        raise ApiError(406, "Not Acceptable", "Available: " + ", ".join(
            m.media_type for m in media.of_kind("rdf", "html")))
    return chosen


def _void_graph() -> Graph:
    graph = Graph()
    path = state().data_dir / "void.ttl"
    if path.exists():
        graph.parse(path, format="turtle")
    return graph


def service_description() -> Response:
    chosen = _negotiate_rdf_or_html()
    endpoint = URIRef(url_for("protocol.sparql", _external=True))
    graph = _void_graph()
    service = URIRef(str(endpoint) + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, endpoint))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if state().settings["update_token"]:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for item in media.MEDIA_TYPES:
        if item.kind != "html":
            graph.add((service, SD.resultFormat, FORMATS[_format_local_name(item)]))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for void_dataset in graph.subjects(RDF.type, VOID.Dataset):
        graph.add((void_dataset, VOID.sparqlEndpoint, endpoint))
    for name in sorted(state().local_graphs):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    if chosen.kind == "html":
        return Response(render_template("sparql.html", graphs=sorted(state().local_graphs),
                                        endpoint=str(endpoint)), content_type=chosen.content_type)
    response = Response(render(graph, chosen), content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    return response


def _format_local_name(item: media.MediaType) -> str:
    return {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
            "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples",
            "jsonld": "JSON-LD", "rdfxml": "RDF_XML", "trig": "TriG", "nquads": "N-Quads"}[item.name]


@blueprint.route("/void")
@blueprint.route("/.well-known/void")
def void():
    path = state().data_dir / "void.ttl"
    if not path.exists():
        raise ApiError(404, "Not Found", "This release has no void.ttl.")
    chosen = media.negotiate(request.headers.get("Accept"), media.of_kind("rdf"),
                             request.args.get("format"))
    if chosen is None:
        raise ApiError(406, "Not Acceptable", "VoID is available as " + ", ".join(
            m.media_type for m in media.of_kind("rdf")))
    body = path.read_bytes() if chosen.name == "turtle" else render(_void_graph(), chosen)
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    return response
