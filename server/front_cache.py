"""Whole HTTP answers to repeated GETs, served before Flask sees the request.

The result cache saves running a query; a repeated GET still costs Flask's routing, the protocol's
parsing and the answer's headers, which at a few hundred microseconds is most of what a cached
answer costs. This WSGI layer keeps the complete answer (status, headers, body) of each successful
GET that says ``Cache-Control: public`` and has an ETag, keyed by path, query string and Accept
header, under the store's release tag: the same GET again is answered here (or with 304 when its
If-None-Match names the ETag). Only where the release tag is known without asking anyone (the
embedded store); with a remote engine each request must read the engine's switch counter first.
"""

from __future__ import annotations

from conflict_kg.server.result_cache import ResultCache

CACHED_METHODS = ("GET", "HEAD")


class FrontCache:
    def __init__(self, app, store, capacity_bytes: int):
        self.app, self.store = app, store
        self.cache = ResultCache(capacity_bytes)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method not in CACHED_METHODS or not self.cache.enabled:
            return self.app(environ, start_response)
        tag = self.store.release_tag()
        # Host and scheme too: pages and query answers resolve relative IRIs against the request URL
        key = "\x1f".join((environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""),
                           environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                           environ.get("HTTP_ACCEPT", ""), environ.get("HTTP_ACCEPT_ENCODING", "")))
        found = self.cache.get(tag, key)
        if found is not None:
            return self._replay(found, environ, start_response, method)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = self.app(environ, capture)
        if method != "GET" or not captured.get("status", "").startswith("200 "):
            return body
        headers = dict((name.lower(), value) for name, value in captured["headers"])
        if "etag" not in headers or not headers.get("cache-control", "").startswith("public"):
            return body
        if not headers.get("content-length", "").isdigit() \
                or int(headers["content-length"]) > self.cache.capacity // 8:
            return body  # a dump file streams past: never read whole into memory
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        self.cache.put(tag, key, {"status": captured["status"], "headers": captured["headers"],
                                  "etag": headers["etag"], "body": data})
        return [data]

    @staticmethod
    def _replay(entry: dict, environ, start_response, method: str):
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if wanted and _matches(wanted, entry["etag"]):
            start_response("304 Not Modified", [(n, v) for n, v in entry["headers"]
                                                if n.lower() not in ("content-length", "content-type")])
            return [b""]
        start_response(entry["status"], entry["headers"])
        return [b""] if method == "HEAD" else [entry["body"]]


def _matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2), as If-None-Match uses."""
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == bare for candidate in if_none_match.split(","))
