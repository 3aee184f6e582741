"""Events: a trigger phrase of a known kind, in a clause that reports it as having happened.

Agents are the actors before the trigger in its clause, targets the actors after it, places every
place the sentence names. A trigger inside what a denial says did not happen is skipped, and so is
one in a hypothetical or negated clause ("would", "if", "not", "demanded").
"""

from __future__ import annotations

import re

from kg.extract.context import SentenceContext
from kg.extract.facts import Event, Statement
from kg.extract.lexicon import EVENT_TRIGGERS, IRREALIS
from kg.extract.statements import SPEECH

TRIGGERS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in EVENT_TRIGGERS]
# A specific kind found in a sentence makes its general kind there redundant.
GENERAL_KIND = {"Ceasefire": "Agreement", "Shelling": "Attack"}
# Kinds whose trigger after "after", "since", "following" refers back to an earlier event.
BACK_REFERABLE = {"MilitaryOffensive", "Ceasefire", "Agreement", "BorderOpening", "Negotiation"}
MEDIATION = re.compile(r"\b(?:mediat\w*|hosted|brokered|proposal)\b[^.;]{0,40}$")
IRREALIS_WINDOW = 45  # characters before a trigger in which a modal or negation cancels it
# "after it launched its offensive", "since the offensive": a reference back to an event, not a report.
BACKGROUND = re.compile(r"\b(?:[Aa]fter|[Ss]ince|[Ff]ollowing|[Bb]efore|[Oo]nce|[Uu]ntil|[Dd]uring)\s+"
                        r"(?:(?:the|it|its|their|this|a)\s+)?(?:[\w-]+\s+){0,1}$")


def extract_events(contexts: list[SentenceContext], statements: list[Statement]) -> list[Event]:
    denied = _denied_spans(statements)
    events: list[Event] = []
    table_rows: set[tuple[int, str]] = set()
    for context in contexts:
        for kind, pattern in TRIGGERS:
            # A table row's cells are one statement of its facts: one event per kind per row.
            row = (context.sentence.paragraph, kind)
            if context.sentence.in_table and row in table_rows:
                continue
            for match in pattern.finditer(context.text):
                if _is_denied(context, match, denied) or _is_irrealis(context, kind, match):
                    continue
                events.append(_make_event(context, kind, match))
                if context.sentence.in_table:
                    table_rows.add(row)
                break  # one event per kind per sentence
    return _drop_general_duplicates(events)


def _drop_general_duplicates(events: list[Event]) -> list[Event]:
    specific = {(e.sentence.index, GENERAL_KIND[e.kind]) for e in events if e.kind in GENERAL_KIND}
    return [e for e in events if (e.sentence.index, e.kind) not in specific]


def _denied_spans(statements: list[Statement]) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for statement in statements:
        if statement.kind == "Denial":
            spans.setdefault(statement.sentence.index, []).append(
                (statement.verb[1], len(statement.sentence.clean))
            )
    return spans


def _is_denied(context: SentenceContext, match: re.Match, denied) -> bool:
    for start, stop in denied.get(context.sentence.index, []):
        if start <= match.start() < stop:
            return True
    # "..., which X denied" denies the clause before it.
    tail = context.text[match.end():]
    return re.search(r"\bwhich\s+(?:\w+\s+){0,3}denied\b", tail) is not None and ";" not in tail


def _is_irrealis(context: SentenceContext, kind: str, match: re.Match) -> bool:
    clause_start, _ = context.clause_bounds(match.start())
    window = context.text[max(clause_start, match.start() - IRREALIS_WINDOW):match.start()]
    return (IRREALIS.search(window) is not None or IRREALIS.match(match.group()) is not None
            or (kind in BACK_REFERABLE and BACKGROUND.search(window) is not None))


def _make_event(context: SentenceContext, kind: str, match: re.Match) -> Event:
    clause_start, clause_stop = context.clause_bounds(match.start())
    # In "X reported that Y captured Z" the agent is Y: look for agents after the last speech verb.
    reporting = [m for m in SPEECH.finditer(context.text, clause_start, match.start())]
    if reporting:
        clause_start = reporting[-1].end()
    agents, targets, mediators = [], [], []
    for mention in context.actors():
        if clause_start <= mention.start < match.start():
            if MEDIATION.search(context.text[clause_start:mention.start]):
                mediators.append(mention.entity_id)
            else:
                agents.append(mention.entity_id)
        elif match.end() <= mention.start < clause_stop:
            targets.append(mention.entity_id)
    places = [m.entity_id for m in context.places()]
    return Event(
        kind=kind,
        sentence=context.sentence,
        trigger=(match.start(), match.end()),
        date=context.date_near(match.start()),
        places=list(dict.fromkeys(places)),
        agents=list(dict.fromkeys(agents[-2:])),
        targets=list(dict.fromkeys(t for t in targets if t not in agents)),
        mediators=list(dict.fromkeys(mediators)),
    )
