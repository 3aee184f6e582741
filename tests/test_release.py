"""The release folder is swapped atomically; a failed build leaves the last good release in place."""

import os
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


@pytest.mark.parametrize("parallel", [True, False], ids=["validate while writing", "serial"])
def test_a_shape_violation_fails_the_build_with_a_readable_list(built_release, tmp_path, parallel, single_threaded):
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
        build_release(out, BuildOptions(shapes=shapes, parallel=parallel))
    assert "does not conform" in str(error.value)
    assert "injected: an event needs ten places" in str(error.value)
    assert out.resolve() == before
    assert sorted(p.name for p in before.parent.iterdir()) == releases  # the staged files are gone too


def _write_fails(*args):
    raise OSError("disk full (simulated)")


TEST_PROCESS = os.getpid()


@pytest.mark.parametrize("writer, expected, parallel", [(_write_fails, "disk full (simulated)", True),
                                                        (_write_fails, "disk full (simulated)", False)],
                         ids=["child raises", "serial write raises"])
def test_a_failed_write_fails_the_build_and_keeps_the_release(built_release, monkeypatch, writer, expected,
                                                              parallel, single_threaded):
    import conflict_kg.build

    _, out = built_release
    before = out.resolve()
    releases = sorted(p.name for p in before.parent.iterdir())
    monkeypatch.setattr(conflict_kg.build, "write_rdf_files", writer)  # the forked child runs the patched one
    with pytest.raises(BuildError, match="writing the release failed") as error:
        build_release(out, BuildOptions(parallel=parallel))
    assert expected in str(error.value)
    assert out.resolve() == before
    assert sorted(p.name for p in before.parent.iterdir()) == releases


def test_a_writer_killed_from_outside_is_replaced_by_writing_in_the_build(tmp_path, monkeypatch, single_threaded):
    """A writer child that dies (the kernel's OOM killer, say) costs time, not the release."""
    import conflict_kg.build

    real_write = conflict_kg.build.write_rdf_files

    def dies_in_the_child(folder, *args):
        if os.getpid() != TEST_PROCESS:
            os._exit(9)
        return real_write(folder, *args)

    monkeypatch.setattr(conflict_kg.build, "write_rdf_files", dies_in_the_child)
    said = []
    result = build_release(tmp_path / "dist", progress=said.append)
    assert result.parallel
    assert any("ended without an answer" in line and "exit code 9" in line for line in said), said
    reference = build_release(tmp_path / "serial", BuildOptions(parallel=False))
    for name in ("kg.trig", "kg.nt"):
        assert (result.release / name).read_bytes() == (reference.release / name).read_bytes(), name
    checksums = (result.release / "SHA256SUMS").read_text()
    assert "kg.trig" in checksums and "kg.jsonld" in checksums


def test_serial_and_parallel_builds_write_the_same_files(tmp_path, single_threaded):
    parallel = build_release(tmp_path / "parallel")
    assert parallel.parallel  # the default path: the files were written by the child
    serial = build_release(tmp_path / "serial", BuildOptions(parallel=False))
    assert not serial.parallel
    for name in ("kg.trig", "kg.nt", "kg.ttl", "kg.jsonld"):
        assert (parallel.release / name).read_bytes() == (serial.release / name).read_bytes(), name
