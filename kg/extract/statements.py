"""Statements: who claimed, denied, accused, condemned, urged or reported what, and when.

A statement needs a speech verb and a speaker in subject position: a registry actor (or a pronoun
or "the ministry" standing for one) directly before the verb, with only adverbs, auxiliaries or one
appositive between them. "According to X, ..." makes X the speaker of a report. What follows the
verb is kept as text: a denial never asserts what it denies.
"""

from __future__ import annotations

import re

from kg.extract.context import SentenceContext
from kg.extract.facts import Statement
from kg.extract.lexicon import (
    CONTINUATIONS, DEFINITE_ANAPHOR, DEFINITE_ANAPHORS, PRONOUN, PRONOUNS, ROLES, SPEECH_VERBS, SUBJECT_GLUE,
)

SPEECH = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in SPEECH_VERBS))
ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+")
NOUN_KINDS = {"claim": "Claim", "statement": "Claim", "remark": "Claim", "accusation": "Accusation",
              "denial": "Denial", "call": "Call", "demand": "Call", "warning": "Warning",
              "recommendation": "Proposal", "proposal": "Proposal"}
SPEECH_NOUN = re.compile(r"\b(?P<noun>claims?|statements|remarks|accusations?|denials?|calls|demands|warnings?|"
                         r"recommendation|proposal)\b")
POSSESSOR_GLUE = re.compile(r"(?:['’]s)?\s+")
BY_GLUE = re.compile(r"\s+(?:made\s+)?(?:by|from)\s+(?:the\s+)?|\s+for\s+\w+\s+from\s+(?:the\s+)?")
LIST_LINK = re.compile(r",\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")
INVERTED_SPEECH = re.compile(r"[\"”'’.,]\s*,?\s*(?P<verb>said|says|remarks|remarked|added|wrote|stated)\s+")
ACCORDING_TO_GAP = re.compile(r"(?:the\s+[^,;.]{1,60},\s+|(?:[\w'’/.-]+\s+){0,6})")
PUBLISHED_BY = re.compile(r"\b(?:published|issued|released|conducted)\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$")
# "The Turkish President", "France's foreign minister": an office named by its state, without a name.
ROLE_ANAPHOR = re.compile(r"\b[Tt]he\s+(?:[\w'’-]+\s+){1,2}?(?:" + "|".join(
    f"(?P<{name}>{pattern})" for name, pattern in ROLES) + r")(?![\w-])|\b[A-Z][\w-]+['’]s\s+(?:" + "|".join(
    f"(?P<{name}_2>{pattern})" for name, pattern in ROLES) + r")(?![\w-])")
QUOTED = re.compile(r"[\"“]([^\"”]{3,})[\"”]")
ANSWERABLE = {"Claim", "Accusation", "Report", "Announcement"}
SUBJECT_POSITION = 12  # an actor named within the first characters of a sentence is its subject
SUBJECT_REACH = 80  # how far into a clause its subject may start ("In 1993, the United Nations ...")
VERB_AFTER = re.compile(r"(?:\s*,[^,;]{1,120},)?\s+(?!(?:and|or|of|in|on|at|to|from|with|by|for|over|under|after|"
                        r"before|as|into|about|against|during)\b)[a-z]+\b")
COORDINATED = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+)?$")


class SpeakerMemory:
    """Who "he", "she", "it" and "the ministry" most likely stand for: the last person or
    organisation that was a speaker or the subject of a sentence."""

    def __init__(self):
        self.person: str | None = None
        self.organization: str | None = None
        self.by_class: dict[str, str] = {}

    def remember(self, context: SentenceContext, entity_id: str) -> None:
        entity = context.registry[entity_id]
        if entity.is_person:
            self.person = entity_id
        elif entity.is_organization:
            self.organization = entity_id
        for type_name in entity.types:
            self.by_class[type_name] = entity_id
        if entity.is_organization:
            self.by_class["Organization"] = entity_id

    def remember_sentence(self, context: SentenceContext, statements: list[Statement]) -> None:
        """After a sentence: its speaker, else its last-named person, is who "he" or "she" means."""
        speakers = [s.speaker for s in statements if context.registry[s.speaker].is_person]
        persons = [m.entity_id for m in context.actors() if context.entity(m).is_person]
        if speakers or persons:
            self.person = (speakers or persons)[-1]
        # "a report ... published by X": X is who "the report" speaks for in the next sentence.
        for mention in context.actors():
            if PUBLISHED_BY.search(context.text[:mention.start]) and context.entity(mention).is_organization:
                self.remember(context, mention.entity_id)
        subject = next(iter(context.actors()), None)
        if subject is not None and subject.start < SUBJECT_POSITION and not context.entity(subject).is_person:
            self.remember(context, subject.entity_id)


def extract_statements(contexts: list[SentenceContext],
                       office_holders: dict[tuple[str, str], str] | None = None) -> list[Statement]:
    """``office_holders`` maps (position property, holder) to the person the text says holds it."""
    statements: list[Statement] = []
    memory = SpeakerMemory()
    memory.office_holders = office_holders or {}
    previous_sentence: list[Statement] = []
    for context in contexts:
        found = [] if context.sentence.in_table else _statements_in(context, memory)
        for statement in found:
            if statement.kind == "Denial":
                statement.responds_to = _answered_claim(statement, found + previous_sentence)
        statements.extend(found)
        previous_sentence = found
        memory.remember_sentence(context, found)
    return statements


def _statements_in(context: SentenceContext, memory: SpeakerMemory) -> list[Statement]:
    by_speaker: dict[str, Statement] = {}
    last: Statement | None = None
    for match in SPEECH.finditer(context.text):
        kind = match.lastgroup
        speaker = _subject_of(context, match.start(), memory)
        if speaker is None and last is not None and CONTINUATIONS.fullmatch(match.group()):
            speaker = last.speaker
        if speaker is None:
            continue
        memory.remember(context, speaker)
        for each in (*_conjoined_with(context, speaker, match.start()), speaker):
            if each not in by_speaker:  # one statement per speaker per sentence: the first verb sets its kind
                last = by_speaker[each] = _make_statement(context, kind, match, each)
    for match in INVERTED_SPEECH.finditer(context.text):
        # '"…," said Giragosian' / 'remarks Oleksandra Matviichuk': the speaker follows the verb.
        after = [m for m in context.actors() if m.start == match.end()]
        if after and after[0].entity_id not in by_speaker:
            kind = next(k for k, pattern in SPEECH_VERBS if re.fullmatch(pattern, match.group("verb")))
            by_speaker[after[0].entity_id] = _make_statement(context, kind, match, after[0].entity_id)
    for match in ACCORDING_TO.finditer(context.text):
        # "according to X" or "according to the <description>, X,"
        following = [m for m in context.actors() if m.start >= match.end()
                     and ACCORDING_TO_GAP.fullmatch(context.text[match.end():m.start])]
        # "according to RFE/RL's journalist Rikard Jozwiak": the person heads the phrase.
        persons = [m for m in following if context.entity(m).is_person]
        if persons:
            following = persons
        if following and following[0].entity_id not in by_speaker:
            speaker = following[0].entity_id
            by_speaker[speaker] = _make_statement(context, "Report", match, speaker)
    for kind, match, speaker in _speech_nouns(context):
        if speaker not in by_speaker:
            by_speaker[speaker] = _make_statement(context, kind, match, speaker)
    return sorted(by_speaker.values(), key=lambda s: s.verb[0])


def _speech_nouns(context: SentenceContext):
    """Speech reported as a noun: "Fen's claims", "statements made by X", "a proposal by X",
    "Wian calls to ...", "calls for withdrawal from A, B and C"."""
    text = context.text
    owners = context.actors() + context.demonyms
    for match in SPEECH_NOUN.finditer(text):
        kind = NOUN_KINDS[match.group("noun").lower().rstrip("s")]
        before = [m for m in owners if m.stop <= match.start() and POSSESSOR_GLUE.fullmatch(text[m.stop:match.start()])]
        if before:
            yield kind, match, before[-1].entity_id
            continue
        by = [m for m in context.actors() if m.start >= match.end() and BY_GLUE.fullmatch(text[match.end():m.start])]
        if by:
            for speaker in _list_from(context, by[0]):
                yield kind, match, speaker


def _list_from(context: SentenceContext, first) -> list[str]:
    """"the European Parliament, France, Iran, and the United States": every actor of a list."""
    members, current = [first.entity_id], first
    for following in context.actors():
        link = context.text[current.stop:following.start]
        if following.start > current.stop and LIST_LINK.fullmatch(link):
            members.append(following.entity_id)
            current = following
            if re.search(r"\band\b", link):
                break  # "..., and the United States" closes the list
    return members


def _subject_of(context: SentenceContext, verb_start: int, memory: SpeakerMemory) -> str | None:
    clause_start, _ = context.clause_bounds(verb_start)
    text = context.text
    candidates = [m for m in context.actors() if clause_start <= m.start and m.stop <= verb_start]
    participle = text[verb_start:verb_start + 40].split(" ", 1)[0].endswith("ing")
    for mention in reversed(candidates):
        glue = text[mention.stop:verb_start]
        if not SUBJECT_GLUE.match(glue):
            continue
        if _is_object(text, mention.start) and not _subject_despite_preposition(text, mention.start, participle):
            continue
        if glue.strip() == "," and not _opens_appositive(text, mention.start):
            continue  # "adviser to president X, stated": X sits inside someone else's appositive
        return mention.entity_id
    for match in reversed(list(PRONOUN.finditer(text, clause_start, verb_start))):
        if SUBJECT_GLUE.match(text[match.end():verb_start]):
            wanted = PRONOUNS[match.group().lower()]
            # "the people it claims": a pronoun inside a sentence refers back to a name in that sentence.
            earlier = [m for m in context.actors() if m.stop <= match.start()
                       and (context.entity(m).is_person if wanted == "person" else context.entity(m).is_organization)]
            if earlier and wanted != "any":
                return earlier[-1].entity_id
            if wanted == "person":
                return memory.person
            if wanted == "organization":
                return memory.organization
            return None  # "they" has too many readings to guess a speaker
    for match in reversed(list(DEFINITE_ANAPHOR.finditer(text, clause_start, verb_start))):
        if SUBJECT_GLUE.match(text[match.end():verb_start]):
            wanted = DEFINITE_ANAPHORS[match.group(1).lower()]
            if wanted == "Person":
                return memory.person
            return memory.by_class.get(wanted)
    for match in reversed(list(ROLE_ANAPHOR.finditer(text, clause_start, verb_start))):
        # "The Turkish President threatened": whoever the text said holds that office, else the state.
        if SUBJECT_GLUE.match(text[match.end():verb_start]):
            holder = _role_holder(context, match)
            if holder is not None:
                return memory.office_holders.get((match.lastgroup.removesuffix("_2"), holder), holder)
    # "X adopted resolutions ... and demanded", "X issued warrants, adding that": a coordinated verb
    # or a participle shares the clause's subject: the name in the clause's first stretch that a
    # lowercase word (its verb) follows.
    if COORDINATED.search(text[clause_start:verb_start]) or (participle and text[:verb_start].rstrip().endswith(",")):
        subjects = [m for m in candidates if m.start - clause_start <= SUBJECT_REACH and not _is_object(text, m.start)
                    and VERB_AFTER.match(text, m.stop)]
        if subjects:
            return subjects[0].entity_id
    return None


PREPOSITIONS = {"to", "from", "with", "by", "of", "for", "against", "on", "at", "in", "into", "about"}


def _conjoined_with(context: SentenceContext, speaker: str, verb_start: int) -> list[str]:
    """"Yland and Zland accused each other": every actor of a subject list speaks."""
    text = context.text
    actors = [m for m in context.actors() if m.stop <= verb_start]
    heads = [m for m in actors if m.entity_id == speaker]
    if not heads:
        return []
    others, current = [], heads[-1]
    for mention in reversed([m for m in actors if m.stop <= current.start]):
        # The link next to the speaker must be "and" ("X, Y and Z said"), further ones may be commas.
        link = r"\s+and\s+|,\s+and\s+" if not others else r",\s*|\s+and\s+|,\s+and\s+"
        if re.fullmatch(link, text[mention.stop:current.start]):
            others.append(mention.entity_id)
            current = mention
        else:
            break
    return list(reversed(others))


def _subject_despite_preposition(text: str, start: int, participle: bool) -> bool:
    """"a statement from X said", "with X confirming": X speaks though a preposition precedes it."""
    before = text[max(0, start - 40):start]
    if re.search(r"\b(?:statement|report|announcement|communiqué)\s+(?:from|by|of)\s+(?:the\s+)?$", before):
        return True
    if re.search(r"\b(?:[Aa]n?\s+)?(?:official|officials|spokesperson|representative|representatives|member|"
                 r"members|delegation)\s+(?:of|from)\s+(?:the\s+)?$", before):
        return True
    return participle and re.search(r"\bwith\s+(?:the\s+)?$", before) is not None


def _opens_appositive(text: str, start: int) -> bool:
    """The name follows a comma (or opens the clause): "The president of X, Mirek Dovan, stated"."""
    before = text[:start].rstrip()
    return before.endswith(",") or not before or re.search(r"(?:^|[,;])\s*(?:the\s+)?$", text[:start]) is not None


def _role_holder(context: SentenceContext, match: re.Match) -> str | None:
    """The state or organisation an office phrase names: "The Turkish President" -> Turkey."""
    role_start = match.start(match.lastgroup)
    owners = [m for m in context.demonyms + context.actors() if match.start() <= m.start and m.stop <= role_start
              and not context.entity(m).is_person]
    return owners[-1].entity_id if owners else None


def _is_object(text: str, start: int) -> bool:
    """A name after a preposition ("calls from X", "spokesperson for the X") is not the speaker."""
    words = text[max(0, start - 30):start].lower().split()
    if words and words[-1] in ("the", "a", "an"):
        words = words[:-1]
    return bool(words) and words[-1] in PREPOSITIONS


def _make_statement(context: SentenceContext, kind: str, match: re.Match, speaker: str) -> Statement:
    clause_start, clause_stop = context.clause_bounds(match.end())
    content = context.text[match.end():max(clause_stop, match.end())].strip(" ,.;:")
    content = re.sub(r"^that\s+", "", content)
    quoted = QUOTED.search(content)
    about = [m.entity_id for m in context.mentions if m.start >= match.end() and m.entity_id != speaker]
    addressees = []
    if kind in ("Call", "Accusation", "Condemnation") and about:
        first_after = min((m for m in context.mentions if m.start >= match.end()), key=lambda m: m.start)
        if first_after.start - match.end() <= 5 and context.entity(first_after).is_actor:
            addressees = [first_after.entity_id]
    return Statement(
        kind=kind,
        sentence=context.sentence,
        verb=(match.start(), match.end()),
        speaker=speaker,
        date=context.date_near(match.start()),
        content=" ".join(content.split()),
        quote=quoted.group(1) if quoted else None,
        about=list(dict.fromkeys(about)),
        addressees=addressees,
    )


def _answered_claim(denial: Statement, candidates: list[Statement]) -> Statement | None:
    """The claim a denial answers: the nearest earlier claim by someone else, here or just before."""
    earlier = [
        s for s in candidates
        if s is not denial and s.speaker != denial.speaker and s.kind in ANSWERABLE
        and (s.sentence.index < denial.sentence.index or s.verb[0] < denial.verb[0])
    ]
    return max(earlier, key=lambda s: (s.sentence.index, s.verb[0])) if earlier else None
