"""One error shape for every surface: {"error": {"status", "title", "message"}}, never a trace.

A malformed query's error also says where: "line", "column", "excerpt" (the query line and a
caret under the spot) and "hint" (server/sparql_errors.py)."""

from __future__ import annotations

import json
import logging

log = logging.getLogger("server")


class ApiError(Exception):
    def __init__(self, status: int, title: str, message: str, headers: dict | None = None,
                 details: dict | None = None):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message
        self.headers = headers or {}
        self.details = details or {}  # further members of the body's "error" object


def error_body(status: int, title: str, message: str, details: dict | None = None) -> str:
    return json.dumps({"error": {"status": status, "title": title, "message": message,
                                 **(details or {})}})


def register(app) -> None:
    from flask import Response
    from werkzeug.exceptions import HTTPException

    def respond(status, title, message, headers=None, details=None):
        response = Response(error_body(status, title, message, details), status=status,
                            mimetype="application/json")
        response.headers.update(headers or {})
        return response

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return respond(error.status, error.title, error.message, error.headers, error.details)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        headers = {}
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return respond(error.code, error.name, error.description or error.name, headers)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # a bug of ours: log it, tell the client nothing internal
        log.exception("unhandled error")
        return respond(500, "Internal Server Error", "The server failed; the error was logged.")


# gunicorn answers a request it cannot parse or that exceeds its limits (request line: 414,
# header fields: 431, malformed: 400) itself, before the app sees it, with the HTML page of
# gunicorn.util.write_error; it has no setting for that page (benoitc/gunicorn#993). The server
# replaces that one function so these answers carry the same JSON shape as every other error.
GUNICORN_HINTS = {
    414: "Send a long query in the body of a POST (application/sparql-query or a form).",
    431: "A request header is larger than this server accepts.",
}


def gunicorn_error_response(status: int, reason: str, message: str) -> bytes:
    text = " ".join(filter(None, [message.strip() and message.strip().rstrip(".") + ".",
                                  GUNICORN_HINTS.get(status)])) or reason
    body = error_body(status, reason, text).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nAccess-Control-Allow-Origin: *\r\n\r\n")
    return head.encode("latin-1") + body


def use_json_for_gunicorn_errors() -> bool:
    """Install the JSON error page in gunicorn; False (and a warning) if its hook has changed."""
    import inspect

    from gunicorn import util

    expected = ["sock", "status_int", "reason", "mesg"]
    if list(inspect.signature(util.write_error).parameters) != expected:
        log.warning("gunicorn.util.write_error changed its signature; gunicorn's own error pages "
                    "stay HTML")
        return False

    def write_error(sock, status_int, reason, mesg):
        util.write_nonblock(sock, gunicorn_error_response(status_int, reason, mesg))

    util.write_error = write_error
    return True
