"""owlrl vs reasonable on the same asserted graph (ontology + registry + facts + provenance).

For each engine: seconds of ``conflict_kg.reason.infer(..., engine=...)`` (what the build runs), the size of
the raw closure the engine produces, and the size of the informative inferred graph. Then the
informative difference: triples one engine infers that the other does not.
"""

from __future__ import annotations

import time
from pathlib import Path

from rdflib import Graph


def asserted_graphs(corpus: Path) -> list[Graph]:
    from conflict_kg.build import BuildOptions, build_graphs

    result = build_graphs(BuildOptions(corpus=Path(corpus), reason=False))
    return result.asserted_graphs()


def run(corpus: Path, say=print) -> dict:
    from conflict_kg import reason

    graphs = asserted_graphs(corpus)
    union = Graph()
    for graph in graphs:
        for triple in graph:
            union.add(triple)
    record: dict = {"corpus": str(corpus), "asserted_triples": len(union), "engines": {}}
    informative: dict[str, set] = {}
    for engine in ("reasonable", "owlrl"):
        started = time.perf_counter()
        inferred = reason.infer(*graphs, engine=engine)
        seconds = time.perf_counter() - started
        informative[engine] = set(inferred)
        # the raw closure alone (what the engine itself computes), timed apart
        started = time.perf_counter()
        if engine == "owlrl":
            closure = reason._owlrl_closure(union)
        else:
            closure = reason._reasonable_closure(union) | reason._owlrl_closure(reason._schema_part(union))
        closure_seconds = time.perf_counter() - started
        record["engines"][engine] = {
            "infer_seconds": seconds, "closure_seconds": closure_seconds,
            "closure_triples": len(closure), "informative_triples": len(inferred)}
        say(f"  reason {engine:<10} infer {seconds:7.2f} s  closure {len(closure):>8} triples "
            f"({closure_seconds:.2f} s)  informative {len(inferred):>7}")
    only_owlrl = informative["owlrl"] - informative["reasonable"]
    only_reasonable = informative["reasonable"] - informative["owlrl"]
    record["difference"] = {
        "only_owlrl": len(only_owlrl), "only_reasonable": len(only_reasonable),
        "common": len(informative["owlrl"] & informative["reasonable"]),
        "examples_only_owlrl": [" ".join(t.n3() for t in triple) for triple in sorted(only_owlrl)[:5]],
        "examples_only_reasonable": [" ".join(t.n3() for t in triple) for triple in sorted(only_reasonable)[:5]],
    }
    e = record["engines"]
    record["speedup_reasonable_over_owlrl"] = e["owlrl"]["infer_seconds"] / e["reasonable"]["infer_seconds"]
    return record
