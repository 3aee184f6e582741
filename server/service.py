"""SERVICE federation under the server's rules.

The store could call any endpoint itself (with no timeout and its own User-Agent), so the store
never sees a SERVICE clause: each one is checked against the allow-list and the address rules,
fetched here with a timeout and a descriptive User-Agent, and replaced by a VALUES block holding
the remote solutions. Joining with VALUES at the same place is what SERVICE means in the algebra.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
import urllib.parse
from dataclasses import dataclass

from server import sparql_text
from server.errors import ApiError

USER_AGENT = "conflict-kg-sparql/0.1 (+https://w3id.org/conflict-kg/; SERVICE federation)"
RESULTS_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class ServicePolicy:
    allow: tuple[str, ...]
    rewrites: dict[str, str]
    timeout: float

    def allowed(self, endpoint: str) -> bool:
        return any(endpoint == entry or (entry.endswith("*") and endpoint.startswith(entry[:-1]))
                   for entry in self.allow)

    def exactly_configured(self, endpoint: str, url: str) -> bool:
        """Only an exact allow-list entry (or a configured rewrite) may reach a private address."""
        return endpoint in self.allow or url in self.rewrites.values()


def contains_service(text: str) -> bool:
    """Cheap and safe first check: no SERVICE keyword can hide in text without these letters."""
    return "service" in text.lower()


def federate(text: str, policy: ServicePolicy) -> str:
    """Return the query text with every SERVICE clause replaced by its fetched solutions."""
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
    replacements = []
    for clause in clauses:
        url, address = plan_call(clause, policy)
        replacements.append((clause, _values_block(_fetch(clause, prologue, url, address, policy))))
    for clause, block in sorted(replacements, key=lambda item: item[0].start, reverse=True):
        text = text[:clause.start] + block + text[clause.end:]
    return text


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


def _fetch(clause, prologue, url, address, policy) -> dict:
    query = f"{prologue.text}\nSELECT * WHERE {clause.pattern}"
    try:
        status, body = _post(url, address, query, policy.timeout)
        if status != 200:
            raise ApiError(502, "SERVICE failed", f"<{clause.endpoint}> answered HTTP {status}.")
        results = json.loads(body)
        results["head"]["vars"], results["results"]["bindings"]  # noqa: B018  (shape check)
        return results
    except (socket.timeout, TimeoutError):
        if clause.silent:
            return {"head": {"vars": []}, "results": {"bindings": [{}]}}
        raise ApiError(504, "SERVICE timeout", f"<{clause.endpoint}> did not answer within "
                       f"{policy.timeout:g} s.") from None
    except (OSError, ValueError, KeyError, TypeError, http.client.HTTPException) as error:
        if clause.silent:
            return {"head": {"vars": []}, "results": {"bindings": [{}]}}
        raise ApiError(502, "SERVICE failed", f"<{clause.endpoint}>: {error}") from None
    except ApiError:
        if clause.silent:
            return {"head": {"vars": []}, "results": {"bindings": [{}]}}
        raise


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
