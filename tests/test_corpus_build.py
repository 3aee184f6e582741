"""A corpus of two documents, each with its own registry, builds into one release: one document node
and one facts graph per document, entities both registries list merged into one IRI, provenance
offsets into each document's own text, and queries (ours and queries/) that answer across documents.

The documents are the fictional generality article and a second text made of its opening and later
paragraphs (so its offsets differ), with a registry of its own that lists the same entities again.
"""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
import yaml
from project_paths import GENERALITY, ROOT

from conflict_kg.build import DEFAULT_SHAPES, BuildError, BuildOptions, build_release, graphs_to_validate
from conflict_kg.namespaces import CKG, CKR, GRAPH, NIF, PROV, RDF, RDFS, facts_graph_name
from conflict_kg.validate import load_shapes, validate

QUERIES = ROOT / "queries"
FIRST, SECOND = "fictional-offensive", "fictional-aftermath"


def _document(doc_id: str, path, registry) -> dict:
    return {"id": doc_id, "path": str(path), "title": f"Test document {doc_id}",
            "source": f"https://example.org/{doc_id}", "license": "https://creativecommons.org/licenses/by-sa/4.0/",
            "attribution": "Written for the tests.", "registry": str(registry)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-documents")
    lines = (GENERALITY / "article.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    # the title, the opening paragraph (it dates the others) and the last paragraphs: other offsets
    second_text = "".join(lines[:1] + lines[2:3] + lines[len(lines) // 2:])
    (folder / f"{SECOND}.txt").write_text(second_text, encoding="utf-8")
    shutil.copy(GENERALITY / "registry.yaml", folder / "second-registry.yaml")  # its own file, same entities
    manifest = folder / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({
        "title": "Two documents", "description": "Corpus test.", "version": "0.0.1",
        "documents": [_document(FIRST, GENERALITY / "article.txt", GENERALITY / "registry.yaml"),
                      _document(SECOND, folder / f"{SECOND}.txt", folder / "second-registry.yaml")],
    }), encoding="utf-8")
    result = build_release(folder / "dist", BuildOptions(corpus=manifest))
    store = ox.Store()
    store.load(path=str(folder / "dist" / "kg.trig"), format=ox.RdfFormat.TRIG)
    texts = {FIRST: (GENERALITY / "article.txt").read_text(encoding="utf-8"), SECOND: second_text}
    return result, store, texts


def select(store, query: str) -> list[dict]:
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def test_one_document_node_and_one_described_facts_graph_per_document(corpus):
    result, store, _ = corpus
    assert result.validation.conforms
    provenance = result.graphs["provenance"]
    documents = set(provenance.subjects(RDF.type, CKG.Document))
    assert documents == {CKR[f"doc/{FIRST}"], CKR[f"doc/{SECOND}"]}
    named = {g.value for g in store.named_graphs()}
    for doc_id in (FIRST, SECOND):
        graph = GRAPH[facts_graph_name(doc_id)]
        assert str(graph) in named and len(result.graphs[facts_graph_name(doc_id)]) > 50
        assert (graph, RDF.type, CKG.FactsGraph) in provenance
        assert list(provenance.objects(graph, PROV.wasDerivedFrom)) == [CKR[f"doc/{doc_id}"]]
    assert str(GRAPH["facts"]) not in named  # no corpus-wide facts graph any more


def test_an_entity_both_registries_list_is_one_iri(corpus):
    result, _, _ = corpus
    provenance, registry = result.graphs["provenance"], result.graphs["registry"]
    referred = {doc_id: set() for doc_id in (FIRST, SECOND)}
    for mention in provenance.subjects(RDF.type, CKG.Mention):
        doc_id = str(provenance.value(mention, NIF.referenceContext)).rsplit("/", 1)[-1]
        referred[doc_id].add(provenance.value(mention, CKG.refersTo))
    shared = referred[FIRST] & referred[SECOND]
    assert len(shared) >= 3
    for entity in shared:
        assert len(list(registry.objects(entity, RDFS.label))) == 1, entity  # merged, not doubled
    # facts of both documents point at the same entity nodes
    facts = result.facts_graphs()
    used = {doc_id: {o for o in graph.objects() if o in shared} for doc_id, graph in facts.items()}
    assert used[FIRST] & used[SECOND]


def test_provenance_offsets_point_into_each_documents_own_text(corpus):
    result, _, texts = corpus
    provenance = result.graphs["provenance"]
    for doc_id, graph in result.facts_graphs().items():
        document = CKR[f"doc/{doc_id}"]
        facts = {s for s in graph.subjects(RDF.type, None)}
        assert len(facts) > 5
        for fact in facts:
            sentence = provenance.value(fact, CKG.extractedFrom)
            assert provenance.value(sentence, NIF.referenceContext) == document, fact
            begin, end = (int(provenance.value(sentence, p)) for p in (NIF.beginIndex, NIF.endIndex))
            assert texts[doc_id][begin:end] == str(provenance.value(sentence, NIF.anchorOf))
    # the second text is shorter and shifted: the same words sit at other offsets
    assert texts[SECOND] not in (texts[FIRST], texts[FIRST][:len(texts[SECOND])])


def test_queries_answer_across_documents(corpus):
    result, store, _ = corpus
    rows = select(store, (QUERIES / "events-per-document.rq").read_text(encoding="utf-8"))
    extracted = {CKR[f"doc/{d.source_id}"].toPython(): d.facts["events"] for d in result.documents}
    assert {r["document"]: int(r["events"]) for r in rows} == extracted
    assert all(count > 0 for count in extracted.values())
    timeline = select(store, (QUERIES / "timeline.rq").read_text(encoding="utf-8"))
    assert {r["event"].split("/id/event/", 1)[1].split("/", 1)[0] for r in timeline} == {FIRST, SECOND}
    for path in sorted(QUERIES.glob("*.rq")):  # every local example query runs on a corpus
        text = path.read_text(encoding="utf-8")
        if "# federated: true" not in text:
            select(store, text)


def test_a_violation_in_any_graph_fails_validation_also_in_the_second_documents_facts(corpus):
    result, _, _ = corpus
    shapes = load_shapes(DEFAULT_SHAPES)
    injected = (CKR["event/injected/0-0"], RDF.type, CKG.Capture)  # an event without label or sentence
    assert facts_graph_name(SECOND) in result.graphs and "inferred" in result.graphs
    for name, graph in result.graphs.items():
        graph.add(injected)
        try:
            outcome = validate(graphs_to_validate(result.graphs), shapes)  # as the build does
        finally:
            graph.remove(injected)
        assert not outcome.conforms, name
        assert any(str(injected[0]) in line for line in outcome.violations), name
    assert validate(graphs_to_validate(result.graphs), shapes).conforms


def test_a_pool_that_breaks_while_jobs_are_handed_out_fails_the_build_as_a_dead_process():
    # The race a fresh-clone CI run met: a pool process killed while the build was still submitting its
    # jobs; the next submit raised OSError ("handle is closed") from the dead pool's pipe, not a BuildError.
    from conflict_kg.corpus_build import _submit_all

    class BreakingPool:
        def __init__(self):
            self.calls = 0

        def submit(self, call, job):
            self.calls += 1
            if self.calls == 2:
                raise OSError("handle is closed")
            return object()

    jobs = [("document", "a", None, None, SimpleNamespace(id="doc-a"), None),
            ("document", "b", None, None, SimpleNamespace(id="doc-b"), None)]
    with pytest.raises(BuildError, match="a build process died while the build was handing out the document doc-b"):
        _submit_all(BreakingPool(), jobs)
