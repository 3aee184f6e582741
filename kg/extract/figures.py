"""Figures: counts a source reports ("192 servicemen killed", "more than 200 were injured").

Finding a figure: a number (digits, number words, with a multiplier: "1.5 million") counts when a count
noun or a casualty word follows it closely, when a currency marks it as money ("$2 million", "100,000
drams"), or when the parse shows it is the value of "the number / total / toll of X" or of "the death of".
Round plurals ("thousands of", "tens of thousands of") are lower bounds. Dates, years, percentages,
distances and ages do not count. The bound comes from the words before it ("more than", "up to",
"nearly", "between ... and ...") or a trailing "+".

Reading it with the parse:
- kind: the counted noun itself ("refugees", "trucks"), a casualty word right after it ("servicemen
  killed"), the word that governs it ("killed 20 people", "the death of 541", "began to flee"), a
  participle or adjective on it ("23 injured people"); money and tonnes given as aid are ``Aid``.
- source: whoever reports the number's clause (``clauses.attribution``: "X said ...", "according to
  X" wherever it stands, "a report by X found ..."), else the speaker of a statement before it; a
  sentence that follows from the one before ("As a result ...") takes that sentence's source.
- as_of: a day the sentence gives for the number's clause (not the day of another event: "After the
  fighting ended on 21 September, ... fled").
Each figure stays its own node: figures from different sources are never merged.
"""

from __future__ import annotations

import re
from decimal import Decimal

from conflict_kg.extract.clauses import (
    ALLEGING,
    IRREALIS_GOVERNORS,
    REPORTING,
    attribution,
    realis,
)
from conflict_kg.extract.context import SentenceContext
from conflict_kg.extract.facts import Figure, Statement
from conflict_kg.extract.lexicon import (
    AID_WORDS,
    BOUND_WORDS,
    CIVILIAN_NOUNS,
    COUNT_NOUNS,
    COUNTED,
    COUNTED_LEMMAS,
    CURRENCY_NOUNS,
    CURRENCY_SYMBOLS,
    MULTIPLIERS,
    NUMBER_WORDS,
    PERSON_NOUNS,
    ROUND_PLURALS,
    TAKEN_PRISONER,
)
from conflict_kg.extract.roles import RoleReader, Salience
from conflict_kg.parse import ParsedSentence, Token

NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_MULTIPLIERS = "|".join(MULTIPLIERS)
NUMBER = rf"(?:(?:{NUMERAL}|\b(?:{_WORDS}))(?:\s+(?:{_MULTIPLIERS})\b)?(?![\w,.]\d))"
ROUND = r"(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions)|hundreds|thousands|millions|billions)"
BOUND = "|".join(f"(?P<{name}>{pattern})" for name, pattern in BOUND_WORDS)
_VALUE = (rf"(?:\b[Bb]etween\s+(?P<low>{NUMBER})\s+and\s+(?P<high>{NUMBER})"
          rf"|\b(?P<round>{ROUND})\s+of"
          # "eight or nine soldiers", "20–30 militants", "50 to 100 militants": the count is a range
          rf"|(?<![\w.,])(?P<from>{NUMBER})(?:\s*[–—-]\s*|\s+(?:to|or)\s+)(?P<to>{NUMBER})"
          rf"|(?<![\w.,])(?P<number>{NUMBER})(?P<plus>\+)?)")
FIGURE = re.compile(
    rf"(?:\b(?:{BOUND})\s+)?" + _VALUE +
    # The tail is a lookahead so that "27 Xian and 1 Yian civilian" yields both numbers.
    rf"(?=(?P<tail>(?:\s+[\w-]+){{0,3}}?\s+{COUNT_NOUNS}\b|\s+(?:were|had\s+been|have\s+been|was)\s+"
    rf"(?:killed|injured|wounded|evacuated|detained|arrested|displaced)))",
    re.IGNORECASE,
)
# Money marked by a currency symbol needs no count noun after it ("$1.5 million in aid").
MONEY = re.compile(rf"(?:\b(?:{BOUND})\s+)?(?P<currency>{CURRENCY_SYMBOLS})\s?(?P<number>{NUMBER})"
                   rf"(?P<tail>)", re.IGNORECASE)
CURRENCY_NOUN = re.compile(rf"\s*(?:[\w-]+\s+)?{CURRENCY_NOUNS}\b", re.IGNORECASE)
BOUND_BEFORE = re.compile(rf"\b(?:{BOUND})\s+$", re.IGNORECASE)
NOT_A_COUNT = re.compile(
    r"^\s*(?:%|per\s*cent|years?|-year|km\b|kilomet(?!res?\s+of\s+(?:\w+\s+)?territory)|miles?|days?|hours?|"
    r"months?|weeks?|percent|th\b|st\b|nd\b|rd\b|minutes?|votes?"
    # a measure before a noun ("500 pound bombs", "a 250-kg bomb", "152 mm shells"): what the thing weighs
    r"|-?\s*(?:pound|kg|kilogram|ton|tonne|mm|millimet(?:re|er)|inch)\s+[a-z])",
    re.IGNORECASE,
)
# The words after a count up to the next comma, semicolon or coordinated clause.
FOLLOWING_CLAUSE = re.compile(r"(?:(?!\band\b|\bwhile\b)[^,;]){0,60}")
# A casualty word right after the count belongs to its raw text ("192 servicemen killed").
OUTCOME_WORD = re.compile(r"(?:\s+(?:had\s+been|have\s+been|were|was))?\s+(?:killed|wounded|injured|"
                          r"dead|detained|arrested|evacuated|displaced|missing)\b")
# Sentences that go on from the one before: their figures take its source.
CONSEQUENCE = re.compile(r"^\s*(?:As\s+a\s+(?:result|consequence)|Consequently|In\s+the\s+process|"
                         r"In\s+total|Altogether|Of\s+these|Of\s+them|Among\s+them)\b")
# "eight of whom": a part of the figure just before it.
PART_OF_BEFORE = re.compile(r"\s+of\s+(?:whom|which)\b", re.IGNORECASE)
# Nouns whose value is a count of what their "of" phrase names: "the number of refugees reached N".
TALLY_NOUNS = frozenset({"number", "total", "toll", "count", "tally", "figure"})
# Words that put a date on another event than the count: "After the fighting ended on 21 September".
OTHER_TIME = frozenset({"after", "following", "follow", "since", "before", "until", "prior"})
# What a number is of when it stands for part of a group: "two of its soldiers", "thousands of X".
PARTITIVE_HEADS = frozenset({"thousand", "hundred", "million", "billion", "ten", "dozen"})
OBJECT_LINKS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "appos"})


def extract_figures(contexts: list[SentenceContext], statements: list[Statement]) -> list[Figure]:
    by_sentence: dict[int, list[Statement]] = {}
    for statement in statements:
        by_sentence.setdefault(statement.sentence.index, []).append(statement)
    figures = []
    previous: SentenceContext | None = None
    salience = Salience(contexts[0].registry, contexts) if contexts else None
    for context in contexts:
        reader = RoleReader(context, salience) if context.parse is not None else None
        found: list[tuple[int, int]] = []
        sentence_statements = by_sentence.get(context.sentence.index, [])
        # a currency sign says money whatever noun follows ("₱35 million as aid for displaced residents"
        # counts pesos, not the displaced): its reading replaces the count's at the same number
        money = list(MONEY.finditer(context.text))
        money_at = {m.start("number") for m in money}
        matches = [f for f in FIGURE.finditer(context.text) if not (f.group("number") and f.start("number") in money_at)]
        matches += money
        for match in sorted(matches, key=lambda m: m.start()):
            figure = _make_figure(context, match, sentence_statements, reader, previous, by_sentence)
            if figure is not None and found and PART_OF_BEFORE.match(context.text, match.end("number") if
                                                                   match.groupdict().get("number") else match.end()):
                whole = figures[-1]  # "11 others were injured, eight of whom were children"
                figure.quantity_kind = whole.quantity_kind
                figure.according_to = figure.according_to or whole.according_to
            if figure is not None:
                figures.append(figure)
                found.append(figure.span)
        if context.parse is not None:
            for figure in _tally_figures(context, found, sentence_statements, reader, previous, by_sentence):
                figures.append(figure)
        if reader is not None:
            salience.remember(reader.subjects(), reader.named())
            salience.lead_groups = reader.lead_groups()
        previous = context
    return figures


# -- the number --------------------------------------------------------------------------------------
def _number(text: str) -> Decimal:
    words = text.lower().split()
    multiplier = 1
    if len(words) > 1 and words[-1] in MULTIPLIERS:
        multiplier = MULTIPLIERS[words[-1]]
        words = words[:-1]
    word = " ".join(words)
    value = Decimal(NUMBER_WORDS[word]) if word in NUMBER_WORDS else Decimal(word.replace(",", ""))
    return _tidy(value * multiplier)


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _round_value(text: str) -> Decimal | None:
    value = 1
    for word in re.findall(r"[a-z]+", text.lower()):
        if word == "of":
            continue
        factor = ROUND_PLURALS.get(word)
        if factor is None:
            return None
        value *= factor
    return Decimal(value)


def _make_figure(context: SentenceContext, match: re.Match, statements: list[Statement], reader,
                 previous, by_sentence) -> Figure | None:
    groups = match.groupdict()
    numbers = [g for g in ("number", "low", "high", "from", "to", "round") if groups.get(g)]
    start_of_number = min(match.start(g) for g in numbers)
    end_of_number = max(match.end(g) for g in numbers)
    if _inside_date(context, start_of_number, end_of_number) or _is_year(groups.get("number")) or \
            _is_ordinal_or_measure(context.text, match):
        return None
    if start_of_number > 0 and context.text[start_of_number - 1] in "[/.-–":
        return None
    value = min_value = max_value = None
    if groups.get("low") or groups.get("from"):
        bound = "Range"
        low, high = ("low", "high") if groups.get("low") else ("from", "to")
        min_value, max_value = _number(match.group(low)), _number(match.group(high))
        if max_value <= min_value:
            return None  # "1 or 0", "10-2": not a range of one count
    elif groups.get("round"):
        round_value = _round_value(match.group("round"))
        if round_value is None:
            return None
        bound, min_value = "AtLeast", round_value
    else:
        number = _number(match.group("number"))
        bound = next((name for name, _ in BOUND_WORDS if groups.get(name)), "Exact")
        if groups.get("plus"):
            bound = "MoreThan"
        if bound in ("Exact", "Approximately"):
            value = number
        elif bound == "AtMost":
            max_value = number
        else:
            min_value = number
    tail = groups.get("tail") or ""
    end = match.end("tail") if groups.get("tail") is not None else match.end()
    outcome = OUTCOME_WORD.match(context.text, end)
    if outcome:
        end = outcome.end()
    money = bool(groups.get("currency")) or CURRENCY_NOUN.match(context.text, end_of_number) is not None
    head = _number_token(context.parse, start_of_number, end_of_number)
    if head is not None and _hypothetical(head):
        return None  # "preparing for an influx of 40,000 families", "could kill 500": not a count of what was
    counted_end, end = end, _counted_together(context.text, head, end)
    raw = context.text[match.start():end].strip()
    return Figure(
        sentence=context.sentence,
        span=(match.start(), end),
        raw_text=" ".join(raw.split()),
        bound=bound,
        quantity_kind=_quantity_kind(context, match, head, tail, money),
        counted_text=_with_what(context.text, end, (_own_count(" ".join(tail.split())) or _unit_text(head))
                                + "".join(f" {word}" for word in context.text[counted_end:end].split())),
        value=value,
        min_value=min_value,
        max_value=max_value,
        according_to=_source(context, start_of_number, head, statements, reader, previous, by_sentence),
        # "300 Valdorian soldiers and civilians": not all of them the army's; whose, the text does not say
        of_whom=_of_whom(context, match.start(), end, head, reader) if end == counted_end else None,
        as_of=_as_of(context, start_of_number, head),
    )


def _tally_figures(context: SentenceContext, found: list[tuple[int, int]], statements, reader, previous,
                   by_sentence) -> list[Figure]:
    """'the number of refugees had reached 100,617', 'the death toll rose to 50', 'the deaths of 541'."""
    figures = []
    parse = context.parse
    for token in parse.tokens:
        if token.pos != "NUM" or not re.fullmatch(NUMERAL, token.text) or _is_year(token.text):
            continue
        if any(start <= token.start < stop for start, stop in found):
            continue
        if _inside_date(context, token.start, token.end):
            continue
        tally = _tally_noun(token)
        if tally is None:
            continue
        start = min(tally.span()[0], token.start)
        if any(start < stop and s < token.end for s, stop in found):
            continue
        before = BOUND_BEFORE.search(context.text[:token.start])
        bound = next((name for name, _ in BOUND_WORDS if before and before.group(name)), "Exact")
        number = _number(token.text)
        value = number if bound in ("Exact", "Approximately") else None
        raw = context.text[start:token.end]
        kind = _kind_of_tally(tally)
        figures.append(Figure(
            sentence=context.sentence, span=(start, token.end), raw_text=" ".join(raw.split()), bound=bound,
            quantity_kind=kind, counted_text=_unit_text(tally),
            value=value,
            min_value=number if bound in ("MoreThan", "AtLeast") else None,
            max_value=number if bound == "AtMost" else None,
            according_to=_source(context, token.start, token, statements, reader, previous, by_sentence),
            of_whom=None,
            as_of=_as_of(context, token.start, token),
        ))
        found.append((start, token.end))
    return figures


def _tally_noun(token: Token) -> Token | None:
    """The noun a bare number is the value of: 'the number of X reached N', 'the death of N'."""
    head = token.head
    if token.dep == "pobj" and head.lemma.lower() in ("to", "at", "of") and head.head_i != head.i:
        carrier = head.head
        if head.lemma.lower() == "of" and carrier.pos == "NOUN" and _lemma_kind(carrier) not in (None, "Aid",
                                                                                                  "Vehicles"):
            return carrier  # "the deaths of 541"
        head = carrier
    elif token.dep not in ("dobj", "attr", "oprd", "npadvmod"):
        return None
    if not head.is_verb():
        return None
    for child in head.children:
        if child.dep in ("nsubj", "nsubjpass") and child.lemma.lower() in TALLY_NOUNS:
            return child
    return None


def _kind_of_tally(noun: Token) -> str:
    for child in noun.children:
        if child.dep in ("compound", "amod"):
            kind = _lemma_kind(child)
            if kind:
                return kind
        if child.dep == "prep" and child.lemma.lower() == "of":
            for pobj in child.children:
                if pobj.dep == "pobj":
                    kind = _lemma_kind(pobj) or _governed_kind(pobj)
                    if kind:
                        return kind
    return _lemma_kind(noun) if noun.lemma.lower() not in TALLY_NOUNS else "Other"


def _inside_date(context: SentenceContext, start: int, stop: int) -> bool:
    return any(d.start < stop and start < d.stop for d in context.dates if not d.relative)


def _is_year(text: str | None) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", text or ""))


# "27 Valdorian and 1 Tarsian civilian": the first count's words before the second count, and the noun
# the two share.
SHARED_NOUN = re.compile(r"^(?P<own>.*?)\s+(?:and|or)\s+[\d,.]+\s+(?:[\w-]+\s+)*?(?P<noun>[\w-]+)$")


# "two trucks with bread": what the counted things carry tells them apart (stops at "and", "as", a comma).
WITH_WHAT = re.compile(r"\s+with\s+((?:(?!(?:and|as|to|from|in|on|at|for|while|about|around|some|over)\b)"
                       r"[A-Za-z-]+\s*){1,3})(?=[,.;]|\s+(?:and|as|to|from|in|on|at|for|while)\b|$)")


def _with_what(text: str, end: int, counted: str) -> str:
    """'two trucks with bread': the counted things with what they carry, when the counted words end
    right where the "with" phrase starts."""
    carrying = WITH_WHAT.match(text, end)
    return f"{counted} with {carrying.group(1).strip()}" if carrying and counted else counted


def _counted_together(text: str, head: Token | None, end: int) -> int:
    """'12 women and children': one count of the nouns joined to the counted one with no number of their
    own, so the counted words run to the last of them (not '15 women and 20 children': two counts)."""
    if head is None:
        return end
    noun = _counted_noun(head)
    if noun is head or text[noun.end:end].strip():
        return end  # the counted words end elsewhere than at the noun the parse counts
    joined = [c for c in noun.children if c.dep == "conj" and c.pos == "NOUN" and c.tag == noun.tag
              and not any(d.dep in ("nummod", "det", "amod", "compound") for d in c.children)]
    ands = [c for c in noun.children if c.dep == "cc" and c.lower_text() in ("and", "or")]
    if len(joined) != 1 or not ands or not noun.i < ands[0].i < joined[0].i \
            or text[noun.end:joined[0].start].strip().lower() not in ("and", "or"):
        return end
    return joined[0].end


def _own_count(tail: str) -> str:
    """What a count counts, without a second count that shares its noun ('Valdorian civilian', not
    'Valdorian and 1 Tarsian civilian')."""
    shared = SHARED_NOUN.match(tail)
    return f"{shared.group('own')} {shared.group('noun')}" if shared else tail


def _is_ordinal_or_measure(text: str, match: re.Match) -> bool:
    ends = [match.end(g) for g in ("number", "high", "plus") if match.groupdict().get(g)]
    if not ends:
        return False
    end_of_number = max(ends)
    return NOT_A_COUNT.match(text[end_of_number:end_of_number + 40]) is not None


# -- the parse around the number -----------------------------------------------------------------------
def _number_token(parse: ParsedSentence | None, start: int, stop: int) -> Token | None:
    if parse is None:
        return None
    return parse.head_of(start, stop)


def _counted_noun(token: Token) -> Token:
    """What the number counts: its noun ('five peacekeepers'), or its 'of' phrase ('two of its soldiers')."""
    if token.pos == "NUM" or token.lemma.lower() in PARTITIVE_HEADS:
        for child in token.children:
            if child.dep == "prep" and child.lemma.lower() == "of":
                pobj = next((c for c in child.children if c.dep == "pobj"), None)
                if pobj is not None and pobj.pos != "PRON":
                    return pobj
    if token.dep in ("nummod", "quantmod", "compound") and token.head.pos in ("NOUN", "PROPN", "ADJ"):
        return token.head
    return token


def _lemma_kind(token: Token | None) -> str | None:
    if token is None:
        return None
    words = {token.lemma.lower(), token.text.lower()}
    for kind, lemmas in COUNTED_LEMMAS:
        if words & lemmas:
            return kind
    return None


def _governors(noun: Token) -> list[Token]:
    """The words that govern a counted noun: its verb (and the verb's infinitive), or the noun it is 'of'."""
    token = noun
    while token.dep == "conj" and token.head_i != token.i:
        token = token.head  # "killing two civilians and four police officers"
    if token.dep in OBJECT_LINKS and token.head_i != token.i:
        verb = token.head
        return [verb, *[c for c in verb.children if c.dep == "xcomp"]]
    if token.dep == "pobj" and token.head_i != token.i:
        preposition = token.head
        lemma = preposition.lemma.lower()
        carrier = preposition.head
        if lemma == "of" and carrier.pos in ("NOUN", "PROPN"):
            if carrier.lemma.lower() in ("total", "number"):
                # "a total of 40 fighters, 9 civilians and 12 soldiers were killed": the total's governor
                return [carrier, *_governors(carrier)]
            return [carrier]  # "the death of 541 people", "an influx of 40,000 families"
        if lemma == "for" and carrier.lemma.lower() in ("return", "exchange") and carrier.dep == "pobj":
            return [carrier, carrier.head.head]  # "released in return for 32 soldiers"
        if lemma == "in" and carrier.is_verb() and carrier.lemma.lower() == "result":
            return []
        if preposition.lower_text() == "including" and carrier.pos in ("NOUN", "PROPN") and carrier.dep != "nsubj":
            # "killing 17 soldiers, including seven officers": killed too (not the subject of an active verb,
            # "400 soldiers, including 30 officers, killed 12": what they did did not befall them)
            return _governors(carrier)
        if lemma == "with" and carrier.lower_text() == "along" and carrier.head_i != carrier.i \
                and carrier.head.is_verb():
            return [carrier.head]  # "12 soldiers were killed, along with 13 civilians": killed too
    return []


def _clausal_modifiers(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep in ("acl", "relcl")]


# "left 30 militants dead", "leaving 21 soldiers wounded": what a verb of leaving left them as.
LEFT_AS = {"dead": "Deaths", "wounded": "Injuries", "injured": "Injuries"}


def _governed_kind(noun: Token) -> str | None:
    for governor in _governors(noun):
        if governor.is_verb() and governor.lemma.lower() == "leave":
            state = next((LEFT_AS[c.lower_text()] for c in governor.children
                          if c.dep in ("oprd", "xcomp", "ccomp") and c.lower_text() in LEFT_AS), None)
            if state is not None:
                return state
        if governor.is_verb() and governor.lemma.lower() in ("take", "hold") and any(
                c.lemma.lower() == "hostage" and c.dep in ("dobj", "oprd", "xcomp", "advmod", "npadvmod")
                for c in governor.children):
            return "Detainees"  # "taking around 400 civilians hostage"
        kind = _lemma_kind(governor)
        if kind and kind not in ("Aid", "Vehicles"):
            # "urged the evacuation of 100,000 residents": asked for, not done; they are no evacuees
            return None if _only_asked_for(governor) else kind
    return None


def _held(noun: Token) -> bool:
    """Counted people someone holds: the passive subject of "held", or a participle "held" that
    describes them (through "believed to be held")."""
    verbs = [*_governors(noun), *_clausal_modifiers(noun)]
    verbs += [x for v in verbs for x in v.children if x.dep == "xcomp"]
    return any(v.lemma.lower() == "hold" and v.tag == "VBN" for v in verbs)


def _only_asked_for(act: Token) -> bool:
    """A noun of an act that is the object of a verb of asking or planning ("urged the evacuation")."""
    return act.pos == "NOUN" and act.dep in ("dobj", "pobj") and any(
        a.is_verb() and a.lemma.lower() in IRREALIS_GOVERNORS for a in list(act.ancestors())[:2])


def _modifier_kind(noun: Token) -> str | None:
    for child in noun.children:
        if child.dep in ("amod", "acl", "relcl", "compound"):
            kind = _lemma_kind(child)
            if kind and kind not in ("Aid", "Vehicles", "Other"):
                return kind
            if child.dep == "relcl":
                for grandchild in child.children:
                    if grandchild.dep in ("acomp", "attr") and _lemma_kind(grandchild):
                        return _lemma_kind(grandchild)
    return None


def _quantity_kind(context: SentenceContext, match: re.Match, head: Token | None, tail: str, money: bool) -> str:
    """What is counted: the counted noun, a casualty word after it, its governing word, its modifiers."""
    if money:
        return "Aid" if head is not None and _near_aid(head) else ("Aid" if head is None else "Other")
    if head is not None:
        noun = _counted_noun(head)
        kind = _lemma_kind(noun) if noun is not head or head.pos != "NUM" else None
        if kind in ("Refugees", "Evacuees", "Prisoners", "Detainees"):
            # people counted by what they are, unless what happened to them is a casualty:
            # "40 evacuees had died" counts deaths
            casualty = _governed_kind(noun)
            return casualty if casualty in ("Deaths", "Injuries") else kind
        if kind:
            return kind
        if noun.lemma.lower() in PERSON_NOUNS and any(
                t.lemma.lower() in TAKEN_PRISONER for t in [*_governors(noun), *_clausal_modifiers(noun)]):
            return "Prisoners"  # "12 militants captured", "160 servicemen surrendered"
        if noun.lemma.lower() in PERSON_NOUNS and _held(noun):
            return "Detainees"  # "four hostages were still being held", "40 civilians believed to be held hostage"
        outcome = OUTCOME_WORD.match(context.text, match.end("tail") if match.groupdict().get("tail") else match.end())
        if outcome:
            return _text_kind(outcome.group())
        kind = next((k for c in noun.children if c.dep == "acl" for k in [_lemma_kind(c)] if k), None)
        kind = kind or _governed_kind(noun) or (_governed_kind(head) if noun is not head else None) \
            or _modifier_kind(noun)
        if kind:
            return kind
        following = FOLLOWING_CLAUSE.match(context.text, match.end())
        return _text_kind(following.group() if following else "") or "Other"
    # No parse: the count noun itself, else the words right after it.
    following = FOLLOWING_CLAUSE.match(context.text, match.end())
    return _text_kind(tail) or _text_kind(following.group() if following else "") or "Other"


def _text_kind(window: str) -> str | None:
    best: tuple[int, str] | None = None
    for kind, pattern in COUNTED:
        found = re.search(pattern, window, re.IGNORECASE)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), kind)
    return best[1] if best else None


def _near_aid(token: Token) -> bool:
    """An amount given as aid: 'a payment of 100,000 drams', '$2 million in humanitarian aid'."""
    for node in [token, *token.ancestors()]:
        if node.lemma.lower() in AID_WORDS:
            return True
        if any(c.lemma.lower() in AID_WORDS for c in node.subtree() if c.dep in ("pobj", "compound", "amod")
               and c.head.head_i == node.i or c.head_i == node.i):
            return True
        if node.is_verb() and node.dep in ("ROOT", "ccomp", "conj"):
            break
    return False


def _unit_text(token: Token | None) -> str:
    if token is None:
        return ""
    noun = _counted_noun(token)
    return noun.text if noun is not token else ""


# -- the source ------------------------------------------------------------------------------------------
# Words whose complement is a number of what may come, not of what was ("preparing for an influx of
# 40,000"); a call or demand about existing people ("protect the 120,000 people") still counts them.
PROSPECTIVE = frozenset({"plan", "prepare", "expect", "intend", "aim", "threaten", "fear", "risk", "hope",
                         "propose", "offer", "promise", "pledge", "vow", "schedule", "preparation",
                         "possibility", "goal", "intention", "threat", "proposal", "readiness"})


def _hypothetical(number: Token) -> bool:
    """A number inside a plan, a fear, a condition or a negation counts nothing that happened."""
    if not realis(_clause_verb(number)):
        return True
    for ancestor in number.ancestors():
        lemma = ancestor.lemma.lower()
        if lemma in REPORTING or lemma in ALLEGING:
            return False  # what a source reports is attributed to it, not dropped
        if lemma in PROSPECTIVE:
            return True
    return False


def _clause_verb(token: Token) -> Token:
    for ancestor in [token, *token.ancestors()]:
        if ancestor.is_verb():
            return ancestor
    return token


def _source(context: SentenceContext, position: int, head: Token | None, statements: list[Statement],
            reader: RoleReader | None, previous: SentenceContext | None, by_sentence) -> str | None:
    found = _reported_by(context, head, statements, reader)
    if found:
        return found
    verbal = [s for s in statements if s.verb[0] < position and _is_verbal(context, s)]
    if verbal:
        return verbal[-1].speaker
    according = re.search(r"\b[Aa]ccording\s+to\s+", context.text)
    if according:
        following = [m for m in context.actors() if m.start == according.end()]
        if following:
            return following[0].entity_id
    if previous is not None and CONSEQUENCE.match(context.text):
        earlier = by_sentence.get(previous.sentence.index, [])
        if previous.parse is not None:
            root = previous.parse.root()
            if root is not None:
                found = _reported_by(previous, root, earlier, RoleReader(previous, reader.salience)
                                     if reader is not None else None)
                if found:
                    return found
        if earlier:
            return earlier[0].speaker
    return None


def _is_verbal(context: SentenceContext, statement: Statement) -> bool:
    if context.parse is None:
        return True
    tokens = context.parse.tokens_in(*statement.verb)
    return not tokens or any(t.is_verb() for t in tokens)


def _reported_by(context: SentenceContext, head: Token | None, statements: list[Statement],
                 reader: RoleReader | None) -> str | None:
    if head is None or context.parse is None or reader is None:
        return None
    found = attribution(_clause_verb(head), context.parse)
    if found.status == "asserted":
        return None
    if found.speech is not None:
        for statement in statements:
            if statement.verb[0] <= found.speech.start < statement.verb[1]:
                return statement.speaker
    source = found.source_token
    if source is None and found.speech is not None:
        verb = found.speech
        while source is None and verb.head_i != verb.i and verb.dep in ("dep", "conj", "xcomp", "advcl"):
            verb = verb.head
            source = next((c for c in verb.children if c.dep in ("nsubj", "nsubjpass")), None)
    if source is None:
        return None
    actors = [e for e in reader.entities(source) if reader.is_actor(e)]
    if not actors:
        # "a report released by X", "the United Nations report": a name inside the source's phrase
        actors = [reader.mention_at[t.i] for t in source.subtree() if t.i in reader.mention_at
                  and reader.is_actor(reader.mention_at[t.i])]
    return actors[0] if actors else None


# -- when and whose --------------------------------------------------------------------------------------
def _as_of(context: SentenceContext, position: int, head: Token | None):
    """A day the sentence gives for the number's clause: the last before it, else the first after it."""
    dates = [d for d in context.dates if d.precision in ("day", "time-of-day")]
    if head is not None and context.parse is not None:
        dates = [d for d in dates if not _dates_another_event(d, head, context.parse)]
    before = [d for d in dates if d.start <= position]
    if before:
        return before[-1]
    after = [d for d in dates if d.start > position]
    return after[0] if after else None


def _own_verbs(head: Token) -> set[int]:
    verb = _clause_verb(head)
    own = {verb.i}
    own.update(c.i for c in verb.children if c.dep in ("conj", "xcomp"))
    if verb.dep == "xcomp":
        own.add(verb.head_i)
    return own


def _dates_another_event(date, head: Token, parse: ParsedSentence) -> bool:
    """'After the fighting ended on 21 September, ... fled': the date of another event than the count."""
    token = parse.head_of(date.start, date.stop)
    if token is None:
        return False
    own = _own_verbs(head)
    for node in [token, *token.ancestors()]:
        if node.i not in own and any(c.dep == "mark" and c.lemma.lower() in OTHER_TIME for c in node.children):
            return True  # a clause of its own: "After the fighting ended on 21 September, ..."
        if node.lemma.lower() in OTHER_TIME and node.dep in ("prep", "advcl"):
            inside = {t.i for t in node.subtree()}
            if head.i in inside:
                return False
            attached = node.head_i if node.head_i != node.i else node.i
            return attached not in own
        if node.i in own:
            return False
    return False


# Counted people who are no side's fighters (CIVILIAN_NOUNS): a demonym before them may name a people,
# not a state.
CIVILIAN_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(CIVILIAN_NOUNS))})s?\b", re.I)


def _people_named(context: SentenceContext, demonym: str) -> str | None:
    """The registry's ethnic group or population named by a demonym's plural ("Valdorian" -> "Valdorians")."""
    wanted = {f"{demonym}s".casefold(), f"ethnic {demonym}s".casefold()}
    found = [e.id for e in context.registry if {"EthnicGroup", "Population"} & set(e.types)
             and wanted & {name.casefold() for name in e.names}]
    return found[0] if len(found) == 1 else None


def _of_whom(context: SentenceContext, start: int, stop: int, head: Token | None,
             reader: RoleReader | None) -> str | None:
    if head is not None and reader is not None:
        noun = _counted_noun(head)
        # the counted noun's own phrase, not its conjuncts: "40 fighters, 9 civilians and 12 members
        # of the Valdorian forces" counts no civilians of the Valdorian forces
        actors = [e for e in reader.entities_of_one(noun) if reader.is_actor(e)]
        if actors:
            return actors[0]
        for child in noun.children:
            if child.dep in ("amod", "compound", "nmod", "poss") and child.i in reader.demonym_at:
                people = _people_named(context, child.text) if noun.lemma.lower() in CIVILIAN_NOUNS else None
                # "27 Valdorian civilians": the Valdorians, a people, where the registry knows them as one,
                # not the state of Valdoria (whose civilians they need not be)
                return people or reader.demonym_at[child.i]
    inside = [m for m in context.actors() if start <= m.start < stop]
    if inside:
        return inside[0].entity_id
    demonyms = [m for m in context.demonyms if start <= m.start < stop]
    if not demonyms:
        return None
    civilians = CIVILIAN_WORDS.search(context.text, start, stop)
    people = _people_named(context, context.text[demonyms[0].start:demonyms[0].stop]) if civilians else None
    return people or demonyms[0].entity_id
