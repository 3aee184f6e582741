"""Lasting relations the text states: positions, armed forces, capitals, membership, location.

Positions come from a role noun with a person on one side and an organisation, state or demonym on
the other: "Armenian Prime Minister Nikol Pashinyan", "the president of Artsakh, Samvel
Shahramanyan", "Charles Michel, President of the European Council", "Artsakh's human rights
ombudsman Gegham Stepanyan".
"""

from __future__ import annotations

import re

from kg.extract.context import SentenceContext
from kg.extract.facts import Relation
from kg.extract.lexicon import ROLES
from kg.mentions import Mention

ROLE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in ROLES) + r"(?![\w-])")
# Between a role noun and the person it introduces: at most a few words ("of the Council", "to Israel").
ROLE_TO_PERSON = re.compile(r"^(?:\s+(?:of|for|to)\s+(?:the\s+)?(?:(?!\band\b)[^,;.]){0,60}?)?\s*,?\s*$")
PERSON_TO_ROLE = re.compile(r"^\s*,\s+(?:who\s+(?:was|is|had\s+been)\s+)?(?:(?:the|a|an|former|then|current|acting|"
                            r"deputy|inaugural|founding|first|chief|senior|late)\s+){0,3}(?:[a-z][\w-]*\s+)?$")
ORG_TO_ROLE = re.compile(r"^(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}$")
ROLE_TO_ORG = re.compile(r"^\s+(?:of|for)\s+(?:the\s+)?$")
INCLUDING = re.compile(r"\bincluding\b")
OWNER_OF_CAPITAL = re.compile(r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}")
CAPITAL = re.compile(r"\bcapital(?:\s+city)?\b")
ARMED_FORCES = re.compile(r"\barmed\s+forces\s+of\s+(?:the\s+)?$")
MEMBERS = re.compile(r"\bmembers?\s+of\s+(?:the\s+)?$")
PLACE_RANK = {"Site": 1, "Monastery": 1, "Mine": 1, "Airport": 1, "Bridge": 1, "Checkpoint": 1,
              "Monument": 1, "Facility": 1, "Settlement": 2, "Village": 2, "Town": 2, "City": 2,
              "District": 3, "Region": 4, "Country": 5}


def extract_relations(contexts: list[SentenceContext]) -> list[Relation]:
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for context in contexts:
        for relation in (*_positions(context), *_capitals(context), *_armed_forces(context),
                         *_memberships(context), *_locations(context)):
            key = (relation.subject, relation.predicate, relation.object)
            if relation.subject != relation.object and key not in seen:
                seen.add(key)
                relations.append(relation)
    return relations


def _positions(context: SentenceContext):
    text = context.text
    persons = [m for m in context.mentions if context.entity(m).is_person]
    # Organisations and states hold positions (ckg:holdsPositionIn ranges over agents, so "the mayor
    # of <town>" yields nothing); demonyms stand for their state.
    holders = [m for m in context.actors() if not context.entity(m).is_person] + context.demonyms
    for role in ROLE.finditer(text):
        person = _person_for_role(text, role, persons)
        if person is None:
            continue
        holder = _holder_for_role(text, role, holders, context)
        if holder is None:
            # "several Artsakhi officials ..., including former defence minister X": the group's demonym.
            including = [m for m in INCLUDING.finditer(text, 0, min(role.start(), person.start))]
            if including:
                group = [d for d in context.demonyms if d.stop <= including[-1].start()]
                holder = group[-1] if group else None
        if holder is not None and holder.entity_id != person.entity_id:
            yield Relation(person.entity_id, role.lastgroup, holder.entity_id, context.sentence,
                           (min(person.start, role.start(), holder.start), max(person.stop, role.end(), holder.stop)))


def _person_for_role(text: str, role: re.Match, persons: list[Mention]) -> Mention | None:
    after = [p for p in persons if p.start >= role.end() and ROLE_TO_PERSON.match(text[role.end():p.start])]
    # "the Prime Minister of Armenia Nikol Pashinyan": a name right after "<role> of X" is the holder.
    if after and re.match(r"\s+(?:of|for)\b", text[role.end():after[0].start]):
        return after[0]
    # Otherwise an appositive ("Armen Grigoryan, head of ...") binds tighter than a later name.
    before = [p for p in persons if p.stop <= role.start() and PERSON_TO_ROLE.match(text[p.stop:role.start()])]
    if before:
        return before[-1]
    return after[0] if after else None


def _holder_for_role(text, role, holders, context: SentenceContext) -> Mention | None:
    following = [h for h in holders if h.start >= role.end() and ROLE_TO_ORG.match(text[role.end():h.start])]
    if following:
        holder = following[0]
        # "head of Armenia's Security Council": the council holds the position, not Armenia.
        owned = [h for h in holders if h.start > holder.stop and re.fullmatch(r"(?:'s|’s)\s+", text[holder.stop:h.start])]
        return owned[0] if owned else holder
    preceding = [h for h in holders if h.stop <= role.start() and ORG_TO_ROLE.match(text[h.stop:role.start()])]
    # The closest holder wins; at a tie a registry name beats a demonym ("Russian Foreign Ministry").
    return max(preceding, key=lambda h: (h.stop, h.stop - h.start)) if preceding else None


def _capitals(context: SentenceContext):
    text = context.text
    places = context.places() + context.demonyms
    for capital in CAPITAL.finditer(text):
        cities = [m for m in context.places() if m.start >= capital.end() and re.fullmatch(r",?\s+", text[capital.end():m.start])]
        # "Dunmere is the capital of X", "Yerevan, the capital of X"
        cities += [m for m in context.places() if m.stop <= capital.start()
                   and re.fullmatch(r"(?:\s+is|,)\s+the\s+(?:de\s+facto\s+)?", text[m.stop:capital.start()])]
        # "Artsakh's de facto capital", "the Armenian capital": a possessive or a demonym right before.
        owners = [m for m in places if m.stop <= capital.start() and OWNER_OF_CAPITAL.fullmatch(text[m.stop:capital.start()])
                  and (m in context.demonyms or text[m.stop:m.stop + 1] in "'’")]
        if not owners:
            owners = [m for m in places if m.start >= capital.end() and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[capital.end():m.start])]
        if cities and owners:
            yield Relation(cities[0].entity_id, "capitalOf", owners[-1].entity_id, context.sentence,
                           (min(owners[-1].start, capital.start()), cities[0].stop))


def _armed_forces(context: SentenceContext):
    text = context.text
    forces = [m for m in context.actors() if "ArmedForce" in context.entity(m).types]
    for owner in context.actors() + context.demonyms:
        if ARMED_FORCES.search(text[:owner.start]):
            near = [f for f in forces if f.stop <= owner.start and owner.start - f.stop <= 40]
            if near:
                yield Relation(near[-1].entity_id, "armedForcesOf", owner.entity_id, context.sentence,
                               (near[-1].start, owner.stop))


def _memberships(context: SentenceContext):
    text = context.text
    for organization in context.actors():
        if not MEMBERS.search(text[:organization.start]):
            continue
        clause_start, _ = context.clause_bounds(organization.start)
        members = [m for m in context.actors() if clause_start <= m.start < organization.start
                   and m.entity_id != organization.entity_id and context.entity(m).is_organization]
        for member in members:
            yield Relation(member.entity_id, "memberOf", organization.entity_id, context.sentence,
                           (member.start, organization.stop))


LIST_GLUE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
PART_OF = re.compile(r"\b(?:is|was|as)\s+(?:de\s+jure\s+|internationally\s+|legally\s+)?(?:a\s+)?part\s+of\s+(?:the\s+)?$")


PLACE_NOUN_OF = re.compile(r"\s+(?:town|city|village|capital|region|district|province|suburb|settlement)\s+of\s+$")


def _locations(context: SentenceContext):
    text = context.text
    places = context.places()
    # "the Azerbaijani town of Yevlakh": the demonym's country contains the place.
    for demonym in context.demonyms:
        following = [p for p in places if p.start > demonym.stop and PLACE_NOUN_OF.fullmatch(text[demonym.stop:p.start])]
        if following and following[0].entity_id != demonym.entity_id:
            yield Relation(following[0].entity_id, "locatedIn", demonym.entity_id, context.sentence,
                           (demonym.start, following[0].stop))
    for index, outer in enumerate(places):
        if index == 0:
            continue
        inner = places[index - 1]
        glue = text[inner.stop:outer.start]
        if not re.fullmatch(r"\s+in\s+(?:the\s+)?|,\s+|\s+suburb\s+of\s+", glue):
            continue
        if glue.startswith(",") and "District" not in context.entity(outer).types:
            continue
        # "the villages of A, B and C in D": every place of the list lies in D.
        members = [inner]
        for earlier in reversed(places[:index - 1]):
            if LIST_GLUE.fullmatch(text[earlier.stop:members[-1].start]):
                members.append(earlier)
            else:
                break
        for member in members:
            if 0 < _rank(context, member) < _rank(context, outer):
                yield Relation(member.entity_id, "locatedIn", outer.entity_id, context.sentence,
                               (member.start, outer.stop))
    yield from _part_of(context, places)


def _part_of(context: SentenceContext, places: list[Mention]):
    """"A ... is (de jure) a part of B" / "recognised as part of B": A lies in B."""
    text = context.text
    for outer in places:
        if not PART_OF.search(text[:outer.start]):
            continue
        before = [m for m in places if m.stop <= outer.start and m.entity_id != outer.entity_id]
        if not before:
            continue
        # "recognised X as part of B": X; otherwise the sentence's topic, the first place it names.
        adjacent = PART_OF.fullmatch(text[before[-1].stop:outer.start].lstrip())
        inner = before[-1] if adjacent else before[0]
        if _rank(context, inner) <= _rank(context, outer):
            yield Relation(inner.entity_id, "locatedIn", outer.entity_id, context.sentence, (inner.start, outer.stop))


def _rank(context: SentenceContext, mention: Mention) -> int:
    return min((PLACE_RANK[t] for t in context.entity(mention).types if t in PLACE_RANK), default=0)
