"""The release files from finished units, streamed: never the corpus in one graph.

Every unit leaves each graph it contributes to as sorted, distinct N-Triples lines
(conflict_kg.units), split by subject: a document's own nodes (its events, statements, sentences)
are in no other unit, so their triples ("own" lines) were rendered into pieces of the release files
when the unit was built (conflict_kg.rdf_chunks) and are copied as they are; the triples of nodes
units share (registry entities, ontology terms) are merged here, k-way over sorted files (distinct
lines, one line per open file in memory). The output depends only on the units' files, not on which
of them came from the cache, so an incremental build gives the same bytes as a clean one, and its
cost is the changed units plus copying the others' pieces.

Conclusions across documents. A unit is reasoned alone, so an OWL RL rule whose premises sit in
two units is not applied there. The rules that join two triples on a shared node through a
property (transitive, functional and inverse functional properties, property chains, keys,
owl:sameAs) are the only ones whose premises can sit in two units: the others read one instance
triple and the ontology. So the units' triples of those properties (their "join triples", a small
share) are read together with the ontology and reasoned once more; what that adds goes into the
inferred graph (docs/design.md).
"""

from __future__ import annotations

import heapq
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from conflict_kg import rdf_chunks
from conflict_kg.namespaces import facts_graph_name
from conflict_kg.reason import infer

MAX_OPEN = 200  # files merged at once; more are merged in batches first


def distinct_merge(paths: Iterable[Path], scratch: Path) -> Iterator[bytes]:
    """The distinct lines of sorted line files, in order."""
    paths = [Path(p) for p in paths if Path(p).stat().st_size]
    while len(paths) > MAX_OPEN:  # a file descriptor per file: merge in batches into scratch files
        batch, paths = paths[:MAX_OPEN], paths[MAX_OPEN:]
        handle = tempfile.NamedTemporaryFile(dir=scratch, suffix=".nt", delete=False)
        with handle:
            handle.writelines(distinct_merge(batch, scratch))
        paths.append(Path(handle.name))
    files = [open(path, "rb") for path in paths]
    try:
        previous = None
        for line in heapq.merge(*files):
            if line != previous:
                yield line
                previous = line
    finally:
        for handle in files:
            handle.close()


def without(lines: Iterator[bytes], excluded: Iterator[bytes]) -> Iterator[bytes]:
    """The sorted ``lines`` that are not among the sorted ``excluded`` lines (a streamed difference)."""
    pending = next(excluded, None)
    for line in lines:
        while pending is not None and pending < line:
            pending = next(excluded, None)
        if line != pending:
            yield line


def _join_nodes(line: bytes, joining: dict[bytes, str]) -> list[bytes]:
    """The nodes a join triple joins on (its subject, its object or both: join_predicates)."""
    subject, predicate, rest = line.split(b" ", 2)
    end = joining.get(predicate, "so")
    return ([subject] if "s" in end else []) + ([rest[:-3]] if "o" in end else [])


def join_predicates(ontology: Graph) -> dict[URIRef, str]:
    """The properties through which an OWL RL rule joins two instance triples, each with the end
    the join is on: "s" (functional properties and keys: two triples with one subject), "o"
    (inverse functional: one object) or "so" (transitive properties, chains, owl:sameAs)."""
    ends: dict[URIRef, set[str]] = {OWL.sameAs: {"s", "o"}}

    def add(prop, end: str) -> None:
        if isinstance(prop, URIRef):
            ends.setdefault(prop, set()).update(end)

    for prop in ontology.subjects(RDF.type, OWL.TransitiveProperty):
        add(prop, "so")
    for prop in ontology.subjects(RDF.type, OWL.FunctionalProperty):
        add(prop, "s")
    for prop in ontology.subjects(RDF.type, OWL.InverseFunctionalProperty):
        add(prop, "o")
    for chain in ontology.objects(None, OWL.propertyChainAxiom):
        for prop in Collection(ontology, chain):
            add(prop, "so")
    for keys in ontology.objects(None, OWL.hasKey):
        for prop in Collection(ontology, keys):
            add(prop, "s")
    return {prop: "".join(sorted(end, reverse=True)) for prop, end in ends.items()}


def cross_unit_conclusions(ontology: Graph, joins_files: Iterable[tuple[Path, str, str | None]],
                           reasoner: str, out: Path) -> int:
    """The conclusions only the units' join triples (conflict_kg.units.is_join_line) together give,
    as sorted lines in ``out``. ``joins_files``: (a unit's join triples, the unit's key, for a
    document the key of the registry it was reasoned with).

    Every unit has closed its own triples, and a document's unit those of its registry too. So only
    a triple with a node held by units that were never reasoned together can lead anywhere new (in
    a corpus whose documents each have their own registry, the entities their registries share); the
    others are left out, and with none left there is nothing to reason about."""
    joining = {f"<{p}>".encode(): end for p, end in join_predicates(ontology).items()}
    lines_of: dict[str, set[bytes]] = {}
    registry_of: dict[str, str | None] = {}
    for path, key, registry in joins_files:
        with open(path, "rb") as handle:
            lines_of[key] = set(handle)
        registry_of[key] = registry
    holders: dict[bytes, set[str]] = {}
    for key, unit_lines in lines_of.items():
        for line in unit_lines:
            for node in _join_nodes(line, joining):
                holders.setdefault(node, set()).add(key)

    def crossing(node: bytes) -> bool:
        units = holders[node]
        if len(units) == 1:
            return False
        return not any(registry_of.get(key) and units <= {key, registry_of[key]} for key in units)

    lines = {line for unit_lines in lines_of.values() for line in unit_lines
             if any(crossing(node) for node in _join_nodes(line, joining))}
    joins = Graph().parse(data=b"".join(sorted(lines)).decode("utf-8"), format="nt") if lines else Graph()
    found = Graph()
    if len(joins):
        # Types are left out: a type a new triple implies is already concluded in the unit that
        # holds the node's own triples. What a unit concluded too is merged away with its lines.
        vocabulary = set(ontology.subjects())  # conclusions about the ontology's own terms: in every unit
        # what one join triple gives alone (its super-properties) its own unit has concluded already
        supers = {p: set(ontology.transitive_objects(p, RDFS.subPropertyOf)) for p in set(joins.predicates())}
        alone = {(s, q, o) for s, p, o in joins for q in supers[p]}
        for s, p, o in infer(ontology, joins, engine=reasoner):
            if p != RDF.type and s not in vocabulary and (s, p, o) not in joins and (s, p, o) not in alone:
                found.add((s, p, o))
    from conflict_kg.units import write_lines

    return write_lines(found, out)


@dataclass
class UnitFiles:
    folder: Path
    summary: dict

    def part(self, graph: str, which: str = "file") -> list[Path]:
        entry = self.summary["parts"].get(graph)
        return [self.folder / entry[which]] if entry else []

    def count(self, graph: str, which: str = "triples") -> int:
        entry = self.summary["parts"].get(graph)
        return entry[which] if entry else 0


def _merged_file(paths: list[Path], scratch: Path, name: str, excluded: list[Path] | None = None) -> tuple[Path, int]:
    """The distinct lines of ``paths`` (less ``excluded``'s), sorted, in a scratch file."""
    lines = distinct_merge(paths, scratch)
    if excluded is not None:
        lines = without(lines, distinct_merge(excluded, scratch))
    target, count = scratch / name, 0
    with open(target, "wb") as out:
        for line in lines:
            out.write(line)
            count += 1
    return target, count


def _append(out, path: Path) -> None:
    with open(path, "rb") as handle:
        shutil.copyfileobj(handle, out, 1 << 20)


def _append_quads(out, lines: Path, graph_iri: str) -> None:
    with open(lines, "rb") as handle:
        while chunk := handle.readlines(1 << 20):
            out.write(rdf_chunks.nquads_piece(chunk, graph_iri))


def write_release_files(folder: Path, ontology: UnitFiles, registries: list[UnitFiles],
                        documents: list[tuple[str, UnitFiles]], joins: Path, graph_iri, scratch: Path) -> dict[str, int]:
    """kg.trig and the same quads as kg.nq, and the union as kg.nt, kg.ttl and kg.jsonld; returns the distinct triples per
    graph and of the union.

    A document's own lines (its own nodes' triples) can be in no other unit, so its pieces, rendered
    when the unit was built, are copied as they are; only the lines units may share (registries,
    the ontology, shared nodes' triples) are merged here, and the inferred graph loses those any
    other graph asserts (a registry's unit may conclude by transitivity what a document states)."""
    docs = [unit for _, unit in documents]
    counts: dict[str, int] = {}
    ontology_lines, counts["ontology"] = _merged_file(ontology.part("ontology"), scratch, "ontology.nt")
    registry_lines, counts["registry"] = _merged_file([p for u in registries for p in u.part("registry")],
                                                      scratch, "registry.nt")
    provenance_shared, shared_count = _merged_file([p for u in docs for p in u.part("provenance", "shared")],
                                                   scratch, "provenance.nt")
    counts_provenance = shared_count + sum(u.count("provenance", "own_triples") for u in docs)
    asserted_shared = [ontology_lines, registry_lines, provenance_shared] + [
        p for doc_id, u in documents for p in u.part(facts_graph_name(doc_id), "shared")]
    inferred_shared, shared_inferred = _merged_file(
        [p for u in registries for p in u.part("inferred")] + [p for u in docs for p in u.part("inferred", "shared")]
        + [joins], scratch, "inferred.nt", excluded=asserted_shared)
    iri = {name: str(graph_iri(name)) for name in ("ontology", "registry", "provenance", "inferred")}
    with open(folder / "kg.trig", "wb") as out:
        out.write(rdf_chunks.prefix_header())
        out.write(rdf_chunks.trig_block(ontology_lines.read_bytes(), iri["ontology"]))
        out.write(rdf_chunks.trig_block(registry_lines.read_bytes(), iri["registry"]))
        for doc_id, unit in documents:
            name = facts_graph_name(doc_id)
            counts[name] = unit.count(name)
            for block in unit.part(name, "block"):
                _append(out, block)
        for unit in docs:
            for block in unit.part("provenance", "block"):
                _append(out, block)
        out.write(rdf_chunks.trig_block(provenance_shared.read_bytes(), iri["provenance"]))
        for unit in docs:
            for block in unit.part("inferred", "block"):
                _append(out, block)
        out.write(rdf_chunks.trig_block(inferred_shared.read_bytes(), iri["inferred"]))
    # the same quads in the same order, one per line: what Oxigraph's bulk loader reads fastest (`kg serve`)
    with open(folder / "kg.nq", "wb") as out:
        _append_quads(out, ontology_lines, iri["ontology"])
        _append_quads(out, registry_lines, iri["registry"])
        for doc_id, unit in documents:
            for piece in unit.part(facts_graph_name(doc_id), "quads"):
                _append(out, piece)
        for unit in docs:
            for piece in unit.part("provenance", "quads"):
                _append(out, piece)
        _append_quads(out, provenance_shared, iri["provenance"])
        for unit in docs:
            for piece in unit.part("inferred", "quads"):
                _append(out, piece)
        _append_quads(out, inferred_shared, iri["inferred"])
    counts["provenance"] = counts_provenance
    counts["inferred"] = shared_inferred + sum(u.count("inferred", "own_triples") for u in docs)
    every_shared = [p for u in [ontology, *registries] for name in u.summary["parts"] for p in u.part(name)]
    every_shared += [p for u in docs for name in u.summary["parts"] for p in u.part(name, "shared")] + [joins]
    union_shared, union_count = _merged_file(every_shared, scratch, "union.nt")
    counts["union"] = union_count + sum(u.summary["union_own"]["triples"] for u in docs)
    with open(folder / "kg.nt", "wb") as out:
        _append(out, union_shared)
        for unit in docs:
            _append(out, unit.folder / unit.summary["union_own"]["nt"])
    shared_bytes = union_shared.read_bytes()
    with open(folder / "kg.ttl", "wb") as out:
        out.write(rdf_chunks.prefix_header())
        out.write(rdf_chunks.turtle_piece(shared_bytes))
        for unit in docs:
            _append(out, unit.folder / unit.summary["union_own"]["ttl"])
    with open(folder / "kg.jsonld", "wb") as out:
        out.write(b"[")
        first = True
        for piece in [rdf_chunks.jsonld_piece(shared_bytes)] + [unit.folder / unit.summary["union_own"]["jsonld"]
                                                                 for unit in docs]:
            content = piece if isinstance(piece, bytes) else piece.read_bytes()
            if not content:
                continue
            out.write(content if first else b",\n" + content)
            first = False
        out.write(b"]\n")
    return counts


def merged_report(reports: Iterable[str | None], conforms: bool) -> Graph:
    """One SHACL report from the units' reports (None: the unit conformed with no results)."""
    from conflict_kg.namespaces import bind_prefixes

    merged = bind_prefixes(Graph())
    node = BNode("report")
    merged.add((node, RDF.type, SH.ValidationReport))
    merged.add((node, SH.conforms, Literal(conforms)))
    for text in reports:
        if not text:
            continue
        part = Graph().parse(data=text, format="turtle")
        own = set(part.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in part:
            if s in own:
                if p == SH.result:
                    merged.add((node, SH.result, o))
            else:
                merged.add((s, p, o))
    return merged
