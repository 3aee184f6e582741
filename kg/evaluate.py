"""Measure the extractor against a hand-annotated gold file (tests/gold/README.md has the rules).

Gold names are resolved to registry entities through labels and aliases. A gold item lies in an
extracted item's sentence when its quote starts inside the sentence's span. Lenient matching pairs
items: events on (sentence, kind), one extracted item per event mention; statements on (sentence,
speaker); figures on (sentence, a shared number); relations on (subject, relation, object). Each
extracted item matches at most one gold item. Strict scores then count only the pairs whose every
field agrees (dates as the same interval, roles as the same sets of entities, and so on).
"""

from __future__ import annotations

import calendar
import datetime
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from conflict_kg.corpus import load_corpus
from conflict_kg.document import Document, Sentence
from conflict_kg.extract import extract
from conflict_kg.registry import Registry, load_registry

# Gold annotations and the development and test articles live in the repository, not in the package:
# evaluation is work on a checkout (the folder above this package's source).
REPOSITORY = Path(__file__).resolve().parents[1]
GOLD_FOLDER = REPOSITORY / "tests" / "gold"
KINDS = ("entities", "events", "statements", "figures", "relations")
# `kg evaluate --set NAME`: the corpus and the folder of its gold files.
SETS = {
    "main": (REPOSITORY / "data" / "corpus.yaml", GOLD_FOLDER),
    "dev": (REPOSITORY / "data" / "dev" / "corpus.yaml", GOLD_FOLDER / "dev"),
    "test": (REPOSITORY / "data" / "test" / "corpus.yaml", GOLD_FOLDER / "test"),
}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class KindTally:
    """One event (statement, figure, relation) kind: gold items, extracted items, strictly correct pairs."""

    gold: int = 0
    extracted: int = 0
    strict: int = 0

    @property
    def strict_recall(self) -> float:
        return self.strict / self.gold if self.gold else 1.0

    @property
    def strict_precision(self) -> float:
        return self.strict / self.extracted if self.extracted else 1.0

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)


@dataclass
class Coreference:
    """Whether the extractor makes one node per real-world event (gold mentions sharing a `ref`)."""

    nodes: int  # distinct extracted event nodes matched to gold mentions
    events: int  # distinct gold events (a shared ref is one event, an item without ref its own)
    found: int  # gold events with at least one matched mention
    merged: int  # nodes whose mentions match mentions of several gold events
    split: list[str] = field(default_factory=list)  # "ref: n nodes" for each gold event read as several

    @property
    def nodes_per_event(self) -> float:
        return self.nodes / self.events if self.events else 0.0

    @property
    def nodes_per_found_event(self) -> float:
        return self.nodes / self.found if self.found else 0.0

    def as_dict(self) -> dict:
        return {"nodes": self.nodes, "events": self.events, "found": self.found, "merged": self.merged,
                "nodes_per_event": round(self.nodes_per_event, 4),
                "nodes_per_found_event": round(self.nodes_per_found_event, 4)}

    def describe(self, verbose: bool = False) -> str:
        line = (f"event coreference: {self.nodes_per_event:.2f} nodes per real-world event "
                f"({self.nodes} nodes for {self.events} gold events; {self.found} events found, "
                f"{self.nodes_per_found_event:.2f} nodes per found event; "
                f"{self.merged} nodes merge several events)")
        if verbose and self.split:
            line += "\n  events read as several nodes: " + "; ".join(self.split)
        return line


@dataclass
class Score:
    gold: int = 0
    extracted: int = 0
    matched_gold: int = 0
    matched_extracted: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # field -> [agreeing, compared] over pairs
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    strict: int | None = None  # matched pairs whose every field agrees (None: no strict score, entities)
    failures: list[str] = field(default_factory=list)  # matched pairs that are not strictly correct, and why
    by_kind: dict[str, KindTally] = field(default_factory=dict)
    coreference: Coreference | None = None

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def strict_recall(self) -> float | None:
        return None if self.strict is None else self.strict / self.gold if self.gold else 1.0

    @property
    def strict_precision(self) -> float | None:
        return None if self.strict is None else self.strict / self.extracted if self.extracted else 1.0

    @property
    def strict_f1(self) -> float | None:
        return None if self.strict is None else _f1(self.strict_precision, self.strict_recall)

    def agree(self, name: str, same: bool) -> None:
        tally = self.attributes.setdefault(name, [0, 0])
        tally[0] += int(same)
        tally[1] += 1

    def tally(self, kind: str) -> KindTally:
        return self.by_kind.setdefault(str(kind), KindTally())

    def as_dict(self, verbose: bool = False) -> dict:
        def rounded(value):
            return None if value is None else round(value, 4)

        data = {"gold": self.gold, "extracted": self.extracted, "recall": rounded(self.recall),
                "precision": rounded(self.precision), "f1": rounded(self.f1), "strict": self.strict,
                "strict_recall": rounded(self.strict_recall), "strict_precision": rounded(self.strict_precision),
                "strict_f1": rounded(self.strict_f1),
                "fields": {k: {"agree": a, "compared": n, "rate": rounded(a / n if n else None)}
                           for k, (a, n) in self.attributes.items()},
                "by_kind": {k: {"gold": t.gold, "extracted": t.extracted, "strict": t.strict,
                                "strict_recall": rounded(t.strict_recall),
                                "strict_precision": rounded(t.strict_precision),
                                "strict_f1": rounded(t.strict_f1)} for k, t in sorted(self.by_kind.items())}}
        if self.coreference is not None:
            data["coreference"] = self.coreference.as_dict()
        if verbose:
            data.update(failures=self.failures, missed=self.missed, spurious=self.spurious)
        return data


class GoldError(ValueError):
    """The gold file is malformed (a quote that is not in the document, an unknown section, a bad date)."""


class EvaluationError(ValueError):
    """Nothing to evaluate: the gold folder is missing, or no document of the corpus has a gold file."""


@dataclass
class Report:
    documents: dict[str, dict[str, Score]] = field(default_factory=dict)  # document id -> kind -> score
    skipped: dict[str, str] = field(default_factory=dict)  # document id -> why


def evaluate_corpus(corpus_path: Path, gold_path: Path | None = None, gold_dir: Path = GOLD_FOLDER,
                    second_dir: Path | None = None) -> Report:
    """Every document of the corpus against its gold file (`gold_dir/<document id>.yaml`, or `gold_path`
    for all of them); a document without a gold file is skipped, and said so. With `second_dir`, what
    is scored is not the extractor but a second annotation, `second_dir/<document id>.yaml`
    (conflict_kg.agreement): a document without one is skipped."""
    if not Path(corpus_path).is_file():
        raise EvaluationError(f"the corpus manifest {corpus_path} does not exist")
    corpus = load_corpus(corpus_path)
    if gold_path is None and not Path(gold_dir).is_dir():
        raise EvaluationError(f"the gold folder {gold_dir} does not exist")
    report = Report()
    for source in corpus.documents:
        path = Path(gold_path or Path(gold_dir) / f"{source.id}.yaml")
        if not path.is_file():
            report.skipped[source.id] = f"no gold file {path}"
            continue
        document = Document.from_file(source.path, source.id, source.format)
        registry = load_registry(source.registry)
        if second_dir is None:
            report.documents[source.id] = evaluate_document(document, registry, load_gold(path))
            continue
        second = Path(second_dir) / f"{source.id}.yaml"
        if not second.is_file():
            report.skipped[source.id] = f"no second annotation {second}"
            continue
        from conflict_kg.agreement import annotation_as_extraction

        extraction, named = annotation_as_extraction(document, registry, load_gold(second), second)
        report.documents[source.id] = score_extraction(document, registry, load_gold(path), extraction, named)
    if not report.documents:
        raise EvaluationError(f"no document of {corpus_path} has a gold file in {gold_path or gold_dir}")
    return report


def load_gold(path: Path) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping with sections {', '.join(KINDS)}")
    return {kind: data.get(kind) or [] for kind in KINDS}


def evaluate_document(document: Document, registry: Registry, gold: dict) -> dict[str, Score]:
    contexts, extraction = extract(document, registry)
    return score_extraction(document, registry, gold, extraction, {m.entity_id for c in contexts for m in c.mentions})


def score_extraction(document: Document, registry: Registry, gold: dict, extraction,
                     mentioned: set[str] = frozenset()) -> dict[str, Score]:
    """Score an extraction already made (tests hand-make one): `mentioned` holds the entities found."""
    names = _Resolver(registry)
    locate = _Locator(document)
    return {
        "entities": _entities(gold["entities"], set(mentioned), names),
        "events": _events(gold["events"], extraction.events, names, locate),
        "statements": _statements(gold["statements"], extraction.statements, names, locate),
        "figures": _figures(gold["figures"], extraction.figures, names, locate),
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


def _match(gold_items, extracted, key_gold, key_extracted, score: Score, describe_gold, describe_extracted,
           inside_quote=None):
    """Each gold item paired with the first unused extracted item that fits it; with `inside_quote`,
    first with one whose words lie inside the item's quote ("X captured A, while Y captured B": the
    quote "Y captured B" takes the capture read at "captured B", not the sentence's first capture)."""
    used = set()
    paired: dict[int, object] = {}
    passes = ([lambda item, fact: inside_quote(item, fact)] if inside_quote else []) + [lambda item, fact: True]
    # the narrowest quotes first: a broad quote must not take the mention a narrower one stands around
    order = sorted(range(len(gold_items)), key=lambda n: len(str(gold_items[n].get("quote") or "")))
    for fits in passes:
        for number in order:
            item = gold_items[number]
            if number in paired:
                continue
            for index, fact in enumerate(extracted):
                if index not in used and key_gold(item, fact) and key_extracted(item, fact) and fits(item, fact):
                    used.add(index)
                    paired[number] = fact
                    break
    pairs = [(item, paired[number]) for number, item in enumerate(gold_items) if number in paired]
    score.missed.extend(describe_gold(item) for number, item in enumerate(gold_items) if number not in paired)
    score.matched_gold = len(pairs)
    score.matched_extracted = len(used)
    score.spurious = [describe_extracted(f) for i, f in enumerate(extracted) if i not in used]
    return pairs


# -- strict comparison ------------------------------------------------------------------------------
# A check compares one field of a matched pair: (agrees, gold shown, extracted shown), or None when
# the field does not apply to the pair (sources of an asserted event).
Check = Callable[[dict, object], "tuple[bool, str, str] | None"]


def _strict(score: Score, pairs, checks: dict[str, Check], describe_gold, kind_of_gold, kind_of_fact,
            gold_items, extracted) -> None:
    """Count strictly correct pairs, per-field agreement and per-kind tallies; list what failed."""
    score.strict = 0
    for item in gold_items:
        score.tally(kind_of_gold(item)).gold += 1
    for fact in extracted:
        score.tally(kind_of_fact(fact)).extracted += 1
    for item, fact in pairs:
        failed = []
        for name, check in checks.items():
            outcome = check(item, fact)
            if outcome is None:
                continue
            same, gold_shown, extracted_shown = outcome
            score.agree(name, same)
            if not same:
                failed.append(f"{name}: gold {gold_shown}, extracted {extracted_shown}")
        if failed:
            score.failures.append(f"{describe_gold(item)} | {'; '.join(failed)}")
        else:
            score.strict += 1
            score.tally(kind_of_gold(item)).strict += 1


def _same_value(gold, extracted) -> tuple[bool, str, str]:
    return gold == extracted, _show(gold), _show(extracted)


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    return str(value)


def _names(value) -> list[str]:
    """A gold name field: one name or a list of names."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _same_entities(names: _Resolver, gold_names, extracted_ids) -> tuple[bool, str, str]:
    """The same set of entities; a gold name that resolves to no entity never agrees."""
    resolved = {name: names(name) for name in _names(gold_names)}
    unresolved = sorted(str(n) for n, entity_id in resolved.items() if entity_id is None)
    gold_ids = {entity_id for entity_id in resolved.values() if entity_id is not None}
    shown = _show(gold_ids) + (f" (unresolved: {', '.join(unresolved)})" if unresolved else "")
    return not unresolved and gold_ids == set(extracted_ids or ()), shown, _show(set(extracted_ids or ()))


def _same_entity(names: _Resolver, gold_name, extracted_id) -> tuple[bool, str, str]:
    if gold_name in (None, ""):
        return extracted_id is None, "(none)", _show(extracted_id)
    entity_id = names(gold_name)
    shown = entity_id if entity_id is not None else f"{gold_name} (unresolved)"
    return entity_id is not None and entity_id == extracted_id, shown, _show(extracted_id)


def gold_interval(text) -> tuple[datetime.date, datetime.date]:
    """A gold date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `a/b`) as its first and last day."""
    first, _, last = str(text).strip().partition("/")
    try:
        return _period(first)[0], _period(last or first)[1]
    except (ValueError, IndexError):
        raise GoldError(f"gold date {text!r} is not YYYY-MM-DD, YYYY-MM, YYYY or a range a/b") from None


def _period(text: str) -> tuple[datetime.date, datetime.date]:
    parts = [int(p) for p in text.strip().split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
    year, month = parts[0], parts[1]
    if len(parts) == 2:
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    if len(parts) == 3:
        day = datetime.date(year, month, parts[2])
        return day, day
    raise ValueError(text)


def _same_date(gold, value, scope: str | None = None) -> tuple[bool, str, str]:
    """Strict: the gold date and the extracted DateValue cover the same days (a month is its first to
    last day); a date on one side only never agrees. An extracted date of the day the event had
    happened by (scope "Completion": "by 13 September") is a bound, not the event's date: it agrees
    with a gold date that ends that day ("2022-09-06/2022-09-13", read from where the narrative
    began) and with none (the guide's `date` is the event's own; a bound gives none)."""
    extracted = None if value is None else (value.begin, value.end)
    shown = "(none)" if extracted is None else f"{'by ' if scope == 'Completion' else ''}{extracted[0]}/{extracted[1]}"
    if gold in (None, ""):
        return extracted is None or scope == "Completion", "(none)", shown
    interval = gold_interval(gold)
    if scope == "Completion" and extracted is not None:
        return interval[1] == extracted[1], f"{gold} ({interval[0]}/{interval[1]})", shown
    return interval == extracted, f"{gold} ({interval[0]}/{interval[1]})", shown


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise GoldError(f"gold number {value!r} is not a number") from None


# -- sections ---------------------------------------------------------------------------------------

def _events(gold, nodes, names, locate) -> Score:
    # Each mention of an event node is an extracted item of its own: a node read in three sentences
    # must match three gold items, and the coreference figure says how many nodes that took.
    mentions = [mention for node in nodes for mention in node.mentions()]
    node_of = {id(mention): index for index, node in enumerate(nodes) for mention in node.mentions()}
    score = Score(gold=len(gold), extracted=len(mentions))
    starts = {id(item): locate.starts(item.get("quote", "")) for item in gold}
    pairs = _match(
        gold, mentions,
        lambda item, fact: item.get("kind") == fact.kind,
        lambda item, fact: locate.inside(fact.sentence, starts[id(item)]),
        score, _describe_gold_event,
        lambda fact: f"{fact.kind}: {fact.sentence.clean[fact.trigger[0]:fact.trigger[1]]} | {fact.sentence.text[:80]}",
        lambda item, fact: _words_inside_quote(fact.sentence, fact.trigger, starts[id(item)], item.get("quote", "")),
    )
    checks: dict[str, Check] = {
        "kind": lambda item, fact: _same_value(item.get("kind"), fact.kind),
        "date": lambda item, fact: _same_date(item.get("date"), fact.date, fact.scope),
        **{role: (lambda item, fact, role=role: _same_entities(names, item.get(role), getattr(fact, role)))
           for role in ("agents", "targets", "mediators")},
        # the gold's places of an evacuation or a flight name where people went too ("evacuated to X")
        "places": lambda item, fact: _same_entities(names, item.get("places"),
                                                    [*fact.places, *getattr(fact, "destinations", [])]),
        "status": lambda item, fact: _same_value(_status(item), getattr(fact, "status", "asserted")),
        "source": lambda item, fact: None if _status(item) == "asserted" else
        _same_entities(names, item.get("source"), getattr(fact, "sources", [])),
    }
    _strict(score, pairs, checks, _describe_gold_event, _kind, lambda fact: fact.kind, gold, mentions)
    if any(item.get("ref") for item in gold):
        score.coreference = _coreference(gold, pairs, node_of)
    return score


def _words_inside_quote(sentence: Sentence, span: tuple[int, int], starts: list[int], quote: str) -> bool:
    """The extracted item's words (a span of the sentence's clean text) stand inside the gold quote."""
    words = sentence.clean[span[0]:span[1]]
    if not words.strip():
        return False
    # the clean text only drops citation markers, so the words stand at or after their clean offset
    found = sentence.text.find(words, span[0])
    return found >= 0 and any(start <= sentence.begin + found and sentence.begin + found + len(words) <= start + len(quote)
                              for start in starts)


def _describe_gold_event(item: dict) -> str:
    return f"{item.get('kind')}: {item.get('quote')}"


def _kind(item: dict) -> str:
    return str(item.get("kind"))


def _status(item: dict) -> str:
    return item.get("status") or "asserted"


def _coreference(gold, pairs, node_of: dict[int, int]) -> Coreference:
    def event_of(item) -> object:
        return ("ref", item["ref"]) if item.get("ref") else ("item", id(item))

    events_of_node: dict[int, set] = {}
    nodes_of_event: dict[object, set[int]] = {}
    for item, mention in pairs:
        events_of_node.setdefault(node_of[id(mention)], set()).add(event_of(item))
        nodes_of_event.setdefault(event_of(item), set()).add(node_of[id(mention)])
    split = [f"{event[1]}: {len(nodes)} nodes" for event, nodes in nodes_of_event.items()
             if event[0] == "ref" and len(nodes) > 1]
    return Coreference(nodes=len(events_of_node), events=len({event_of(item) for item in gold}),
                       found=len({event_of(item) for item, _ in pairs}),
                       merged=sum(len(events) > 1 for events in events_of_node.values()), split=sorted(split))


def _statements(gold, statements, names, locate) -> Score:
    score = Score(gold=len(gold), extracted=len(statements))
    starts = {id(item): locate.starts(item.get("quote", "")) for item in gold}
    pairs = _match(
        gold, statements,
        lambda item, fact: names(item.get("speaker")) == fact.speaker,
        lambda item, fact: locate.inside(fact.sentence, starts[id(item)]),
        score, _describe_gold_statement,
        lambda fact: f"{fact.kind} by {fact.speaker}: {fact.sentence.text[:90]}",
        lambda item, fact: _words_inside_quote(fact.sentence, fact.verb, starts[id(item)], item.get("quote", "")),
    )
    checks: dict[str, Check] = {
        "kind": lambda item, fact: _same_value(item.get("kind"), fact.kind),
        "speaker": lambda item, fact: _same_entity(names, item.get("speaker"), fact.speaker),
        "date": lambda item, fact: _same_date(item.get("date"), fact.date),
        "content": lambda item, fact: _same_content(item.get("content"), fact.content),
    }
    _strict(score, pairs, checks, _describe_gold_statement, _kind, lambda fact: fact.kind, gold, statements)
    return score


# What was said, compared word by word: a content that carries words the speaker did not say (a
# neighbouring clause, the narrator's comment) misleads, one that drops a little is still what was said.
CONTENT_PRECISION = 0.9  # share of the extracted content's words that are in the gold content
CONTENT_RECALL = 0.8  # share of the gold content's words that the extracted content has
WORD = re.compile(r"\w+(?:['’]\w+)?")


def _same_content(gold: str | None, extracted: str | None) -> tuple[bool, str, str] | None:
    if not gold:
        return None  # the annotator gave no content: nothing to compare
    gold_words = Counter(w.lower() for w in WORD.findall(gold))
    found_words = Counter(w.lower() for w in WORD.findall(extracted or ""))
    shared = sum((gold_words & found_words).values())
    same = bool(found_words) and shared >= CONTENT_PRECISION * sum(found_words.values()) \
        and shared >= CONTENT_RECALL * sum(gold_words.values())
    return same, _clip(gold), _clip(extracted or "(none)")


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[:width - 1] + "…")


def _describe_gold_statement(item: dict) -> str:
    return f"{item.get('kind')} by {item.get('speaker')}: {item.get('quote')}"


def _figures(gold, figures, names, locate) -> Score:
    score = Score(gold=len(gold), extracted=len(figures))
    starts = {id(item): locate.starts(item.get("quote", "")) for item in gold}
    pairs = _match(
        gold, figures,
        lambda item, fact: bool(_numbers(item) & {fact.value, fact.min_value, fact.max_value} - {None}),
        lambda item, fact: locate.inside(fact.sentence, starts[id(item)]),
        score, _describe_gold_figure,
        lambda fact: f"{fact.raw_text} | {fact.sentence.text[:80]}",
        lambda item, fact: _words_inside_quote(fact.sentence, fact.span, starts[id(item)], item.get("quote", "")),
    )
    checks: dict[str, Check] = {
        "kind": lambda item, fact: _same_value(item.get("kind"), fact.quantity_kind),
        "bound": lambda item, fact: _same_value(item.get("bound"), fact.bound),
        "numbers": lambda item, fact: _same_value(
            tuple(_decimal(item.get(key)) for key in ("value", "min", "max")),
            (fact.value, fact.min_value, fact.max_value)),
        "according_to": lambda item, fact: _same_entity(names, item.get("according_to"), fact.according_to),
        "as_of": lambda item, fact: _same_date(item.get("as_of"), fact.as_of),
    }
    _strict(score, pairs, checks, _describe_gold_figure, _kind, lambda fact: fact.quantity_kind, gold, figures)
    return score


def _describe_gold_figure(item: dict) -> str:
    return str(item.get("quote"))


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
    # A relation is its triple: the lenient match is already strict.
    extracted = {(r.subject, r.predicate, r.object) for r in relations}
    wanted = {}
    for item in gold:
        key = (names(item.get("subject")), item.get("relation"), names(item.get("object")))
        wanted.setdefault(key, item)
    score = Score(gold=len(wanted), extracted=len(extracted))
    score.matched_gold = len(set(wanted) & extracted)
    score.matched_extracted = score.matched_gold
    score.strict = score.matched_gold
    for key in wanted:
        score.tally(key[1]).gold += 1
    for key in extracted:
        score.tally(key[1]).extracted += 1
        score.tally(key[1]).strict += key in wanted
    score.missed = [f"{i.get('subject')} {i.get('relation')} {i.get('object')}" for k, i in wanted.items() if k not in extracted]
    score.spurious = [" ".join(map(str, k)) for k in sorted(extracted - set(wanted))]
    return score


# -- report -----------------------------------------------------------------------------------------

def format_report(report: Report, as_json: bool = False, by_kind: bool = False, verbose: bool = False) -> str:
    if as_json:
        return json.dumps({"documents": {doc: {k: s.as_dict(verbose) for k, s in scores.items()}
                                         for doc, scores in report.documents.items()},
                           "skipped": report.skipped}, indent=2)
    lines = [f"skipped {doc}: {why}" for doc, why in report.skipped.items()]
    for doc, scores in report.documents.items():
        lines.append(doc)
        lines.append(f"  {'kind':<11} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>9} {'F1':>6}"
                     f"  {'strict R':>8} {'P':>6} {'F1':>6}  fields (agree/compared over matched pairs)")
        for kind, score in scores.items():
            lines.append(_score_line(kind, score))
        events = scores.get("events")
        if events is not None and events.coreference is not None:
            lines.append("  " + events.coreference.describe(verbose))
        if by_kind:
            lines.extend(_by_kind_lines(scores))
        if verbose:
            lines.extend(_verbose_lines(scores))
    return "\n".join(lines)


def _score_line(kind: str, score: Score) -> str:
    fields = ", ".join(f"{k} {a}/{n}" for k, (a, n) in score.attributes.items())
    strict = ("  " + f"{score.strict_recall:>8.3f} {score.strict_precision:>6.3f} {score.strict_f1:>6.3f}"
              if score.strict is not None else f"  {'-':>8} {'-':>6} {'-':>6}")
    return (f"  {kind:<11} {score.gold:>5} {score.extracted:>6} {score.recall:>7.3f} {score.precision:>9.3f} "
            f"{score.f1:>6.3f}{strict}  {fields}").rstrip()


def _by_kind_lines(scores: dict[str, Score]) -> list[str]:
    lines = []
    for section, score in scores.items():
        if not score.by_kind:
            continue
        width = max(len(kind) for kind in score.by_kind)
        lines.append(f"  {section} by kind")
        lines.append(f"    {'':<{width}} {'gold':>5} {'found':>6} {'strict R':>8} {'P':>6} {'F1':>6}")
        for kind, t in sorted(score.by_kind.items(), key=lambda entry: (-entry[1].gold, entry[0])):
            lines.append(f"    {kind:<{width}} {t.gold:>5} {t.extracted:>6} {t.strict_recall:>8.3f} "
                         f"{t.strict_precision:>6.3f} {t.strict_f1:>6.3f}")
    return lines


def _verbose_lines(scores: dict[str, Score]) -> list[str]:
    lines = []
    for section, score in scores.items():
        for title, entries in (("strict failures", score.failures), ("missed", score.missed),
                               ("spurious", score.spurious)):
            if entries:
                lines.append(f"  {section}, {title} ({len(entries)}):")
                lines.extend(f"    - {entry}" for entry in entries)
    return lines
