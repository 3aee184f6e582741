"""Putting a release into the store: build when missing, load once, refuse a corrupt file."""

from __future__ import annotations

import shutil
import sys
import types

import pytest

from serverfixtures import RELEASE
from server.store import ReleaseLoadError, prepare_store


def test_missing_release_is_built_first(tmp_path, monkeypatch):
    calls = []

    def build_release(out):
        calls.append(out)
        shutil.copytree(RELEASE, out, dirs_exist_ok=True)

    monkeypatch.setitem(sys.modules, "kg.build", types.SimpleNamespace(build_release=build_release))
    data = tmp_path / "dist"
    graphs = prepare_store(data, tmp_path / "store")
    assert calls == [data]
    assert "https://w3id.org/conflict-kg/graph/facts" in graphs


def test_loading_twice_does_not_duplicate_and_a_new_release_replaces_its_graphs(tmp_path):
    data = tmp_path / "release"
    shutil.copytree(RELEASE, data)
    store = tmp_path / "store"
    first = prepare_store(data, store)
    assert prepare_store(data, store) == first
    trig = data / "kg.trig"
    trig.write_text(trig.read_text().replace("<https://w3id.org/conflict-kg/graph/inferred> {",
                                             "<https://w3id.org/conflict-kg/graph/inferred2> {"))
    graphs = prepare_store(data, store)
    assert "https://w3id.org/conflict-kg/graph/inferred2" in graphs


def test_corrupt_release_names_file_and_line(tmp_path):
    data = tmp_path / "release"
    data.mkdir()
    (data / "kg.trig").write_text("<urn:g> {\n<urn:a> <urn:b> .\n}\n")
    with pytest.raises(ReleaseLoadError, match=r"kg\.trig: line 2"):
        prepare_store(data, tmp_path / "store")
