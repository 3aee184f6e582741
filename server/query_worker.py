"""A query worker process: opens the store, runs one job at a time, answers with serialised bytes.

Started by conflict_kg.server.workers as ``python -m conflict_kg.server.query_worker FD STORE [MEMORY_MB]``; FD is its end
of a socket pair; MEMORY_MB caps the memory one job may add (0 or absent: no cap). Jobs come
pickled; answers go back as a small JSON header and the serialised body. Queries use a read-only
handle; an update closes it and opens the store read-write (the pool makes sure no other worker
has it open meanwhile). The process ends when its parent goes.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import sys
import threading
import time
from multiprocessing.connection import Connection

import pyoxigraph as ox

from conflict_kg.geofunctions import CUSTOM_FUNCTIONS
from conflict_kg.server.vocab import PREFIXES, UPDATES_GRAPH


class Worker:
    def __init__(self, store_path: str, memory_limit: int = 0):
        self.store_path = store_path
        self.memory_limit = memory_limit  # bytes of address space one job may add; 0: no limit
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
        except MemoryError:  # Python's own allocations; native ones abort the process instead
            answer = _failure(503, "Query needs too much memory", "The request needed more than "
                              f"the {self.memory_limit >> 20} MB a query may use and was stopped.")
            return {**answer, "retire": True}  # its heap may be left fragmented: start afresh
        except (ValueError, OSError, RuntimeError) as error:
            return _failure(400, "Query failed", str(error))

    def read_only(self) -> ox.Store:
        if self.store is None:
            self.store = ox.Store.read_only(self.store_path)
        return self.store

    def query(self, job: dict) -> dict:
        options = {"base_iri": job.get("base_iri"), "custom_functions": CUSTOM_FUNCTIONS}  # geof:distance
        if job.get("default_graphs") is not None:
            options["default_graph"] = [_graph(g) for g in job["default_graphs"]]
        else:  # the union, unless the query's own FROM clauses say otherwise
            options["use_default_graph_as_union"] = job.get("union", True)
        if job.get("named_graphs") is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
        store = self.read_only()
        _cap_address_space(self.memory_limit)
        results = store.query(job["text"], **options)
        limit = job["max_rows"]
        if isinstance(results, ox.QueryBoolean):
            fmt = getattr(ox.QueryResultsFormat, job["results_format"])
            return {"ok": True, "kind": "boolean", "body": results.serialize(format=fmt),
                    "truncated": False, "value": bool(results)}
        if isinstance(results, ox.QuerySolutions):
            # TSV holds one solution per line (a line break inside a value is escaped), so the
            # header and the first max_rows solutions are the first max_rows + 1 lines
            tsv, truncated = _first_lines(results, ox.QueryResultsFormat.TSV, limit + 1)
            fmt = getattr(ox.QueryResultsFormat, job["results_format"])
            body = tsv if fmt == ox.QueryResultsFormat.TSV else \
                ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
            return {"ok": True, "kind": "solutions", "body": body, "truncated": truncated,
                    "rows": tsv.count(b"\n") - 1}
        # N-Triples: one triple per line, likewise
        ntriples, truncated = _first_lines(results, ox.RdfFormat.N_TRIPLES, limit)
        fmt = getattr(ox.RdfFormat, job["rdf_format"])
        body = ntriples if fmt == ox.RdfFormat.N_TRIPLES else ox.serialize(
            ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=fmt,
            prefixes=_used_prefixes(ntriples))
        return {"ok": True, "kind": "graph", "body": body, "truncated": truncated,
                "rows": ntriples.count(b"\n")}

    def update(self, job: dict) -> dict:
        self.store = None  # drop the read-only handle before opening read-write
        store = ox.Store(self.store_path)
        _cap_address_space(self.memory_limit)
        try:
            store.update(job["text"], base_iri=job.get("base_iri"))
            # the default graph is the union of the named graphs: unnamed updates get their own graph
            store.update(f"ADD SILENT DEFAULT TO <{UPDATES_GRAPH}> ; CLEAR SILENT DEFAULT")
            store.flush()
            graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
            return {"ok": True, "kind": "update", "graphs": graphs}
        finally:
            del store


# An answer travels as one message: the header's length, the header (JSON: every key but the
# body), then the body's bytes as they are, so a result is neither pickled nor copied into a dict.
_HEADER_SIZE = struct.Struct("!I")


def encode_answer(answer: dict) -> bytes:
    header = json.dumps({k: v for k, v in answer.items() if k != "body"}).encode()
    return _HEADER_SIZE.pack(len(header)) + header + answer.get("body", b"")


def decode_answer(message: bytes) -> dict:
    (size,) = _HEADER_SIZE.unpack_from(message)
    start = _HEADER_SIZE.size
    answer = json.loads(message[start:start + size])
    answer["body"] = message[start + size:]
    return answer


def _graph(iri: str):
    return ox.DefaultGraph() if iri == "" else ox.NamedNode(iri)


def _failure(status: int, title: str, message: str) -> dict:
    return {"ok": False, "status": status, "title": title, "message": message}


class _Enough(Exception):
    """Raised from inside a serialiser to stop it: the lines wanted are all written."""


class _LineCounter:
    """A binary file for a serialiser: keeps the chunks, stops the writing after ``lines`` lines.

    pyoxigraph evaluates lazily while it serialises, so stopping the writer stops the query too.
    """

    def __init__(self, lines: int):
        self.lines, self.seen, self.chunks = lines, 0, []

    def write(self, chunk) -> int:
        chunk = bytes(chunk)
        self.chunks.append(chunk)
        self.seen += chunk.count(b"\n")
        if self.seen > self.lines:
            raise _Enough
        return len(chunk)

    def flush(self) -> None:
        pass


def _first_lines(results, fmt, lines: int) -> tuple[bytes, bool]:
    """The first ``lines`` lines of the results serialised natively; True when more followed."""
    counter = _LineCounter(lines)
    try:
        results.serialize(counter, format=fmt)
    except _Enough:
        pass
    data = b"".join(counter.chunks)
    if counter.seen <= lines:
        return data, False
    end = -1
    for _ in range(lines):
        end = data.index(b"\n", end + 1)
    return data[:end + 1], True


def _used_prefixes(ntriples: bytes) -> dict[str, str]:
    return {prefix: iri for prefix, iri in PREFIXES.items() if iri.encode() in ntriples}


def _cap_address_space(extra: int) -> None:
    """Let the coming job grow this process by at most ``extra`` bytes of address space.

    Set per job, on top of what the process already holds (the store handle's caches, the job
    thread's stack), so the limit means what one query may use. A query over it fails its next
    allocation (pyoxigraph then aborts the process; the pool reports it and starts a fresh one)
    instead of growing until the machine swaps or the kernel's OOM killer picks a victim.
    """
    if extra <= 0 or _STATM is None:
        return
    size = int(os.pread(_STATM, 64, 0).split()[0]) * PAGE_SIZE
    soft = size + extra if _HARD_LIMIT == resource.RLIM_INFINITY else min(size + extra, _HARD_LIMIT)
    resource.setrlimit(resource.RLIMIT_AS, (soft, _HARD_LIMIT))


def _open_statm() -> int | None:
    """Linux's /proc/self/statm (first field: address space in pages), kept open: re-read per job."""
    try:
        return os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return None  # not Linux: no cap


_STATM = _open_statm()
_HARD_LIMIT = resource.getrlimit(resource.RLIMIT_AS)[1]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# The store's parser and planner recurse: a deeply nested or long chained query (thousands of
# BINDs, UNIONs, &&s) overflows the main thread's 8 MB stack and kills the process. Jobs run on a
# thread with a larger stack: address space only, pages are used as the recursion reaches them.
# The thread serves job after job (a thread per job cost ~65 µs of CPU each); once the process's
# resident memory has grown by RETIRE_GROWTH since it started (a deep recursion's stack pages, a
# large result's heap), it ends after its answer and a fresh one takes over: its stack is unmapped,
# so that memory does not stay up.
JOB_STACK_BYTES = 512 << 20
RETIRE_GROWTH = 64 << 20


def _resident_bytes() -> int:
    return int(os.pread(_STATM, 64, 0).split()[1]) * PAGE_SIZE if _STATM is not None else 0


def _serve(connection: Connection, worker: Worker) -> bool:
    """Answer jobs until the parent goes (False) or this thread should retire (True)."""
    start = _resident_bytes()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return False  # the parent went away
        cpu = time.process_time()
        try:
            answer = worker.handle(job)
        except Exception as error:  # keep serving; the parent reports a server-side failure
            answer = _failure(500, "Internal Server Error",
                              f"The query worker failed ({type(error).__name__}).")
        # CPU seconds the job took here: what it costs, however busy the machine is (the cheap lane)
        answer["cpu_seconds"] = time.process_time() - cpu
        try:
            connection.send_bytes(encode_answer(answer))
        except OSError:
            return False
        if answer.get("retire") or _resident_bytes() - start > RETIRE_GROWTH:
            return True


def _on_large_stack(function, *args):
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="jobs")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def main(fd: int, store_path: str, memory_limit_mb: int = 0) -> None:
    # Ctrl-C in a terminal sends SIGINT to every process of `kg serve`, these too; the server
    # stops them itself (and they end when it goes), so a KeyboardInterrupt here would only
    # print a traceback into the server's log.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.stack_size(JOB_STACK_BYTES)
    connection = Connection(fd)
    worker = Worker(store_path, memory_limit_mb << 20)
    while True:
        if memory_limit_mb:  # the last job's cap must not keep the next thread's stack out
            resource.setrlimit(resource.RLIMIT_AS, (_HARD_LIMIT, _HARD_LIMIT))
        if not _on_large_stack(_serve, connection, worker):
            return


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
