"""The pipeline is not tied to one article: a short hand-written article of the same kind, with its
own small registry, builds, validates and yields its facts."""

import yaml
from project_paths import GENERALITY

from conflict_kg.build import BuildOptions, build_graphs, build_release
from conflict_kg.document import Document
from conflict_kg.evaluate import evaluate_document, load_gold
from conflict_kg.registry import load_registry


def write_corpus(tmp_path):
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({
        "title": "Generality check", "description": "A fictional article.", "version": "0.0.1",
        "documents": [{
            "id": "fictional-offensive", "path": str(GENERALITY / "article.txt"),
            "title": "A fictional offensive", "source": "https://example.org/fictional-offensive",
            "license": "https://creativecommons.org/licenses/by-sa/4.0/",
            "attribution": "Written for the tests.", "registry": str(GENERALITY / "registry.yaml"),
        }],
    }), encoding="utf-8")
    return manifest


def test_another_article_builds_and_validates(tmp_path):
    result = build_release(tmp_path / "dist", BuildOptions(corpus=write_corpus(tmp_path)))
    assert result.validation.conforms
    assert (tmp_path / "dist" / "kg.trig").is_file()
    [extraction] = [d.extraction for d in build_graphs(BuildOptions(corpus=tmp_path / "corpus.yaml")).documents]
    kinds = {fact.kind for fact in extraction.events}
    assert {"MilitaryOffensive", "Capture", "Ceasefire"} <= kinds
    speakers = {s.speaker for s in extraction.statements}
    assert len(speakers) >= 2
    sources = {f.according_to for f in extraction.figures if f.quantity_kind == "Deaths"}
    assert len(sources - {None}) >= 2, "casualty figures from two sources stay two figures"


def test_another_article_meets_its_gold(tmp_path):
    document = Document.from_file(GENERALITY / "article.txt", "fictional-offensive")
    registry = load_registry(GENERALITY / "registry.yaml")
    scores = evaluate_document(document, registry, load_gold(GENERALITY / "gold.yaml"))
    assert scores["entities"].recall >= 0.95
    for kind in ("events", "statements", "figures"):
        assert scores[kind].recall >= 0.7, (kind, scores[kind].missed)
        assert scores[kind].precision >= 0.7, (kind, scores[kind].spurious)
