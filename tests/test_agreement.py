"""`kg evaluate --second-annotation`: a second blind annotation scored by the extractor's own measure
(kg/agreement.py), so the extractor's figures can be read against how far two annotators agree."""

from __future__ import annotations

import shutil

import yaml
from click.testing import CliRunner
from project_paths import GENERALITY, ROOT

from conflict_kg.agreement import annotation_as_extraction
from conflict_kg.cli import main as kg
from conflict_kg.document import Document
from conflict_kg.evaluate import score_extraction
from conflict_kg.registry import load_registry

TEXT = ("On 3 May 2023, Valdorian forces shelled Dunmere. On 4 May 2023, Valdorian forces captured Dunmere. "
        "Mirek Dovan said that the town had fallen.")
GOLD = {
    "entities": [{"name": "Dunmere"}],
    "events": [
        {"kind": "Shelling", "quote": "Valdorian forces shelled Dunmere", "date": "2023-05-03", "status": "asserted",
         "agents": ["Valdoria"], "targets": [], "places": ["Dunmere"], "ref": "shelling"},
        {"kind": "Capture", "quote": "Valdorian forces captured Dunmere", "date": "2023-05-04", "status": "asserted",
         "agents": ["Valdoria"], "targets": [], "places": ["Dunmere"], "ref": "capture"},
    ],
    "statements": [{"kind": "Claim", "quote": "Mirek Dovan said", "speaker": "Mirek Dovan", "date": "2023-05-04",
                    "content": "the town had fallen"}],
    "figures": [],
    "relations": [],
}


def _scores(second: dict):
    document = Document.from_text("t", TEXT)
    registry = load_registry(GENERALITY / "registry.yaml")
    extraction, named = annotation_as_extraction(document, registry, second)
    return score_extraction(document, registry, GOLD, extraction, named)


def test_an_annotation_agrees_fully_with_itself():
    scores = _scores(GOLD)
    assert scores["events"].strict == 2 and scores["events"].strict_precision == 1.0
    assert scores["statements"].strict == 1


def test_every_field_two_annotators_fill_differently_is_a_disagreement():
    second = yaml.safe_load(yaml.safe_dump(GOLD))
    second["events"][0]["date"] = "2023-05"  # the month, where the gold has the day
    second["events"][1]["agents"] = []  # the doer left out
    scores = _scores(second)["events"]
    assert (scores.matched_gold, scores.strict) == (2, 0)  # both found, neither strictly the same
    assert scores.attributes["date"] == [1, 2] and scores.attributes["agents"] == [1, 2]


def test_the_second_annotations_refs_are_its_coreference():
    second = yaml.safe_load(yaml.safe_dump(GOLD))
    for item in second["events"]:
        item["ref"] = "one-node"  # read (wrongly) as one real-world event
    scores = _scores(second)["events"]
    assert scores.coreference.merged == 1 and scores.coreference.nodes == 1


def test_a_quote_the_text_does_not_hold_is_a_clear_error(tmp_path):
    article = "battle-of-tabqa"
    second = yaml.safe_load((ROOT / "tests" / "gold" / "dev" / f"{article}.yaml").read_text(encoding="utf-8"))
    second["events"][0]["quote"] = "words that are nowhere in the article"
    (tmp_path / f"{article}.yaml").write_text(yaml.safe_dump(second), encoding="utf-8")
    result = CliRunner().invoke(kg, ["evaluate", "--set", "dev", "--second-annotation", str(tmp_path)])
    assert result.exit_code == 2 and "quote not found" in result.output, result.output
    # the real gold as its own second annotation: every other document skipped, this one in full agreement
    shutil.copyfile(ROOT / "tests" / "gold" / "dev" / f"{article}.yaml", tmp_path / f"{article}.yaml")
    result = CliRunner().invoke(kg, ["evaluate", "--set", "dev", "--second-annotation", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = yaml.safe_load(result.stdout)  # stdout only: stderr may carry another thread's output
    assert list(report["documents"]) == [article]
    assert report["documents"][article]["events"]["strict_precision"] == 1.0


def test_the_committed_second_annotations_read_against_their_gold():
    result = CliRunner().invoke(kg, ["evaluate", "--set", "dev", "--second-annotation",
                                     str(ROOT / "tests" / "gold" / "second"), "--json"])
    assert result.exit_code == 0, result.output
    report = yaml.safe_load(result.stdout)  # stdout only: stderr may carry another thread's output
    assert set(report["documents"]) == {"battle-of-tabqa", "battle-of-kherson"}
    # the figures docs/evaluation/2026-12-06-nineteenth/agreement.md and the README report
    assert {doc: (scores["events"]["strict"], scores["events"]["extracted"], scores["statements"]["strict"])
            for doc, scores in report["documents"].items()} == {"battle-of-tabqa": (51, 63, 35),
                                                                "battle-of-kherson": (32, 44, 28)}


def test_a_quote_the_text_holds_twice_is_a_clear_error():
    import pytest

    from conflict_kg.agreement import AnnotationError

    text = "Valdorian forces shelled Dunmere. Later, Valdorian forces shelled Dunmere."
    document = Document.from_text("t", text)
    registry = load_registry(GENERALITY / "registry.yaml")
    second = {"events": [{"kind": "Shelling", "quote": "Valdorian forces shelled Dunmere", "status": "asserted"}]}
    with pytest.raises(AnnotationError, match="more than once"):
        annotation_as_extraction(document, registry, second)
