"""`kg link`: QID proposals from Wikidata-format files, type checks, ranking and --apply."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conflict_kg.link import (
    LinkError,
    apply_proposals,
    link,
    normalise,
    propose_links,
    read_candidates,
    source_note,
)
from conflict_kg.registry import load_registry

DATA = Path(__file__).resolve().parent / "data" / "wikidata"
REGISTRY = DATA / "registry.yaml"
ENTITIES = DATA / "entities.json"
SPARQL_JSON = DATA / "sparql.json"
SPARQL_CSV = DATA / "sparql.csv"


def recorded_source(qid, origin):
    return source_note(qid, origin, date.today())


def by_id(proposals):
    return {p.entity_id: p for p in proposals}


@pytest.fixture()
def registry_copy(tmp_path):
    target = tmp_path / "registry.yaml"
    shutil.copy(REGISTRY, target)
    return target


# -- names and readers ---------------------------------------------------------------------------------------

def test_normalise_folds_case_diacritics_punctuation_and_the():
    assert normalise("Marsála") == "marsala"
    assert normalise("Rufus T. Firefly") == "rufus t firefly"
    assert normalise("The  Army-of Trentino!") == "army of trentino"
    assert normalise("Rufus T. Firefly") == normalise("rufus t firefly")


def test_read_entity_json_slice():
    items = read_candidates(ENTITIES)
    assert "Q9999999" not in items  # a "missing" entity is skipped
    sylvania = items["Q9000002"]
    assert sylvania.label == "Sylvania"
    assert sylvania.labels["de"] == "Sylvanien"
    assert sylvania.aliases == ["Sylvanian State"]
    assert sylvania.types == {"Q3624078"}
    assert items["Q9000008"].types == set()


def test_read_dump_array_and_json_lines(tmp_path):
    entities = list(json.loads(ENTITIES.read_text(encoding="utf-8"))["entities"].values())
    array = tmp_path / "array.json"
    array.write_text(json.dumps(entities), encoding="utf-8")
    # the dump layout: "[", one entity per line followed by a comma, "]"
    lines = tmp_path / "dump.json"
    lines.write_text("[\n" + ",\n".join(json.dumps(e) for e in entities) + "\n]\n", encoding="utf-8")
    jsonl = tmp_path / "slice.jsonl"
    jsonl.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
    reference = read_candidates(ENTITIES)
    for path in (array, lines, jsonl):
        items = read_candidates(path)
        assert set(items) == set(reference)
        assert items["Q9000007"].aliases == ["Trentino Army"]
        assert items["Q9000007"].types == {"Q772547"}


def test_read_sparql_json_merges_rows():
    items = read_candidates(SPARQL_JSON)
    assert set(items) == {"Q9000003", "Q9000013"}
    firefly = items["Q9000003"]
    assert firefly.label == "Rufus T. Firefly"
    assert firefly.aliases == ["Firefly", "R. T. Firefly"]
    assert firefly.types == {"Q5", "Q9100003"}
    assert firefly.description == "made-up statesman"


def test_read_csv_with_uris_and_bare_qids():
    items = read_candidates(SPARQL_CSV)
    assert set(items) == {"Q9000004", "Q9000014", "Q9000015"}
    assert items["Q9000004"].aliases == ["Marsalah", "Marsala town"]
    assert items["Q9000004"].types == {"Q3957"}
    assert items["Q9000015"].types == {"Q9100004"}


def test_unusable_files_raise(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"something": 1}', encoding="utf-8")
    with pytest.raises(LinkError):
        read_candidates(bad)
    no_item = tmp_path / "bad.csv"
    no_item.write_text("label,type\nX,Q5\n", encoding="utf-8")
    with pytest.raises(LinkError):
        read_candidates(no_item)


# -- proposals -----------------------------------------------------------------------------------------------

def test_proposals_from_entity_json():
    registry = load_registry(REGISTRY)
    proposals = by_id(propose_links(registry, ENTITIES))
    # only entities without a QID get a proposal
    assert "freedonia" not in proposals
    assert set(proposals) == {e.id for e in registry if not e.wikidata}

    sylvania = proposals["sylvania"]
    assert sylvania.status == "proposed"
    assert sylvania.best.qid == "Q9000002"
    assert sylvania.best.score == 1.0
    assert sylvania.best.type_status == "match"

    army = proposals["trentino-army"]  # our label is their alias
    assert army.status == "proposed"
    assert army.best.qid == "Q9000007"
    assert 0.8 <= army.best.score < 1.0


def test_type_mismatch_is_rejected():
    registry = load_registry(REGISTRY)
    sylvania = by_id(propose_links(registry, ENTITIES))["sylvania"]
    person = [c for c in sylvania.candidates if c.qid == "Q9000012"]
    assert len(person) == 1
    assert person[0].rejected and person[0].score == 0.0 and person[0].name_score == 1.0
    assert sylvania.candidates[-1].qid == "Q9000012"  # rejected candidates are listed last

    marsala = by_id(propose_links(registry, SPARQL_CSV))["marsala"]
    assert marsala.status == "proposed" and marsala.best.qid == "Q9000004"  # diacritics folded
    assert {c.qid for c in marsala.candidates if c.rejected} == {"Q9000014", "Q9000015"}

    firefly = by_id(propose_links(registry, SPARQL_JSON))["rufus-firefly"]
    assert firefly.best.qid == "Q9000003"
    assert [c.qid for c in firefly.candidates if c.rejected] == ["Q9000013"]


def test_ambiguous_candidates_are_ranked_and_not_proposed():
    registry = load_registry(REGISTRY)
    springfield = by_id(propose_links(registry, ENTITIES))["springfield"]
    assert springfield.status == "ambiguous"
    assert [c.qid for c in springfield.candidates] == ["Q9000005", "Q9000006"]
    assert springfield.candidates[0].score >= springfield.candidates[1].score


def test_below_threshold_and_threshold_option():
    registry = load_registry(REGISTRY)
    bureau = by_id(propose_links(registry, ENTITIES))["chicolini-bureau"]
    assert bureau.status == "below-threshold"
    assert bureau.best.qid == "Q9000008" and bureau.best.type_status == "unknown"
    lowered = by_id(propose_links(registry, ENTITIES, min_score=bureau.best.score))["chicolini-bureau"]
    assert lowered.status == "proposed"


def test_no_qid_given_twice():
    registry = load_registry(REGISTRY)
    proposals = by_id(propose_links(registry, ENTITIES))
    # Q9000001 already belongs to freedonia
    assert proposals["old-freedonia"].status == "taken"
    assert proposals["old-freedonia"].best.qid == "Q9000001"
    # Q9000002 is the best candidate of two entities: the exact label match wins
    assert proposals["sylvanian-state"].status == "taken"
    assert proposals["sylvania"].status == "proposed"
    proposed = [p.best.qid for p in proposals.values() if p.status == "proposed"]
    assert len(proposed) == len(set(proposed))


# -- writing -------------------------------------------------------------------------------------------------

def test_dry_run_writes_nothing(registry_copy):
    before = registry_copy.read_bytes()
    result = CliRunner().invoke(link, ["--registry", str(registry_copy), "--from", str(ENTITIES)])
    assert result.exit_code == 0, result.output
    assert "sylvania  [Sylvania]  -> proposed" in result.output
    assert "1.000  Q9000002" in result.output
    assert "REJECTED: type" in result.output
    assert "nothing written" in result.output
    assert registry_copy.read_bytes() == before


def test_apply_writes_exactly_the_expected_fields(registry_copy):
    before = registry_copy.read_text(encoding="utf-8").splitlines()
    result = CliRunner().invoke(link, ["--registry", str(registry_copy), "--from", str(ENTITIES), "--apply"])
    assert result.exit_code == 0, result.output
    assert "wrote 2 QID(s)" in result.output
    after = registry_copy.read_text(encoding="utf-8").splitlines()

    added = list(after)
    for line in before:  # every old line is kept, in order
        added.remove(line)
    assert added == [
        "    wikidata: Q9000002",
        '    wikidata_label: "Sylvania"',
        f'    wikidata_source: "{recorded_source("Q9000002", "entities.json")}"',
        "    wikidata: Q9000007",
        '    wikidata_label: "Army of Trentino"',
        f'    wikidata_source: "{recorded_source("Q9000007", "entities.json")}"',
    ]
    assert [line for line in after if line.lstrip().startswith("#")] == \
        [line for line in before if line.lstrip().startswith("#")]
    # inserted right after the entity's last field, before the blank line
    start = after.index("  - id: sylvania             # no QID yet")
    assert after[start + 1:start + 7] == [
        "    label: Sylvania",
        "    types: [State, Country]",
        "    demonyms: [Sylvanian]",
        "    wikidata: Q9000002",
        '    wikidata_label: "Sylvania"',
        f'    wikidata_source: "{recorded_source("Q9000002", "entities.json")}"',
    ]
    assert after[start + 7] == ""

    registry = load_registry(registry_copy)
    assert registry["sylvania"].wikidata == "Q9000002"
    assert registry["sylvania"].wikidata_label == "Sylvania"
    assert registry["sylvania"].wikidata_source == \
        f"https://www.wikidata.org/wiki/Q9000002 (kg link from entities.json, checked {date.today().isoformat()})"
    assert registry["trentino-army"].wikidata == "Q9000007"
    assert registry["trentino-army"].part_of == ("sylvania",)
    for untouched in ("springfield", "old-freedonia", "sylvanian-state", "chicolini-bureau"):
        assert registry[untouched].wikidata is None


def test_apply_from_all_three_formats_keeps_qids_unique(registry_copy):
    runner = CliRunner()
    for source in (ENTITIES, SPARQL_JSON, SPARQL_CSV):
        result = runner.invoke(link, ["--registry", str(registry_copy), "--from", str(source), "--apply"])
        assert result.exit_code == 0, result.output
    # a second run proposes nothing new and changes nothing
    text = registry_copy.read_text(encoding="utf-8")
    result = runner.invoke(link, ["--registry", str(registry_copy), "--from", str(ENTITIES), "--apply"])
    assert result.exit_code == 0 and "wrote 0 QID(s)" in result.output
    assert registry_copy.read_text(encoding="utf-8") == text

    registry = load_registry(registry_copy)
    qids = {e.id: e.wikidata for e in registry if e.wikidata}
    assert qids == {
        "freedonia": "Q9000001", "sylvania": "Q9000002", "trentino-army": "Q9000007",
        "rufus-firefly": "Q9000003", "marsala": "Q9000004",
    }
    assert len(set(qids.values())) == len(qids)
    assert registry["marsala"].wikidata_label == "Marsála"
    assert registry["marsala"].wikidata_source == recorded_source("Q9000004", "sparql.csv")
    assert registry["rufus-firefly"].aliases == ("Firefly",)  # the block list above is kept
    data = yaml.safe_load(text)
    firefly = next(e for e in data["entities"] if e["id"] == "rufus-firefly")
    assert firefly["wikidata_source"] == recorded_source("Q9000003", "sparql.json")


def test_apply_api_keeps_file_when_nothing_is_proposed(registry_copy):
    registry = load_registry(registry_copy)
    proposals = propose_links(registry, ENTITIES, min_score=1.01)  # nothing reaches the threshold
    assert all(p.status != "proposed" for p in proposals)
    before = registry_copy.read_bytes()
    assert apply_proposals(registry_copy, proposals, "entities.json") == []
    assert registry_copy.read_bytes() == before
