"""Lasting relations the text states: positions, armed forces, capitals, membership, location.

Positions come from a role noun with a person on one side and an organisation, state or demonym on
the other: "Yian Prime Minister Ana Bel", "the president of Xland, Cem
Dor", "Gil Hart, President of the European Council", "Xland's human rights
ombudsman Gegham Stepanyan".
"""

from __future__ import annotations

import re

from conflict_kg.extract.context import SentenceContext
from conflict_kg.extract.facts import Relation
from conflict_kg.extract.lexicon import ROLES
from conflict_kg.mentions import Mention

ROLE = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?P<{name}{index}>{pattern})" for index, (name, pattern)
                                              in enumerate(ROLES)) + r")(?![\w-])")
# "former foreign minister X", "X served as prime minister": a position told as held in the past.
FORMER = re.compile(r"\b(?:former|ex-|then|onetime|one-time|previous|erstwhile)\s+(?:[\w-]+\s+){0,3}$"
                    r"|\b(?:served|had\s+served)\s+as\s+(?:[^,;.]{0,80}?\s+)?$", re.I)
SERVED_AS = re.compile(r"\b(?:served|had\s+served)\s+as\b")
# "an advisor to the head of X, P": P holds the first role, not the one inside its "to / of" phrase.
INNER_ROLE = re.compile(r"^\s+(?:to|of|for)\s+(?:the\s+)?$")
# Between a role noun and the person it introduces: at most a few words ("of the Council", "to Israel").
ROLE_TO_PERSON = re.compile(r"^(?:\s+(?:of|for|to)\s+(?:the\s+)?(?:(?!\band\b)[^,;.]){0,60}?)?\s*,?\s*$")
PERSON_TO_ROLE = re.compile(r"^\s*,\s+(?:(?:who\s+(?:was|is|had\s+been)\s+)?(?:(?:the|a|an|former|then|current|acting|"
                            r"deputy|inaugural|founding|first|chief|senior|late)\s+){0,3}(?:[\w-]+\s+)?"
                            r"|an?\s+[^,;]{1,60}?\s+and\s+)$")
ORG_TO_ROLE = re.compile(r"^(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}$")
# "the leader of the IS-affiliated Abu Sayyaf group": one hyphenated adjective may stand before the holder
ROLE_TO_ORG = re.compile(r"^\s+(?:of|for|at|with|in)\s+(?:the\s+)?(?:\w+-\w+\s+)?$")
PERSON_BEFORE_HOLDER = re.compile(r"^\s*,\s+(?:the\s+|a\s+|an\s+)?$")
LED_BY = re.compile(r"^,?\s+led\s+by\s+(?:the\s+)?(?:[^,;.]{0,60}?\s+)?$")
PERSON_OF_ORG = re.compile(r"^,\s+of\s+(?:the\s+)?$")
# "X is a village in Y" (a noun of a place: not "The Battle of X was a consequence of Y's ...")
COPULA_PLACE = re.compile(r"^(?:\s+or\s+[\w-]+)?\s+(?:is|was)\s+an?\s+(?:[\w-]+\s+){0,2}?(?:village|town|city|"
                          r"settlement|district|region|province|suburb|neighbou?rhood|municipality|capital|area|part|"
                          r"port|community|county|oblast|governorate|road|highway|corridor|route|mountain|valley|"
                          r"river|lake|island|base|plant|site)\s+(?:in|of)\s+(?:the\s+)?$")
APPOSITIVE_PLACE = re.compile(r"^,\s+an?\s+(?:[\w-]+\s+){0,2}?(?:suburb|village|town|city|district|neighbou?rhood|"
                              r"part|region)\s+(?:of|in)\s+(?:the\s+)?$")
INCLUDING = re.compile(r"\bincluding\b")
ARMY_COMMANDER = re.compile(r"(?:army|military)\s+[Cc]ommander")
THE_STATES = re.compile(r"\bthe\s+state['’]s\s+(?:de\s+facto\s+)?$")
ADVISES = re.compile(r"\s+to\s+(?:the\s+)?(?:[\w-]+\s+){0,2}")
AS_ROLE = re.compile(r"\bas\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}$|\b(?:served|serving|serves)\s+as\b")
PRONOUN_SUBJECT = re.compile(r"^(?:He|She)\b|\b(?:he|she)\s+(?:also\s+)?(?:served|serves|was|had\s+been)\s+as\b")
# "several Xian officials": a group whose demonym a later "former foreign minister X" belongs to.
GROUP_OF_OFFICIALS = re.compile(r"\s+(?:officials|leaders|politicians|authorities)\b")
PLURAL_ROLE_LIST = re.compile(r"\b(?P<role>presidents|prime\s+ministers|ministers|commanders)\s+$", re.IGNORECASE)
PLURAL_TO_SINGULAR = {"presidents": "presidentOf", "prime ministers": "primeMinisterOf", "ministers": "ministerOf",
                      "commanders": "headOf"}
# Positions a state confers: only these take a holder from the context ("Xian officials, including ...").
STATE_POSITIONS = {"presidentOf", "primeMinisterOf", "ministerOf", "foreignMinisterOf", "defenceMinisterOf"}
OWNER_OF_CAPITAL = re.compile(r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}")
CAPITAL = re.compile(r"\bcapital(?:\s+city)?\b|\badministrative\s+cent(?:re|er)\b")
CAPITAL_SUBJECT = re.compile(r"\s+is\s+an?\s+[^,;.]*?\s+and\s+the\s+")
ARMED_FORCES = re.compile(r"\barmed\s+forces\s+of\s+(?:the\s+)?$")
# "X and Y are members of Z", "X became the 124th member of Z": a copula before it (not "500 members of Z")
MEMBERS = re.compile(r"\b(?:is|are|was|were|being|became|become|becomes|remain|remains|remained)\s+(?:an?\s+|the\s+)?"
                     r"(?:[\w-]+\s+){0,2}members?\s+of\s+(?:the\s+)?$")
# An office of some part of a body: "the regional military spokesman", "a local police chief".
LOCAL_OFFICE = re.compile(r"\b(?:regional|local|provincial|district|divisional|municipal)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "Deputy Defence Minister X" is no minister; "Deputy Prime Minister X" is one of the government's ministers.
DEPUTY = re.compile(r"\b(?:[Dd]eputy|[Vv]ice)[- ]$")
# "a senior Hezbar leader", "the senior Hezbar commander X": one of its leaders, not the one who heads it.
ONE_OF_THE_LEADERS = re.compile(r"\b(?:an?|another|senior|top|local|regional|field)\s+(?:senior\s+|top\s+)?"
                                r"(?:[A-Z][\w-]*\s+){0,3}$")
PLACE_RANK = {"Site": 1, "Monastery": 1, "Mine": 1, "Airport": 1, "Bridge": 1, "Checkpoint": 1,
              "Monument": 1, "Facility": 1, "Road": 1, "Corridor": 1, "Settlement": 2, "Village": 2, "Town": 2, "City": 2,
              "District": 3, "Region": 4, "Country": 5}


def extract_relations(contexts: list[SentenceContext]) -> list[Relation]:
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    plural_lists: list[tuple[str, list[str], SentenceContext, tuple[int, int]]] = []
    last_person: str | None = None
    group_demonym: Mention | None = None
    paragraph = -1

    def add(relation: Relation) -> None:
        key = (relation.subject, relation.predicate, relation.object)
        if relation.subject != relation.object and key not in seen:
            seen.add(key)
            relations.append(relation)

    for context in contexts:
        if context.sentence.paragraph != paragraph:
            paragraph, last_person, group_demonym = context.sentence.paragraph, None, None
        for relation in (*_positions(context, last_person, group_demonym), *_capitals(context), *_armed_forces(context),
                         *_memberships(context), *_locations(context), *_leaders(context)):
            add(relation)
        plural_lists.extend(_plural_role_lists(context))
        persons = [m for m in context.actors() if context.entity(m).is_person]
        if persons:
            last_person = persons[0].entity_id
        groups = [d for d in context.demonyms if GROUP_OF_OFFICIALS.match(context.text, d.stop)]
        if groups:
            group_demonym = groups[-1]
    # "former presidents A, B and C": when one of them is known to hold the office somewhere, all did.
    for predicate, members, context, span, former in plural_lists:
        holders = {o for s, p, o in seen if p == predicate and s in members}
        if len(holders) == 1:
            holder = holders.pop()
            for member in members:
                add(Relation(member, predicate, holder, context.sentence, span, former=former))
    return relations


def _predicate(role: re.Match) -> str:
    """The ckg property a role noun's match names (ROLE's groups are numbered: a property may have two)."""
    return re.sub(r"\d+$", "", role.lastgroup)


def _plural_role_lists(context: SentenceContext):
    text = context.text
    persons = [m for m in context.actors() if context.entity(m).is_person]
    for index, first in enumerate(persons):
        role = PLURAL_ROLE_LIST.search(text[:first.start])
        if not role:
            continue
        members, current = [first.entity_id], first
        for following in persons[index + 1:]:
            if re.fullmatch(r",\s*(?:and\s+)?|\s+and\s+", text[current.stop:following.start]):
                members.append(following.entity_id)
                current = following
            else:
                break
        if len(members) > 1:
            predicate = PLURAL_TO_SINGULAR[" ".join(role.group("role").lower().split())]
            yield predicate, members, context, (role.start(), current.stop), \
                FORMER.search(text[max(0, role.start() - 40):role.start()]) is not None


def _positions(context: SentenceContext, last_person: str | None = None, group_demonym: Mention | None = None):
    text = context.text
    persons = [m for m in context.mentions if context.entity(m).is_person]
    # Organisations and states hold positions (ckg:holdsPositionIn ranges over agents, so "the mayor
    # of <town>" yields nothing); demonyms stand for their state.
    holders = [m for m in context.actors() if not context.entity(m).is_person] + context.demonyms
    without_holder: list[tuple[Mention, re.Match]] = []
    state_of_person: dict[str, str] = {}
    roles = list(ROLE.finditer(text))
    for index, role in enumerate(roles):
        if index and INNER_ROLE.match(text[roles[index - 1].end():role.start()]):
            continue  # "an advisor to the head of X, P": P is the advisor
        predicate = _predicate(role)
        if LOCAL_OFFICE.search(text[max(0, role.start() - 40):role.start()]):
            continue  # "the regional military spokesman X": of a part the text does not name, not of the whole
        if DEPUTY.search(text[:role.start()]):
            if predicate == "primeMinisterOf":
                predicate = "ministerOf"  # "Deputy Prime Minister X": a minister of the government
            elif predicate in STATE_POSITIONS:
                continue  # "Valdorian Deputy Defence Minister X": a deputy, not the minister
        if predicate == "headOf" and ONE_OF_THE_LEADERS.search(text[max(0, role.start() - 40):role.start()]) \
                and not re.search(r"(?i)commanding|director|mayor|chair", role.group()):
            predicate = "memberOf"  # "a senior Front leader": one of its leaders
        person = _person_for_role(text, role, persons)
        holder = _holder_for_role(text, role, holders, context)
        if person is None and holder is not None and holder.stop <= role.start():
            # "Kavita Belani, United Nations Refugee Agency Representative": the name before the holder.
            person = next((p for p in reversed(persons) if p.stop <= holder.start
                           and PERSON_BEFORE_HOLDER.match(text[p.stop:holder.start])), None)
        if person is None and AS_ROLE.search(text[:role.start()]) and not re.search(r"[;]", text[:role.start()]):
            person = _sentence_subject(context, persons, last_person)
        if person is None:
            continue
        if holder is None and predicate in STATE_POSITIONS and group_demonym is not None \
                and re.search(r"\b[Ff]ormer\s+(?:[\w-]+\s+){0,2}$", text[:role.start()]):
            holder = group_demonym
        if holder is None and predicate == "headOf" and ARMY_COMMANDER.search(role.group()):
            # "Xian ... military commander X": the head of that state's armed force (registry part_of).
            state = group_demonym or next(iter(reversed([d for d in context.demonyms if d.stop <= role.start()])), None)
            army = _armed_force_of(context, state.entity_id) if state is not None else None
            if army is not None:
                # "former Xian President A and military commander B": "former" goes with the demonym to B too (a
                # title coordinated with the one the demonym and "former" stand before)
                former = _former(text, role, person) or (
                    FORMER.search(text[max(0, state.start - 40):state.start]) is not None
                    and re.search(r"\s+and\s+(?:[\w-]+\s+){0,2}$", text[state.stop:role.start()]) is not None)
                yield Relation(person.entity_id, "headOf", army, context.sentence, (role.start(), person.stop),
                               former=former)
            continue
        if holder is None and predicate in STATE_POSITIONS:
            # "several Xian officials ..., including former defence minister X": the group's demonym.
            including = [m for m in INCLUDING.finditer(text, 0, min(role.start(), person.start))]
            if including:
                group = [d for d in context.demonyms if d.stop <= including[-1].start()]
                holder = group[-1] if group else None
        if holder is not None and predicate == "memberOf" and not context.entity(holder).is_organization \
                or holder is not None and "State" in context.entity(holder).types and predicate == "memberOf":
            continue  # "Yian journalist X" says nothing about membership of a state
        if holder is None and predicate in STATE_POSITIONS:
            without_holder.append((person, role, predicate))
        if holder is not None and holder.entity_id != person.entity_id:
            if "State" in context.entity(holder).types or "DeFactoState" in context.entity(holder).types:
                state_of_person[person.entity_id] = holder.entity_id
            yield Relation(person.entity_id, predicate, holder.entity_id, context.sentence,
                           (min(person.start, role.start(), holder.start), max(person.stop, role.end(), holder.stop)),
                           former=_former(text, role, person))
    # "he served as Prime Minister ... and as State Minister of the Republic of Xland": a state
    # office without a holder shares the state of the same person's other office in the sentence.
    for person, role, predicate in without_holder:
        if person.entity_id in state_of_person:
            yield Relation(person.entity_id, predicate, state_of_person[person.entity_id], context.sentence,
                           (min(person.start, role.start()), max(person.stop, role.end())),
                           former=_former(text, role, person))


def _former(text: str, role: re.Match, person: Mention) -> bool:
    """'former foreign minister X', 'X, the former president of Y', 'he served as ...': told as past."""
    before = text[:role.start()]
    return FORMER.search(before[max(0, min(role.start(), person.start) - 80):]) is not None \
        or (SERVED_AS.search(before) is not None and ";" not in before)


def _armed_force_of(context: SentenceContext, state: str) -> str | None:
    forces = [e.id for e in context.registry if "ArmedForce" in e.types and state in e.part_of]
    return forces[0] if len(forces) == 1 else None


def _state_of(context: SentenceContext, entity_id: str) -> str | None:
    """The state an entity is, or belongs to through the registry's part_of."""
    return context.registry.state_of(entity_id)


def _sentence_subject(context: SentenceContext, persons: list[Mention], last_person: str | None) -> Mention | None:
    """"X ... served as the president of Y" / "He served as ...": whom an "as <role>" describes."""
    if persons and persons[0].start <= 2:
        return persons[0]
    if last_person is not None and PRONOUN_SUBJECT.search(context.text):
        return Mention(0, 2, context.text[:2], last_person)
    return None


def _person_for_role(text: str, role: re.Match, persons: list[Mention]) -> Mention | None:
    after = [p for p in persons if p.start >= role.end() and ROLE_TO_PERSON.match(text[role.end():p.start])]
    # "the Prime Minister of Yland Ana Bel": a name right after "<role> of X" is the holder.
    if after and re.match(r"\s+(?:of|for)\b", text[role.end():after[0].start]):
        return after[0]
    # Otherwise an appositive ("Armen Grigoryan, head of ...") binds tighter than a later name.
    before = [p for p in persons if p.stop <= role.start() and PERSON_TO_ROLE.match(text[p.stop:role.start()])]
    if before:
        return before[-1]
    return after[0] if after else None


def _holder_for_role(text, role, holders, context: SentenceContext) -> Mention | None:
    if _predicate(role) == "memberOf":
        # Membership is in an organisation, never in a state ("Representative in Yland"): take the
        # first organisation among the holder after the role and the one before it.
        after = _holder_after_or_before(text, role, holders, context, before=False)
        before = _holder_after_or_before(text, role, holders, context, after=False)
        for holder in (after, before):
            if holder is not None and holder not in context.demonyms and context.entity(holder).is_organization \
                    and "State" not in context.entity(holder).types:
                return holder
        return None
    return _holder_after_or_before(text, role, holders, context)


def _holder_after_or_before(text, role, holders, context: SentenceContext, after: bool = True,
                            before: bool = True) -> Mention | None:
    if _predicate(role) in ("advisorOf", "spokespersonOf"):
        # "adviser to Zian president Eda Fen": advising a person.
        persons = [m for m in context.actors() if context.entity(m).is_person and m.start >= role.end()
                   and ADVISES.fullmatch(text[role.end():m.start])]
        if persons:
            return persons[0]
    # not a name inside a hyphenated adjective ("the IS-affiliated Abu Sayyaf group": Abu Sayyaf)
    following = [h for h in holders if h.start >= role.end() and ROLE_TO_ORG.match(text[role.end():h.start])
                 and text[h.stop:h.stop + 1] != "-"]
    if following and after:
        holder = following[0]
        # "head of Yland's Security Council": the council holds the position, not Yland.
        owned = [h for h in holders if h.start > holder.stop and re.fullmatch(r"(?:'s|’s)\s+", text[holder.stop:h.start])]
        return owned[0] if owned else holder
    if not before:
        return None
    preceding = [h for h in holders if h.stop <= role.start() and ORG_TO_ROLE.match(text[h.stop:role.start()])]
    # The closest holder wins; at a tie a registry name beats a demonym ("Wian Foreign Ministry").
    return max(preceding, key=lambda h: (h.stop, h.stop - h.start)) if preceding else None


def _capitals(context: SentenceContext):
    text = context.text
    places = context.places() + context.demonyms
    for capital in CAPITAL.finditer(text):
        cities = [m for m in context.places() if m.start >= capital.end() and re.fullmatch(r",?\s+", text[capital.end():m.start])]
        # "Dunmere is the capital of X", "Yerevan, the capital of X"
        cities += [m for m in context.places() if m.stop <= capital.start()
                   and re.fullmatch(r"(?:\s+is|,)\s+the\s+(?:de\s+facto\s+)?", text[m.stop:capital.start()])]
        # "Kora is a town in Zland and the administrative centre of the Kora District"
        first = context.places()[:1]
        if first and first[0].start <= 2 and CAPITAL_SUBJECT.fullmatch(text[first[0].stop:capital.start()]):
            cities += first
        # "Xland's de facto capital", "the Yian capital": a possessive or a demonym right before.
        owners = [m for m in places if m.stop <= capital.start() and OWNER_OF_CAPITAL.fullmatch(text[m.stop:capital.start()])
                  and (m in context.demonyms or text[m.stop:m.stop + 1] in "'’")]
        if not owners:
            owners = [m for m in places if m.start >= capital.end() and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[capital.end():m.start])]
        if not owners and THE_STATES.search(text[:capital.start()]):
            # "Xland authorities stated that the state's de facto capital, X": the state they belong to.
            states = [_state_of(context, m.entity_id) for m in context.actors() if m.stop <= capital.start()]
            states = [state for state in states if state]
            if states and cities:
                yield Relation(cities[0].entity_id, "capitalOf", states[-1], context.sentence, (capital.start(), cities[0].stop))
            continue
        if cities and owners:
            yield Relation(cities[0].entity_id, "capitalOf", owners[-1].entity_id, context.sentence,
                           (min(owners[-1].start, capital.start()), cities[0].stop))


def _leaders(context: SentenceContext):
    """"ORG, led by (the <role> ...) P": P heads ORG; "P, of the ORG": P belongs to ORG."""
    text = context.text
    persons = [m for m in context.actors() if context.entity(m).is_person]
    organizations = [m for m in context.actors() if context.entity(m).is_organization]
    for organization in organizations:
        led = [p for p in persons if p.start > organization.stop and LED_BY.match(text[organization.stop:p.start])]
        if led:
            yield Relation(led[0].entity_id, "headOf", organization.entity_id, context.sentence,
                           (organization.start, led[0].stop))
    for person in persons:
        member_of = [o for o in organizations if o.start > person.stop and PERSON_OF_ORG.match(text[person.stop:o.start])]
        if member_of:
            yield Relation(person.entity_id, "memberOf", member_of[0].entity_id, context.sentence,
                           (person.start, member_of[0].stop))


def _armed_forces(context: SentenceContext):
    text = context.text
    forces = [m for m in context.actors() if "ArmedForce" in context.entity(m).types]
    # "Wland's Northern Fleet": a state's possessive before its armed force.
    for force in forces:
        owners = [m for m in context.actors() + context.demonyms if m.stop <= force.start
                  and re.fullmatch(r"(?:'s|’s)\s+", text[m.stop:force.start]) and not context.entity(m).is_person]
        if owners:
            # "the Black Sea Fleet's 126th Coastal Defence Brigade": a unit of a force, not a state's forces
            owner = owners[-1]
            predicate = "partOf" if owner not in context.demonyms and "ArmedForce" in context.entity(owner).types \
                else "armedForcesOf"
            yield Relation(force.entity_id, predicate, owner.entity_id, context.sentence, (owner.start, force.stop))
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


# Places that run across regions (a river, a range): "X River in Y" says where a stretch of it is.
LINEAR = re.compile(r"\b(?:[Rr]iver|[Cc]anal|[Mm]ountains|[Rr]ange|[Ss]trait|[Hh]ighway|[Rr]oad)\b")
PLACE_NOUN_OF = re.compile(r"\s+(?:town|city|village|capital|region|district|province|suburb|settlement)\s+of\s+$")


def _locations(context: SentenceContext):
    text = context.text
    places = context.places()
    # "the Zian town of Lumo": the demonym's country contains the place.
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
        if not re.fullmatch(r"\s+in\s+(?:the\s+)?|,\s+|\s+suburb\s+of\s+|\s+of\s+the\s+", glue):
            continue
        if "suburb" in glue and _rank(context, inner) <= _rank(context, outer):
            yield Relation(inner.entity_id, "locatedIn", outer.entity_id, context.sentence, (inner.start, outer.stop))
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
            if LINEAR.search(context.entity(member).label):
                continue  # "on the east side of the Oskol River in Tarsk Oblast": the river runs on; the settlement is there
            if 0 < _rank(context, member) < _rank(context, outer):
                yield Relation(member.entity_id, "locatedIn", outer.entity_id, context.sentence,
                               (member.start, outer.stop))
    yield from _part_of(context, places)
    # "Ashby or Brill is a village in the Kora District"; "Calder, a suburb of Dunmere".
    for outer in places:
        for inner in places:
            if inner.stop > outer.start or inner.entity_id == outer.entity_id:
                continue
            glue = text[inner.stop:outer.start]
            copula = inner is places[0] and COPULA_PLACE.fullmatch(glue)
            if (copula or APPOSITIVE_PLACE.fullmatch(glue)) and 0 < _rank(context, inner) <= _rank(context, outer):
                yield Relation(inner.entity_id, "locatedIn", outer.entity_id, context.sentence, (inner.start, outer.stop))


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
