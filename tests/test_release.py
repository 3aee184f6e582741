"""The release folder is swapped atomically; a failed build leaves the last good release in place."""

import shutil
from pathlib import Path

import pytest
from project_paths import ROOT

from conflict_kg.build import BuildError, BuildOptions, build_release
from conflict_kg.release import ReleaseWriter


def test_publish_swaps_the_link_and_keeps_two_releases(tmp_path):
    writer = ReleaseWriter(tmp_path / "dist")
    for number in range(3):
        staging = writer.stage()
        (staging / "kg.trig").write_text(f"release {number}")
        writer.publish(staging)
        assert (tmp_path / "dist" / "kg.trig").read_text() == f"release {number}"
    assert (tmp_path / "dist").is_symlink()
    kept = [p for p in writer.releases.iterdir() if p.is_dir()]
    assert len(kept) == 2


def test_a_plain_folder_in_the_way_is_moved_aside_not_lost(tmp_path):
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "kg.trig").write_text("old")
    writer = ReleaseWriter(tmp_path / "dist")
    staging = writer.stage()
    (staging / "kg.trig").write_text("new")
    writer.publish(staging)
    assert (tmp_path / "dist" / "kg.trig").read_text() == "new"
    assert any((p / "kg.trig").read_text() == "old" for p in writer.releases.iterdir() if p.is_dir())


def copy_inputs(tmp_path) -> Path:
    """A private copy of data/ so a test can break the inputs."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for path in data.iterdir():
        path.chmod(0o644)
    return data


def broken_build(tmp_path, out, breakage):
    data = copy_inputs(tmp_path)
    breakage(data)
    with pytest.raises(BuildError) as error:
        build_release(out, BuildOptions(corpus=data / "corpus.yaml"))
    return str(error.value)


@pytest.mark.parametrize("breakage, expected", [
    (lambda d: (d / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt").write_bytes(b""), "empty"),
    (lambda d: (d / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt").write_bytes(b"\x00\x9f\x92"), "binary"),
    (lambda d: (d / "registry.yaml").write_text(
        (d / "registry.yaml").read_text() + "\n  - {id: broken, label: B, types: [State], wikidata: Q0x, wikidata_source: s}\n"),
     "malformed Wikidata QID"),
    (lambda d: (d / "registry.yaml").write_text(
        (d / "registry.yaml").read_text() + "\n  - {id: broken, label: B, types: [Unicorn]}\n"), "unknown class 'Unicorn'"),
])
def test_bad_inputs_fail_clearly_and_leave_the_previous_release(built_release, tmp_path, breakage, expected):
    _, out = built_release
    before = (out / "SHA256SUMS").read_text()
    target = out.resolve()
    message = broken_build(tmp_path, out, breakage)
    assert expected in message
    assert out.resolve() == target
    assert (out / "SHA256SUMS").read_text() == before


def test_a_shape_violation_fails_the_build_with_a_readable_list(built_release, tmp_path):
    _, out = built_release
    before = out.resolve()
    releases = sorted(p.name for p in before.parent.iterdir())
    shapes = tmp_path / "shapes.ttl"
    # An extra constraint the real data cannot meet: every event must have ten places.
    shapes.write_text((ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8") + """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
<https://w3id.org/conflict-kg/shapes#InjectedShape> a sh:NodeShape ; sh:targetClass ckg:Event ;
  sh:property [ sh:path ckg:place ; sh:minCount 10 ; sh:message "injected: an event needs ten places"@en ] .
""", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        build_release(out, BuildOptions(shapes=shapes, cache=tmp_path / "cache"))
    assert "does not conform" in str(error.value)
    assert "injected: an event needs ten places" in str(error.value)
    assert out.resolve() == before
    assert sorted(p.name for p in before.parent.iterdir()) == releases  # the staged files are gone too


def test_a_failed_write_fails_the_build_and_keeps_the_release(built_release, monkeypatch, tmp_path):
    import conflict_kg.corpus_build

    def fails(*args, **kwargs):
        raise OSError("disk full (simulated)")

    _, out = built_release
    before = out.resolve()
    releases = sorted(p.name for p in before.parent.iterdir())
    monkeypatch.setattr(conflict_kg.corpus_build, "write_release_files", fails)
    with pytest.raises(BuildError, match="writing the release failed") as error:
        build_release(out, BuildOptions(cache=tmp_path / "cache"))
    assert "disk full (simulated)" in str(error.value)
    assert out.resolve() == before
    assert sorted(p.name for p in before.parent.iterdir()) == releases
