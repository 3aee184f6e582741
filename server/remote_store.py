"""A remote SPARQL 1.1 engine as the server's store (Virtuoso, Oxigraph's server, ...), over HTTP.

Engines disagree on the default graph (Virtuoso's is every graph, system graphs included;
Oxigraph's server has a real default graph), so every query carries its dataset explicitly: each
of this server's graphs (those under GRAPH, listed from the engine and cached a few seconds) as
default-graph-uri and as named-graph-uri, unless the job names its own dataset or the query's FROM
clauses apply (union=False). Answers come back as SPARQL JSON or N-Triples, are cut at max_rows and
re-serialised here in the job's format, so clients see what the embedded store would give.

Failures become ApiErrors: unreachable or timed out -> 503, any other engine failure -> 502, the
engine refusing a query or update as malformed -> 400 with its message. Nothing is contacted at
start, so the server starts while the engine is down and recovers when it comes back.
"""

from __future__ import annotations

import http.client
import io
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any

import pyoxigraph as ox
import requests
import urllib3
from requests.adapters import HTTPAdapter

from conflict_kg.server import sparql_text
from conflict_kg.server.errors import ApiError
from conflict_kg.server.vocab import GRAPH, PREFIXES, UPDATES_GRAPH

log = logging.getLogger("server")

USER_AGENT = "conflict-kg-sparql/0.1 (+https://w3id.org/conflict-kg/; store client)"
RESULTS_JSON = "application/sparql-results+json"
# N-Triples under both of its names (Virtuoso answers text/plain), Turtle as a last resort
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.5"
CONNECT_TIMEOUT = 5.0  # seconds to open a connection: a live engine on a LAN answers well within
GRAPHS_TTL = 5.0  # seconds the list of our graphs is reused before asking the engine again
MAX_ANSWER_BYTES = 256 << 20  # a SPARQL JSON answer is read whole (engines' blank node labels
# need rewriting); past this the engine's own row limit (Virtuoso: ResultSetMaxRows) is too high
MESSAGE_CHARS = 600  # how much of an engine's error text is passed on
# Our graphs: those the catalogue names for the current release (kg publish writes it), plus the
# graph SPARQL updates write to; without a catalogue, every graph under GRAPH but kg publish's own.
CATALOGUE, STAGING = GRAPH + "catalogue", GRAPH + "staging/"
DCTERMS, VOID = "http://purl.org/dc/terms/", "http://rdfs.org/ns/void#"
CATALOGUED_GRAPHS = (
    f"SELECT DISTINCT ?g ?release WHERE {{ {{ GRAPH <{CATALOGUE}> {{ ?r <{DCTERMS}identifier> "
    f"?release ; <{VOID}subset> ?g }} }} UNION {{ VALUES ?g {{ <{UPDATES_GRAPH}> }} "
    "GRAPH ?g { ?s ?p ?o } } }")
GRAPHS_UNDER_OURS = (
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
    f'FILTER(STRSTARTS(STR(?g), "{GRAPH}") && !STRSTARTS(STR(?g), "{STAGING}") '
    f"&& ?g != <{CATALOGUE}>) }}")
# kg publish's switch counter (kg/publish.py): odd while a switch runs, +2 per switch. Engines
# without snapshot reads (Virtuoso) let a query that spans a switch see parts of both releases, so a
# query is answered only when the same even generation is read before and after it (a seqlock).
GENERATION_QUERY = (f"SELECT ?generation WHERE {{ GRAPH <{CATALOGUE}> {{ <{CATALOGUE}> "
                    f"<{CATALOGUE}#generation> ?generation }} }}")
SWITCH_POLL = 0.1  # seconds between looks at the generation while a switch runs
QUERY_FORMS = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


class RemoteStore:
    def __init__(self, query_url: str, update_url: str | None = None, *, auth=None,
                 timeout: float = 30.0, timeout_param: str = "", connections: int = 8):
        for url in (query_url, update_url):
            if url and urllib.parse.urlsplit(url).password is not None:
                raise ValueError("the store URL holds a password: give credentials in "
                                 "KG_STORE_USER / KG_STORE_PASSWORD instead")
        self.query_url, self.update_url = query_url, update_url or query_url
        self.timeout, self.timeout_param = timeout, timeout_param
        self.description = f"remote SPARQL engine at {query_url}" + (
            f" (updates: {self.update_url})" if self.update_url != query_url else "")
        self.session = requests.Session()
        self.session.auth = auth
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=max(1, connections))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._graphs: list[str] = []
        self._graphs_at = float("-inf")
        self._graphs_error: ApiError | None = None  # why the last listing failed
        self._graphs_lock = threading.Lock()
        self._graphs_generation: int | None = None  # the switch counter the graph list was read at

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> RemoteStore:
        user, password = settings["store_user"], settings["store_password"]
        auth = None
        if user:
            auth = (requests.auth.HTTPDigestAuth(user, password) if settings["store_auth"] == "digest"
                    else requests.auth.HTTPBasicAuth(user, password))
        return cls(settings["store"], settings["store_update"] or None, auth=auth,
                   timeout=settings["timeout"], timeout_param=settings["store_timeout_param"],
                   connections=settings["threads"])

    # ---- the Store interface ---------------------------------------------------------------------

    def release_tag(self) -> tuple[int, str] | None:
        """kg publish's switch counter; None while a switch runs or when the engine was not filled
        by kg publish (then nothing tells when its data change, and nothing is cached)."""
        generation = self._generation()
        return None if generation is None or generation % 2 else (generation, self.query_url)

    def execute(self, job: dict, cheap: bool = False) -> dict:
        """The answer, from one release: retried while kg publish switches releases. (``cheap``:
        lanes are the engine's business here.)"""
        deadline = time.monotonic() + self.timeout
        while True:
            before = self._generation()
            if before is None or before % 2 == 0:
                if before is not None and before != self._graphs_generation:
                    # a switch finished since the graphs were listed: the list names the old release
                    self._current_graphs(refresh=True)
                    self._graphs_generation = before
                answer = self._execute_once(job)
                after = self._generation()
                if after == before:
                    return answer
                self._current_graphs(refresh=True)  # the release changed under this query
            if time.monotonic() + SWITCH_POLL > deadline:
                raise ApiError(503, "Release switch", "The store was switching to a new release "
                               f"for longer than {self.timeout:g} s (or a publish stopped in the "
                               "middle of its switch: publish again); try again later.",
                               {"Retry-After": "5"})
            time.sleep(SWITCH_POLL)

    def _execute_once(self, job: dict) -> dict:
        form = query_form(job["text"])
        params = [("query", _with_base(job["text"], job.get("base_iri")))]
        params += self._dataset(job)
        if self.timeout_param:
            params.append((self.timeout_param, str(max(1, int(self.timeout * 1000)))))
        accept = GRAPH_ACCEPT if form == "graph" else RESULTS_JSON
        deadline = time.monotonic() + self.timeout
        response = self._post(self.query_url, params, accept, "query", retry=True)
        with response:
            _check_complete(response)
            if form == "graph":
                return _graph_answer(response, job, deadline, self.timeout)
            return _results_answer(_read_json(response, deadline, self.timeout), job)

    def update(self, job: dict) -> dict:
        params = [("update", _with_base(job["text"], job.get("base_iri")))]
        if self.timeout_param:
            params.append((self.timeout_param, str(max(1, int(self.timeout * 1000)))))
        with self._post(self.update_url, params, "*/*", "update", retry=False):
            pass
        return {"ok": True, "kind": "update", "graphs": self.graphs(refresh=True)}

    def graphs(self, refresh: bool = False) -> list[str]:
        """Our graphs in the engine; the last known list when it cannot be asked (pages that only
        show the list keep working while the engine is down; queries fail on their own)."""
        try:
            return self._current_graphs(refresh)
        except ApiError as error:
            log.warning("cannot list the store's graphs: %s", error.message)
            return list(self._graphs)

    def close(self) -> None:
        self.session.close()

    # ---- helpers ---------------------------------------------------------------------------------

    def _current_graphs(self, refresh: bool = False) -> list[str]:
        """Our graphs, asked at most every GRAPHS_TTL seconds (a failure too is kept that long,
        so pages do not each wait on an engine that hangs); raises when none is known."""
        with self._graphs_lock:
            if refresh or time.monotonic() - self._graphs_at > GRAPHS_TTL:
                self._graphs_at = time.monotonic()
                try:
                    rows = self._select(CATALOGUED_GRAPHS)
                    if not any("release" in row for row in rows):  # not loaded by kg publish
                        rows = self._select(GRAPHS_UNDER_OURS)
                except ApiError as error:
                    self._graphs_error = error
                    raise
                self._graphs = sorted({row["g"]["value"] for row in rows
                                       if row.get("g", {}).get("type") == "uri"})
                _allow_dataset_echo(len(self._graphs))
                self._graphs_error = None
            if self._graphs_error is not None and not self._graphs:
                raise self._graphs_error
            return list(self._graphs)

    def _generation(self) -> int | None:
        """kg publish's switch counter, None when the store was not filled by kg publish."""
        values = [row["generation"]["value"] for row in self._select(GENERATION_QUERY)
                  if "generation" in row]
        try:
            return max(int(value) for value in values) if values else None
        except ValueError:
            raise ApiError(502, "Store failed", "The catalogue's generation is not an integer: "
                           "publish the release again.") from None

    def _select(self, query: str) -> list[dict]:
        with self._post(self.query_url, [("query", query)], RESULTS_JSON, "query",
                        retry=True) as response:
            document = _read_json(response, time.monotonic() + self.timeout, self.timeout)
        try:
            return list(document["results"]["bindings"])
        except (KeyError, TypeError):
            raise ApiError(502, "Store failed", "The SPARQL engine's answer to a SELECT holds no "
                           "results.") from None

    def _dataset(self, job: dict) -> list[tuple[str, str]]:
        if job.get("default_graphs") is not None or job.get("named_graphs") is not None:
            defaults, named = job.get("default_graphs") or [], job.get("named_graphs") or []
            if "" in defaults:  # the store's own default graph: always empty on this server
                defaults = [g for g in defaults if g]
        elif job.get("union", True):
            defaults = named = self._current_graphs()
            if not defaults:
                raise ApiError(503, "Store empty", f"The SPARQL engine at {self.query_url} holds "
                               f"no graph under {GRAPH}; publish a release to it (kg publish).",
                               {"Retry-After": "30"})
        else:  # the query's FROM / FROM NAMED clauses define its dataset
            return []
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _post(self, url: str, params: list[tuple[str, str]], accept: str, what: str,
              retry: bool) -> requests.Response:
        attempts = 2 if retry else 1  # a pooled connection may have died with an engine restart
        for attempt in range(attempts):
            try:
                response = self.session.post(url, data=params, headers={"Accept": accept},
                                             timeout=(CONNECT_TIMEOUT, self.timeout), stream=True)
                break
            except requests.ConnectionError as error:  # ConnectTimeout included: nobody answered
                if attempt + 1 < attempts:
                    continue
                raise ApiError(503, "Store unavailable", f"The SPARQL engine at {_origin(url)} "
                               f"cannot be reached ({_reason(error)}); try again later.",
                               {"Retry-After": "5"}) from None
            except requests.Timeout:  # connected, but no answer within the timeout
                raise _timeout(what, self.timeout) from None
            except requests.RequestException as error:
                raise ApiError(502, "Store failed", f"The request to the SPARQL engine failed "
                               f"({type(error).__name__}).") from None
        if response.status_code < 300:
            return response
        with response:
            message = _engine_message(response)
        status = response.status_code
        if status == 400:
            title = "Malformed query" if what == "query" else "Malformed update"
            raise ApiError(400, title, message)
        if status in (401, 403):
            raise ApiError(502, "Store refused access", f"The SPARQL engine refused the {what} "
                           f"({status}); check KG_STORE_USER / KG_STORE_PASSWORD / store_auth and "
                           f"the account's rights. {message}".strip())
        if status in (503, 504) or _names_timeout(message):
            raise ApiError(503, "Store busy" if status == 503 else "Query timeout",
                           f"The SPARQL engine did not complete the {what} ({status}): {message}",
                           {"Retry-After": "5"})
        raise ApiError(502, "Store failed", f"The SPARQL engine answered the {what} with HTTP "
                       f"{status}: {message}")


def query_form(text: str) -> str:
    """solutions, boolean or graph: what the query asks for (SELECT when it is unclear)."""
    word = next((t.text.upper() for t in sparql_text.tokenize(text) if t.is_word(*QUERY_FORMS)),
                "SELECT")
    return QUERY_FORMS[word]


def _with_base(text: str, base_iri: str | None) -> str:
    # the protocol has no base parameter; a BASE written first, on the same line, keeps the
    # engine's line numbers in error messages right and is overridden by the query's own BASE
    return f"BASE <{base_iri}> {text}" if base_iri else text


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(error: Exception) -> str:
    text = str(error)
    for known in ("Connection refused", "Name or service not known", "Connection reset",
                  "RemoteDisconnected", "timed out"):
        if known in text:
            return known.lower()
    return type(error).__name__


def _timeout(what: str, seconds: float) -> ApiError:
    return ApiError(503, "Query timeout", f"The {what} ran longer than {seconds:g} s on the SPARQL "
                    "engine and was abandoned; narrow it down (LIMIT, more specific patterns) and "
                    "try again.", {"Retry-After": "1"})


def _names_timeout(message: str) -> bool:
    lowered = message.lower()
    return "timeout" in lowered or "timed out" in lowered or "s1tat" in lowered


def _engine_message(response: requests.Response) -> str:
    try:
        text = response.raw.read(64 << 10, decode_content=True).decode("utf-8", "replace")
    except (OSError, urllib3.exceptions.HTTPError):  # a broken error body: the status says enough
        text = ""
    text = " ".join(text.split())
    text = text.split(" SPARQL query:", 1)[0]  # Virtuoso echoes the whole query after its message
    if "json" in response.headers.get("Content-Type", ""):
        try:
            error = json.loads(text).get("error", text)
            text = error.get("message", str(error)) if isinstance(error, dict) else str(error)
        except (ValueError, AttributeError):
            pass
    return text[:MESSAGE_CHARS] + ("..." if len(text) > MESSAGE_CHARS else "")


def _allow_dataset_echo(graphs: int) -> None:
    """Virtuoso echoes the dataset as response headers, one X-SPARQL-default-graph and one
    X-SPARQL-named-graph per graph; Python's HTTP client refuses a response with more than
    http.client._MAXHEADERS (100) headers, so from about 48 graphs (a corpus of 44 documents) every
    query failed as "cannot be reached". The cap is raised to what our own dataset needs, no more:
    it is process-wide and also guards SERVICE calls to other servers."""
    needed = 2 * graphs + 100
    if getattr(http.client, "_MAXHEADERS", needed) < needed:
        http.client._MAXHEADERS = needed


def _check_complete(response: requests.Response) -> None:
    """Virtuoso's anytime queries answer 200 with a partial result when time runs out."""
    state = response.headers.get("X-SQL-State", "")
    if state:
        message = response.headers.get("X-SQL-Message", "").split("Activity:")[0].strip()
        detail = ": ".join(filter(None, [state, message[:MESSAGE_CHARS]]))
        raise ApiError(503, "Query timeout", "The SPARQL engine stopped the query before it was "
                       f"complete ({detail}); narrow it down and try again.", {"Retry-After": "1"})


def _read_json(response: requests.Response, deadline: float, seconds: float) -> dict:
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise ApiError(502, "Store answer too large", f"The SPARQL engine's answer "
                               f"exceeds {MAX_ANSWER_BYTES >> 20} MB; add a LIMIT.")
            if time.monotonic() > deadline:
                raise _timeout("query", seconds)
    except requests.RequestException as error:
        raise ApiError(503, "Store unavailable", f"The SPARQL engine's answer was cut off "
                       f"({_reason(error)}).", {"Retry-After": "1"}) from None
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        raise ApiError(502, "Store failed", "The SPARQL engine's answer is not SPARQL JSON "
                       f"(Content-Type {response.headers.get('Content-Type')}).") from None


def _results_answer(document: dict, job: dict) -> dict:
    fmt = getattr(ox.QueryResultsFormat, job["results_format"])
    if "boolean" in document:
        value = bool(document["boolean"])
        body = ox.parse_query_results(json.dumps({"head": {}, "boolean": value}),
                                      format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
        return {"ok": True, "kind": "boolean", "body": body, "truncated": False, "value": value}
    try:
        bindings = document["results"]["bindings"]
        limit = job["max_rows"]
        kept = {"head": {"vars": list(document["head"]["vars"])},
                "results": {"bindings": _portable_blank_nodes(bindings[:limit])}}
        # pyoxigraph's own writer, as on the embedded store, so the bytes are the same
        body = ox.parse_query_results(json.dumps(kept), format=ox.QueryResultsFormat.JSON
                                      ).serialize(format=fmt)
    except (KeyError, TypeError, AttributeError, SyntaxError, ValueError) as error:
        raise ApiError(502, "Store failed", f"The SPARQL engine's results cannot be read "
                       f"({error}).") from None
    return {"ok": True, "kind": "solutions", "body": body, "truncated": len(bindings) > limit,
            "rows": min(len(bindings), limit)}


def _portable_blank_nodes(bindings: list[dict]) -> list[dict]:
    """Engines' blank node labels (Virtuoso: nodeID://b1) are not all valid labels; renumber
    them consistently within the answer. Old-style "typed-literal" terms become literals."""
    labels: dict[str, str] = {}
    fixed = []
    for row in bindings:
        out = {}
        for name, term in row.items():
            kind = term.get("type")
            if kind == "bnode":
                term = {"type": "bnode", "value": labels.setdefault(term["value"], f"b{len(labels)}")}
            elif kind == "typed-literal":
                term = dict(term, type="literal")
            out[name] = term
        fixed.append(out)
    return fixed


def _graph_answer(response: requests.Response, job: dict, deadline: float,
                  seconds: float) -> dict:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    source = (ox.RdfFormat.N_TRIPLES if media_type in ("text/plain", "")
              else ox.RdfFormat.from_media_type(media_type))
    if source is None:
        raise ApiError(502, "Store failed", f"The SPARQL engine answered a graph query with "
                       f"{media_type}, which this server cannot read.")
    limit = job["max_rows"]
    try:
        response.raw.decode_content = True
        triples = list(islice(_in_time(_triples(response.raw, source), deadline, seconds), limit + 1))
    except SyntaxError as error:
        raise ApiError(502, "Store failed", f"The SPARQL engine's graph cannot be read "
                       f"({error}).") from None
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        raise ApiError(503, "Store unavailable", f"The SPARQL engine's answer was cut off "
                       f"({_reason(error)}).", {"Retry-After": "1"}) from None
    kept = triples[:limit]
    # written as the embedded store writes graphs: N-Triples first, prefixes those it uses
    ntriples = ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES)
    fmt = getattr(ox.RdfFormat, job["rdf_format"])
    body = ntriples if fmt == ox.RdfFormat.N_TRIPLES else ox.serialize(
        kept, format=fmt, prefixes={prefix: iri for prefix, iri in PREFIXES.items()
                                    if iri.encode() in ntriples})
    return {"ok": True, "kind": "graph", "body": body, "truncated": len(triples) > limit,
            "rows": len(kept)}


def _triples(stream: io.RawIOBase, source: ox.RdfFormat) -> Iterator[ox.Triple]:
    for quad in ox.parse(stream, format=source):
        yield quad.triple if isinstance(quad, ox.Quad) else quad


def _in_time(items: Iterator, deadline: float, seconds: float, every: int = 1000) -> Iterator:
    for count, item in enumerate(items):
        if count % every == 0 and time.monotonic() > deadline:
            raise _timeout("query", seconds)
        yield item
