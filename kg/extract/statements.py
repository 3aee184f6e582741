"""Statements: who claimed, denied, accused, condemned, urged or reported what, and when.

A statement needs a speech verb and a speaker in subject position: a registry actor (or a pronoun
or "the ministry" standing for one) directly before the verb, with only adverbs, auxiliaries or one
appositive between them. "According to X, ..." makes X the speaker of a report. What follows the
verb is kept as text: a denial never asserts what it denies.
"""

from __future__ import annotations

import re

from conflict_kg.dates import NARRATIVE_RELATIVE, DateValue
from conflict_kg.extract.clauses import DENYING, bare_participle, contrast_subject, own_date, reported_as
from conflict_kg.extract.context import CONCESSIVE, SentenceContext, days_told_later
from conflict_kg.extract.facts import Statement
from conflict_kg.extract.lexicon import (
    CONTINUATIONS,
    DEFINITE_ANAPHOR,
    DEFINITE_ANAPHORS,
    DOCUMENT_ONLY_VERBS,
    GROUND_NOUNS,
    PRONOUN,
    PRONOUNS,
    ROLES,
    SPEECH_VERBS,
    SUBJECT_GLUE,
)
from conflict_kg.extract.roles import OFFICES, PLACE_DESCRIPTIONS, RoleReader, Salience
from conflict_kg.parse import Token

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
    f"(?P<{name}_{i}a>{pattern})" for i, (name, pattern) in enumerate(ROLES)) + r")(?![\w-])|\b[A-Z][\w-]+['’]s\s+(?:"
    + "|".join(f"(?P<{name}_{i}b>{pattern})" for i, (name, pattern) in enumerate(ROLES)) + r")(?![\w-])")
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
        # the one body that spoke in the sentence just read, and its paragraph: whom "They also stated"
        # at the start of the next sentence goes on with
        self.body_speaker: tuple[int, str] | None = None

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
        # "It accused the militants of ...": who spoke stays the topic, not the first actor named
        bodies = [s.speaker for s in sorted(statements, key=lambda s: s.verb[0])
                  if not context.registry[s.speaker].is_person]
        if bodies:
            self.remember(context, bodies[0])  # the first speech verb is the sentence's own
        self.body_speaker = (context.sentence.paragraph, bodies[0]) \
            if bodies and {s.speaker for s in statements} == {bodies[0]} else None


def extract_statements(contexts: list[SentenceContext],
                       office_holders: dict[tuple[str, str], str] | None = None) -> list[Statement]:
    """``office_holders`` maps (position property, holder) to the person the text says holds it."""
    statements: list[Statement] = []
    memory = SpeakerMemory()
    memory.office_holders = office_holders or {}
    previous_sentence: list[Statement] = []
    narrative = Narrative()
    salience = Salience(contexts[0].registry, contexts) if contexts else None
    places = Salience(contexts[0].registry) if contexts else None  # the places named so far, for "the city"
    paragraph = None
    for context in contexts:
        narrative.enter(context)
        found = [] if context.sentence.in_table else _statements_in(context, memory, narrative, salience)
        if places is not None and context.parse is not None:
            if context.sentence.paragraph != paragraph:
                paragraph = context.sentence.paragraph
                places.new_paragraph()
            reader = RoleReader(context, places)
            for statement in found:
                statement.about = list(dict.fromkeys([*statement.about, *_described_places(context, reader, statement)]))
            places.remember(reader.subjects(), reader.named())
        for statement in found:
            if statement.kind == "Denial":
                statement.responds_to = _answered_claim(statement, found + previous_sentence)
                if statement.responds_to is not None and statement.date is not None \
                        and statement.date not in context.dates:
                    statement.date = None  # a reply comes after what it answers: not that statement's day
                if not statement.content and statement.responds_to is not None \
                        and statement.responds_to.sentence is statement.sentence:
                    # "..., which X denied": what is denied is what the claim said (in this sentence: a
                    # content is always words of its own sentence; an earlier claim is linked by respondsTo)
                    statement.content = re.sub(r"^of\s+", "", statement.responds_to.content)
        for statement in found:
            if statement.date is not None and statement.date is narrative.date \
                    and narrative.date is not narrative.heading_date and not narrative.goes_on_with(context, statement.speaker):
                # "On 5 March, X said ... . Y stated": the day was X's; a speaker the dated sentence did not
                # name may have spoken any day after
                statement.date = None
        statements.extend(found)
        previous_sentence = found
        memory.remember_sentence(context, found)
        narrative.leave(context, found)
    later = {contexts[index].sentence.index: day for index, day in days_told_later(contexts).items()}
    for statement in statements:
        # said in a paragraph that goes on "By the end of the day, ...": on that day, unless told as later
        if statement.date is None and statement.responds_to is None and statement.sentence.index in later \
                and not MOVED_ON.search(statement.sentence.clean):
            statement.date = later[statement.sentence.index]
    return statements


# Descriptions a statement's words use for the place the document is about ("the region", "the city");
# not "the country", which is as often the speaker's own.
ABOUT_DESCRIPTIONS = frozenset(PLACE_DESCRIPTIONS) - {"country"}


def _described_places(context: SentenceContext, reader: RoleReader, statement: Statement) -> list[str]:
    """'observers be allowed into the region': the place a definite description in what was said stands
    for, when it is the place of that kind the document names most (the place the article is about);
    a description the paragraph gives to another place stays unresolved."""
    start = context.text.find(statement.content) if statement.content else -1
    if start < 0:
        return []
    stop = start + len(statement.content)
    found = []
    for token in context.parse.tokens:
        if not (start <= token.start < stop and token.pos == "NOUN" and token.lemma.lower() in ABOUT_DESCRIPTIONS
                and token.i not in reader.mention_at):
            continue
        kinds = PLACE_DESCRIPTIONS[token.lemma.lower()]
        fitting = [e for e in reader.salience.place_counts if set(context.registry[e].types) & set(kinds)]
        main = max(fitting, key=lambda e: reader.salience.place_counts[e]) if fitting else None
        found += [e for e in reader.entities(token) if e == main and e != statement.speaker]
    return found


class Narrative:
    """The date a paragraph's narrative is at: set by a date that opens a sentence ("On 22 September,
    X said ...", "Late in the afternoon, ..."), it dates the later sentences of the paragraph that give
    no date of their own. A date inside a sentence ("stated on 21 September that", "the ceasefire from
    13:00 on 20 September") dates that clause only; a new paragraph starts undated."""

    OPENING_WORDS = 2  # at most this many words before a date that opens the sentence

    def __init__(self):
        self.paragraph: int | None = None
        self.date: DateValue | None = None
        self.heading_date: DateValue | None = None  # a timeline's date heading dates the paragraphs under it
        # who spoke, or was named, in the sentence whose opening date set the narrative's day
        self.speakers: set[str] = set()

    def goes_on_with(self, context: SentenceContext, speaker: str) -> bool:
        """The speaker, or the state it belongs to, was named in the sentence that set the day."""
        return speaker in self.speakers or context.registry.state_of(speaker) in self.speakers

    def enter(self, context: SentenceContext) -> None:
        if context.heading:
            self.heading_date = context.heading_day()
        elif context.sentence.paragraph != self.paragraph:
            self.paragraph, self.date, self.speakers = context.sentence.paragraph, self.heading_date, set()

    def leave(self, context: SentenceContext, found: list[Statement] = ()) -> None:
        opening = [d for d in context.dates if len(context.text[:d.start].split()) <= self.OPENING_WORDS
                   and _placeable(d)]
        if opening:
            # "Over the next four days, ...": the narrative moves on, to no one day
            self.date = None if opening[0].relative and opening[0].begin != opening[0].end else opening[0]
            self.speakers = {statement.speaker for statement in found} | {m.entity_id for m in context.actors()}
        elif MOVED_ON.search(context.text) and self.date is not self.heading_date:
            self.date = None  # "A month later, ...", "X later said": the narrative has left its day, for where unsaid
        elif self.date is not None and self.date is self.heading_date and any(
                _placeable(d) and not (self.date.begin <= d.begin <= self.date.end) for d in context.dates):
            self.date = None  # "stated in November 2017" under the heading "July 27": the text left that day


def _statements_in(context: SentenceContext, memory: SpeakerMemory, narrative: Narrative,
                   salience: Salience | None) -> list[Statement]:
    by_speaker: dict[str, Statement] = {}
    echoes: list[Statement] = []  # "..., a statement that X echoed": X said what the sentence's statement before said
    last: Statement | None = None
    reader = RoleReader(context, salience) if context.parse is not None and salience is not None else None
    def dating(anchor, trigger, noun=False):
        return _statement_date(context, anchor, trigger, narrative, noun)

    for match in SPEECH.finditer(context.text):
        kind = match.lastgroup
        verb = _token_at(context, match.start())
        shared = None  # how the verb shares another verb's subject ("said ... and threatened")
        speakers = None
        if reader is not None and verb is not None:
            kind = _refine_kind(kind, verb)
            speakers, shared = _parsed_speakers(context, reader, verb)
            if verb.lemma.lower() == "echo" and by_speaker:
                kind = max(by_speaker.values(), key=lambda s: s.verb[0]).kind  # "which X echoed"
        if match.group().lower() in DOCUMENT_ONLY_VERBS and shared != "document":
            continue
        if verb is not None and _negated(verb):
            continue  # "A spokesman did not confirm or deny the statements": nothing was said
        if verb is not None and _withholds(verb):
            continue  # "to deny the gunmen shelter": something kept from someone, not a claim denied
        if verb is not None and not _said_as_the_construction_needs(verb):
            continue  # "ordered 50 tanks", "asked about the fighting", "was described by X as": nothing said
        if speakers is None:
            speaker = _subject_of(context, match.start(), memory)
            if speaker is None and last is not None and CONTINUATIONS.fullmatch(match.group()):
                speaker = last.speaker
            speakers = [] if speaker is None else [*_conjoined_with(context, speaker, match.start()), speaker]
        reciprocal = verb is not None and len(speakers) > 1 and any(
            c.dep in ("dobj", "pobj") and c.lower_text() in ("other", "another")
            and any(d.lower_text() in ("each", "one") for d in c.children) for c in verb.subtree())
        for each in speakers:
            memory.remember(context, each)
            if each not in by_speaker:  # one statement per speaker per sentence: the first verb sets its kind
                made = _make_statement(context, kind, match, each, dating)
                if not made.content and verb is not None and verb.lemma.lower() == "publish":
                    continue  # a document published, nothing of what it says: no statement
                last = by_speaker[each] = made
                if verb is not None and verb.lemma.lower() == "echo" and verb.dep == "relcl" \
                        and not any(c.dep == "ccomp" for c in verb.children):
                    echoes.append(last)
                if reciprocal:  # "X and Y accused each other of ...": each speaks about the others
                    last.about = list(dict.fromkeys([*(o for o in speakers if o != each), *last.about]))
            elif _generic(by_speaker[each], context) and kind != "Claim" and shared in ("conj", "ccomp", "document"):
                # "X said ... and threatened ...": the more specific kind is kept.
                previous = by_speaker[each]
                previous.kind = kind
                if kind == "Denial":  # what is denied follows the denying verb
                    replaced = _make_statement(context, kind, match, each, dating)
                    replaced.date = previous.date or replaced.date
                    by_speaker[each] = replaced
            elif shared == "conj" and verb is not None and verb.dep == "conj":
                # "confirmed the deaths of 40 civilians, but warned that the true toll was higher": one
                # statement per speaker per sentence, saying all its verbs say
                _say_also(context, by_speaker[each], _make_statement(context, kind, match, each, dating))
    for match in INVERTED_SPEECH.finditer(context.text):
        # '"…," said Giragosian' / 'remarks Oleksandra Matviichuk': the speaker follows the verb.
        after = [m for m in context.actors() if m.start == match.end()]
        if after and after[0].entity_id not in by_speaker:
            kind = next(k for k, pattern in SPEECH_VERBS if re.fullmatch(pattern, match.group("verb")))
            by_speaker[after[0].entity_id] = _make_statement(context, kind, match, after[0].entity_id, dating)
    for match in ACCORDING_TO.finditer(context.text):
        # "according to X" or "according to the <description>, X,"
        # "estimates from about 300 (according to X) to ...": X said the phrase the brackets follow, not
        # the sentence around it
        bracketed = _bracketed_phrase(context, match.start()) if _in_parentheses(context.text, match.start()) \
            else None
        if bracketed == "":
            continue
        following = [m for m in context.actors() if m.start >= match.end()
                     and ACCORDING_TO_GAP.fullmatch(context.text[match.end():m.start])]
        # "according to RFE/RL's journalist Rikard Jozwiak": the person heads the phrase.
        persons = [m for m in following if context.entity(m).is_person]
        if persons and not (following[0] not in persons and re.fullmatch(
                r"(?:the\s+)?", context.text[match.end():following[0].start]) and re.match(
                r"\s*,", context.text[following[0].stop:])):
            # not "according to the Orlandian Army, X's escape ...": a name that is the whole phrase
            following = persons
        if following and following[0].entity_id not in by_speaker:
            speaker = following[0].entity_id
            according = _token_at(context, match.start())
            # "On 17 October, X captured Y, according to Z": the day is the capture's; when Z said so the
            # text does not tell, unless the phrase itself says it ("according to Z's report on 16 June")
            by_speaker[speaker] = _make_statement(context, "Report", match, speaker,
                                                  lambda *_, according=according: _date_inside(context, according))
            if bracketed:
                by_speaker[speaker].content = bracketed
    for kind, match, speaker, speakers_end in _speech_nouns(context):
        if speaker not in by_speaker:
            noun = _token_at(context, match.start())
            statement = _make_statement(context, kind, match, speaker, lambda *_, noun=noun: dating(noun, noun, True))
            who = context.text[match.end():speakers_end].strip() if speakers_end else ""
            if who and statement.content.startswith(who):
                # "calls from X to limit Y": who called is no part of what was called for
                statement.content = statement.content[len(who):].lstrip(" ,")
            if statement.content:  # "Valdoria's accusations" with nothing of what they said: no statement to give
                by_speaker[speaker] = statement
    for echo in echoes:
        before = [s for s in by_speaker.values() if s.verb[0] < echo.verb[0] and s is not echo]
        if before:
            echoed = max(before, key=lambda s: s.verb[0])
            echo.content = echoed.content
            echo.about = [e for e in echoed.about if e != echo.speaker]
    return sorted(by_speaker.values(), key=lambda s: s.verb[0])


def _say_also(context: SentenceContext, statement: Statement, more: Statement) -> None:
    """The content runs on to the end of what a second verb of the same speaker says."""
    text = context.text
    start = text.find(statement.content) if statement.content else -1
    end = text.find(more.content, more.verb[1]) if more.content else -1
    if start < 0 or end < 0 or end < start + len(statement.content):
        return
    statement.content = " ".join(text[start:end + len(more.content)].split()).strip(" ,.;:")
    statement.about = list(dict.fromkeys([*statement.about, *more.about]))


def _speech_nouns(context: SentenceContext):
    """Speech reported as a noun: "Fen's claims", "statements made by X", "a proposal by X",
    "Wian calls to ...", "calls for withdrawal from A, B and C"."""
    text = context.text
    owners = context.actors() + context.demonyms
    for match in SPEECH_NOUN.finditer(text):
        kind = NOUN_KINDS[match.group("noun").lower().rstrip("s")]
        before = [m for m in owners if m.stop <= match.start() and POSSESSOR_GLUE.fullmatch(text[m.stop:match.start()])]
        if before:
            yield kind, match, before[-1].entity_id, None
            continue
        by = [m for m in context.actors() if m.start >= match.end() and BY_GLUE.fullmatch(text[match.end():m.start])]
        if by:
            listed = _listed_from(context, by[0])
            for speaker in dict.fromkeys(m.entity_id for m in listed):
                yield kind, match, speaker, listed[-1].stop


def _list_from(context: SentenceContext, first) -> list[str]:
    """"the European Parliament, France, Iran, and the United States": every actor of a list."""
    return [m.entity_id for m in _listed_from(context, first)]


def _listed_from(context: SentenceContext, first) -> list:
    """The mentions of a list of actors, in order, from its first."""
    members, current = [first], first
    for following in context.actors():
        link = context.text[current.stop:following.start]
        if following.start > current.stop and LIST_LINK.fullmatch(link):
            members.append(following)
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
            if match.start() == clause_start == 0 and memory.body_speaker is not None \
                    and memory.body_speaker[0] == context.sentence.paragraph:
                # "X stated that ... . They also stated that ...": the one body that spoke just before
                return memory.body_speaker[1]
            return None  # else "they" has too many readings to guess a speaker
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
                return memory.office_holders.get((re.sub(r"_\d+[ab]$", "", match.lastgroup), holder), holder)
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


# Verbs of uttering words, whose participle on a noun of speech says who made it, not what it said.
MAKING_WORDS = frozenset({"make", "issue", "release"})


def _after_a_conjunction(context: SentenceContext, start: int) -> bool:
    """'..., and, according to X, ...': the phrase opens a conjunct."""
    before = context.text[:start].rstrip(" ,")
    return re.search(r"\b(?:and|but)$", before) is not None


def _make_statement(context: SentenceContext, kind: str, match: re.Match, speaker: str, dating) -> Statement:
    clause_start, clause_stop = context.clause_bounds(match.end())
    span = (match.end(), max(clause_stop, match.end()))
    verb = _token_at(context, match.start())
    addressee_tokens = []
    about_tokens: list[Token] = []  # outside the content, yet what it is about: the accused
    around: str | None = None  # what an "according to" phrase inside its clause stands between
    located_said = ""  # where what a passive report reports was ("were reported by X in Y": "in Y")
    if verb is not None and verb.lower_text() == "according" and verb.head_i == verb.i:
        # the parser made "according" the sentence's root ("On 23 April, according to Valdoria, airstrikes
        # ... recommenced"): what the source says is what follows its name
        named = [m for m in context.mentions if m.entity_id == speaker and m.start >= match.end()]
        if named:
            span = (named[0].stop, max(clause_stop, named[0].stop))
    elif verb is not None and verb.lower_text() == "according" and verb.head_i != verb.i:
        # "According to X, ties have grown": what X says is the clause around the phrase, without it
        head = verb.head
        while head.dep == "conj" and head.head_i != head.i and not any(c.dep.startswith("nsubj") for c in head.children):
            head = head.head  # "had killed 606 and injured 1,248 according to X": both verbs' clause
        phrase, clause = verb.span(), head.span()
        # what X says is the side of the phrase its clause's verb stands on: "According to X, ties have
        # grown", "ties have grown, according to X", "where according to X, issues were discussed", "On
        # 12 September, according to X, the forces cleared ..."
        span = (phrase[1], clause[1]) if head.start >= phrase[1] else (clause[0], phrase[0])
        subject = next((c for c in head.children if c.dep.startswith("nsubj")), None)
        named = [m.stop for m in context.mentions if m.entity_id == speaker and m.start >= match.end()]
        if named and _after_a_conjunction(context, phrase[0]):
            # "They were A, and, according to X, the only B, and their photos were used": the phrase
            # opens a conjunct and qualifies it alone, whatever the parser hung it on; the next ", and"
            # ends it. From the source's name on: the parser may hang the rest on the name.
            rest = context.text[named[0]:]
            cut = re.search(r",\s+(?:and|but)\s", rest)
            span = (named[0], named[0] + (cut.start() if cut else len(rest)))
        elif head.start >= phrase[1] and subject is not None and clause[0] <= subject.start < phrase[0]:
            # "Orlandian aircraft, according to Kestria, were using dumb bombs": the clause around the phrase
            around = context.text[clause[0]:phrase[0]].rstrip(" ,") + " " + context.text[phrase[1]:clause[1]].lstrip(" ,")
            span = clause
    elif verb is not None and verb.pos in ("NOUN", "PROPN"):
        # "calls for [withdrawal] from A and B", "claims that [...]": the noun's own complement
        # not "statements [made by X in May]": the making of the words, not what they said
        complement = next((c for c in verb.children if c.dep in ("acl", "ccomp", "relcl") and not (
            c.dep == "acl" and c.lemma.lower() in MAKING_WORDS)), None)
        if complement is None:
            for prep in (c for c in verb.children if c.dep == "prep" and c.lemma in ("for", "to", "on", "about")):
                complement = next((p for p in prep.children if p.dep == "pobj"), None)
                break
        if complement is not None:
            span = _without_sources(complement)
        elif verb.dep in ("dobj", "nsubjpass") and verb.head.lemma.lower() in DENYING:
            # "Dovan rejected Yland's accusations as a lie", "X's claims were rejected by Y": what the
            # rejected words said is not told here (the rest of the clause is the rejection's)
            span = (match.end(), match.end())
    elif verb is not None and verb.lemma.lower() in ("accuse", "blame", "charge") and verb.is_verb():
        # "accused [X of shelling Y]": whom, and of what
        # what they are accused of is the "of / for" phrase; the accused is whom it is about
        about_tokens = [c for c in verb.children if c.dep == "dobj"]
        # the parser may hang "of shelling" on the accused itself: "accused [X [of shelling Y]]"
        parts = [c for holder in [verb, *about_tokens] for c in holder.children
                 if c.dep == "prep" and c.lemma in ("of", "for")] or about_tokens
        blamed_on = [c for c in verb.children if c.dep == "prep" and c.lemma.lower() == "on"
                     and about_tokens and c.i > about_tokens[0].i][:1]  # not "On 5 May, X blamed ..."
        if verb.lemma.lower() == "blame" and blamed_on and about_tokens:
            # "blamed [Russian success on an electrician who ...]": what went wrong, and on whom
            parts = about_tokens + blamed_on
            about_tokens = [p for c in blamed_on for p in c.children if c.dep == "prep" and p.dep == "pobj"]
        if parts:
            spans = [p.span() for p in parts]
            span = _without_asides(parts[-1], (min(a for a, _ in spans), max(b for _, b in spans)))
    elif verb is not None and verb.is_verb():
        # what was said is the verb's complement clause ("said [that ...]", '"[...]," said X'); whom
        # it was said to is its object ("told [X] that", "urged [X] to")
        # what follows the verb, when a clause stands on each side of it ("According to experts, it is too
        # soon to say ..., officials said that they suspected ...": what the officials said follows)
        # "X reported that ...; Y, however, denied this statement", "The talks ended ..., however a
        # statement said ...": a clause set apart before the verb is not what it says
        complements = [c for c in verb.children if c.dep in ("ccomp", "xcomp") and not (
            c.i < verb.i and (";" in context.text[c.span()[1]:verb.start]
                              or re.search(r"\b(?:however|but)\b", context.text[c.span()[1]:verb.start], re.I)))]
        complement = complements[0] if complements else None
        after = next((c for c in verb.children if c.i > verb.i and c.dep == "ccomp" and any(
            x.dep in ("nsubj", "nsubjpass", "expl") for x in c.children)), None)
        if after is not None and (complement is None or complement.i < verb.i):
            complement = after  # a clause of its own (with its subject) after the verb is what was said
        addressee_tokens = [c for c in verb.children if c.dep in ("dobj", "dative")
                            and complement is not None and c.i < complement.i]
        addressee_tokens += [c for c in verb.children if c.dep == "prep" and c.lemma in ("on", "upon")]
        passive_said = next((c for c in verb.children if c.dep == "nsubjpass"), None)
        if complement is not None:
            span = _without_asides(complement, complement.span())
            rest = [c for c in verb.children if c.dep == "ccomp" and c.i > complement.i
                    and not any(x.dep.startswith("nsubj") for x in c.children)
                    and not context.text[span[1]:c.span()[0]].strip(" ,")]
            if rest:
                # "that they had rescued 10 hostages, while 11 people, about whom ..., [were also in their
                # custody]": the parser split one said clause in two; the second, with no subject, goes on
                span = (span[0], max(span[1], rest[-1].span()[1]))
            that = next((c for c in complement.children if c.dep == "mark" and c.lower_text() == "that"), None)
            if that is not None and that.end <= span[1]:
                span = (max(span[0], that.end), span[1])  # "said in an address that ...": from "that" on
            if (going_on := _said_clause_going_on(context, verb, complement)) is not None:
                span = (span[0], max(span[1], going_on.span()[1]))
        elif passive_said is not None and passive_said.tag not in ("WDT", "WP"):
            span = passive_said.span()  # "The ultimatum was rejected by X": what was rejected
            if verb.lemma.lower() in SEEN_WHERE:
                # "pockets of resistance were reported by X in nine neighborhoods": where what was
                # reported was is part of the report
                located = [c for c in verb.children if c.dep == "prep" and c.i > verb.i
                           and c.lemma.lower() in WHERE_SEEN and _names_ground(context, c)]
                located_said = " ".join(context.text[slice(*c.span())] for c in located)
        elif (said := next((c for c in verb.children if c.dep == "dobj"), None)) is not None \
                and said.tag not in ("WDT", "WP") and verb.lemma.lower() == "publish" \
                and said.lemma.lower() in DOCUMENT_NOUNS and not any(
                    c.dep in ("acl", "ccomp", "relcl") or (c.dep == "prep" and c.lemma.lower() in ("on", "about", "into"))
                    for c in said.children):
            # "published an article with many graphics": a document named, nothing of what it says
            span = (said.start, said.start)
        elif (said := next((c for c in verb.children if c.dep == "dobj"), None)) is not None \
                and (told := _told_that(said)) is not None:
            # "told a press conference that 30 people were fighting": whom told, then what (the parser
            # read the "that" clause, which has a subject of its own, as the noun's relative clause)
            that = next(c for c in told.children if c.dep == "mark" and c.lower_text() == "that")
            span = (that.end, told.span()[1])
        elif (said := next((c for c in verb.children if c.dep == "dobj"), None)) is not None \
                and said.tag not in ("WDT", "WP"):
            complements = [c for c in verb.children if c.dep == "oprd" or (c.dep == "prep" and c.lemma == "as")]
            # "denied this statement", "denied the accusation": the words it answers, told before
            # (not "dismissed the claims as a provocation": what it calls them is said)
            determiners = ("this", "that", "these", "those") + (() if complements else ("the",))
            pointing = said.lemma.lower() in UNINFORMATIVE | {"accusation", "allegation"} and any(
                c.dep == "det" and c.lower_text() in determiners for c in said.children) \
                and not any(c.dep in ("prep", "acl", "relcl") for c in said.children)
            if pointing or not complements and (said.pos == "PRON" or said.lower_text() in ("this", "that", "these", "those")
                                    or (said.lemma.lower() in UNINFORMATIVE and not any(
                                        c.dep in ("prep", "acl", "relcl") for c in said.children))):
                # "denied [this] and said ...", "reported [the same information] a month later": the object
                # says nothing by itself (a denial links the claim it answers through respondsTo)
                span = (said.start, said.start)
            else:
                # "condemned [Ruritania's hostility] and urged ...", "emphasized [X], signifying ...": what
                # was said is the verb's own complements (object, "as"/"at"/"to" phrases, a clause), not
                # the rest of the clause: a second speech act, an aside, a time adverbial
                holder = verb
                clause = None
                if said.lemma.lower() in UNINFORMATIVE:
                    # "issued a statement [that X]": the noun's clause; "released a statement which
                    # condemned [X]": what its relative clause's verb says
                    clause = next((c for c in said.children if c.dep in ("acl", "ccomp")), None)
                    holder = next((c for c in said.children if c.dep == "relcl"), verb)
                elif said.lemma.lower() in OPINION_NOUNS:
                    # "stated his belief [that X]": what is believed is what was said
                    clause = next((c for c in said.children if c.dep in ("acl", "ccomp") and any(
                        m.dep == "mark" and m.lower_text() == "that" for m in c.children)), None)
                parts = [clause] if clause is not None else [
                    c for c in holder.children if c.i > holder.i and _said_part(c)] or [said]
                if holder is verb and verb.lemma.lower() in TELLING and parts[0] is said and len(parts) > 1 \
                        and any(p.dep == "prep" and _told_about(p) for p in parts[1:]):
                    # "warning the Iraqis with regard to the risks": whom warned, then about what
                    addressee_tokens.append(said)
                    parts = parts[1:]
                span = _without_asides(said, (min(p.span()[0] for p in parts),
                                              min(max(p.span()[1] for p in parts), max(clause_stop, match.end()))),
                                       asides_too=True)  # never past the clause (", while praising ...")
    if verb is not None and verb.is_verb() and (going_on := _saying_on(verb, span)) is not None:
        # '"We will return", adding that he believed ...', 'accused X of Y, saying that Z': a
        # participle of saying goes on with what the speaker said
        said = next((c for c in verb.children if c.dep == "dobj"), None)
        start = min(t.start for t in said.subtree()) if span[0] >= span[1] and said is not None else span[0]
        span = (start, max(span[1], max(t.end for t in going_on.subtree())))  # "denied [this claim, stating ...]"
    if verb is not None and verb.is_verb() and span[0] == match.end():
        span = (_after_a_late_that(context, verb, span), span[1])
    if verb is not None and verb.is_verb() and verb.dep == "relcl" and span[0] == match.end():
        # "the people it claims are its citizens, ...": a relative clause's claim ends with the clause
        span = (span[0], _before_another_clause(context, verb, span))
    if around is not None:  # the words around an "according to" phrase inside its clause
        content = around.strip(" ,.;:\"“”'")
    elif located_said:
        content = f"{context.text[span[0]:span[1]]} {located_said}".strip(" ,.;:\"“”'")
    else:
        span = _without_contrast(context, span)
        if verb is not None and verb.is_verb():
            span = _inside_its_concession(context, verb, span)
        span = _without_trailing_gloss(context, span)
        span = _to_the_quotations_end(context.text, match.end(), span)
        content = context.text[span[0]:span[1]].strip(" ,.;:\"“”'")
        aside = SAID_ASIDE.match(context.text, span[1])
        if aside and content:
            # '"children and mothers" contrary, it said, to Orlandian claims that ...': the speaker's words go
            # on past the reporting aside
            rest = context.text[aside.end():max(clause_stop, aside.end())].strip(" ,.;:\"“”'")
            content = f"{content} {rest}".strip() if rest else content
    content = re.sub(r"^that\s+", "", content).strip(" ,.;:\"“”'")
    # "stated that X had encircled Y and, according to Z, captured ...": the cut leaves no dangling "and"
    content = re.sub(r"(?:,?\s+(?:and|but|or))+$", "", content)
    content = _without_opening_date(context, span[0], content)  # "By 13 October, X had ...": the date is its own field
    content = ECHOED_REMARK.sub("", content)  # "..., a statement that Dovan echoed on 12 September"
    content = NARRATORS_DOUBT.sub("", content)  # "..., though there was no clear evidence to verify this claim"
    quoted = QUOTED.search(context.text[span[0]:span[1]])
    # what it is about is named in what was said, as finally cut ("..., although the Daily Post disputed this":
    # not about the Daily Post)
    at = context.text.find(content, span[0]) if content else -1
    said_span = (at, at + len(content)) if at >= 0 else span
    spans = [said_span, *(token.span() for token in about_tokens)]
    about = [m.entity_id for m in context.mentions for a, b in spans if a <= m.start < b and m.entity_id != speaker]
    addressees = []
    for token in addressee_tokens:
        addressees += [m.entity_id for m in context.mentions
                       if token.span()[0] <= m.start < token.span()[1] and context.entity(m).is_actor]
    after = [m for m in context.mentions if m.start >= match.end()]
    # whom a call is made on; an accusation's or condemnation's object is whom it is about, not to
    if not addressees and kind == "Call" and after and (
            about or _complement_missing(verb)):
        first_after = min(after, key=lambda m: m.start)
        if first_after.start - match.end() <= 5 and context.entity(first_after).is_actor:
            addressees = [first_after.entity_id]
    return Statement(
        kind=kind,
        sentence=context.sentence,
        verb=(match.start(), match.end()),
        speaker=speaker,
        date=dating(_token_at(context, match.start()), _token_at(context, match.start())),
        content=" ".join(content.split()),
        quote=quoted.group(1) if quoted else None,
        about=list(dict.fromkeys(about)),
        # no one says a thing to themselves: a speaker the parser also read as the verb's object is no addressee
        addressees=[a for a in dict.fromkeys(addressees) if a != speaker],
    )


def _in_parentheses(text: str, position: int) -> bool:
    """Whether the position is inside a pair of round brackets of the sentence."""
    opened = text.rfind("(", 0, position)
    return opened >= 0 and text.find(")", opened, position) < 0 and text.find(")", position) >= 0


def _bracketed_phrase(context: SentenceContext, position: int) -> str:
    """The phrase that a bracket opened before the position follows: the words of the phrase of the
    token just before the bracket ("from about 300 (" -> "about 300"), "" without a parse."""
    opened = context.text.rfind("(", 0, position)
    if context.parse is None:
        return ""
    before = [t for t in context.parse.tokens if t.end <= opened and t.pos not in ("SPACE", "PUNCT")]
    if not before:
        return ""
    last = before[-1]
    words = [t for t in last.subtree() if t.end <= opened and t.pos != "SPACE"]
    return " ".join(context.text[words[0].start:words[-1].end].split()) if words else ""


def _withholds(verb: Token) -> bool:
    """'deny X shelter', 'denied them access': "deny" with someone to whom a thing is refused (a
    dative) withholds it; a claim denied has no such second object."""
    return verb.lemma.lower() == "deny" and any(c.dep == "dative" for c in verb.children)


def _negated(verb: Token) -> bool:
    """'did not confirm or deny', 'never stated': a verb of saying denied its act (a conjunct shares it)."""
    shares = verb.dep == "conj" and verb.head_i != verb.i and not any(c.dep.startswith("nsubj") for c in verb.children)
    for holder in (verb, verb.head if shares else None):
        if holder is not None and any(c.dep == "neg" for c in holder.children):
            return True
    return False


def _after_a_late_that(context: SentenceContext, verb: Token, span: tuple[int, int]) -> int:
    """'stated soon after the bombing that X would ...': with no complement (the parser hung "that X"
    on the adverbial's noun), what was said starts after a "that" that only the verb's own adverbials
    separate from it."""
    adverbials = {t.i for c in verb.children if c.dep in ("advmod", "prep", "npadvmod") and c.i > verb.i
                  for t in c.subtree()}
    for token in context.parse.tokens:
        if token.i <= verb.i or token.start >= span[1]:
            continue
        following = context.parse.tokens[token.i + 1] if token.i + 1 < len(context.parse.tokens) else None
        if token.lower_text() == "that" and token.i - 1 in adverbials and following is not None \
                and following.pos not in ("VERB", "AUX"):  # not "an armed group that pledged ..."
            return token.end
        if token.i not in adverbials:
            break
    return span[0]


def _before_another_clause(context: SentenceContext, verb: Token, span: tuple[int, int]) -> int:
    """Where the words after a verb of saying stop being what it says, when the parser gave it no
    complement: at a comma after which another verb's subject begins another clause ("the 120,000
    people it claims are its citizens, many observers now agree ...")."""
    own = {t.i for t in verb.subtree()}
    commas = [t.start for t in context.parse.tokens if t.text == "," and span[0] <= t.start < span[1]]
    for comma, stop in zip(commas, [*commas[1:], span[1]], strict=False):  # each stretch between two commas
        if any(t.dep in ("nsubj", "nsubjpass") and t.head_i not in own and t.head.start > comma
               for t in context.parse.tokens if comma < t.start < stop):
            return comma
    return span[1]


def _saying_on(verb: Token, span: tuple[int, int]) -> Token | None:
    """A bare participle of saying after what the verb said, hung on the verb or on the clause said
    ("said that A, adding that B", "warned of X, saying that Y", "pointing out that Z")."""
    holders = [verb, *(c for c in verb.children if c.dep in ("ccomp", "xcomp", "dobj") and c.start < span[1])]
    for holder in holders:
        for child in holder.children:
            if bare_participle(child) and child.start >= span[1] - 1 and (
                    child.lemma.lower() in SPEECH_LEMMAS or SPEECH.fullmatch(child.text) is not None
                    or (child.lemma.lower() == "point" and any(c.dep == "prt" and c.lemma == "out" for c in child.children))):
                return child
    return None


def _told_that(addressee: Token) -> Token | None:
    """A 'that' clause with a subject of its own hung on the speech verb's object as if relative."""
    return next((c for c in addressee.children if c.dep == "relcl"
                 and any(m.dep == "mark" and m.lower_text() == "that" for m in c.children)
                 and any(x.dep.startswith("nsubj") and x.lower_text() not in ("that", "which", "who")
                         for x in c.children)), None)


# Adverbs that move a narrative on: "..., and the army then captured X" is the article's, not the speaker's.
NARRATIVE_ON = frozenset({"then", "later", "subsequently", "eventually", "soon", "meanwhile"})


def _said_clause_going_on(context: SentenceContext, verb: Token, complement: Token) -> Token | None:
    """'X said that A, and B' / 'X stated that A, but B' ending the sentence: the parser hangs B on the
    speech verb, but it goes on with what was said ("said that the building was a hospital, and Y
    bombed it because ...", "stated that no one had died, but one person was wounded"); not another's
    words ("but Y said ..."), not the narrative going on ("and the army then took Z", "and on 5 May ...")."""
    last = next((c for c in reversed(verb.children) if c.dep == "conj" and c.i > complement.i), None)
    if last is None or not last.is_verb() or SPEECH.fullmatch(last.text) is not None:
        return None
    cc = [c for c in verb.children if c.dep == "cc" and complement.i < c.i < last.i]
    subject = next((c for c in last.children if c.dep in ("nsubj", "nsubjpass")), None)
    if len(cc) != 1 or cc[0].lower_text() not in ("and", "but") or subject is None or subject.pos == "PRON":
        return None
    if any(SPEECH.fullmatch(t.text) for t in last.subtree()) or any(
            c.lower_text() in NARRATIVE_ON or (c.dep == "prep" and c.lemma in TIME_PREPOSITIONS) for c in last.children):
        return None
    if context.text[last.span()[1]:].strip(" .;\"”'"):  # the sentence goes on past it
        return None
    return last


def _said_part(child: Token) -> bool:
    """Whether a dependent after a speech verb is part of what was said: its object and complements,
    a further verb that is not itself a speech act ("promised X and [provide Y]"), an infinitive of
    purpose ("petitioned the court [to impose ...]"); not a second speech act, an aside, a time."""
    if child.dep == "prep" and child.lemma in TIME_PREPOSITIONS:
        return False
    if child.dep == "conj":
        return child.is_verb() and SPEECH.fullmatch(child.text) is None  # "and urged ...": a speech act of its own
    if child.dep == "advcl":
        # "... [to impose ...]"; "announced the effort [would be code-named X]": the parser's reading of a
        # clause whose subject it took for the object (a modal, no subject or subordinator of its own)
        return any(c.dep == "aux" and c.lower_text() == "to" for c in child.children) or (
            any(a.dep == "aux" and a.lower_text() in ("would", "will")
                for c in [child, *(c for c in child.children if c.dep == "auxpass")] for a in c.children)
            and not any(c.dep in ("nsubj", "nsubjpass", "mark") for c in child.children))
    return child.dep not in VERB_PHRASE_ASIDES


# What follows a speech verb without being what was said: another verb, a participle or clause the
# article adds, adverbs, punctuation ("condemned X and urged Y", "emphasized X, signifying Y").
VERB_PHRASE_ASIDES = frozenset({"conj", "cc", "punct", "advcl", "advmod", "npadvmod", "parataxis", "mark", "dep"})
TIME_PREPOSITIONS = frozenset({"on", "in", "during", "after", "before", "since", "until"})
# Verbs of noting something somewhere: a passive one's locative says where what was noted was
# ("pockets of resistance were reported by X in nine neighborhoods"); prepositions that place it.
SEEN_WHERE = frozenset({"report", "record", "observe", "spot", "see"})
WHERE_SEEN = frozenset({"in", "at", "near", "around", "inside", "across"})
# Objects of a speech verb that name what was said without saying it: "published her observations".
UNINFORMATIVE = frozenset({"information", "report", "statement", "claim", "comment", "account", "news"})
# Verbs whose object is whom they address, what they say following in a phrase: "warned X about Y".
TELLING = frozenset({"warn", "tell", "inform", "remind", "advise", "caution", "alert"})
TOLD_ABOUT = frozenset({"about", "of", "against", "regarding", "over", "on"})
# "with regard / respect to": what one is told about (a bare "with" names a means: "warned X with a letter")
REGARD_NOUNS = frozenset({"regard", "respect"})
# Objects of a speech verb that hold what was said in their "that" clause: "stated his belief that X".
OPINION_NOUNS = frozenset({"belief", "view", "opinion", "hope", "fear", "concern", "conviction", "assessment"})
# Verbs of a relative clause that remarks on a statement rather than continuing it ("..., which X
# denied", "which was confirmed three days later", "which was echoed by Y"); not "which he said was".
REMARKS = DENYING | {"confirm", "echo", "criticize", "criticise", "condemn", "dismiss", "question"}
# A reporting aside inside what was said: '..., it said, ...'.
# (not '"...", he said, adding that ...': a quotation closed before its reporting clause)
SAID_ASIDE = re.compile(r"\s*,\s*(?:it|he|she|they)\s+(?:said|added|stated|says|adds|noted)\s*,\s*(?!\w+ing\b)")
# The article's doubt on what was said, set after it: "..., although the Daily Post disputed this", "..., though
# there was no clear evidence to verify this claim" (a word of verifying or disputing, or "this claim").
NARRATORS_DOUBT = re.compile(r",\s+(?:al)?though\s+(?=[^;]*\b(?:this\s+claim|disputed|denied|verif\w*|"
                             r"confirm\w*|evidence|unclear)\b)[^;]*$")
# The article's remark on what was said, set after it: "..., a statement that Dovan echoed on 12 September".
ECHOED_REMARK = re.compile(r",\s+(?:a|an|the)\s+(?:statement|claim|view|position|assessment|sentiment|remark)\s+"
                           r"(?:that|which)\s+[^,;]*$")


# Participles of a further act of speech hung on what was said: "said that A, referring to B".
FURTHER_SPEECH = frozenset({"refer", "add", "note", "claim", "state", "say", "stress", "explain"})


def _without_asides(phrase: Token, span: tuple[int, int], asides_too: bool = False) -> tuple[int, int]:
    """What was said, without a remark the article adds on it after a comma at its end: '..., which Y
    denied', '..., which was echoed by Z'."""
    start, stop = span
    for token in phrase.subtree():
        remark = token.dep == "relcl" and token.lemma.lower() in REMARKS
        # ", which was reaffirmed by ...": the article's aside on an object, after a comma at its end
        aside = asides_too and token.dep == "relcl" and any(c.tag in ("WDT", "WP") for c in token.children)
        # "..., referring to the defenders", "..., adding that ...": the speaker's next act, or the
        # article's gloss on what was said, not more of it
        further = token.dep == "advcl" and token.tag == "VBG" and token.lemma.lower() in FURTHER_SPEECH
        if not (remark or aside or further):
            continue
        first = min(t.start for t in token.subtree())
        before = _comma_before(phrase, first)
        if before is not None and max(t.end for t in token.subtree()) >= stop - 1:
            stop = min(stop, before)
    return start, stop


def _inside_its_concession(context: SentenceContext, verb: Token, span: tuple[int, int]) -> tuple[int, int]:
    """What was said in a conceded clause ("Although X claimed that A, it was seen as B") ends where the main clause begins: at the first comma after
    which a subject and its verb follow (', it was also seen as ...'), whatever the parser made of it."""
    if not any(c.dep == "mark" and c.lower_text() in CONCESSIVE for c in verb.children):
        return span
    start, stop = span
    tokens = context.parse.tokens
    for comma, subject in zip(tokens, tokens[1:], strict=False):
        if comma.text == "," and start < comma.start < stop and subject.dep in ("nsubj", "nsubjpass", "expl") \
                and subject.head.is_verb() and subject.head.i > subject.i:
            return start, comma.start
    return span


def _names_ground(context: SentenceContext, phrase: Token) -> bool:
    """A prepositional phrase that says where: it names a place, or its noun is a kind of ground ("in nine
    neighborhoods"), not a document or a time ("in a statement", "in May")."""
    start, stop = phrase.span()
    if any(start <= m.start < stop and context.entity(m).is_place for m in context.mentions):
        return True
    return any(c.dep == "pobj" and c.lemma.lower() in GROUND_NOUNS for c in phrase.children)


def _said_as_the_construction_needs(verb: Token) -> bool:
    """Verbs that say something only in one construction: "described X as Y" (active; not "as well as"),
    "asked for X", "asked X to do Y", "asked that ..." (not a question: "asked whether", "asked about"),
    "ordered X to do Y" or "ordered an investigation" (a noun of action, not "ordered 50 tanks")."""
    lemma = verb.lemma.lower()
    if lemma not in ("describe", "ask", "order"):
        return True
    clauses = [c for c in verb.children if c.dep in ("xcomp", "ccomp", "advcl")]
    infinitive = any(any(a.dep == "aux" and a.lower_text() == "to" for a in c.children) for c in clauses)
    if lemma == "describe":
        if any(c.dep in ("auxpass", "nsubjpass") for c in verb.children):
            return False  # "was described by X as ...": no words of X's told
        words = [t for t in verb.subtree() if t.i > verb.i]
        return any(t.lower_text() == "as" and not any(w.lower_text() == "well" and abs(w.i - t.i) == 1 for w in words)
                   for t in words)
    if lemma == "ask":
        question = any(m.dep == "mark" and m.lower_text() in ("whether", "if") for c in clauses for m in c.children)
        return not question and (bool(clauses) or any(c.dep == "prep" and c.lower_text() == "for" for c in verb.children))
    return infinitive or any(c.dep == "dobj" and ACTION_NOUN.search(c.lower_text()) for c in verb.children)


# A noun of action by its ending ("investigation", "evacuation", "withdrawal", "deployment"): what is
# ordered done, not goods ordered.
ACTION_NOUN = re.compile(r"(?:tion|sion|ment|al)$")


def _without_opening_date(context: SentenceContext, from_position: int, content: str) -> str:
    """What was said, without the date the sentence opens with ("On 6 May, some 500 civilians had been
    evacuated, according to X"): the narrator's date of what is reported, not the source's words."""
    at = context.text.find(content, from_position) if content else -1
    if at < 0 or context.text[:at].strip(" \"“'‘") or any(q in context.text[:at] for q in "\"“"):
        # only a date the sentence itself opens with: "X said that on 1 March, ...", 'X said: "On 6 May, we
        # ..."' are the speaker's own words
        return content
    for date in context.dates:
        opening = context.text[at:date.start].strip().lower()
        after = context.text[date.stop:]
        if at <= date.start <= at + 12 and opening in ("", "on", "by", "in", "as of") and after.startswith(","):
            return content[date.stop - at:].lstrip(" ,")
    return content


def _without_trailing_gloss(context: SentenceContext, span: tuple[int, int]) -> tuple[int, int]:
    """What was said, without the document's gloss at its end: an apposition or a ", which" clause that
    describes its last noun, and the source it may end in ('reinforcements from the Front, an armed group that
    pledged allegiance to ..., according to military spokesmen'), outside quotation marks."""
    start, stop = span
    quoted = any(text.count('"') % 2 == 1 or text.count("“") > text.count("”")
                 for text in (context.text[:start], context.text[:stop]))  # begins or ends inside quotation marks
    if context.parse is None or quoted or QUOTED.search(context.text[start:stop]):
        return start, stop
    aside = re.search(r",\s*according\s+to\b[^,;]*$", context.text[start:stop].rstrip(" ,.;:"))
    described_to = start + aside.start() if aside is not None else stop  # the gloss may end in its source
    for token in context.parse.tokens:
        if token.dep not in ("appos", "relcl") or not start < token.start < stop \
                or not start <= token.head.start < token.start:
            continue
        first = min(t.start for t in token.subtree())
        last = max(t.end for t in token.subtree())
        comma = context.text.rfind(",", start, first)
        glossing = any(c.dep == "det" and c.lower_text() in ("a", "an") for c in token.children) \
            if token.dep == "appos" else (context.text[first:first + 6].lower().startswith("which ") and _stative(token)
                                          and not any(SPEECH.fullmatch(t.text) for t in token.subtree()))
        if comma > token.head.start and not context.text[comma + 1:first].strip() \
                and not context.text[last:described_to].strip(" ,.;:") and glossing:
            # ", an armed group that ...", ", which was the final Front-held building": a description, not
            # the words
            return start, comma
    return start, stop


def _stative(clause: Token) -> bool:
    """', which is / was / has ...', ', which is regarded as ...': a clause that describes, not one that
    tells what followed (', which resulted in ...': the report goes on; ', which he said was ...': his words)."""
    return clause.lemma.lower() in ("be", "have") or any(
        c.dep == "auxpass" and c.lower_text() in ("is", "are") for c in clause.children)


def _told_about(preposition: Token) -> bool:
    """'warned X about / of / against Y', 'with regard to Y': the phrase of what one is told."""
    if preposition.lemma.lower() == "with":
        return any(c.dep == "pobj" and c.lemma.lower() in REGARD_NOUNS for c in preposition.children)
    return preposition.lemma.lower() in TOLD_ABOUT


def _quote_marks(text: str, begin: int, end: int, double_open: bool = False):
    """The quotation marks between begin and end, each as (position, opens): straight double quotes
    alternate (from ``double_open``); a single quote opens before a word and closes after one (not an
    apostrophe: "Orsk's")."""
    for i in range(begin, end):
        ch = text[i]
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            double_open = not double_open
            yield i, double_open
        elif ch == "“":
            yield i, True
        elif ch == "”":
            yield i, False
        elif ch in "'‘’" and not (before.isalnum() and after.isalnum()):
            if ch != "’" and (before.isspace() or before in "([—–-") and after.isalnum():
                yield i, True
            elif ch != "‘" and (before.isalnum() or before in ".,!?") and not after.isalnum():
                yield i, False


def _to_the_quotations_end(text: str, verb_end: int, span: tuple[int, int]) -> tuple[int, int]:
    """'X states "There is no doubt – at A, but also at B – that ..."': a quotation opened after the speech
    verb and still open where the rules cut what was said goes on to its closing mark; the speaker's own
    words are never cut mid-quote."""
    start, stop = span
    opened = []
    for position, opens in _quote_marks(text, verb_end, stop):
        if opens:
            opened.append(position)
        elif opened:
            opened.pop()
    if not opened:
        return span
    double_open = text[opened[-1]] == '"'
    closing = next((position for position, opens in _quote_marks(text, stop, len(text), double_open) if not opens), None)
    return (start, closing) if closing is not None else span


def _without_contrast(context: SentenceContext, span: tuple[int, int]) -> tuple[int, int]:
    """What was said, without a clause of another subject set against it after a comma: 'around 6,000
    Russian soldiers were killed, while Russia stated ...' (the article's juxtaposition, not the words)."""
    if context.parse is None:
        return span
    start, stop = span
    for token in context.parse.tokens:
        if start < token.start < stop and token.dep == "conj" and SPEECH.fullmatch(token.text) and any(
                c.dep == "cc" and c.lower_text() in ("but", "while", "whereas") for c in token.head.children) and any(
                c.dep.startswith("nsubj") for c in token.children):
            # "X was killed by a sniper, but other sources said that ...": another's words set against them
            cc = next(c for c in token.head.children if c.dep == "cc" and c.lower_text() in ("but", "while", "whereas"))
            comma = context.text.rfind(",", start, cc.start)
            cut = comma if comma > start and not context.text[comma + 1:cc.start].strip() else cc.start
            stop = min(stop, cut)
            continue
        subject = (contrast_subject(token) or _explaining_subject(token)) if start < token.start < stop else None
        if subject is None:
            continue
        # another side set against it ("while Orlandia stated ...", "while X evacuated 5,000 others"), or
        # the document's reason ("..., as Kestrian officials were concerned that ..."), not the same report
        # going on ("..., while 11 others were injured")
        who = (min(t.start for t in subject.subtree()), max(t.end for t in subject.subtree()))
        by_another = SPEECH.fullmatch(token.text) is not None or any(
            who[0] <= m.start < who[1] and context.entity(m).is_actor for m in [*context.mentions, *context.demonyms])
        if by_another:
            first = min(t.start for t in token.subtree())
            comma = context.text.rfind(",", start, first)
            if comma > start and not context.text[comma + 1:first].strip():
                stop = min(stop, comma)
            elif SPEECH.fullmatch(token.text) and any(c.dep == "mark" and c.lower_text() in ("while", "whereas")
                                                      for c in token.children):
                # 'X said A while Y said in an address that B': Y's words, with or without a comma
                stop = min(stop, first)
    return start, stop


def _explaining_subject(clause: Token) -> Token | None:
    """The subject of an "as / because" clause that gives a reason after a comma ("..., as X were
    concerned that ..."); None for any other clause."""
    if clause.dep != "advcl" or not any(c.dep == "mark" and c.lower_text() in ("as", "because")
                                        for c in clause.children):
        return None
    return next((c for c in clause.children if c.dep.startswith("nsubj")), None)


def _comma_before(phrase: Token, position: int) -> int | None:
    """The start of the comma right before ``position`` inside the phrase, if there is one."""
    tokens = list(phrase.subtree())
    commas = [t for t in tokens if t.text == "," and t.end <= position]
    if not commas:
        return None
    comma = max(commas, key=lambda t: t.end)
    # only spaces between (a citation marker taken out of the text leaves a run of them)
    between = [t for t in tokens if comma.end <= t.start < position]
    return comma.start if position - comma.end <= 1 or all(not t.text.strip() for t in between) else None


def _without_sources(phrase: Token) -> tuple[int, int]:
    """The phrase without a 'from A, B and C' naming who made the call."""
    start, stop = phrase.span()
    for child in phrase.children:
        if child.dep == "prep" and child.lemma == "from":
            stop = min(stop, child.span()[0])
    return start, stop


def _complement_missing(verb: Token | None) -> bool:
    """No complement clause was found: what follows the verb is read as before, by position."""
    return verb is None or not any(c.dep in ("ccomp", "xcomp") for c in verb.children)


def _answered_claim(denial: Statement, candidates: list[Statement]) -> Statement | None:
    """The claim a denial answers: the nearest earlier claim by someone else, here or just before."""
    earlier = [
        s for s in candidates
        if s is not denial and s.speaker != denial.speaker and s.kind in ANSWERABLE
        and (s.sentence.index < denial.sentence.index or s.verb[0] < denial.verb[0])
    ]
    return max(earlier, key=lambda s: (s.sentence.index, s.verb[0])) if earlier else None


# -- the parse: the speech verb's own subject, clause and date ---------------------------------------

# Nouns for what is said or written: their speaker is who made them ("a statement from X",
# "X's report", "the document X circulated").
DOCUMENT_NOUNS = frozenset({"statement", "report", "document", "communiqué", "communique", "letter", "study",
                            "declaration", "resolution", "analysis", "assessment", "briefing", "memo",
                            "guidance", "survey", "investigation", "article", "post", "release"})
# Persons or offices who speak for whoever their "for" / "of" phrase names: "a spokesperson for X",
# "an official of X"; the text names no one else.
PROXY_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "official", "office",
                         "press", "envoy", "delegation", "mission", "source"})
# A state's delegation or officials speak for the state: "the Ostrian delegation", "a Ruritanian official
# stated" (where the registry names no body they belong to).
DELEGATION_NOUNS = frozenset({"delegation", "official"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
# Verbs that report something true of the world rather than an action to take: their "suggested"
# proposes an action only with a modal ("suggested that an amnesty would be offered").
# "suggested that X would / should / could": proposes an act; "might" and "may" only say what is possible
# ("suggested that people might freeze to death": a claim, a warning)
PROPOSING_MODALS = frozenset({"would", "should", "could", "can", "will"})
READY_WORDS = frozenset({"ready", "willing", "prepared"})


def _token_at(context: SentenceContext, position: int) -> Token | None:
    if context.parse is None:
        return None
    return next((t for t in context.parse.tokens if t.start <= position < t.end and t.pos != "SPACE"), None)


def _placeable(date: DateValue) -> bool:
    """A relative date counts only when it is anchored to the narrative ("the same day", "later that
    day"), not to an event the reader must place ("two weeks before the clashes")."""
    return not date.relative or date.text.lower().startswith(NARRATIVE_RELATIVE)


def _dates_inside(context: SentenceContext, phrase: Token) -> list[DateValue]:
    """The dates written inside a phrase's own words."""
    inside = {t.i for t in phrase.subtree()}
    return [d for d in context.dates if (h := context.parse.head_of(d.start, d.stop)) is not None and h.i in inside]


def _date_inside(context: SentenceContext, phrase: Token | None) -> DateValue | None:
    """A day written inside a phrase's own words ("according to the report on 16 June")."""
    if phrase is None or context.parse is None:
        return None
    dates = _dates_inside(context, phrase)
    return dates[0] if dates and _placeable(dates[0]) else None


# Adverbs that move a statement off the narrative's day.
LATER = frozenset({"later", "subsequently", "afterwards", "afterward", "eventually", "since", "previously",
                   "earlier"})


def _statement_date(context: SentenceContext, anchor: Token | None, trigger: Token | None,
                    narrative: Narrative, noun: bool = False) -> DateValue | None:
    """The date written in the speech verb's own clause (a speech noun's own phrase); a sentence
    without any date continues its paragraph's narrative date; a date in another clause of the
    sentence (what was said, a relative clause, a participle) is not the statement's."""
    if anchor is None or context.parse is None:
        return context.date_near(trigger.start if trigger is not None else 0)
    if noun:
        dates = _dates_inside(context, anchor)
        date = min(dates, key=lambda d: d.end - d.begin) if dates else None
    else:
        date = own_date(anchor, trigger or anchor, context.dates, context.parse) or _setting_date(context, anchor)
    if date is not None:
        return date if _placeable(date) else None
    if any(c.dep == "advmod" and c.lemma.lower() in LATER for c in anchor.children):
        return None  # "It later petitioned the court": not the day the narrative stands on
    if narrative.date is not narrative.heading_date and (OWN_TIME.match(context.text)
                                                          or MOVED_ON.search(context.text)):
        return None  # "When approached for comment, X said": a time of its own, not the narrative's day
    return narrative.date if not context.dates else None


# The narrative's clock moves on to a time the text does not give.
MOVED_ON = re.compile(r"\b(?:later|subsequently|afterwards?|eventually|the (?:next|following) (?:day|week|month)"
                      r"|days? after|weeks? after|months? after)\b", re.I)
# A sentence opening on a clause that sets its own time ("When approached", "After the vote").
OWN_TIME = re.compile(r"^\s*(?:When|After|Once|Upon|Before|Until|As soon as)\b")


def _generic(statement: Statement, context: SentenceContext) -> bool:
    """A statement whose verb says only that something was said: "said", "released a statement"."""
    verb = context.text[statement.verb[0]:statement.verb[1]].lower()
    return statement.kind == "Claim" or re.fullmatch(r"(?:released|issued)\s+a\s+statement", verb) is not None


def _setting_date(context: SentenceContext, verb: Token) -> DateValue | None:
    """A date written before the speech verb in a clause that contains it ("In 1988, when X demanded",
    "On 1 October, X issued warrants, adding that"), or in an opening participle ("Speaking on 23
    September, X accused"); not a date inside another clause before it ("talks on 2 October, claiming")."""
    scope = {verb.i, *(a.i for a in verb.ancestors())}
    subject_start = min((c.start for a in [verb, *verb.ancestors()] for c in a.children if c.dep == "nsubj"),
                        default=verb.start)
    best = None
    for date in context.dates:
        if date.start >= verb.start:
            continue
        head = context.parse.head_of(date.start, date.stop)
        clause = next((a for a in head.ancestors() if a.is_verb()), None) if head is not None else None
        if clause is None:
            continue
        opening = clause.dep == "advcl" and clause.head.i in scope and clause.start < subject_start
        if clause.i in scope or opening:
            best = date
    return best


def _refine_kind(kind: str, verb: Token) -> str:
    """The kind follows the verb and how it is used: "insisted on X" and "told X to" call for an
    action, "suggested that X would" and "responded that it was ready to" propose one, "emphasized
    the need for" calls for it."""
    lemma = verb.lemma.lower()
    children = verb.children
    if lemma == "insist" and any(c.dep == "prep" and c.lower_text() == "on" for c in children):
        return "Call"
    if lemma == "tell" and any(c.dep in ("xcomp", "ccomp") and any(a.dep == "aux" and a.lower_text() == "to"
                                                                 for a in c.children) for c in children):
        return "Call"
    if lemma in ("emphasize", "emphasise", "stress", "underline", "reaffirm") and any(
            c.dep == "dobj" and c.lemma.lower() == "need" for c in children):
        return "Call"
    complements = [c for c in children if c.dep == "ccomp"]
    if kind == "Claim" and lemma in ("suggest", "propose") and any(
            a.dep == "aux" and a.lower_text() in PROPOSING_MODALS for c in complements for a in c.children):
        return "Proposal"
    if kind == "Claim" and any(t.lower_text() in READY_WORDS and any(x.dep in ("xcomp",) for x in t.children)
                               for c in complements for t in [c, *c.children]):
        return "Proposal"  # "responded that it was ready to meet"
    if kind == "Claim" and any(t.dep == "mark" and t.lower_text() == "unless" for c in complements for t in c.subtree()):
        return "Threat"  # "stressed that the offensive would continue unless ..."
    if kind == "Claim" and any(c.dep == "nsubj" and c.lemma.lower() in ("report", "study", "investigation")
                               for c in children):
        return "Report"  # "The report noted / found"
    return kind


def _subject(verb: Token) -> tuple[Token | None, str | None]:
    """The speech verb's subject, and how it is shared when the verb has none of its own: "conj"
    ("said ... and threatened"), "ccomp" ("stated that ..., denied that"), "xcomp", "advcl"
    ("..., stating that")."""
    if verb.dep == "pcomp" and verb.head.lemma.lower() == "with" and any(
            c.dep == "xcomp" and any(a.dep == "auxpass" for a in c.children) for c in verb.children):
        # "..., with 650 soldiers claimed to have been housed there": claimed by someone, of the soldiers
        return None, "passive"
    subjects = [c for c in verb.children if c.dep == "nsubj"]
    if subjects:
        # "GNA's spokesman for the operation Mohamed al-Ghasry stated": the parser may split a title from
        # the name it goes before into two subjects; the name, nearest the verb, is who spoke
        return (subjects[-1] if len(subjects) > 1 and subjects[-1].pos == "PROPN" else subjects[0]), None
    for child in verb.children:
        if child.dep == "agent":  # "it was said by X"
            pobj = next((c for c in child.children if c.dep == "pobj"), None)
            if pobj is not None:
                return pobj, None
    if any(child.dep in ("nsubjpass", "csubj", "csubjpass", "expl", "auxpass") for child in verb.children):
        # "a violation was recorded", "it was reported", "X seized A and [Y] were confirmed to have seized
        # B" (the parser lost the subject, not the passive): no one named speaks
        return None, "passive"
    if verb.head_i == verb.i:
        return None, None
    head = verb.head
    if verb.dep in ("conj", "xcomp") and head.is_verb():
        return _subject(head)[0], verb.dep
    if verb.dep == "ccomp" and head.is_verb() and head.lemma.lower() in SPEECH_LEMMAS:
        return _subject(head)[0], "ccomp"
    if verb.dep == "advcl" and verb.tag == "VBG":
        return _subject(head)[0], "advcl"
    return None, None


SPEECH_LEMMAS = frozenset({"say", "state", "claim", "tell", "add", "note", "stress", "report", "announce",
                           "write", "argue", "insist", "reiterate", "comment", "explain", "declare"})


def _parsed_speakers(context: SentenceContext, reader: RoleReader, verb: Token) -> tuple[list[str] | None, str | None]:
    """Who the parse says speaks: the entities of the verb's subject (all of a conjoined subject).
    None when the parse cannot tell (no subject, a pronoun, an unresolved description): the word-order
    rules decide then. An empty list when the subject names no registry actor ("witnesses said")."""
    subject, shared = _subject(verb)
    if shared == "passive" or reported_as(verb):
        return [], shared  # "32 fighters reported killed": what was reported, by no one named
    if shared in ("conj", "xcomp", "advcl") and _inside_content(verb):
        return [], shared  # "X said that Y would not defend Z, while criticizing ...": Y's act, reported
    if subject is None:
        return None, shared
    seen = set()
    while subject.lower_text() in RELATIVE_PRONOUNS and subject.head.dep == "relcl" and subject.i not in seen:
        seen.add(subject.i)
        subject = subject.head.head  # "a statement which condemned", "X, who said"
    if subject.pos == "PRON":
        return None, shared
    lemma = subject.lemma.lower()
    if lemma in DOCUMENT_NOUNS:
        owner = _document_owner(subject)
        found = _actors(context, reader.entities(owner)) if owner is not None else []
        return (found or None), "document"
    found = _titled_person(context, subject) or _person_in_office(context, reader, subject) \
        or _actors(context, reader.entities(subject))
    if not found and lemma in PROXY_NOUNS:
        for child in subject.children:
            if child.dep == "prep" and child.lower_text() in ("for", "of", "from"):
                for pobj in child.children:
                    if pobj.dep == "pobj":
                        found.extend(_actors(context, reader.entities(pobj)))
    if not found and lemma in DELEGATION_NOUNS:
        found = [reader.demonym_at[c.i] for c in subject.children if c.i in reader.demonym_at]
        if lemma == "official":
            # "Iraqi officials said": the state's government where the registry names one, else the state
            found = [_government_of(context, state) for state in found]
    if found:
        return list(dict.fromkeys(found)), shared
    if shared in ("advcl", "conj", "xcomp") and subject.pos == "PROPN":
        # "Mirek Dovan assured that ..., while accusing X": the shared subject is someone the
        # registry does not know, not the nearest name before the participle
        return [], shared
    if any(c.dep == "det" and c.lower_text() in ("the", "this", "that") for c in subject.children) or \
            subject.pos == "PROPN":
        return None, shared  # "the ministry", an unknown name: the word-order rules and memory decide
    return [], shared


def _government_of(context: SentenceContext, state: str) -> str:
    """The one body of the state the registry names a government ("Iraqi government"), else the state."""
    governments = [e.id for e in context.registry if state in e.part_of and "GovernmentBody" in e.types
                   and any("government" in name.lower() for name in e.names)]
    return governments[0] if len(governments) == 1 else state


def _inside_content(verb: Token) -> bool:
    """The verb shares its subject with a verb inside what someone said (a ccomp of a speech verb)."""
    token = verb
    while token.dep in ("conj", "xcomp", "advcl") and token.head_i != token.i:
        token = token.head
    for ancestor in [token, *token.ancestors()]:
        if ancestor.dep == "ccomp" and ancestor.head.lemma.lower() in SPEECH_LEMMAS | {"admit", "claim", "deny",
                                                                                       "accuse", "warn", "assure"}:
            return True
        if ancestor.dep in ("relcl", "acl"):
            return False
    return False


def _titled_person(context: SentenceContext, subject: Token) -> list[str]:
    """"The League of Nations Commissioner for Refugees Mirek Dovan": a subject phrase that
    ends with a person's name is that person, whatever office its title names."""
    # the noun phrase without its clauses and appositions ("X, who ...", "X, a senior fellow at Y,")
    tokens = [t for t in subject.subtree()
              if not any(step.dep in ("relcl", "acl", "appos") for step in _path_to(t, subject)[:-1])]
    if subject.pos != "PROPN" or len(tokens) < 2:
        return []
    start, stop = tokens[0].start, tokens[-1].end
    persons = [m for m in context.actors() if start <= m.start and m.stop == stop and context.entity(m).is_person]
    return [persons[-1].entity_id] if persons else []


# Nouns of an office one person holds: "The Military Intelligence Chief, Ismaeil Al-Shukri, denied".
OFFICE_NOUNS = OFFICES | frozenset({"chief", "spokesman", "spokesperson", "spokeswoman", "minister", "director",
                                    "ambassador", "envoy", "governor", "prosecutor",
                                    # ranks: "Retired Ylandish Lieutenant General, Mirek Dovan, revealed"
                                    "general", "colonel", "admiral", "captain", "officer", "commissioner"})


def _person_in_office(context: SentenceContext, reader: RoleReader, subject: Token) -> list[str]:
    """'The Military Intelligence Chief, Ismaeil Al-Shukri, denied': the office's holder in apposition
    speaks, not the body the office's title names."""
    if subject.lemma.lower() not in OFFICE_NOUNS:
        return []
    people = [e for c in subject.children if c.dep == "appos" for e in reader.entities(c)
              if context.registry[e].is_person]
    return list(dict.fromkeys(people))


def _path_to(token: Token, top: Token) -> list[Token]:
    path = [token]
    while token.i != top.i and token.head_i != token.i:
        token = token.head
        path.append(token)
    return path


def _document_owner(noun: Token) -> Token | None:
    """Who made a statement or report: "X's statement", "a statement from X", "a United Nations
    report", "the statement X released" / "X released a statement which ..."."""
    for child in noun.children:
        if child.dep == "poss":
            return child
        if child.dep == "prep" and child.lower_text() in ("by", "from", "of"):
            pobj = next((c for c in child.children if c.dep == "pobj"), None)
            if pobj is not None:
                return pobj
        if child.dep == "acl" and child.tag == "VBN":  # "a report published by X"
            for grandchild in child.children:
                if grandchild.dep == "agent":
                    return next((c for c in grandchild.children if c.dep == "pobj"), None)
    for child in noun.children:
        if child.dep == "compound" and child.pos == "PROPN":
            return child
    if noun.dep in ("dobj",) and noun.head.is_verb():
        subject, _ = _subject(noun.head)
        return subject
    return None


def _actors(context: SentenceContext, entity_ids: list[str]) -> list[str]:
    return [e for e in entity_ids if context.registry[e].is_actor]
