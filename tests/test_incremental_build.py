"""Builds unit by unit: the same release from the cache as from scratch, from a pool as from one
process, and the same graphs as the whole corpus reasoned in memory; a dead build process fails the
build and keeps the release."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import psutil
import pytest
import yaml
from project_paths import GENERALITY

from conflict_kg.build import BuildError, BuildOptions, build_graphs, build_release
from conflict_kg.namespaces import CKG, CKR

RELEASE_FILES = ("kg.trig", "kg.nq", "kg.nt", "kg.ttl", "kg.jsonld", "void.ttl", "validation.ttl", "shapes.ttl")


def _document(doc_id: str, path: Path, registry: Path) -> dict:
    return {"id": doc_id, "path": str(path), "title": f"Test document {doc_id}",
            "source": f"https://example.org/{doc_id}", "license": "https://creativecommons.org/licenses/by-sa/4.0/",
            "attribution": "Written for the tests.", "registry": str(registry)}


def three_documents(folder: Path) -> Path:
    """The generality article in three parts, sharing one registry, in a corpus manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = (GENERALITY / "article.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    third = len(lines) // 3
    parts = {"part-a": lines[:third + 1], "part-b": lines[:1] + lines[third + 1:2 * third],
             "part-c": lines[:1] + lines[2 * third:]}
    registry = folder / "registry.yaml"
    shutil.copy(GENERALITY / "registry.yaml", registry)
    documents = []
    for doc_id, text in parts.items():
        (folder / f"{doc_id}.txt").write_text("".join(text), encoding="utf-8")
        documents.append(_document(doc_id, folder / f"{doc_id}.txt", registry))
    manifest = folder / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({"title": "Three parts", "description": "Incremental build test.",
                                        "version": "0.0.1", "documents": documents}), encoding="utf-8")
    return manifest


def same_release(one: Path, other: Path) -> None:
    for name in RELEASE_FILES + tuple(p.name for p in one.glob("source-*.txt")):
        assert (one / name).read_bytes() == (other / name).read_bytes(), name
    import json

    manifests = [json.loads((folder / "manifest.json").read_text()) for folder in (one, other)]
    for manifest in manifests:
        manifest.pop("timings_seconds")
    assert manifests[0] == manifests[1]


@pytest.fixture()
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")


def test_a_changed_document_is_rebuilt_alone_and_the_release_equals_a_clean_build(tmp_path, reproducible):
    manifest = three_documents(tmp_path / "corpus")
    cache = tmp_path / "cache"
    first = build_release(tmp_path / "dist", BuildOptions(corpus=manifest, cache=cache, jobs=1))
    assert (first.units_built, first.units_reused) == (5, 0)  # ontology, registry, three documents
    first_trig = (first.release / "kg.trig").read_bytes()
    unchanged = build_release(tmp_path / "dist", BuildOptions(corpus=manifest, cache=cache, jobs=1))
    assert (unchanged.units_built, unchanged.units_reused) == (0, 5)
    same_release(first.release, unchanged.release)

    changed = tmp_path / "corpus" / "part-b.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOn 3 March 2021 the ceasefire was "
                       "broken again.\n", encoding="utf-8")
    incremental = build_release(tmp_path / "dist", BuildOptions(corpus=manifest, cache=cache, jobs=1))
    assert (incremental.units_built, incremental.units_reused) == (1, 4)
    assert [d.source_id for d in incremental.documents if d.rebuilt] == ["part-b"]
    clean = build_release(tmp_path / "clean", BuildOptions(corpus=manifest, use_cache=False, jobs=1))
    assert clean.units_built == 5
    same_release(incremental.release, clean.release)
    assert (incremental.release / "kg.trig").read_bytes() != first_trig


def test_a_pool_of_processes_builds_the_same_release_as_one_process(tmp_path, reproducible):
    manifest = three_documents(tmp_path / "corpus")
    pooled = build_release(tmp_path / "pooled", BuildOptions(corpus=manifest, use_cache=False, jobs=2))
    single = build_release(tmp_path / "single", BuildOptions(corpus=manifest, use_cache=False, jobs=1))
    assert pooled.jobs == 2 and single.jobs == 1
    same_release(pooled.release, single.release)


def test_unit_by_unit_gives_the_graphs_of_the_whole_corpus_in_memory(tmp_path):
    """Every graph, the inferred one included, equals the one reasoned over the whole corpus at once."""
    manifest = three_documents(tmp_path / "corpus")
    units = build_release(tmp_path / "dist", BuildOptions(corpus=manifest, use_cache=False))
    whole = build_graphs(BuildOptions(corpus=manifest))
    assert set(units.graphs) == set(whole.graphs)
    for name, graph in whole.graphs.items():
        assert set(units.graphs[name]) == set(graph), name


def test_a_conclusion_that_needs_two_documents_is_drawn(tmp_path):
    """A relation from each of two documents joins through a transitive property."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    registry = folder / "registry.yaml"
    registry.write_text(yaml.safe_dump({"entities": [
        {"id": "ardvin", "label": "Ardvin", "types": ["Village"]},
        {"id": "sorel-district", "label": "Sorel District", "types": ["District"]},
        {"id": "varn-region", "label": "Varn Region", "types": ["Region"]},
    ]}), encoding="utf-8")
    texts = {"one": "In 2021, the village of Ardvin was recognised as part of the Sorel District.\n",
             "two": "In 2021, the Sorel District was recognised as part of the Varn Region.\n"}
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    manifest = folder / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({"title": "Two", "description": "Join test.", "version": "0.0.1",
                                        "documents": [_document(d, folder / f"{d}.txt", registry) for d in texts]}),
                        encoding="utf-8")
    whole = build_graphs(BuildOptions(corpus=manifest))
    facts = set().union(*(set(g) for name, g in whole.graphs.items() if name.startswith("facts/")))
    assert {(CKR["ardvin"], CKG.locatedIn, CKR["sorel-district"]),
            (CKR["sorel-district"], CKG.locatedIn, CKR["varn-region"])} <= facts, facts
    units = build_release(tmp_path / "dist", BuildOptions(corpus=manifest, use_cache=False))
    joined = (CKR["ardvin"], CKG.locatedIn, CKR["varn-region"])
    assert joined in whole.graphs["inferred"]
    assert joined in units.graphs["inferred"]
    assert set(units.graphs["inferred"]) == set(whole.graphs["inferred"])


def test_a_build_process_that_dies_fails_the_build_and_keeps_the_release(tmp_path):
    manifest = three_documents(tmp_path / "corpus")
    out = tmp_path / "dist"
    good = build_release(out, BuildOptions(corpus=manifest, cache=tmp_path / "cache", jobs=1))
    (tmp_path / "corpus" / "part-a.txt").write_text("On 1 May 2021 the army attacked the town.\n"
                                                    * 40, encoding="utf-8")
    (tmp_path / "corpus" / "part-c.txt").write_text("On 2 May 2021 the army shelled the town.\n"
                                                    * 40, encoding="utf-8")
    stop = threading.Event()

    def kill_a_pool_process():
        while not stop.is_set():
            for child in psutil.Process().children(recursive=True):
                try:
                    if any("spawn_main" in part for part in child.cmdline()):
                        child.kill()
                        return
                except psutil.Error:
                    continue
            time.sleep(0.01)

    killer = threading.Thread(target=kill_a_pool_process, daemon=True)
    killer.start()
    try:
        with pytest.raises(BuildError, match="a build process died"):
            build_release(out, BuildOptions(corpus=manifest, cache=tmp_path / "cache", jobs=2))
    finally:
        stop.set()
        killer.join(timeout=10)
    assert out.resolve() == good.release
    # the pool's other processes are gone too: left waiting for work, they would keep this process
    # from exiting (Python 3.11 joins a broken pool's processes at exit)
    deadline = time.monotonic() + 10
    while any("spawn_main" in " ".join(child.cmdline()) for child in psutil.Process().children(recursive=True)
              if child.is_running() and child.status() != psutil.STATUS_ZOMBIE) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [child.pid for child in psutil.Process().children(recursive=True) if child.is_running()
             and child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline())]
    assert not alive, alive
