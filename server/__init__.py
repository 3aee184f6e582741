"""The SPARQL endpoint and linked-data server of conflict-kg.

``create_app(config)`` builds the Flask app: settings (defaults, then ``KG_*`` environment
variables, then ``config``), the store prepared from the release, a pool of query worker
processes, and one blueprint per surface. Flask is imported here lazily so that query worker
processes (which import ``server.query_worker``) start quickly.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping


@dataclass
class ServerState:
    settings: dict[str, Any]
    store_dir: Path
    pool: Any
    local_graphs: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def data_dir(self) -> Path:
        return Path(self.settings["data_dir"])


def create_app(config: Mapping[str, Any] | None = None):
    from flask import Flask

    from server import description, dumps, errors, linked_data, protocol, ui
    from server.settings import load_settings
    from server.store import prepare_store
    from server.workers import QueryPool

    settings = load_settings(overrides=config)
    store_dir = settings["store"]
    if store_dir is None:
        store_dir = Path(tempfile.mkdtemp(prefix="conflict-kg-store-"))
        atexit.register(shutil.rmtree, store_dir, ignore_errors=True)
    graphs = prepare_store(Path(settings["data_dir"]), Path(store_dir))
    pool = QueryPool(Path(store_dir), settings["workers"], settings["timeout"])
    atexit.register(pool.close)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings["max_body"]
    app.json.sort_keys = False
    app.extensions["kg"] = ServerState(settings, Path(store_dir), pool, set(graphs))
    errors.register(app)
    # ui before linked_data: its editor page at / takes precedence over the plain home page
    for blueprint in (protocol.blueprint, description.blueprint, dumps.blueprint, ui.blueprint,
                      linked_data.blueprint):
        app.register_blueprint(blueprint)

    @app.after_request
    def cors(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "X-Result-Truncated, Content-Length"
        return response

    return app


def state() -> ServerState:
    from flask import current_app

    return current_app.extensions["kg"]
