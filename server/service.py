"""SERVICE federation under the server's rules, with a bound join where it is safe.

The store could call any endpoint itself (with no timeout and its own User-Agent), so the store
never sees a SERVICE clause: each one is checked against the allow-list and the address rules,
fetched here with a timeout and a descriptive User-Agent, and replaced by a VALUES block holding
the remote solutions. Joining with VALUES at the same place is what SERVICE means in the algebra.

Bound join. A clause is joined with the elements before it in its group (its "outer part"). When
a query has one, that part is evaluated first on our store, and the distinct values of the
variables it shares with the clause are sent along as ``VALUES (?a ?b) { ... }`` before the
clause's pattern (``SELECT * WHERE { VALUES ... { pattern } }``), in batches of ``bind_batch``
rows. Joining those remote solutions with the outer part gives exactly the unbound join's rows,
because every sent row is a solution of that part and each solution matches only its own row; so
a shared variable is sent only when every outer solution binds it to an IRI or a literal. An outer
part without solutions means no remote call at all: the clause becomes an empty VALUES block.

The unbound fetch (the clause's pattern alone, as before) remains where a bound join is not known
to be safe or useful: a clause first in its group (e.g. alone in an OPTIONAL or a UNION branch),
under EXISTS / NOT EXISTS (evaluated per solution by substitution) or GRAPH, in an update (an
earlier operation may change what a later WHERE sees), with no shared variable, with more than
``bind_max_rows`` distinct outer bindings, or when the outer part fails to evaluate on its own (the
store then reports the query's own error). SERVICE SILENT keeps its meaning: if any request for a
clause fails, the clause is the one empty solution.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from conflict_kg.server import sparql_text
from conflict_kg.server.errors import ApiError

USER_AGENT = "conflict-kg-sparql/0.1 (+https://w3id.org/conflict-kg/; SERVICE federation)"
RESULTS_JSON = "application/sparql-results+json"
ONE_EMPTY_SOLUTION = {"head": {"vars": []}, "results": {"bindings": [{}]}}
NO_SOLUTION = {"head": {"vars": []}, "results": {"bindings": []}}
SENDABLE = ("uri", "literal", "typed-literal")  # VALUES cannot carry blank nodes or triples

# Runs a SELECT on our own store, same dataset as the query, and returns SPARQL JSON results.
LocalSelect = Callable[[str], dict]


@dataclass(frozen=True)
class ServicePolicy:
    allow: tuple[str, ...]
    rewrites: dict[str, str]
    timeout: float
    bind_batch: int = 200       # outer bindings per remote request; 0 turns bound joins off
    bind_max_rows: int = 2000   # more distinct outer bindings than this: fetch unbound

    def allowed(self, endpoint: str) -> bool:
        return any(endpoint == entry or (entry.endswith("*") and endpoint.startswith(entry[:-1]))
                   for entry in self.allow)

    def exactly_configured(self, endpoint: str, url: str) -> bool:
        """Only an exact allow-list entry (or a configured rewrite) may reach a private address."""
        return endpoint in self.allow or url in self.rewrites.values()


def contains_service(text: str) -> bool:
    """Cheap and safe first check: no SERVICE keyword can hide in text without these letters."""
    return "service" in text.lower()


def federate(text: str, policy: ServicePolicy, local_select: LocalSelect | None = None) -> str:
    """Return the query text with every SERVICE clause replaced by its fetched solutions.

    Without `local_select` (updates) every clause is fetched unbound."""
    if not contains_service(text):
        return text
    tokens = sparql_text.tokenize(text)
    if sparql_text.has_ambiguous_iri(tokens):
        raise ApiError(400, "Ambiguous query", "An IRI containing a quote (') cannot be used in a "
                       "query that mentions SERVICE; write the quote as %27.")
    prologue = sparql_text.read_prologue(text, tokens)
    try:
        clauses = sparql_text.service_clauses(text, tokens, prologue)
    except sparql_text.SparqlTextError as error:
        raise ApiError(400, "Bad SERVICE clause", str(error)) from None
    for clause in clauses:  # refuse before any connection is made
        plan_call(clause, policy)
    blocks: list[tuple[sparql_text.ServiceClause, str]] = []  # in text order, as they are fetched
    for clause in clauses:
        url, address = plan_call(clause, policy)
        call = _Call(clause, prologue, url, address, policy)
        outer = None
        if local_select is not None and policy.bind_batch > 0:
            outer = _outer_bindings(text, tokens, prologue, clause, blocks, policy, local_select)
        blocks.append((clause, call.values_block(outer)))
    for clause, block in reversed(blocks):
        text = text[:clause.start] + block + text[clause.end:]
    return text


@dataclass(frozen=True)
class OuterBindings:
    """The distinct values the outer part gives the variables it shares with a SERVICE clause."""
    variables: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # SPARQL terms, ready for a VALUES block


def _outer_bindings(text, tokens, prologue, clause, done, policy, local_select) -> OuterBindings | None:
    """Evaluate the clause's outer part on our store; None where only the unbound fetch is safe."""
    try:
        part = sparql_text.joined_part(tokens, clause)
        dataset = sparql_text.dataset_clauses(tokens, prologue)
    except sparql_text.SparqlTextError:
        return None
    if part is None:
        return None
    outer = _outer_text(text, part, done)
    shared = sorted(sparql_text.variables(tokens[clause.first_token:clause.last_token + 1])
                    & sparql_text.variables(sparql_text.tokenize(outer)))
    if not shared:
        return None
    query = (f"{prologue.text}\nSELECT DISTINCT {' '.join('?' + name for name in shared)}\n"
             + "".join(f"FROM {'NAMED ' if named else ''}<{iri}>\n" for named, iri in dataset)
             + f"WHERE {{\n{outer}\n}}\nLIMIT {policy.bind_max_rows + 1}")
    try:
        rows = local_select(query)["results"]["bindings"]
    except ApiError as error:
        if error.status == 400:  # not a pattern on its own after all: the store judges the query
            return None
        raise
    if len(rows) > policy.bind_max_rows:
        return None
    sendable = tuple(name for name in shared
                     if all(row.get(name, {}).get("type") in SENDABLE for row in rows))
    if rows and not sendable:
        return None
    distinct = {tuple(_term(row[name]) for name in sendable) for row in rows}
    return OuterBindings(sendable, tuple(sorted(distinct)))  # sorted: the same request each time


def _outer_text(text: str, part: sparql_text.JoinedPart, done) -> str:
    """The outer part as a pattern of its own: group-level FILTERs become empty groups (keeping
    the triple blocks on either side apart) and SERVICE clauses fetched before become VALUES."""
    cuts = [(start, end, " {} ") for start, end in part.filters]
    for clause, block in done:
        inside_part = part.start <= clause.start and clause.end <= part.end
        if inside_part and not any(start <= clause.start < end for start, end, _ in cuts):
            cuts.append((clause.start, clause.end, block))
    piece = text[part.start:part.end]
    for start, end, replacement in sorted(cuts, reverse=True):
        piece = piece[:start - part.start] + replacement + piece[end - part.start:]
    return piece


class _Call:
    """The remote requests of one SERVICE clause, unbound or in bound batches."""

    def __init__(self, clause, prologue, url, address, policy):
        self.clause, self.prologue, self.url, self.address = clause, prologue, url, address
        self.policy = policy

    def values_block(self, outer: OuterBindings | None) -> str:
        """The clause's solutions as a VALUES block (the one empty solution when SILENT fails)."""
        if outer is not None and not outer.rows:
            return _values_block(NO_SOLUTION)  # the outer part has no solution: nothing can join
        try:
            if outer is None:
                results = self._fetch(f"{self.prologue.text}\nSELECT * WHERE {self.clause.pattern}")
            else:
                results = _concatenated([self._fetch(self._bound_query(outer, start)) for start
                                         in range(0, len(outer.rows), self.policy.bind_batch)])
            try:
                return _values_block(results)
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                raise ApiError(502, "SERVICE failed", f"<{self.clause.endpoint}> answered results "
                               f"this server cannot use: {error!r}") from None
        except ApiError:
            if self.clause.silent:
                return _values_block(ONE_EMPTY_SOLUTION)
            raise

    def _bound_query(self, outer: OuterBindings, start: int) -> str:
        head = " ".join("?" + name for name in outer.variables)
        rows = "\n    ".join("(" + " ".join(row) + ")"
                              for row in outer.rows[start:start + self.policy.bind_batch])
        return (f"{self.prologue.text}\nSELECT * WHERE {{\n  VALUES ({head}) {{\n    {rows}\n  }}\n"
                f"  {self.clause.pattern}\n}}")

    def _fetch(self, query: str) -> dict:
        clause, policy = self.clause, self.policy
        try:
            status, body = _post(self.url, self.address, query, policy.timeout)
            if status != 200:
                raise ApiError(502, "SERVICE failed", f"<{clause.endpoint}> answered HTTP {status}.")
            results = json.loads(body)
            results["head"]["vars"], results["results"]["bindings"]
            return results
        except TimeoutError:
            raise ApiError(504, "SERVICE timeout", f"<{clause.endpoint}> did not answer within "
                           f"{policy.timeout:g} s.") from None
        except (OSError, ValueError, KeyError, TypeError, http.client.HTTPException) as error:
            raise ApiError(502, "SERVICE failed", f"<{clause.endpoint}>: {error}") from None


def _concatenated(parts: list[dict]) -> dict:
    """The solutions of every batch (disjoint by construction) as one result."""
    variables = list(dict.fromkeys(name for part in parts for name in part["head"]["vars"]))
    return {"head": {"vars": variables},
            "results": {"bindings": [row for part in parts for row in part["results"]["bindings"]]}}


def plan_call(clause: sparql_text.ServiceClause, policy: ServicePolicy) -> tuple[str, str]:
    """The URL to call and the checked IP address to connect to, or a 403."""
    endpoint = clause.endpoint
    if endpoint is None:
        raise ApiError(403, "SERVICE refused", f"The SERVICE endpoint {clause.endpoint_text} is not "
                       "a fixed IRI; only allow-listed endpoints may be called.")
    if not policy.allowed(endpoint):
        raise ApiError(403, "SERVICE refused", f"The endpoint <{endpoint}> is not on this server's "
                       f"SERVICE allow-list ({', '.join(policy.allow) or 'empty'}).")
    url = policy.rewrites.get(endpoint, endpoint)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(403, "SERVICE refused", f"<{url}> is not an http(s) URL.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https"
                                                                  else 80), proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise ApiError(502, "SERVICE unreachable", f"Cannot resolve {parts.hostname}: {error}") from None
    addresses = [info[4][0] for info in infos]
    if not policy.exactly_configured(endpoint, url):
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise ApiError(403, "SERVICE refused", f"<{endpoint}> resolves to the non-public "
                               f"address {address}; only an exactly allow-listed endpoint may.")
    return url, addresses[0]


def _post(url: str, address: str, query: str, timeout: float) -> tuple[int, bytes]:
    """POST the query to the already-checked address (no second DNS lookup to be rebound)."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    raw = socket.create_connection((address, port), timeout=timeout)
    if parts.scheme == "https":
        raw = ssl.create_default_context().wrap_socket(raw, server_hostname=parts.hostname)
    connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    connection.sock = raw
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request("POST", path, body=urllib.parse.urlencode({"query": query}), headers={
            "Host": parts.netloc, "User-Agent": USER_AGENT, "Accept": RESULTS_JSON,
            "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _values_block(results: dict) -> str:
    variables = results["head"]["vars"]
    rows = []
    for binding in results["results"]["bindings"]:
        cells = [_term(binding[name]) if name in binding else "UNDEF" for name in variables]
        rows.append("(" + " ".join(cells) + ")")
    head = " ".join("?" + name for name in variables)
    return f"VALUES ({head}) {{ {' '.join(rows)} }}"


def _term(value: dict) -> str:
    kind = value["type"]
    if kind == "uri":
        return "<" + _escape_iri(value["value"]) + ">"
    if kind == "bnode":  # VALUES cannot hold blank nodes: give each a stable local name
        return "<urn:x-service-bnode:" + urllib.parse.quote(value["value"], safe="") + ">"
    if kind in ("literal", "typed-literal"):
        text = '"' + (value["value"].replace("\\", "\\\\").replace('"', '\\"')
                      .replace("\n", "\\n").replace("\r", "\\r")) + '"'
        if "xml:lang" in value:
            return text + "@" + value["xml:lang"]
        if "datatype" in value:
            return text + "^^<" + _escape_iri(value["datatype"]) + ">"
        return text
    raise ValueError(f"unsupported term type {kind!r} in SERVICE results")


def _escape_iri(iri: str) -> str:
    return "".join(c if c not in '<>"{}|^`\\' and ord(c) > 0x20 else f"%{ord(c):02X}" for c in iri)
