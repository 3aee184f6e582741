"""The pipeline: read -> extract -> emit -> reason -> validate -> release.

``build_release`` is the one entry point; each stage lives in its own module and this one only
wires them, times them and refuses to publish a graph that does not conform to the shapes.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from conflict_kg.background import Background, BackgroundError, ChildDied
from conflict_kg.corpus import Corpus, load_corpus
from conflict_kg.describe import describe
from conflict_kg.document import Document
from conflict_kg.emit import Graphs, emit_document, emit_registry
from conflict_kg.extract import Extraction, SentenceContext, extract
from conflict_kg.namespaces import CKG, GRAPH, ONTOLOGY_IRI, bind_prefixes, facts_graph_name
from conflict_kg.parse import parse_document
from conflict_kg.reason import infer
from conflict_kg.registry import Registry, load_registry
from conflict_kg.release import ReleaseWriter, write_checksums, write_json, write_rdf_files
from conflict_kg.resources import folder
from conflict_kg.validate import ValidationOutcome, load_shapes, validate

# The bundled article, ontology and shapes ship with the package (conflict_kg.resources).
DEFAULT_CORPUS = folder("data") / "corpus.yaml"
DEFAULT_ONTOLOGY = folder("ontology") / "ckg.ttl"
DEFAULT_SHAPES = folder("ontology") / "shapes.ttl"
DEFAULT_OUT = Path("dist")  # beside where the command runs, as kg serve's --data default


class BuildError(RuntimeError):
    """The build failed; nothing was published and the previous release is untouched."""


@dataclass
class DocumentResult:
    source_id: str
    document: Document
    registry: Registry
    contexts: list[SentenceContext]
    extraction: Extraction


@dataclass
class BuildResult:
    release: Path | None
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    validation: ValidationOutcome | None = None
    documents: list[DocumentResult] = field(default_factory=list)
    graphs: dict[str, Graph] = field(default_factory=dict)  # release graph name -> graph
    corpus: Corpus | None = None
    shapes: Graph | None = None
    seconds: float = 0.0  # wall clock of the whole build: less than the steps' sum when two ran at once
    parallel: bool = False  # validate and serialise ran side by side (conflict_kg.background)
    writer_private_bytes: int = 0  # memory the writing child copied from the build process

    def facts_graphs(self) -> dict[str, Graph]:
        """Document id -> that document's facts graph."""
        return {d.source_id: self.graphs[facts_graph_name(d.source_id)] for d in self.documents
                if facts_graph_name(d.source_id) in self.graphs}

    def asserted_graphs(self) -> list[Graph]:
        """Every graph but the inferred one: what the reasoner reads."""
        return [graph for name, graph in self.graphs.items() if name != "inferred"]


@dataclass
class BuildOptions:
    corpus: Path = DEFAULT_CORPUS
    ontology: Path = DEFAULT_ONTOLOGY
    shapes: Path = DEFAULT_SHAPES
    reason: bool = True
    reasoner: str = "reasonable"  # or "owlrl", the reference (slower)
    parallel: bool = True  # write the files in a child process while validating (conflict_kg.background)


def build_release(out: Path = DEFAULT_OUT, options: BuildOptions | None = None,
                  progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build the graph from the corpus and publish it at ``out`` (atomically), or raise BuildError.

    The files are written in a child process while the shapes are checked here (two cores, two
    independent steps); the release is published only when both are done and the graph conforms.
    """
    options = options or BuildOptions()
    say = progress or (lambda message: None)
    started = time.perf_counter()
    with without_cyclic_gc():
        result = _build_graphs(options, say, check=False)
        writer = ReleaseWriter(Path(out))
        staging = writer.stage()
        writing = Background(write_rdf_files, staging, result.graphs, _graph_iri, child=options.parallel)
        try:
            _check(result, say)
            counts, seconds = _written(writing, staging, result.graphs, say)
            with _timed(result.timings, "serialise", say, already=seconds):
                _write_metadata(staging, result, options, counts)
        except BaseException:
            writing.cancel()
            writer.discard(staging)
            raise
        with _timed(result.timings, "publish", say):
            result.release = writer.publish(staging)
    result.seconds = time.perf_counter() - started
    result.parallel = writing.in_child
    result.writer_private_bytes = writing.child_private_bytes
    return result


def _graph_iri(name: str):
    return GRAPH[name]


def _written(writing: Background, staging: Path, graphs: dict[str, Graph],
             say: Callable[[str], None]) -> tuple[dict[str, int], float]:
    """The writer's triple counts and the seconds writing took; raises BuildError if writing failed."""
    try:
        return writing.result(), writing.seconds
    except ChildDied as exc:
        # Killed from outside (most often for memory): the graphs are fine, so write them here.
        say(f"the writing process ended without an answer ({exc}); writing in this process")
        started = time.perf_counter()
        try:
            counts = write_rdf_files(staging, graphs, _graph_iri)
        except Exception as again:
            raise BuildError(f"writing the release failed: {type(again).__name__}: {again}") from again
        return counts, writing.seconds + time.perf_counter() - started
    except BackgroundError as exc:
        raise BuildError(f"writing the release failed: {exc}") from exc


@contextmanager
def without_cyclic_gc():
    """Pause the cyclic garbage collector for a build.

    A build allocates millions of long-lived, acyclic objects (rdflib terms and index entries); each
    generational collection re-walks them all, which made the build's cost per sentence grow with
    the corpus. Reference counting still frees everything; cycles left over are collected after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile sits in the youngest generation, which the first
            # collection after enable() would walk whole (13 s of a 100x build). Moved to the oldest
            # generation instead (freeze + unfreeze), it waits for a full collection, as
            # long-lived objects do; its cycles are still collected then.
            gc.freeze()
            gc.enable()
            gc.unfreeze()


def build_graphs(options: BuildOptions | None = None,
                 progress: Callable[[str], None] | None = None) -> BuildResult:
    """Every stage but writing: the named graphs, validated. Raises BuildError on any failure."""
    with without_cyclic_gc():
        return _build_graphs(options or BuildOptions(), progress or (lambda message: None))


def _build_graphs(options: BuildOptions, say: Callable[[str], None], check: bool = True) -> BuildResult:
    """The named graphs; checked against the shapes too unless ``check`` is False (then see _check)."""
    result = BuildResult(release=None)
    timings = result.timings
    try:
        with _timed(timings, "read", say):
            corpus = load_corpus(options.corpus)
            ontology = Graph().parse(options.ontology, format="turtle")
            result.shapes = load_shapes(options.shapes)
            classes = ontology_classes(ontology)
            inputs = [(source, Document.from_file(source.path, source.id, source.format),
                       load_registry(source.registry, classes)) for source in corpus.documents]
        with _timed(timings, "parse", say):  # cached per document text: only a changed text is parsed
            parses = [parse_document(document) for _, document, _ in inputs]
        with _timed(timings, "extract", say):
            for (source, document, registry), parse in zip(inputs, parses, strict=True):
                contexts, extraction = extract(document, registry, parse)
                result.documents.append(DocumentResult(source.id, document, registry, contexts, extraction))
        with _timed(timings, "emit", say):
            graphs = Graphs()
            emitted: set[str] = set()
            for (source, document, registry), done in zip(inputs, result.documents, strict=True):
                if str(registry.source) not in emitted:
                    emit_registry(registry, graphs.registry)
                    emitted.add(str(registry.source))
                emit_document(source, document, done.contexts, done.extraction, registry, graphs)
        named = {"ontology": bind_prefixes(ontology), "registry": graphs.registry,
                 **{facts_graph_name(doc_id): facts for doc_id, facts in graphs.facts.items()},
                 "provenance": graphs.provenance}
        with _timed(timings, "reason", say):
            named["inferred"] = bind_prefixes(
                infer(*named.values(), engine=options.reasoner) if options.reason else Graph())
    except BuildError:
        raise
    except Exception as exc:  # every input problem becomes one clear message
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    result.graphs = named
    result.counts = {name: len(graph) for name, graph in named.items()}
    result.corpus = corpus
    if check:
        _check(result, say)
    return result


def _check(result: BuildResult, say: Callable[[str], None]) -> None:
    """Validate the graphs against the shapes; raise BuildError unless they conform."""
    try:
        with _timed(result.timings, "validate", say):
            result.validation = validate(graphs_to_validate(result.graphs), result.shapes)
    except Exception as exc:
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    if not result.validation.conforms:
        raise BuildError("the graph does not conform to the shapes; nothing was published.\n"
                         + result.validation.summary())


def graphs_to_validate(named: dict[str, Graph]) -> list[Graph]:
    """Every graph of the release, as few graphs as possible.

    The validator reads their union through an aggregate that asks each graph on every lookup, so
    the per-document facts graphs (a hundred for a hundred documents) are merged into one first;
    the large corpus-wide graphs are not copied.
    """
    facts = [graph for name, graph in named.items() if name.startswith(facts_graph_name(""))]
    others = [graph for name, graph in named.items() if not name.startswith(facts_graph_name(""))]
    if len(facts) <= 1:
        return others + facts
    merged = Graph()
    for graph in facts:
        merged += graph
    return others + [merged]


def ontology_classes(ontology: Graph) -> set[str]:
    prefix = str(CKG)
    return {str(c)[len(prefix):] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(prefix)}


def ontology_version(ontology: Graph) -> str:
    version = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    return str(version) if version is not None else ""


def _write_metadata(folder: Path, result: BuildResult, options: BuildOptions, counts: dict[str, int]) -> None:
    """Everything in the release but the RDF files: report, description, manifest, checksums."""
    result.counts.update(counts)
    built = dt.datetime.now(dt.UTC)
    result.validation.report.serialize(folder / "validation.ttl", format="turtle")
    describe(result.corpus, counts, built, ontology_version(result.graphs["ontology"])).serialize(
        folder / "void.ttl", format="turtle")
    (folder / "shapes.ttl").write_bytes(Path(options.shapes).read_bytes())
    # Every offset in the graph points into a document's normalised text: ship it beside the graph.
    for done in result.documents:
        (folder / source_text_name(done.source_id)).write_text(done.document.text, encoding="utf-8")
    write_json(folder / "manifest.json", {
        "version": result.corpus.version,
        "built": built.isoformat(timespec="seconds"),
        "documents": [d.source_id for d in result.documents],
        "unreviewed_entities": len({e.id for d in result.documents for e in d.registry if e.unreviewed}),
        "texts": {d.source_id: {"file": source_text_name(d.source_id),
                                "read_as": d.document.layout.format if d.document.layout else "text"}
                  for d in result.documents},
        "triples": counts,
        "conforms": result.validation.conforms,
        "timings_seconds": {k: round(v, 3) for k, v in result.timings.items()},
    })
    write_checksums(folder)


def source_text_name(doc_id: str) -> str:
    """The release file holding a document's normalised text (nif:beginIndex/endIndex count in it)."""
    return f"source-{doc_id}.txt"


@contextmanager
def _timed(timings: dict[str, float], step: str, say: Callable[[str], None], already: float = 0.0):
    """Time a step (plus ``already`` seconds of it spent elsewhere, e.g. in a child process)."""
    started = time.perf_counter()
    yield
    timings[step] = already + time.perf_counter() - started
    say(f"{step:<10} {timings[step]:7.3f} s")
