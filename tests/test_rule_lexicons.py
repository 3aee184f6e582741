"""The word lists of the role, date and voice rules earn their place: each entry occurs, in the
construction its rule reads, in at least two articles (the project's own and the development set;
not the locked test article), or it is a plain construction of English, said why below. The table
of occurrences per entry and article is printed (pytest -s) so a reviewer sees what each entry does
where, as tests/test_triggers.py does for the event triggers.
"""

import pytest
from project_paths import ARTICLE, DATA

from conflict_kg.corpus import load_corpus
from conflict_kg.document import Document
from conflict_kg.extract.clauses import (
    ASPECTUAL,
    DENYING,
    EVIDENCE_NOUNS,
    FALSE_REPORTS,
    HEDGES,
    HOLDING_BACK,
    NEAR_MISSES,
    PEOPLE_BY_OFFICE,
    SHOWING,
    SPEAKER_AGAIN,
    TIME_CONJUNCTIONS,
    TIME_NOUNS,
    UNTRUE_NOUNS,
    UNVERIFIED,
    WHEN_SPOKEN,
)
from conflict_kg.extract.context import CONCESSIVE, RELATIVE_OPENERS, SIMULTANEOUS
from conflict_kg.extract.events import (
    AIRBORNE,
    ARMED_BODIES,
    ARTILLERY,
    BACKING,
    BEGINNING,
    CAUSAL_PREPOSITIONS,
    CLAUSE_OPENERS,
    CLEARED_FIGURATIVELY,
    CONSEQUENCE,
    DEFENDING,
    DENIED_THINGS,
    EDGES,
    EFFECT_VERBS,
    ENDING,
    ESCAPING,
    EXPLOSIVES,
    FIRING,
    HARMING,
    HOLDING,
    MILITARY_SUPPLIES,
    MOVING_PARTICIPLES,
    NEARBY,
    NOT_BY_GROUND_FORCES,
    NOT_SAME_TIME,
    OBLIGATORILY_TRANSITIVE,
    OWNED_THINGS,
    PARTITIVES,
    REPELLING,
    ROCKETRY,
    SPOKESPERSONS,
    SUPPORTING,
    TAKING,
    TAKING_PART,
    TOLD_LATER,
    WHOLE_OF,
    YEAR_VERBS,
)
from conflict_kg.extract.figures import LEFT_AS
from conflict_kg.extract.lexicon import CIVILIAN_NOUNS, GROUND_NOUNS, GROUPING_NOUNS, PERSON_NOUNS
from conflict_kg.extract.roles import (
    ARMED_GROUP,
    CIVIL_CRAFT,
    COMPASS,
    DISTANCES,
    MEMBER_NOUNS,
    OFFICES,
    PLACE_DESCRIPTIONS,
    REPRESENTING,
    SETTLEMENT_PARTS,
    SIDELESS_FIGHTERS,
)
from conflict_kg.extract.statements import (
    FURTHER_SPEECH,
    MAKING_WORDS,
    NARRATIVE_ON,
    OFFICE_NOUNS,
    OPINION_NOUNS,
    REGARD_NOUNS,
    SEEN_WHERE,
    TELLING,
    TOLD_ABOUT,
    WHERE_SEEN,
)
from conflict_kg.parse import parse_document


def _has_of(token) -> bool:
    return any(c.dep == "prep" and c.lemma == "of" for c in token.children)


# list name -> (its entries, the construction its rule reads a token in)
LISTS = {
    "OBLIGATORILY_TRANSITIVE": (OBLIGATORILY_TRANSITIVE, lambda t: t.pos == "VERB"),
    "HARMING": (HARMING, lambda t: t.is_verb() and any(c.dep == "nsubj" and c.pos == "NOUN" for c in t.children)),
    "TAKING_PART": (TAKING_PART, lambda t: t.dep == "pcomp" and t.head.lemma == "with"),
    "OFFICES": (OFFICES, lambda t: t.pos in ("NOUN", "PROPN") and _has_of(t)),
    "REPRESENTING": (REPRESENTING, lambda t: any(c.dep in ("amod", "compound") for c in t.children)),
    "TIME_NOUNS": (TIME_NOUNS, _has_of),
    "EDGES": (EDGES, lambda t: t.dep == "pobj" and t.head.lemma == "on" and _has_of(t)),
    "WHOLE_OF": (WHOLE_OF, lambda t: t.dep in ("dobj", "pobj") and _has_of(t)),
    "GROUPING_NOUNS": (GROUPING_NOUNS, _has_of),
    "EVIDENCE_NOUNS": (EVIDENCE_NOUNS, lambda t: t.dep == "nsubj" or (t.dep == "pobj" and t.head.head.dep == "nsubj")),
    "NEAR_MISSES": (NEAR_MISSES, lambda t: any(c.dep == "prep" and any(p.dep == "pcomp" for p in c.children)
                                               for c in t.children)),
    "SHOWING": (SHOWING, lambda t: t.is_verb() and any(c.dep in ("ccomp", "dobj") for c in t.children)),
    "BEGINNING": (BEGINNING, lambda t: t.is_verb() and any(c.dep in ("xcomp", "nsubj", "dobj") for c in t.children)),
    "NOT_SAME_TIME": (NOT_SAME_TIME, lambda t: t.dep == "mark"),
    "MILITARY_SUPPLIES": (MILITARY_SUPPLIES, lambda t: t.dep in ("dobj", "conj", "pobj") and t.pos == "NOUN"),
    # a preposition hung on a noun ("the monastery near Sos"), the construction the rule reads
    "NEARBY": (NEARBY, lambda t: t.dep == "prep" and t.head.pos in ("NOUN", "PROPN")),
    # the object of a verb of denial: what it denies ("denied this statement")
    "DENIED_THINGS": (DENIED_THINGS, lambda t: t.dep == "dobj" and t.head.lemma.lower() in DENYING),
    # an adverb on a verb ("later stated"), the subordinator of an adverbial clause, a compass word
    # with an "of" phrase ("44 km northwest of X")
    "TOLD_LATER": (TOLD_LATER, lambda t: t.dep == "advmod" and t.head.is_verb()),
    # an adverb on a clause coordinated after what was said: the narrative moving on (seventeenth session)
    "NARRATIVE_ON": (NARRATIVE_ON, lambda t: t.dep == "advmod" and t.head.is_verb()),
    "CONCESSIVE": (CONCESSIVE, lambda t: t.dep == "mark"),
    # the twenty-first session's entries of an older list: armed bodies a demonym qualifies ("Turkish war planes")
    "ARMED_GROUP": (ARMED_GROUP & {"plane", "warplane"}, lambda t: any(c.dep in ("amod", "compound") for c in t.children)),
    # a thing hit that someone's it is: "their vehicle was attacked", "attacks on the headquarters of X"
    "OWNED_THINGS": (OWNED_THINGS, lambda t: t.pos == "NOUN" and t.dep in ("dobj", "nsubjpass", "pobj") and any(
        c.dep == "poss" or (c.dep == "prep" and c.lemma == "of") for c in t.children)),
    # a relative clause of taking on what it took ("the plant that X had captured"; the twenty-first session)
    "TAKING": (TAKING, lambda t: t.dep == "relcl"),
    # the first word of a two-word preposition of cause, before its second ("due to X doing Y")
    "CAUSAL_PREPOSITIONS": (frozenset(CAUSAL_PREPOSITIONS), lambda t: t.i + 1 < len(t.sentence.tokens) and (
        t.sentence.tokens[t.i + 1].lower_text() == CAUSAL_PREPOSITIONS[t.lower_text()])),
    # a word that makes a plane a civil one ("the passenger plane"; the twenty-first session)
    "CIVIL_CRAFT": (CIVIL_CRAFT, lambda t: t.dep in ("amod", "compound") and t.head.lemma.lower() == "plane"),
    # a participle of backing with its "by" phrase ("Backed by X, Y counterattacked"; the twenty-first session)
    "BACKING": (BACKING, lambda t: t.tag == "VBN" and any(c.dep == "agent" for c in t.children)),
    # a subordinator opening its sentence ("After X fell, Y ..."; the twenty-first session)
    "RELATIVE_OPENERS": (RELATIVE_OPENERS, lambda t: t.dep == "mark" and t.i <= 1),
    # an adverb opening its sentence ("Meanwhile, X captured Y"; the twenty-first session)
    "SIMULTANEOUS": (SIMULTANEOUS, lambda t: t.i == 0),
    # the seventeenth session's entries of two older lists: a definite description that stands for the
    # latest place of its kind ("recaptured the bridge"), and nouns for counted people ("two generals")
    "PLACE_DESCRIPTIONS": (frozenset(PLACE_DESCRIPTIONS) & {"bridge"}, lambda t: any(
        c.dep == "det" and c.lower_text() == "the" for c in t.children)),
    "PERSON_NOUNS": (PERSON_NOUNS & {"general", "commander"}, lambda t: t.tag == "NNS" and any(
        c.dep == "nummod" for c in t.children)),
    # a verb with a "from" phrase of a gerund: "to keep them from launching attacks" (seventeenth session)
    "HOLDING_BACK": (HOLDING_BACK, lambda t: t.is_verb() and any(
        c.dep == "prep" and c.lemma == "from" and any(p.dep == "pcomp" for p in c.children) for c in t.children)),
    "COMPASS": (COMPASS, _has_of),
    # who did something, told as a body of armed people: a subject or a passive's "by" phrase
    "ARMED_BODIES": (ARMED_BODIES, lambda t: t.dep == "nsubj" or (t.dep == "pobj" and t.head.lemma == "by")),
    # a party of a "between" phrase: "clashes between X attackers and Y defenders"
    "DEFENDING": (DEFENDING, lambda t: t.dep in ("pobj", "conj") and any(a.lemma == "between" for a in t.ancestors())),
    # a subordinator, or one the parser hung on a number as it would "about" ("after 2 X were killed")
    "CLAUSE_OPENERS": (CLAUSE_OPENERS, lambda t: t.dep in ("mark", "quantmod")),
    # the thirteenth session's lists (2026-12-05)
    # the ground a force takes: the object of a verb of taking or holding ("secured the bridge")
    "GROUND_NOUNS": (GROUND_NOUNS, lambda t: t.dep in ("dobj", "nsubjpass", "pobj") and t.head.lemma.lower() in (
        "secure", "capture", "seize", "take", "control", "retake", "recapture", "hold", "of")),
    # a share with its "of" phrase ("most of X", "90% of X")
    "PARTITIVES": (PARTITIVES, _has_of),
    # a participle of holding that describes a place ("the territory controlled by X")
    "HOLDING": (HOLDING, lambda t: t.dep == "acl" and t.tag == "VBN"),
    # an adverb on a verb that hedges it ("had likely secured")
    "HEDGES": (HEDGES, lambda t: t.dep == "advmod" and t.head.is_verb()),
    # an aspectual verb with an object ("began the process of ...", "began launching ...")
    "ASPECTUAL": (ASPECTUAL, lambda t: t.is_verb() and any(c.dep in ("dobj", "xcomp") for c in t.children)),
    # a verb a year is the subject of ("2018 saw ...")
    "YEAR_VERBS": (YEAR_VERBS, lambda t: t.is_verb() and any(c.dep == "nsubj" and c.text.isdigit() for c in t.children)),
    # the fourteenth session's lists (2026-12-05)
    # a part of a settlement after a preposition, with a compound naming the settlement ("in the city center")
    "SETTLEMENT_PARTS": (SETTLEMENT_PARTS, lambda t: t.dep == "pobj" and any(
        c.dep == "compound" and c.lemma.lower() in ("city", "town", "village") for c in t.children)),
    # an adjective on a noun of report or claim ("premature reports that ...")
    "EXPLOSIVES": (EXPLOSIVES, lambda t: any(a.lemma.lower() == "clear" for a in list(t.ancestors())[:3])),
    "AIRBORNE": (AIRBORNE, lambda t: t.pos in ("NOUN", "ADJ", "PROPN")),
    "FIRING": (FIRING, lambda t: t.pos == "VERB" and any(c.dep == "dobj" and c.lemma.lower() in ARTILLERY
                                                          for c in t.children)),
    "SUPPORTING": (SUPPORTING, lambda t: t.dep == "pobj" and t.head.lemma == "with"),
    "NOT_BY_GROUND_FORCES": (NOT_BY_GROUND_FORCES, lambda t: t.dep in ("amod", "compound")
                             and t.head.lemma.lower() in ("assault", "attack")),
    "ARTILLERY": (ARTILLERY, lambda t: t.dep in ("nsubj", "dobj", "compound", "amod", "pobj")),
    "ROCKETRY": (ROCKETRY, lambda t: t.dep in ("compound", "amod", "pobj")),
    "UNTRUE_NOUNS": (UNTRUE_NOUNS, lambda t: t.pos == "NOUN" and any(c.dep == "prep" and c.lemma in ("about", "of", "that")
                                                                     for c in t.children)),
    "FALSE_REPORTS": (FALSE_REPORTS, lambda t: t.dep == "amod" and t.head.lemma.lower() in (
        "report", "claim", "rumour", "rumor", "allegation", "statement")),
    "UNVERIFIED": (UNVERIFIED, lambda t: t.dep == "amod" and t.head.lemma.lower() in (
        "report", "claim", "rumour", "rumor", "allegation", "statement")),
    # a verb of consequence with "in / to X" right before a gerund ("resulted in the SDF capturing")
    "CONSEQUENCE": (CONSEQUENCE, lambda t: t.is_verb() and any(
        c.dep == "prep" and c.lemma.lower() in ("in", "to") and any(
            p.dep == "pobj" and any(g.tag == "VBG" and g.head_i == t.i and g.i == max(x.i for x in p.subtree()) + 1
                                    for g in t.children) for p in c.children) for c in t.children)),
    # a noun of an office with a person in apposition ("The Military Intelligence Chief, X, denied")
    "OFFICE_NOUNS": (OFFICE_NOUNS - OFFICES, lambda t: t.pos in ("NOUN", "PROPN") and any(
        c.dep == "appos" for c in t.children)),
    # people counted with a number ("27 Xian civilians")
    "CIVILIAN_NOUNS": (CIVILIAN_NOUNS, lambda t: any(c.dep == "nummod" for c in t.children)),
    # the fifteenth session's lists (2026-12-05)
    # a pronoun subject of a clause ("and he publicly expressed ...")
    "SPEAKER_AGAIN": (SPEAKER_AGAIN, lambda t: t.dep.startswith("nsubj")),
    # a preposition with a clause of its own hung on a verb ("stated after capturing X")
    "WHEN_SPOKEN": (WHEN_SPOKEN, lambda t: t.dep == "prep" and t.head.is_verb() and any(
        c.dep == "pcomp" for c in t.children)),
    # a title in a subject ("GNA spokesman X stated")
    "SPOKESPERSONS": (SPOKESPERSONS, lambda t: t.dep in ("compound", "nsubj", "appos")),
    # fighters counted by a number ("three soldiers were killed")
    "SIDELESS_FIGHTERS": (SIDELESS_FIGHTERS, lambda t: any(c.dep == "nummod" for c in t.children)),
    # the twenty-second session's lists (2026-12-06)
    # a member noun right after a group's name ("ISIL militants")
    "MEMBER_NOUNS": (MEMBER_NOUNS, lambda t: t.i > 0 and t.sentence.tokens[t.i - 1].pos == "PROPN"),
    # a person named by a post with the body it serves ("the head of X", "X's spokesman")
    "PEOPLE_BY_OFFICE": (PEOPLE_BY_OFFICE, lambda t: t.pos == "NOUN" and any(
        c.dep == "poss" or (c.dep == "prep" and c.lemma == "of") for c in t.children)),
    # a verb of ending with a "with" clause ("ended in 1994 with X losing control")
    "ENDING": (ENDING, lambda t: t.is_verb() and any(
        c.dep == "prep" and c.lemma == "with" and any(p.dep == "pcomp" for p in c.children) for c in t.children)),
    # a participle on a noun of speech ("statements made by X")
    # a participle of speech after a comma, hung on what was said ("said that A, referring to B")
    "FURTHER_SPEECH": (FURTHER_SPEECH, lambda t: t.dep == "advcl" and t.tag == "VBG"),
    # a passive verb of noting with a locative after it ("were reported by X in nine neighborhoods")
    "SEEN_WHERE": (SEEN_WHERE, lambda t: t.is_verb() and any(c.dep == "nsubjpass" for c in t.children)
                   and any(c.dep == "prep" and c.i > t.i and c.lemma.lower() in WHERE_SEEN for c in t.children)),
    # what a verb of leaving left the counted people as ("left 30 militants dead")
    "LEFT_AS": (frozenset(LEFT_AS), lambda t: t.dep in ("oprd", "xcomp", "ccomp") and t.head.lemma.lower() == "leave"),
    "MAKING_WORDS": (MAKING_WORDS, lambda t: t.dep == "acl" and t.head.lemma.lower() in (
        "statement", "claim", "remark", "accusation", "denial", "call", "demand", "warning", "proposal")),
    # the sixteenth session's lists (2026-12-06)
    # a verb with a definite noun subject ("the capture of the districts left ...")
    "EFFECT_VERBS": (EFFECT_VERBS, lambda t: t.is_verb() and any(
        c.dep == "nsubj" and c.pos == "NOUN" and any(d.dep == "det" and d.lower_text() == "the" for d in c.children)
        for c in t.children)),
    # a verb of a clause on people, or its infinitive ("militants trying to escape from X")
    "ESCAPING": (ESCAPING, lambda t: t.is_verb() and (t.dep in ("acl", "relcl") or (
        t.dep == "xcomp" and t.head.dep in ("acl", "relcl")))),
    # a verb whose object (or passive subject) is an attack noun ("repelled an attack by X")
    "REPELLING": (REPELLING, lambda t: t.is_verb() and any(
        c.dep in ("dobj", "nsubjpass") and c.lemma.lower() in ("attack", "counter-attack", "assault", "counterattack")
        for c in t.children)),
    # the eighteenth session's lists (2026-12-06)
    # a unit of distance measuring a "from" ("two kilometres from X", "5 km away from X")
    "DISTANCES": (DISTANCES, lambda t: (t.dep == "npadvmod" and t.head.lemma == "from") or any(
        c.dep == "prep" and c.lemma == "from" for c in t.head.children)),
    # the twentieth session's lists (2026-12-06)
    # a conjunction marking a clause of time ("residents left once the city is captured")
    "TIME_CONJUNCTIONS": (TIME_CONJUNCTIONS, lambda t: t.dep in ("mark", "advmod") and t.head.dep == "advcl"),
    # the object of "clear" ("clearing the way for airstrikes")
    "CLEARED_FIGURATIVELY": (CLEARED_FIGURATIVELY, lambda t: t.dep == "dobj" and t.head.lemma.lower() == "clear"),
    # a verb of telling with an object and a phrase after it ("warning X with regard to Y")
    "TELLING": (TELLING, lambda t: t.is_verb() and any(c.dep == "dobj" for c in t.children)
                and any(c.dep == "prep" and c.i > t.i for c in t.children)),
    # the preposition of what was told, after the object of a verb of telling
    "TOLD_ABOUT": (TOLD_ABOUT, lambda t: t.dep == "prep" and t.head.lemma.lower() in TELLING
                   and any(c.dep == "dobj" and c.i < t.i for c in t.head.children)),
    # a participle the parser reads as a clause under a preposition ("surrendered to advancing forces")
    "MOVING_PARTICIPLES": (MOVING_PARTICIPLES, lambda t: t.dep == "pcomp" and t.tag == "VBG"
                           and any(c.dep == "dobj" for c in t.children)),
    # "with regard / respect to" after the object of a verb of telling
    "REGARD_NOUNS": (REGARD_NOUNS, lambda t: t.dep == "pobj" and t.head.lemma == "with"
                     and t.head.head.lemma.lower() in TELLING),
    # the object of a verb, with a "that" clause of its own ("stated his belief that ...")
    "OPINION_NOUNS": (OPINION_NOUNS, lambda t: t.dep == "dobj" and any(
        c.dep in ("acl", "ccomp") and any(m.dep == "mark" and m.lower_text() == "that" for m in c.children)
        for c in t.children)),
}
# Entries kept although fewer than two articles use them, each with why it is plain English.
PLAIN = {
    ("MOVING_PARTICIPLES", "retreat"): "'retreating X', like 'advancing X' (in three articles): a participle of "
                                        "movement describing X, which the parser reads as a clause",
    **{("REGARD_NOUNS", noun): "'with regard / respect to Y': a fixed phrase of English for what is told"
       for noun in ("regard", "respect")},
    **{("TELLING", verb): "a verb of telling someone something: its object is whom, the phrase after it what "
                          "(a plain construction of English)"
       for verb in ("warn", "tell", "inform", "remind", "advise", "caution", "alert")},
    **{("TOLD_ABOUT", word): "a preposition of what one is told: 'warned X <word> Y' (a plain construction of English)"
       for word in ("about", "of", "against", "regarding", "over", "on")},
    **{("OPINION_NOUNS", noun): "a noun of what one holds true or fears: '<verb> his <noun> that X' says X, "
                                "a plain construction of English"
       for noun in ("belief", "view", "opinion", "hope", "fear", "concern", "conviction", "assessment")},
    **{("CLEARED_FIGURATIVELY", noun): "'clear the way / path / air': an idiom of English, no ground taken"
       for noun in ("way", "path", "air")},
    **{("TIME_CONJUNCTIONS", word): "a conjunction of time: its clause in the present under a past one is still "
                                    "to come (the sequence of tenses, a plain construction of English)"
       for word in ("once", "when", "after", "before", "until")},
    **{("SEEN_WHERE", verb): "a verb of noting: where what was noted was is part of what is noted"
       for verb in ("report", "record", "observe", "spot", "see")},
    **{("LEFT_AS", state): "'left N people dead / wounded / injured': what an act left them as is what befell them"
       for state in ("wounded", "injured")},
    **{("FURTHER_SPEECH", verb): "a verb of saying: '..., <verb>ing that B' after what was said is a further act "
                                 "of speech (or the article's gloss), not more of what was said"
       for verb in ("refer", "add", "note", "claim", "state", "say", "stress", "explain")},
    **{("SIMULTANEOUS", opener): "an opener of simultaneity: 'Meanwhile, X' is at the time of the sentence "
                                   "before (a plain construction of English)"
       for opener in ("meanwhile", "at the same time", "simultaneously", "in the meantime")},
    ("ARMED_GROUP", "warplane"): "'warplane' is 'war plane' (with 'plane' in three articles): '<demonym> warplanes' "
                                 "are that state's forces",
    **{("RELATIVE_OPENERS", word): "a subordinator of time like 'after' (in five articles): a sentence it opens "
                                   "is timed by another act"
       for word in ("before", "once")},
    **{("TAKING", verb): "a verb of taking ground like 'capture' and 'recapture' (in nine and three articles): "
                         "'the X that Y had <verb>d' is held by Y"
       for verb in ("retake", "seize")},
    **{("CAUSAL_PREPOSITIONS", word): "a two-word preposition of cause like 'due to' (in every article): "
                                      "'<word> X doing Y' says X did Y"
       for word in ("due", "because", "owing", "thanks")},
    **{("CIVIL_CRAFT", word): "a word that makes a plane a civil one: '<word> plane' is no armed body (an "
                              "exclusion: it can only take a side away)"
       for word in CIVIL_CRAFT},
    ("OWNED_THINGS", "vehicle"): "what a side travels in, as its convoy (in three articles) is: 'their vehicle was "
                                 "attacked' is they were attacked",
    ("TAKING_PART", "participate"): "'with X also participating' adds X to those who took part",
    **{("DISTANCES", unit): "a unit of distance (kilometre and metre in both spellings, 'km'): '<number> <unit> "
                              "from X' places something away from X, a plain construction of English"
       for unit in ("kilometre", "kilometer", "km", "metre", "meter")},
    ("REPRESENTING", "delegation"): "a state's delegation is who negotiates and speaks for that state",
    ("DEFENDING", "defender"): "'clashes between attackers and defenders': the defenders are the side attacked",
    **{("CLAUSE_OPENERS", word): "a subordinator opens a clause, never a noun phrase of who was harmed"
       for word in ("after", "before", "since", "until", "when", "while", "because", "although", "if")},
    # Nouns of time a date may hang from and still date its clause ("on the morning of 3 May"): the list
    # only keeps a date that the rule would otherwise drop, so an entry can never invent one.
    **{("WHOLE_OF", quantity): "'<quantity> of X' taken is X taken, in part: a plain construction of English"
       for quantity in ("much", "half", "remainder")},
    **{("GROUPING_NOUNS", quantity): "a quantifier: '<quantity> of X' counts or groups X, a plain "
                                       "construction of English"
       for quantity in ("few", "three", "four", "five", "several", "mass")},
    **{("EVIDENCE_NOUNS", record): "a recorded image, like 'video': what it shows is shown, not claimed"
       for record in ("footage", "image", "imagery", "photo")},
    **{("NEAR_MISSES", word): "'close to / on the verge of / on the brink of V-ing': came near it, did not do it"
       for word in ("close", "verge", "brink")},
    **{("DENIED_THINGS", noun): "the noun that names a report itself: 'denied this <noun>' denies what it said"
       for noun in ("statement", "report")},
    ("DENIED_THINGS", "which"): "'X claimed ..., which Y denied': the relative pronoun stands for the claim",
    **{("COMPASS", point): "a point of the compass: '<point> of X' places something from X"
       for point in ("northeast", "northwest")},
    **{("GROUND_NOUNS", noun): "a noun of ground a force takes and holds: 'secured the <noun>'"
       for noun in ("airport", "factory", "neighbourhood", "plant", "point", "port", "roundabout", "square",
                    "suburb", "town")},
    **{("PARTITIVES", share): "a share: '<share> of X' taken is X taken in part"
       for share in ("majority", "quarter", "remainder", "third")},
    **{("HEDGES", adverb): "an adverb that hedges the verb it modifies: the article does not vouch for it"
       for adverb in ("apparently", "presumably", "probably", "purportedly", "supposedly")},
    **{("ASPECTUAL", verb): "a verb of a stage of an act: '<verb> the process of V-ing' is that stage of V"
       for verb in ("complete", "conclude", "finish")},
    **{("YEAR_VERBS", verb): "'<year> <verb> X' tells what happened in that year"
       for verb in ("see", "witness")},
    **{("EXPLOSIVES", word): "what is cleared away to make ground safe ('explosives were cleared from X', 'clearing "
       "the city of mines'): demining, not taking ground" for word in EXPLOSIVES},
    **{("FIRING", word): "a verb whose object is what is fired ('fired / launched / used mortars'), not what is hit"
       for word in FIRING},
    **{("SUPPORTING", word): "'with artillery support / cover / backing': the artillery backs an attack it does not make"
       for word in SUPPORTING},
    **{("NOT_BY_GROUND_FORCES", word): "'a <word> assault': made from afar or by a few, no operation to take a city"
       for word in NOT_BY_GROUND_FORCES},
    **{("AIRBORNE", word): "a word of the air: rockets and bombardments from aircraft are no shelling"
       for word in AIRBORNE},
    ("ARTILLERY", "howitzer"): "a gun of the artillery, as plain as 'mortar'",
    **{("UNTRUE_NOUNS", word): "a noun of what is untrue: what '<word> about / of X' tells did not happen"
       for word in UNTRUE_NOUNS},
    **{("FALSE_REPORTS", word): "'<word> reports that X': the document itself says the report was wrong"
       for word in FALSE_REPORTS},
    **{("UNVERIFIED", word): "'<word> reports that X': the document does not vouch for X"
       for word in UNVERIFIED},
    ("BEGINNING", "commence"): "a verb of beginning like 'begin', 'start': 'the bombardment commenced' tells its onset",
    ("ARMED_BODIES", "militia"): "a body of armed people, as a force or an army is: '<adjective> militias attacked'",
    ("CONSEQUENCE", "lead"): "'led to X doing Y', like 'resulted in X doing Y': X did Y",
    **{("OFFICE_NOUNS", noun): "a noun of an office or rank one person holds: '<office>, X, said' is X speaking"
       for noun in ("admiral", "captain", "chief", "colonel", "commissioner", "director", "envoy", "general",
                    "governor", "minister", "officer", "prosecutor", "spokesperson", "spokeswoman")},
    **{("CIVILIAN_NOUNS", noun): "people who are no side's fighters: '<n> Xian <noun>' may count a people"
       for noun in ("inhabitant", "person", "refugee")},
    **{("SETTLEMENT_PARTS", part): "a part of a settlement: 'in the city <part>' is in the city"
       for part in ("centre", "edge", "limit", "outskirts", "suburb")},
    **{("SIDELESS_FIGHTERS", form): "'serviceman' is 'soldier' (the parser lemmatizes its plural either way: "
                                      "together in two articles)"
       for form in ("serviceman", "servicemen")},
    **{("ENDING", verb): "a verb of ending: 'it <verb>ed in D with X V-ing' tells what the end left "
                         "('end' and 'conclude' together in two articles)"
       for verb in ("conclude", "end")},
    ("HOLDING_BACK", "stop"): "'stop X from V-ing' is 'keep X from V-ing' (with 'keep' in two articles): V did not happen",
    ("PERSON_NOUNS", "general"): "'two generals' counts people, as 'two officers' does (one article so far: Kherson)",
    ("REPELLING", "repulse"): "'repulse' is 'repel': 'the attack was repulsed' (with 'repel' in four articles)",
    **{("MAKING_WORDS", verb): "'statements <verb>ed by X': who uttered the words, as 'made by' says"
       for verb in ("issue", "make", "release")},
    **{("TIME_NOUNS", noun): "a noun of time: 'the <noun> of <date>' dates the clause"
       for noun in ("a.m.", "am", "date", "dawn", "hour", "middle", "midnight", "month", "morning", "noon",
                    "p.m.", "period", "pm", "time", "week", "weekend", "year")},
}


@pytest.fixture(scope="module")
def tokens():
    documents = {"article": Document.from_file(ARTICLE)}
    for source in load_corpus(DATA / "dev" / "corpus.yaml").documents:
        documents[source.id] = Document.from_file(source.path)
    return {name: [t for sentence in parse_document(document) for t in sentence.tokens]
            for name, document in documents.items()}


def test_each_entry_occurs_in_two_articles_or_is_plain_english(tokens):
    names = list(tokens)
    print(f"\n{'list':24} {'entry':14} " + " ".join(f"{n[:10]:>10}" for n in names))
    lonely = []
    for list_name, (entries, reads) in LISTS.items():
        for entry in sorted(entries):
            counts = [sum(1 for t in tokens[n] if t.lemma.lower() == entry and reads(t)) for n in names]
            print(f"{list_name:24} {entry:14} " + " ".join(f"{c:>10}" for c in counts))
            if sum(1 for c in counts if c) < 2 and (list_name, entry) not in PLAIN:
                lonely.append(f"{list_name} {entry} ({dict(zip(names, counts, strict=True))})")
    assert not lonely, "entries in fewer than two articles:\n" + "\n".join(lonely)


def test_every_plain_exception_is_still_an_entry():
    for list_name, entry in PLAIN:
        assert entry in LISTS[list_name][0], (list_name, entry)
