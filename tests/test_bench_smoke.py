"""Smoke test of the benchmark's corpus generator (bench/corpus.py); the benchmark itself is not a test.

Two copies of the article: the renamed copy must build (SHACL-valid) through the multi-document path,
and its facts must be distinct from the original's: other documents, other entities, other labels,
dates shifted by the copy's year offset.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from bench.corpus import generate
from conflict_kg.build import DEFAULT_CORPUS, BuildOptions, build_graphs
from conflict_kg.corpus import load_corpus
from conflict_kg.namespaces import CKG

CKR = "https://w3id.org/conflict-kg/id/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-corpus")
    generated = generate(DEFAULT_CORPUS, 2, folder)
    return generated, build_graphs(BuildOptions(corpus=generated.manifest, reasoner="reasonable"))


def _facts_of(result, doc_id: str) -> set[URIRef]:
    """Facts (events, statements, figures, relation assertions) extracted from one document."""
    marker = f"/{doc_id}/"
    return {s for s in result.graphs["provenance"].subjects(CKG.extractedFrom, None) if marker in str(s)}


def _entities(graph, facts) -> set[URIRef]:
    """Registry entities a set of facts points at (entity IRIs are ckr:<slug>, no further slash)."""
    out = set()
    for fact in facts:
        for _, _, obj in graph.triples((fact, None, None)):
            if isinstance(obj, URIRef) and str(obj).startswith(CKR) and "/" not in str(obj)[len(CKR):]:
                out.add(obj)
    return out


def test_generated_corpus_lists_the_original_and_a_renamed_copy(built):
    generated, result = built
    corpus = load_corpus(generated.manifest)
    assert len(corpus.documents) == 2
    original, copy = corpus.documents
    assert copy.id != original.id and copy.registry != original.registry
    assert original.path.read_text(encoding="utf-8") != copy.path.read_text(encoding="utf-8")
    assert generated.year_shifts and generated.year_shifts[0] != 0
    assert result.validation.conforms


def test_renamed_copy_yields_distinct_facts(built):
    generated, result = built
    original, copy = [d.source_id for d in result.documents]
    first, second = _facts_of(result, original), _facts_of(result, copy)
    assert first and second and not first & second
    # renaming keeps the rules working: the copy yields most of what the original does
    assert len(second) >= 0.8 * len(first)
    facts_graphs = result.facts_graphs()
    entities_first = _entities(facts_graphs[original], first)
    entities_second = _entities(facts_graphs[copy], second)
    assert entities_second and not entities_first & entities_second
    registry = result.graphs["registry"]
    labels = lambda entities: {str(registry.value(e, RDFS.label)) for e in entities}  # noqa: E731
    assert not labels(entities_first) & labels(entities_second)


def test_dates_of_the_copy_are_shifted(built):
    generated, result = built
    original, copy = [d.source_id for d in result.documents]
    shift = generated.year_shifts[0]

    def dates(doc_id):
        facts_graph = result.facts_graphs()[doc_id]
        return {o.toPython() for f in _facts_of(result, doc_id) for o in facts_graph.objects(f, CKG.beginDate)
                if isinstance(o, Literal) and o.datatype == XSD.date}

    first, second = dates(original), dates(copy)
    assert first and second and first != second
    shifted = {d.replace(year=d.year + shift) for d in first if isinstance(d, dt.date)}
    assert len(second & shifted) >= 0.9 * len(second)


@pytest.mark.parametrize("saved", sorted((Path(__file__).resolve().parents[1] / "bench" / "results").glob("engines-*x.json")),
                         ids=lambda p: p.stem)
def test_saved_engine_comparisons_print_again(saved):
    """The committed embedded-vs-Virtuoso results still print with today's bench/engines.py."""
    from bench.engines import render

    record = json.loads(saved.read_text())
    text = render(record)
    assert text.startswith(f"EMBEDDED STORE vs VIRTUOSO ({record['copies']}x")
    for server in ("kg-embedded", "kg-virtuoso", "virtuoso"):
        assert f"\n{server} " in text, server
    assert record["virtuoso"]["load_s"] and record["servers"]["kg-embedded"]["load_s"]


def test_scale_benchmark_runs_a_mixed_two_document_corpus(tmp_path, monkeypatch):
    """bench/scale.py end to end at two documents (one copy of each of the first two sources):
    clean, unchanged and incremental builds and the store load all ran, and the figures say so."""
    from bench.scale import run_scale

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "parse"))  # run_scale sets its own; restored after
    record = run_scale(2, 1, tmp_path, say=lambda message: None)
    assert record["clean"]["documents"] == 2 and record["clean"]["units_built"] == 5  # ontology, 2 registries, 2 docs
    assert record["unchanged"]["units_built"] == 0
    assert record["incremental"]["units_built"] == 1
    assert record["load"]["exit"] == 0 and record["load"]["store_mb"] > 0
    assert record["clean"]["peak_rss_mb"] > 0 and record["release_mb"] > 0
