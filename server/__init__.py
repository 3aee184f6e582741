"""The SPARQL endpoint and linked-data server of conflict-kg.

``create_app(config)`` builds the Flask app: settings (defaults, then ``KG_*`` environment
variables, then ``config``), the store (conflict_kg.server.backends: the release in an embedded pyoxigraph
store queried by worker processes, or a remote SPARQL engine), and one blueprint per surface.
Flask is imported here lazily so that query worker processes (which import
``conflict_kg.server.query_worker``) start quickly.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class ServerState:
    settings: dict[str, Any]
    store: Any  # conflict_kg.server.backends.Store
    front: Any = None  # conflict_kg.server.front_cache.FrontCache, when answers are kept whole

    @property
    def data_dir(self) -> Path:
        return Path(self.settings["data_dir"])

    @property
    def local_graphs(self) -> set[str]:
        """The named graphs that belong to this server (its default graph is their union)."""
        return set(self.store.graphs())


def create_app(config: Mapping[str, Any] | None = None):
    from flask import Flask

    from conflict_kg.server import description, dumps, errors, linked_data, protocol, status, ui
    from conflict_kg.server.backends import is_remote, open_store
    from conflict_kg.server.settings import load_settings

    settings = load_settings(overrides=config)
    store = _guarded(open_store(settings), settings)  # its result cache: half of cache_size
    atexit.register(store.close)
    logging.getLogger("server").info("store: %s", store.description)

    app = Flask(__name__)
    if settings["proxy_hops"] > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings["proxy_hops"])
    app.config["MAX_CONTENT_LENGTH"] = settings["max_body"]
    app.json.sort_keys = False
    app.extensions["kg"] = ServerState(settings, store)
    errors.register(app)
    # ui before linked_data: its editor page at / takes precedence over the plain home page
    for blueprint in (protocol.blueprint, status.blueprint, description.blueprint, dumps.blueprint, ui.blueprint,
                      linked_data.blueprint):
        app.register_blueprint(blueprint)

    @app.after_request
    def cors(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "X-Result-Truncated, Content-Length, ETag"
        return response

    from conflict_kg.server.http_cache import register as register_http_cache

    register_http_cache(app)
    if settings["cache_size"] > 0 and not is_remote(settings["store"]):
        from conflict_kg.server.front_cache import FrontCache

        # Outside ProxyFix: a cached answer is the same whoever asks (no client limit applies).
        app.wsgi_app = app.extensions["kg"].front = FrontCache(app.wsgi_app, store,
                                                               settings["cache_size"] // 2)
    return app


def _guarded(store, settings):
    """The store behind the result cache, the client gate and the cost book (see guarded_store)."""
    from conflict_kg.server.admission import ClientGate
    from conflict_kg.server.backends import is_remote
    from conflict_kg.server.guarded_store import GuardedStore
    from conflict_kg.server.query_cost import CostBook
    from conflict_kg.server.result_cache import ResultCache

    def client() -> str | None:
        from flask import has_request_context, request

        return request.remote_addr if has_request_context() else None

    return GuardedStore(store, ResultCache(settings["cache_size"] // (1 if is_remote(settings["store"]) else 2)),
                        ClientGate(settings["client_queries"], settings["client_waiting"]),
                        CostBook(settings["cheap_query_ms"] / 1000), client, settings["timeout"])


def state() -> ServerState:
    from flask import current_app

    return current_app.extensions["kg"]
