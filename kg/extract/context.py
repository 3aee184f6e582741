"""What every rule needs to know about a sentence: its mentions, its dates, the date in force.

Rules read ``clean`` (citation markers blanked), whose offsets equal the sentence's offsets, so a
span ``(start, stop)`` in a rule is ``document.text[sentence.begin + start: sentence.begin + stop]``.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from collections import Counter
from dataclasses import dataclass, field

from conflict_kg.dates import EXPLICIT_FULL_DATE, NARRATIVE_RELATIVE, DateResolver, DateValue, infer_default_year
from conflict_kg.document import Document, Sentence
from conflict_kg.mentions import Mention, MentionFinder
from conflict_kg.parse import ParsedSentence
from conflict_kg.registry import Entity, Registry

# Clause boundaries inside a sentence: rules look for a subject and its verb within one clause.
CLAUSE_BREAK = re.compile(r";|,\s+(?:but|while|whereas|although|however)\b|\s+while\s+|\s+whereas\s+")


@dataclass
class SentenceContext:
    sentence: Sentence
    mentions: list[Mention]
    demonyms: list[Mention]
    dates: list[DateValue]
    date_in_force: DateValue | None  # the sentence's own date, else the last one seen before it
    registry: Registry = field(repr=False)
    parse: ParsedSentence | None = field(default=None, repr=False)  # None where no parser ran
    heading: bool = False  # the sentence is a section heading line, not prose
    excerpt: bool = False  # its paragraph is a quoted excerpt ("...X is ..."), not the author's words
    period: DateValue | None = None  # the year of the war its paragraph is set "during", where it writes none

    @property
    def text(self) -> str:
        return self.sentence.clean

    def entity(self, mention: Mention) -> Entity:
        return self.registry[mention.entity_id]

    def actors(self) -> list[Mention]:
        return [m for m in self.mentions if self.entity(m).is_actor]

    def places(self) -> list[Mention]:
        return [m for m in self.mentions if self.entity(m).is_place]

    def clause_bounds(self, position: int) -> tuple[int, int]:
        """The clause around ``position``: from the last break before it to the next break."""
        start, stop = 0, len(self.text)
        for match in CLAUSE_BREAK.finditer(self.text):
            if match.end() <= position:
                start = match.end()
            elif match.start() >= position:
                stop = match.start()
                break
        return start, stop

    def heading_day(self) -> DateValue | None:
        """A timeline's date heading ("May 24"): the day it names, which dates the paragraphs under it."""
        if not self.heading:
            return None
        days = [d for d in self.dates if d.precision in ("day", "time-of-day")]
        return days[0] if days and len(days[0].text) >= len(self.text.strip()) - 2 else None

    def date_near(self, position: int) -> DateValue | None:
        """The sentence's date closest before ``position`` (else its first), else the one in force."""
        before = [d for d in self.dates if d.start <= position]
        if before:
            return before[-1]
        return self.dates[0] if self.dates else self.date_in_force


@dataclass(frozen=True)
class NarrativeDay:
    """The day a sentence's narrative stands on, and whether a timeline's date heading gave it."""

    date: DateValue
    from_heading: bool
    bound: bool = False  # "By 8 September, ...": the paragraph tells what had happened by that day


def narrative_dates(contexts: list[SentenceContext]) -> list[NarrativeDay | None]:
    """For each sentence without a date of its own, the day its narrative stands on, else None.

    Only two things carry a date over: a timeline's date heading ("May 24") to the paragraphs under
    it, and a day that opens a sentence ("On 19 September, ...") to the later sentences of its
    paragraph, until a sentence dates itself. A date borrowed from anywhere in the sentence before was
    wrong as often as right when judged by hand (2026-12-03), and a wrong date is worse than none.
    """
    found: list[DateValue | None] = []
    heading = frame = current = None
    paragraph = None
    by_opening = False
    last_day = None  # the one day the sentence before (in the paragraph) stood on, if it stood on one
    for context in contexts:
        if context.heading:
            heading = context.heading_day()
            found.append(None)
            continue
        if context.sentence.paragraph != paragraph:
            paragraph, current, frame, last_day = context.sentence.paragraph, heading, None, None
        aside = bool(context.dates) and all(_in_concession(context, d) or _yet_to_come(context, d)
                                            for d in context.dates)
        if not context.dates and VAGUELY_LATER.match(context.text):
            # "Over the next days, X attacked Y. They also captured Z.": the narrative has left its day
            # for days it does not name
            found.append(None)
            current = frame = None
            last_day = None
            continue
        if not context.dates and _told_relative_to_another_act(context):
            # "Soon after X captured Y, Z began shelling W": timed by another act, which the sentence does
            # not date; the paragraph's day is no more settled for it than that act's
            found.append(None)
        elif not context.dates and last_day is not None and _told_as_simultaneous(context):
            # "An ISIL counterattack in the early hours of 25 December recaptured the hospital.
            # Meanwhile, 30 civilians were killed": at the time of the sentence before, wherever in it
            # that sentence gave its day
            found.append(NarrativeDay(last_day, False))
        else:
            found.append(None if (context.dates and not aside) or current is None
                         else NarrativeDay(_the_day(current), current is heading and frame is None,
                                           bound=current is not heading and by_opening))
        last_day = _day_stood_on(context, aside, found[-1])
        if context.dates and not aside and not _still_on_the_day(context, current):
            frame = current = opening_day(context)
            by_opening = current is not None and context.text[:current.start].strip().lower() == "by"
        elif not context.dates or aside:
            current = frame or heading
    for index, day in days_told_later(contexts).items():
        if found[index] is None:
            found[index] = NarrativeDay(day, False)
    return found


# Openers that set a sentence at the time of the one before: "Meanwhile, X captured Y".
SIMULTANEOUS = ("meanwhile", "at the same time", "simultaneously", "in the meantime")


# Days after the narrative's that the text does not count, opening a sentence: "Over the next days, ...".
VAGUELY_LATER = re.compile(r"\s*(?:over|in|during|within)\s+the\s+(?:next|following|subsequent)\s+"
                           r"(?:few\s+|several\s+)?(?:days|weeks)\b", re.IGNORECASE)


# Subordinators of a clause opening a sentence that times it by another act: "After X fell, ...".
RELATIVE_OPENERS = frozenset({"after", "before", "once"})


def _told_relative_to_another_act(context: SentenceContext) -> bool:
    """'(Soon) after X captured Y, ...': a subordinator of a clause (a verb of its own, not "After three
    days of shelling, ...") opens the sentence."""
    if context.parse is None or not context.parse.tokens:
        return False
    tokens = context.parse.tokens
    first = 1 if tokens[0].lower_text() in ("soon", "shortly", "just", "immediately") and len(tokens) > 1 else 0
    opener = tokens[first]
    return opener.lower_text() in RELATIVE_OPENERS and opener.dep == "mark" and opener.head.is_verb()


def _told_as_simultaneous(context: SentenceContext) -> bool:
    text = context.text.lower()
    return any(text.startswith(opener) and text[len(opener):len(opener) + 1] in (",", " ") for opener in SIMULTANEOUS)


def _day_stood_on(context: SentenceContext, aside: bool, narrative: NarrativeDay | None) -> DateValue | None:
    """The one day a sentence's own act happened on, for a "Meanwhile, ..." after it: its only day, not a
    bound ("by 3 May") nor the day of what someone said; with no date of its own, the narrative's day."""
    own = context.dates if context.dates and not aside else []
    if not own:
        return narrative.date if narrative is not None else None
    if len({(d.begin, d.end) for d in own}) != 1 or own[0].precision not in ("day", "time-of-day"):
        return None
    before = context.text[:own[0].start].strip().lower()
    if before.endswith(("by", "until", "as of", "since")) or _in_what_was_said(context.parse, own[0]):
        return None
    return _the_day(own[0])


# Relative days that say the narrative is still on the day it was on: "By the end of the day, ...".
SAME_DAY = ("by the end of the day", "by the end of that day", "later that", "that ", "the same day",
            "on the same day", "later in the day", "earlier in the day")


def _still_on_the_day(context: SentenceContext, current: DateValue | None) -> bool:
    """'X took Orsk later in the day. The holdouts had fallen earlier in the day.': a sentence dated only
    by the day the narrative stands on keeps that day for the sentences after it."""
    return current is not None and all(d.relative and d.text.lower().startswith(SAME_DAY)
                                       and d.begin == current.begin for d in context.dates)


def days_told_later(contexts: list[SentenceContext]) -> dict[int, DateValue]:
    """'X said two civilians were killed. By the end of the day, Y reported 27 dead.': a relative day
    that keeps to the day told ("by the end of the day", "later that day") says the paragraph was on
    that day from its start, so the undated sentences before it are of that day too. Returns those
    sentences (by their position in ``contexts``) and the day."""
    days: dict[int, DateValue] = {}
    by_paragraph: dict[int, list[int]] = {}
    for index, context in enumerate(contexts):
        if not context.heading:
            by_paragraph.setdefault(context.sentence.paragraph, []).append(index)
    for indices in by_paragraph.values():
        for position, index in enumerate(indices):
            dates = contexts[index].dates
            if not dates:
                continue
            # opening its sentence, as the narrative's own step ("By the end of the day, ..."); not told
            # in passing ("X reported ...; later that day, ...")
            same_day = dates[0].relative and dates[0].text.lower().startswith(SAME_DAY) \
                and opening_day(contexts[index]) is not None
            if same_day:
                days.update({earlier: dates[0] for earlier in indices[:position] if not contexts[earlier].dates})
            break  # only the paragraph's first dated sentence speaks for what came before it
    return days


# Subordinators of a clause set against the sentence's own line: its date is not the line's.
CONCESSIVE = frozenset({"although", "though", "whereas"})


def _in_concession(context: SentenceContext, date: DateValue) -> bool:
    """'X lost control of Y, although Z did not hold the city until 10 September': a date inside a
    concessive clause dates that clause, not the sentence's own line, and frames nothing after it."""
    return _concessive(context.parse, date)


def _concessive(parse: ParsedSentence | None, date: DateValue) -> bool:
    if parse is None:
        return False
    for token in parse.tokens_in(date.start, date.stop)[:1]:
        for ancestor in token.ancestors():
            if ancestor.dep == "advcl" and any(c.dep == "mark" and c.lower_text() in CONCESSIVE
                                               for c in ancestor.children):
                return True
    return False


def _in_what_was_said(parse: ParsedSentence | None, date: DateValue) -> bool:
    """A date inside the complement of a verb of saying ("stated that they had destroyed ... on 9 June")."""
    from conflict_kg.extract.clauses import ALLEGING, REPORTING

    if parse is None:
        return False
    for token in parse.tokens_in(date.start, date.stop)[:1]:
        for ancestor in token.ancestors():
            if ancestor.dep == "ccomp" and ancestor.head_i != ancestor.i and ancestor.head.is_verb() \
                    and ancestor.head.lemma.lower() in REPORTING | ALLEGING:
                return True
    return False


def _yet_to_come(context: SentenceContext, date: DateValue) -> bool:
    """'The talks ended ..., and said that further negotiations would continue in October': a date of
    what was yet to come when told dates that, not the narrative's line, and frames nothing after it."""
    if context.parse is None:
        return False
    for token in context.parse.tokens_in(date.start, date.stop)[:1]:
        verb = next((a for a in token.ancestors() if a.is_verb()), None)
        if verb is not None and any(c.dep == "aux" and c.lower_text() in ("will", "would", "shall")
                                    for c in verb.children):
            return True
    return False


def _the_day(date: DateValue) -> DateValue:
    """'Late in the afternoon, X offered talks. ... Y claimed that ...': the sentences after it are
    of that day, not of that hour."""
    return dataclasses.replace(date, precision="day") if date.precision == "time-of-day" else date


# What may stand before a day that opens a sentence: "On 19 September, ...", "Late on 3 May, ...".
DAY_OPENERS = ("", "on", "early on", "late on")


def _opens(text: str, date: DateValue) -> bool:
    """'On 17 January, X launched ..., Y stated that ...': a day opening the sentence is the narrative's,
    however the parser hangs the clauses after it."""
    return text[:date.start].strip().lower() in DAY_OPENERS


def opening_day(context: SentenceContext) -> DateValue | None:
    """The sentence's only date when it is a day that opens the sentence ("On 19 September, ...")."""
    # "3 May The toll had reached 50, the army confirmed Wednesday": two names of one day
    if len({(d.begin, d.end) for d in context.dates}) != 1 or context.dates[0].precision not in ("day", "time-of-day"):
        return None
    date = context.dates[0]
    opening = context.text[:date.start].strip().lower()
    # a day told relative to the narrative's ("The next day, ...", "By the end of the day, ...") frames too
    relative_ok = not date.relative or date.text.lower().startswith(NARRATIVE_RELATIVE)
    return date if (opening in DAY_OPENERS or opening == "by") and relative_ok else None


def analyse(document: Document, registry: Registry,
            parses: list[ParsedSentence] | None = None) -> list[SentenceContext]:
    finder = MentionFinder(registry)
    default_year = _year_of_the_lead(document) or infer_default_year(document.text)
    resolver = DateResolver(default_year)
    written = section_years(document.sentences, None)
    # sections whose year is only the document's: nothing in or above them names one
    inferred = {section for section, year in written.items() if year is None}
    years = {section: default_year if year is None else year for section, year in written.items()}
    rollover = YearRollover()
    contexts: list[SentenceContext] = []
    event_years = named_event_years(document.text)
    paragraphs = list(document.paragraphs())
    # the lead, before the first heading, sums the whole story up out of order ("... began on 24 February
    # 2022 ... withdrew on 9 November 2022"): the narrative whose year rolls over starts after it
    headings = [p[0].block == "heading" or _is_heading(p) for p in paragraphs]
    in_lead, lead_told = any(headings), False
    # a title every section is under ("# Zenda offensive") is the document's, no part of its story
    title = len(os.path.commonprefix([p[0].section for p in paragraphs])) if paragraphs else 0
    for paragraph, heading in zip(paragraphs, headings, strict=True):
        if heading:
            in_lead = in_lead and not lead_told  # the title's heading opens the lead, the next one ends it
        else:
            lead_told = True
        resolver.default_year = years.get(paragraph[0].section, default_year)
        if paragraph[0].section in inferred:
            resolver.default_year = rollover.year_for(resolver.default_year)
        # "... launched during the Second X War. It began in mid-May": a paragraph set in a past war
        # the text dates elsewhere ("the Second X War in 2019") is in that war's year
        period = _year_it_is_set_in(paragraph, event_years)
        resolver.default_year = period.begin.year if period is not None else resolver.default_year
        # A year carried over from a section's earlier paragraphs was tried and measured worse on the
        # article (events strict P 0.217 vs 0.224) and no better on the development set: a year
        # holds for its paragraph only, else the document's default year.
        resolver.new_paragraph()
        excerpt = _is_excerpt(document.text, paragraph)
        # A date stays in force to the end of its paragraph only: a later paragraph that gives no
        # date of its own (reactions, analysis) is not dated by whatever came before it.
        in_force: DateValue | None = None
        for sentence in paragraph:
            if not sentence.extracted:
                continue  # a caption, a reference, a hatnote: kept in the text, never read for facts
            anchor_before, anchor_last_before = resolver.anchor, resolver.anchor_last
            last_before = resolver.paragraph_last
            dates = resolver.dates_in(sentence.clean)
            if paragraph[0].section in inferred and not in_lead \
                    and (rolled := rollover.new_year(dates, paragraph[0].section[title:])) is not None:
                # "On 29 December, ... On 2 January, ...": the narrative has gone into the next year
                if resolver.paragraph_year is not None:
                    resolver.paragraph_year = rolled  # "On 29 December 2016, ... . On 2 January, ..."
                resolver.default_year = rolled
                resolver.anchor, resolver.anchor_last = anchor_before, anchor_last_before
                resolver.paragraph_last = last_before
                dates = resolver.dates_in(sentence.clean)
            if not in_lead:
                rollover.saw(dates, paragraph[0].section[title:])
            parse = parses[sentence.index] if parses is not None else None
            if any(_concessive(parse, d) or _in_what_was_said(parse, d) for d in dates):
                # "..., although Z did not hold the city until 10 September. On the same day, ...": the
                # narrative is still on its own day, so a concession's day anchors nothing after it; nor
                # does the day of what someone said had happened ("X stated that they had destroyed
                # targets between 7-9 June. At the end of the day, ...": the narrative's day)
                own_days = [d for d in dates if d.precision in ("day", "time-of-day") and (
                    _opens(sentence.clean, d) or not _concessive(parse, d) and not _in_what_was_said(parse, d))]
                resolver.anchor, resolver.anchor_last = (own_days[-1].begin, own_days[-1].end) if own_days \
                    else (anchor_before, anchor_last_before)
            if heading and not dates:
                # a timeline's heading "May 24" is a date although "May" alone is also a word
                dates = [dataclasses.replace(d, start=max(0, d.start - 3), stop=max(0, d.stop - 3))
                         for d in resolver.dates_in("On " + sentence.clean)]
            day_dates = [d for d in dates if d.precision in ("day", "time-of-day")]
            if day_dates:
                in_force = day_dates[-1]
            elif dates:
                in_force = dates[-1]
            contexts.append(
                SentenceContext(
                    sentence=sentence,
                    mentions=finder.mentions(sentence.clean),
                    demonyms=finder.demonyms(sentence.clean),
                    dates=dates,
                    date_in_force=in_force,
                    registry=registry,
                    parse=parse,
                    heading=heading,
                    excerpt=excerpt,
                    period=period,
                )
            )
    return contexts


# A year written in a date's own words ("3 May 2021"), as against one the resolver supplied ("3 May").
WRITTEN_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")


class YearRollover:
    """The year a narrative has reached when its days pass from the end of one year into the next
    without writing the new year ("On 29 December, ... On 2 January, ..."), for sections whose year
    is only the document's."""

    def __init__(self):
        self.last: datetime.date | None = None  # the latest day or month the narrative told, in text order
        self.last_section: tuple[str, ...] = ()  # the section it was told in
        self.reached: int | None = None

    def year_for(self, year: int | None) -> int | None:
        return self.reached if self.reached is not None and (year is None or self.reached > year) else year

    @staticmethod
    def _told(dates: list[DateValue]) -> list[DateValue]:
        """The days and months a sentence tells in its own words (not "the next day")."""
        return [d for d in dates if not d.relative and d.precision in ("day", "time-of-day", "month")]

    def new_year(self, dates: list[DateValue], section: tuple[str, ...] = ()) -> int | None:
        told = self._told(dates)
        if not told or self.last is None or WRITTEN_YEAR.search(told[0].text):
            return None
        first = told[0].begin
        if first.year == self.last.year and self.last.month >= 10 and first.month <= 3:
            self.reached = first.year + 1
            return self.reached
        if first.year < self.last.year and section[:-1] and section[:-1] == self.last_section[:-1] \
                and self._soon_after(first, self.last):
            # "On 5 January 2016, ..." closing one part of "The battle", then the next part of it with no
            # year of its own: "On 13 January, ..." goes on in 2016, not in the document's 2015 (but a
            # section of another part, "Casualties" after an "Aftermath" of later years, may well go back)
            self.reached = self.last.year
            return self.reached
        return None

    @staticmethod
    def _soon_after(first: datetime.date, last: datetime.date) -> bool:
        """In the year the narrative reached, the day would come within three months after it."""
        moved = _same_day_in(first, last.year)
        return moved is not None and last <= moved <= last + datetime.timedelta(days=92)

    def saw(self, dates: list[DateValue], section: tuple[str, ...] = ()) -> None:
        told = self._told(dates)
        if told:
            self.last = told[-1].begin
            self.last_section = section


def _same_day_in(day: datetime.date, year: int) -> datetime.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


# "the Second Orlandian War in 2019", "the 2008 Tarsian War": a named war and its one year.
WAR_NAME = r"((?:[A-Z][\w'’–-]*\s+){1,4}(?:War|Conflict))"
WAR_IN_YEAR = re.compile(WAR_NAME + r"\s+in\s+(1[89]\d\d|20\d\d)\b")
YEAR_WAR = re.compile(r"\b(1[89]\d\d|20\d\d)\s+" + WAR_NAME)
ANY_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")


def named_event_years(text: str) -> dict[str, int]:
    """The wars the text names with a single year of their own (a name given two years is left out)."""
    seen: dict[str, set[int]] = {}
    for match in WAR_IN_YEAR.finditer(text):
        seen.setdefault(" ".join(match.group(1).split()), set()).add(int(match.group(2)))
    for match in YEAR_WAR.finditer(text):
        seen.setdefault(" ".join(match.group(2).split()), set()).add(int(match.group(1)))
    return {name: years.pop() for name, years in seen.items() if len(years) == 1}


def _year_it_is_set_in(paragraph: list[Sentence], event_years: dict[str, int]) -> DateValue | None:
    """The year of the war a paragraph's opening sentence sets it "during", when the paragraph writes
    no year of its own (its text and offsets: the war's name in the opening sentence)."""
    if not event_years or any(ANY_YEAR.search(sentence.clean) for sentence in paragraph):
        return None
    opening = paragraph[0].clean
    found = [(match, year) for name, year in event_years.items()
             if (match := re.search(r"\bduring\s+the\s+(" + re.escape(name) + ")", opening))]
    if len({year for _, year in found}) != 1:
        return None
    match, year = found[0]
    return DateValue(begin=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), precision="year",
                     text=match.group(1), start=match.start(1), stop=match.end(1), relative=True)


HEADING_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


# "The 2016 Khanasir offensive was ...": the year the article's subject is named with, opening its lead.
LEAD_YEAR = re.compile(r"^(?:The\s+)?((?:19|20)\d\d)\s+[A-Z][^.]*?\s(?:was|is)\s")


def _year_of_the_lead(document: Document) -> int | None:
    """The year the lead sentence's subject is named with ("The 2016 Khanasir offensive was a military
    operation ..."), when the text's own full dates do not write one year at least twice: a single
    "12 February 2017" near the end does not make every "21 February" of the story 2017."""
    lead = next((s for s in document.sentences if s.extracted and s.block != "heading"), None)
    match = LEAD_YEAR.match(lead.clean) if lead is not None else None
    if match is None:
        return None
    written = Counter(int(m.group("y")) for m in EXPLICIT_FULL_DATE.finditer(document.text))
    return int(match.group(1)) if not written or max(written.values()) < 2 else None


def section_years(sentences: list[Sentence], default_year: int | None) -> dict[tuple[str, ...], int | None]:
    """The year a date without one means in each section ("On 12 November" under "2020 war").

    A heading that names one year gives it to its section and the sections under it; else the year
    that more than half of the section's own full dates ("3 May 2021", "May 2021"), and at least
    two, name (for its own text only: a "Background" of earlier years says nothing about the
    "Prelude" under it); else the document's year (conflict_kg.dates.infer_default_year).
    """
    written: dict[tuple[str, ...], list[int]] = {}
    for sentence in sentences:
        if sentence.extracted and sentence.block != "heading":
            written.setdefault(sentence.section, []).extend(
                int(m.group("y")) for m in EXPLICIT_FULL_DATE.finditer(sentence.clean))
    years: dict[tuple[str, ...], int | None] = {}
    for section in {sentence.section for sentence in sentences}:
        own = written.get(section, [])
        common = max(own, key=own.count) if own else None  # ties: the year written first
        named = [found for title in section if len(found := set(HEADING_YEAR.findall(title))) == 1]
        if section and len(set(HEADING_YEAR.findall(section[-1]))) == 1:
            years[section] = int(named[-1].pop())
        elif common is not None and own.count(common) >= 2 and 2 * own.count(common) > len(own):
            years[section] = common  # a clear majority: one glance back ("in May 2015, ...") moves nothing
        elif named:
            years[section] = int(named[-1].pop())  # the nearest heading above that names a year
        else:
            years[section] = default_year
    return years


# An excerpt set apart from the prose (a quotation box, a block quote) shows the marks of a cut
# quotation: it opens with an ellipsis, or an editor's bracketed insertion meets an ellipsis.
EXCERPT_OPENING = re.compile(r"^\s*[\"'“‘]?\s*(?:\.\.\.|…)")
EXCERPT_CUT = re.compile(r"\]\s*(?:\.\.\.|…)|(?:\.\.\.|…)\s*\[(?!\s*\d+\s*\])")  # not "...[16]", a citation


def _is_excerpt(document_text: str, paragraph: list[Sentence]) -> bool:
    # from the start of its line: the sentence splitter leaves an opening "..." out of the first sentence
    line_start = document_text.rfind("\n", 0, paragraph[0].begin) + 1
    opening = document_text[line_start:paragraph[0].begin]
    text = opening + " ".join(sentence.text for sentence in paragraph)
    return bool(EXCERPT_OPENING.match(text) or EXCERPT_CUT.search(text))


def _is_heading(paragraph: list[Sentence]) -> bool:
    """A short line that is not a sentence: a section heading."""
    if len(paragraph) != 1:
        return False
    text = paragraph[0].text.strip()
    return len(text) < 80 and not text.endswith((".", "!", "?", ":", '"', "”", ")"))
