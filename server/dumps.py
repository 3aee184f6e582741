"""/dumps/: every file of the current release, with media type, size and SHA-256.

Only names found in the release folder are served, so no request path can reach other files.
The folder is read per request: a new build (an atomic swap of the folder) shows at once.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from flask import Blueprint, Response, jsonify, render_template, request, send_file

from conflict_kg.server import media, state
from conflict_kg.server.errors import ApiError

blueprint = Blueprint("dumps", __name__)

OTHER_TYPES = {"SHA256SUMS": "text/plain; charset=utf-8", ".json": "application/json"}
_digests: dict[tuple[str, int, int], str] = {}


def media_type_of(name: str) -> str:
    if name in OTHER_TYPES:
        return OTHER_TYPES[name]
    known = media.for_extension(name)
    if known:
        return known.content_type
    return OTHER_TYPES.get(Path(name).suffix, "application/octet-stream")


def release_files() -> dict[str, Path]:
    folder = state().data_dir.resolve()
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def sha256_of(path: Path) -> str:
    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _digests:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _digests[key] = digest.hexdigest()
    return _digests[key]


@blueprint.route("/dumps/")
@blueprint.route("/dumps")
def listing():
    files = [{"name": name, "url": f"/dumps/{name}", "media_type": media_type_of(name),
              "size": path.stat().st_size, "sha256": sha256_of(path)}
             for name, path in release_files().items()]
    chosen = media.negotiate(request.headers.get("Accept"),
                             [media.BY_NAME["html"], media.BY_NAME["json"]], request.args.get("format"))
    if chosen is not None and chosen.kind == "html":
        return render_template("dumps.html", files=files)
    response = jsonify({"files": files})
    response.headers["Vary"] = "Accept"
    return response


@blueprint.route("/dumps/<path:name>")
def download(name: str) -> Response:
    path = release_files().get(name)  # a name with '/' or '..' is never a key here
    if path is None:
        raise ApiError(404, "Not Found", f"The release has no file {name!r}; see /dumps/.")
    response = send_file(path, mimetype=media_type_of(name), conditional=True, etag=True)
    # send_file appends a charset to every text/* type, and ours already carry one
    response.headers["Content-Type"] = media_type_of(name)
    digest = base64.b64encode(bytes.fromhex(sha256_of(path))).decode()
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"  # RFC 9530
    return response
