"""The pipeline: read -> extract -> emit -> reason -> validate -> release.

``build_release`` builds and publishes a release unit by unit (conflict_kg.corpus_build), never
holding the corpus in one graph. ``build_graphs`` runs the same stages over the whole corpus in
memory and returns its graphs and extractions, for analysis (evaluation, audits, tests).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from conflict_kg.corpus import Corpus, load_corpus
from conflict_kg.document import Document
from conflict_kg.emit import Graphs, emit_document, emit_registry
from conflict_kg.extract import Extraction, SentenceContext, extract
from conflict_kg.namespaces import CKG, ONTOLOGY_IRI, bind_prefixes, facts_graph_name
from conflict_kg.parse import parse_document
from conflict_kg.reason import infer
from conflict_kg.registry import Registry, load_registry
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
class DocumentBuilt:
    """What a release build tells of one document (its unit's summary)."""
    source_id: str
    sentences: int
    facts: dict[str, int]
    read_as: str
    rebuilt: bool  # False: its unit came from the cache unchanged


@dataclass
class BuildResult:
    release: Path | None
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    validation: ValidationOutcome | None = None
    documents: list = field(default_factory=list)  # DocumentResult (build_graphs), DocumentBuilt (build_release)
    named_graphs: dict[str, Graph] = field(default_factory=dict)  # build_graphs: release graph name -> graph
    corpus: Corpus | None = None
    shapes: Graph | None = None
    seconds: float = 0.0  # wall clock of the whole build
    units_built: int = 0  # build_release: units built in this run
    units_reused: int = 0  # build_release: units taken from the cache unchanged
    jobs: int = 1  # build_release: processes the units were built in

    @property
    def graphs(self) -> dict[str, Graph]:
        """Release graph name -> graph: build_graphs's own, or (build_release) read back from the
        published kg.trig when first asked (all of it in memory: for tests and small corpora)."""
        if not self.named_graphs and self.release is not None:
            self.named_graphs = read_release_graphs(Path(self.release) / "kg.trig")
        return self.named_graphs

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
    jobs: int = 0  # processes building units at once; 0: one per core
    cache: Path | None = None  # finished units; None: .<out>.cache beside the release folder
    use_cache: bool = True  # False: every unit is built (in a scratch cache, removed after)


def build_release(out: Path = DEFAULT_OUT, options: BuildOptions | None = None,
                  progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build the corpus unit by unit and publish the release at ``out`` (atomically), or raise BuildError.

    Units (the ontology, each registry, each document) are built on their own, in a pool of
    processes, and kept in a content-addressed cache (conflict_kg.units, conflict_kg.unit_cache):
    an unchanged unit is not built again. The release files are a streamed merge of the units'
    sorted triples (conflict_kg.assemble); the release is published only when every unit conforms.
    """
    from conflict_kg.corpus_build import build_corpus

    options = options or BuildOptions()
    return build_corpus(Path(out), options, progress or (lambda message: None))


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
    result.named_graphs = named
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


def read_release_graphs(trig: Path) -> dict[str, Graph]:
    """A release's named graphs, by the name the build gives them (facts/<doc>, inferred, ...)."""
    import pyoxigraph as ox

    from conflict_kg.namespaces import GRAPH
    from conflict_kg.release import to_rdflib_term

    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = quad.graph_name.value.removeprefix(str(GRAPH))
        if name not in graphs:
            graphs[name] = bind_prefixes(Graph())
        graphs[name].add((to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate),
                          to_rdflib_term(quad.object)))
    return graphs


def ontology_classes(ontology: Graph) -> set[str]:
    prefix = str(CKG)
    return {str(c)[len(prefix):] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(prefix)}


def ontology_version(ontology: Graph) -> str:
    version = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    return str(version) if version is not None else ""


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
