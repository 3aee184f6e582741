"""A local stand-in for Wikidata's search API and query service, for the `kg link --wikidata-api` tests.

Nothing here is a recording of Wikidata: this sandbox cannot reach it. The stand-in answers in the same
formats (wbsearchentities JSON, SPARQL 1.1 JSON results) from a small graph in Wikidata's RDF shape, and
it evaluates the real query `kg link` sends (with pyoxigraph), so the query is tested too. The graph is
made from the registry's own verified QIDs (`article_standin`) plus the real homonyms of
tests/data/wikidata-link/homonyms.ttl. A failure plan makes it answer 429/503 when a test asks.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from conflict_kg.registry import Registry

DATA = Path(__file__).resolve().parent / "data" / "wikidata-link"
PREFIXES = """\
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
"""

# P31 values the stand-in gives to items by registry class. District and region items go through the
# stand-in class hierarchy of homonyms.ttl ("district of Azerbaijan" -> ... -> administrative territorial
# entity), so the type check has to follow P279 to accept them.
STANDIN_CLASS = {
    "Person": "Q5", "State": "Q3624078", "DeFactoState": "Q15634554", "City": "Q515", "Town": "Q3957",
    "Village": "Q532", "Settlement": "Q486972", "District": "Q13417250", "Region": "Q9000102",
    "GovernmentBody": "Q327333", "InternationalOrganization": "Q484652", "NGO": "Q163740",
    "MediaOutlet": "Q11032", "ArmedForce": "Q772547", "Company": "Q4830453", "EthnicGroup": "Q41710",
    "Monastery": "Q44613",
}


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "@en"


def article_standin(registry: Registry) -> str:
    """Turtle: one item per QID of the registry, with its recorded label, the registry label as an alias
    where they differ, a P31 by class, and for places P17/P131 from the registry's located_in."""
    lines = [PREFIXES]
    for entity in registry:
        if not entity.wikidata:
            continue
        triples = [f"rdfs:label {_literal(entity.wikidata_label)}"]
        if entity.label.casefold() != entity.wikidata_label.casefold():
            triples.append(f"skos:altLabel {_literal(entity.label)}")
        kind = next((STANDIN_CLASS[t] for t in entity.types if t in STANDIN_CLASS), None)
        if kind:
            triples.append(f"wdt:P31 wd:{kind}")
        containers = [registry[c] for c in entity.located_in if c in registry.entities]
        for container in containers:
            if container.wikidata and {"State", "Country"} & set(container.types):
                triples.append(f"wdt:P17 wd:{container.wikidata}")
            elif container.wikidata:
                triples.append(f"wdt:P131 wd:{container.wikidata}")
                state = _state_above(registry, container.id)
                if state:
                    triples.append(f"wdt:P17 wd:{state}")
        lines.append(f"wd:{entity.wikidata} " + " ;\n    ".join(triples) + " .")
    return "\n".join(lines) + "\n"


def _state_above(registry: Registry, entity_id: str) -> str | None:
    seen: set[str] = set()
    queue = [entity_id]
    while queue:
        current = registry[queue.pop(0)]
        if current.id in seen:
            continue
        seen.add(current.id)
        if {"State", "Country"} & set(current.types) and current.wikidata:
            return current.wikidata
        queue += [c for c in current.located_in if c in registry.entities]
    return None


class WikidataStandin:
    """Serve /w/api.php (wbsearchentities) and /sparql from a graph; plan failures; record requests."""

    def __init__(self, turtle: str):
        self.store = ox.Store()
        self.store.load(turtle.encode("utf-8"), ox.RdfFormat.TURTLE)
        self._server: ThreadingHTTPServer | None = None
        self.reset()

    def reset(self) -> None:
        """Forget requests and planned failures (one server serves several tests)."""
        self.requests: list[dict] = []
        self.failures: list[tuple[int, dict]] = []  # (status, headers) answered before the next real answers
        self.fail_after: int | None = None  # answer 503 to every request after this many real answers
        self.answered = 0

    # -- answers -------------------------------------------------------------------------------------

    def search(self, text: str, limit: int) -> dict:
        """Prefix match on English labels and aliases, ignoring case, as Wikidata's search does."""
        needle = text.casefold()
        hits: dict[str, dict] = {}
        query = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                   PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                   SELECT ?item ?name ?label WHERE {
                     { ?item rdfs:label ?name } UNION { ?item skos:altLabel ?name }
                     OPTIONAL { ?item rdfs:label ?label } } ORDER BY ?item"""
        for row in self.store.query(query):
            if row["name"].value.casefold().startswith(needle):
                qid = row["item"].value.rsplit("/", 1)[-1]
                label = row["label"].value if row["label"] is not None else qid
                hits.setdefault(qid, {"id": qid, "label": label, "match": {"text": row["name"].value}})
        return {"searchinfo": {"search": text}, "search": list(hits.values())[:limit], "success": 1}

    def sparql(self, query: str) -> bytes:
        results = self.store.query(query)
        return results.serialize(format=ox.QueryResultsFormat.JSON)

    # -- server --------------------------------------------------------------------------------------

    def start(self) -> str:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _answer(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _handle(self, body: str):
                url = urllib.parse.urlsplit(self.path)
                standin.requests.append({"path": url.path, "query": url.query, "body": body,
                                         "user_agent": self.headers.get("User-Agent", "")})
                if standin.failures:
                    status, headers = standin.failures.pop(0)
                    return self._answer(status, b'{"error": "planned"}', "application/json", headers)
                if standin.fail_after is not None and standin.answered >= standin.fail_after:
                    return self._answer(503, b'{"error": "down"}', "application/json")
                standin.answered += 1
                if url.path == "/w/api.php":
                    params = dict(urllib.parse.parse_qsl(url.query))
                    answer = standin.search(params.get("search", ""), int(params.get("limit", 7)))
                    return self._answer(200, json.dumps(answer).encode(), "application/json")
                if url.path == "/sparql":
                    query = dict(urllib.parse.parse_qsl(body)).get("query", "")
                    return self._answer(200, standin.sparql(query), "application/sparql-results+json")
                return self._answer(404, b"{}", "application/json")

            def do_GET(self):
                self._handle("")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                self._handle(self.rfile.read(length).decode("utf-8"))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
