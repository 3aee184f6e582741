"""What a clause of the parse says about its event: is it real, who reports it, when it was.

- Realis: a verb negated, under a modal, in a condition, a purpose clause, or the complement of a
  verb of wanting, planning or demanding ("threatened to capture") reports nothing that happened.
- Status: a clause inside what someone said is reported by them ("X said that Y shelled Z"); inside
  an accusation or a claim, or hedged ("allegedly"), it is alleged; inside a denial it is dropped.
- Date: a date belongs to the clause its words hang from; coordinated verbs ("launched ... and
  captured") share their first conjunct's date, a reported clause does not take its report's date.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflict_kg.dates import DateValue
from conflict_kg.extract.lexicon import PERSON_NOUNS, VICTIM_NOUNS
from conflict_kg.parse import ParsedSentence, Token

MODALS = frozenset({"will", "would", "could", "may", "might", "should", "shall", "can", "must", "wo", "ca"})
CONDITIONS = frozenset({"if", "unless", "whether"})
# Verbs whose complement has not happened (yet): "planned to attack", "demanded that they withdraw".
IRREALIS_GOVERNORS = frozenset({
    "threaten", "plan", "intend", "aim", "want", "seek", "attempt", "try", "hope", "vow", "promise",
    "refuse", "fail", "demand", "call", "urge", "ask", "prepare", "expect", "propose", "offer", "need",
    "warn", "prevent", "avoid", "order", "decide", "agree", "consider", "discuss", "pledge", "allow",
    "permit", "request", "wish", "push", "press", "schedule", "deny", "fear", "risk", "suggest", "plot",
    "encourage", "invite", "instruct", "command", "authorize", "authorise", "approve",
})
# Verbs that hold someone back "from" an act, which then did not happen: "to keep them from launching attacks".
HOLDING_BACK = frozenset({"keep", "stop"})
# Words of coming near an act without doing it: "close to capturing", "on the verge of surrender".
NEAR_MISSES = frozenset({"close", "verge", "brink"})
# Verbs whose infinitive complement did happen: "began to flee", "were forced to leave".
IMPLICATIVE = frozenset({"begin", "start", "continue", "manage", "proceed", "resume", "commence", "keep",
                         "force", "compel", "oblige", "go", "happen", "cause"})
# Nouns for people by their post, whose "of" phrase names what they serve, not who speaks ("the head of X").
PEOPLE_BY_OFFICE = frozenset({"head", "chief", "leader", "commander", "spokesman", "mayor", "governor", "minister",
                              "member"})
# Nouns of speech whose clause ("claims that ...", "reports that ...") is what someone said.
SPEECH_NOUNS = {"claim": "alleged", "allegation": "alleged", "accusation": "alleged", "report": "reported",
                "statement": "reported", "announcement": "reported", "assertion": "alleged",
                "rumour": "alleged", "rumor": "alleged", "denial": "denied"}
# Adjectives the document uses to say a report was wrong: what "premature reports that X" told did not
# happen as told (a denial in the document's own voice); "unconfirmed reports that X": not vouched for.
FALSE_REPORTS = frozenset({"false", "premature", "baseless", "unfounded", "erroneous", "untrue", "inaccurate",
                           "incorrect", "mistaken", "fake"})
UNVERIFIED = frozenset({"unconfirmed", "unverified", "uncorroborated"})
# Modifiers that make a noun's event unreal or merely possible: "a planned offensive".
IRREALIS_MODIFIERS = frozenset({"planned", "proposed", "possible", "potential", "future", "expected",
                                "imminent", "threatened", "intended", "prospective"})
REPORTING = frozenset({"say", "report", "state", "tell", "announce", "write", "add", "note", "confirm",
                       "reiterate", "explain", "record", "estimate", "inform", "publish", "document",
                       "acknowledge", "admit", "declare", "indicate", "reveal", "show", "find",
                       "verify", "observe", "remark", "comment", "stress", "emphasise", "emphasize", "describe"})
ALLEGING = frozenset({"claim", "allege", "accuse", "assert", "insist", "blame", "charge", "argue",
                      "contend", "maintain", "speculate", "purport", "suspect", "believe", "cite"})
DENYING = frozenset({"deny", "reject", "refute", "dismiss", "dispute"})
# "likely", "probably": an assessment's hedge ("X had likely secured the highway"), not a fact told
HEDGES = frozenset({"allegedly", "reportedly", "purportedly", "supposedly", "apparently", "presumably", "likely",
                    "probably"})
# How a clause hangs from the verb that reports it.
COMPLEMENT_LINKS = frozenset({"ccomp", "xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "parataxis",
                              "advcl", "acomp", "oprd", "acl"})


# Nouns whose complement has not happened: "with the goal of taking control", "an attempt to capture".
IRREALIS_NOUNS = frozenset({"goal", "aim", "intention", "plan", "attempt", "threat", "bid", "effort",
                            "order", "demand", "call", "proposal", "hope", "purpose", "objective",
                            "possibility", "risk", "fear", "danger", "ultimatum", "request", "plot",
                            "preparation", "readiness", "willingness", "refusal", "failure",
                            "prospect", "deadline"})


# Nouns of what is untrue: what they are about did not happen ("spread disinformation about X capturing
# Y"); any other noun only when the document calls it false ("false information about ...").
# (Not "rumour": a rumour is unconfirmed, and may be confirmed.)
UNTRUE_NOUNS = frozenset({"disinformation", "misinformation", "hoax", "lie", "falsehood"})


def _untrue(noun: Token) -> bool:
    """A noun of untruth ("disinformation", not the verb "lies"), or any noun the document calls false."""
    return noun.pos == "NOUN" and (noun.lemma.lower() in UNTRUE_NOUNS or any(
        c.dep == "amod" and c.lemma.lower() in FALSE_REPORTS for c in noun.children))


def _inside_irrealis(anchor: Token) -> bool:
    """Inside a clause that is itself unreal: a modal, a negation, an irrealis noun above it."""
    token = anchor
    untrue_reach = True
    for ancestor in anchor.ancestors():
        link = token.dep
        if ancestor.lemma.lower() in IRREALIS_NOUNS and link in ("pcomp", "acl", "relcl", "pobj", "prep"):
            return True  # "the goal of taking control of X"
        if link == "relcl":
            untrue_reach = False  # "disinformation about the attack, in which a missile killed 61": it did
        if untrue_reach and link in ("pcomp", "acl", "pobj", "prep") and _untrue(ancestor):
            return True  # "spread false information about the war, such as X capturing Y"
        if ancestor.is_verb() and (ancestor.lemma.lower() in REPORTING or ancestor.lemma.lower() in ALLEGING):
            return False  # what a source says is judged by the status, not by the source's mood
        if ancestor.is_verb() and link in ("relcl", "acl", "advcl", "pcomp", "pobj", "prep", "dobj") and any(
                c.dep == "aux" and c.lemma.lower() in MODALS for c in ancestor.children):
            return True  # "an amnesty would be offered to combatants who agree to disarm"
        token = ancestor
    return False


def _simple_present(verb: Token) -> bool:
    """'agree', 'attacks' with no auxiliary: a state or a habit, not a report of an act (a past form the
    tagger mistook for a present, "retook", keeps its own spelling)."""
    text, lemma = verb.lower_text(), verb.lemma.lower()
    return verb.tag in ("VBP", "VBZ") and text in (lemma, lemma + "s", lemma + "es") and not any(
        c.dep in ("aux", "auxpass") for c in verb.children)


def _had_to(verb: Token) -> bool:
    """'had to retreat': a past necessity told of an act that was done (not "have to", "will have to"; not an
    obligation with a deadline or under an agreement: "under the deal, troops had to withdraw by 15 November")."""
    if verb.lemma.lower() != "have" or verb.tag != "VBD" or any(
            c.dep == "aux" and c.lemma.lower() in MODALS for c in verb.children):
        return False
    done = [c for c in verb.children if c.dep == "xcomp"]
    return not any(p.dep == "prep" and p.lemma.lower() in ("by", "under")
                   for holder in [verb, *done] for p in holder.children)


def _going_to(verb: Token) -> bool:
    """'was going to surrender': what was yet to come, not "went on to surrender"."""
    return verb.lemma.lower() == "go" and verb.tag == "VBG" and any(
        c.dep == "aux" and c.lemma.lower() == "be" for c in verb.children)


def _options(verb: Token) -> bool:
    """A present-tense verb of an "either ... or" coordination: choices, not acts told."""
    first = verb
    while first.dep == "conj" and first.head_i != first.i and not any(
            c.dep == "preconj" and c.lower_text() == "either" for c in first.children):
        first = first.head
    if not any(c.dep == "preconj" and c.lower_text() == "either" for c in first.children):
        return False
    return any(v.tag in ("VBP", "VBZ") or any(c.dep in ("aux", "auxpass") and c.tag in ("VBP", "VBZ", "MD")
                                              for c in v.children) for v in (verb, first))


def realis(anchor: Token) -> bool:
    if _inside_irrealis(anchor):
        return False
    if anchor.tag == "VB" and anchor.dep == "ROOT" and not any(c.dep.startswith("nsubj") for c in anchor.children):
        return False  # an imperative: "Kill me"
    if anchor.dep == "relcl" and _simple_present(anchor):
        return False  # "an amnesty for combatants who agree to disarm": whoever does, not an act done
    if _options(anchor):
        return False  # "either they surrender or they get killed": the choices put to them, neither done
    if anchor.dep == "acl" and anchor.head_i != anchor.i and anchor.tag in ("VBN", "VBD") and any(
            t.dep == "det" and t.lower_text() in ("every", "each", "any") and t.i < anchor.i
            for t in anchor.head.subtree()):
        return False  # "a bounty for every US soldier killed": whoever would be, not an act done
    if anchor.tag in ("VB", "VBP") and anchor.dep == "conj" and anchor.head.lemma.lower() in IRREALIS_GOVERNORS \
            and any(c.dep == "prep" and c.lemma.lower() == "from" and any(p.dep == "pcomp" for p in c.children)
                    for c in anchor.head.children) \
            and not any(c.dep in ("aux", "nsubj", "nsubjpass") for c in anchor.children):
        # "prevented the residents from receiving aid, evacuate from the town, or remove corpses": the parser hangs
        # the list of what was prevented on "prevented"
        return False
    if anchor.tag == "VB" and anchor.dep == "conj" and (anchor.head.tag in ("VBD", "VBZ", "VBP") or (
            # a participle with no auxiliary: a past tense the parser misread ("engaged in operations to
            # encircle and retake"), not a perfect ("have entered X and shell the market daily")
            anchor.head.tag == "VBN" and not any(c.dep in ("aux", "auxpass") for c in anchor.head.children))) \
            and not any(c.dep in ("aux", "nsubj", "nsubjpass") for c in anchor.children):
        # coordinated verbs share their form: a bare "evacuate" beside a past "lay" is the parser's
        # misreading of a list of infinitives ("an order to surrender, lay down arms and evacuate")
        return False
    if any(child.dep == "mark" and child.lemma.lower() in CONDITIONS
           for ancestor in (anchor, *anchor.ancestors()) for child in ancestor.children):
        return False  # anywhere inside a condition: "If they don't change the operation, ..."
    if _future_in_the_past(anchor):
        return False  # "residents left out of fear of reprisals once the city is captured": not yet done
    token = anchor
    while True:
        for child in token.children:
            if child.dep == "neg":
                return False
            if child.dep in ("nsubj", "nsubjpass", "dobj") and any(
                    d.dep == "det" and d.lower_text() == "no" for d in child.children):
                return False  # "no civilians were killed"
            if child.dep == "aux" and child.lemma.lower() in MODALS:
                return False
            if child.dep == "mark" and child.lemma.lower() in CONDITIONS:
                return False
            if child.dep == "aux" and child.lower_text() == "to" and (not (
                    token.dep == "xcomp" and (token.head.lemma.lower() in IMPLICATIVE | REPORTING | ALLEGING
                                              or _had_to(token.head))
                    # "caused Iraqi forces to retreat": the parser's clause with a subject of its own
                    or token.dep == "ccomp" and token.head.lemma.lower() in IMPLICATIVE)
                    or _going_to(token.head)):
                return False  # an infinitive: a purpose, a requirement, a plan ("to surrender")
        if token.dep == "ROOT" or token.head_i == token.i:
            return True
        head = token.head
        if token.dep in ("xcomp", "oprd") and head.lemma.lower() in REPORTING | ALLEGING:
            token = head  # "was reported to have captured": a report (the status says so); its negation counts
            continue
        if token.dep in ("xcomp", "ccomp") and head.lemma.lower() in IRREALIS_GOVERNORS:
            return False
        if token.dep == "pcomp" and token.tag == "VBG" and (head.lemma.lower() in ("over", "than") or (
                head.lemma.lower() == "of" and any(c.lower_text() == "instead" for c in head.children))):
            return False  # "a blockade over storming the plant", "rather than / instead of storming": not done
        if token.dep == "pcomp" and head.lemma.lower() == "from" and head.head.lemma.lower() in HOLDING_BACK:
            return False  # "to keep them from launching counterattacks", "to stop it from spreading"
        if token.dep == "pcomp" and head.head.lemma.lower() in IRREALIS_GOVERNORS | NEAR_MISSES | {"work"}:
            # "threatened with capturing", "accused of planning", "working on evacuating", "were close
            # to capturing", "on the verge of capturing"
            return False
        if token.dep in ("xcomp", "conj"):
            token = head  # an implicative chain ("began to shell") or coordination shares modality
            continue
        return True


# Conjunctions of time whose clause, in the present tense under a past one, tells what was still to come.
TIME_CONJUNCTIONS = frozenset({"once", "when", "after", "before", "until"})


def _future_in_the_past(verb: Token) -> bool:
    """'X fled, fearing reprisals once the city is captured': a clause of time in the present tense hung
    on a clause in the past tells of what had not happened yet (the sequence of tenses)."""
    if verb.dep != "advcl" or verb.head_i == verb.i or not any(
            c.dep in ("mark", "advmod") and c.lower_text() in TIME_CONJUNCTIONS for c in verb.children):
        return False
    present = verb.tag in ("VBZ", "VBP") or any(
        c.dep in ("aux", "auxpass") and c.tag in ("VBZ", "VBP") for c in verb.children)
    main = verb.head
    past = main.tag == "VBD" or any(c.dep in ("aux", "auxpass") and c.tag == "VBD" for c in main.children)
    return present and past


def noun_realis(noun: Token) -> bool:
    return not any(child.dep in ("amod", "compound") and child.lemma.lower() in IRREALIS_MODIFIERS
                   and child.text.lower() in IRREALIS_MODIFIERS for child in noun.children)


@dataclass
class Attribution:
    status: str  # asserted | reported | alleged | denied
    speech: Token | None = None  # the reporting verb, when there is one
    source_token: Token | None = None  # the phrase naming who reports it


def attribution(anchor: Token, sentence: ParsedSentence) -> Attribution:
    """Who stands behind the clause of ``anchor``: the document, a reporter, an accuser, a denier."""
    hedged = False
    token = anchor
    own_clause = True  # a hedge counts on the event's own clause, not on a clause it is an aside to
    while True:
        if own_clause and any(c.dep == "advmod" and c.lemma.lower() in HEDGES for c in token.children):
            hedged = True
        if token.dep in ("advcl", "acl", "relcl", "pcomp", "pobj", "prep") and not bare_participle(token):
            # "reportedly repelled an attack, killing dozens": a participle of result is hedged as its clause
            own_clause = False
        if any(c.dep == "relcl" and c.lemma.lower() in DENYING for c in token.children):
            return Attribution("denied")  # "..., which X denied"
        if token.head_i == token.i:
            speech = _report_before_its_that(token)
            if speech is not None and anchor.i not in {t.i for t in speech.subtree()}:
                # "The Times reported, after interviewing X, that Y happened": the parser made the
                # report an aside of Y's clause, whose "that" still says it is what was reported
                return _said_by(speech, hedged)
            break
        link, head = token.dep, token.head
        lemma = head.lemma.lower()
        speech = head.is_verb() and (lemma in DENYING or lemma in ALLEGING or lemma in REPORTING)
        if lemma in SPEECH_NOUNS and head.pos in ("NOUN", "PROPN") and _content_of_noun(token):
            # "claims that X had captured Y", "Reports that X had withdrawn came in from Z"
            status = SPEECH_NOUNS[lemma]
            verb = head.head if head.head_i != head.i else head
            judged = {c.lemma.lower() for c in head.children if c.dep == "amod"}
            if judged & FALSE_REPORTS:
                return Attribution("denied")  # "There were premature reports that X had been captured"
            hedged = hedged or bool(judged & UNVERIFIED)
            if status == "denied" or (verb.is_verb() and verb.lemma.lower() in DENYING
                                      and head.dep in ("nsubjpass", "dobj")):
                return Attribution("denied")  # "Claims that X ... were denied by Y", "Y rejected claims that"
            status = "alleged" if hedged else status
            return Attribution(status, verb if verb.is_verb() else None, _noun_speaker(head))
        if link not in COMPLEMENT_LINKS:
            if speech:
                # inside the speaker's own phrase ("the soldiers who captured X said"): not what that verb
                # says, but the whole may be inside someone else's words ("Y reiterated that agreements
                # made in 1991 stated ..."), so go on from the speech verb
                token, own_clause = head, False
                continue
            token = head  # inside a phrase of what is said ("the bodies of civilians massacred in X had been...")
            continue
        if link == "conj" and speech and without_conjunction(token) and not any(
                c.dep.startswith("nsubj") for c in token.children):
            # "X reported 19 civilians, ..., had been killed": the parser's conjunct is what was reported
            return _said_by(head, hedged)
        if link == "conj" and speech and said_alongside(token) is not None:
            # "he stated that X was inflicting ..., and was proceeding to kill": the parser's conjunct
            # of the speech verb continues what was said
            return _said_by(head, hedged)
        if link == "prep" and speech and token.lemma.lower() in WHEN_SPOKEN and any(
                c.dep == "pcomp" for c in token.children):
            break  # "X stated after capturing Y that ...": when X spoke, the document's own account
        if link == "conj" and speech and continues_that_clause(token):
            # "X claimed that A had fled, and B regained control there": more of what was claimed
            return _said_by(head, hedged)
        # a bare participle after a report may be part of what was reported ("X accused Y of shelling Z,
        # killing a soldier"); one before it, or led by "while / when / after", is when the speaker spoke
        # ("While visiting X, the team claimed ...": the visit is the narrator's)
        if link in ("advcl", "conj") and not bare_participle(token) and (
                lemma in DENYING or lemma in ALLEGING or lemma in REPORTING):
            break  # "X said A, and Y captured B": a clause beside the report, not inside it
        if link == "ccomp" and speech and _set_apart_before(token, head, sentence):
            break  # "Two people were killed ...; officials stated that ...": the narrator's, then theirs
        if link in ("ccomp", "dobj") and shown_by_evidence(head):
            token = head  # "video footage confirmed that X had liberated Y": the record, not a claim
            continue
        if link in ("xcomp", "ccomp") and _confirmed_by_no_one(head):
            token = head  # "two commanders were confirmed to have been killed": the document vouches for it
            continue
        if speech:
            return _said_by(head, hedged)
        said_by = _speech_noun_subject(head) if link == "ccomp" and head.is_verb() and head.head_i == head.i else None
        if said_by is not None:  # "Reports came in that X was killed", "Claims emerged that ..."
            status = SPEECH_NOUNS[said_by.lemma.lower()]
            if status == "denied":
                return Attribution("denied")
            return Attribution("alleged" if hedged else status, head, _noun_speaker(said_by))
        token = head
    according = _according_to(anchor, sentence)
    if according is not None:
        return Attribution("alleged" if hedged else "reported", None, according)
    return Attribution("alleged" if hedged else "asserted")


def _set_apart_before(clause: Token, verb: Token, sentence: ParsedSentence) -> bool:
    """A clause ended by a semicolon (or set against it by "however", "but") before the verb of saying:
    not that verb's complement (a report told before its verb is set off by a comma, "X was killed,
    officials said"), whatever the parser made of it."""
    last = max(t.i for t in clause.subtree())
    between = [t for t in sentence.tokens if last <= t.i < verb.i]
    # "The talks ended in deadlock, however a statement said ...": set against the report
    return clause.i < verb.i and any(t.text == ";" or (t.lower_text() in CONTRASTING and t.head_i == verb.i)
                                     for t in between)


CONTRASTING = frozenset({"however", "but"})


def _said_by(verb: Token, hedged: bool) -> Attribution:
    """What a verb of saying says: denied by a denial, alleged by an accusation or a hedge, else reported."""
    lemma = verb.lemma.lower()
    if lemma in DENYING:
        return Attribution("denied", verb)
    return Attribution("alleged" if lemma in ALLEGING or hedged else "reported", verb, _speaker(verb))


def bare_participle(token: Token) -> bool:
    """'..., shooting down a drone': a participle after the verb it hangs from, with no subject or
    subordinator of its own: that verb's result or manner."""
    return token.dep == "advcl" and token.tag == "VBG" and token.i > token.head_i and not any(
        c.dep in ("mark", "nsubj", "nsubjpass") for c in token.children)


def _report_before_its_that(root: Token) -> Token | None:
    """A sentence's main verb led by "that", with a verb of saying before the "that" hung on it as a
    complement: the parser's inversion of "X reported, ..., that Y"."""
    mark = next((c for c in root.children if c.dep == "mark" and c.lower_text() == "that"), None)
    if mark is None:
        return None
    return next((c for c in root.children if c.dep == "ccomp" and c.i < mark.i and c.is_verb()
                 and c.lemma.lower() in REPORTING | ALLEGING | DENYING
                 and any(s.dep.startswith("nsubj") for s in c.children)), None)


# A record, not a speaker: what it shows or confirms the article states as shown.
EVIDENCE_NOUNS = frozenset({"video", "footage", "image", "imagery", "photo"})
SHOWING = frozenset({"show", "confirm", "reveal"})


def _confirmed_by_no_one(verb: Token) -> bool:
    """'X was confirmed to have been killed': a confirmation the document reports in its own voice, no
    one named as confirming it (not 'was confirmed by X', a source)."""
    # with a subject the parse found: "..., and Russian forces were confirmed to have seized ..." parsed
    # with its subject inside the clause before is no clause the reading can trust
    return verb.is_verb() and verb.lemma.lower() == "confirm" and any(
        c.dep == "auxpass" for c in verb.children) and any(c.dep == "nsubjpass" for c in verb.children) and not any(
        c.dep == "agent" or (c.dep == "prep" and c.lemma == "by") for c in verb.children)


def shown_by_evidence(verb: Token) -> bool:
    """'Video footage confirmed that ...', 'a number of videos showed tanks firing ...'."""
    if not verb.is_verb() or verb.lemma.lower() not in SHOWING:
        return False
    subjects = [c for c in verb.children if c.dep == "nsubj"]
    subjects += [p for s in subjects for c in s.children if c.dep == "prep" and c.lemma == "of"
                 for p in c.children if p.dep == "pobj"]  # "a number of videos"
    return any(s.lemma.lower() in EVIDENCE_NOUNS for s in subjects)


def _speech_noun_subject(verb: Token) -> Token | None:
    """The subject of a verb that only brings what is said in: "Reports came in that ...". Only the
    sentence's main verb: inside someone's words ("X said the announcement meant that ...") X speaks."""
    return next((c for c in verb.children if c.dep == "nsubj" and c.lemma.lower() in SPEECH_NOUNS), None)


def _speaker(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep == "agent"), None)
    if reported_as(verb) and by is None:
        return None  # "with 32 fighters reported killed": they were reported killed, by no one named
    for child in verb.children:
        if child.dep == "nsubj":
            return child
        if child.dep == "agent":  # "it was reported by X that"
            return next((c for c in child.children if c.dep == "pobj"), None)
    if any(c.dep in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "X seized A and Y were confirmed to have seized B": no one is said to confirm it
    if verb.dep in ("conj", "xcomp") and verb.head_i != verb.i:
        return _speaker(verb.head)
    return None


def reported_as(verb: Token) -> bool:
    """'32 fighters reported killed', 'two soldiers reported missing': a participle of saying with a
    participle or adjective of what befell its subject, and nothing said: a passive, whose subject is
    what was reported, not who reported it."""
    return verb.tag in ("VBN", "VBD") and not any(c.dep in ("ccomp", "dobj", "auxpass", "aux") for c in verb.children) \
        and any(c.dep in ("xcomp", "oprd", "acomp") and (c.tag == "VBN" or c.lower_text() in BEFALLEN)
                and not any(a.dep in ("aux", "auxpass") for a in c.children) for c in verb.children)


# What may be reported of people without a reporter: "reported dead / missing" (not "reported ready").
BEFALLEN = frozenset({"dead", "missing", "alive", "wounded", "injured"})


def _content_of_noun(clause: Token) -> bool:
    """A clause that says what a noun of saying said: "claims that X had ...". The parser hangs it as
    the noun's complement or, with "that" read as its subordinator, as a relative clause."""
    return clause.dep in ("acl", "ccomp") or (clause.dep == "relcl" and any(
        c.dep == "mark" and c.lower_text() == "that" for c in clause.children))


def _noun_speaker(noun: Token) -> Token | None:
    """Who made a claim or report: 'X's claims', 'a report by X', 'X reported claims that'."""
    for child in noun.children:
        if child.dep == "poss":
            return child
        if child.dep == "prep" and child.lemma in ("by", "from", "of"):
            return next((c for c in child.children if c.dep == "pobj"), None)
    if noun.dep in ("dobj", "pobj") and noun.head.is_verb():
        return _speaker(noun.head)
    return None


def _a_document(noun: Token) -> bool:
    """'the summary of X', 'research from X', 'projections by X', 'ISW's analysis': a common noun for what
    someone wrote, not for a person ("the head of X", "Al Rai's chief correspondent Y" are people)."""
    return noun.pos == "NOUN" and noun.lemma.lower() not in PERSON_NOUNS | VICTIM_NOUNS | PEOPLE_BY_OFFICE and not any(
        c.dep in ("appos", "compound", "flat") and c.pos == "PROPN" for c in noun.children)


def _according_to(anchor: Token, sentence: ParsedSentence) -> Token | None:
    """'According to X, ...' anywhere in the sentence."""
    # Fronted, its scope is the sentence ("According to X, A happened after B attacked" reports both);
    # inside a clause ("..., where according to X, issues were discussed") only that clause.
    chain = {t.i for t in clause_chain(anchor)}
    for token in sentence.tokens:
        # opening the sentence, it covers all of it, wherever the parser hangs it ("According to X, A began
        # in July: B were shelled", with "According" on "began" and "shelled" the root)
        fronted = (token.head.dep == "ROOT" and token.i < token.head_i) or all(
            t.pos == "PUNCT" for t in sentence.tokens[:token.i])
        # closing the sentence, it covers every conjunct, though the parser hangs it on the last one
        # ("X had killed 606 civilians and injured 1,248 according to Y")
        closing = _closes_sentence(token, sentence) and (
            (token.head.dep == "conj" and token.head.head_i in chain)
            # "Fighting erupted when X opened fire, according to Y": the whole sentence is Y's account
            or (token.head.dep == "ROOT" and _under_root_by_clauses(anchor)))
        if token.lower_text() == "according" and (fronted or closing or token.head_i in chain):
            for to in token.children:
                if to.lower_text() == "to":
                    source = next((c for c in to.children if c.dep == "pobj"), None)
                    if source is not None and source.lemma.lower() in SPEECH_NOUNS:
                        return _noun_speaker(source) or source  # "according to a statement from X"
                    if source is not None and _a_document(source):
                        return _noun_speaker(source) or source  # "according to the summary of X", "ISW's analysis"
                    return source
        if token.lower_text() == "per" and token.dep == "prep" and fronted:
            # "Per the report, ...", "Per X, ...": according to, fronted
            source = next((c for c in token.children if c.dep == "pobj"), None)
            if source is not None:
                return (_noun_speaker(source) or source) if source.lemma.lower() in SPEECH_NOUNS else source
    return None


FINITE_AUXILIARIES = frozenset({"was", "were", "is", "are", "had", "has", "have"})


def said_alongside(verb: Token) -> Token | None:
    """The clause of what was said that a conjunct of a speech verb continues, when the parser hung it
    on the speech verb: 'he stated that X was inflicting ..., and was proceeding to kill'. The conjunct
    has no subject, and the auxiliary it has is that of the said clause, not of the speech verb."""
    if verb.dep != "conj" or verb.head_i == verb.i or any(c.dep.startswith("nsubj") for c in verb.children):
        return None
    speech = verb.head
    if not speech.is_verb() or speech.lemma.lower() not in REPORTING | ALLEGING:
        return None
    own = {c.lower_text() for c in verb.children if c.dep in ("aux", "auxpass")} & FINITE_AUXILIARIES
    if not own or own & {c.lower_text() for c in speech.children if c.dep in ("aux", "auxpass")}:
        return None
    return next((c for c in speech.children if c.dep == "ccomp" and c.i < verb.i and own & {
        a.lower_text() for a in c.children if a.dep in ("aux", "auxpass")}), None)


# Prepositions of a clause that tells when someone spoke, not what they said.
WHEN_SPOKEN = frozenset({"after", "before"})
# Pronouns that name the speaker again: "X claimed that ..., and he publicly expressed ..." is X's own act.
SPEAKER_AGAIN = frozenset({"he", "she", "they", "we", "i"})


def continues_that_clause(verb: Token) -> bool:
    """A conjunct of a verb of saying after its "that" clause, with a subject of its own that is not
    the speaker again, and no saying of its own: the parser hangs on the verb of saying what goes on
    with the said clause ("X stated that no one had died, but one person was gravely wounded"), as it
    does "X said A, and Y captured B" (no "that": beside the report, not inside it)."""
    if verb.dep != "conj" or verb.head_i == verb.i or verb.lemma.lower() in REPORTING | ALLEGING | DENYING:
        return False
    speech = verb.head
    if not speech.is_verb() or speech.lemma.lower() not in REPORTING | ALLEGING:
        return False
    if not any(c.dep == "ccomp" and c.i < verb.i and any(m.dep == "mark" and m.lower_text() == "that"
                                                          for m in c.children) for c in speech.children):
        return False
    subject = next((c for c in verb.children if c.dep.startswith("nsubj")), None)
    speaker = _speaker(speech)
    return subject is not None and subject.lower_text() not in SPEAKER_AGAIN and not (
        speaker is not None and subject.lemma.lower() == speaker.lemma.lower())


def without_conjunction(token: Token) -> bool:
    """A conjunct with no 'and', 'or', 'but' in its coordination: the parser's mistake, not a coordination
    ("X reported 19 civilians, some of whom ..., had been killed")."""
    if token.dep != "conj" or token.head_i == token.i:
        return False
    first = token
    while first.dep == "conj" and first.head_i != first.i:
        first = first.head
    members, queue = [], [first]  # the whole coordination: "A, B, C and D" hangs "and" under C
    while queue:
        member = queue.pop()
        members.append(member)
        queue += [c for c in member.children if c.dep == "conj"]
    return not any(c.dep in ("cc", "preconj") for member in members for c in member.children)


def _under_root_by_clauses(anchor: Token) -> bool:
    """The anchor's clause is the sentence's main clause or hangs from it through adverbial,
    coordinated, relative or complement-less clauses (not through the complement of a verb of saying,
    which has a source of its own)."""
    token = anchor
    while token.head_i != token.i:
        if token.dep not in ("advcl", "conj", "xcomp", "relcl", "acl"):
            return False
        token = token.head
    return True


def _closes_sentence(token: Token, sentence: ParsedSentence) -> bool:
    """Nothing but punctuation follows the phrase the token heads."""
    last = max(t.i for t in token.subtree())
    return all(t.pos == "PUNCT" or t.text.startswith("[") for t in sentence.tokens if t.i > last)


# Verbs of a stage of an act: "began / continued / completed the process of capturing X".
ASPECTUAL = frozenset({"begin", "start", "continue", "complete", "finish", "conclude"})


def aspect_of_process(verb: Token) -> Token | None:
    """'began the process of capturing': the aspectual verb whose object's "of" phrase the act is."""
    if verb.dep != "pcomp" or verb.head.lemma != "of" or verb.head.head_i == verb.head.i:
        return None
    noun = verb.head.head
    if noun.dep == "dobj" and noun.head.lemma.lower() in ASPECTUAL and noun.head.is_verb():
        return noun.head
    return None


def contrast_subject(clause: Token) -> Token | None:
    """The subject of a "while / whereas" clause set against the one it hangs on ("..., while Russia
    stated ..."); None for any other clause."""
    if clause.dep != "advcl" or not any(c.dep == "mark" and c.lower_text() in ("while", "whereas")
                                        for c in clause.children):
        return None
    return next((c for c in clause.children if c.dep.startswith("nsubj")), None)


def clause_chain(anchor: Token) -> list[Token]:
    """The verbs whose adjuncts the anchor's clause shares: itself, and up through conj/xcomp links."""
    chain = [anchor]
    token = anchor
    while (token.dep in ("conj", "xcomp") or _simultaneous(token) or is_absolute(token) or _means(token)) \
            and token.head_i != token.i:
        if token.dep == "xcomp" and token.head.lemma.lower() in REPORTING | ALLEGING:
            break  # "On 24 September X was reported to have fallen": the report's date, not the fall's
        if token.dep == "conj" and is_past_perfect(token) and not is_past_perfect(token.head) and any(
                c.dep.startswith("nsubj") for c in token.children):
            break  # "X was launched on 6 November, and it had resulted in ...": a clause of its own time
        if is_absolute(token) or _means(token):
            token = token.head  # "with", "by": its verb joins the chain below
        participle = _simultaneous(token) and token.tag == "VBG"
        token = token.head
        chain.append(token)
        if participle and (verb := purpose_of(token)) is not None:
            # "X launched the offensive on 3 May to retake Y, cutting its supply line": the parser hangs
            # the participle on the purpose, which is not told as done; it goes with the verb the purpose
            # is of
            token = verb
            chain.append(token)
    if (aspect := aspect_of_process(token)) is not None:
        chain.append(aspect)  # "On 12 June, X began the process of capturing Y": that day
    return chain


def _means(token: Token) -> bool:
    """'X cut the supply line by seizing the bridge': the means is done as the act is."""
    return token.dep == "pcomp" and token.tag == "VBG" and token.head.lemma.lower() == "by" \
        and token.head.dep == "prep" and token.head.head_i != token.head.i and token.head.head.is_verb()


# Verbs whose infinitive their object carries out: "urged the army to withdraw".
OBJECT_CONTROL_VERBS = frozenset({"urge", "ask", "order", "tell", "force", "persuade", "allow", "call", "invite",
                                  "encourage", "request", "instruct", "cause"})


def purpose_of(token: Token) -> Token | None:
    """The verb an infinitive of purpose is of: 'X launched the offensive to retake Y' (hung on the verb,
    or on its object): 'launched'. None for any other clause."""
    if token.tag != "VB" or token.head_i == token.i or not any(
            c.dep == "aux" and c.lower_text() == "to" for c in token.children) or any(
            c.dep.startswith("nsubj") for c in token.children):
        return None
    if token.dep == "advcl" and token.head.is_verb():
        # not "urged the army to withdraw", read so: the infinitive of a verb of asking or making is its
        # object's to do, not its subject's
        return None if token.head.lemma.lower() in OBJECT_CONTROL_VERBS else token.head
    noun = token.head
    if token.dep in ("acl", "relcl") and noun.dep == "dobj" and noun.head_i != noun.i and noun.head.is_verb():
        return noun.head
    return None


def is_absolute(token: Token) -> bool:
    """'It concluded on 17 October, with the VLF fully capturing the city': a 'with' clause of its own
    subject tells what went on as its verb's clause happened."""
    if token.dep != "pcomp" or token.tag != "VBG" or not any(c.dep == "nsubj" for c in token.children):
        return False
    preposition = token.head
    return (preposition.lemma.lower() == "with" and preposition.dep == "prep"
            and preposition.head_i != preposition.i and preposition.head.is_verb())


def _simultaneous(token: Token) -> bool:
    """A clause at the same time as the one it hangs from: '..., as the military regained control', or
    a bare participle after it: 'On 2 March artillery targeted the city, shelling it for 15 hours'."""
    if token.dep != "advcl":
        return False
    if any(c.dep == "mark" and c.lemma.lower() in ("as", "when", "while") for c in token.children):
        return True
    # not after a verb of saying or accusing: "On 2 October X accused Y of ..., killing a soldier" dates
    # the accusation, not the killing
    return (bare_participle(token) and token.head.lemma.lower() not in REPORTING | ALLEGING
            and not any(c.dep in ("aux", "auxpass") for c in token.children))


def own_date(anchor: Token, trigger: Token, dates: list[DateValue], sentence: ParsedSentence,
             purpose: bool = False) -> DateValue | None:
    """The date written in the event's own clause (or its noun phrase), else None; with ``purpose``, the
    one date of what the act was launched to do (an offensive's, not what someone called for)."""
    chain = {t.i for t in clause_chain(anchor)}
    best, best_rank = None, 2
    # "..., managing to take X by the following day": a clause that bounds its own time takes no day from
    # the clause it joins
    bounded = any(_is_bound(d, sentence) and _rank(d, anchor, trigger, chain, sentence) == 0 for d in dates)
    for date in dates:
        if _is_bound(date, sentence):
            continue  # "by 6 June", "since 6 September": a bound of the event, not its date
        rank = _rank(date, anchor, trigger, chain, sentence)
        if bounded and rank > 0:
            continue
        if rank < best_rank or (rank == best_rank and rank < 2 and _narrower(date, best)):
            best, best_rank = date, rank
    if best is None:
        best = _later_conjuncts_date(anchor, dates, sentence)
    if best is None:
        best = _when_clause_date(anchor, dates, sentence)
    if best is None and purpose:
        best = _purpose_date(anchor, trigger, dates, sentence)
    return best


# Verbs that take ground by themselves ("take" needs "control": "to take civilians out" takes none).
GROUND_TAKING = frozenset({"capture", "seize", "retake", "recapture", "liberate"})
# Purposes of an offensive, which are not yet done when it is launched: "to take / capture / retake X".
TAKING_PURPOSES = GROUND_TAKING | {"take"}


def _purpose_date(anchor: Token, trigger: Token, dates: list[DateValue], sentence: ParsedSentence) -> DateValue | None:
    """'X launched an offensive to take Y on 15 January': the one date written in the act's purpose
    ("to ..."), which was not yet done, is when the act aimed at it was made (one date only)."""
    purposes = [c for holder in dict.fromkeys([anchor, trigger]) for c in holder.children
                if c.dep in ("advcl", "acl", "relcl", "xcomp") and c.is_verb() and c.lemma.lower() in TAKING_PURPOSES
                and any(a.dep == "aux" and a.lower_text() == "to" for a in c.children)]
    own = [d for c in purposes for d in dates if not _is_bound(d, sentence) and not d.relative
           and _rank(d, c, c, {c.i}, sentence) == 0]
    return own[0] if len(own) == 1 else None


def _when_clause_date(anchor: Token, dates: list[DateValue], sentence: ParsedSentence) -> DateValue | None:
    """'X was killed when a booby-trapped house exploded in Y on 7 April': a "when" clause tells when the
    act it hangs from happened, so the date written in its own clause is the act's (one date only)."""
    if not anchor.is_verb():
        return None
    clauses = [c for c in anchor.children if c.dep == "advcl" and c.is_verb() and any(
        m.dep in ("advmod", "mark") and m.lower_text() == "when" for m in c.children)]
    if len(clauses) != 1:
        return None
    clause = clauses[0]
    own = [d for d in dates if not _is_bound(d, sentence) and not d.relative
           and _rank(d, clause, clause, {clause.i}, sentence) == 0]
    return own[0] if len(own) == 1 else None


def ongoing_date(anchor: Token, trigger: Token, dates: list[DateValue], sentence: ParsedSentence) -> DateValue | None:
    """'As of 12 October, the air force was bombarding X': what was going on as of a day went on that
    day (a progressive; a perfect "as of" a day had happened by it, completion_date)."""
    if not (anchor.tag == "VBG" and any(c.dep in ("aux", "auxpass") and c.lemma.lower() == "be"
                                        for c in anchor.children)):
        return None
    chain = {t.i for t in clause_chain(anchor)}
    own = [d for d in dates if _bound_word(d, sentence) == "as of" and not d.relative
           and d.precision in ("day", "time-of-day") and _rank(d, anchor, trigger, chain, sentence) == 0]
    return own[0] if len(own) == 1 else None


def onset_date(anchor: Token, trigger: Token, dates: list[DateValue], sentence: ParsedSentence) -> DateValue | None:
    """'The town was besieged by X from June 2014': the day (or month) the event's own clause says it went
    on from, when the clause gives no end ("from June to August" is one span, read as such)."""
    chain = {t.i for t in clause_chain(anchor)}
    own = [d for d in dates if not d.relative and _rank(d, anchor, trigger, chain, sentence) == 0]
    # the "from" phrase on the event's own word ("besieged from June"; not "prisoners held from 2014")
    starts = [d for d in own if _bound_word(d, sentence) == "from" and _hangs_on(d, {anchor.i, trigger.i}, sentence)]
    if len(starts) != 1 or any(_bound_word(d, sentence) in ("to", "until", "till", "through") for d in own):
        return None
    return starts[0]


def _hangs_on(date: DateValue, heads: set[int], sentence: ParsedSentence) -> bool:
    """The date's preposition hangs on one of these tokens."""
    head = sentence.head_of(date.start, date.stop)
    return head is not None and head.dep == "pobj" and head.head_i != head.i and head.head.head_i in heads


def completion_date(anchor: Token, trigger: Token, dates: list[DateValue], sentence: ParsedSentence) -> DateValue | None:
    """The day the event's own clause says it had happened by: "X retook the region by 13 September",
    "By 25 June, X had captured Y". Only its own clause's: what followed ("..., whereupon Z
    counter-attacked") may have come after that day."""
    chain = {t.i for t in clause_chain(anchor)}
    # "as of" bounds only a perfect or a count: "As of 13 July, X have killed 394", "100,617 people fled
    # as of 3 October" (a tally done by then), not "As of 3 October, fighting continued" (a state then)
    words = ("by", "as of") if is_perfect(anchor) or _counted_subject(anchor) else ("by",)
    own = [d for d in dates if _bound_word(d, sentence) in words and not d.relative
           and _rank(d, anchor, trigger, chain, sentence) == 0]
    if not own and _simultaneous(anchor):
        # "By 24 July, X had secured A, while having taken B": what went on as it happened had too
        return completion_date(anchor.head, anchor.head, dates, sentence)
    if not own and is_absolute(anchor):
        # "By 9 September, X had broken through, with the military saying that ...": so had that
        return completion_date(anchor.head.head, anchor.head.head, dates, sentence)
    return min(own, key=lambda d: d.end) if own else None  # the earliest such day bounds it most


def _counted_subject(verb: Token) -> bool:
    """'100,617 people fled', 'some 300 were killed': a past verb whose subject is a number of people."""
    return (verb.tag == "VBD" or any(c.dep == "auxpass" and c.tag == "VBD" for c in verb.children)) and any(
        c.dep in ("nsubj", "nsubjpass") and (c.pos == "NUM" or any(n.dep == "nummod" for n in c.children))
        for c in verb.children)


def _rank(date: DateValue, anchor: Token, trigger: Token, chain: set[int], sentence: ParsedSentence) -> int:
    """0: the date is written in the event's own clause or noun phrase; 1: in a clause it joins; 2: neither."""
    head = sentence.head_of(date.start, date.stop)
    if head is None:
        return 2
    if _dates_another_noun(head, trigger, date):
        return 2  # "in violation of the ceasefire statement of 9 November 2020": the statement's date
    clause = _clause_of(head)
    if head.i == trigger.i or any(a.i == trigger.i for a in _ancestors_to_clause(head)) or (
            clause is not None and clause.i == anchor.i):
        return 0
    # its own clause's date before one it shares with the clause it joins
    if clause is not None and clause.i in chain:
        return 1
    return 1 if clause is not None and _describes_the_undergoer(clause, anchor) else 2


def _describes_the_undergoer(clause: Token, anchor: Token) -> bool:
    """'shot a fighter trying to flee on 2 May': a present participle on the event's object
    (or passive subject) tells what it was doing as the event happened, so its date is the event's."""
    while clause.dep == "xcomp" and clause.head_i != clause.i:
        if any(c.dep == "dobj" for c in clause.head.children):
            return False  # "an order telling reservists to report in May": another's act, ordered
        clause = clause.head  # "trying to flee": the participle's own act
    noun = clause.head
    return clause.dep == "acl" and clause.tag == "VBG" and noun.dep in ("dobj", "nsubjpass") \
        and noun.head_i == anchor.i


def _later_conjuncts_date(anchor: Token, dates: list[DateValue], sentence: ParsedSentence) -> DateValue | None:
    """'170 people were killed and 290 were injured after an explosion on 25 September': the one date of
    the sentence, written in the clause coordinated after the event's, dates both (one incident told
    in two clauses). With two dates or more, each clause keeps its own."""
    own = [d for d in dates if not _is_bound(d, sentence)]
    if len(own) != 1 or not anchor.is_verb():
        return None
    head = sentence.head_of(own[0].start, own[0].stop)
    # not a "that" clause the parser coordinated with a speech verb ("said X and that talks would
    # continue in October": what was said, not a second clause of the saying)
    later = [c for c in anchor.children if c.dep == "conj" and c.is_verb() and c.i > anchor.i
             and not any(m.dep == "mark" for m in c.children)]
    # not a date set before the later verb, its own clause's time ("X counterattacked and in April began a
    # siege": April is the siege's)
    return own[0] if head is not None and any(head.i in {t.i for t in c.subtree()} and not head.i < c.i
                                              for c in later) else None


# Nouns of time that a date phrase may hang from and still date the clause: "on the night of 27 May".
TIME_NOUNS = frozenset({"night", "morning", "evening", "afternoon", "day", "dawn", "end", "beginning", "start",
                        "middle", "hour", "week", "weekend", "month", "year", "period", "time", "date",
                        "am", "pm", "a.m.", "p.m.", "noon", "midnight"})  # "6:00 am of June 25"


def _dates_another_noun(head: Token, trigger: Token, date: DateValue) -> bool:
    """A date inside the "of" phrase of another noun than the event's ("the statement of 9 November
    2020") dates that noun; "the night of 27 May" still dates the clause."""
    token = head
    for ancestor in head.ancestors():
        if ancestor.is_verb() or ancestor.i == trigger.i:
            return False
        if token.dep == "pobj" and ancestor.lemma.lower() == "of" and ancestor.head_i != ancestor.i:
            noun = ancestor.head
            if noun.i != trigger.i and noun.pos in ("NOUN", "PROPN") and noun.lemma.lower() not in TIME_NOUNS \
                    and not (date.start <= noun.start < date.stop):
                return True
        token = ancestor
    return False


BOUND_WORDS = frozenset({"by", "until", "till", "before", "since", "after", "from", "through"})


# The hour a day is given with: "as of 7 p.m. on 13 July" is bounded as "as of 13 July" is.
CLOCK_WORDS = frozenset({"on", "at", "p.m.", "a.m.", "pm", "am", "noon", "midnight", "o'clock"})


def _is_bound(date: DateValue, sentence: ParsedSentence) -> bool:
    return _bound_word(date, sentence) is not None or _inside_a_since_phrase(date, sentence)


def _inside_a_since_phrase(date: DateValue, sentence: ParsedSentence) -> bool:
    """'killed since the start of the invasion on 24 February': a day inside a "since / until" phrase
    bounds the time the event went on in; it is not the event's day."""
    head = sentence.head_of(date.start, date.stop)
    if head is None:
        return False
    return any(a.dep == "prep" and a.lower_text() in ("since", "until") for a in _ancestors_to_clause(head))


def _bound_word(date: DateValue, sentence: ParsedSentence) -> str | None:
    """The word that makes the date a bound of the event ("by", "since", "as of"), else None."""
    before = [t for t in sentence.tokens if t.end <= date.start and t.pos != "SPACE"]
    popped = None
    while len(before) > 1 and (before[-1].lower_text() in CLOCK_WORDS or (
            before[-1].pos == "NUM" and popped in ("p.m.", "a.m.", "pm", "am", "o'clock"))):
        popped = before.pop().lower_text()
    if len(before) >= 2 and before[-2].lower_text() == "as" and before[-1].lower_text() == "of":
        return "as of"  # "as of 3 October": when a count stood, not when it happened
    return before[-1].lower_text() if before and before[-1].lower_text() in BOUND_WORDS else None


def _ancestors_to_clause(token: Token):
    for ancestor in token.ancestors():
        yield ancestor
        if ancestor.is_verb():
            return


def _clause_of(token: Token) -> Token | None:
    for ancestor in token.ancestors():
        if ancestor.is_verb():
            return ancestor
    return None


def _narrower(a: DateValue, b: DateValue) -> bool:
    return (a.end - a.begin) < (b.end - b.begin)


def is_past_perfect(anchor: Token) -> bool:
    """'had captured': an event before the narrative's time, which must not take its date."""
    return any(c.dep == "aux" and c.lower_text() == "had" for c in anchor.children)


def is_perfect(anchor: Token) -> bool:
    """'had captured', 'have fled', 'claimed to have killed': done before the time it is told at."""
    return any(c.dep == "aux" and c.lemma.lower() == "have" for c in anchor.children)
