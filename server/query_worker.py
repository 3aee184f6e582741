"""A query worker process: opens the store, runs one job at a time, answers with serialised bytes.

Started by server.workers as ``python -m server.query_worker FD STORE``; FD is its end of a socket
pair. Queries use a read-only handle; an update closes it and opens the store read-write (the
pool makes sure no other worker has it open meanwhile). The process ends when its parent goes.
"""

from __future__ import annotations

import json
import sys
import threading
from itertools import islice
from multiprocessing.connection import Connection

import pyoxigraph as ox

from server.vocab import PREFIXES, UPDATES_GRAPH


class Worker:
    def __init__(self, store_path: str):
        self.store_path = store_path
        self.store: ox.Store | None = None

    def handle(self, job: dict) -> dict:
        op = job["op"]
        if op == "close":
            self.store = None
            return {"ok": True}
        try:
            if op == "update":
                return self.update(job)
            return self.query(job)
        except SyntaxError as error:
            return _failure(400, "Malformed query" if op == "query" else "Malformed update", str(error))
        except (ValueError, OSError, RuntimeError) as error:
            return _failure(400, "Query failed", str(error))

    def read_only(self) -> ox.Store:
        if self.store is None:
            self.store = ox.Store.read_only(self.store_path)
        return self.store

    def query(self, job: dict) -> dict:
        options = {"base_iri": job.get("base_iri")}
        if job.get("default_graphs") is not None:
            options["default_graph"] = [_graph(g) for g in job["default_graphs"]]
        else:  # the union, unless the query's own FROM clauses say otherwise
            options["use_default_graph_as_union"] = job.get("union", True)
        if job.get("named_graphs") is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
        results = self.read_only().query(job["text"], **options)
        limit = job["max_rows"]
        if isinstance(results, ox.QueryBoolean):
            fmt = getattr(ox.QueryResultsFormat, job["results_format"])
            return {"ok": True, "kind": "boolean", "body": results.serialize(format=fmt),
                    "truncated": False, "value": bool(results)}
        if isinstance(results, ox.QuerySolutions):
            variables = [v.value for v in results.variables]
            rows = list(islice(results, limit + 1))
            truncated = len(rows) > limit
            # pyoxigraph cannot build solutions from a list, so the kept rows go through SPARQL JSON
            document = _solutions_json(variables, rows[:limit])
            fmt = getattr(ox.QueryResultsFormat, job["results_format"])
            body = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
            return {"ok": True, "kind": "solutions", "body": body, "truncated": truncated,
                    "rows": min(len(rows), limit)}
        triples = list(islice(results, limit + 1))
        fmt = getattr(ox.RdfFormat, job["rdf_format"])
        body = ox.serialize(triples[:limit], format=fmt, prefixes=_used_prefixes(triples[:limit]))
        return {"ok": True, "kind": "graph", "body": body, "truncated": len(triples) > limit,
                "rows": min(len(triples), limit)}

    def update(self, job: dict) -> dict:
        self.store = None  # drop the read-only handle before opening read-write
        store = ox.Store(self.store_path)
        try:
            store.update(job["text"], base_iri=job.get("base_iri"))
            # the default graph is the union of the named graphs: unnamed updates get their own graph
            store.update(f"ADD SILENT DEFAULT TO <{UPDATES_GRAPH}> ; CLEAR SILENT DEFAULT")
            store.flush()
            graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
            return {"ok": True, "kind": "update", "graphs": graphs}
        finally:
            del store


def _graph(iri: str):
    return ox.DefaultGraph() if iri == "" else ox.NamedNode(iri)


def _failure(status: int, title: str, message: str) -> dict:
    return {"ok": False, "status": status, "title": title, "message": message}


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        else:
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _solutions_json(variables: list[str], rows) -> bytes:
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            term = row[name]
            if term is not None:
                binding[name] = _term_json(term)
        bindings.append(binding)
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()


def _used_prefixes(triples) -> dict[str, str]:
    text = " ".join(str(t) for t in triples[:2000])
    return {prefix: iri for prefix, iri in PREFIXES.items() if iri in text}


# The store's parser and planner recurse: a deeply nested or long chained query (thousands of
# BINDs, UNIONs, &&s) overflows the main thread's 8 MB stack and kills the process. Each job runs
# on a fresh thread with a larger stack: address space only, pages are used as the recursion
# reaches them, and the whole stack is unmapped when the thread ends, so memory does not stay up.
JOB_STACK_BYTES = 512 << 20


def _on_large_stack(function, *args):
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="job")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def main(fd: int, store_path: str) -> None:
    threading.stack_size(JOB_STACK_BYTES)
    connection = Connection(fd)
    worker = Worker(store_path)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the parent went away
        try:
            answer = _on_large_stack(worker.handle, job)
        except Exception as error:  # keep serving; the parent reports a server-side failure
            answer = _failure(500, "Internal Server Error", f"The query worker failed ({type(error).__name__}).")
        connection.send(answer)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
