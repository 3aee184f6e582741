"""`kg audit`: a reproducible random sample of facts from a release, each with its source sentences."""

import re
import shutil

import pytest
import yaml
from click.testing import CliRunner
from project_paths import ARTICLE, ROOT

from conflict_kg.audit import KINDS, audit_release
from conflict_kg.cli import main

SMALL_RELEASE = ROOT / "tests" / "server" / "data" / "release"
ITEM = re.compile(r"^\[\d+/\d+\] (\S+)$", re.MULTILINE)


def sampled(release, *arguments) -> list[str]:
    result = CliRunner().invoke(main, ["audit", "--data", str(release), *arguments])
    assert result.exit_code == 0, result.output
    return ITEM.findall(result.output)


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(built_release):
    _, release = built_release
    first = sampled(release, "--kind", "events", "--sample", "10", "--seed", "7")
    assert len(first) == 10 and len(set(first)) == 10
    assert sampled(release, "--kind", "events", "--sample", "10", "--seed", "7") == first
    assert sampled(release, "--kind", "events", "--sample", "10", "--seed", "8") != first


@pytest.mark.parametrize("kind", KINDS)
def test_every_sampled_fact_shows_its_kind_and_the_text_of_its_sentences(built_release, kind):
    _, release = built_release
    article = ARTICLE.read_text(encoding="utf-8")
    audit = audit_release(release, kind, 15, seed=1)
    assert len(audit.items) == min(15, audit.population) and audit.population > 0
    for item in audit.items:
        assert item.kind and item.label, item
        assert item.sentences, item.iri
        for sentence in item.sentences:
            assert sentence.text and article[sentence.begin:sentence.end] == sentence.text
    if kind == "relations":
        assert {item.kind for item in audit.items} == {"RelationAssertion"}
        assert all({"rdf:subject", "rdf:predicate", "rdf:object"} <= set(item.properties) for item in audit.items)
    # Only facts of the kind asked for (the emitter names fact IRIs by kind: event/..., figure/...).
    assert all(f"/id/{kind[:-1]}/" in item.iri for item in audit.items)
    result = CliRunner().invoke(main, ["audit", "--data", str(release), "--kind", kind, "--sample", "15",
                                       "--seed", "1"])
    for item in audit.items:
        assert item.sentences[0].text in result.output


def test_the_judging_sheet_has_a_header_and_a_blank_verdict_per_fact(built_release, tmp_path):
    _, release = built_release
    sheet = tmp_path / "sheet.yaml"
    result = CliRunner().invoke(main, ["audit", "--data", str(release), "--kind", "figures", "--sample", "5",
                                       "--seed", "3", "--out", str(sheet)])
    assert result.exit_code == 0, result.output
    raw = sheet.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    header = data["audit"]
    assert header["seed"] == 3 and header["kind"] == "figures" and header["sampled"] == 5
    assert "kg audit --kind figures --sample 5 --seed 3" in header["command"]
    assert header["date"] and header["release"]["built"]
    assert len(data["items"]) == 5 and raw.count("\n  verdict:\n") == 5
    for item in data["items"]:
        assert item["verdict"] is None and item["note"] is None
        assert item["class"] == "Figure" and "ckg:quantityKind" in item["properties"]
        assert all(s["text"] and s["begin"] is not None for s in item["sentences"])
    assert [item["iri"] for item in data["items"]] == [
        f"https://w3id.org/conflict-kg/id/{iri.removeprefix('ckr:')}" for iri in ITEM.findall(result.output)]


def test_every_property_and_every_source_sentence_is_shown(tmp_path):
    # A node read in two sentences, with properties this test names nowhere else: all of them show.
    release = tmp_path / "release"
    shutil.copytree(SMALL_RELEASE, release)
    event = "<https://w3id.org/conflict-kg/id/event/test-doc/0-0>"
    with open(release / "kg.trig", "a", encoding="utf-8") as trig:
        trig.write(f"""
<https://w3id.org/conflict-kg/graph/facts/test-doc> {{
  {event} ckg:epistemicStatus ckg:Reported ; ckg:reportedBy ckr:test-person ; ckg:someNewProperty "new" .
}}
<https://w3id.org/conflict-kg/graph/provenance> {{
  {event} ckg:extractedFrom <https://w3id.org/conflict-kg/id/doc/test-doc/sentence/60-112> .
}}
""")
    result = CliRunner().invoke(main, ["audit", "--data", str(release), "--kind", "events", "--sample", "5",
                                       "--seed", "0"])
    assert result.exit_code == 0, result.output
    assert "2 of 2 events" in result.output
    capture = result.output[result.output.index("ckr:event/test-doc/0-0"):]
    capture = capture[:capture.index("\n\n")] if "\n\n" in capture else capture
    assert "ckg:reportedBy: Test Person (ckr:test-person)" in capture
    assert "ckg:epistemicStatus: ckg:Reported" in capture and "ckg:someNewProperty: new" in capture
    assert "ckg:agent: Test Army (ckr:test-army)" in capture
    assert "Test Army captured Testtown on 20 September 2023." in capture
    assert "Test Person met officials in Testtown on 19 September." in capture
    assert "citations 16, 17" in capture and "citations 3" in capture
    assert "ckg:participant" not in capture  # inferred triples are not what the extractor asserted


def test_a_missing_release_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["audit", "--data", str(tmp_path / "none"), "--kind", "events",
                                       "--seed", "1"])
    assert result.exit_code == 2
    assert "holds no release" in result.output and "kg build" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
