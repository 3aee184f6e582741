"""One error shape for every surface: {"error": {"status", "title", "message"}}, never a trace."""

from __future__ import annotations

import json
import logging

log = logging.getLogger("server")


class ApiError(Exception):
    def __init__(self, status: int, title: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message
        self.headers = headers or {}


def error_body(status: int, title: str, message: str) -> str:
    return json.dumps({"error": {"status": status, "title": title, "message": message}})


def register(app) -> None:
    from flask import Response
    from werkzeug.exceptions import HTTPException

    def respond(status, title, message, headers=None):
        response = Response(error_body(status, title, message), status=status,
                            mimetype="application/json")
        response.headers.update(headers or {})
        return response

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return respond(error.status, error.title, error.message, error.headers)

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
