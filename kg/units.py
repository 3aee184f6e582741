"""One unit of a build on its own: the ontology, a registry, or a document.

A unit is emitted, reasoned (with the ontology and, for a document, its registry) and validated by
itself, and leaves a folder holding one file per release graph it contributes to: the graph's
triples as sorted, distinct N-Triples lines (written by Oxigraph, so every unit spells a term the
same way), plus ``unit.json`` (counts, validation, what the manifest needs) and, for a document,
its normalised text. The release is then a merge of these sorted files (conflict_kg.assemble), so
the corpus is never one graph in memory, and a unit whose inputs did not change is reused from the
cache (conflict_kg.unit_cache) as it is.

Reasoning per unit. A registry unit's inferred triples are the OWL RL consequences of the ontology
and that registry; a document unit's are those of the ontology, its registry and its own facts and
provenance, less what its registry unit already concluded. A conclusion whose premises sit in two
documents is drawn afterwards from the units' join triples (conflict_kg.assemble, docs/design.md).
"""

from __future__ import annotations

import gc
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from conflict_kg.corpus import SourceDocument
from conflict_kg.document import Document
from conflict_kg.emit import Graphs, emit_document, emit_registry
from conflict_kg.extract import extract
from conflict_kg.namespaces import CKR, bind_prefixes, facts_graph_name
from conflict_kg.parse import parse_document
from conflict_kg.reason import infer
from conflict_kg.registry import Registry, load_registry
from conflict_kg.release import to_oxigraph_term
from conflict_kg.validate import validate

UNIT_FILE = "unit.json"
TEXT_FILE = "text.txt"
JOINS_FILE = "joins.nt"  # the unit's join triples (is_join_line), read by the cross-unit pass


@dataclass(frozen=True)
class Context:
    """What every unit of one build shares: the ontology, the shapes and the reasoner's name."""
    ontology_path: Path
    shapes_path: Path
    reasoner: str
    reason: bool = True


class _Loaded:
    """The context's graphs, read once per process (a pool worker keeps them between units)."""
    key: tuple | None = None
    ontology: Graph
    shapes: Graph
    classes: set[str]
    registries: dict[str, tuple[Registry, Graph, Graph]]
    joining: dict[bytes, str]  # the joining properties (N-Triples terms) -> the ends they join on


_loaded = _Loaded()


def _context(context: Context) -> _Loaded:
    from conflict_kg.build import ontology_classes  # the build's own reading of the ontology
    from conflict_kg.validate import load_shapes

    key = (str(context.ontology_path), str(context.shapes_path))
    if _loaded.key != key:
        _loaded.ontology = bind_prefixes(Graph().parse(context.ontology_path, format="turtle"))
        _loaded.shapes = load_shapes(context.shapes_path)
        _loaded.classes = ontology_classes(_loaded.ontology)
        _loaded.registries = {}
        from conflict_kg.assemble import join_predicates

        _loaded.joining = {f"<{p}>".encode(): end for p, end in join_predicates(_loaded.ontology).items()}
        _loaded.key = key
    return _loaded


def sorted_lines(graph) -> list[bytes]:
    """``graph`` (rdflib triples) as sorted, distinct N-Triples lines (each ending in a newline)."""
    triples = (ox.Triple(to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o)) for s, p, o in graph)
    return [line + b"\n" for line in sorted(set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines()))]


def write_lines(graph, path: Path) -> int:
    """``graph`` as sorted, distinct N-Triples lines in ``path``; returns their number."""
    lines = sorted_lines(graph)
    path.write_bytes(b"".join(lines))
    return len(lines)


def read_lines(path: Path) -> Graph:
    return Graph().parse(path, format="nt") if path.stat().st_size else Graph()


def _finish(folder: Path, parts: dict[str, Graph], summary: dict, joining: dict[bytes, str]) -> dict:
    """Write the unit's files (see conflict_kg.assemble for how they are joined).

    Per release graph: all its lines, and (a document's unit) those whose subject is the
    document's own node ("own": no other unit can hold them) apart from the others ("shared").
    A document's facts graph, its own provenance and its own conclusions are rendered here as TriG
    blocks and N-Quads pieces, and its own lines of every graph as pieces of the union in N-Triples, Turtle and JSON-LD.
    """
    from conflict_kg import rdf_chunks
    from conflict_kg.namespaces import GRAPH

    folder.mkdir(parents=True, exist_ok=True)
    document = summary["kind"] == "document"
    summary["parts"] = {}
    union_own: set[bytes] = set()
    joins: set[bytes] = set()
    for number, (name, graph) in enumerate(parts.items()):
        lines = sorted_lines(graph)
        own, shared = ([], lines) if not document else _by_subject(lines)
        entry = {"file": f"part-{number}.nt", "triples": len(lines), "own": f"own-{number}.nt",
                 "own_triples": len(own), "shared": f"shared-{number}.nt", "shared_triples": len(shared)}
        for key, content in (("file", lines), ("own", own), ("shared", shared)):
            (folder / entry[key]).write_bytes(b"".join(content))
        if document:
            # a facts graph is the document's alone: its block holds all of it
            block = lines if name.startswith(facts_graph_name("")) else own
            entry["block"] = f"block-{number}.trig"
            (folder / entry["block"]).write_bytes(rdf_chunks.trig_block(b"".join(block), str(GRAPH[name])))
            entry["quads"] = f"quads-{number}.nq"  # the same triples as kg.nq lines
            (folder / entry["quads"]).write_bytes(rdf_chunks.nquads_piece(block, str(GRAPH[name])))
        summary["parts"][name] = entry
        union_own.update(own)
        joins.update(line for line in lines if is_join_line(line, joining))
    own_lines = b"".join(sorted(union_own))
    summary["union_own"] = {"triples": len(union_own), "nt": "own.nt", "ttl": "own.ttl", "jsonld": "own.jsonld"}
    (folder / "own.nt").write_bytes(own_lines)
    (folder / "own.ttl").write_bytes(rdf_chunks.turtle_piece(own_lines))
    (folder / "own.jsonld").write_bytes(rdf_chunks.jsonld_piece(own_lines))
    (folder / JOINS_FILE).write_bytes(b"".join(sorted(joins)))
    summary["joins"] = len(joins)
    (folder / UNIT_FILE).write_text(json.dumps(summary, indent=1, sort_keys=True), encoding="utf-8")
    return summary


def _by_subject(lines: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(lines about the document's own nodes, lines about nodes units share), in order."""
    own, shared = [], []
    for line in lines:
        (shared if is_shared(line.split(b" ", 1)[0]) else own).append(line)
    return own, shared


def is_join_line(line: bytes, joining: dict[bytes, str]) -> bool:
    """A triple another unit's triple could join with (conflict_kg.assemble): its property joins
    (transitive, functional, ...) and the end it joins on is a node units share (a functional
    property joins two triples on their subject: an event's status never joins across units)."""
    subject, predicate, rest = line.split(b" ", 2)
    end = joining.get(predicate)
    if end is None:
        return False
    return ("s" in end and is_shared(subject)) or ("o" in end and is_shared(rest[:-3]))


SHARED_BASE = str(CKR).encode()


def is_shared(term: bytes) -> bool:
    """A node more than one unit may hold: a registry entity (``id/{entity}``) or any IRI outside
    the project's own (ontology terms, Wikidata items). Nodes minted for one document (its events,
    statements, sentences, ``id/event/{doc}/...``) and literals are not."""
    if not term.startswith(b"<"):
        return False
    iri = term[1:-1]
    return b"/" not in iri[len(SHARED_BASE):] if iri.startswith(SHARED_BASE) else True


def _validation(outcome) -> dict:
    report = None
    if not outcome.conforms or len(outcome.report) > 2:  # results (warnings too), not a bare "conforms"
        report = outcome.report.serialize(format="turtle")
    return {"conforms": outcome.conforms, "violations": outcome.violations, "report": report}


def ontology_unit(context: Context, folder: Path) -> dict:
    loaded = _context(context)
    return _finish(folder, {"ontology": loaded.ontology}, {"kind": "ontology"}, {})


def registry_unit(context: Context, registry_path: Path, folder: Path) -> dict:
    loaded = _context(context)
    registry = load_registry(registry_path, loaded.classes)
    graph = bind_prefixes(Graph())
    emit_registry(registry, graph)
    inferred = infer(loaded.ontology, graph, engine=context.reasoner) if context.reason else Graph()
    outcome = validate([loaded.ontology, graph, inferred], loaded.shapes)
    return _finish(folder, {"registry": graph, "inferred": inferred}, {
        "kind": "registry", "registry": str(registry_path),
        "unreviewed": sorted(e.id for e in registry if e.unreviewed),
        "validation": _validation(outcome)}, loaded.joining)


def document_unit(context: Context, source: SourceDocument, registry_folder: Path, folder: Path) -> dict:
    """``registry_folder``: the finished unit of the document's registry (its graph and conclusions)."""
    loaded = _context(context)
    registry, registry_graph, registry_inferred = _registry(loaded, source.registry, registry_folder)
    document = Document.from_file(source.path, source.id, source.format)
    contexts, extraction = extract(document, registry, parse_document(document))
    graphs = Graphs()
    emit_document(source, document, contexts, extraction, registry, graphs)
    facts, provenance = graphs.facts_of(source.id), graphs.provenance
    inferred = Graph()
    if context.reason:
        for triple in infer(loaded.ontology, registry_graph, facts, provenance, engine=context.reasoner):
            if triple not in registry_inferred:
                inferred.add(triple)
    outcome = validate([loaded.ontology, registry_graph, registry_inferred, facts, provenance, inferred],
                       loaded.shapes)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TEXT_FILE).write_text(document.text, encoding="utf-8")
    return _finish(folder, {facts_graph_name(source.id): facts, "provenance": provenance, "inferred": inferred}, {
        "kind": "document", "id": source.id, "source": {k: str(v) for k, v in asdict(source).items()},
        "read_as": document.layout.format if document.layout else "text",
        "sentences": len(document.sentences),
        "facts": {"events": len(extraction.events), "statements": len(extraction.statements),
                  "figures": len(extraction.figures), "relations": len(extraction.relations)},
        "validation": _validation(outcome)}, loaded.joining)


def _registry(loaded: _Loaded, path: Path, folder: Path) -> tuple[Registry, Graph, Graph]:
    """The registry, its graph and its unit's conclusions; kept per process for the next document."""
    key = f"{path}|{folder}"
    if key not in loaded.registries:
        summary = json.loads((folder / UNIT_FILE).read_text(encoding="utf-8"))
        parts = {name: read_lines(folder / part["file"]) for name, part in summary["parts"].items()}
        if len(loaded.registries) >= 4:  # a corpus with a registry per document: keep a few only
            loaded.registries.clear()
        loaded.registries[key] = (load_registry(path, loaded.classes), parts["registry"], parts["inferred"])
    return loaded.registries[key]


def worker_init() -> None:
    """A build pool's process: keep the parser loaded between documents."""
    from conflict_kg.parse import keep_model_in_process

    keep_model_in_process()


def run_unit(job: tuple) -> tuple[str, dict]:
    """A pool task: (kind, key, context, folder, arguments...) -> (key, unit summary).

    Written into a sibling folder first and renamed, so a cache entry is whole or absent."""
    kind, key, context, folder = job[:4]
    folder = Path(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    was_enabled = gc.isenabled()
    gc.disable()  # a unit allocates many long-lived acyclic objects: no collections while it runs
    try:
        if kind == "ontology":
            summary = ontology_unit(context, partial)
        elif kind == "registry":
            summary = registry_unit(context, job[4], partial)
        else:
            summary = document_unit(context, job[4], Path(job[5]), partial)
    finally:
        # The unit's graphs hold reference cycles: collected now, while they are garbage, or a
        # process building unit after unit grows by tens of MB per document.
        gc.collect()
        if was_enabled:
            gc.enable()
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return key, summary
