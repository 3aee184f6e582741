"""/status: what an operator watches (the release served, the result cache, throttling), as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify

from conflict_kg.server import state

blueprint = Blueprint("status", __name__)


@blueprint.route("/status")
def status():
    store = state().store
    tag = store.release_tag()
    response = jsonify({"store": store.description,
                        "release": None if tag is None else {"order": tag[0], "name": tag[1]},
                        **store.stats(),
                        "responses": state().front.cache.stats() if state().front else None})
    response.headers["Cache-Control"] = "no-store"
    return response
