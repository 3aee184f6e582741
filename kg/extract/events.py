"""Events from the parse: a trigger word (kg/extract/triggers.py) in a frame that reports it.

Roles come from syntax, not word order: the agent is the subject of an active trigger, the "by"
phrase of a passive, the possessor or demonym of a noun ("Valdoria's offensive"); the target is
the object, the passive subject, the "on / against / of" phrase; mediators "brokered / mediated /
hosted by"; places only the trigger's own locative phrases and captured or shelled places. A clause
inside what someone said is their report (status, source, the statement), never their act.
"""

from __future__ import annotations

import datetime
import re

from conflict_kg.dates import MONTHS, NARRATIVE_RELATIVE, WEEKDAYS, DateValue
from conflict_kg.extract.clauses import (
    ALLEGING,
    DENYING,
    GROUND_TAKING,
    IRREALIS_GOVERNORS,
    REPORTING,
    SPEECH_NOUNS,
    TAKING_PURPOSES,
    Attribution,
    aspect_of_process,
    attribution,
    bare_participle,
    completion_date,
    contrast_subject,
    is_absolute,
    is_past_perfect,
    is_perfect,
    noun_realis,
    ongoing_date,
    onset_date,
    own_date,
    purpose_of,
    realis,
    said_alongside,
    shown_by_evidence,
    without_conjunction,
)
from conflict_kg.extract.context import CONCESSIVE, NarrativeDay, SentenceContext, narrative_dates, opening_day
from conflict_kg.extract.coreference import merge_mentions
from conflict_kg.extract.facts import Event, Statement
from conflict_kg.extract.lexicon import GROUND_NOUNS, GROUPING_NOUNS, PERSON_NOUNS, VICTIM_NOUNS
from conflict_kg.extract.narrative_roles import carry_capturers
from conflict_kg.extract.roles import ARMED_GROUP, OF_TRANSPARENT, SPEECH_LEMMAS, RoleReader, Salience
from conflict_kg.extract.triggers import (
    CONTROL,
    GATHERINGS,
    LIGHT_VERBS,
    OCCURRENCE_VERBS,
    PART_NOUNS,
    TRUCES,
    Trigger,
    base_lemma,
    index,
)
from conflict_kg.parse import Token

TRIGGERS = index()
# Prepositions whose object is where the event happened (or where people went to or came from).
LOCATIVE = frozenset({"in", "at", "near", "around", "outside", "inside", "across", "throughout", "within",
                      "into", "towards", "toward", "along", "over", "to", "from", "out", "of"})
DESTINATIONS = frozenset({"to", "into", "towards", "toward"})
# Kinds whose "to" phrase is where people went, kept apart from where it happened ("evacuated to X").
MOVING_PEOPLE = frozenset({"Evacuation", "Displacement"})
# Where something is, not where it came from or went: "civilians in X" (but not "prisoners from X").
STATIC_LOCATIVE = frozenset({"in", "at", "near", "around", "outside", "inside", "across", "throughout",
                             "within", "along"})
# Where a thing is next to, not in: "the monastery near Sos" is not in Sos.
NEARBY = frozenset({"near", "around"})
# Prepositions whose object, an event, caused the one it hangs from: "killed in an explosion".
CAUSING = frozenset({"in", "after", "during", "by", "from"})
# Prepositions whose object is what the event was done to.
TARGETING = frozenset({"on", "against", "upon", "at", "of", "over", "targeting"})
# Kinds whose parties act together: "X met with Y", "talks between X and Y" make both agents.
JOINT = frozenset({"Meeting", "Negotiation", "Agreement", "Ceasefire", "PrisonerExchange"})
# Kinds whose object or locative is a place changing hands, being left or reached.
PLACE_OBJECT = frozenset({"Capture", "Evacuation", "Displacement", "Withdrawal", "Visit", "Deployment",
                          "BorderOpening"})
# Verbs with a common figurative sense: they report violence only when they name who or where.
FIGURATIVE = frozenset({"strike", "hit", "block", "target", "storm", "meet"})
# Objects with which "clear" is an idiom, not ground taken: "cleared the way for", "clear the air".
CLEARED_FIGURATIVELY = frozenset({"way", "path", "air"})
# What is cleared away when ground is made safe, not taken: "explosives were cleared from X", "clearing
# the city of mines".
EXPLOSIVES = frozenset({"explosive", "mine", "landmine", "ied", "ordnance", "rubble", "debris", "booby-trap"})


def _cleared_of_explosives(verb: Token) -> bool:
    """What was cleared away ("explosives were cleared from X", "cleared X of mines") is explosives, every
    thing named ("of IEDs and ISIL snipers" is ground taken too), and no mine that is a place ("the salt mines")."""
    subject, objects = _arguments(verb)
    passive_subject = [subject] if subject is not None and subject.dep == "nsubjpass" else []
    removed = [*objects, *passive_subject, *_prepositional_heads(verb, {"of"}),
               *(p for o in objects for p in _prepositional_heads(o, {"of"}))]
    return any(all(c.lemma.lower() in EXPLOSIVES and not (c.lemma.lower() == "mine" and any(
        x.dep in ("compound", "amod") for x in c.children)) for c in _with_conjuncts(t)) for t in removed)


def _with_conjuncts(token: Token, chain: bool = True) -> list[Token]:
    """The token and its conjuncts ("IEDs, mines and snipers"); with ``chain`` False only those hung on it
    ("80 airstrikes and 200 rockets and artillery shells": the airstrikes' own, not the shells of the list)."""
    if not chain:
        return [token, *(c for c in token.children if c.dep == "conj")]
    found = [token]
    while (nxt := next((c for c in found[-1].children if c.dep == "conj"), None)) is not None:
        found.append(nxt)
    return found


# Kinds of act that go on over days, whose "from <date>" is when they began (not a capture or a release).
GOING_ON = frozenset({"Blockade", "Shelling", "MilitaryOffensive", "Attack"})
# Verbs whose object is the doer of the act in their "of / for" phrase: "accused X of shelling".
ACCUSING = frozenset({"accuse", "blame", "charge", "suspect", "convict", "credit", "condemn", "criticize",
                      "criticise"})
# Kinds whose mentions without an agent take their node's agent ("the offensive began").
SHARED_AGENT_KINDS = frozenset({"MilitaryOffensive", "Ceasefire", "Blockade"})
# Kinds of violence: a state named as their doer by a demonym acts through its armed forces.
VIOLENT = frozenset({"Attack", "Shelling", "Killing", "Explosion"})
# Verbs of coming together whose "for" phrase names what they came together for ("met for talks").
GATHERING_VERBS = frozenset({"meet"})
# Whom one meets, when "met" is a meeting ("met his counterpart", "met Mirek Dovan"), not "met the criteria".
MET_PEOPLE = frozenset({"president", "minister", "leader", "representative", "official", "envoy", "ambassador",
                        "secretary", "commander"})
# Kinds done to people, whom the sentence may describe without naming ("eight militants were killed").
UNDERGONE_BY_PEOPLE = VIOLENT | {"Detention", "Evacuation", "Blockade", "Displacement"}
# Kinds whose passive subject or object is who acts: "forces were deployed", "X surrendered".
AGENTIVE_UNDERGOERS = frozenset({"Deployment", "Surrender", "Resignation", "Withdrawal"})
# Nouns whose "of" phrase is their subject, not their object: "the surrender of X" (X surrendered).
INTRANSITIVE_NOUNS = frozenset({"surrender", "resignation", "exodus", "flight", "visit", "protest",
                                "withdrawal", "arrival", "departure"})
# Verbs whose object is an attack that was made and beaten back: "X repelled an attack by Y".
REPELLING = frozenset({"repel", "repulse"})
# Acts one calls into being ("called a ceasefire / an emergency meeting", and "called in airstrikes"); "called the
# siege a war crime" names one.
CALLED = frozenset({"Ceasefire", "Meeting", "Negotiation", "Protest"})
# Verbs whose subject, an event noun, did to their object what the event does: "shelling killed X".
HARMING = frozenset({"kill", "destroy", "wound", "strike", "hit"})
MEDIATING = frozenset({"mediate", "broker", "host", "facilitate", "sponsor", "organise", "organize"})
TRUCE_WORDS = frozenset(TRUCES) | {"ceasefire", "end"}


def extract_events(contexts: list[SentenceContext], statements: list[Statement]) -> list[Event]:
    if not contexts or contexts[0].parse is None:
        return []
    salience = Salience(contexts[0].registry, contexts)
    denied = _denied_spans(statements)
    statements_by_sentence: dict[int, list[Statement]] = {}
    for statement in statements:
        statements_by_sentence.setdefault(statement.sentence.index, []).append(statement)
    events: list[Event] = []
    paragraph = None
    # paragraphs are numbered by line; "the paragraph before" is the previous one that has sentences
    paragraph_rank = {number: rank for rank, number in enumerate(sorted({c.sentence.paragraph for c in contexts}))}
    narrative = narrative_dates(contexts)
    quoted = _inside_quotations(contexts)
    for context, narrative_day in zip(contexts, narrative, strict=True):
        if context.heading:
            continue  # a heading states no event
        if context.sentence.index in quoted:
            continue  # 'as "dwindling food supplies. ... Nights punctuated by shelling."': someone's words
        if context.sentence.paragraph != paragraph:
            paragraph = context.sentence.paragraph
            salience.new_paragraph()
        reader = RoleReader(context, salience)
        in_sentence: dict[str, Event] = {}
        for token in context.parse.tokens:
            for trigger in _triggers_of(token):
                event = _read_event(context, reader, token, trigger, denied,
                                    statements_by_sentence.get(context.sentence.index, []), narrative_day,
                                    lambda sentence: _latest_speaker(statements, paragraph_rank, sentence))
                if event is None:
                    continue
                if event.date is None and (back := _told_cause(events, context, token, trigger)) is not None:
                    event.date, event.scope = back.date, back.scope
                # One event per kind per sentence: a second trigger of the kind adds its roles, unless
                # someone else stands behind it ("Azg reported that X captured A; later, B fell").
                if len(event.agents) == 2:
                    salience.remember_parties(event.agents)
                if event.kind in in_sentence and (_same_voice(in_sentence[event.kind], event)
                                                  or _told_again(in_sentence[event.kind], event)) \
                        and not _other_actors(in_sentence[event.kind], event) \
                        and not _set_against(context, in_sentence[event.kind], token):
                    _absorb(in_sentence[event.kind], event, context.registry)
                else:
                    earlier = in_sentence.get(event.kind)
                    if earlier is not None and not event.agents and _also(token):
                        # "X had captured A; later that day, B were also reported to have been captured": by X
                        event.agents = [a for a in earlier.agents if a not in event.targets]
                    in_sentence[event.kind] = event
                    events.append(event)
                break
        salience.remember(reader.subjects(), reader.named())
        salience.lead_groups = reader.lead_groups()
    carry_capturers(events)
    nodes = merge_mentions(events, paragraph_rank, contexts[0].registry if contexts else None)
    for node in nodes:
        _share_participants(node)
    return nodes


# Weapons of artillery: an attack made with them is a shelling ("Russian artillery targeted X", "artillery
# strikes", "fired mortars into the town", "hit by Russian bombardment"). Rockets only as the means or the
# kind of the attack ("bombed by rockets", "rocket fire"): fired from helicopters they are no shelling.
ARTILLERY = frozenset({"artillery", "mortar", "howitzer", "shell", "bombardment", "shelling"})
ROCKETRY = frozenset({"rocket"})


def _by_artillery(token: Token, anchor: Token) -> bool:
    """The attack's doer, kind or means is artillery, or what was fired ("fired mortars"; not what was struck:
    "drones struck a howitzer"). Not rockets or a bombardment from the air ("helicopters attacked with rockets",
    "aerial bombardment"), not an attack "with artillery support"."""
    holders = list(dict.fromkeys([token, anchor]))
    airborne = any(t.lemma.lower() in AIRBORNE for holder in holders for t in holder.subtree())
    weapons = ARTILLERY - {"bombardment"} if airborne else ARTILLERY | ROCKETRY
    for holder in holders:
        for c in holder.children:
            if (c.dep == "nsubj" or c.dep == "dobj" and holder.lemma.lower() in FIRING) \
                    and _lemmas(_with_conjuncts(c, chain=False)) & ARTILLERY:
                return True
            if c.dep in ("compound", "amod", "nmod") and c.lemma.lower() in weapons:
                return True
            means = [p for p in c.children if p.dep == "pobj" and p.lemma.lower() not in SUPPORTING] \
                if c.dep == "agent" or (c.dep == "prep" and c.lemma.lower() in ("by", "with")) else []
            if any(_lemmas([*_with_conjuncts(p, chain=False), *(x for x in p.children if x.dep in ("compound", "amod"))])
                   & weapons
                   for p in means):
                return True
    return False


# Verbs whose object is what was fired, not what was hit.
FIRING = frozenset({"fire", "launch", "use"})
# Words of the air: rockets and bombardments from aircraft are no shelling.
AIRBORNE = frozenset({"air", "aerial", "aircraft", "helicopter", "jet", "drone", "warplane", "plane", "airstrike"})
# "attacked with artillery support / cover": the attack is the ground force's, the artillery backs it.
SUPPORTING = frozenset({"support", "cover", "backing"})


def _on_a_city(reader: RoleReader, token: Token) -> bool:
    """'an assault on / against the city', 'its ground assault against Sievierodonetsk': made on a whole city
    (the city itself what it was aimed at), by ground forces: not "a rocket / aerial / suicide assault on X"."""
    if any(c.dep in ("amod", "compound") and c.lemma.lower() in NOT_BY_GROUND_FORCES for c in token.children):
        return False
    aimed_at = _prepositional_heads(token, {"on", "against", "at", "into"})
    return any(p.lemma.lower() == "city" or (p.pos == "PROPN" and p.i in reader.mention_at
                                             and "City" in reader.context.registry[reader.mention_at[p.i]].types)
               for p in aimed_at)


# Assaults made from afar or by a few: "a rocket / aerial / suicide assault on the city" is no offensive.
NOT_BY_GROUND_FORCES = frozenset({"rocket", "missile", "air", "aerial", "artillery", "suicide", "terrorist", "complex",
                                  "drone"})


def _lemmas(tokens: list[Token]) -> set[str]:
    return {t.lemma.lower() for t in tokens}


def _told_cause(events: list[Event], context, token: Token, trigger: Trigger) -> Event | None:
    """'X attacked a barracks on 11 June. Fifty soldiers were killed in the attack.': an act said to
    have happened in or during "the" act of a kind points back to the latest of that kind the
    paragraph told before; it happened when that one did."""
    anchor = _frame(token, trigger)
    if anchor is None:
        return None
    for holder in dict.fromkeys([token, anchor]):
        for cause in _prepositional_heads(holder, {"in", "during"}):
            kinds = {t.kind for t in _triggers_of(cause)}
            if cause.pos != "NOUN" or not kinds or not any(
                    c.dep == "det" and c.lower_text() == "the" for c in cause.children):
                continue
            earlier = [e for e in events if e.sentence.paragraph == context.sentence.paragraph
                       and e.sentence.index < context.sentence.index and e.kind in kinds]
            if earlier and earlier[-1].date is not None:
                return earlier[-1]
    return None


def _also(token: Token) -> bool:
    """'were also captured', 'were also reported to have been captured': told as one more of the same."""
    holders = [token]
    while holders[-1].dep in ("xcomp", "ccomp", "conj") and holders[-1].head_i != holders[-1].i and len(holders) < 3:
        holders.append(holders[-1].head)
    return any(c.dep == "advmod" and c.lower_text() == "also" for holder in holders for c in holder.children)


def _share_participants(node: Event) -> None:
    """A mention that names no agent ("the offensive occurred") takes its node's: coreference. Only
    for the one campaign the text keeps returning to (an offensive, a ceasefire, a blockade)."""
    if node.kind not in SHARED_AGENT_KINDS or not node.also:
        return
    agents = list(dict.fromkeys(a for m in node.mentions() for a in m.agents))
    for mention in node.mentions():
        if not mention.agents and not mention.targets and agents:
            mention.agents = [a for a in agents if a not in mention.targets]


def _coarse(token: Token) -> str:
    return "NOUN" if token.pos in ("NOUN", "PROPN") or _gerund(token) else token.pos


def _gerund(token: Token) -> bool:
    """'Shelling of Dunmere continued': a verb form standing as a noun."""
    return token.tag == "VBG" and token.dep in ("nsubj", "nsubjpass", "dobj", "pobj")


def _triggers_of(token: Token) -> list[Trigger]:
    coarse = _coarse(token)
    found = TRIGGERS.get((base_lemma(token.text, token.lemma), coarse), [])
    if not found and _gerund(token):  # "the shelling": the noun entry, else the verb's read as a noun
        found = TRIGGERS.get((token.text.lower(), "NOUN")) or [
            Trigger(t.kind, t.lemma, "NOUN", t.reason) for t in TRIGGERS.get((token.lemma.lower(), "VERB"), [])
            if not t.objects]
    return found


def _read_event(context, reader: RoleReader, token: Token, trigger: Trigger, denied,
                statements: list[Statement], narrative: NarrativeDay | None = None,
                speaker_before=lambda sentence: None) -> Event | None:
    """``speaker_before(sentence)``: who spoke last before the sentence, near it ("Per the report")."""
    anchor = _frame(token, trigger)
    if anchor is None or not realis(anchor):
        return None
    if trigger.active and (token.tag == "VBG" or _is_passive(token) or not _finite(token)):
        return None  # "was then occupied by X", "occupying forces": who held it, not who took it
    if trigger.kind == "Deployment" and trigger.pos == "VERB" and token.dep == "acl" and token.tag == "VBN":
        return None  # "the 103rd Brigade stationed at Camp X", "a brigade stationed near Y": where it is based
    if trigger.kind == "Withdrawal" and trigger.pos == "VERB" and token.lemma != "abandon" and any(
            c.dep == "dobj" and c.lemma.lower() not in ARMED_GROUP for c in token.children):
        return None  # "withdrew its financial support": not forces
    if trigger.kind == "Withdrawal" and any(not reader.is_place(e) for e in _prepositional(reader, token, {"from"})):
        return None  # "Valdoria's withdrawal from the Orlandian Defence Pact": not from a place
    if trigger.pos == "NOUN" and (not noun_realis(token) or _refers_back(anchor)):
        return None
    if any(start <= token.start < stop for start, stop in denied.get(context.sentence.index, [])):
        return None
    if token.lemma in FIGURATIVE and trigger.pos == "VERB" and not _names_anything(reader, token):
        return None  # "was struck by the sudden manner": the word's other sense
    if trigger.pos == "VERB" and token.lemma.lower() == "clear" and any(
            o.lemma.lower() in CLEARED_FIGURATIVELY for o in _arguments(token)[1]):
        return None  # "clearing the way for airstrikes": no ground taken
    if trigger.pos == "VERB" and token.lemma.lower() == "clear" and _cleared_of_explosives(token):
        return None  # "120 explosives were cleared from the area", "clearing the city of mines": demining
    if _quoted_name(context.text, token):
        return None  # Articles "Surrendering voluntarily", "Operation Air Corridor": a name, not a report
    if trigger.kind == "Attack" and trigger.pos == "VERB" and _restates_its_subject(token):
        return None  # "the shelling hit the cemetery": one event, the shelling's, which takes the object
    credit = attribution(anchor, context.parse)
    if credit.status in ("reported", "alleged") and credit.speech is not None \
            and _set_against_the_report(reader, anchor, credit.speech):
        # "X reported that they had evacuated 7,000, while Russian peacekeepers evacuated 5,000 others":
        # another side's act set beside the report is the article's, as the report's own verb is
        credit = attribution(credit.speech, context.parse)
    if credit.status == "denied":
        return None
    if credit.status == "asserted" and (context.excerpt or _inside_quotation(context.text, token.start)
                                        or _in_first_person(context) or _scare_quoted(context.text, token)):
        # words in quotation marks are someone's, not the article's; a word set in scare quotes
        # ('civilians were "evacuated" to Russia') is a name for it the article does not take as its own
        credit = Attribution("alleged")
    kind = trigger.kind
    agents, patients, mediators, places, lost_by = _roles(reader, token, anchor, trigger)
    if trigger.pos == "NOUN" and not (agents or patients or places) \
            and (antecedent := _same_noun_before(context.parse, token)) is not None:
        # "... condemn today's attack of X against Y ... the attack takes place amid ...": the definite
        # noun names the event its sentence has just told, with that one's participants
        agents, patients, mediators, places, lost_by = _roles(reader, antecedent, antecedent, trigger)
    if trigger.lemma in ("agreement", "deal") and any(c.lemma in TRUCE_WORDS for c in token.children
                                                      if c.dep in ("compound", "amod")):
        kind = "Ceasefire"  # "a ceasefire agreement"
    if kind == "Attack" and trigger.pos == "NOUN" and trigger.lemma == "assault" and _on_a_city(reader, token):
        kind = "MilitaryOffensive"  # "launched a full assault on the city": an operation to take it, not one attack
    if kind == "Attack" and _by_artillery(token, anchor):
        kind = "Shelling"  # "Russian artillery targeted X", "artillery strikes": the guide's shelling
    if kind == "Capture" and trigger.lemma != "clear" and (_captures_people(token) or _captures_a_person(reader, token)):
        kind = "Detention"  # not "cleared Tarsian troops out of a dozen villages": drove them out, took no one
    targets = []
    losers = [e for e in lost_by if reader.is_actor(e)]  # "X lost control of Y": X, whom it was taken from
    if kind == "Capture":  # "retook 6,000 km2 from Russia", "captured the airport from X": whom it was taken from
        # "took control of four villages from X": the "from" phrase hangs on what was taken
        holders = list(dict.fromkeys([token] + [c for c in token.children if c.dep in ("dobj", "nsubjpass")]
                                     + (_taken_things(token) if token.is_verb() else [])))
        # "cleared the bazaar of gunmen", "had been cleared of X": whom the ground was cleared of
        cleared_of = {"from", "of"} if trigger.lemma == "clear" else {"from"}
        losers += [e for h in holders for e in _prepositional(reader, h, cleared_of) if reader.is_actor(e)]
        if trigger.lemma == "clear" and token.is_verb():
            # "cleared the market in eastern X of Y militants": the parser hangs the "of" phrase on the
            # place the object is located in; what the ground was cleared of is the last phrase
            located = [c for holder in [token, *_arguments(token)[1]] for c in holder.children
                       if c.dep == "prep" and c.lemma == "in"]
            losers += [e for prep in located for inner in prep.children if inner.dep == "pobj"
                       and any(reader.is_place(p) for p in reader.entities(inner))
                       for e in _prepositional(reader, inner, {"of"})
                       if reader.is_actor(e) and not reader.is_place(e) and e not in losers]
        # "took control over the territory controlled by X", "seized areas held by X": X lost it
        losers += [e for thing in _taken_things(token) for e in _held_by(reader, thing)
                   if reader.is_actor(e) and e not in losers]
        places = [p for p in places if p not in losers]
        targets += losers
    parts: list[str] = []  # places a list under what was taken names, beside the whole (not its address)
    if kind in PLACE_OBJECT and trigger.pos == "VERB":
        patients += [p for p in _included_settlements(reader, anchor) if p not in patients]
        parts = [p for p in _included_in_what_was_taken(reader, anchor) if p not in patients]
        patients += parts
    for entity_id in patients:
        if entity_id in losers:
            continue
        if reader.is_place(entity_id) and (kind in PLACE_OBJECT or not reader.is_actor(entity_id)):
            places.append(entity_id)
        elif reader.is_actor(entity_id):
            targets.append(entity_id)
    if kind == "AidDelivery" and trigger.pos == "VERB":
        # what is sent or provided is the aid, never whom it is for: "supplies were sent via X to Y"
        recipients = _prepositional(reader, token, {"to", "for"}) + [
            e for c in token.children if c.dep == "dative" for e in reader.entities(c)]
        targets = [t for t in targets if t in recipients]
    countering = token.lemma.lower().replace("-", "").startswith("counter") or (  # "counter-attacked": 3 tokens
        token.i >= 2 and token.sentence.tokens[token.i - 2].lower_text() == "counter"
        and token.sentence.tokens[token.i - 1].text in ("-", "\u2013"))
    if kind == "Attack" and agents and not targets and countering:
        # "whereupon ISIL launched a counter-attack" after the SDF's advance: a counter-attack is made
        # against the side that attacked, the other armed side its sentence names last
        targets = _countered(reader, agents)
    if kind in AGENTIVE_UNDERGOERS:  # "peacekeepers were deployed": the deployed act
        # but whom one surrenders to is the other side: "X surrendered to the authorities"
        to_whom = [e for e in _prepositional(reader, token, {"to"}) if reader.is_actor(e)] \
            if kind == "Surrender" else []
        agents, targets = [e for e in agents + targets if e not in to_whom], to_whom
    if kind in JOINT:
        agents, targets = agents + targets, []
    if kind == "Displacement" and trigger.pos == "VERB" and _one_person(reader, _arguments(token)[0]) \
            and not any(c.dep == "prep" and c.lemma.lower() == "with" for c in token.children):
        return None  # "he was killed while fleeing the city": one man's escape, no population displaced
    if kind == "Displacement":
        # Civilians who fled are the displaced; an armed force that fled retreated, and acted: its
        # flight is a withdrawal, not the displacement of a population
        people = [e for e in agents + targets if not reader.is_armed(e)]
        agents, targets = [e for e in agents + targets if reader.is_armed(e)], people
        if agents and not people:
            kind = "Withdrawal"
    agents = [a for a in dict.fromkeys(agents) if reader.is_actor(a)]
    if trigger.armed_doer and not any(reader.is_armed(a) for a in agents):
        return None  # "refugees arrived in the city": people, no force deployed
    if kind == "Capture" and agents and all(_keeps_the_peace(context.registry[a]) for a in agents):
        kind = "Deployment"  # "X came under the control of the peacekeepers": in their care, not taken by force
    sources = reader.entities(credit.source_token) if credit.source_token is not None else []
    if not sources and credit.source_token is not None and _points_back(credit.source_token):
        # "Per the report, ...": the report just told of, its speaker the source
        speaker = speaker_before(context.sentence)
        sources = [speaker] if speaker else []
    reported_in = _statement_of(credit.speech, statements)
    if not sources and reported_in is not None and credit.status in ("reported", "alleged"):
        # the statement that carries it knows its speaker better: a pronoun ("They reported that"), a
        # group ("the Ostrian delegation said") resolved from the context
        sources = [reported_in.speaker]
    status = credit.status
    if status == "reported" and (_report_denied(credit.speech, context.parse)
                                 or _report_contested(credit.speech, anchor)):
        status = "alleged"  # "X reported that ...; Y, however, denied this statement": disputed
    if status == "reported" and not sources:
        status = "alleged"  # "it was reported", "witnesses said": no named source stands behind it
    scope = None
    date = told_date = own_date(anchor, token, context.dates, context.parse, purpose=kind in AIMED_AT_GROUND)
    if date is None:
        date = _day_a_when_clause_tells_of(anchor, context.dates)  # "until 7 April, when X was shot down"
    if date is None and trigger.pos == "NOUN":
        date = _year_in_name(token)  # "the 2020 ceasefire agreement"
    if date is None and (during := _during_which(anchor)) is not None:
        # "the 2020 war, during which the republic lost most of ...": the year its noun is named with
        # (the nearest noun before it that has one: the parser may hang the clause on the verb)
        named = [_year_in_name(t) for t in context.parse.tokens if t.i < during.i and t.pos in ("NOUN", "PROPN")]
        date = next((d for d in reversed(named) if d is not None), None)
    if date is None:
        date = _year_that_saw(context)  # "2018 saw tension in the region, as X captured three vessels"
    if date is None and anchor.dep == "relcl" and anchor.head_i != anchor.i and any(
            c.dep == "advmod" and c.lower_text() == "when" for c in anchor.children):
        # "until the 2023 offensive, when X took control of Y": the year the noun is named with
        date = _year_in_name(anchor.head)
    if date is None and narrative is not None and (
            _in_main_clause(anchor) or _where_it_went_on(anchor) or _what_the_act_did(anchor)
            or _what_the_line_resulted_in(anchor) or (narrative.from_heading and _told_of_the_day(anchor))) and not (
            is_perfect(anchor) if credit.status != "asserted" else is_past_perfect(anchor)) \
            and not _later_than_the_line(anchor):
        # the day the paragraph's narrative stands on, also for what someone said happened on it ("He
        # stated that Grads were shelling the hospitals"); "had shelled", "said they have fled"
        # tell of an earlier time. Under a timeline's day heading ("May 23") the whole paragraph is
        # that day's, its "as" and "which" clauses too; a day opening a sentence frames only the
        # narrative's own line.
        date = narrative.date
        if narrative.bound:
            scope = "Completion"  # "By 8 September, X had advanced ... Y lost control of Z": by that day
        if credit.status != "asserted" and _told_as_done(anchor):
            # "X said that the militants' leaders were killed": done by the day it was said, maybe
            # the day before; "X stated that Grads were shelling the hospitals": that day
            scope = "Completion"
    if date is None and narrative is not None and credit.status == "asserted" and credit.speech is None \
            and trigger.pos == "VERB" and is_past_perfect(anchor) and _in_main_clause(anchor) \
            and narrative.date.begin == narrative.date.end and not narrative.date.relative \
            and narrative.date.precision in ("day", "time-of-day"):
        # "On 24 May, X arrived ... The military had also recaptured the city hall": by the
        # narrative's day, as "On 24 May, X had recaptured it" is (the past perfect tells of before)
        date, scope = narrative.date, "Completion"
    if date is None and narrative is None and (opening := opening_day(context)) is not None \
            and _bound_word_before(context, opening) is None and trigger.pos == "VERB" \
            and _told_of_the_day(anchor) and not is_past_perfect(anchor) and credit.status == "asserted" \
            and not any(a.lemma.lower() in BEGINNING for a in anchor.ancestors()):
        # "On 27 June, X launched an attack, which was repelled, though they succeeded in capturing Y":
        # a day opening the sentence frames its tensed clauses, as a day heading frames a paragraph
        date = opening
    if date is not None and date.relative and not date.text.lower().startswith(NARRATIVE_RELATIVE) \
            and not date.text.lower().endswith(("earlier", "later")):
        # "a week before the fighting": anchored to an event we cannot place; "three days earlier"
        # names none, so it counts from the narrative's day
        date = None
    if date is None and context.period is not None:
        # "... launched by X during the Second Y War", "after capturing Z": a paragraph set in a war the
        # text dates to one year happened in that year
        date = context.period
    if date is None:
        scope = None
    elif scope is None and is_absolute(anchor) and anchor.head.head.lemma.lower() in ENDING \
            and date.precision not in ("day", "time-of-day"):
        # "the war that ended in 1994 with Upper Tarsia losing control of 13.6% of its territory": what the
        # ending left had come about by then, over the year or more before it
        scope = "Completion"
    elif scope is None and _told_as_confirmed(anchor):
        # "The following day ... Meanwhile, it was confirmed the Council also took control of X": known by then
        scope = "Completion"
    elif credit.speech is not None and anchor.dep == "conj" and anchor.head_i == credit.speech.i \
            and date == own_date(credit.speech, credit.speech, context.dates, context.parse):
        # "On 3 October, X claimed that A had fled, and B regained control": the day it was said, by
        # which it had happened
        scope = "Completion"
    elif trigger.pos == "VERB" and is_past_perfect(anchor) and date.begin == date.end and not date.relative \
            and date.precision in ("day", "time-of-day") and (
                credit.speech is None or _set_off_at_the_end(date, context.parse)):
        # "On 6 May, some 500 civilians had been evacuated": by that day, not on it (in someone's
        # words "had" only moves their tense back: "said they had been taken captive on May 27"; "had
        # shelled it the previous day" is dated before the narrative's day, on that day). "X stated
        # that it had secured Y, on 16 June": the day may be the saying's, so by that day, no more.
        scope = "Completion"
    elif anchor is not token and anchor.lemma.lower() in ENDING and token.dep == "nsubj" and date is told_date \
            and date.precision in ("day", "time-of-day"):
        # "the offensive ended on 4 June": the day it ended, by which all of it had happened; not its one day
        scope = "Completion"
    elif _told_as_beginning(token, anchor) or (
            kind == "MilitaryOffensive" and _launched(token, anchor)
            and (date.begin == date.end or date.precision != "day")):  # "between 19 and 20 September": all of it
        scope = "Onset"
    if date is None and anchor.is_verb() and (going := ongoing_date(anchor, token, context.dates, context.parse)):
        date = going  # "As of 12 October, the air force was bombarding X": that day
    if date is None and trigger.pos == "VERB" and (
            by := completion_date(anchor, token, context.dates, context.parse)) is not None:
        # "retook the region by 13 September": on or before that day. Not a noun the clause tells
        # the outcome of ("By 6 June, the bombardment had killed 606"): it may have gone on after.
        date, scope = by, "Completion"
    if date is None and trigger.pos == "VERB" and kind in GOING_ON and (
            since := onset_date(anchor, token, context.dates, context.parse)) is not None:
        date, scope = since, "Onset"
    if date is None and (after := _clause_it_came_before(anchor)) is not None and (
            then := own_date(after, after, context.dates, context.parse)) is not None:
        # "Combat ended on 16 May after the regiment surrendered": it had happened by that day
        date, scope = then, "Completion"
    if date is None and credit.speech is not None and credit.speech.is_verb() and (
            said_on := own_date(credit.speech, credit.speech, context.dates, context.parse)) is not None:
        # "On 3 October, sources claimed that Russian forces had fled X": whenever it happened, it had
        # by the day it was told of (what is told as yet to come is not an event: realis above)
        date, scope = said_on, "Completion"
    elif date is None and (shown := _evidence_over(anchor)) is not None and is_perfect(anchor) and (
            shown_on := own_date(shown, shown, context.dates, context.parse)) is not None:
        # "On 19 September, video footage confirmed that X had liberated Y": done by the day it was shown
        date, scope = shown_on, "Completion"
    elif date is None and credit.speech is not None and credit.speech.is_verb() and (
            said_by := completion_date(credit.speech, credit.speech, context.dates, context.parse)) is not None:
        # "By 22 September, it was reported that X had lost ...": told by then, so done by then
        date, scope = said_by, "Completion"
    elif date is None and credit.speech is not None and credit.speech.is_verb() and narrative is not None \
            and not context.dates and _in_main_clause(credit.speech) and credit.speech.tag == "VBD" \
            and not any(c.dep == "advmod" and c.lower_text() in TOLD_LATER for c in credit.speech.children):
        # "On 5 March, ... The DPR reported that only 17 civilians had been evacuated": a report in the
        # narrative's own line was made on the paragraph's day, so what it tells of had happened by then
        date, scope = narrative.date, "Completion"
    if date is None and narrative is not None and trigger.pos == "VERB" and _told_in_the_past(anchor) \
            and (not narrative.date.relative or narrative.date.text.lower().startswith(NARRATIVE_RELATIVE)) \
            and narrative.date.begin == narrative.date.end \
            and narrative.date.precision in ("day", "time-of-day") and not _told_as_later(anchor) \
            and not _told_as_since(anchor):
        # "The last bus left on 2 October. On the same day, ... Journalists who visited Kelmar said
        # ...": what a day's narrative tells in the past, in a clause aside, had happened by that day
        # (how long before, the text does not say)
        date, scope = narrative.date, "Completion"
    # Participants are actors: a region named as what fled or was hit is not one ("the population of X").
    targets = [t for t in targets if reader.is_actor(t)]
    mediators = [m for m in mediators if reader.is_actor(m)]
    described = _victims(reader, token, trigger) if kind in UNDERGONE_BY_PEOPLE | TAKEN_THINGS else []
    if described and kind in UNDERGONE_BY_PEOPLE:
        # "detained several officials ..., including A, B and C": the people the list names
        targets += [p for p in _included_people(reader, anchor) if p not in agents and p not in targets]
    doers = [d for d in _doers(reader, token, anchor, trigger, agents) if d not in described] \
        if kind not in NO_DOER else []
    # the parts a list names ("X district, including the Y neighbourhood") are places beside the whole,
    # which stays: it is not a mere address of them
    parts = [p for p in parts if p in places]
    places = _most_specific([p for p in dict.fromkeys(places) if p not in agents and p not in parts],
                            context.registry) + [p for p in parts if p not in agents]
    places = [p for p in places if p not in reader.distant()]  # "two kilometres from X": not at X
    landmarks = reader.landmarks()
    if any(p not in landmarks for p in places):
        # "took control of X village to Y's southwest": Y places X, the event was at X
        places = [p for p in places if p not in landmarks]
    near_only = bool(places) and set(places) <= {
        e for holder in dict.fromkeys([token, anchor]) for e in _prepositional(reader, holder, NEARBY)}
    if near_only and kind in PLACE_OBJECT:
        # "Near the city, X recaptured an ammunition base": the city is not what was taken, nor left
        places, near_only = [], False
    destinations: list[str] = []
    if kind in MOVING_PEOPLE:
        # "evacuated to Orsk", "fled to Ruritania": where they went, not where it happened
        # "fled Dunmere to Valdoria": where they went, whether or not the place reader took it (the parser
        # may hang the "to" phrase on the place left)
        left = [c for c in token.children if c.dep == "dobj" and any(reader.is_place(e) for e in reader.entities(c))] \
            if token.is_verb() else []  # the place left, not "its ambassador to X" nor "the road to X"
        reached = list(dict.fromkeys(p for holder in dict.fromkeys([token, anchor, *left])
                                     for p in _locative_places(reader, holder, kind, DESTINATIONS)))
        destinations = [p for p in places if p in reached] + [p for p in reached if p not in places]
        places = [p for p in places if p not in reached]
    return Event(
        kind=kind,
        sentence=context.sentence,
        trigger=(token.start, token.end),
        date=date,
        places=places,
        destinations=destinations,
        agents=agents,
        targets=list(dict.fromkeys(t for t in targets if t not in agents)),
        mediators=list(dict.fromkeys(m for m in mediators if m not in agents)),
        target_descriptions=described,
        agent_descriptions=doers,
        status=status,
        sources=sources,  # a self-report ("X said it had captured") keeps X as both agent and source
        reported_in=reported_in,
        named_after=_named_after(reader, token) if trigger.pos == "NOUN" else None,
        definite=trigger.pos == "NOUN" and _definite_noun(token),
        part_of_told=trigger.pos == "NOUN" and _part_of_told(token),
        day_number=_day_number(token) if trigger.pos == "NOUN" and _part_of_told(token) else None,
        victims_told=_victims_told(token, trigger) if kind in VIOLENT else "",
        victims_counted=_count_of_victims(token, trigger) if kind == "Killing" else None,
        scope=scope,
        said_at=credit.speech.start if credit.speech is not None else None,
        near_only=near_only,
        continued=_told_as_going_on(token, anchor),
        given=_told_as_given(token, anchor),
        apart=_told_apart(anchor),
    )


# Participles of backing a side: "backed by X", "supported by X" (X is on the side backed).
BACKING = frozenset({"back", "support"})


def _countered(reader: RoleReader, agents: list[str]) -> list[str]:
    """The armed side, not the doers' own nor a backer, that the sentence names last."""
    registry = reader.context.registry
    own = {registry.state_of(a) or a for a in agents}

    def other_side(entity_id: str) -> bool:
        return reader.is_armed(entity_id) and entity_id not in agents and (registry.state_of(entity_id) or entity_id) not in own

    # not a backer: "Backed by Iran and Hezbollah, the Syrian Arab Army counterattacked"
    backers = {e for i, e in reader.mention_at.items()
               if any(a.tag == "VBN" and a.lemma.lower() in BACKING for a in reader.parse.tokens[i].ancestors())}
    subjects = [t for t in reader.parse.tokens if t.dep == "nsubj" and t.i in reader.mention_at]
    # not who tells of it: "Valdorian forces counter-attacked, the Orlandian force said"
    speakers = {reader.mention_at[t.i] for t in subjects if t.head.lemma.lower() in SPEECH_LEMMAS}
    in_sentence = [e for e in reader.named() if other_side(e) and e not in backers and e not in speakers]
    # "X drove the VLF out of Kelmar, and the Front counter-attacked": against the side that acted (a subject
    # of an active verb), not the one it acted on
    actors = {reader.mention_at[t.i] for t in subjects}
    return ([e for e in in_sentence if e in actors] or in_sentence)[-1:]


def _told_apart(anchor: Token) -> bool:
    """'Separately, 15 soldiers were killed', 'In a separate attack, ...': the act's own clause says it is
    another than the ones told before (not "in a separate statement, X said that ... killed": the
    statement was separate, not the killing; nor "with a separate unit")."""
    node = anchor
    while True:
        for child in node.children:
            if child.dep == "advmod" and child.lower_text() == "separately":
                return True
            if child.dep == "prep" and any(p.dep == "pobj" and any(
                    a.dep == "amod" and a.lower_text() == "separate" for a in p.children) and _act_noun(p)
                    for p in child.children):
                return True
        # up through the clauses the act's clause joins, not out of what someone said
        if node.head_i == node.i or node.dep not in ("conj", "advcl", "xcomp"):
            return False
        node = node.head


def _act_noun(noun: Token) -> bool:
    """A noun that names an act or an occurrence: an event's trigger, or "incident"."""
    return noun.lemma.lower() == "incident" or bool(_triggers_of(noun))


# Verbs that tell what an act brought about: "the capture of the two villages left only ...".
EFFECT_VERBS = frozenset({"leave"})


def _told_as_given(token: Token, anchor: Token) -> bool:
    """'With Kelmar captured, X controlled 60% of the city', 'Capturing the city gave X control of the
    coast', 'The capture of the two villages left only ...': the act is taken as known, to tell what
    followed from it. A "with" clause after its clause adds news ("was repulsed, with six soldiers
    captured")."""
    if anchor.is_verb() and anchor.dep == "advcl" and anchor.i < anchor.head_i and any(
            c.dep == "mark" and c.lower_text() == "with" for c in anchor.children):
        return True
    if token.tag == "VBG" and token.dep == "csubj":
        return True
    return token.pos == "NOUN" and token.dep == "nsubj" and token.head_i != token.i \
        and token.head.lemma.lower() in EFFECT_VERBS \
        and any(c.dep == "det" and c.lower_text() == "the" for c in token.children)


# Verbs whose subject or complement is an event that began then: "clashes began", "began blockading".
BEGINNING = frozenset({"begin", "start", "commence"})


def _told_as_done(verb: Token) -> bool:
    """A simple past, active or passive ("killed", "were killed"): in someone's words, done before
    they spoke; not a progressive ("were shelling"), which is going on as they speak. A participle
    after its clause ("attacked X, killing one civilian") is told as its clause is."""
    if verb.dep == "advcl" and verb.head_i != verb.i and bare_participle(verb):
        return _told_as_done(verb.head)
    return verb.tag == "VBD" or (verb.tag == "VBN" and any(
        c.dep == "auxpass" and c.tag == "VBD" for c in verb.children))


def _told_as_beginning(token: Token, anchor: Token) -> bool:
    """'began blockading', 'began to evacuate', 'began an assault', 'clashes began': the date is when it
    began, not when it ended."""
    if token.dep == "xcomp" and token.head_i != token.i and token.head.lemma.lower() in BEGINNING:
        return True
    if anchor is not token and anchor.dep == "xcomp" and anchor.head.lemma.lower() in BEGINNING:
        return True  # "began launching missile strikes"
    if (aspect := aspect_of_process(token)) is not None and aspect.lemma.lower() in BEGINNING:
        return True  # "began the process of capturing X"
    return anchor is not token and anchor.lemma.lower() in BEGINNING and token.dep in ("nsubj", "dobj")


def _launched(token: Token, anchor: Token) -> bool:
    """'X launched an offensive on 6 September', 'an operation launched by X in 2020': an offensive's
    launch is its first day, not all of it (a strike launched is over the same day, so not those)."""
    if anchor is not token and anchor.lemma.lower() == "launch" and token.dep == "dobj":
        return True
    return token.head_i != token.i and any(
        c.dep == "acl" and c.lemma.lower() == "launch" for c in token.children)


def _victims_told(token: Token, trigger: Trigger) -> str:
    """'Azeri forces had killed the peacekeepers', 'among those killed was X': the people harmed are
    named as ones the reader knows, so the harm is one already told of."""
    if trigger.pos != "VERB":
        return ""
    those = token.head
    if token.dep == "acl" and those.lower_text() in ("those", "these") and those.dep == "pobj" \
            and those.head.lemma.lower() == "among":
        return "any"  # "among those killed was X": one of the killed just told of
    subject, objects = _arguments(token)
    phrases = [subject] if _is_passive(token) else objects
    for phrase in phrases:
        if phrase is not None and phrase.pos == "NOUN" and phrase.tag == "NNS" and any(
                c.dep == "det" and c.lower_text() in ("the", "these", "those") for c in phrase.children) and not any(
                c.dep in ("nummod", "amod", "compound", "poss", "prep", "relcl", "acl") for c in phrase.children):
            return "same"  # "the peacekeepers", not "the two soldiers", "the Ukrainian soldiers", "the soldiers of X"
    return ""


# Determiners of a noun that points back to something told: "the talks", "this offensive".
DEFINITE = frozenset({"the", "this", "these", "that", "those"})


def _definite_noun(token: Token) -> bool:
    """'the offensive', 'the second day of negotiations': a definite noun (or the definite part it
    is "of") names an event the reader already knows."""
    if any(c.dep in ("compound", "amod", "nummod", "poss") or (c.dep == "prep" and c.lemma == "of")
           for c in token.children):
        return False  # "the cessation of hostilities", "the 2020 ceasefire": a description, not a pointer
    nouns = [token]
    if token.dep == "pobj" and token.head.lemma == "of" and token.head.head_i != token.head.i:
        nouns.append(token.head.head)
    return any(c.dep == "det" and c.lower_text() in DEFINITE for noun in nouns for c in noun.children)


# Spans of time an event goes on for: "the second day of negotiations" is a day of talks told before.
TIME_PARTS = frozenset({"day", "week", "night", "hour"})


def _part_of_told(token: Token) -> bool:
    """'The second day of negotiations also ended in deadlock': a definite day (week, ...) of an
    event noun is part of an event the reader knows, however far back it was told."""
    if token.dep != "pobj" or token.head.lemma != "of" or token.head.head_i == token.head.i:
        return False
    part = token.head.head
    return part.lemma.lower() in TIME_PARTS and any(c.dep == "det" and c.lower_text() in DEFINITE
                                                    for c in part.children)


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}


def _day_number(token: Token) -> int | None:
    """'the second day of negotiations': 2."""
    part = token.head.head
    if part.lemma.lower() != "day":
        return None
    return next((ORDINALS[c.lower_text()] for c in part.children if c.dep == "amod" and c.lower_text() in ORDINALS), None)


YEAR = re.compile(r"(?:19|20)\d\d")


def _year_in_name(noun: Token) -> DateValue | None:
    """'the 2020 ceasefire agreement', 'the 2014 offensive': a year written into the event's own
    noun phrase is the year it happened."""
    head = noun.head if noun.dep == "compound" and noun.head_i != noun.i else noun
    years = [t for t in head.subtree() if t.i < head.i and YEAR.fullmatch(t.text) and _premodifies(t, head)]
    if len(years) != 1:
        return None
    return _whole_year(years[0])


def _whole_year(token: Token) -> DateValue:
    """The year a token writes ("2020"), as the date of all of it."""
    year = int(token.text)
    return DateValue(begin=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), precision="year",
                     text=token.text, start=token.start, stop=token.end)


def _during_which(anchor: Token) -> Token | None:
    """The 'during / in / throughout which' of a clause told as happening within a noun's time."""
    if anchor.dep not in ("relcl", "advcl"):
        return None
    return next((c for c in anchor.children if c.dep == "prep" and c.lower_text() in ("during", "throughout")
                 and any(p.dep == "pobj" and p.lower_text() == "which" for p in c.children)), None)


def _premodifies(token: Token, noun: Token) -> bool:
    """A word of the noun's own modifiers before it ("the tripartite 2020 ceasefire"), not of a phrase
    or clause hung on it."""
    while token.i != noun.i:
        if token.dep not in ("nummod", "compound", "amod", "nmod", "npadvmod") or token.head_i == token.i:
            return False
        token = token.head
    return True


def _points_back(noun: Token) -> bool:
    """'the report', 'the statement': a definite speech noun that names no speaker of its own."""
    return noun.lemma.lower() in SPEECH_NOUNS and any(
        c.dep == "det" and c.lower_text() in ("the", "this", "that") for c in noun.children) and not any(
        c.dep in ("poss", "compound", "prep") for c in noun.children)


def _inside_quotations(contexts: list[SentenceContext]) -> set[int]:
    """The sentences that begin inside a quotation opened in an earlier sentence of their paragraph
    and closed at the end of a later one (or their own): 'related the effects as "dwindling food
    supplies. No electricity or water. Nights punctuated by shelling."'. A closing mark left over
    ('... the situation".'), or a quotation that never closes where a sentence ends, proves nothing."""
    inside: set[int] = set()
    run: list[int] = []  # sentences since the last opening, while the quotation is open
    paragraph = None
    for context in contexts:
        text = context.sentence.clean.rstrip()
        if context.sentence.paragraph != paragraph:
            paragraph, run = context.sentence.paragraph, []
            opened = False
        marks = text.count('"')
        if opened:
            run.append(context.sentence.index)
            if marks % 2 == 1:
                if text.endswith(('."', '!"', '?"')):
                    inside.update(run)  # closed where a sentence ends: the run was quoted
                opened, run = False, []
            continue
        last = text.rfind('"')
        if marks % 2 == 1 and last + 1 < len(text) and text[last + 1].isalnum():
            opened = True  # an opening mark left open: the quotation goes on past this sentence
    return inside


def _latest_speaker(statements, paragraph_rank: dict[int, int], sentence) -> str | None:
    """The speaker of the latest statement told before ``sentence``, in its paragraph or the one before."""
    here = paragraph_rank.get(sentence.paragraph, sentence.paragraph)
    earlier = [s for s in statements if s.sentence.index < sentence.index
               and here - 1 <= paragraph_rank.get(s.sentence.paragraph, s.sentence.paragraph) <= here]
    return max(earlier, key=lambda s: (s.sentence.index, s.verb[0])).speaker if earlier else None


def _restates_its_subject(token: Token) -> bool:
    """'Valdorian shelling had hit X', 'an airstrike struck Y': a verb of attacking whose subject is an
    act of violence says what that act did; it is not a second attack."""
    subject, _ = _arguments(token)
    return subject is not None and not _is_passive(token) and any(
        t.kind in VIOLENT and t.pos == "NOUN" for t in _triggers_of(subject))


def _named_after(reader: RoleReader, token: Token) -> str | None:
    """'the Kelmar offensive': the place a campaign's name is made of (a proper-noun compound)."""
    nouns = [token]
    if token.dep == "attr" and token.head.lemma == "be":  # "The Kelmar offensive was a military operation"
        nouns += [c for c in token.head.children if c.dep == "nsubj" and c.pos == "NOUN"]
    places = [reader.mention_at[c.i] for noun in nouns for c in noun.children
              if c.dep == "compound" and c.pos == "PROPN" and c.i in reader.mention_at
              and reader.is_place(reader.mention_at[c.i])]
    return places[0] if len(set(places)) == 1 else None


# -- frames ------------------------------------------------------------------------------------

def _frame(token: Token, trigger: Trigger) -> Token | None:
    """The verb whose clause reports the trigger's event, or None when nothing says it happened."""
    if trigger.pos == "VERB":
        return _verb_frame(token, trigger)
    if not _noun_fits(token, trigger):
        return None
    noun = token
    while noun.dep == "conj" and noun.head_i != noun.i and noun.head.pos in ("NOUN", "PROPN"):
        noun = noun.head  # "launched attacks and shelling": the first conjunct's frame
    if noun.dep == "pobj" and noun.head.lemma == "of" and noun.head.head.lemma in PART_NOUNS:
        noun = noun.head.head  # "a round of talks was held": the round's frame is the talks'
    head = noun.head
    if noun.dep in ("dobj", "nsubjpass") and head.lemma in LIGHT_VERBS and (head.lemma != "carry" or _has_particle(
            head, "out")) and any(c.dep in ("acl", "relcl") and c.lemma in MEDIATING for c in token.children):
        return head  # "X and Y held talks, mediated by Z": held by X and Y, mediated by Z (_mediators)
    for child in token.children:  # "a ceasefire agreement signed by", "the operation launched by"
        if child.dep in ("acl", "relcl") and child.tag == "VBN" and (
                child.lemma in (trigger.verbs or LIGHT_VERBS) or child.lemma in MEDIATING):
            return child
    if trigger.kind == "Attack" and noun.dep in ("dobj", "nsubjpass") and head.lemma in REPELLING:
        return head  # "X repelled an attack by Y", "the counter-attack was repelled": it was made
    if trigger.verbs:
        if noun.dep in ("nsubj", "nsubjpass", "dobj") and head.lemma in trigger.verbs:
            return head
        if noun.dep == "pobj" and head.lemma == "of" and head.head.dep in ("nsubj", "nsubjpass", "dobj") \
                and head.head.head.lemma in trigger.verbs:
            return head.head.head  # "50 tonnes of aid was delivered"
        return None
    if trigger.kind == "Explosion" and any(c.dep == "prep" and c.lemma in ("at", "in", "near") for c in token.children):
        return head if head.is_verb() else token  # "an explosion at a fuel depot": told as it happened
    if noun.dep in ("nsubj", "nsubjpass") and head.lemma in OCCURRENCE_VERBS and _occurs(head):
        return head
    if noun.dep == "nsubjpass" and head.lemma in LIGHT_VERBS:
        return head  # "talks were held", "an armistice was established"
    if noun.dep == "dobj" and head.lemma in LIGHT_VERBS and (head.lemma != "carry" or _has_particle(head, "out")) \
            and (head.lemma != "call" or trigger.kind in CALLED or _has_particle(head, "in")):
        return head
    if noun.dep == "pobj" and head.dep in ("prep", "agent"):
        verb = head.head
        if verb.lemma == "agree" and head.lemma in ("to", "on", "upon") and trigger.kind in ("Ceasefire", "Agreement"):
            return verb
        if verb.lemma in ("end", "conclude", "culminate") and head.lemma == "with":
            return verb  # "ended with the surrender of X"
        if head.lemma == "at" and token.lemma in GATHERINGS and verb.is_verb():
            return verb  # "At a meeting of the Council, X said"
        if head.lemma == "on" and verb.lemma == "go" and trigger.kind == "MilitaryOffensive":
            return verb  # "went on the offensive"
    return None


def _verb_frame(token: Token, trigger: Trigger) -> Token | None:
    if token.pos != "VERB" or (token.dep == "amod" and not _verb_read_as_adjective(token)):
        return None
    if trigger.objects and not _has_object(token, trigger.objects):
        return None
    if trigger.kind == "AidDelivery" and _has_object(token, tuple(MILITARY_SUPPLIES)):
        return None  # "sent weapons, supplies and reinforcements": arms for a side, not humanitarian aid
    if token.lemma == "meet" and not (any(c.dep == "prep" and c.lemma == "with" for c in token.children)
                                      or _plural_subject(token) or any(
            c.dep == "dobj" and (c.pos == "PROPN" or c.lemma in MET_PEOPLE) for c in token.children)):
        return None  # "met with X", "X and Y met"; not "meets the criteria"
    if token.lemma in ("fire", "shoot") and not any(
            (c.dep == "prep" and c.lemma in ("at", "on", "upon", "into")) or (c.dep == "prt" and c.lemma == "down")
            for c in token.children):
        return None  # "fired at", "shot down"; not "fired the minister"
    if token.lemma == "blow" and not _has_particle(token, "up"):
        return None
    if token.lemma == "pull" and not any(c.dep in ("prt", "advmod") and c.lower_text() in ("back", "out")
                                         for c in token.children):
        return None  # "pulled back", "pulling out of the city"; not "pulled the trigger"
    if token.lemma in ("secure", "abandon") and not _ground_taken(token):
        return None  # "secured the bridge", not "secured a deal" or "secured the release of X"
    if trigger.kind == "Blockade" and any(c.dep == "advmod" and c.lower_text() in PARTLY for c in token.children):
        return None  # "had nearly encircled X": not yet cut off all round
    if trigger.kind == "Deployment" and token.lemma == "send" and _sent_away(token):
        return None  # "wounded soldiers were sent to hospitals": taken away, not deployed
    if trigger.kind == "Capture" and token.lemma == "fall" and not (_has_object(token, CONTROL) or _falls_to_a_side(token)):
        return None  # "fell under X's control", "fell to the SDF"; not "fell to 20%" or "fell to the ground"
    if trigger.kind == "Capture" and token.lemma == "take" and not _takes_ground(token):
        return None  # "took control of X", "took two villages"; not "took part", "took X to hospital"
    if token.lemma == "agree" and not _agrees_to_act(token):
        return None
    if trigger.kind == "BorderOpening" and any(
            t.lemma.lower() in ARMED_GROUP | {"vehicle"} for holder in [token, *_arguments(token)[1]]
            for p in holder.children if p.dep == "prep" and p.lemma == "for" for t in p.subtree()):
        return None  # "opening two roads for the passage of armour": a way made for an army, not a border
    return token


def _verb_read_as_adjective(verb: Token) -> bool:
    """'The VLF captured Orsk village': a tensed verb with a subject of its own that the parser hung on the
    noun after it as an adjective ("captured village"), rooting the sentence on that noun."""
    return verb.dep == "amod" and verb.tag == "VBD" and verb.head.pos in ("NOUN", "PROPN") \
        and any(c.dep == "nsubj" for c in verb.children)


def _ground_taken(verb: Token) -> bool:
    """'secured Masiu Bridge', 'secured 90% of Marawi', 'secured the neighborhoods X and Y': the
    object (or passive subject) is a name or a noun of ground, itself or through its "of" phrase."""
    for child in verb.children:
        if child.dep not in ("dobj", "nsubjpass", "npadvmod"):  # "secured 90% of X": the parser's npadvmod
            continue
        if any(h.pos == "PROPN" or h.lemma.lower() in GROUND_NOUNS for h in _what_it_names(child)):
            return True
    return False


def _what_it_names(phrase: Token) -> list[Token]:
    """The phrase's head, and the "of" phrase of a noun that is only a frame for it ("the village of X")."""
    return [phrase] + ([p for c in phrase.children if c.dep == "prep" and c.lemma == "of"
                        for p in c.children if p.dep == "pobj"] if phrase.lemma.lower() in OF_TRANSPARENT else [])


# What "take" takes that is no capture: "took X prisoner / hostage", "took X to hospital".
NOT_TAKEN_GROUND = ("hostage", "captive", "prisoner")
# Nouns of ground that "take" takes in other senses: "took up positions", "a point taken", "entire buildings are
# taken (down) to kill a single fighter", "columns took the highway to X" (travelled it).
TAKEN_OTHERWISE = frozenset({"position", "point", "building", "road", "highway"})


def _takes_ground(verb: Token) -> bool:
    """'took control of X'; 'took two villages', 'took the village of X' (a noun of ground); 'X was taken by
    Y', 'X was taken back' (a name, told as taken from someone). Not a name as the object of an active
    "take", which takes people somewhere as often ("took Dovan to Orsk"), nor people taken prisoner."""
    if _has_object(verb, CONTROL):
        return True
    if _has_object(verb, NOT_TAKEN_GROUND):
        return False
    by = _by_phrase(verb)
    for child in verb.children:
        if child.dep not in ("dobj", "nsubjpass"):
            continue
        if any(h.lemma.lower() in GROUND_NOUNS - TAKEN_OTHERWISE and h.pos == "NOUN" for h in _what_it_names(child)):
            return True
        if child.dep == "nsubjpass" and child.pos == "PROPN" and (
                # taken by a side ("by the Syrian Army", "by rebel forces"), not "taken by surprise"
                (by is not None and (by.pos == "PROPN" or by.lemma.lower() in ARMED_GROUP))
                or _has_particle(verb, "back")):
            return True
    return False


# Adverbs that leave a ring round a place open: "nearly encircled X".
PARTLY = frozenset({"nearly", "almost", "partially", "partly"})
# Words for people sent away from the fighting, not to it: "wounded soldiers were sent to hospitals".
SENT_AWAY = frozenset({"wounded", "injured", "captured", "dead", "hospital", "prison"})


def _sent_away(verb: Token) -> bool:
    """'Wounded soldiers were sent to hospitals', 'captured soldiers were sent to Russia'."""
    sent = [c for c in verb.children if c.dep in ("dobj", "nsubjpass")]
    places = [p for c in verb.children if c.dep == "prep" and c.lemma == "to" for p in c.children if p.dep == "pobj"]
    return any(m.lower_text() in SENT_AWAY for s in sent for m in s.children if m.dep == "amod") \
        or any(p.lemma.lower() in SENT_AWAY for p in places)


def _falls_to_a_side(verb: Token) -> bool:
    """'Raqqa fell to the SDF', 'the tank fell to Ukrainian forces': a place or a thing of war ("to" a name or an
    armed body); not "responsibility fell to the regiment"."""
    subject = next((c for c in verb.children if c.dep == "nsubj"), None)
    if subject is not None and subject.pos != "PROPN" and subject.lemma.lower() not in GROUND_NOUNS | OWNED_THINGS \
            | MILITARY_SUPPLIES | {"tank", "equipment", "weapon"}:
        return False
    return any(c.dep == "prep" and c.lemma == "to" and any(
        p.dep == "pobj" and (p.pos == "PROPN" or p.lemma.lower() in ARMED_GROUP) for p in c.children)
        for c in verb.children)


def _agrees_to_act(verb: Token) -> bool:
    """'agreed to disarm', 'agreed on a plan'; 'agreed to a ceasefire' is the ceasefire's frame."""
    for child in verb.children:
        if child.dep == "xcomp":
            return True
        if child.dep == "prep" and child.lemma in ("to", "on", "upon"):
            return any(p.dep == "pobj" and p.lemma not in TRUCE_WORDS for p in child.children)
    return False


def _in_main_clause(anchor: Token) -> bool:
    """The narrative's own line, not a relative or adverbial clause aside ("..., where X was fighting");
    a bare participle after it is its result or manner ("..., shooting down a drone")."""
    token = anchor
    while token.head_i != token.i:
        if token.dep not in ("conj", "xcomp", "ccomp", "parataxis") and not bare_participle(token):
            return False
        token = token.head
    return True


def _where_it_went_on(anchor: Token) -> bool:
    """'X entered the Tarsk district, where they clashed with Y': a "where" clause in the simple past on
    the place a main-clause verb in the simple past went to tells what happened there then."""
    if anchor.dep != "relcl" or anchor.tag != "VBD" or anchor.head_i == anchor.i or not any(
            c.dep == "advmod" and c.lower_text() == "where" for c in anchor.children):
        return False
    place = anchor.head
    verb = place.head if place.dep in ("dobj", "obj") else (
        place.head.head if place.dep == "pobj" and place.head.head_i != place.head.i else None)
    return verb is not None and verb.tag == "VBD" and _in_main_clause(verb)


# "X later stated": said on a later day than the paragraph's, which then bounds nothing.
TOLD_LATER = frozenset({"later", "subsequently", "eventually"})
# Subordinators of a clause told as earlier or later than the one it hangs from.
NOT_SAME_TIME = frozenset({"after", "before", "since", "until", "if"})


def _day_a_when_clause_tells_of(anchor: Token, dates):
    """'The operation lasted until 7 April, when one helicopter was shot down': a "when" clause on a
    date tells what happened on it, whatever bound the date is of the clause it hangs from."""
    if anchor.dep != "relcl" or anchor.head_i == anchor.i or not any(
            c.dep == "advmod" and c.lower_text() == "when" for c in anchor.children):
        return None
    day = anchor.head
    return next((d for d in dates if d.start <= day.start < d.stop and not d.relative), None)


def _clause_it_came_before(anchor: Token) -> Token | None:
    """'X ended on 16 May after Y surrendered': the clause an "after" clause hangs from (Y came first)."""
    if anchor.dep == "advcl" and anchor.head_i != anchor.i and anchor.head.is_verb() and any(
            c.dep == "mark" and c.lower_text() == "after" for c in anchor.children):
        return anchor.head
    return None


# Verbs of an end, whose "with" clause tells what the end left.
ENDING = frozenset({"end", "conclude"})


def _told_in_the_past(verb: Token) -> bool:
    """'visited', 'had fled', 'were killed': a past act, not a state, a plan or a present."""
    if not verb.is_verb():
        return False
    if verb.tag == "VBD":
        return True
    return verb.tag == "VBN" and any(c.dep in ("aux", "auxpass") and c.tag == "VBD" for c in verb.children)


def _told_as_later(verb: Token) -> bool:
    """An act told as coming after the line it hangs on ("before X captured Y", "until", "later")."""
    for token in (verb, *verb.ancestors()):
        if any(c.dep == "mark" and c.lower_text() in ("before", "until", "till") for c in token.children) \
                or any(c.dep == "advmod" and c.lower_text() in TOLD_LATER for c in token.children):
            return True
    return False


def _later_than_the_line(verb: Token) -> bool:
    """'On 7 May, X took A. They later captured B': "later" (or "eventually", "subsequently") on the
    verb, on the verb it is coordinated with or on the one whose result it tells ("..., securing the
    road"), tells of a time after the narrative's day, not on it."""
    holders = [verb]
    while holders[-1].head_i != holders[-1].i and (holders[-1].dep == "conj" or bare_participle(holders[-1])):
        holders.append(holders[-1].head)
    return any(c.dep == "advmod" and c.lower_text() in TOLD_LATER and not list(c.children)
               for holder in holders for c in holder.children)


def _told_as_since(verb: Token) -> bool:
    """'a rate unseen since X withdrew from Y at the start of the war': a clause led by "since" tells a
    time before the line it hangs on, which the narrative's day says nothing of."""
    return any(c.dep == "mark" and c.lower_text() == "since" for token in (verb, *verb.ancestors())
               for c in token.children)


def _told_as_confirmed(anchor: Token) -> bool:
    """'it was confirmed (that) X took Y', 'it was reported that X had ...': a passive verb of confirming
    whose complement the act is."""
    verb = anchor.head
    return anchor.dep == "ccomp" and anchor.head_i != anchor.i and verb.is_verb() \
        and verb.lemma.lower() in ("confirm", "report", "verify") and any(c.dep == "auxpass" for c in verb.children)


def _set_off_at_the_end(date, sentence) -> bool:
    """', on 16 June 2017.': a date phrase after a comma that closes the sentence, which may hang from
    any clause before it."""
    before = [t for t in sentence.tokens if t.end <= date.start and t.pos != "SPACE"]
    after = [t for t in sentence.tokens if t.start >= date.stop and t.pos != "SPACE"]
    if before and before[-1].lower_text() in ("on", "in"):
        before.pop()
    return bool(before) and before[-1].text == "," and all(t.pos == "PUNCT" for t in after)


def _bound_word_before(context: SentenceContext, date) -> str | None:
    """'By 9 September, ...': the day bounds the sentence, it does not date it."""
    before = context.text[:date.start].strip().lower()
    return before if before in ("by", "as of", "since", "until") else None


def _told_of_the_day(anchor: Token) -> bool:
    """Under a timeline's day heading, a tensed clause of the paragraph's sentence tells of that day,
    an "as", "when" or "which" clause too, wherever it hangs ("resulting in friendly fire which killed
    two soldiers"); not a bare participle ("twelve killed in a recent engagement", "all killed by
    militants": a tally) nor what is told as earlier ("after" clauses and phrases)."""
    token = anchor
    while token.head_i != token.i:
        if bare_participle(token):
            pass  # "..., resulting in friendly fire which killed ...": the result, the same day
        elif token.dep in ("advcl", "relcl"):
            # in the past: "who are ... taken hostage" is a state as the day ends, not the day's act
            tensed = token.tag == "VBD" or any(c.dep in ("aux", "auxpass") and c.tag == "VBD" for c in token.children)
            # "after" as the clause's subordinator, or where the parser hangs it ("after 2 Malaysians
            # were killed": a modifier of the number)
            if not tensed or any(t.i < token.i and t.dep in ("mark", "quantmod", "advmod")
                                 and t.lower_text() in NOT_SAME_TIME for t in token.subtree()):
                return False
        elif token.dep == "acl" and not is_absolute(token):
            return False  # a participle: a tally, not an act of the day
        elif token.dep == "prep" and token.lemma.lower() in NOT_SAME_TIME:
            return False  # "after clashes which saw ...": told as earlier
        token = token.head.head if is_absolute(token) else token.head
    return True


def _one_person(reader: RoleReader, subject: Token | None) -> bool:
    """'he', 'she', or a person the registry names, alone (not "he and his family")."""
    if subject is None or any(c.dep == "conj" for c in subject.children):
        return False
    if subject.lower_text() in ("he", "she"):
        return True
    named = reader.entities(subject)
    return bool(named) and all(reader.context.registry[e].is_person for e in named)


def _names_anything(reader: RoleReader, verb: Token) -> bool:
    subject, objects = _arguments(verb)
    phrases = [subject, *objects, _by_phrase(verb)] + [p for c in verb.children if c.dep == "prep"
                                                       for p in c.children if p.dep == "pobj"]
    return any(reader.entities(p) for p in phrases if p is not None)


def _plural_subject(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep == "nsubj"), None)
    return subject is not None and (subject.tag in ("NNS", "NNPS") or any(c.dep == "conj" for c in subject.children))


def _noun_fits(token: Token, trigger: Trigger) -> bool:
    if trigger.lemma == "talk":
        return token.tag == "NNS"
    if trigger.lemma == "operation":
        # "a military operation", or one to take ground: "an operation to capture / retake / liberate X"
        return any(c.lemma in ("military", "ground", "special", "combat", "offensive", "counter")
                   for c in token.children if c.dep in ("amod", "compound")) or any(
            c.dep in ("acl", "relcl", "advcl") and c.is_verb() and any(a.dep == "aux" and a.lower_text() == "to"
                                                                      for a in c.children)
            and c.lemma.lower() in GROUND_TAKING
            # the parser may hang the purpose on the verb that launched it
            for holder in [token, *([token.head] if token.dep == "dobj" and token.head.is_verb() else [])]
            for c in holder.children)
    if trigger.lemma in ("exchange", "swap"):
        return any(c.lemma in ("prisoner", "pow", "body") for c in token.subtree())
    if trigger.lemma == "warrant":
        return any(c.lemma == "arrest" for c in token.children)
    if trigger.lemma in ("end", "cessation"):
        return any(p.lemma in ("hostility", "fighting", "action", "fire", "war", "combat")
                   for c in token.children if c.dep == "prep" and c.lemma in ("of", "to")
                   for p in c.children if p.dep == "pobj")
    return True


def _occurs(verb: Token) -> bool:
    if verb.lemma == "take":
        return any(c.dep == "dobj" and c.lemma == "place" for c in verb.children)
    if verb.lemma in ("come", "go"):
        return any(c.dep == "prep" and c.lemma == "into" for c in verb.children)
    if verb.lemma == "break":
        return _has_particle(verb, "out")
    if verb.lemma == "hold":
        return any(c.dep == "auxpass" for c in verb.children)  # "talks were held"
    return True


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.dep == "prt" and c.lemma == particle for c in verb.children)


def _has_object(verb: Token, lemmas: tuple[str, ...]) -> bool:
    """The object (or passive subject, or 'under / into' phrase) is one of ``lemmas``, or counts them."""
    wanted = set(lemmas)
    for child in verb.children:
        if child.dep in ("oprd", "npadvmod", "xcomp", "attr", "acomp", "advmod") and child.lemma.lower() in wanted:
            return True  # "took a priest hostage"
        heads = []
        if child.dep in ("dobj", "nsubjpass"):
            heads.append(child)
        elif child.dep == "prep" and child.lemma in ("under", "into", "over", "on"):  # "set on fire"
            heads.extend(c for c in child.children if c.dep == "pobj")
        for head in heads:
            words = {head.lemma.lower()} | {c.lemma.lower() for c in head.children
                                            if c.dep in ("compound", "amod", "conj")}
            words |= {p.lemma.lower() for c in head.children if c.dep == "prep" and c.lemma == "of"
                      for p in c.children if p.dep == "pobj"}  # "50 tonnes of aid"
            if words & wanted:
                return True
    return False


def _control_holder(reader: RoleReader, verb: Token) -> list[str]:
    """Whose control a place came under: 'under Valdorian control', 'under the control of X'."""
    for child in verb.children:
        if child.dep == "prep" and child.lemma in ("under", "to"):
            for pobj in child.children:
                if pobj.dep == "pobj":
                    if pobj.lemma == "control":
                        return reader.state_of_modifier(pobj) + _prepositional(reader, pobj, {"of"})
                    return [e for e in reader.entities(pobj) if reader.is_actor(e)]
    return []


def _captures_people(token: Token) -> bool:
    """'captured two soldiers', '12 militants captured': people taken are detained, not a place."""
    if token.dep in ("acl", "relcl") and token.head.lemma.lower() in PERSON_NOUNS:
        return True
    return any(c.dep in ("dobj", "nsubjpass") and c.lemma.lower() in PERSON_NOUNS for c in token.children)


def _captures_a_person(reader: RoleReader, token: Token) -> bool:
    """'captured Mirek Dovan', 'Dovan was captured on a road': a person named is detained, not ground taken."""
    taken = [e for c in token.children if c.dep in ("dobj", "nsubjpass") for e in reader.entities(c)]
    return bool(taken) and all(reader.context.registry[e].is_person for e in taken)


# -- roles -------------------------------------------------------------------------------------

def _roles(reader: RoleReader, token: Token, anchor: Token, trigger: Trigger):
    kind = trigger.kind
    agents: list[str] = []
    patients: list[str] = []
    mediators: list[str] = []
    places: list[str] = []
    if trigger.pos == "VERB":
        passive = _is_passive(token)
        subject, objects = _arguments(token)
        if trigger.subject == "undergoer":  # "X came under Y's control"
            patients += reader.entities(subject)
            agents += _control_holder(reader, token)
        elif passive:
            patients += _person_in_apposition(reader, subject) or reader.entities(subject)
            agents += reader.entities(_by_phrase(token)) or _who_placed_it(reader, _by_phrase(token))
        else:
            agents += _person_in_apposition(reader, subject) or reader.entities(subject) \
                or _doer_of_the_act(reader, subject) or _who_placed_it(reader, subject)
            for obj in objects:
                if kind in PLACE_TAKEN and obj.pos == "PRON" and obj.lower_text() == "it":
                    patients += _place_just_named(reader, obj)  # "landed on X, capturing it": X
                    continue
                patients += _object_entities(reader, obj) or _colon_list(reader, obj)
        if not agents and kind in HARM_TO_PEOPLE:
            # "21 civilians were killed in a US airstrike": whoever did the act it happened in did it
            agents += [e for act in _prepositional_heads(token, {"in"}) for e in _doer_of_the_act(reader, act)]
        if trigger.subject == "loser":  # "X lost control of Y": X is the target, Y the place
            # "... to Z": whom it was lost to took it
            losers, agents = agents, [e for e in _prepositional(reader, token, {"to"}) if reader.is_actor(e)]
        else:
            losers = []
        # "fired at X" aims at X; "arrested at a Task Force Davao checkpoint" is where, not whom
        patients += _prepositional(reader, token, TARGETING - {"of", "over"} - (set() if kind in VIOLENT else {"at"}))
        patients += _shared_object(reader, token)
        if kind == "Surrender":  # "surrendered to X": whom to
            patients += _prepositional(reader, token, {"to"})
    else:
        losers = []
        qualifiers = reader.state_of_modifier(token)
        if kind in VIOLENT:
            qualifiers = _states_violence_by_their_forces(reader, token, qualifiers)
        agents += qualifiers
        agents += reader.entities(_by_phrase(token))
        if token.lemma.lower() in INTRANSITIVE_NOUNS:
            agents += _prepositional(reader, token, {"of"})
            patients += _prepositional(reader, token, TARGETING - {"of"} | {"to"})
        elif _prepositional(reader, token, {"against", "on", "upon"}):
            # "the attack of X against Y": with the target told by "against", the "of" phrase is the doer
            agents += [e for e in _prepositional(reader, token, {"of"}) if reader.is_actor(e)]
            patients += _prepositional(reader, token, TARGETING - {"of"})
        else:
            patients += _prepositional(reader, token, TARGETING)
        if anchor is not token:
            subject, objects = _arguments(anchor)
            anchor_passive = _is_passive(anchor)
            if anchor.lemma in REPELLING:
                # "X repelled an attack by Y": the attack was Y's, made on X
                patients += [e for e in reader.entities(_by_phrase(anchor) if anchor_passive else subject)
                             if reader.is_actor(e)]
            elif anchor.lemma in MEDIATING:
                mediators += reader.entities(_by_phrase(anchor) if anchor_passive else subject)
            elif anchor_passive:
                agents += reader.entities(_by_phrase(anchor))  # "talks were held by", "signed by X"
                patients += _prepositional(reader, anchor, {"against"})  # "an operation launched by X against Y"
            elif token.dep == "nsubj" and anchor.lemma in HARMING:
                # "Valdorian shelling killed a teenager", "the bombardment hit the city's tower": what the
                # violence did it did to its object
                for obj in objects:
                    patients += _object_entities(reader, obj)
            elif token.lemma.lower() in INTRANSITIVE_NOUNS and any(
                    reader.is_actor(e) for e in _prepositional(reader, token, {"of"})):
                pass  # "X announced the withdrawal of Y's forces": Y withdrew, X told of it
            elif (object_ := _object_through_part(token)).dep == "dobj" or (
                    token.dep == "pobj" and anchor.lemma in ("agree", "go")):
                agents += reader.entities(subject)  # "launched an offensive", "agreed to", "went on the offensive"
                if object_.dep == "dobj" and anchor.lemma in LIGHT_VERBS:
                    # "conducted airstrikes on X": the parser hangs the noun's "on / against" phrase on the
                    # light verb, which means nothing of its own
                    patients += _prepositional(reader, anchor, {"on", "against", "upon"})
        if kind in AIMED_AT_GROUND:
            places += _ground_aimed_at(reader, token, anchor)
        if kind in JOINT and token.dep == "pobj" and token.head.lemma == "for" and token.head.head.lemma in GATHERING_VERBS:
            agents += reader.entities(_arguments(token.head.head)[0])  # "X and Y met for talks": theirs
    between = _between(reader, token) + (_prepositional(reader, anchor, {"between"}) if anchor is not token else [])
    met_with = _prepositional(reader, token, {"with"})
    if kind == "Attack":
        # "clashes between Ukrainian attackers and Russian defenders": the defenders were attacked
        defenders = _defenders(reader, token) + (_defenders(reader, anchor) if anchor is not token else [])
        agents += [b for b in between if b not in defenders]
        patients += [d for d in defenders if d in between]
    elif kind in JOINT:
        agents += between
    if kind in JOINT or (kind == "Attack" and not agents):
        agents += met_with  # "X met with Y": both met; "clashes with Y" told of no one else
    elif kind == "Attack":
        # "the VLF clashed with Tarsian militants": the one the sentence is about fought the other, as the
        # blind annotators of two articles read it every time ("clashes between X and Y": both agents)
        patients += met_with
    if kind in JOINT:
        agents += _also_taking_part(reader, token) + (_also_taking_part(reader, anchor) if anchor is not token else [])
    if kind in VIOLENT:
        # "shelled the SDF-held villages", "an attack on two SDF-held villages": who held what was hit was hit
        hit = _arguments(token)[1] if trigger.pos == "VERB" else _prepositional_heads(token, {"on", "against", "upon"})
        patients += [e for obj in hit for e in _held_by(reader, obj) if reader.is_actor(e)]
        # "airstrikes against retreating ISIL convoys": the parser reads the target as a clause
        # ("retreating [ISIL convoys]"); what it names is what the act was done to
        patients += [e for clause in _target_clauses(token, anchor) for obj in _arguments(clause)[1]
                     for e in reader.entities(obj) if reader.is_actor(e)]
    if kind in HARMED_THINGS:  # "opened fire on a car with Valdorian peacekeepers": the people in it
        things = [h for holder in dict.fromkeys([token, anchor]) for h in
                  (_arguments(holder)[1] if holder.is_verb() else []) + _prepositional_heads(holder, TARGETING)]
        patients += [e for thing in things if not reader.entities(thing)
                     for e in _prepositional(reader, thing, {"with", "carrying"}) if reader.is_actor(e)]
        # "their vehicle was attacked", "attacked the convoy of X": a thing of X's hit is X hit
        passive_subjects = [c for holder in dict.fromkeys([token, anchor]) if holder.is_verb()
                            for c in holder.children if c.dep == "nsubjpass"]
        patients += [e for thing in things + passive_subjects if not reader.entities(thing)
                     and thing.pos == "NOUN" and thing.lemma.lower() in OWNED_THINGS
                     for e in _owners(reader, thing) if reader.is_actor(e) and e not in patients]
    mediators += _mediators(reader, token) + (_mediators(reader, anchor) if anchor is not token else [])
    for holder in dict.fromkeys([token, anchor]):
        places += _locative_places(reader, holder, kind)
    result_of = anchor.head if anchor.dep == "advcl" and anchor.tag == "VBG" and anchor.head.is_verb() else None
    if not places and result_of is not None and kind not in PLACE_OBJECT:
        # "opened fire on a vehicle around the village of X, killing a soldier": a participle of result
        # happened where its main clause did
        places += _locative_places(reader, result_of, kind)
        for obj in _arguments(result_of)[1] + _prepositional_heads(result_of, TARGETING | STATIC_LOCATIVE):
            places += _located(reader, obj, kind)  # "clashed near a kindergarten in X, killing ...": X
        if not places and _triggers_of(result_of):
            # "attacked X with heavy weapons, killing one civilian": the place the main clause's act
            # was done to (its object, or its "on / against" phrase) is where its result happened
            places += [e for phrase in _arguments(result_of)[1] + _prepositional_heads(result_of, TARGETING - {"of", "over"})
                       for e in _object_entities(reader, phrase) if reader.is_place(e) and not reader.is_actor(e)]
        if not places:  # "targeted a neighbourhood of X, shelling it"
            places += [p for obj in _arguments(result_of)[1] for p in _place_of_thing(reader, obj, kind)]
        if not places and result_of.lemma.lower() in LIGHT_VERBS:
            # "conducted airstrikes against convoys on the outskirts of X, killing 250": where the act the
            # light verb carries out was, as that act is read
            places += [p for obj in _arguments(result_of)[1] for act in _triggers_of(obj)[:1]
                       for p in _places_of_act(reader, obj, result_of, act)]
    if not places:
        # "a girl in Dunmere was killed", "strikes on positions in X", "the building in Y district":
        # the event's own participants are where it happened
        subject, objects = _arguments(anchor if anchor.is_verb() else token)
        # "took two depots, a bridge and a crossroads in X": the parser hangs the locative the
        # list shares on its last item
        listed = [c for obj in objects for c in obj.subtree() if c.dep == "conj" and c.pos in ("NOUN", "PROPN")
                  and _conjunct_of(c, obj)]
        phrases = [subject, *objects, *listed, _by_phrase(token), *_prepositional_heads(token, TARGETING)]
        # "airstrikes against retreating convoys on the outskirts of X": the parser reads the target as a
        # clause ("retreating ..."), whose locative is where the target, and so the act, was
        if kind in VIOLENT:
            phrases += _target_clauses(token, anchor)
        if anchor is not token and anchor.is_verb():
            phrases.append(_by_phrase(anchor))  # "a meeting ... was hosted by the EU in Brussels"
            if anchor.lemma.lower() in LIGHT_VERBS:
                # "launched an assault against the remaining defenders in X": the parser hangs the noun's
                # target on the light verb; where the target was is where the act was
                phrases += _prepositional_heads(anchor, TARGETING - {"of"})
        # "13 marines were killed and 40 wounded during an operation in X": the parser hangs what both
        # clauses share on the second, a reduced one (no subject but a number)
        reduced = [c for c in anchor.children if c.dep == "conj" and c.tag == "VBN" and all(
            s.pos == "NUM" for s in c.children if s.dep.startswith("nsubj"))] if anchor.is_verb() else []
        # "a protest at the embassy in X": a locative that names no place is placed by its own
        for holder in dict.fromkeys([token, anchor, *reduced]):
            for head in _prepositional_heads(holder, LOCATIVE):  # "in front of the embassy in X"
                phrases += [head, *(_prepositional_heads(head, {"of"}) if head.lemma.lower() in OF_TRANSPARENT else [])]
        # "killed in an explosion at X", "died after a strike on Y": the event that caused it is where
        # "170 people were killed and 290 were injured after an explosion at X": the parser hangs the
        # cause both clauses share on the nearer one
        coordinated = [c for c in anchor.children if c.dep == "conj" and c.is_verb()] + (
            [anchor.head] if anchor.is_verb() and anchor.dep == "conj" and anchor.head.is_verb() else [])
        causes = [h for holder in [anchor, *reduced, *coordinated]
                  for h in _prepositional_heads(holder, CAUSING) if _triggers_of(h)]
        phrases += causes
        # "were killed during the capture of X", "died in the shelling of Y": the place the act that
        # caused it was done to is where
        # ("killed in X's bombardment": the place it was done to, told as the act's possessor)
        places += [e for cause in causes if cause.pos == "NOUN"
                   and any(t.kind in PLACE_TAKEN | VIOLENT for t in _triggers_of(cause))
                   for e in _prepositional(reader, cause, {"of", "on", "against"})
                   + [e for c in cause.children if c.dep == "poss" for e in reader.entities(c)]
                   if reader.is_place(e) and not reader.is_actor(e)]
        if kind == "Withdrawal" and anchor.is_verb() and anchor.dep == "conj" and anchor.head.is_verb() \
                and anchor.head.lemma.lower() == "enter":
            # "The Front entered the base and the sugar plant on 8 June, but retreated": from where they entered
            places += [e for obj in _arguments(anchor.head)[1] for e in reader.entities(obj) if reader.is_place(e)]
        # "six were killed and 17 wounded in X": where both were (a second clause with a count of its own as
        # subject; "captured A and advanced into B" tells of another act)
        for verb in reduced:
            if any(c.dep.startswith("nsubj") for c in verb.children):
                places += _locative_places(reader, verb, kind)
        for phrase in phrases:
            if phrase is not None and phrase is not token:
                places += _located(reader, phrase, kind)
        if not places:
            places += _where_clause_place(reader, anchor)  # "the city of X, where forces shelled ..."
        if not places:
            hit = [subject] if trigger.pos == "VERB" and _is_passive(anchor) else objects
            places += [p for thing in hit if thing is not None for p in _place_of_thing(reader, thing, kind)]
            if not places and kind in HARM_TO_PEOPLE | {"Detention"}:
                # "killed the militants trying to escape from X", "militants who attempted to escape the
                # city were killed": they were caught leaving X
                places += [p for thing in hit if thing is not None for p in _place_escaped(reader, thing)]
        if not places and anchor.is_verb():
            places += _place_of_its_moment(reader, anchor)
    return agents, patients, mediators, places, losers


# Verbs of getting away from a place: what the people harmed were doing where they were caught.
ESCAPING = frozenset({"escape", "flee"})


def _place_just_named(reader: RoleReader, pronoun: Token) -> list[str]:
    """The place the sentence named last before the pronoun, not as a landmark ('to the west of X')."""
    landmarks = reader.landmarks()
    named = [reader.mention_at[i] for i in sorted(reader.mention_at) if i < pronoun.i
             and reader.is_place(reader.mention_at[i]) and reader.mention_at[i] not in landmarks]
    return named[-1:]


def _place_escaped(reader: RoleReader, people: Token) -> list[str]:
    """The place a clause on the people says they were getting away from."""
    found: list[str] = []
    groups = [people, *(_prepositional_heads(people, {"of"}) if people.lemma.lower() in GROUPING_NOUNS else [])]
    for clause in (c for group in groups for c in group.children):  # "a group of militants who ..."
        if clause.dep not in ("acl", "relcl") or not clause.is_verb():
            continue
        for verb in [clause, *(c for c in clause.children if c.dep == "xcomp")]:
            if verb.lemma.lower() not in ESCAPING:
                continue
            left = [c for c in verb.children if c.dep == "dobj"]
            left += [p for c in verb.children if c.dep == "prep" and c.lemma.lower() == "from"
                     for p in c.children if p.dep == "pobj"]
            found += [e for thing in left for e in reader.entities(thing) if reader.is_place(e)]
    return list(dict.fromkeys(found))


def _place_of_its_moment(reader: RoleReader, verb: Token) -> list[str]:
    """'was killed when Valdorian forces tried to storm the city': what happened at the moment a
    "when" clause tells of happened where that clause's act was done (its object, or its locative)."""
    found: list[str] = []
    for clause in verb.children:
        if clause.dep != "advcl" or not any(c.dep in ("mark", "advmod") and c.lower_text() == "when"
                                             for c in clause.children):
            continue
        acts = [clause, *(c for c in clause.children if c.dep == "xcomp" and c.is_verb())]  # "tried to storm"
        for act in acts:
            found += [e for o in _arguments(act)[1] for e in _object_entities(reader, o)
                      if reader.is_place(e) and not reader.is_actor(e)]
            found += [e for e in _locative_places(reader, act, "", STATIC_LOCATIVE) if reader.is_place(e)]
    return list(dict.fromkeys(found))


# Kinds of act whose doer is the doer of what the act brought about: "an assault by X retook Y".
ACTS_OF_FORCE = VIOLENT | {"MilitaryOffensive"}
# The kind of harm done to people in an act of force: "killed in an airstrike".
HARM_TO_PEOPLE = frozenset({"Killing"})


def _target_clauses(token: Token, anchor: Token) -> list[Token]:
    """'airstrikes against retreating convoys on the outskirts of X': a target the parser read as a gerund
    clause under "against / on" (no subject of its own), hung on the act or on the verb that launches it."""
    return [clause for holder in dict.fromkeys([token, anchor]) for prep in holder.children
            if prep.dep == "prep" and prep.lemma.lower() in TARGETING - {"of"}
            for clause in prep.children if clause.dep == "pcomp" and clause.tag == "VBG"
            and not any(c.dep.startswith("nsubj") for c in clause.children)]


def _places_of_act(reader: RoleReader, token: Token, anchor: Token, trigger: Trigger) -> list[str]:
    """Where an act was, as its own roles read it."""
    _agents, _patients, _mediators, places, _lost_by = _roles(reader, token, anchor, trigger)
    return places


def _states_violence_by_their_forces(reader: RoleReader, act: Token, qualifiers: list[str]) -> list[str]:
    """'the Russian bombardment', 'killed in Turkish airstrikes': a state's violence is done by its armed
    forces (not "its airstrikes" of a state that is the clause's subject: the state itself, told once)."""
    owned = {reader.pronoun(c) for c in act.children if c.dep == "poss" and c.pos == "PRON"}
    return [reader.armed_force_of(q) or q if reader.is_state(q) and q not in owned else q for q in qualifiers]


def _doer_of_the_act(reader: RoleReader, subject: Token | None) -> list[str]:
    """'A major assault by the Elite Forces managed to retake X', "the Valdorian offensive captured Y":
    a subject that is an act of force names no doer itself; whoever did the act did what it achieved."""
    if subject is None or subject.pos != "NOUN" or not any(t.kind in ACTS_OF_FORCE for t in _triggers_of(subject)):
        return []
    found = reader.entities(_by_phrase_of_noun(subject)) + _states_violence_by_their_forces(
        reader, subject, reader.state_of_modifier(subject))
    if not found and (launcher := _launched_by(subject)) is not None:
        # "X launched nine suicide bombings that killed nine soldiers": who launched them killed
        found = reader.entities(_arguments(launcher)[0])
    return [e for e in dict.fromkeys(found) if reader.is_actor(e)]


def _evidence_over(anchor: Token) -> Token | None:
    """The verb of a record ("video footage confirmed that ...") whose complement the anchor's clause is."""
    token = anchor
    while token.dep in ("conj", "ccomp") and token.head_i != token.i:
        token = token.head
        if shown_by_evidence(token):
            return token
    return None


# Determiners that make a noun an act already told: "the offensive", "their offensive".
DEFINITE_OWNERS = frozenset({"the", "their", "its", "his", "her"})


def _told_as_going_on(token: Token, anchor: Token) -> bool:
    """'Shelling of Dunmere continued until ...': the act is told as going on from before."""
    # only the act itself said to go on ("Shelling of X continued"): "X continued to shell Y" after a
    # ceasefire may be a new act of the kind, which the date, not the verb, must tell
    if token.head_i == token.i or token.head.lemma.lower() != "continue":
        return False
    if token.dep in ("nsubj", "csubj"):
        return True
    # "X continued the offensive", "Continuing their offensive, X took ...": the act told before, its own
    # noun with "the" or a possessive (not "continued attacks", which may be new ones)
    return token.dep == "dobj" and any(c.dep in ("det", "poss") and c.lower_text() in DEFINITE_OWNERS
                                       for c in token.children)


def _launched_by(act: Token) -> Token | None:
    """The verb an act is the object of when it only says the act was done ("launched", "carried
    out"): its subject did the act."""
    verb = act.head if act.dep == "dobj" and act.head_i != act.i else None
    return verb if verb is not None and verb.lemma.lower() in LIGHT_VERBS and not _is_passive(verb) else None


def _what_the_line_resulted_in(anchor: Token) -> bool:
    """'X clashed with Y, which resulted in 19 fighters being killed', '..., resulting in / leading to ...': what
    the narrative's act brought about then (a consequence in the simple past or a participle on the line)."""
    if anchor.dep != "acl" or anchor.head.dep != "pobj" or anchor.head.head.lemma.lower() not in ("in", "to"):
        return False
    verb = anchor.head.head.head
    if verb.lemma.lower() not in CONSEQUENCE or verb.head_i == verb.i:
        return False
    if verb.dep == "advcl" and verb.tag == "VBG":
        return _in_main_clause(verb.head)
    if verb.dep != "relcl" or verb.tag != "VBD" or not any(c.dep == "nsubj" and c.lower_text() == "which"
                                                          for c in verb.children):
        return False
    # "which" stands for the narrative's act only when the noun it hangs on is in that act's clause ("clashed
    # with ISIL militants, which resulted in ..."; not "published a report on the siege, which resulted in ...")
    act = verb.head
    while not act.is_verb() and act.head_i != act.i:
        act = act.head
    # "entered X, where they clashed ...": a "where" clause on the line, however the parser hangs it
    where = _where_it_went_on(act) or act.dep == "advcl" and act.head_i != act.i and _in_main_clause(act.head) \
        and any(c.dep == "advmod" and c.lower_text() == "where" for c in act.children)
    return act.is_verb() and (_in_main_clause(act) or where) and any(t.kind in ACTS_OF_FORCE for t in _triggers_of(act))


def _what_the_act_did(anchor: Token) -> bool:
    """'X launched nine bombings that killed nine soldiers': a clause in the simple past on an act of
    force the main clause tells of says what the act did, when it was done."""
    if anchor.dep != "relcl" or anchor.tag != "VBD" or anchor.head_i == anchor.i:
        return False
    act, subject = anchor.head, _arguments(anchor)[0]
    launcher = _launched_by(act)
    return subject is act and launcher is not None and launcher.tag == "VBD" and _in_main_clause(launcher) \
        and any(t.kind in ACTS_OF_FORCE for t in _triggers_of(act))


def _who_placed_it(reader: RoleReader, thing: Token | None) -> list[str]:
    """'land mines planted by X killing two civilians', 'killed by a bomb dropped by Y': a thing
    that did harm names no doer; whoever the participle that describes it says put it there did."""
    if thing is None or thing.pos != "NOUN":
        return []
    found = [e for c in thing.children if c.dep == "acl" and c.tag == "VBN"
             for e in reader.entities(_by_phrase(c))]
    return [e for e in dict.fromkeys(found) if reader.is_actor(e)]


def _victims(reader: RoleReader, token: Token, trigger: Trigger) -> list[str]:
    """The people the event is done to that no entity names, as the sentence says them: the passive
    subject or object of a verb, the "on / against / of" phrase of a noun ("eight foreign militants
    were killed", "strikes on construction workers", "the killing of local residents")."""
    if trigger.pos == "VERB":
        subject, objects = _arguments(token)
        if trigger.subject == "undergoer" or _one_or_the_other(token):
            # "300 civilians who are either trapped or taken hostage": some were one, some the other,
            # how many each the text does not say
            return []
        phrases = [subject] if _is_passive(token) else list(objects)
        if trigger.kind in LEAVING and not _is_passive(token) and (not objects or trigger.kind == "Displacement"):
            phrases = [subject]  # "civilians began to evacuate", "residents fled (the city)": who left
        # what was taken or besieged is the object: "captured X, on the east side of Y", "besieging the city on
        # three fronts"
        if trigger.kind not in TAKEN_THINGS and not (trigger.kind == "Blockade" and objects):
            phrases += _prepositional_heads(token, TARGETING - {"of", "over"})
    else:
        prepositions = TARGETING - {"of"} | {"to"} if token.lemma.lower() in INTRANSITIVE_NOUNS else TARGETING
        phrases = _prepositional_heads(token, prepositions)
        if token.dep == "nsubj" and token.head.lemma in HARMING and token.head.is_verb():
            phrases += _arguments(token.head)[1]  # "shelling killed a teenager"
    found: list[str] = []
    for phrase in phrases:
        for head in ([phrase, *(c for c in phrase.children if c.dep == "conj")] if phrase is not None else []):
            if head.lemma.lower() == "control" and trigger.kind in TAKEN_THINGS:
                head = next(iter(_what_control_is_of(head, token)), head)
            if trigger.kind in TAKEN_THINGS and _partitive(head):
                # "secured almost all of the old city", "took control of parts of X": a place named as
                # the event's place was taken only in part, and the description says how much
                found.append(" ".join(reader.context.text[slice(*_core_span(head))].split()).strip("\"“”'"))
                continue
            start, stop = _core_span(head)
            if any(m.start <= head.start < m.stop for m in reader.context.mentions) or any(
                    start <= m.start < stop for m in reader.context.demonyms if head.lemma.lower() in ARMED_GROUP):
                continue  # a registry entity ("Mirek Dovan", "Valdorian troops"): a target, not a description
            people = head
            if head.lemma.lower() in GROUPING_NOUNS or head.pos == "NUM":  # "dozens of civilians"
                people = next((p for p in _prepositional_heads(head, {"of"})), head)
            if head.lemma.lower() == "control":  # "took control of strategic heights": what was taken
                taken = _what_control_is_of(head, token)
                if not taken:
                    continue
                head = people = taken[0]
            if (people.lemma.lower() in VICTIM_NOUNS or _counted_nationals(reader, people)
                    or (trigger.kind in HARMED_THINGS | TAKEN_THINGS | BLOCKED_THINGS and _a_thing_hit(reader, people)
                        and not (trigger.kind in HARMED_THINGS and _between_places(reader, people)))
                    or (trigger.kind in HELD_PEOPLE and trigger.pos == "VERB" and people.tag == "NNS"
                        and phrase.dep in ("dobj", "nsubjpass"))) \
                    and people.pos in ("NOUN", "PROPN"):
                # "a total of 12 fighters": the fighters, counted
                said = people if head.lemma.lower() == "total" else head
                found.append(" ".join(reader.context.text[slice(*_core_span(said))].split()))
    return list(dict.fromkeys(found))


def _count_of_victims(token: Token, trigger: Trigger) -> str | None:
    """The number the sentence counts the people killed with ("were killed" of "the last 140 agents": 140)."""
    if trigger.pos != "VERB":
        return None
    subject, objects = _arguments(token)
    for phrase in [subject] if _is_passive(token) else objects:
        if phrase is None:
            continue
        # the count on the noun, or on a word before it the parser hung it on ("140 ISIL sleeper agents")
        modifiers = [phrase, *(c for c in phrase.children if c.dep in ("compound", "nmod", "amod") and c.i < phrase.i)]
        counts = [c for m in modifiers for c in m.children if c.dep == "nummod"] or (
            [phrase] if phrase.pos == "NUM" else [])
        if counts:
            return counts[0].lower_text()
    return None


# Kinds whose verb's object can only be people: "detained suspects", "arrested journalists".
HELD_PEOPLE = frozenset({"Detention"})


def _one_or_the_other(verb: Token) -> bool:
    """A verb of an "either ... or" coordination ("were either killed or captured")."""
    first = verb.head if verb.dep == "conj" and verb.head_i != verb.i else verb
    return any(c.dep == "preconj" and c.lower_text() == "either" for c in first.children) and any(
        c.dep == "cc" and c.lower_text() == "or" for c in first.children)


# Participles that say who held a place: "the territory controlled by X", "areas held by X".
HOLDING = frozenset({"control", "hold", "occupy"})
# Verbs of taking ground: what a side took, it held after ("the plant that X had captured").
TAKING = TAKING_PURPOSES - {"liberate"}


def _taken_things(verb: Token) -> list[Token]:
    """What a capture verb took: its object or passive subject, or what it "took control of / over"."""
    things = [c for c in verb.children if c.dep in ("dobj", "nsubjpass")]
    return [taken for thing in things
            for taken in (_what_control_is_of(thing, verb) if thing.lemma.lower() == "control" else [thing])]


def _what_control_is_of(control: Token, verb: Token) -> list[Token]:
    """'took control of / over X': X (the parser may hang the "over" phrase on the verb)."""
    return _prepositional_heads(control, {"of", "over"}) or (
        _prepositional_heads(verb, {"of", "over"}) if control.dep == "dobj" else [])


def _held_by(reader: RoleReader, thing: Token) -> list[str]:
    """'the remaining territory controlled by X', 'the X-held villages': who held the thing (the "by"
    phrase of a participle of holding that describes it, or the name the participle is compounded with)."""
    by_phrase = [e for acl in thing.children if acl.dep == "acl" and acl.tag == "VBN" and acl.lemma.lower() in HOLDING
                 for agent in acl.children if agent.dep == "agent"
                 for pobj in agent.children if pobj.dep == "pobj" for e in reader.entities(pobj)]
    compounded = [e for amod in thing.children if amod.dep == "amod" and amod.lemma.lower() in HOLDING
                  for holder in amod.children if holder.dep in ("npadvmod", "compound", "amod", "nmod")
                  and holder.i < amod.i for e in reader.entities(holder)]
    # "the sugar plant that the SDF had captured", "the villages X held": a relative clause of holding or
    # taking whose object is the thing
    related = [e for clause in thing.children if clause.dep == "relcl" and (clause.lemma.lower() in HOLDING or (
               # "that X had captured": taken before the act told; "that X captured on 9 May" may be after it
               clause.lemma.lower() in TAKING and any(a.lower_text() == "had" for a in clause.children if a.dep == "aux")))
               and not any(c.dep == "dobj" and c.lower_text() not in ("that", "which") for c in clause.children)
               for subject in clause.children if subject.dep == "nsubj" for e in reader.entities(subject)]
    return by_phrase + compounded + related


# Verbs a year is the subject of when a sentence tells what happened in it: "2018 saw renewed tension".
YEAR_VERBS = frozenset({"see", "witness"})


def _year_that_saw(context: SentenceContext) -> DateValue | None:
    """'2018 saw again tension in the region, as X fired upon Y': the sentence tells of that year."""
    root = context.parse.root() if context.parse is not None else None
    if root is None or root.lemma.lower() not in YEAR_VERBS:
        return None
    subject = next((c for c in root.children if c.dep == "nsubj" and YEAR.fullmatch(c.text)), None)
    return _whole_year(subject) if subject is not None else None


def _shared_object(reader: RoleReader, verb: Token) -> list[str]:
    """'fired upon and captured three vessels': a preposition left without its object shares the object
    of the verb coordinated after it."""
    if not any(c.dep == "prep" and c.lemma.lower() in TARGETING and not any(g.dep == "pobj" for g in c.children)
               for c in verb.children):
        return []
    return [e for conj in verb.children if conj.dep == "conj" and conj.is_verb()
            for obj in conj.children if obj.dep == "dobj" for e in _object_entities(reader, obj)]


def _same_noun_before(parse, noun: Token) -> Token | None:
    """'the attack' after 'the attack of X against Y' in the same sentence: the earlier noun of the same
    lemma, when this one is definite and names no one."""
    if not any(c.dep == "det" and c.lower_text() in ("the", "this", "that") for c in noun.children):
        return None
    if any(c.dep in ("prep", "poss", "compound", "amod") for c in noun.children):
        return None
    return next((t for t in reversed(parse.tokens[:noun.i]) if t.lemma == noun.lemma and t.pos == noun.pos), None)


def _set_against_the_report(reader: RoleReader, anchor: Token, speech: Token) -> bool:
    """The event's clause is a "while / whereas" clause, inside what was reported, whose own subject is
    an actor (another side's act set against the report, not the report going on)."""
    token = anchor
    while token.i != speech.i and token.head_i != token.i:
        subject = contrast_subject(token)
        if subject is not None and any(reader.is_actor(e) for e in reader.entities(subject)):
            return True
        token = token.head
    return False


def _person_in_apposition(reader: RoleReader, phrase: Token | None) -> list[str]:
    """'another ISIL commander, Qusai al-Jaili, was killed': the person the apposition names is who it
    was; the group that qualifies the role noun only says whose commander he was."""
    if phrase is None:
        return []
    return [e for c in phrase.children if c.dep == "appos" for e in reader.entities(c)
            if reader.context.registry[e].is_person]


def _keeps_the_peace(entity) -> bool:
    """A peacekeeping force ("Russian peacekeepers", "the UN peacekeeping mission"), by its names."""
    return any("peacekeep" in name.lower() for name in entity.names)


# Nouns of a share of something: "most of X", "parts of X", "90% of X".
PARTITIVES = frozenset({"part", "most", "much", "all", "half", "rest", "remainder", "portion", "majority", "third",
                        "quarter", "%", "percent", "some", "edge", "outskirt"})  # "secured the southern edge of X"


def _object_through_part(noun: Token) -> Token:
    """'launched a series of suicide attacks': the part noun ("series", "wave", "round") the trigger is of,
    whose place in the clause is the trigger's own; else the noun itself."""
    if noun.dep == "pobj" and noun.head.lemma == "of" and noun.head.head.lemma in PART_NOUNS:
        return noun.head.head
    return noun


def _partitive(head: Token) -> bool:
    """'almost all of the old city', 'parts of X', '90% of X': a share, told by its "of" phrase."""
    wholes = _prepositional_heads(head, {"of"})
    if head.lemma.lower() == "all" and not any(c.dep == "advmod" for c in head.children) and not any(
            c.i > whole.i for whole in wholes for c in whole.children):
        return False  # "all of X" is X; "almost all of X", "all of X west of the river" are not
    return head.lemma.lower() in PARTITIVES and bool(wholes)


def _counted_nationals(reader: RoleReader, people: Token) -> bool:
    """'2 Valdorians were killed', 'three Orlandians': people counted by their nationality (a demonym
    written as a plural noun), who are people whatever the registry's list of victim words says."""
    return people.tag in ("NNS", "NNPS") and any(c.dep == "nummod" for c in people.children) and any(
        people.text in (demonym + "s", demonym + "es") for entity in reader.context.registry
        for demonym in entity.demonyms)


def _included_people(reader: RoleReader, anchor: Token) -> list[str]:
    """The persons an "including" list in the event's clause names (the parser may hang it anywhere
    in the clause: "detained several officials while attempting to cross, including A and B")."""
    clause = {t.i for t in anchor.subtree()}
    return [e for t in reader.parse.tokens if t.i in clause and t.dep == "prep" and t.lower_text() == "including"
            for pobj in t.children if pobj.dep == "pobj"
            for e in reader.entities(pobj) if reader.context.registry[e].is_person]


# Kinds whose subject is who underwent them, not who did them: "civilians fled".
NO_DOER = frozenset({"Displacement"})


# Bodies of armed people a doer may be told as where no entity names it ("pro-government forces",
# "Armenian forces" where the text uses it for more than one side); not weapons ("drones").
ARMED_BODIES = frozenset({"force", "army", "unit", "militia"})


def _doers(reader: RoleReader, token: Token, anchor: Token, trigger: Trigger, agents: list[str]) -> list[str]:
    """Who did it, as the sentence says them, where no entity names them: the subject of an active
    verb, the "by" phrase of a passive or a noun, the subject of the verb a noun is the object of
    ("journalists visited X", "was attacked by gunmen", "militants launched an assault")."""
    if trigger.subject in ("undergoer", "loser"):
        return []
    if trigger.pos == "VERB":
        subject, objects = _arguments(token)
        if not _is_passive(token) and not objects and (
                trigger.kind == "Evacuation" or token.lemma.lower() in OBLIGATORILY_TRANSITIVE):
            return []  # "civilians were allowed to leave", "reported one fighter killed": who underwent it
        # the verb's own subject, or one it shares by coordination or a relative pronoun; not one
        # borrowed from the clause above ("allowed to leave due to Russia opening ...")
        shared = any(c.dep == "nsubj" for c in token.children) or token.dep in ("conj", "relcl")
        if not shared and token.dep == "advcl" and bare_participle(token) and not _is_passive(token.head) \
                and token.head.lemma.lower() not in REPORTING | ALLEGING:
            # "militants attacked X, killing one civilian": who attacked killed
            subject, shared = _arguments(token.head)[0], True
        phrases = [_by_phrase(token)] if _is_passive(token) else [subject if shared else None]
    else:
        phrases = [_by_phrase(token)]
        if anchor is not token and token.dep == "dobj" and not _is_passive(anchor):
            phrases.append(_arguments(anchor)[0])  # "militants launched an assault"
    found: list[str] = []
    for phrase in phrases:
        for head in ([phrase, *(c for c in phrase.children if c.dep == "conj")] if phrase is not None else []):
            start, stop = _core_span(head)
            # the head and what stands before it: "students of the University of X" are not the university
            if head.pos not in ("NOUN", "PROPN") or any(start <= m.start < head.end and not _supporters_of(reader, m)
                                                        for m in reader.context.mentions) \
                    or (agents and any(start <= m.start < head.end for m in reader.context.demonyms
                                       if head.lemma.lower() in ARMED_GROUP)) \
                    or reader.entities(head) or set(_prepositional(reader, head, {"of"})) & set(agents):
                # a registry entity, a state's forces ("Valdorian troops"), one named beside it ("the
                # president of X, Mirek Dovan"), or the members of an agent ("members of the X group")
                continue
            people = head
            if head.lemma.lower() in GROUPING_NOUNS:  # "a group of gunmen"
                people = next((p for p in _prepositional_heads(head, {"of"})), head)
            if people.lemma.lower() in VICTIM_NOUNS | ARMED_BODIES and people.pos == "NOUN":
                found.append(" ".join(reader.context.text[start:stop].split()))
    return list(dict.fromkeys(found))


def _supporters_of(reader: RoleReader, mention) -> bool:
    """'pro-Council militias', 'anti-government fighters': the name is whom they are for or against, not
    them (the phrase is a description of its own)."""
    return re.search(r"\b(?:pro|anti)-$", reader.context.text[max(0, mention.start - 5):mention.start], re.I) is not None


# Kinds whose object is what was taken, which no entity may name: "captured more than 60 military posts".
TAKEN_THINGS = frozenset({"Capture"})
# Kinds whose object may be a thing hit as well as people: "attacked a vehicle", "shelled the hospital".
HARMED_THINGS = frozenset({"Attack", "Shelling"})
# Things a side has with it, which an attack on is one on the side: "their vehicle was attacked".
OWNED_THINGS = frozenset({"vehicle", "convoy", "post", "base", "headquarters"})

# Kinds whose object may be a thing closed off: "blocked alternative bypass routes".
BLOCKED_THINGS = frozenset({"Blockade"})
# Objects of those verbs that are not what was hit: "opened fire", "fired shells", "launched rockets".
NOT_TARGETS = frozenset({"fire", "shell", "rocket", "missile", "round", "weapon", "artillery", "time", "day",
                         "hour", "week", "month", "year", "night", "morning", "evening", "part", "way", "area",
                         "date"})


def _owners(reader: RoleReader, thing: Token) -> list[str]:
    """Whose the thing is: its possessor ("their", "X's") or its "of" phrase ("the convoy of X")."""
    found = []
    for child in thing.children:
        if child.dep == "poss":
            pronoun = reader.pronoun(child) if child.pos == "PRON" else None
            found += [pronoun] if pronoun else reader.entities(child)
    return found + _prepositional(reader, thing, {"of"})


def _a_thing_hit(reader: RoleReader, head: Token) -> bool:
    """'attacked a vehicle', 'shelled the cemetery': a thing no entity names, not a date ("on 16
    March"), not a place the description resolves to ("the city"), not another event."""
    return (head.lemma.lower() not in NOT_TARGETS and not _triggers_of(head) and not reader.entities(head)
            and not any(d.start <= head.start < d.stop for d in reader.context.dates)
            and not any(c.dep == "poss" and c.lemma.lower() in ("other", "each") for c in head.subtree()))


def _between_places(reader: RoleReader, head: Token) -> bool:
    """'an attack at a crossroad between Kelmar and Vellin': a point located between places, not a thing
    hit (what is taken may be one: 'took control of the dividing line between A and B')."""
    return any(c.dep == "prep" and c.lemma.lower() == "between" and any(
        reader.is_place(e) for p in c.children if p.dep == "pobj" for e in reader.entities(p)) for c in head.children)


# Words that open a clause, never a noun phrase ("over", "about", "up to" do count a number).
CLAUSE_OPENERS = frozenset({"after", "before", "since", "until", "when", "while", "because", "although", "if"})


def _core_span(head: Token) -> tuple[int, int]:
    """A noun phrase without what hangs off it: its modifiers before it and an "of" phrase ("dozens of
    civilians"), not relative clauses, appositions, lists or other phrases after it; no leading article."""
    kept, stack = [head], list(head.children)
    while stack:
        child = stack.pop()
        after = child.head_i == head.i and child.i > head.i
        if child.dep in ("relcl", "acl", "appos", "cc", "conj", "punct", "advcl", "parataxis") or (
                child.dep == "prep" and child.lemma != "of") or (after and child.dep != "prep"):
            continue
        kept.append(child)
        stack.extend(child.children)
    kept.sort(key=lambda t: t.i)
    while len(kept) > 1 and (kept[0].dep == "det" and kept[0].lower_text() in ("the", "a", "an")
                             or kept[0].lower_text() in CLAUSE_OPENERS):
        # "the civilians": the article is not part of who they are; nor a clause's "after" the parser
        # hung on a number ("after 2 Valdorians were killed")
        kept = kept[1:]
    return kept[0].start, kept[-1].end


# Verbs of taking part: "talks ..., with X and Y also participating".
TAKING_PART = frozenset({"participate"})


def _also_taking_part(reader: RoleReader, token: Token) -> list[str]:
    """'with X and Y also participating': the subjects of a 'with' clause of taking part."""
    return [e for c in token.children if c.dep == "prep" and c.lemma == "with"
            for v in c.children if v.dep == "pcomp" and v.lemma in TAKING_PART
            for subject in v.children if subject.dep == "nsubj" for e in reader.entities(subject)]


def _between(reader: RoleReader, token: Token) -> list[str]:
    """'between X, head of Y, and Z': two parties at least; a conjunct the parser hung deeper inside
    the first party's appositive is still the second party."""
    found = []
    for pobj in _prepositional_heads(token, {"between"}):
        parties = reader.entities(pobj)
        if len(parties) < 2:
            for inner in pobj.subtree():
                if inner.dep == "conj" and inner.i in reader.mention_at:
                    parties.append(reader.mention_at[inner.i])
        found += parties
    return list(dict.fromkeys(found))


def _defenders(reader: RoleReader, token: Token) -> list[str]:
    """The parties a "between" phrase names as its defenders."""
    found = []
    for pobj in _prepositional_heads(token, {"between"}):
        for head in [pobj, *(t for t in pobj.subtree() if t.dep == "conj")]:
            if head.lemma.lower() in DEFENDING:
                found += [e for e in reader.entities(head) if e not in found]
    return found


# Nouns for the side that is attacked: "clashes between X attackers and Y defenders".
DEFENDING = frozenset({"defender"})


def _locative_places(reader: RoleReader, holder: Token, kind: str, prepositions=None) -> list[str]:
    found = []
    if prepositions is None:
        # where a force withdrew to is not where it withdrew: "retreated to Lyman"
        prepositions = LOCATIVE - DESTINATIONS if kind == "Withdrawal" else LOCATIVE
    # "their role in the 2019 Dunmere missile attacks": a phrase headed by another event names where
    # that event was, not where this one is
    for entity_id in _prepositional(reader, holder, prepositions or LOCATIVE, skip=_triggers_of):
        if reader.is_place(entity_id) and (not reader.is_actor(entity_id) or kind in PLACE_OBJECT):
            found.append(entity_id)
    # "protests in Valdoria": a state is an actor, but what happens in it happens there
    for entity_id in _prepositional(reader, holder, (prepositions or LOCATIVE) & INSIDE, skip=_triggers_of):
        if reader.is_place(entity_id) and entity_id not in found:
            found.append(entity_id)
    return found


# Prepositions that put an event inside a place, a state included.
INSIDE = frozenset({"in", "inside", "within", "throughout"})


# Kinds that take people away from a place: "evacuated 4,000 people from X" happened in X.
LEAVING = frozenset({"Evacuation", "Displacement", "Withdrawal"})
# Kinds of act whose "of" phrase names the place acted on: "the capture of X", "the siege of Y".
PLACE_TAKEN = frozenset({"Capture", "Blockade"})


def _located(reader: RoleReader, phrase: Token, kind: str) -> list[str]:
    """Where a phrase is: its own static locative, else that of the thing it is at ("an explosion
    at a depot in X": X). One step down only: deeper, a place describes something else."""
    prepositions = STATIC_LOCATIVE | ({"from"} if kind in LEAVING else set())
    if any(reader.is_place(e) for e in reader.entities(phrase)):
        # "the Amaras Monastery near Sos had fallen": a place named by where it stands next to; the
        # event was at the monastery, not at Sos
        prepositions = prepositions - NEARBY
    found = _locative_places(reader, phrase, kind, prepositions)
    if not found:
        for head in _prepositional_heads(phrase, STATIC_LOCATIVE):
            if not reader.entities(head):
                found += _locative_places(reader, head, kind, STATIC_LOCATIVE)
    if not found:  # "a fortress on the edge of the city", "on the outskirts of X": in X
        found += [e for head in _prepositional_heads(phrase, {"on"}) if head.lemma.lower() in EDGES
                  for e in reader.entities(head) if reader.is_place(e)]
    return found


def _where_clause_place(reader: RoleReader, anchor: Token) -> list[str]:
    """'the city of X, where the military bombarded ...': a relative clause led by "where" happened
    at the place its noun names."""
    clause = anchor
    while clause.dep == "conj" and clause.head_i != clause.i:
        clause = clause.head  # "where they shelled and captured ..."
    if clause.dep != "relcl" or not any(c.dep == "advmod" and c.lower_text() == "where" for c in clause.children):
        return []
    places = [e for e in reader.entities(clause.head) if reader.is_place(e)]
    noun = clause.head
    if noun.dep == "pobj" and noun.head.lemma.lower() in ("in", "within") and noun.head.head_i != noun.head.i:
        # "entered the X neighborhood in western Y, where they clashed ...": the clause tells of the
        # whole "X in Y", and so happened in X, the place within Y
        holder = noun.head.head
        before = [holder] if not holder.is_verb() else [c for c in holder.children if c.dep == "dobj"]
        inner = [e for t in before for e in reader.entities(t) if reader.is_place(e)
                 and _most_specific([e, *places], reader.context.registry) == [e]]
        if inner:
            return inner
    return places


def _place_of_thing(reader: RoleReader, thing: Token, kind: str) -> list[str]:
    """'sabotaged the infrastructure of X', 'targeted a neighbourhood of X': the thing hit, of a
    place, is in that place (not people "of" a place: "soldiers of X" are X's)."""
    if kind not in HARMED_THINGS or thing.lemma.lower() in VICTIM_NOUNS:
        return []
    return [e for head in _prepositional_heads(thing, {"of"}) for e in reader.entities(head) if reader.is_place(e)]


# Parts of a place that "on" puts something at: "on the edge of X", "on the outskirts of X".
EDGES = frozenset({"edge", "outskirt"})  # lemmas: "outskirts" is read as "outskirt"


def _conjunct_of(token: Token, noun: Token) -> bool:
    """Whether the token is a conjunct in the list the noun begins (through conjuncts only)."""
    while token.dep == "conj" and token.head_i != token.i:
        token = token.head
        if token.i == noun.i:
            return True
    return False


def _prepositional_heads(token: Token, prepositions) -> list[Token]:
    return [p for c in token.children if c.dep == "prep" and c.lemma.lower() in prepositions
            for p in c.children if p.dep == "pobj"]


def _finite(verb: Token) -> bool:
    """'occupied', 'had occupied': a tensed verb, not a bare participle."""
    return verb.tag in ("VBD", "VBZ", "VBP") or any(c.dep == "aux" and c.lemma.lower() == "have" for c in verb.children)


def _is_passive(verb: Token) -> bool:
    if any(c.dep in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if _reduced_passive(verb):
        return True
    if verb.dep in ("ccomp", "oprd") and verb.tag == "VBN" and verb.head_i != verb.i \
            and verb.head.lemma.lower() in REPORTING and any(c.dep == "nsubj" for c in verb.children) \
            and not any(c.dep in ("aux", "dobj") for c in verb.children):
        return True  # "X reported one fighter killed": a small clause, its subject the one killed
    if verb.dep == "xcomp" and verb.tag == "VBN" and verb.head_i != verb.i and verb.head.lemma.lower() in REPORTING \
            and _is_passive(verb.head) and not any(c.dep == "aux" for c in verb.children):
        return True  # "80 fighters were reported killed": the subject is the one killed
    if verb.dep == "conj" and (verb.tag == "VBN" or verb.tag == "VBD" and not any(c.dep == "dobj" for c in verb.children)
                                and not any(t.kind in LEAVING | {"Surrender"} for t in _triggers_of(verb))) \
            and verb.head_i != verb.i and not any(c.dep.startswith("nsubj") for c in verb.children) \
            and _is_passive(verb.head):
        # "had been discovered and captured": the second verb shares the passive (a participle the tagger read
        # as a past tense too, when nothing is its object: "had been cut off and surrounded in two areas")
        return True
    with_ = (verb.head_i != verb.i and verb.head.lower_text() == "with") or any(
        c.dep == "mark" and c.lower_text() == "with" for c in verb.children)
    if with_ and verb.tag in ("VBN", "VBD") and not any(c.dep in ("aux", "dobj") for c in verb.children):
        return True  # "..., with six soldiers captured": a participle, whatever tag the parser gave it
    return verb.tag == "VBN" and verb.dep in ("acl", "relcl") and not any(c.dep == "aux" for c in verb.children) \
        and not _main_verb_read_as_modifier(verb)


def _main_verb_read_as_modifier(verb: Token) -> bool:
    """'The fighters targeted and killed civilians': a sentence the parser rooted on its subject noun,
    hanging the verb on it as a participle; a participle modifying a noun has no object of its own."""
    noun = verb.head
    if verb.dep == "acl" and noun.dep == "nsubj" and noun.head_i != noun.i and not any(
            c.dep == "agent" for c in verb.children) and sum(c.dep == "nsubj" for c in noun.head.children) > 1 \
            and verb.lemma.lower() not in OBLIGATORILY_TRANSITIVE:
        # "Valdorian units attacked soon after, and Ostria's attention shifted": no verb has two subjects;
        # but "civilians killed after the military dropped bombs" can only be the passive
        return True
    if verb.dep != "acl" or noun.head_i != noun.i or noun.pos not in ("NOUN", "PROPN"):
        return False
    verbs = [verb, *(c for c in verb.children if c.dep == "conj" and c.is_verb())]
    return any(c.dep == "dobj" for v in verbs for c in v.children)


# Verbs that need an object in the active voice: "192 servicemen killed", a headline or a casualty
# line, can only be the passive with its auxiliary left out.
OBLIGATORILY_TRANSITIVE = frozenset({"kill", "wound", "injure", "capture", "detain", "arrest", "abduct", "seize"})


def _reduced_passive(verb: Token) -> bool:
    """'168 government forces killed': a clause of its own whose transitive verb has a subject, no
    auxiliary, and no object, complement or coordinated verb to share one with."""
    return (verb.lemma.lower() in OBLIGATORILY_TRANSITIVE and verb.tag in ("VBD", "VBN") and verb.head_i == verb.i
            and any(c.dep == "nsubj" for c in verb.children)
            and not any(c.dep in ("aux", "dobj", "xcomp", "attr", "oprd", "dative", "conj", "agent", "prt")
                        or (c.dep == "ccomp" and _has_subject(c)) for c in verb.children))


def _has_subject(verb: Token) -> bool:
    """A clause of its own; not 'The officer killed [was identified as X]', the sentence's real main
    verb the parser hung on a participle as its complement."""
    return any(c.dep.startswith(("nsubj", "csubj", "expl")) for c in verb.children) or any(
        c.dep == "mark" for c in verb.children)


# Campaigns and assaults told with what they set out to take: "an offensive to recapture X".
AIMED_AT_GROUND = frozenset({"MilitaryOffensive", "Attack"})


def _ground_aimed_at(reader: RoleReader, noun: Token, anchor: Token) -> list[str]:
    """'launched an offensive to recapture Orsk province', 'began an assault to capture the dam and the
    airbase': the places an infinitive of capture says the act was launched to take (the parser hangs
    it on the noun or on the verb that launches it); where the act was fought, though not yet taken."""
    found: list[str] = []
    for holder in dict.fromkeys([noun, anchor]):
        for purpose in holder.children:
            if purpose.dep not in ("acl", "relcl", "advcl", "xcomp") or not purpose.is_verb() \
                    or not any(c.dep == "aux" and c.lower_text() == "to" for c in purpose.children) \
                    or not any(t.kind == "Capture" for t in _triggers_of(purpose)):
                continue
            for obj in _arguments(purpose)[1]:
                for part in [obj, *(c for c in obj.children if c.dep in ("conj", "appos"))]:
                    found += [e for e in _object_entities(reader, part) if reader.is_place(e) and not reader.is_actor(e)]
    return list(dict.fromkeys(found))


def _arguments(verb: Token) -> tuple[Token | None, list[Token]]:
    """The verb's subject (inherited across coordination, control and relative clauses) and objects."""
    subject = next((c for c in verb.children if c.dep in ("nsubj", "nsubjpass", "csubj")), None)
    objects = [c for c in verb.children if c.dep in ("dobj", "attr", "oprd")]
    if _verb_read_as_adjective(verb):
        objects = [verb.head]  # "[The VLF captured] Orsk village": the noun it hangs on is its object
    if subject is not None and subject.i < verb.i and not objects:
        # "Council forces recaptured Brenhollow from the Front": a second subject after the verb is its object,
        # misread (an active verb has one subject, before it)
        objects = [c for c in verb.children if c.dep == "nsubj" and c.i > verb.i]
    if not objects and verb.pos == "VERB":
        # "began to shell Sievierodonetsk", "to completely capture Sirte": a proper name right after an active
        # verb is its object, which the parser misread as an adverb (a name is no adverb; a weekday is a
        # time: "killed Tuesday")
        objects = [c for c in verb.children if c.dep in ("advmod", "npadvmod") and c.tag in ("NNP", "NNPS")
                   and c.i == verb.i + 1 and c.lower_text() not in WEEKDAYS and c.text not in MONTHS
                   and not any(a.dep in ("auxpass", "nsubjpass") for a in verb.children)]
    # "secured 90% of X": the parser hangs a share as an adverbial noun; it is what was taken
    objects += [c for c in verb.children if c.dep == "npadvmod" and c.lemma.lower() in ("%", "percent")
                and any(g.dep == "prep" and g.lemma == "of" for g in c.children)]
    conjuncts = [c.i for c in verb.children if c.dep == "conj"]
    if not objects and subject is not None and subject.dep == "nsubj":
        # "attacked and entered Orsk", "besieged and captured half of Orsk": two verbs side by side share the
        # object the second one takes
        next_verb = next((c for c in verb.children if c.dep == "conj" and c.i == verb.i + 2 and c.is_verb()), None)
        if next_verb is not None and any(c.dep == "cc" and c.i == verb.i + 1 for c in verb.children):
            objects = [c for c in next_verb.children if c.dep == "dobj"]
    if len(objects) > 1 and conjuncts:
        # "captured the hospital and advanced towards the stadium, the jihadists' last foothold": a
        # verb has one object; a second one past its own conjunct is an apposition hung on the wrong verb
        objects = [o for o in objects if not any(objects[0].i < j < o.i for j in conjuncts)]
    if subject is not None and subject.lemma.lower() in ("which", "who", "that"):
        subject = verb.head if verb.dep == "relcl" else None
    said = said_alongside(verb) if subject is None else None
    if said is not None:  # "he stated that X was inflicting ..., and was proceeding to kill": X
        subject, _ = _arguments(said)
    if subject is None and verb.dep == "xcomp" and verb.head_i != verb.i and verb.head.lemma.lower() in OBJECT_CONTROL:
        # "forced Russian forces to withdraw", "caused the militants to retreat": the one made to do it does it
        subject = next((c for c in verb.head.children if c.dep == "dobj"), None)
    if subject is None and without_conjunction(verb) and verb.head.is_verb() \
            and verb.head.lemma.lower() in REPORTING | ALLEGING:
        # "X reported 19 civilians, some of whom ..., had been killed": the parser made the subject the
        # report's object and the rest a conjunct of the report, with no "and"
        subject = next((c for c in verb.head.children if c.dep == "dobj" and c.i < verb.i), None)
    if subject is None and verb.dep in ("conj", "xcomp") and verb.head_i != verb.i and verb.head.is_verb() \
            and not without_conjunction(verb) and said is None:
        subject, _ = _arguments(verb.head)
        if verb.dep == "xcomp" and verb.head.lemma in IRREALIS_GOVERNORS:
            subject = None
    if subject is None and (purposed := purpose_of(verb)) is not None:
        # "X launched the offensive to retake Y, cutting ...": who acts to a purpose is the one who does
        # what it is for (the purpose is not told as done; what hangs on it may be)
        subject, _ = _arguments(purposed)
    if subject is None and verb.dep in ("acl", "relcl") and verb.tag == "VBN":
        subject = verb.head  # "the civilians killed in the attack": the noun it modifies
        if subject.dep == "pobj" and subject.head.lemma.lower() == "among" and subject.head.head.is_verb():
            # "Among those killed was X", "Among the first features seized ..., the police station is
            # considered ...": who or what is said to be among them
            subject = next((c for c in subject.head.head.children if c.dep in ("nsubj", "nsubjpass", "attr")),
                           subject)
    if subject is None and verb.dep == "acl" and verb.tag == "VBG":
        subject = verb.head  # "caused by Valdoria blockading Ostria": the noun does it
    if subject is None and verb.tag == "VBG" and verb.head_i != verb.i:
        subject = _brought_about_by(verb)  # "resulted in the VLF capturing X": the VLF captured
    if subject is None and verb.tag in ("VBG", "VBN") and verb.dep in ("advcl", "pcomp"):
        # "..., killing one civilian", "by blocking the corridor": the subject of the clause above;
        # "X accused Y of shelling Z": the accused is who shelled
        above = verb.head.head if verb.dep == "pcomp" else verb.head
        if verb.dep == "pcomp" and not above.is_verb() and above.dep == "pobj":
            node = above  # "voted in favor of ratifying": up through the prepositional phrases to the verb
            while node.dep in ("pobj", "prep") and node.head_i != node.i:
                node = node.head
            above = node if node.is_verb() else above
        if (aspect := aspect_of_process(verb)) is not None:
            above = aspect  # "the SDF began the process of capturing X": the SDF captured
        if verb.dep == "pcomp" and above.dep == "dobj" and above.head.lemma.lower() in ACCUSING:
            subject = above  # the parser hung "of shelling" on the accused: "accused [X of shelling]"
        elif above.is_verb() and above.i != verb.i:
            subject, above_objects = _arguments(above)
            if above.lemma.lower() in ACCUSING and above_objects:
                subject = above_objects[0]
            elif subject is not None:
                subject = _body_a_spokesperson_speaks_for(subject)
    if verb.dep == "relcl" and verb.head_i != verb.i and verb.head.pos in ("NOUN", "PROPN") \
            and not any(c.dep == "advmod" and c.lower_text() in ("where", "when", "why", "how") for c in verb.children):
        # "the sugar plant that the SDF had captured", "the village X captured": the noun the clause
        # describes is its object (the parser leaves "that" a marker, or the object unsaid)
        relative = [o for o in objects if o.lower_text() in ("which", "that", "whom")]
        if relative:
            objects = [verb.head if o in relative else o for o in objects]
        elif not objects and subject is not None and subject.i != verb.head.i and not _is_passive(verb) \
                and not any(c.dep == "prep" for c in verb.children if c.i < verb.i):
            objects = [verb.head]
    return subject, objects


# Who speaks for a body does not act for it: "X spokesman Y stated after capturing Z" (X captured it).
SPOKESPERSONS = frozenset({"spokesperson", "spokesman", "spokeswoman"})


def _body_a_spokesperson_speaks_for(subject: Token) -> Token | None:
    """The subject, unless it is a spokesperson: then the body named before the title ("Council
    spokesman Mirek Dovan"), else no one."""
    title = next((t for t in subject.subtree() if t.lemma.lower() in SPOKESPERSONS and t.i <= subject.i), None)
    if title is None:
        return subject
    return next((c for c in title.children if c.dep in ("compound", "amod", "poss") and c.pos == "PROPN"), None)


# Verbs of consequence: "resulted in / led to X doing Y" says X did Y.
CONSEQUENCE = frozenset({"result", "lead"})
# Two-word prepositions of cause: "due to X doing Y" says X did Y.
CAUSAL_PREPOSITIONS = {"due": "to", "because": "of", "owing": "to", "thanks": "to"}
NOUN_PHRASE_TAGS = frozenset({"DT", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "PRP$", "CD", "HYPH"})


def _brought_about_by(gerund: Token) -> Token | None:
    """'The campaign resulted in the VLF capturing X': the parser hangs the gerund on the verb of
    consequence and leaves its subject the object of "in / to", right before it."""
    verb = gerund.head
    caused_by = _after_a_causal_preposition(gerund)
    if caused_by is not None:
        return caused_by
    if verb.lemma.lower() not in CONSEQUENCE or not verb.is_verb():
        return None
    for prep in verb.children:
        if prep.dep == "prep" and prep.lemma.lower() in ("in", "to"):
            for noun in prep.children:
                if noun.dep == "pobj" and max(t.i for t in noun.subtree()) == gerund.i - 1:
                    return noun
    return None


def _after_a_causal_preposition(gerund: Token) -> Token | None:
    """'were allowed to leave due to X opening corridors': a cause told with a gerund, whose subject is the
    noun phrase between "due to / because of / owing to / thanks to" and it (read off the words: the
    parser hangs the pieces in many ways)."""
    if gerund.tag != "VBG":
        return None
    tokens = gerund.sentence.tokens
    for start in range(max(2, gerund.i - 6), gerund.i):
        cause, prep = tokens[start - 2], tokens[start - 1]
        span = tokens[start:gerund.i]
        if CAUSAL_PREPOSITIONS.get(cause.lower_text()) == prep.lower_text() \
                and all(t.tag in NOUN_PHRASE_TAGS for t in span):
            heads = [t for t in span if not start <= t.head_i < gerund.i]
            return heads[-1] if heads else None
    return None


# What is sent to arm a side: with it, "sent supplies" is a military resupply, not humanitarian aid.
MILITARY_SUPPLIES = frozenset({"weapon", "weaponry", "ammunition", "reinforcement", "arm"})
# Verbs whose object does what their infinitive says: "forced X to withdraw" (X withdrew).
OBJECT_CONTROL = frozenset({"force", "compel", "oblige", "cause", "order", "allow", "help", "persuade", "lead"})
# Objects whose "of / over" phrase is what was taken: "took control of X", "retook much of X".
WHOLE_OF = frozenset({"control", "territory", "part", "most", "rest", "area", "much", "all", "half", "remainder",
                      "portion"})


def _object_entities(reader: RoleReader, obj: Token) -> list[str]:
    found = reader.entities(obj)
    if obj.lemma.lower() in WHOLE_OF:
        for child in obj.children:
            if child.dep == "prep" and child.lemma in ("of", "over"):
                for pobj in child.children:
                    if pobj.dep == "pobj":
                        found += reader.entities(pobj)
    return found


SETTLEMENT_NOUNS = frozenset({"settlement", "village", "town", "city", "locality"})


def _included_settlements(reader: RoleReader, anchor: Token) -> list[str]:
    """'captured two villages, including A and B', 'regained control of X along with other settlements
    along the road, including A and B': the places an "including" list in the event's clause names,
    when the clause speaks of settlements in the plural (the parser may hang the list anywhere in it)."""
    clause = list(anchor.subtree())
    if not any(t.lemma.lower() in SETTLEMENT_NOUNS and t.tag == "NNS" for t in clause):
        return []
    found: list[str] = []
    for t in clause:
        if t.dep == "prep" and t.lower_text() == "including":
            for pobj in t.children:
                if pobj.dep == "pobj":
                    found += [e for e in reader.entities(pobj) if reader.is_place(e) and not reader.is_actor(e)]
    return list(dict.fromkeys(found))


def _included_in_what_was_taken(reader: RoleReader, verb: Token) -> list[str]:
    """'captured several other sites, including X, Y and Z', 'secured the Orsk district, including the
    Lorsk neighbourhood', 'captured X, as well as Y': the places the object's own "including" list,
    or a noun the verb takes after "as well as", "and" or "or", names (the parser hangs that noun on the verb)."""
    found: list[str] = []
    for obj in _arguments(verb)[1]:
        for prep in obj.children:
            if prep.dep == "prep" and prep.lower_text() == "including":
                for item in prep.children:
                    if item.dep == "pobj":
                        for part in [item, *(c for c in item.subtree() if c.dep in ("conj", "appos"))]:
                            found += [e for e in reader.entities(part) if reader.is_place(e) and not reader.is_actor(e)]
    for other in verb.children:
        # "captured A, as well as B", "captured A, and B", "captured A, or part of it, as well as B": the
        # parser hangs B on the verb ("but" sets B against A: not taken)
        if other.dep == "conj" and other.pos in ("NOUN", "PROPN") and any(
                c.dep == "cc" and c.lower_text() != "but" and c.i < other.i for c in verb.children):
            found += [e for e in _object_entities(reader, other) if reader.is_place(e) and not reader.is_actor(e)]
    return list(dict.fromkeys(found))


def _colon_list(reader: RoleReader, obj: Token) -> list[str]:
    """'liberated two more settlements by 24 September: A and B': the list after the colon names them
    (the first name after the colon and its conjuncts, not a place named in a clause about them)."""
    if obj.lemma.lower() not in SETTLEMENT_NOUNS or obj.tag != "NNS":
        return []
    tokens = reader.parse.tokens
    colon = next((t for t in tokens if t.i > obj.i and t.text == ":"), None)
    if colon is None or any(t.text in (";", ",") for t in tokens if obj.i < t.i < colon.i):
        return []
    first = next((t for t in tokens if t.i > colon.i and t.i in reader.mention_at), None)
    if first is None:
        return []
    found, queue = [], [first]
    while queue:
        token = queue.pop(0)
        entity_id = reader.mention_at.get(token.i)
        if entity_id and reader.is_place(entity_id) and entity_id not in found:
            found.append(entity_id)
        queue += [c for c in token.children if c.dep == "conj"]
    return found


# Participles of movement used as adjectives, which the parser reads as a clause taking their noun as its
# object: "surrendered to [advancing] Ukrainian forces", "applied by [advancing] Russian troops".
MOVING_PARTICIPLES = frozenset({"advance", "retreat"})


def _moved_noun(clause: Token) -> Token | None:
    """'advancing Ukrainian forces' read as a clause: the noun its participle of movement describes."""
    if clause.dep != "pcomp" or clause.tag != "VBG" or clause.lemma.lower() not in MOVING_PARTICIPLES \
            or any(x.dep.startswith("nsubj") for x in clause.children):
        return None
    return next((c for c in clause.children if c.dep == "dobj"), None)


def _phrase_object(preposition: Token) -> Token | None:
    """The object of a prepositional phrase: its pobj, or the noun of a participle of movement the parser
    read as a clause ("to advancing Ukrainian forces": "forces")."""
    pobj = next((c for c in preposition.children if c.dep == "pobj"), None)
    return pobj if pobj is not None else next(
        (noun for c in preposition.children if (noun := _moved_noun(c)) is not None), None)


def _by_phrase(token: Token) -> Token | None:
    for child in token.children:
        if child.dep == "agent" or (child.dep == "prep" and child.lemma == "by"):
            return _phrase_object(child)
    if token.pos in ("NOUN", "PROPN") or token.tag == "VBG":
        # "the shelling of X by Y": the parser often hangs "by Y" on X
        for of in (c for c in token.children if c.dep == "prep" and c.lemma == "of"):
            for pobj in (c for c in of.children if c.dep == "pobj"):
                found = _by_phrase_of_noun(pobj)
                if found is not None:
                    return found
    return None


def _by_phrase_of_noun(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep == "prep" and child.lemma == "by":
            return _phrase_object(child)
    return None


def _prepositional(reader: RoleReader, token: Token, prepositions, skip=None) -> list[str]:
    """The entities of the token's phrases with these prepositions (not of a phrase ``skip`` is true of)."""
    found = []
    # "pulled back from X": the parser may hang the phrase on the adverb (not "not far away from X": near it)
    adverbs = [c for c in token.children if c.dep == "advmod" and c.lower_text() in ("back", "out")]
    for child in [*token.children, *(g for a in adverbs for g in a.children)]:
        if child.dep == "prep" and child.lemma.lower() in prepositions:
            for pobj in child.children:
                if skip is not None and skip(pobj):
                    continue
                if pobj.dep == "pobj":
                    found += reader.entities(pobj)
                elif (moving := _moved_noun(pobj)) is not None:
                    found += reader.entities(moving)  # "surrendered to advancing Ukrainian forces"
                elif pobj.dep == "prep":  # "out of X", "away from X"
                    found += [e for p in pobj.children if p.dep == "pobj" for e in reader.entities(p)]
                elif pobj.dep == "conj" and pobj.pos == "ADP" and not any(c.dep == "pobj" for c in child.children):
                    # "killed in and around X": the parser gives X to the second preposition only
                    found += [e for p in pobj.children if p.dep == "pobj" and not (skip is not None and skip(p))
                              for e in reader.entities(p)]
    return found


def _mediators(reader: RoleReader, token: Token) -> list[str]:
    """'brokered by X', 'with the mediation of X', 'under the auspices of X', 'at the mediation of X';
    'met for talks mediated by X': the meeting was the talks'."""
    found = []
    for child in token.children:
        if child.dep in ("acl", "relcl", "advcl") and child.lemma in MEDIATING:  # "held in X, mediated by Y"
            found += reader.entities(_by_phrase(child))
        if child.dep == "prep" and child.lemma == "for" and token.lemma in GATHERING_VERBS:
            found += [m for talks in child.children if talks.dep == "pobj" and _triggers_of(talks)
                      for m in _mediators(reader, talks)]
        if child.dep == "prep" and child.lemma in ("with", "through", "under", "at"):
            for pobj in child.children:
                if pobj.dep == "pobj" and pobj.lemma in ("mediation", "auspices", "help", "assistance"):
                    found += _prepositional(reader, pobj, {"of"})
                    found += reader.state_of_modifier(pobj)
    return found


def _most_specific(places: list[str], registry) -> list[str]:
    """'Yatskivka in Donetsk Oblast' happened in Yatskivka: a place containing another is its address."""
    containing = set()
    for place in places:
        seen, stack = set(), list(registry[place].located_in)
        while stack:
            parent = stack.pop()
            if parent in seen:
                continue
            seen.add(parent)
            containing.add(parent)
            try:
                stack.extend(registry[parent].located_in)
            except KeyError:
                pass
    return [p for p in places if p not in containing]


QUOTE_MARKS = "\"“”'‘’"


def _scare_quoted(text: str, token: Token) -> bool:
    """The trigger word alone between quotation marks: 'were "evacuated"'."""
    return 0 < token.start and token.end < len(text) and text[token.start - 1] in QUOTE_MARKS \
        and text[token.end] in QUOTE_MARKS


def _inside_quotation(text: str, position: int) -> bool:
    """Inside a quotation of some length; a word in scare quotes ('were "evacuated"') is the article's."""
    before = text[:position]
    opened = max(before.rfind("“"), before.rfind('"'))
    if not (before.count("“") > before.count("”") or before.count('"') % 2 == 1) or opened < 0:
        return False
    rest = text[opened + 1:]
    closing = min((i for i in (rest.find("”"), rest.find('"')) if i >= 0), default=len(rest))
    return len(rest[:closing].split()) > 3


def _quoted_name(text: str, token: Token) -> bool:
    """A capitalised word opening a short quotation mid-sentence is a name or a term quoted (a law's
    article, an operation's code name), which tells of no event of its own kind."""
    if token.start == 0 or text[token.start - 1] not in "\"“" or not token.text[:1].isupper():
        return False
    if not text[:token.start - 1].strip():
        return False  # the sentence's first word: capitalised anyway
    rest = text[token.start:]
    closing = min((i for i in (rest.find("”"), rest.find('"')) if i >= 0), default=-1)
    return 0 < closing and len(rest[:closing].split()) <= 4


FIRST_PERSON = frozenset({"we", "us", "our", "ours", "ourselves"})


def _in_first_person(context: SentenceContext) -> bool:
    """'We condemn the attack': an encyclopedia does not say "we"; a sentence that does, outside
    quotation marks, is a quotation set apart (a block quote), someone's words."""
    return any(t.tag in ("PRP", "PRP$") and t.lower_text() in FIRST_PERSON
               and not _inside_quotation(context.text, t.start) for t in context.parse.tokens)


def _refers_back(anchor: Token) -> bool:
    """'since the exodus began', 'after the offensive started': a reference to an event told elsewhere."""
    return anchor.is_verb() and any(c.dep == "mark" and c.lemma.lower() in ("since", "after", "before", "until", "once")
                                    for c in anchor.children)


def _other_actors(event: Event, other: Event) -> bool:
    """'they had evacuated 700 people, while Orlandian peacekeepers evacuated 500 others': two
    agents, neither among the other's participants: two events of one kind in one sentence."""
    if (event.agents and not other.agents and other.agent_descriptions and not event.agent_descriptions) or (
            other.agents and not event.agents and event.agent_descriptions and not other.agent_descriptions):
        # "Government forces secured the bridge, which the militants had occupied": a doer only described
        # beside a named one is another side
        return True
    return bool(event.agents and other.agents) and not (
        set(other.agents) & set(event.agents + event.targets + event.mediators)
        or set(event.agents) & set(other.agents + other.targets + other.mediators))


def _set_against(context: SentenceContext, event: Event, token: Token) -> bool:
    """'Three Council fighters were killed, while two Front commanders were confirmed to have been
    killed': a "while / whereas" clause tells another act of the kind than the clause it is set against."""
    earlier = context.parse.head_of(*event.trigger)
    return earlier is not None and _contrast_clause(earlier) is not _contrast_clause(token)


def _contrast_clause(token: Token) -> Token | None:
    """The nearest "while / whereas" clause the token is in, or clause after "but" with a subject of its
    own ("Four were killed in airstrikes, but two attacked the gate, killing 17 soldiers"), if any."""
    for node in [token, *token.ancestors()]:
        if contrast_subject(node) is not None:  # with a subject of its own: not "while visiting X"
            return node
        if node.dep == "conj" and any(c.dep.startswith("nsubj") for c in node.children) and any(
                c.dep == "cc" and c.lower_text() == "but" and node.head.i < c.i < node.i for c in node.head.children):
            return node
    return None


def _told_again(event: Event, other: Event) -> bool:
    """'While visiting X, the team claimed to have found no damage in the areas it visited': a later
    mention in someone's words that names no place or target of its own is the event the sentence
    already told, not a second one (the article's voice stands, its doer joins)."""
    return event.status == "asserted" and set(other.places) <= set(event.places) \
        and set(other.targets) <= set(event.targets) and not other.target_descriptions


# What a denial points back to: "denied this statement", "dismissed the claim", "which Y denied".
DENIED_THINGS = frozenset({"this", "which", "statement", "claim", "report"})


def _report_denied(speech: Token | None, parse) -> bool:
    """'Orlandia reported that Tarsian forces had withdrawn ...; Upper Tarsia, however, denied this statement':
    another verb of the sentence denies the report that carries the event."""
    if speech is None:
        return False
    return any(t.is_verb() and t.i != speech.i and t.lemma.lower() in DENYING
               and not any(c.dep == "neg" for c in t.children)
               and any(c.dep == "dobj" and c.lemma.lower() in DENIED_THINGS for c in t.children)
               for t in parse.tokens)


def _report_contested(speech: Token | None, anchor: Token) -> bool:
    """'X reported that the city had been fully liberated, though Y reported that half of it had been
    recaptured': another report conceded against it leaves the first disputed."""
    if speech is None:
        return False
    for clause in speech.subtree():
        if clause.dep == "advcl" and clause.is_verb() and clause.lemma.lower() in REPORTING | ALLEGING \
                and any(c.dep == "mark" and c.lower_text() in CONCESSIVE for c in clause.children) \
                and any(c.dep.startswith("nsubj") for c in clause.children) \
                and anchor.i not in {t.i for t in clause.subtree()}:
            return True
    return False


def _same_voice(event: Event, other: Event) -> bool:
    """Told by the same voice: the article's, or one speaker's one act of saying."""
    return event.status == other.status and set(event.sources) == set(other.sources) and (
        event.said_at == other.said_at or event.said_at is None or other.said_at is None)


def _absorb(event: Event, other: Event, registry) -> None:
    for name in ("agents", "targets", "places", "destinations", "mediators", "sources", "target_descriptions",
                 "agent_descriptions"):
        values = getattr(event, name)
        values.extend(v for v in getattr(other, name) if v not in values)
    # "secured the edge of X, capturing the Y neighbourhood" (Y in X): the event was at Y
    event.places = _most_specific(event.places, registry)
    if event.date is None:
        event.date = other.date
    if event.status != "asserted" and other.status == "asserted":
        event.status, event.sources, event.reported_in = "asserted", [], None


def _statement_of(speech: Token | None, statements: list[Statement]) -> Statement | None:
    if speech is None:
        return None
    for statement in statements:
        if statement.verb[0] <= speech.start < statement.verb[1]:
            return statement
    return None


def _denied_spans(statements: list[Statement]) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for statement in statements:
        if statement.kind == "Denial":
            spans.setdefault(statement.sentence.index, []).append(
                (statement.verb[1], len(statement.sentence.clean)))
    return spans


def trigger_matches(parses) -> dict[Trigger, int]:
    """How often each lexicon entry finds its construction (a frame) in one parsed document."""
    counts: dict[Trigger, int] = {}
    for sentence in parses:
        for token in sentence.tokens:
            for trigger in _triggers_of(token):
                if _frame(token, trigger) is not None:
                    counts[trigger] = counts.get(trigger, 0) + 1
    return counts
