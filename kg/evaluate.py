"""Measure the extractor against a hand-annotated gold file (tests/gold/README.md has the rules).

Gold names are resolved to registry entities through labels and aliases. A gold item lies in an
extracted item's sentence when its quote starts inside the sentence's span. Events match on
(sentence, kind); statements on (sentence, speaker); figures on (sentence, a shared number);
relations on (subject, relation, object). Each extracted item matches at most one gold item.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from kg.build import PROJECT_ROOT
from kg.corpus import load_corpus
from kg.document import Document, Sentence
from kg.extract import extract
from kg.registry import Registry, load_registry

GOLD_FOLDER = PROJECT_ROOT / "tests" / "gold"
KINDS = ("entities", "events", "statements", "figures", "relations")


@dataclass
class Score:
    gold: int = 0
    extracted: int = 0
    matched_gold: int = 0
    matched_extracted: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [agreeing, compared]
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 1.0

    def agree(self, name: str, same: bool) -> None:
        tally = self.attributes.setdefault(name, [0, 0])
        tally[0] += int(same)
        tally[1] += 1

    def as_dict(self) -> dict:
        return {"gold": self.gold, "extracted": self.extracted, "recall": round(self.recall, 4),
                "precision": round(self.precision, 4),
                "attributes": {k: round(a / n, 4) if n else None for k, (a, n) in self.attributes.items()}}


class GoldError(ValueError):
    """The gold file is malformed (a quote that is not in the document, an unknown section)."""


def evaluate_corpus(corpus_path: Path, gold_path: Path | None = None) -> dict[str, dict[str, Score]]:
    corpus = load_corpus(corpus_path)
    report = {}
    for source in corpus.documents:
        path = gold_path or GOLD_FOLDER / f"{source.id}.yaml"
        document = Document.from_file(source.path, source.id)
        registry = load_registry(source.registry)
        report[source.id] = evaluate_document(document, registry, load_gold(path))
    return report


def load_gold(path: Path) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping with sections {', '.join(KINDS)}")
    return {kind: data.get(kind) or [] for kind in KINDS}


def evaluate_document(document: Document, registry: Registry, gold: dict) -> dict[str, Score]:
    contexts, extraction = extract(document, registry)
    names = _Resolver(registry)
    locate = _Locator(document)
    return {
        "entities": _entities(gold["entities"], {m.entity_id for c in contexts for m in c.mentions}, names),
        "events": _events(gold["events"], extraction.events, names, locate),
        "statements": _statements(gold["statements"], extraction.statements, names, locate),
        "figures": _figures(gold["figures"], extraction.figures, locate),
        "relations": _relations(gold["relations"], extraction.relations, names),
    }


class _Resolver:
    def __init__(self, registry: Registry):
        self.table = registry.by_name()

    def __call__(self, name) -> str | None:
        if not isinstance(name, str):
            return None
        key = name.strip().casefold()
        for prefix in ("the ", "former "):
            if key.startswith(prefix) and key not in self.table:
                key = key[len(prefix):]
        return self.table.get(key)


class _Locator:
    def __init__(self, document: Document):
        self.document = document

    def starts(self, quote: str) -> list[int]:
        if not quote:
            return []
        found, start = [], self.document.text.find(quote)
        while start >= 0:
            found.append(start)
            start = self.document.text.find(quote, start + 1)
        if not found:
            raise GoldError(f"gold quote not found in the document: {quote!r}")
        return found

    @staticmethod
    def inside(sentence: Sentence, starts: list[int]) -> bool:
        return any(sentence.begin <= s < sentence.end + 1 for s in starts)


def _entities(gold: list, found: set[str], names: _Resolver) -> Score:
    score = Score(gold=len(gold))
    resolved = set()
    for item in gold:
        entity_id = names(item.get("name"))
        if entity_id is not None and entity_id in found and entity_id not in resolved:
            resolved.add(entity_id)
            score.matched_gold += 1
        elif entity_id is None or entity_id not in found:
            score.missed.append(f"{item.get('name')} ({'not in registry' if entity_id is None else 'not found'})")
        else:
            score.matched_gold += 1  # a second gold name for an entity already found
    score.extracted = len(found)
    score.matched_extracted = len(found)  # entities come from the curated registry
    return score


def _match(gold_items, extracted, key_gold, key_extracted, score: Score, describe_gold, describe_extracted):
    used = set()
    pairs = []
    for item in gold_items:
        for index, fact in enumerate(extracted):
            if index not in used and key_gold(item, fact) and key_extracted(item, fact):
                used.add(index)
                pairs.append((item, fact))
                break
        else:
            score.missed.append(describe_gold(item))
    score.matched_gold = len(pairs)
    score.matched_extracted = len(used)
    score.spurious = [describe_extracted(f) for i, f in enumerate(extracted) if i not in used]
    return pairs


def _events(gold, events, names, locate) -> Score:
    score = Score(gold=len(gold), extracted=len(events))
    starts = {id(item): locate.starts(item.get("quote", "")) for item in gold}
    pairs = _match(
        gold, events,
        lambda item, fact: item.get("kind") == fact.kind,
        lambda item, fact: locate.inside(fact.sentence, starts[id(item)]),
        score,
        lambda item: f"{item.get('kind')}: {item.get('quote')}",
        lambda fact: f"{fact.kind}: {fact.sentence.clean[fact.trigger[0]:fact.trigger[1]]} | {fact.sentence.text[:80]}",
    )
    for item, fact in pairs:
        if item.get("date"):
            score.agree("date", _same_date(str(item["date"]), fact.date))
        gold_places = {names(p) for p in item.get("places") or []} - {None}
        if gold_places:
            score.agree("places", bool(gold_places & set(fact.places)))
        gold_agents = {names(a) for a in item.get("agents") or []} - {None}
        if gold_agents:
            score.agree("agents", bool(gold_agents & set(fact.agents)))
    return score


def _statements(gold, statements, names, locate) -> Score:
    score = Score(gold=len(gold), extracted=len(statements))
    starts = {id(item): locate.starts(item.get("quote", "")) for item in gold}
    pairs = _match(
        gold, statements,
        lambda item, fact: names(item.get("speaker")) == fact.speaker,
        lambda item, fact: locate.inside(fact.sentence, starts[id(item)]),
        score,
        lambda item: f"{item.get('kind')} by {item.get('speaker')}: {item.get('quote')}",
        lambda fact: f"{fact.kind} by {fact.speaker}: {fact.sentence.text[:90]}",
    )
    for item, fact in pairs:
        score.agree("kind", item.get("kind") == fact.kind)
        if item.get("date"):
            score.agree("date", _same_date(str(item["date"]), fact.date))
    return score


def _figures(gold, figures, locate) -> Score:
    score = Score(gold=len(gold), extracted=len(figures))
    starts = {id(item): locate.starts(item.get("quote", "")) for item in gold}
    pairs = _match(
        gold, figures,
        lambda item, fact: bool(_numbers(item) & {fact.value, fact.min_value, fact.max_value} - {None}),
        lambda item, fact: locate.inside(fact.sentence, starts[id(item)]),
        score,
        lambda item: f"{item.get('quote')}",
        lambda fact: f"{fact.raw_text} | {fact.sentence.text[:80]}",
    )
    for item, fact in pairs:
        score.agree("kind", item.get("kind") == fact.quantity_kind)
        score.agree("bound", item.get("bound") == fact.bound)
    return score


def _numbers(item: dict) -> set[Decimal]:
    values = set()
    for key in ("value", "min", "max"):
        if item.get(key) is not None:
            try:
                values.add(Decimal(str(item[key]).replace(",", "")))
            except InvalidOperation:
                pass
    return values


def _relations(gold, relations, names) -> Score:
    extracted = {(r.subject, r.predicate, r.object) for r in relations}
    wanted = {}
    for item in gold:
        key = (names(item.get("subject")), item.get("relation"), names(item.get("object")))
        wanted.setdefault(key, item)
    score = Score(gold=len(wanted), extracted=len(extracted))
    score.matched_gold = len(set(wanted) & extracted)
    score.matched_extracted = score.matched_gold
    score.missed = [f"{i.get('subject')} {i.get('relation')} {i.get('object')}" for k, i in wanted.items() if k not in extracted]
    score.spurious = [" ".join(map(str, k)) for k in sorted(extracted - set(wanted))]
    return score


def _same_date(gold: str, value) -> bool:
    """A gold date of day, month or year precision agrees when the extracted span starts and ends in it."""
    if value is None:
        return False
    begin, _, end = gold.partition("/")
    return value.begin.isoformat().startswith(begin) and value.end.isoformat().startswith(end or begin)


def format_report(report: dict[str, dict[str, Score]], as_json: bool = False) -> str:
    if as_json:
        return json.dumps({doc: {k: s.as_dict() for k, s in scores.items()} for doc, scores in report.items()},
                          indent=2)
    lines = []
    for doc, scores in report.items():
        lines.append(doc)
        lines.append(f"  {'kind':<11} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>9}  attributes")
        for kind, score in scores.items():
            attributes = ", ".join(f"{k} {a}/{n}" for k, (a, n) in score.attributes.items())
            lines.append(f"  {kind:<11} {score.gold:>5} {score.extracted:>6} {score.recall:>7.3f} "
                         f"{score.precision:>9.3f}  {attributes}")
    return "\n".join(lines)
