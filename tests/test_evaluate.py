"""The extractor against the hand-annotated gold file: the figures the README reports.

The thresholds are the project's targets (entities recall >= 0.95; events, statements, figures and
relations recall >= 0.85 and precision >= 0.90), so a change that loses quality fails here.
"""

import json

import pytest
from click.testing import CliRunner
from project_paths import ARTICLE, DATA, ROOT

from conflict_kg.cli import main
from conflict_kg.document import Document
from conflict_kg.evaluate import GoldError, _Locator, _same_content, evaluate_document, load_gold
from conflict_kg.registry import load_registry

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


# Floors just under today's measured scores (README, "Extraction quality"): a change that loses
# quality fails here. They are not the targets, which the README reports against.
FLOORS = {  # kind: (lenient recall, lenient precision, strict precision)
    "events": (0.70, 0.84, 0.48),  # strict 0.379 at 74581fd, 0.403 at 7b4e1d0, 0.420 at f7c0350, 0.442 at 5cfbfc2, 0.457 at 7d7d98f, 0.493 at 56d15c3
    # strict compares the content word by word too (since 2026-12-03); 0.64 -> 0.62 on 2026-12-04: replies and
    # follow-ups no longer take the paragraph's day, which the gold gives them and the hand judges (round 3) did not
    "statements": (0.88, 0.95, 0.62),
    # (recall: the gold counts promised payments and a planned influx, which are not counts of what
    # happened; the hand-judged sample calls them misleading, so the rules leave them out)
    "figures": (0.92, 0.97, 0.90),
    # 0.860 -> 0.849 recall on 2026-12-05: "Secretary of the Security Council of Artsakh" is its member, not
    # its head (a blind judge's wrong, audit round 26), where this gold, written before blind annotation, says head
    "relations": (0.84, 0.93, 0.93),
}


@pytest.mark.parametrize("kind", list(FLOORS))
def test_fact_recall_and_precision(scores, kind):
    score = scores[kind]
    recall, precision, strict = FLOORS[kind]
    assert score.recall >= recall, (score.recall, score.missed[:10])
    assert score.precision >= precision, (score.precision, score.spurious[:10])
    assert score.strict_precision >= strict, (score.strict_precision, score.failures[:10])


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


# -- strict scoring, on small hand-made documents (no absolute thresholds on the real article) -------

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

import yaml  # noqa: E402
from project_paths import GENERALITY  # noqa: E402

from conflict_kg.dates import DateValue  # noqa: E402
from conflict_kg.evaluate import Report, format_report, gold_interval, score_extraction  # noqa: E402
from conflict_kg.extract.facts import Event, Extraction, Figure, Statement  # noqa: E402
from conflict_kg.registry import Entity, Registry  # noqa: E402

TEXT = ("On 20 September 2023, Azerbaijan captured Martuni. "
        "Armenia said that Azerbaijan shelled Sos. "
        "The capture of Martuni ended the fighting.")
DOC = Document.from_text("demo", TEXT)
CAPTURED, SHELLED, CAPTURE_AGAIN = DOC.sentences
REGISTRY = Registry({e.id: e for e in (
    Entity("azerbaijan", "Azerbaijan", ("State",)), Entity("armenia", "Armenia", ("State",)),
    Entity("martuni", "Martuni", ("Town",)), Entity("sos", "Sos", ("Village",)),
    Entity("russia", "Russia", ("State",)))})


def day(text: str) -> DateValue:
    begin, end = gold_interval(text)
    return DateValue(begin, end, "day", text, 0, 1)


def capture(sentence=CAPTURED, **fields) -> Event:
    fields = {"date": day("2023-09-20"), "agents": ["azerbaijan"], "places": ["martuni"]} | fields
    return Event("Capture", sentence, (0, 5), **fields)


def shelling(**fields) -> Event:
    fields = {"agents": ["azerbaijan"], "places": ["sos"], "status": "reported", "sources": ["armenia"]} | fields
    return Event("Shelling", SHELLED, (0, 5), **fields)


GOLD_CAPTURE = {"kind": "Capture", "quote": "Azerbaijan captured Martuni", "date": "2023-09-20",
                "agents": ["Azerbaijan"], "places": ["Martuni"]}
GOLD_SHELLING = {"kind": "Shelling", "quote": "Azerbaijan shelled Sos", "agents": ["Azerbaijan"],
                 "places": ["Sos"], "status": "reported", "source": ["Armenia"]}


def score(section: str, gold_items: list, **extracted):
    gold = {kind: [] for kind in ("entities", "events", "statements", "figures", "relations")}
    gold[section] = gold_items
    return score_extraction(DOC, REGISTRY, gold, Extraction(**extracted))[section]


def test_a_pair_whose_every_field_agrees_is_strictly_correct():
    events = score("events", [GOLD_CAPTURE, GOLD_SHELLING], events=[capture(), shelling()])
    assert (events.strict, events.strict_recall, events.strict_precision, events.strict_f1) == (2, 1.0, 1.0, 1.0)
    assert events.failures == []


@pytest.mark.parametrize("gold, begin, end, same", [
    ("2023-09-20", "2023-09-20", "2023-09-20", True),
    ("2023-09", "2023-09-01", "2023-09-30", True),  # a gold month is its first to last day
    ("2023-09", "2023-09-20", "2023-09-20", False),  # a day inside the month is not the month
    ("2023", "2023-01-01", "2023-12-31", True),
    ("2023-09-19/2023-09-20", "2023-09-19", "2023-09-20", True),
    ("2023-09-19/2023-09-20", "2023-09-19", "2023-09-19", False),
    ("2023-09/2023-10", "2023-09-01", "2023-10-31", True),
])
def test_event_dates_agree_only_as_the_same_interval(gold, begin, end, same):
    date = DateValue(datetime.date.fromisoformat(begin), datetime.date.fromisoformat(end), "day", "x", 0, 1)
    events = score("events", [GOLD_CAPTURE | {"date": gold}], events=[capture(date=date)])
    assert events.matched_gold == 1  # lenient match either way
    assert (events.strict == 1) is same
    assert events.attributes["date"] == [int(same), 1]


def test_a_date_on_one_side_only_is_wrong():
    extra = score("events", [{k: v for k, v in GOLD_CAPTURE.items() if k != "date"}], events=[capture()])
    lacking = score("events", [GOLD_CAPTURE], events=[capture(date=None)])
    neither = score("events", [{k: v for k, v in GOLD_CAPTURE.items() if k != "date"}], events=[capture(date=None)])
    assert (extra.strict, lacking.strict, neither.strict) == (0, 0, 1)
    assert "date: gold (none)" in extra.failures[0]


@pytest.mark.parametrize("gold, same", [
    ("2023-09-20", True),
    ("2023-09-15/2023-09-20", True),  # the annotator read the span from where the narrative began
    ("2023-09-19", False),  # another last day
    (None, True),  # the guide's date is the event's own: a bound gives none
])
def test_a_day_it_had_happened_by_agrees_on_its_last_day(gold, same):
    item = GOLD_CAPTURE | {"date": gold} if gold else {k: v for k, v in GOLD_CAPTURE.items() if k != "date"}
    events = score("events", [item], events=[capture(scope="Completion")])
    assert (events.strict == 1) is same


def test_a_malformed_gold_date_is_a_gold_error():
    with pytest.raises(GoldError, match="not YYYY-MM-DD"):
        score("events", [GOLD_CAPTURE | {"date": "20 September"}], events=[capture()])


@pytest.mark.parametrize("role, gold_names, extracted, same", [
    ("agents", ["Azerbaijan"], ["azerbaijan"], True),
    ("agents", ["Azerbaijan"], ["azerbaijan", "armenia"], False),  # a superset is not the same set
    ("agents", ["Azerbaijan", "Armenia"], ["azerbaijan"], False),  # nor a subset
    ("places", ["Martuni", "Sos"], ["sos", "martuni"], True),  # order does not matter
    ("targets", [], ["armenia"], False),
    ("mediators", ["Russia"], ["russia"], True),
    ("mediators", ["Atlantis"], [], False),  # a gold name that does not resolve never agrees
])
def test_roles_agree_only_as_the_same_set_of_entities(role, gold_names, extracted, same):
    events = score("events", [GOLD_CAPTURE | {role: gold_names}], events=[capture(**{role: extracted})])
    assert (events.strict == 1) is same, events.failures
    assert events.attributes[role] == [int(same), 1]


def test_status_defaults_to_asserted():
    asserted = score("events", [GOLD_CAPTURE], events=[capture(status="asserted")])
    reported = score("events", [GOLD_CAPTURE], events=[capture(status="reported", sources=["armenia"])])
    assert asserted.strict == 1
    assert reported.strict == 0 and "status: gold asserted, extracted reported" in reported.failures[0]


def test_sources_count_only_when_the_event_is_not_asserted():
    # An asserted gold event ignores the sources field (there is nothing to compare) ...
    asserted = score("events", [GOLD_CAPTURE], events=[capture(sources=["armenia"])])
    assert asserted.strict == 1 and "source" not in asserted.attributes
    # ... a reported one needs the same sources.
    right = score("events", [GOLD_SHELLING], events=[shelling()])
    wrong = score("events", [GOLD_SHELLING], events=[shelling(sources=["russia"])])
    missing = score("events", [GOLD_SHELLING], events=[shelling(sources=[])])
    alleged = score("events", [GOLD_SHELLING | {"status": "alleged"}], events=[shelling()])
    assert right.strict == 1 and right.attributes["source"] == [1, 1]
    assert wrong.strict == missing.strict == alleged.strict == 0
    assert "source:" in wrong.failures[0] and "status:" in alleged.failures[0]


def test_events_are_matched_per_mention():
    gold_again = {"kind": "Capture", "quote": "The capture of Martuni", "places": ["Martuni"], "ref": "martuni"}
    node = capture(also=[capture(CAPTURE_AGAIN, date=None, agents=[])])
    events = score("events", [GOLD_CAPTURE, gold_again], events=[node])
    assert (events.extracted, events.matched_gold, events.matched_extracted) == (2, 2, 2)
    assert events.strict == 2
    # Only the node's first mention: the second gold item is missed.
    alone = score("events", [GOLD_CAPTURE, gold_again], events=[capture()])
    assert (alone.extracted, alone.matched_gold, alone.recall) == (1, 1, 0.5)
    # Each mention is judged on its own roles: a wrong second mention fails alone.
    wrong_second = capture(also=[capture(CAPTURE_AGAIN, date=None, agents=["armenia"])])
    mixed = score("events", [GOLD_CAPTURE, gold_again], events=[wrong_second])
    assert mixed.strict == 1 and "agents:" in mixed.failures[0] and "The capture of Martuni" in mixed.failures[0]


def test_coreference_counts_nodes_per_real_world_event():
    first = GOLD_CAPTURE | {"ref": "martuni"}
    again = {"kind": "Capture", "quote": "The capture of Martuni", "places": ["Martuni"], "ref": "martuni"}
    second_mention = capture(CAPTURE_AGAIN, date=None, agents=[])
    one_node = score("events", [first, again, GOLD_SHELLING], events=[capture(also=[second_mention]), shelling()])
    two_nodes = score("events", [first, again, GOLD_SHELLING], events=[capture(), second_mention, shelling()])
    # Gold: the capture (two mentions sharing a ref) and the shelling (no ref, its own event).
    assert (one_node.coreference.nodes, one_node.coreference.events) == (2, 2)
    assert one_node.coreference.nodes_per_event == 1.0
    assert (two_nodes.coreference.nodes, two_nodes.coreference.nodes_per_event) == (3, 1.5)
    merged = score("events", [first, {**again, "ref": "another"}], events=[capture(also=[second_mention])])
    assert (merged.coreference.nodes_per_event, merged.coreference.merged) == (0.5, 1)
    without_refs = score("events", [GOLD_CAPTURE], events=[capture()])
    assert without_refs.coreference is None
    printed = format_report(Report(documents={"demo": {"events": two_nodes}}))
    assert "1.50 nodes per real-world event" in printed


def test_strict_scores_by_event_kind():
    events = score("events", [GOLD_CAPTURE, GOLD_SHELLING], events=[capture(), shelling(sources=[])])
    capture_kind, shelling_kind = events.by_kind["Capture"], events.by_kind["Shelling"]
    assert (capture_kind.gold, capture_kind.strict, capture_kind.strict_recall) == (1, 1, 1.0)
    assert (shelling_kind.gold, shelling_kind.extracted, shelling_kind.strict_recall) == (1, 1, 0.0)
    assert events.strict_recall == 0.5


def test_statements_strictly_need_kind_and_date():
    gold = [{"kind": "Claim", "quote": "Armenia said that", "speaker": "Armenia", "date": "2023-09"}]
    right = Statement("Claim", SHELLED, (8, 12), "armenia", date=day("2023-09"))
    assert score("statements", gold, statements=[right]).strict == 1
    wrong_kind = score("statements", gold, statements=[Statement("Report", SHELLED, (8, 12), "armenia",
                                                                 date=day("2023-09"))])
    no_date = score("statements", gold, statements=[Statement("Claim", SHELLED, (8, 12), "armenia")])
    assert wrong_kind.matched_gold == no_date.matched_gold == 1  # matched on sentence and speaker
    assert wrong_kind.strict == no_date.strict == 0
    assert wrong_kind.attributes["kind"] == [0, 1] and no_date.attributes["date"] == [0, 1]


def figure(**fields) -> Figure:
    fields = {"bound": "AtLeast", "quantity_kind": "Deaths", "min_value": Decimal(200)} | fields
    return Figure(CAPTURED, (0, 3), "200", counted_text="killed", **fields)


@pytest.mark.parametrize("gold_fields, extracted_fields, failing", [
    ({}, {}, None),
    ({"min": "200.0"}, {}, None),  # numbers compare as decimals
    ({"bound": "MoreThan"}, {}, "bound"),
    ({"kind": "Injuries"}, {}, "kind"),
    ({"max": 300}, {}, "numbers"),  # every number, not only the shared one
    ({"according_to": "Azerbaijan"}, {"according_to": "azerbaijan"}, None),
    ({"according_to": "Azerbaijan"}, {}, "according_to"),
    ({}, {"according_to": "armenia"}, "according_to"),  # absent only agrees with absent
    ({"as_of": "2023-09-20"}, {"as_of": day("2023-09-20")}, None),
    ({}, {"as_of": day("2023-09-20")}, "as_of"),
])
def test_figures_strictly_need_every_field(gold_fields, extracted_fields, failing):
    gold = [{"quote": "Azerbaijan captured", "kind": "Deaths", "bound": "AtLeast", "min": 200} | gold_fields]
    figures = score("figures", gold, figures=[figure(**extracted_fields)])
    assert figures.matched_gold == 1
    assert (figures.strict == 1) is (failing is None), figures.failures
    if failing:
        assert figures.failures[0].split(" | ")[1].startswith(f"{failing}:")


def write_corpus(folder, ids):
    article = GENERALITY / "article.txt"
    registry = GENERALITY / "registry.yaml"
    manifest = folder / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({"documents": [
        {"id": doc_id, "path": str(article), "title": doc_id, "source": "https://example.org/x",
         "license": "https://creativecommons.org/licenses/by-sa/4.0/", "attribution": "Tests.",
         "registry": str(registry)} for doc_id in ids]}), encoding="utf-8")
    return manifest


def test_kg_evaluate_reads_another_corpus_and_gold_folder_and_skips_documents_without_gold(tmp_path):
    corpus = write_corpus(tmp_path, ["annotated", "not-annotated"])
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "annotated.yaml").write_text((GENERALITY / "gold.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(corpus), "--gold-dir", str(gold_dir),
                                       "--by-kind", "--verbose"])
    assert result.exit_code == 0, result.output
    assert "skipped not-annotated: no gold file" in result.output
    assert "annotated" in result.output and "strict R" in result.output
    assert "events by kind" in result.output
    result = CliRunner().invoke(main, ["evaluate", "--corpus", str(corpus), "--gold-dir", str(gold_dir), "--json"])
    report = json.loads(result.output)
    assert list(report["documents"]) == ["annotated"] and "not-annotated" in report["skipped"]
    events = report["documents"]["annotated"]["events"]
    assert {"strict_recall", "strict_precision", "strict_f1", "fields", "by_kind"} <= set(events)


@pytest.mark.parametrize("arguments, message", [
    (["--set", "test", "--corpus", "/nonexistent/corpus.yaml"],
     "corpus manifest /nonexistent/corpus.yaml does not exist"),
    (["--gold-dir", "/nonexistent/gold"], "gold folder /nonexistent/gold does not exist"),
])
def test_kg_evaluate_without_its_files_is_a_clear_error(arguments, message):
    result = CliRunner().invoke(main, ["evaluate", *arguments])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_kg_evaluate_set_picks_corpus_and_gold_folder(tmp_path, monkeypatch):
    import conflict_kg.evaluate

    corpus = write_corpus(tmp_path, ["annotated"])
    monkeypatch.setitem(conflict_kg.evaluate.SETS, "dev", (corpus, tmp_path / "missing-gold"))
    result = CliRunner().invoke(main, ["evaluate", "--set", "dev"])
    assert result.exit_code == 2 and "missing-gold does not exist" in result.output
    empty = tmp_path / "gold"
    empty.mkdir()
    monkeypatch.setitem(conflict_kg.evaluate.SETS, "dev", (corpus, empty))
    result = CliRunner().invoke(main, ["evaluate", "--set", "dev"])
    assert result.exit_code == 2 and "has a gold file" in result.output


def test_statement_content_is_compared_word_by_word():
    gold = "they had evacuated over 7,000 people from 16 rural settlements"
    assert _same_content(gold, "that they had evacuated over 7,000 people from 16 rural settlements")[0]
    assert _same_content(gold, "they had evacuated over 7,000 people")[0] is False  # half of what was said
    extra = gold + ", while Russian peacekeepers evacuated 5,000 others"  # words the speaker did not say
    assert _same_content(gold, extra)[0] is False
    assert _same_content(gold, None)[0] is False
    assert _same_content(None, "anything") is None  # the annotator gave none: not compared


def test_verbose_coreference_names_each_event_read_as_several_nodes():
    from conflict_kg.evaluate import _coreference

    gold = [{"ref": "offensive"}, {"ref": "offensive"}, {"ref": "ceasefire"}, {}]
    mentions = [object() for _ in gold]
    node_of = {id(mentions[0]): 0, id(mentions[1]): 1, id(mentions[2]): 2, id(mentions[3]): 2}
    coreference = _coreference(gold, list(zip(gold, mentions, strict=True)), node_of)
    assert (coreference.nodes, coreference.events, coreference.merged) == (3, 3, 1)
    assert coreference.split == ["offensive: 2 nodes"]
    assert "events read as several nodes: offensive: 2 nodes" in coreference.describe(verbose=True)
    assert "several nodes" not in coreference.describe()


def test_a_gold_item_takes_the_mention_read_inside_its_quote_before_the_sentences_first():
    text = "On 20 September 2023, Azerbaijan captured Martuni, while Armenia captured Sos."
    document = Document.from_text("two", text)
    (sentence,) = document.sentences
    first = Event("Capture", sentence, (text.index("captured Martuni"), text.index("captured Martuni") + 8),
                  agents=["azerbaijan"], places=["martuni"])
    second = Event("Capture", sentence, (text.index("captured Sos"), text.index("captured Sos") + 8),
                   agents=["armenia"], places=["sos"])
    gold = {kind: [] for kind in ("entities", "events", "statements", "figures", "relations")}
    # the gold tells the second capture first: it still takes the mention read at "captured Sos"
    gold["events"] = [{"kind": "Capture", "quote": "Armenia captured Sos", "agents": ["Armenia"], "places": ["Sos"]},
                      {"kind": "Capture", "quote": "Azerbaijan captured Martuni", "agents": ["Azerbaijan"],
                       "places": ["Martuni"]}]
    events = score_extraction(document, REGISTRY, gold, Extraction(events=[first, second]))["events"]
    assert events.strict == 2, events.failures
