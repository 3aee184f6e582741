"""SPARQL 1.1 Protocol at /sparql: queries for everyone, updates for holders of the token."""

from __future__ import annotations

import functools
import hmac
import json

from flask import Blueprint, Response, request

from conflict_kg.server import media, sparql_errors, sparql_text, state
from conflict_kg.server.errors import ApiError
from conflict_kg.server.http_cache import REVALIDATE, UNCACHEABLE, cache_control, not_modified
from conflict_kg.server.service import ServicePolicy, contains_service, federate
from conflict_kg.server.vocab import UPDATES_GRAPH

blueprint = Blueprint("protocol", __name__)

QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
FORMS = {"SELECT": "results", "ASK": "boolean", "CONSTRUCT": "rdf", "DESCRIBE": "rdf"}


@blueprint.route("/sparql", methods=["GET", "POST", "OPTIONS"], strict_slashes=False)
def sparql():
    if request.method == "OPTIONS":
        return _preflight()
    params = _parameters()
    if "update" in params:
        if request.method == "GET":
            raise ApiError(400, "Bad Request", "SPARQL Update must be sent with POST.")
        return _update(_single(params, "update"), params)
    if "query" not in params:
        if request.method == "POST":
            raise ApiError(400, "Bad Request", "The request carries neither a query nor an update.")
        from conflict_kg.server.description import service_description

        return service_description()
    return _query(_single(params, "query"), params)


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def _parameters() -> dict[str, list[str]]:
    """Protocol parameters from the URL and the body, checked for media type and encoding."""
    params = {key: request.args.getlist(key) for key in request.args}
    if request.method != "POST":
        return params
    limit = request.max_content_length
    if request.content_length is None and limit is not None:
        # A chunked body has no Content-Length to refuse up front, and werkzeug silently stops
        # reading at the limit: a body that reaches it was cut short. Refuse it rather than run
        # a truncated query or update (form parsing below reuses the cached body).
        if len(request.get_data(cache=True)) >= limit:
            raise ApiError(413, "Request Entity Too Large", f"The request body is larger than the "
                           f"{limit} bytes this server accepts.")
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if mimetype in (QUERY_TYPE, UPDATE_TYPE):
        if charset not in ("utf-8", "utf8"):
            raise ApiError(415, "Unsupported Media Type", f"The body of {mimetype} must be UTF-8, "
                           f"not {charset}.")
        try:
            body = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ApiError(400, "Bad Request", f"The body is not valid UTF-8: {error}") from None
        key = "query" if mimetype == QUERY_TYPE else "update"
        if key in params:
            raise ApiError(400, "Bad Request", f"A {mimetype} request carries the {key} in its body "
                           "only, not also in the URL.")
        params[key] = [body]
    elif mimetype == FORM_TYPE:
        for key in request.form:
            params.setdefault(key, []).extend(request.form.getlist(key))
    else:
        raise ApiError(415, "Unsupported Media Type", "POST a query as application/sparql-query, "
                       "an update as application/sparql-update, or either as "
                       f"{FORM_TYPE}; got {mimetype or 'no Content-Type'}.")
    if "query" in params and "update" in params:
        raise ApiError(400, "Bad Request", "A request carries a query or an update, not both.")
    return params


def _single(params: dict[str, list[str]], key: str) -> str:
    values = params[key]
    if len(values) != 1:
        raise ApiError(400, "Bad Request", f"Exactly one {key} parameter is allowed, got {len(values)}.")
    return values[0]


def authorised() -> bool:
    token = state().settings["update_token"]
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


def _refuse_write(what: str) -> ApiError:
    reason = ("this server is read-only (no update token is configured)"
              if not state().settings["update_token"] else "the request lacks the right bearer token")
    return ApiError(403, "Forbidden", f"{what} refused: {reason}.")


def _policy() -> ServicePolicy:
    settings = state().settings
    return ServicePolicy(tuple(settings["service_allow"]), dict(settings["service_rewrites"]),
                         settings["service_timeout"], settings["service_bind_batch"],
                         settings["service_bind_max_rows"])


def _local_select(job: dict):
    """How a SERVICE bound join evaluates its outer part: a SELECT on the store, with the
    query's own dataset and base IRI; SPARQL JSON results."""
    def select(text: str) -> dict:
        local = {key: job[key] for key in ("base_iri", "default_graphs", "named_graphs", "union")
                 if key in job}
        answer = state().store.execute({**local, "op": "query", "text": text,
                                        "max_rows": state().settings["service_bind_max_rows"] + 1,
                                        "results_format": "JSON", "rdf_format": "TURTLE"})
        return json.loads(answer["body"])
    return select


def _check_local(graphs: list[str], where: str) -> None:
    foreign = [g for g in graphs if g not in state().local_graphs]
    if foreign and not authorised():
        raise _refuse_write(f"{where} naming graphs this server does not hold "
                            f"({', '.join('<' + g + '>' for g in foreign)})")


def _query(text: str, params: dict[str, list[str]]) -> Response:
    text, kind, clauses = _read_query(text)
    candidates = media.of_kind("rdf") if kind == "rdf" else media.of_kind(
        "results", boolean=kind == "boolean")
    chosen = media.negotiate(request.headers.get("Accept"), candidates, _format_param(params))
    if chosen is None:
        raise ApiError(406, "Not Acceptable", "No acceptable result format; this query can answer "
                       f"with {', '.join(m.media_type for m in candidates)}.")
    job = {"op": "query", "base_iri": request.base_url, "max_rows": state().settings["max_rows"],
           "results_format": chosen.oxigraph if kind != "rdf" else "JSON",
           "rdf_format": chosen.oxigraph if kind == "rdf" else "TURTLE"}
    defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if defaults or named:  # the protocol's dataset replaces the query's (SPARQL 1.1 Protocol 2.1.4)
        _check_local(defaults + named, "default-graph-uri/named-graph-uri")
        job.update(default_graphs=defaults, named_graphs=named)
    elif clauses:
        _check_local([iri for _, iri in clauses], "FROM/FROM NAMED")
        job["union"] = False
    store = state().store
    remote_data = contains_service(text)  # SERVICE answers can change whatever our release
    tag = None if remote_data else store.release_tag()
    etag = store.etag(job | {"text": text}, chosen.content_type, tag)
    caching = {"Vary": "Accept", "Cache-Control": REVALIDATE if remote_data else (
        cache_control() if etag else UNCACHEABLE)}
    if etag is not None:
        caching["ETag"] = etag
        unchanged = not_modified(etag, caching)
        if unchanged is not None:
            return unchanged
    job["text"] = federate(text, _policy(), _local_select(job))
    try:
        answer = store.execute(job, tag)
    except ApiError as error:
        if error.status == 400 and error.title == "Malformed query":
            raise _explained(error, job["text"]) from None
        raise
    response = Response(answer["body"], content_type=chosen.content_type)
    response.headers.update(caching)
    if answer.get("truncated"):
        max_rows = state().settings["max_rows"]
        response.headers["X-Result-Truncated"] = f"max-rows={max_rows}"
        if chosen.name == "json" and answer["kind"] == "solutions":
            response.set_data(_mark_truncated(answer["body"], max_rows))
    return response


def _explained(error: ApiError, text: str) -> ApiError:
    """The parser's message said plainly, with line, column, excerpt and hint (the text is the
    one the store parsed, so the position is right for it)."""
    problem = sparql_errors.explain(error.message, text)
    return ApiError(error.status, error.title, problem.summary, error.headers, problem.fields())


def _mark_truncated(body: bytes, max_rows: int) -> bytes:
    """SPARQL JSON results that say in the body, too, that they were cut: a client that drops
    headers (a notebook, a saved file) still knows. A member after "results", which readers of the
    format ignore."""
    note = json.dumps({"maxRows": max_rows, "reason": f"the result was cut at {max_rows} rows "
                       "(the server's max_rows setting); add LIMIT/OFFSET to page through it"})
    end = body.rstrip()
    if not end.endswith(b"}"):  # not one JSON object: leave it as the engine wrote it
        return body
    return end[:-1] + b',"truncated":' + note.encode() + b"}"


def _read_query(text: str) -> tuple[str, str, tuple]:
    """The text with codepoint escapes expanded, its result kind and its FROM/FROM NAMED clauses.
    Clients send the same queries again and again: short texts are analysed once."""
    return _read_query_cached(text) if len(text) <= READ_CACHE_TEXT else _analyse_query(text)


def _analyse_query(text: str) -> tuple[str, str, tuple]:
    text = sparql_text.expand_codepoint_escapes(text)
    tokens = sparql_text.tokenize(text)
    form = next((t.text.upper() for t in tokens if t.is_word(*FORMS)), None)
    try:
        clauses = tuple(sparql_text.dataset_clauses(tokens, sparql_text.read_prologue(text, tokens)))
    except sparql_text.SparqlTextError:
        clauses = ()  # the store's parser reports the syntax error
    return text, FORMS.get(form, "results"), clauses


READ_CACHE_TEXT = 16_384  # characters; the cache holds at most 512 texts up to this length
_read_query_cached = functools.lru_cache(maxsize=512)(_analyse_query)


def _format_param(params: dict[str, list[str]]) -> str | None:
    values = params.get("format") or params.get("output")
    return values[0] if values else None


def _update(text: str, params: dict[str, list[str]]) -> Response:
    if not authorised():
        raise _refuse_write("SPARQL Update")
    text = sparql_text.expand_codepoint_escapes(text)
    tokens = sparql_text.tokenize(text)
    operations = sparql_text.update_operations(tokens)
    using = params.get("using-graph-uri", [])
    using_named = params.get("using-named-graph-uri", [])
    if (using or using_named) and any(op.has_with or op.has_using for op in operations):
        raise ApiError(400, "Bad Request", "using-graph-uri/using-named-graph-uri cannot be combined "
                       "with USING or WITH in the update (SPARQL 1.1 Protocol 2.2.3).")
    text = sparql_text.splice(text, _dataset_insertions(operations, using, using_named))
    state().store.update({"op": "update", "text": federate(text, _policy()),
                          "base_iri": request.base_url})
    return Response(status=204)


def _dataset_insertions(operations, using, using_named) -> list[tuple[int, str]]:
    """WITH <updates> so unnamed writes get their own graph; USING so WHERE sees the dataset."""
    if not (using or using_named):
        using = using_named = sorted(state().local_graphs)
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    insertions = []
    for op in operations:
        if not op.is_modify or op.has_with:
            continue
        insertions.append((op.start, f"WITH <{UPDATES_GRAPH}> "))
        if not op.has_using and op.where_at is not None and clause:
            insertions.append((op.where_at, clause + " "))
    return insertions
