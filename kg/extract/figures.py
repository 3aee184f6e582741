"""Figures: counts a source reports ("192 servicemen killed", "more than 200 were injured").

A number counts when a count noun or a casualty word follows it closely; dates, years, percentages,
distances, money and ages do not. The bound comes from the words before it ("more than", "up to",
"nearly", "between ... and ...") or a trailing "+". The source is the sentence's speaker whose verb
comes before the number, or "according to X". Each figure stays its own node: figures from different
sources are never merged.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.extract.context import SentenceContext
from kg.extract.facts import Figure, Statement
from kg.extract.lexicon import BOUND_WORDS, COUNT_NOUNS, COUNTED, NUMBER_WORDS

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
BOUND = "|".join(f"(?P<{name}>{pattern})" for name, pattern in BOUND_WORDS)
FIGURE = re.compile(
    rf"(?:\b(?:{BOUND})\s+)?"
    rf"(?:\b[Bb]etween\s+(?P<low>{NUMBER})\s+and\s+(?P<high>{NUMBER})|\b(?P<number>{NUMBER})(?P<plus>\+)?)"
    # The tail is a lookahead so that "27 Xian and 1 Yian civilian" yields both numbers.
    rf"(?=(?P<tail>(?:\s+[\w-]+){{0,3}}?\s+{COUNT_NOUNS}\b|\s+(?:were|had\s+been|have\s+been|was)\s+"
    rf"(?:killed|injured|wounded|evacuated|detained)))",
    re.IGNORECASE,
)
NOT_A_COUNT = re.compile(
    r"^\s*(?:%|per\s*cent|years?|-year|km\b|kilomet|miles?|days?|hours?|months?|weeks?|"
    r"percent|th\b|st\b|nd\b|rd\b|minutes?|votes?)",
    re.IGNORECASE,
)
KIND_WINDOW_BEFORE = 30
# The words after a count up to the next comma, semicolon or coordinated clause.
FOLLOWING_CLAUSE = re.compile(r"(?:(?!\band\b|\bwhile\b)[^,;]){0,60}")
# A casualty word right after the count belongs to its raw text ("192 servicemen killed").
OUTCOME_WORD = re.compile(r"(?:\s+(?:had\s+been|have\s+been|were|was))?\s+(?:killed|wounded|injured|"
                          r"dead|detained|arrested|evacuated|displaced|missing)\b")


def extract_figures(contexts: list[SentenceContext], statements: list[Statement]) -> list[Figure]:
    by_sentence: dict[int, list[Statement]] = {}
    for statement in statements:
        by_sentence.setdefault(statement.sentence.index, []).append(statement)
    figures = []
    for context in contexts:
        for match in FIGURE.finditer(context.text):
            figure = _make_figure(context, match, by_sentence.get(context.sentence.index, []))
            if figure is not None:
                figures.append(figure)
    return figures


def _make_figure(context: SentenceContext, match: re.Match, statements: list[Statement]) -> Figure | None:
    numbers = [g for g in ("number", "low", "high") if match.group(g)]
    start_of_number = min(match.start(g) for g in numbers)
    if _inside_date(context, match) or _is_year(match) or _is_ordinal_or_measure(context.text, match):
        return None
    if start_of_number > 0 and context.text[start_of_number - 1] in "[/.-–":
        return None
    kind = _quantity_kind(context.text, match)
    value = min_value = max_value = None
    if match.group("low"):
        bound = "Range"
        min_value, max_value = _number(match.group("low")), _number(match.group("high"))
    else:
        number = _number(match.group("number"))
        bound = next((name for name, _ in BOUND_WORDS if match.group(name)), "Exact")
        if match.group("plus"):
            bound = "AtLeast"
        if bound in ("Exact", "Approximately"):
            value = number
        elif bound == "AtMost":
            max_value = number
        else:
            min_value = number
    end = match.end("tail")
    outcome = OUTCOME_WORD.match(context.text, end)
    if outcome:
        end = outcome.end()
    raw = context.text[match.start():end].strip()
    return Figure(
        sentence=context.sentence,
        span=(match.start(), end),
        raw_text=" ".join(raw.split()),
        bound=bound,
        quantity_kind=kind,
        counted_text=" ".join(match.group("tail").split()),
        value=value,
        min_value=min_value,
        max_value=max_value,
        according_to=_source(context, match, statements),
        of_whom=_of_whom(context, match),
        as_of=context.date_near(match.start()),
    )


def _number(text: str) -> Decimal:
    word = text.lower()
    if word in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[word])
    return Decimal(text.replace(",", ""))


def _inside_date(context: SentenceContext, match: re.Match) -> bool:
    return any(d.start < match.end() and match.start() < d.stop and d.start <= match.start("tail") - 1
               for d in context.dates if not d.relative)


def _is_year(match: re.Match) -> bool:
    text = match.group("number") or ""
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", text))


def _is_ordinal_or_measure(text: str, match: re.Match) -> bool:
    end_of_number = max(match.end(g) for g in ("number", "high", "plus") if match.group(g))
    return NOT_A_COUNT.match(text[end_of_number:end_of_number + 12]) is not None


def _quantity_kind(text: str, match: re.Match) -> str:
    """What is counted: the count noun itself, else the words right after it, else just before."""
    following = FOLLOWING_CLAUSE.match(text, match.end())
    windows = (
        match.group("tail"),
        following.group() if following else "",
        text[max(0, match.start() - KIND_WINDOW_BEFORE):match.start()],
    )
    for window in windows:
        best: tuple[int, str] | None = None
        for kind, pattern in COUNTED:
            found = re.search(pattern, window, re.IGNORECASE)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), kind)
        if best is not None:
            return best[1]
    return "Other"


def _source(context: SentenceContext, match: re.Match, statements: list[Statement]) -> str | None:
    before = [s for s in statements if s.verb[0] < match.start()]
    if before:
        return before[-1].speaker
    according = re.search(r"\b[Aa]ccording\s+to\s+", context.text)
    if according:
        following = [m for m in context.actors() if m.start == according.end()]
        if following:
            return following[0].entity_id
    return statements[0].speaker if statements else None


def _of_whom(context: SentenceContext, match: re.Match) -> str | None:
    inside = [m for m in context.actors() if match.start() <= m.start < match.end()]
    if inside:
        return inside[0].entity_id
    demonyms = [m for m in context.demonyms if match.start() <= m.start < match.end()]
    return demonyms[0].entity_id if demonyms else None
