"""HTTP caching of every answer: Cache-Control, ETag and 304 for If-None-Match.

A release is immutable while it is served, so a GET's answer can be reused by the client and by
any reverse proxy in front of the server for ``cache_max_age`` seconds, and revalidated after that
with If-None-Match. Query answers get their ETag from the release and the request before they run
(conflict_kg.server.protocol: a matching If-None-Match costs no query); every other successful GET
(pages, views, linked data) gets one from its bytes here. With an update token set the data can
change at any moment, so answers say ``no-cache``: reuse only after revalidating.
"""

from __future__ import annotations

from flask import Response, request

from conflict_kg.server import state

UNCACHEABLE = "no-store"  # answers that could differ on the next run (RAND, NOW, ...)
REVALIDATE = "no-cache"  # answers that depend on something outside the release (SERVICE)


def cache_control() -> str:
    settings = state().settings
    if settings["update_token"] or settings["cache_max_age"] <= 0:
        return "no-cache"
    return f"public, max-age={settings['cache_max_age']}"


def not_modified(etag: str, headers: dict[str, str]) -> Response | None:
    """A 304 when the GET's If-None-Match names ``etag`` (weak comparison, RFC 9110 13.1.2)."""
    if request.method not in ("GET", "HEAD"):
        return None  # a POST with a matching If-None-Match would need 412: never asked for
    given = request.if_none_match
    if not given or not (given.star_tag or given.contains_weak(etag.removeprefix("W/").strip('"'))):
        return None
    response = Response(status=304)
    response.headers.update(headers)
    response.headers["ETag"] = etag
    response.headers.setdefault("Cache-Control", cache_control())
    return response


def register(app) -> None:
    @app.after_request
    def cache_headers(response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.headers.setdefault("Cache-Control", cache_control())
        if "ETag" not in response.headers and not response.direct_passthrough \
                and not response.is_streamed:
            response.add_etag()  # a strong ETag from the bytes sent
        return response.make_conditional(request)
