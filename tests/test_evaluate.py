"""The extractor against the hand-annotated gold file: the figures the README reports.

The thresholds are the project's targets (entities recall >= 0.95; events, statements, figures and
relations recall >= 0.85 and precision >= 0.90), so a change that loses quality fails here.
"""

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.document import Document
from kg.evaluate import GoldError, _Locator, evaluate_document, load_gold
from kg.registry import load_registry

from project_paths import ARTICLE, DATA, ROOT

GOLD = ROOT / "tests" / "gold" / "2023-azerbaijani-offensive-in-nagorno-karabakh.yaml"


@pytest.fixture(scope="module")
def scores():
    document = Document.from_file(ARTICLE)
    return evaluate_document(document, load_registry(DATA / "registry.yaml"), load_gold(GOLD))


def test_gold_file_is_substantial():
    gold = load_gold(GOLD)
    assert len(gold["entities"]) >= 150
    assert len(gold["events"]) >= 100 and len(gold["statements"]) >= 100
    assert len(gold["figures"]) >= 40 and len(gold["relations"]) >= 40


def test_entity_recall(scores):
    assert scores["entities"].recall >= 0.95, scores["entities"].missed


@pytest.mark.parametrize("kind", ["events", "statements", "figures", "relations"])
def test_fact_recall_and_precision(scores, kind):
    score = scores[kind]
    assert score.recall >= 0.85, (score.recall, score.missed[:10])
    assert score.precision >= 0.90, (score.precision, score.spurious[:10])


def test_every_gold_quote_is_in_the_document():
    locate = _Locator(Document.from_file(ARTICLE))
    gold = load_gold(GOLD)
    for kind in ("events", "statements", "figures", "relations"):
        for item in gold[kind]:
            assert locate.starts(item["quote"]), item


def test_a_quote_that_is_not_in_the_document_is_a_gold_error():
    with pytest.raises(GoldError, match="not found"):
        _Locator(Document.from_text("t", "Some text.")).starts("missing words")


def test_kg_evaluate_prints_the_table():
    result = CliRunner().invoke(main, ["evaluate"])
    assert result.exit_code == 0, result.output
    for kind in ("entities", "events", "statements", "figures", "relations"):
        assert kind in result.output
