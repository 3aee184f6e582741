"""CPU per request of the caching part's distinct mix, in process, part by part (no HTTP, no wrk).

The wrk runs of ``--only caching`` swing by a third between runs on a shared machine; CPU time per
request hardly does, so this is where a change to the request path shows. Each request is the mix's
next query or DESCRIBE with a new counter comment, as in the distinct mix. Measured, in this order:

- ``app``: the server process's CPU per request through the WSGI app (front cache, ProxyFix, Flask,
  the protocol, the guarded store) with a stub store that answers at once: what the server adds;
- ``app+pool``: the same with the real query pool: the server process's CPU, the hop included
  (the query workers' CPU is not counted here);
- ``worker``: a query worker's job (``Worker.query`` and the answer's encoding) in process;
- ``engine``: pyoxigraph alone: evaluation and the requested format, nothing else.

``--baseline COMMIT`` measures that commit's code too (exported as ``--kg-baseline`` does), the two
taking turns round by round in fresh processes. Medians of ``--rounds``.

    .venv/bin/python -m bench.request_cost --baseline HEAD~1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PARTS = ("app", "app+pool", "worker", "engine")


def measure(release: Path, store_dir: Path, passes: int) -> dict[str, float]:
    """Milliseconds of CPU per request for each part, in this process (the code imported)."""
    import pyoxigraph as ox
    from werkzeug.test import EnvironBuilder

    from bench.caching import ENTITIES, TOP_ENTITIES, requests_of
    from bench.endpoint import NTRIPLES, discover_queries
    from conflict_kg.geofunctions import CUSTOM_FUNCTIONS
    from conflict_kg.server import create_app
    from conflict_kg.server.query_worker import Worker, encode_answer

    mix, _ = discover_queries(PROJECT_ROOT / "queries")
    worker = Worker(str(store_dir))
    store = worker.read_only()
    entities = [row["s"].value for row in store.query(TOP_ENTITIES % ENTITIES, use_default_graph_as_union=True)]
    items = requests_of(mix, entities)
    counter = iter(range(10**9))

    def texts():
        return [(f"{text}\n# c{next(counter)}", accept) for _ in range(passes) for text, accept in items]

    def cpu_ms(run, jobs) -> float:
        started = time.process_time()
        for job in jobs:
            run(*job)
        return 1000 * (time.process_time() - started) / len(jobs)

    def job(text, accept):
        rdf = accept == NTRIPLES
        return {"op": "query", "text": text, "base_iri": "http://127.0.0.1:8000/sparql", "max_rows": 10000,
                "results_format": "JSON", "rdf_format": "N_TRIPLES" if rdf else "TURTLE"}

    def engine(text, accept):
        results = store.query(text, base_iri="http://127.0.0.1:8000/sparql", custom_functions=CUSTOM_FUNCTIONS,
                              use_default_graph_as_union=True)
        results.serialize(format=ox.RdfFormat.N_TRIPLES if accept == NTRIPLES else ox.QueryResultsFormat.JSON)

    out = {"worker": cpu_ms(lambda text, accept: encode_answer(worker.query(job(text, accept))), texts()),
           "engine": cpu_ms(engine, texts())}
    worker.store = store = None  # closed before the app's pool opens the store

    app = create_app({"data_dir": str(release), "store": str(store_dir), "proxy_hops": 1})
    guarded = app.extensions["kg"].store
    real = guarded.inner

    def environ(text, accept):
        return EnvironBuilder(path="/sparql", query_string=urllib.parse.urlencode({"query": text}), headers={
            "Accept": accept, "X-Forwarded-For": "10.0.0.1", "Host": "127.0.0.1:8000"}).get_environ()

    def call(env):
        status = []
        body = app(env, lambda line, headers, exc_info=None: status.append(line))
        b"".join(body)
        if not status[0].startswith("200"):
            raise RuntimeError(f"{status[0]} from the app")

    try:
        call(environ(*texts()[0]))
        out["app+pool"] = cpu_ms(call, [(environ(*item),) for item in texts()])
        guarded.inner = _Stub(real)
        out["app"] = cpu_ms(call, [(environ(*item),) for item in texts()])
    finally:
        guarded.inner = real
        real.close()
    return out


class _Stub:
    """A store that answers every job at once with a small fixed body of the right kind."""

    description = "stub"

    def __init__(self, inner):
        self.inner = inner

    def execute(self, job: dict, cheap: bool = False) -> dict:
        if job["rdf_format"] == "N_TRIPLES":
            return {"ok": True, "kind": "graph", "body": b"<urn:a> <urn:b> <urn:c> .\n", "truncated": False,
                    "rows": 1, "cpu_seconds": 0.001}
        return {"ok": True, "kind": "solutions", "body": b'{"head":{"vars":[]},"results":{"bindings":[{}]}}',
                "truncated": False, "rows": 1, "cpu_seconds": 0.001}

    def release_tag(self):
        return self.inner.release_tag()

    def graphs(self):
        return self.inner.graphs()


def run(release: Path, rounds: int, passes: int, baseline: str | None, say=print) -> dict:
    work = Path(tempfile.mkdtemp(prefix="conflict-kg-bench-cost-"))
    try:
        return _rounds(release, work, rounds, passes, baseline, say)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _rounds(release: Path, work: Path, rounds: int, passes: int, baseline: str | None, say) -> dict:
    from bench.caching import baseline_env
    from conflict_kg.server.store import prepare_store

    store_dir = work / "store"
    prepare_store(release, store_dir)
    trees = {"now": {}}
    record: dict = {"release": str(release), "passes": passes, "rounds": rounds}
    if baseline:
        record["baseline"], trees["before"] = baseline_env(baseline, work / "baseline")
    samples: dict[str, dict[str, list[float]]] = {tree: {part: [] for part in PARTS} for tree in trees}
    for number in range(rounds):
        for tree, env in trees.items():
            done = subprocess.run([sys.executable, "-m", "bench.request_cost", "--child", str(release),
                                   str(store_dir), str(passes)], cwd=PROJECT_ROOT, capture_output=True,
                                  text=True, env=dict(os.environ, **env), check=False)
            if done.returncode:
                raise RuntimeError(f"{tree}: {done.stderr[-2000:]}")
            figures = json.loads(done.stdout.splitlines()[-1])
            for part in PARTS:
                samples[tree][part].append(figures[part])
            say(f"  round {number + 1} {tree:<6} " + "  ".join(f"{p} {figures[p]:.3f}" for p in PARTS))
    record["ms_per_request"] = {tree: {part: statistics.median(values) for part, values in parts.items()}
                                for tree, parts in samples.items()}
    record["samples"] = samples
    return record


def render(record: dict) -> str:
    trees = list(record["ms_per_request"])
    lines = ["| part (CPU ms per request, median) | " + " | ".join(trees) + " |",
             "|---|" + "---|" * len(trees)]
    for part in PARTS:
        lines.append(f"| {part} | " + " | ".join(f"{record['ms_per_request'][t][part]:.3f}" for t in trees) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--release", default=None, help="a built release folder (default: build the article's)")
    p.add_argument("--baseline", default=None, metavar="COMMIT", help="measure this commit's code too")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--passes", type=int, default=4, help="times through the mix per part and round")
    p.add_argument("--child", nargs=3, metavar=("RELEASE", "STORE", "PASSES"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        release, store_dir, passes = args.child
        print(json.dumps(measure(Path(release), Path(store_dir), int(passes))))
        return 0
    release = Path(args.release) if args.release else None
    with tempfile.TemporaryDirectory(prefix="conflict-kg-bench-release-") as scratch:
        if release is None:
            from bench.__main__ import run_build

            built = run_build(PROJECT_ROOT / "data" / "corpus.yaml", Path(scratch) / "dist",
                              Path(scratch) / "build.json")
            if not built.get("ok"):
                raise SystemExit(f"cannot build the release: {built.get('error')}")
            release = Path(built["release"])
        record = run(release, args.rounds, args.passes, args.baseline)
    print(render(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
