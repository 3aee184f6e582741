"""Linked data: every IRI under https://w3id.org/conflict-kg/ served at the same path here.

Browsers get an HTML page (label, classes, Wikidata link, every triple about the resource and
pointing to it, each extracted fact with its sentence and citations, facts in date order);
RDF clients get the resource's triples in the negotiated format. /ontology documents the
ontology graph. Data comes from the store through the query workers, like any query.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request

from conflict_kg.server import media, resource_view, state
from conflict_kg.server.errors import ApiError
from conflict_kg.server.vocab import BASE, GRAPH, ONTOLOGY_IRI

blueprint = Blueprint("linked_data", __name__)


def select(query: str) -> list[dict]:
    """Rows of a SELECT as {variable: SPARQL-JSON term}."""
    answer = state().store.execute({"op": "query", "text": query, "max_rows": 100_000,
                                   "results_format": "JSON", "rdf_format": "TURTLE"})
    return json.loads(answer["body"])["results"]["bindings"]


def construct(query: str, chosen: media.MediaType) -> bytes:
    answer = state().store.execute({"op": "query", "text": query, "max_rows": 1_000_000,
                                   "results_format": "JSON", "rdf_format": chosen.oxigraph})
    return answer["body"]


def _negotiate() -> media.MediaType:
    candidates = [media.BY_NAME["html"]] + media.of_kind("rdf")
    chosen = media.negotiate(request.headers.get("Accept"), candidates, request.args.get("format"))
    if chosen is None:
        raise ApiError(406, "Not Acceptable", "Available: " + ", ".join(m.media_type for m in candidates))
    return chosen


def _respond(body, chosen: media.MediaType, status: int = 200) -> Response:
    response = Response(body, status=status, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    return response


@blueprint.route("/ontology")
@blueprint.route("/ontology/")
def ontology():
    chosen = _negotiate()
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}ontology> {{ ?s ?p ?o }} }}"
    if chosen.kind != "html":
        return _respond(construct(query, chosen), chosen)
    turtle = construct(query, media.BY_NAME["turtle"])
    if not turtle.strip():
        raise ApiError(404, "Not Found", "The release holds no ontology graph.")
    from conflict_kg.server.ontology_doc import document

    return _respond(render_template("ontology.html", doc=document(turtle, ONTOLOGY_IRI)), chosen)


@blueprint.route("/<path:rest>", methods=["GET", "HEAD"])
def resource(rest: str):
    iri = BASE + rest
    if not resource_view.is_safe_iri(iri):
        raise ApiError(404, "Not Found", "Not an IRI of this knowledge graph.")
    chosen = _negotiate()
    if chosen.kind != "html":
        body = construct(resource_view.construct_query(iri), chosen)
        if not body.strip() or not select(resource_view.exists_query(iri)):
            raise ApiError(404, "Not Found", f"No resource <{iri}> in this knowledge graph.")
        return _respond(body, chosen)
    view = resource_view.build(iri, select)
    if view is None:
        return _respond(render_template("not_found.html", iri=iri), chosen, status=404)
    return _respond(render_template("resource.html", view=view), chosen)
