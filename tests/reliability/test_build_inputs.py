"""Bad build inputs through `kg build`: a clear message naming the problem, exit status 1, and the
previous release untouched. (tests/test_release.py covers an empty or binary article, a malformed
QID and an unknown class through the library; these go through the command and add the rest.)"""

from __future__ import annotations

import shutil

import pytest
from project_paths import ROOT
from reliabilityhelpers import run_cli

from conflict_kg.release import ReleaseWriter

ARTICLE = "2023-azerbaijani-offensive-in-nagorno-karabakh.txt"


def registry_with(data, extra: str) -> None:
    path = data / "registry.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def fifty_megabytes(data):
    text = (data / ARTICLE).read_bytes()
    (data / ARTICLE).write_bytes(text * (50_000_000 // len(text) + 1))


BREAKAGES = [
    ("50 MB article", fifty_megabytes, ["the document is 50", "MB", ARTICLE]),
    ("empty article", lambda d: (d / ARTICLE).write_bytes(b""), ["empty", ARTICLE]),
    ("binary article", lambda d: (d / ARTICLE).write_bytes(bytes(range(256)) * 100), ["binary", ARTICLE]),
    ("article not UTF-8", lambda d: (d / ARTICLE).write_bytes("Troops entered the café in Stepanakert.".encode("latin-1")),
     ["not UTF-8", ARTICLE]),
    ("duplicate ids", lambda d: registry_with(d, "\n  - {id: stepanakert, label: Again, types: [City]}\n"),
     ["duplicate id 'stepanakert'"]),
    ("several problems at once", lambda d: registry_with(
        d, "\n  - {id: bad-qid, label: B, types: [State], wikidata: Q0x, wikidata_source: s}"
           "\n  - {id: odd-class, label: O, types: [Unicorn]}"
           "\n  - {id: Not A Slug, label: N, types: [City]}\n"),
     ["3 problem(s)", "malformed Wikidata QID 'Q0x'", "unknown class 'Unicorn'", "'Not A Slug' is not a slug"]),
    ("registry not YAML", lambda d: (d / "registry.yaml").write_text("entities: [ {id: x\n"), ["not valid YAML"]),
    ("registry a list", lambda d: (d / "registry.yaml").write_text("- a\n- b\n"),
     ["expected a mapping with a list under 'entities'"]),
    ("registry empty", lambda d: (d / "registry.yaml").write_bytes(b""),
     ["expected a mapping with a list under 'entities'"]),
    ("registry binary", lambda d: (d / "registry.yaml").write_bytes(b"\xff\xfe\x00\x01" * 100),
     ["registry.yaml", "cannot read the registry"]),
    ("corpus names a missing document", lambda d: (d / ARTICLE).unlink(), ["does not exist", ARTICLE]),
    ("corpus empty", lambda d: (d / "corpus.yaml").write_text(""), ["corpus.yaml", "non-empty list under 'documents'"]),
]


@pytest.fixture()
def published(article_release, tmp_path):
    """`out` holding one good release, published the way a build publishes."""
    out = tmp_path / "dist"
    writer = ReleaseWriter(out)
    staging = writer.stage()
    for path in article_release.iterdir():
        shutil.copy(path, staging / path.name)
    target = writer.publish(staging)
    return out, target, writer


@pytest.mark.parametrize("breakage, expected", [(b, e) for _, b, e in BREAKAGES], ids=[n for n, _, _ in BREAKAGES])
def test_bad_build_input_fails_clearly_and_keeps_the_previous_release(published, tmp_path, breakage, expected):
    out, target, writer = published
    before = (out / "SHA256SUMS").read_text()
    folders = sorted(p.name for p in writer.releases.iterdir())
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for path in data.iterdir():
        path.chmod(0o644)
    breakage(data)
    result = run_cli(["build", "--out", str(out), "--corpus", str(data / "corpus.yaml")], timeout=120)
    assert result.returncode == 1, result.stdout[-1000:] + result.stderr[-2000:]
    for words in expected:
        assert words in result.stderr, (words, result.stderr[-2000:])
    assert "previous release (if any) is untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.resolve() == target
    assert (out / "SHA256SUMS").read_text() == before
    assert sorted(p.name for p in writer.releases.iterdir()) == folders  # nothing staged or left behind
