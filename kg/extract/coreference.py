"""Event coreference: mentions of one real-world event become one event node.

Two mentions corefer when they have the same kind, dates that can be the same (overlapping, or one
undated), no participant in opposite roles, and something in common: an agent, a target or a
place. Kinds that recur many times in a conflict (attacks, killings, captures) also need a shared
place or target and an overlapping date, since "Valdoria shelled" on two days is two events.
A mention that names no participant joins the one node of its kind its date fits, if there is exactly
one and both are dated: an undated "the ceasefire" in an article that tells of two stays apart.
But a definite noun that names no one ("The talks ended without agreement") points back: it joins
the latest event of its kind told in its own paragraph or the one before. An undated campaign mention
joins the one campaign of its kind its doers waged, and the same people killed, told twice undated in a
paragraph, are one killing.
"""

from __future__ import annotations

from datetime import date, timedelta

from conflict_kg.dates import NUMBER_WORDS, DateValue
from conflict_kg.extract.facts import Event

# Kinds a conflict article usually tells of once per campaign: an offensive, a ceasefire, a blockade.
CAMPAIGN_KINDS = frozenset({"MilitaryOffensive", "Ceasefire", "Blockade", "Displacement"})
# Kinds that gather acts of many names ("clashes", "a raid", "the bombing"): a definite noun of one
# of them names that act, and points back only to an act told with the same word or the kind's own.
BROAD_KINDS = frozenset({"Attack"})
GENERAL_WORDS = frozenset({"attack", "assault"})
# Kinds whose target is the side that lost something, not what was done to: no evidence of sameness.
LOSER_TARGETS = frozenset({"Capture"})
# Kinds a side does many times a day: the same doer on the same day is not yet the same event.
RECURRING = frozenset({"Attack", "Shelling", "Killing", "Explosion", "Capture", "Detention"})


def merge_mentions(events: list[Event], paragraph_rank: dict[int, int] | None = None, registry=None) -> list[Event]:
    """``paragraph_rank``: each paragraph's number (a line of the text) -> its place among the
    paragraphs that hold sentences, so that "the paragraph before" skips blank lines."""
    rank = paragraph_rank or {}
    nodes: list[Event] = []
    for event in events:
        if event.apart:
            nodes.append(event)  # "Separately, ...": another act than any told before
            continue
        if _bare(event) and event.definite and event.continued and event.date is not None \
                and event.status == "asserted":
            # "The evacuation continued into the next day": the latest of its kind nearby, begun by then,
            # went on to that day (whatever day it was first told on)
            going_on = _latest_nearby(nodes, event, rank, lambda m, e: m.date is None or m.date.begin <= e.date.end,
                                      named_alike=event.kind in BROAD_KINDS)
            if going_on is not None:
                going_on.also.append(event)
                continue
        if _bare(event) and event.definite:
            # "The talks ended without agreement": a definite noun naming no one points back to the
            # latest event of its kind told in its paragraph or the one before, when the dates allow
            latest = _latest_nearby(nodes, event, rank, _dates_fit, anywhere_before=event.part_of_told,
                                    named_alike=event.kind in BROAD_KINDS)
            if latest is not None:
                if event.date is None and event.day_number:
                    event.date = _nth_day(latest, event.day_number)
                latest.also.append(event)
                continue
        if event.victims_told:
            # "Azeri forces had killed the peacekeepers": the harm to people already told of is that one
            latest = _latest_nearby(nodes, event, rank, lambda m, e: _dates_fit(m, e) and _roles_fit(m, e))
            if latest is not None and (event.victims_told == "any" or set(event.targets) & {
                    t for m in latest.mentions() for t in m.targets}):
                latest.also.append(event)
                continue
        if event.given:
            # "With Kelmar captured, ...": the latest act of its kind on the same place, told in the
            # paragraph or the one before; with none, nothing new is told
            told = _latest_nearby(nodes, event, rank, lambda m, e: not e.places or bool(set(m.places) & set(e.places)))
            if told is not None:
                told.also.append(event)
            continue
        if event.continued and event.date is None and (event.places or event.targets):
            # "Shelling of Dunmere continued until ...": the latest act of its kind on the same place
            # or target, told anywhere before, goes on
            going_on = _latest_nearby(nodes, event, rank, lambda m, e: _dates_fit(m, e) and _roles_fit(m, e)
                                      and bool(set(m.places) & set(e.places) or set(m.targets) & set(e.targets)),
                                      anywhere_before=True)
            if going_on is not None:
                going_on.also.append(event)
                continue
        harmed_before = _same_people_harmed(nodes, event)
        if harmed_before is not None:
            # "several monitors were killed near X ... As a result four monitors were killed": an
            # undated harm to the people an undated harm of the same paragraph was done to
            harmed_before.also.append(event)
            continue
        told_just_before = _told_just_before(nodes, event)
        if told_just_before is not None:
            # "Valdoria opened the border. ... Valdoria opened the Orsk road on 24 September":
            # the next sentence goes on telling of the event the last one told
            told_just_before.also.append(event)
            continue
        candidates = [node for node in nodes if _corefer(node, event, registry)]
        if len(candidates) > 1 and _bare(event):
            candidates = []  # "the ceasefire" with two ceasefires told: which one is not settled
        if not candidates:
            # "X was blockading the corridor", undated, where the text has told of one blockade by X
            # only: that one (with two, which one is not settled)
            candidates = _the_one_campaign(nodes, event, registry)
        if candidates:
            # the node with most mentions: the event the text keeps returning to
            max(candidates, key=lambda n: len(n.also)).also.append(event)
        else:
            nodes.append(event)
    # A second pass over whole nodes: a mention read before its node had the participants it shares
    # ("The offensive took place in X" before "Y launched an offensive in X") still joins it.
    merged: list[Event] = []
    for node in nodes:
        # a definite mention that names no one follows the mentions it points back to
        pointing = [m for m in node.mentions() if not (_bare(m) and m.definite)] or node.mentions()
        hosts = [] if node.apart else [m for m in merged if all(_corefer(m, mention, registry) for mention in pointing)]
        same_kind = [m for m in merged if m.kind == node.kind]
        host = hosts[0] if hosts and (len(same_kind) == 1 or not all(_bare(x) for x in node.mentions())) else None
        if host is None:
            merged.append(node)
        else:
            host.also.extend(node.mentions())
            node.also = []
    return merged


# Acts a side does seldom at one place (not fighting, moving or taking ground, which it does every day; not
# talks or meetings, held round after round at one venue): the same doer at the same place is the same act.
SELDOM_DONE = frozenset({"Visit"})
# Harm done to people once only: the same people killed, told twice in a paragraph, is one killing.
PEOPLE_HARMED_ONCE = frozenset({"Killing"})


def _same_people_harmed(nodes: list[Event], event: Event) -> Event | None:
    """The latest node of the event's kind, all told in its paragraph, that harmed the same people (an
    entity target), when neither is dated, the roles fit and no place disagrees."""
    if event.kind not in PEOPLE_HARMED_ONCE or not event.targets or event.date is not None:
        return None
    for node in reversed(nodes):
        mentions = node.mentions()
        if node.kind != event.kind or any(m.sentence.paragraph != event.sentence.paragraph for m in mentions):
            continue
        if any(m.date is not None for m in mentions) or not all(_roles_fit(m, event) for m in mentions):
            continue
        places = {p for m in mentions for p in m.places}
        if not set(event.targets) & {t for m in mentions for t in m.targets} \
                or (event.places and places and not set(event.places) & places):
            continue
        return node
    return None


def _told_just_before(nodes: list[Event], event: Event) -> Event | None:
    """The node of the event's kind told in the sentence just before it, in its paragraph, when the two
    share a doer or a place, their dates fit (one undated, or the same), no participant is in opposite
    roles and no doer or place disagrees: the narrative goes on about the same event."""
    for node in reversed(nodes):
        last = max(node.mentions(), key=lambda m: m.sentence.index)
        if last.sentence.index != event.sentence.index - 1 or last.sentence.paragraph != event.sentence.paragraph:
            continue
        if node.kind != event.kind or event.kind in RECURRING:
            continue  # "X captured A. X also captured B.": a side does these many times
        mentions = node.mentions()
        agents = {a for m in mentions for a in m.agents}
        places = {p for m in mentions for p in m.places}
        if not all(_dates_fit(m, event) and _roles_fit(m, event) for m in mentions) \
                or not _names_fit(mentions, event, places):
            return None  # also "The Kelmar offensive ..." after another offensive
        if event.places and places and set(event.places) != places:
            return None  # "X shelled A. X shelled B.": two shellings
        if not (set(event.agents) & agents or set(event.places) & places):
            return None
        return node
    return None


def _latest_nearby(nodes: list[Event], event: Event, rank: dict[int, int], fits,
                   anywhere_before: bool = False, named_alike: bool = False) -> Event | None:
    """The latest node of the event's kind told in its paragraph or the one before (or anywhere
    before) whose every mention ``fits(mention, event)`` (and, with ``named_alike``, one of whose
    mentions is named with the event's own word, unless that word is the kind's general one)."""
    paragraph = rank.get(event.sentence.paragraph, event.sentence.paragraph)
    first = 0 if anywhere_before else paragraph - 1
    earlier = [node for node in nodes if node.kind == event.kind
               and any(first <= rank.get(m.sentence.paragraph, m.sentence.paragraph) <= paragraph
                       for m in node.mentions())
               and all(fits(m, event) for m in node.mentions())
               and (not named_alike or any(_same_word(m, event) for m in node.mentions()))]
    return max(earlier, key=lambda n: max(m.sentence.index for m in n.mentions())) if earlier else None


def _word(event: Event) -> str:
    """The trigger's word without its inflection: "bombing", "bombed" -> "bomb"."""
    word = event.sentence.clean[slice(*event.trigger)].lower().split()[-1]
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _same_word(antecedent: Event, event: Event) -> bool:
    """'the bombing' points back to a bombing, not to any attack; 'the attack' to any attack."""
    word = _word(event)
    return word in GENERAL_WORDS or word in _word(antecedent) or _word(antecedent) in word


def _nth_day(node: Event, number: int) -> DateValue | None:
    """'The second day of negotiations' of talks that began on 21 September: 22 September. Only from
    a node whose first day is known to the day and not a bound."""
    days = {m.date.begin for m in node.mentions() if _one_day(m) is not None and m.scope != "Onset"}
    if len(days) != 1:
        return None
    day = min(days) + timedelta(days=number - 1)
    first = next(m.date for m in node.mentions() if m.date is not None and m.date.begin in days)
    return DateValue(day, day, "day", first.text, first.start, first.stop, relative=True)


def _corefer(node: Event, event: Event, registry=None) -> bool:
    if node.kind != event.kind:
        return False
    mentions = node.mentions()
    if not all(_dates_fit(m, event) for m in mentions):
        return False
    agents = {a for m in mentions for a in m.agents}
    targets = {t for m in mentions for t in m.targets}
    places = {p for m in mentions for p in m.places}
    if not _names_fit(mentions, event, places):
        return False
    if event.kind in RECURRING:
        # "Near the city, X recaptured a base" is not the city's capture: only where an event was
        # is evidence that two mentions tell of one event
        places = {p for m in mentions if not m.near_only for p in m.places}
        event_places = set() if event.near_only else set(event.places)
    else:
        event_places = set(event.places)
    if set(event.agents) & targets or set(event.targets) & agents:
        return False
    if event.kind in RECURRING and any(_day_and_season(m, event) for m in mentions):
        return False  # a group killed on 2 October is one of, not the same as, 800 killed August to December
    bare = not (event.agents or event.targets or event.places)
    if event.kind == "Displacement" and (event.agents or agents) and not set(event.agents) & agents:
        return False  # forces that fled (the agents) are not the population's flight, nor another side's
    if event.kind in CAMPAIGN_KINDS:
        if bare or not (agents or targets or places):
            # nothing in common to go by but the date: an undated "the ceasefire" may be any of them
            return _dated(event) and any(_dated(m) for m in mentions)
        if event_places & places or set(event.targets) & targets:
            return True
        # the same side alone is not enough undated: a state may launch several offensives
        return bool(set(event.agents) & agents) and _dated(event) and any(_dated(m) for m in mentions)
    if not bare and _dated(event) != any(_dated(m) for m in mentions) and registry is not None \
            and _same_doers_and_place(node, event, registry):
        # "A UN mission visited X on 1 October ... While visiting Y (in X), the team found": an act a side
        # does seldom, told once dated and once not, by the same doer (or a part of it) at the same place
        # (or a place in it)
        return True
    if bare or not _dated(event) or not any(_dated(m) for m in mentions):
        return False
    if event.kind not in RECURRING and _one_day(event) and event.agents and set(event.agents) == agents \
            and all(_one_day(m) == _one_day(event) for m in mentions if m.date is not None) \
            and not (event.places or event.targets or places or targets):
        return True  # "On 28 September, X signed a decree" told twice: the same doer, the same day
    if event.kind in LOSER_TARGETS:
        # a capture's target is the side that lost the place: losing twice to the same side is two
        # captures ("X recaptured A from Y ... In late May, X seized places near B from Y")
        return bool(event_places & places) and (not event.agents or not agents or bool(set(event.agents) & agents))
    counted = {_number(m.victims_counted) for m in mentions} | {_number(event.victims_counted)}
    if event.kind in PEOPLE_HARMED_ONCE and None not in counted and len(counted) > 1:
        return False  # "eight ... killed in X", "19 ... killed in X" the same day: two killings, wherever
    shared_targets = set(event.targets) & targets
    if event.kind in PEOPLE_HARMED_ONCE and registry is not None:
        # "eight ISIL fighters killed in X ... 19 ISIL fighters being killed" on one day: a side loses men in
        # many killings; the same named people, or the same count of its men ("the last 140 ISIL sleeper agents
        # were killed" told twice), make two mentions one killing
        if None in counted or len(counted) > 1:
            shared_targets = {t for t in shared_targets if registry[t].is_person}
    return bool(event_places & places or shared_targets) and \
        (not event.agents or not agents or bool(set(event.agents) & agents))


def _number(count: str | None) -> int | str | None:
    """'eight' and '8' are one count; a count not written as a number stays its words."""
    if count is None:
        return None
    digits = count.replace(",", "")
    return int(digits) if digits.isdigit() else NUMBER_WORDS.get(count.lower(), count.lower())


def _same_doers_and_place(node: Event, event: Event, registry) -> bool:
    """Every doer of the event is (a part of) a doer of the node or the other way round, and so for the
    places, which both name: the same side at the same place. Not for acts done many times a day."""
    if event.kind not in SELDOM_DONE:
        return False
    mentions = node.mentions()
    agents = {a for m in mentions for a in m.agents}
    places = {p for m in mentions for p in m.places}
    if not (event.agents and agents and event.places and places):
        return False
    return _related(set(event.agents), agents, registry) and _related(set(event.places), places, registry)


def _related(these: set[str], those: set[str], registry) -> bool:
    """Each of one set is in the other or inside one of it (part of, located in), or the reverse."""
    def inside(entity_id: str, others: set[str]) -> bool:
        seen, todo = set(), [entity_id]
        while todo:
            current = todo.pop()
            if current in others:
                return True
            if current in seen or current not in registry.entities:
                continue
            seen.add(current)
            todo += [*registry[current].part_of, *registry[current].located_in]
        return False
    return all(inside(e, those) for e in these) or all(inside(e, these) for e in those)


def _the_one_campaign(nodes: list[Event], event: Event, registry=None) -> list[Event]:
    """For an undated campaign mention with doers: the one node of its kind those doers waged, when it
    has the very same doers and nothing disagrees; none when the doers waged none or several."""
    if event.kind not in CAMPAIGN_KINDS or not event.agents or _dated(event):
        return []
    waged = [node for node in nodes if node.kind == event.kind
             and set(event.agents) & {a for m in node.mentions() for a in m.agents}]
    if registry is not None and event.kind == "MilitaryOffensive":
        # "Continuing their offensive, the ISF ..." after offensives of the ISF and of the Iraqi
        # government: the same state waged two, and which one goes on is not settled (a state wages many
        # offensives; a blockade by its bodies is the one blockade)
        states = {registry.state_of(a) for a in event.agents} - {None}
        by_the_state = [node for node in nodes if node.kind == event.kind and states & {
            registry.state_of(a) for m in node.mentions() for a in m.agents}]
        if len(by_the_state) > 1:
            return []
    return waged if len(waged) == 1 and _one_campaign_of(waged[0], event) else []


def _one_campaign_of(node: Event, event: Event) -> bool:
    """The node's doers are the event's, and nothing of the two disagrees: dates, roles, names (an
    offensive of three sides is not the one of a side of them)."""
    mentions = node.mentions()
    return set(event.agents) == {a for m in mentions for a in m.agents} \
        and all(_dates_fit(m, event) and _roles_fit(m, event) for m in mentions) \
        and _names_fit(mentions, event, {p for m in mentions for p in m.places})


def _roles_fit(a: Event, b: Event) -> bool:
    """No participant of one is in the opposite role in the other, nor two doers disagree."""
    if set(a.agents) & set(b.targets) or set(a.targets) & set(b.agents):
        return False
    return not (a.agents and b.agents) or bool(set(a.agents) & set(b.agents))


def _names_fit(mentions: list[Event], event: Event, places: set[str]) -> bool:
    """'The Kelmar offensive' is not 'the offensive' the text is about unless that one is in Kelmar
    too: a mention named after a place joins mentions of the same name, or mentions held there."""
    names = {m.named_after for m in mentions if m.named_after}
    if event.named_after:
        return event.named_after in names or event.named_after in places
    return not names or bool(names & set(event.places))


def _bare(event: Event) -> bool:
    return not (event.agents or event.targets or event.places)


def _dated(event: Event) -> bool:
    """Dated to when it happened: a day it had happened by ("by 13 September", the day it was
    reported) fits any earlier day, so it is no evidence that two mentions are one event."""
    return event.date is not None and event.scope != "Completion"


def _one_day(event: Event):
    """The day a mention is dated to, when it is dated to one day."""
    return event.date.begin if _dated(event) and event.date.begin == event.date.end else None


def _day_and_season(a: Event, b: Event) -> bool:
    """One told on a day (or a few), the other over many times as long: the shorter act is a part of
    the longer one at most ("346 killed from 4 to 21 February" of "12,783 killed in seven years")."""
    if a.date is None or b.date is None or a.scope == "Completion" or b.scope == "Completion":
        return False
    spans = sorted(((a.date.end - a.date.begin).days, (b.date.end - b.date.begin).days))
    return spans[1] > 7 and spans[1] > 4 * (spans[0] + 1)


def _dates_fit(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return True
    # "by 13 September": any day up to then
    a_begin = date.min if a.scope == "Completion" else a.date.begin
    b_begin = date.min if b.scope == "Completion" else b.date.begin
    return a_begin <= b.date.end and b_begin <= a.date.end
