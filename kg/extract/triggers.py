"""Words that name events, by lemma and part of speech: general English, one entry per word sense.

A verb trigger reports an event when its clause is realis (not negated, modal, planned or
hypothetical). A noun trigger reports one only in a frame that says the event happened: as the
subject of an occurrence verb ("the offensive began"), the object of a light verb ("launched an
offensive", "signed a ceasefire"). The cause of a casualty ("killed in the shelling") is context, not
a report of its own (the annotators of all four articles agree).
Every entry says why it is general. A single word in its dictionary sense is plain English; an entry
that is a construction (an object it needs, a subject it reverses, verbs of its own) must find its
construction in at least two articles of the development set, or be listed with its reason as a
fixed phrase of English: tests/test_triggers.py counts each entry's matches per article.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflict_kg.parse import HYPHEN_PREFIXES


@dataclass(frozen=True)
class Trigger:
    kind: str
    lemma: str
    pos: str  # "VERB" or "NOUN"
    reason: str
    # The verb's object (or the noun of its "of" phrase) must be one of these lemmas: "take control".
    objects: tuple[str, ...] = ()
    # Whose the subject is: "actor" (the default), "loser" ("lost control of X": the subject is the
    # target) or "undergoer" ("X came under Y's control": the subject is the place taken).
    subject: str = "actor"
    # Verbs that say a noun's event happened, when not the general ones below.
    verbs: tuple[str, ...] = ()
    # Only a finite verb in the active voice reports the event; its passive and participles tell a state.
    active: bool = False
    # Only an armed doer makes it this event: forces arriving were deployed, people arriving were not.
    armed_doer: bool = False


VERB_POS = "VERB"
CONTROL = ("control",)
# Humanitarian goods; weapons and ammunition sent to a side are military supply, not aid.
AID = ("aid", "assistance", "food", "supply", "medicine", "fuel", "convoy", "humanitarian")
ROUTES = ("road", "route", "corridor", "access", "highway", "passage", "entrance", "crossing", "port")
ACCORDS = ("agreement", "deal", "accord", "treaty", "memorandum", "protocol")
TRUCES = ("ceasefire", "truce", "armistice", "cessation")
FORCES_SENT = ("reinforcement", "troop", "force", "unit", "soldier", "commando", "fighter")

TRIGGERS: tuple[Trigger, ...] = (
    # -- fighting
    Trigger("Capture", "capture", "VERB", "to take a place by force"),
    Trigger("Capture", "seize", "VERB", "to take a place or its control by force"),
    Trigger("Capture", "recapture", "VERB", "to take a place back by force"),
    Trigger("Capture", "retake", "VERB", "to take a place back by force"),
    Trigger("Capture", "liberate", "VERB", "a side's own word for taking a place back"),
    Trigger("Capture", "occupy", "VERB", "'militants occupied the city hall'; 'was occupied by X', 'occupying X' "
            "say who held it, not who took it", active=True),
    Trigger("Capture", "take", "VERB", "'took control of', 'took the village of X', 'X was taken by Y', 'X was "
            "taken back': the plain phrase for a capture, with control or ground as what was taken (events."
            "_takes_ground)"),
    Trigger("Capture", "regain", "VERB", "'regained control of'", CONTROL),
    Trigger("Capture", "secure", "VERB", "'secured the bridge / the district / 90% of X': to take and hold "
            "ground (only with ground as its object: not 'secured a deal')"),
    Trigger("Capture", "lose", "VERB", "'lost control of X': the other side took it", CONTROL + ("territory",),
            subject="loser"),
    Trigger("Capture", "come", "VERB", "'X came under Y's control'", CONTROL, subject="undergoer"),
    Trigger("Capture", "fall", "VERB", "'X fell under Y's control', 'X fell to Y' (a side: events._falls_to_a_side)",
            subject="undergoer"),
    Trigger("Capture", "clear", "VERB", "to drive the enemy out of ground ('cleared the bazaar of gunmen')"),
    Trigger("Capture", "capture", "NOUN", "nominalisation: 'the capture of X'"),
    Trigger("Capture", "seizure", "NOUN", "nominalisation: 'the seizure of X'"),
    Trigger("MilitaryOffensive", "offensive", "NOUN", "a planned large attack; 'launched an offensive'"),
    Trigger("MilitaryOffensive", "counteroffensive", "NOUN", "an offensive against an attacker"),
    Trigger("MilitaryOffensive", "invasion", "NOUN", "'the invasion began'"),
    Trigger("MilitaryOffensive", "invade", "VERB", "to enter a territory with armed force"),
    Trigger("MilitaryOffensive", "operation", "NOUN", "'launched a military operation'"),
    Trigger("Attack", "attack", "VERB", "to use force against"),
    Trigger("Attack", "attack", "NOUN", "nominalisation: 'an attack on X'"),
    Trigger("Attack", "strike", "VERB", "to hit with weapons"),
    Trigger("Attack", "strike", "NOUN", "'a missile/air/drone strike'"),
    Trigger("Attack", "airstrike", "NOUN", "an attack from the air"),
    Trigger("Attack", "ambush", "VERB", "a surprise attack"),
    Trigger("Attack", "raid", "NOUN", "a short attack into enemy ground"),
    Trigger("Attack", "assault", "NOUN", "a violent attack on a position"),
    Trigger("Attack", "assault", "VERB", "to attack a position"),
    Trigger("Attack", "fire", "VERB", "'fired on / at X' (weapons)"),
    Trigger("Attack", "open", "VERB", "'opened fire'", ("fire",)),
    Trigger("Attack", "shoot", "VERB", "'shot at X', 'shot down X'"),
    Trigger("Attack", "hit", "VERB", "'a missile hit X' (with a participant named)"),
    Trigger("Attack", "target", "VERB", "'targeted X' (with a participant named)"),
    Trigger("Attack", "storm", "VERB", "to attack and enter a position"),
    Trigger("Explosion", "blow", VERB_POS, "'blew up X'"),
    Trigger("Attack", "set", VERB_POS, "'set fire to X', 'set X ablaze / on fire': to burn it", ("fire", "ablaze")),
    Trigger("Detention", "take", VERB_POS, "'took X hostage / captive / prisoner'", ("hostage", "captive", "prisoner")),
    Trigger("Attack", "shootout", "NOUN", "an exchange of gunfire"),
    Trigger("Attack", "gunfire", "NOUN", "shots fired"),
    Trigger("Attack", "sabotage", "VERB", "to damage deliberately"),
    Trigger("Attack", "clash", "NOUN", "a fight between armed sides"),
    Trigger("Attack", "clash", "VERB", "to fight briefly"),
    Trigger("Shelling", "shell", "VERB", "to fire artillery at"),
    Trigger("Shelling", "shelling", "NOUN", "artillery fire"),
    Trigger("Shelling", "bombard", "VERB", "to attack with artillery or bombs"),
    Trigger("Shelling", "bombardment", "NOUN", "nominalisation of 'bombard'"),
    # a bomb is dropped from the air or carried by a suicide bomber, not fired by artillery: an attack
    Trigger("Attack", "bomb", "VERB", "to attack with bombs (from the air, or planted / carried)"),
    Trigger("Attack", "bombing", "NOUN", "nominalisation of 'bomb'"),
    Trigger("Killing", "kill", "VERB", "to cause a death"),
    Trigger("Killing", "killing", "NOUN", "nominalisation of 'kill'"),
    Trigger("Killing", "massacre", "VERB", "to kill many"),
    Trigger("Killing", "massacre", "NOUN", "the killing of many"),
    Trigger("Killing", "murder", "VERB", "to kill unlawfully"),
    Trigger("Killing", "execute", "VERB", "to kill a captive"),
    Trigger("Explosion", "explode", "VERB", "to blow up"),
    Trigger("Explosion", "explosion", "NOUN", "a blast"),
    Trigger("Explosion", "blast", "NOUN", "an explosion"),
    Trigger("Explosion", "detonate", "VERB", "to set off an explosive"),
    Trigger("Surrender", "surrender", "VERB", "to give up fighting"),
    Trigger("Surrender", "surrender", "NOUN", "nominalisation of 'surrender'"),
    # -- people
    Trigger("Detention", "detain", "VERB", "to hold a person"),
    Trigger("Detention", "arrest", "VERB", "to take a person into custody"),
    Trigger("Detention", "abduct", "VERB", "to take a person by force"),
    Trigger("Detention", "kidnap", "VERB", "to take a person by force"),
    Trigger("Detention", "detention", "NOUN", "nominalisation of 'detain'"),
    Trigger("Evacuation", "evacuate", "VERB", "to move people out of danger"),
    Trigger("Evacuation", "evacuation", "NOUN", "nominalisation of 'evacuate'"),
    Trigger("Displacement", "flee", "VERB", "to run away from danger"),
    Trigger("Displacement", "displace", "VERB", "to force people from their homes"),
    Trigger("Displacement", "exodus", "NOUN", "the departure of a population"),
    Trigger("Withdrawal", "withdraw", "VERB", "a force pulls out of a place ('troops had withdrawn from X')"),
    Trigger("Withdrawal", "retreat", "VERB", "a force moves back from a position under pressure"),
    Trigger("Withdrawal", "pull", "VERB", "'pulled back / out of X': a force leaves a place"),
    Trigger("Withdrawal", "abandon", "VERB", "'abandoned the city / their base / X': a force leaves ground it held "
            "(only with ground as its object, not 'abandoned the plan'; told of an armed doer, not 'the city was "
            "virtually abandoned')", active=True, armed_doer=True),
    Trigger("Withdrawal", "withdrawal", "NOUN", "'the withdrawal began / was completed'"),
    Trigger("Withdrawal", "retreat", "NOUN", "'the retreat began'"),
    Trigger("PrisonerExchange", "exchange", "NOUN", "'a prisoner exchange'"),
    Trigger("PrisonerExchange", "swap", "NOUN", "'a prisoner swap'"),
    # -- forces and routes
    Trigger("Deployment", "deploy", "VERB", "to send forces into position"),
    Trigger("Deployment", "deployment", "NOUN", "nominalisation of 'deploy'"),
    Trigger("Deployment", "redeploy", "VERB", "to deploy forces elsewhere"),
    Trigger("Deployment", "station", "VERB", "to place forces"),
    Trigger("Deployment", "arrive", "VERB", "forces reaching a place ('reinforcements arrived')", armed_doer=True),
    Trigger("Deployment", "send", "VERB", "'sent reinforcements', 'units were sent as reinforcements': forces sent "
            "somewhere (only with forces as what was sent: not 'sent aid', 'sent a letter')", FORCES_SENT),
    Trigger("Blockade", "blockade", "VERB", "to cut a place off"),
    Trigger("Blockade", "blockade", "NOUN", "a cutting-off of a place"),
    Trigger("Blockade", "besiege", "VERB", "'besieged the city': armed forces cut a place off all round",
            armed_doer=True),
    Trigger("Blockade", "siege", "NOUN", "'began / laid a siege of X', 'the siege began': a place cut off all round"),
    Trigger("Blockade", "encircle", "VERB", "'encircled the city': forces close a ring round a place", armed_doer=True),
    Trigger("Blockade", "surround", "VERB", "'forces surrounded the city' (by an armed doer: not 'a town surrounded by "
            "hills')", armed_doer=True),
    Trigger("Blockade", "block", "VERB", "'blocked the road / access / convoys'", ROUTES + AID + ("delivery",)),
    Trigger("BorderOpening", "open", "VERB", "'opened the border / corridor'", ROUTES + ("border",)),
    Trigger("AidDelivery", "send", "VERB", "'sent aid'", AID),
    Trigger("AidDelivery", "provide", "VERB", "'provided assistance'", AID),
    Trigger("AidDelivery", "aid", "NOUN", "'aid arrived / was delivered'",
            verbs=("arrive", "deliver", "send", "reach", "dispatch", "ship", "distribute", "airlift", "provide")),
    # -- talks and agreements
    Trigger("Ceasefire", "ceasefire", "NOUN", "an agreed stop to fighting"),
    Trigger("Ceasefire", "truce", "NOUN", "an agreed stop to fighting"),
    Trigger("Ceasefire", "armistice", "NOUN", "an agreed stop to fighting"),
    Trigger("Ceasefire", "cessation", "NOUN", "'cessation of hostilities'"),
    Trigger("Ceasefire", "end", "NOUN", "'an end of / to hostilities' agreed"),
    Trigger("Agreement", "agree", "VERB", "'agreed to do X', 'agreed on X'"),
    Trigger("Agreement", "agreement", "NOUN", "'signed / reached an agreement'"),
    Trigger("Agreement", "deal", "NOUN", "'reached a deal'"),
    Trigger("Negotiation", "negotiate", "VERB", "to talk towards an agreement"),
    Trigger("Negotiation", "negotiation", "NOUN", "'negotiations were held'"),
    Trigger("Negotiation", "talk", "NOUN", "'talks took place' (plural 'talks')"),
    Trigger("Meeting", "meet", "VERB", "to come together"),
    Trigger("Meeting", "meeting", "NOUN", "'a meeting was held'"),
    Trigger("Visit", "visit", "VERB", "to go to a place or person"),
    Trigger("Visit", "visit", "NOUN", "'paid a visit'"),
    # -- politics and law
    Trigger("Protest", "protest", "VERB", "to demonstrate against"),
    Trigger("Protest", "protest", "NOUN", "'protests took place'"),
    Trigger("Protest", "demonstration", "NOUN", "a public protest"),
    Trigger("Resignation", "resign", "VERB", "to leave an office"),
    Trigger("Resignation", "resignation", "NOUN", "nominalisation of 'resign'"),
    Trigger("Decree", "decree", "NOUN", "'signed a decree'"),
    Trigger("Ratification", "ratify", "VERB", "to approve a treaty formally"),
    Trigger("ArrestWarrant", "warrant", "NOUN", "'issued an arrest warrant'"),
)


def index() -> dict[tuple[str, str], list[Trigger]]:
    table: dict[tuple[str, str], list[Trigger]] = {}
    for trigger in TRIGGERS:
        table.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
    return table


# Verbs that say a noun's event happened: it is their subject ("the offensive began") ...
OCCURRENCE_VERBS = frozenset({"begin", "start", "occur", "happen", "erupt", "break", "continue", "resume",
                              "end", "commence", "conclude", "take", "last", "intensify", "escalate", "stall",
                              "follow", "come", "go", "hold", "kill", "destroy", "damage", "hit", "injure",
                              "wound", "leave", "target", "strike"})
# ... or it is their object ("launched an offensive", "signed a ceasefire", "held talks").
LIGHT_VERBS = frozenset({"launch", "begin", "start", "initiate", "mount", "conduct", "carry", "stage",
                         "hold", "sign", "reach", "declare", "announce", "broker", "establish", "impose",
                         "undertake", "perform", "organise", "organize", "complete", "resume", "agree",
                         "conclude", "make", "pay", "issue", "continue", "host", "call", "spark", "ignite",
                         "trigger", "prompt", "provoke", "cause", "convene", "run"})
# Nouns that stand for their "of" phrase's event: "a round of talks was held", "the second day of
# negotiations ended".
PART_NOUNS = frozenset({"round", "day", "session", "series", "wave", "week", "stage", "phase", "part"})
# Gatherings whose setting is itself a report that they took place: "At a meeting of X, ...".
GATHERINGS = frozenset({"meeting", "talk", "negotiation", "summit", "conference"})


# Past forms the lemmatizer leaves alone when they carry a prefix ("retook", "overran").
IRREGULAR_PAST = {"took": "take", "taken": "take", "ran": "run", "fell": "fall", "fallen": "fall",
                  "fought": "fight", "struck": "strike", "shot": "shoot", "fled": "flee", "held": "hold",
                  "began": "begin", "begun": "begin", "sent": "send", "lost": "lose", "won": "win",
                  "broke": "break", "broken": "break", "seized": "seize", "captured": "capture"}
PREFIXES = ("re", "over", "out")


def base_lemma(text: str, lemma: str) -> str:
    """'retook' -> 'retake': a prefixed irregular past form the lemmatizer did not undo."""
    lower = text.lower()
    prefix, hyphen, rest = lemma.lower().partition("-")
    if hyphen and prefix in HYPHEN_PREFIXES and rest.isalpha():
        return rest  # "counter-attack", "re-capture": the act the prefix repeats or answers
    if lemma.lower().startswith("counterattack"):
        return "attack"  # "counterattack", written closed: the same act as "counter-attack"
    if lemma.lower() != lower:
        return lemma.lower()
    for prefix in PREFIXES:
        rest = lower[len(prefix):]
        if lower.startswith(prefix) and rest in IRREGULAR_PAST:
            return prefix + IRREGULAR_PAST[rest]
    return lemma.lower()
