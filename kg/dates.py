"""Date expressions in English (Wikipedia style): recognised, normalised to a span of days.

Every expression becomes a :class:`DateValue`: the first and last day it covers, a precision, the
words matched and their offsets. Absolute expressions carry their own year or borrow it (a bare
"28 September" takes the paragraph's last explicit year, else the document's usual year); relative
ones ("the next day", "a week before") are resolved against the anchor, the last day-precise date
seen: counted back from its first day, forward from its last ("Between 19 and 20 September ... The
next day": 21 September). Only general rules and lexicons live here: month names, part-of-month words,
relative-day phrases.

>>> resolver = DateResolver(default_year=2023)
>>> [(d.text, str(d.begin), str(d.end), d.precision) for d in resolver.dates_in(
...     "Between 19 and 20 September 2023, troops advanced; fighting went on until early October.")]
[('Between 19 and 20 September 2023', '2023-09-19', '2023-09-20', 'day'), ('early October', '2023-10-01', '2023-10-31', 'part-of-month')]
>>> d = resolver.dates_in("The next day, talks began.")[0]
>>> (d.text, str(d.begin), d.relative)
('The next day', '2023-09-21', True)
>>> [d.text for d in resolver.dates_in("In 2020, 100,617 people and a 2,000-year-old church, 13.6%.")]
['2020']
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

PRECISIONS = ("day", "part-of-month", "month", "year", "time-of-day")


@dataclass(frozen=True)
class DateValue:
    begin: datetime.date  # first day covered
    end: datetime.date  # last day covered (== begin for a single day)
    precision: str  # one of PRECISIONS
    text: str  # the words matched, exactly as in the input
    start: int  # offset of text in the input string (code points)
    stop: int  # end offset (exclusive)
    relative: bool = False  # True when resolved from context ("the next day")


# ----------------------------------------------------------------------------------------------
# Lexicons
# ----------------------------------------------------------------------------------------------

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
# Month names that are also ordinary words or given names count alone only after a trigger word.
AMBIGUOUS_MONTHS = {"May", "March"}
MONTH_TRIGGERS = ("in", "on", "since", "until", "till", "by", "from", "to", "during", "of", "through",
                  "throughout", "before", "after", "last", "next", "this", "that", "early", "mid", "late")
# Prepositions after which a four-digit number standing alone is a year.
YEAR_TRIGGERS = ("in", "since", "of", "from", "until", "till", "by", "after", "before", "during",
                 "through", "to", "year", "around", "circa", "c.")
# After a year, a plural or a collective noun makes it a count ("a total of 2000 soldiers");
# these words end in "s" without being plurals.
NOT_PLURALS = ("was", "has", "as", "is", "its", "his", "this", "thus", "always", "whereas", "across",
               "unless", "perhaps", "besides", "towards", "afterwards", "plus", "less")
COLLECTIVE_NOUNS = ("people", "men", "women", "children", "personnel", "police", "staff", "troops")
# Prepositions that mark a date as a bound ("by 1 January 2024"): its year does not set the scene.
DEADLINE = re.compile(r"\b(?:by|until|till|before|no\s+later\s+than)\s+$", re.IGNORECASE)
# Parts of a month name the month (see _part_span). Parts of a year: four months each.
PART_OF_MONTH = frozenset({"early", "mid", "late"})
PART_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
PART_OF_DECADE = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
PART_SYNONYMS = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
FORWARD = ("after", "later", "next", "following")
# Every relative expression holds one of these; sentences without any skip the relative rules.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_KEYWORDS = ("day", "week", "month", "year", "morning", "afternoon", "evening", "night", *WEEKDAYS)
# What a weekday counts forward from: "talks will start on Thursday" is the coming Thursday.
FUTURE_MARKER = re.compile(r"\b(?:will|shall|next|coming)\b", re.IGNORECASE)
# Relative dates anchored to the narrative's own day, which a reader places without another event.
NARRATIVE_RELATIVE = ("the next", "the following", "the previous", "the preceding", "later", "that", "the same",
                      "on the same", "by the end", "at the end", "late", "early", "on ", *WEEKDAYS)

# ----------------------------------------------------------------------------------------------
# Pattern pieces. Each takes a group name so one regex can hold several of them.
# ----------------------------------------------------------------------------------------------

MONTH_ALT = "|".join(MONTHS)


def _month(name: str) -> str:
    return rf"(?P<{name}>\b(?:{MONTH_ALT})\b)"


def _day(name: str) -> str:
    # Not part of a larger number, a time ("13:00") or a decimal; ordinal suffix allowed.
    return rf"(?<![\d.,:/])(?P<{name}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d|\d)"


def _year(name: str) -> str:
    # Four digits 1800-2100, not part of "100,617", "62/243", "13.6", "2,000-year-old", "2020%".
    return (rf"(?<![\d.,/])(?P<{name}>1[89]\d\d|20\d\d|2100)"
            r"(?![\d%]|[.,/:]\d|[-–]year|\s*(?:%|per\s*cent|percent))")


def _part(name: str) -> str:
    return (rf"(?P<{name}>\b(?:[Ee]arly|[Mm]id|[Ll]ate)|"
            rf"\b(?:[Tt]he\s+)?(?:[Bb]eginning|[Ss]tart|[Mm]iddle|[Ee]nd)\s+of)")


SEP = r"[-–]"
DASH = rf"\s*{SEP}\s*"
RANGE_WORD = r"\s+(?:to|until|till|through|and)\s+"
CONNECT = rf"(?:{DASH}|{RANGE_WORD})"
PART_SEP = r"(?:-|\s+)"

# ----------------------------------------------------------------------------------------------
# Rules for absolute dates. Each finds candidate spans; overlapping candidates are settled by
# "leftmost, then longest" so "Between 19 and 20 September 2023" beats "20 September 2023".
# ----------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int
    stop: int
    build: Callable[[DateResolver, str], DateValue | None]
    explicit_year: int | None = None  # a year written in the expression, for the paragraph's year


def _connector(match: re.Match, pre: str | None, days_of_one_month: bool = False) -> bool:
    """ "and" needs "between", but for two days of one month ("on 10 and 11 July": both days, and
    those between when they are apart: widened, not guessed); "between" needs "and" or a dash
    ("between 7-9 June", as written for "between 7 and 9 June"); dashes and "to" need nothing."""
    conn = match.group("conn").strip().lower()
    first = (pre or "").lower()
    if conn == "and":
        return first == "between" or (days_of_one_month and not first)
    return first != "between" or conn in ("-", "–", "—")


DAY_RANGE_CROSS = re.compile(
    rf"(?:(?P<pre>\b[Bb]etween|\b[Ff]rom)\s+)?{_day('d1')}\s+{_month('m1')}(?:\s+{_year('y1')})?"
    rf"(?P<conn>{CONNECT}){_day('d2')}\s+{_month('m2')}(?:\s+{_year('y2')})?"
)
DAY_RANGE = re.compile(
    rf"(?:(?P<pre>\b[Bb]etween|\b[Ff]rom)\s+)?{_day('d1')}(?P<conn>{CONNECT}){_day('d2')}\s+"
    rf"{_month('m')}(?:\s+{_year('y')})?"
)
US_DAY_RANGE = re.compile(rf"{_month('m')}\s+{_day('d1')}(?P<conn>{DASH}){_day('d2')}(?:,\s*{_year('y')})?")
DAY_MONTH_YEAR = re.compile(rf"{_day('d')}\s+{_month('m')}(?:\s+{_year('y')})?")
MONTH_DAY_YEAR = re.compile(rf"{_month('m')}\s+{_day('d')}(?:,\s*{_year('y')})?")
# "from July 2015 to late February 2016": a part of a month at either end changes no day of the span
# (a part is given as its whole month, _part_span)
MONTH_RANGE = re.compile(
    rf"(?:(?P<pre>\b[Bb]etween|\b[Ff]rom)\s+)?(?:{_part('p1')}{PART_SEP})?{_month('m1')}(?:\s+{_year('y1')})?"
    rf"(?P<conn>{CONNECT})(?:{_part('p2')}{PART_SEP})?{_month('m2')}(?:\s+{_year('y2')})?"
)
# Parts of months joined by "or" / "and" ("late August or early September"); joined by "to" / "until" they are
# MONTH_RANGE's (which comes first among the candidates and spans the same days).
PART_RANGE = re.compile(
    rf"{_part('p1')}{PART_SEP}{_month('m1')}(?:\s+{_year('y1')})?"
    rf"\s+(?:or|and|to|until|through)\s+{_part('p2')}{PART_SEP}{_month('m2')}(?:\s+{_year('y2')})?"
)
PART_MONTH = re.compile(rf"{_part('p')}{PART_SEP}{_month('m')}(?:\s+{_year('y')})?")
PART_DECADE = re.compile(
    rf"(?:(?P<p>\b(?:[Ee]arly|[Mm]id|[Ll]ate)){PART_SEP})?(?<![\d.,/])(?P<decade>1[89]\d0|20\d0)s\b"
)
PART_YEAR = re.compile(rf"{_part('p')}{PART_SEP}{_year('y')}")
MONTH_YEAR = re.compile(rf"{_month('m')}\s+{_year('y')}")
MONTH_ALONE = re.compile(
    rf"(?:\b(?P<trigger>{'|'.join(MONTH_TRIGGERS)})\s+)?{_month('m')}(?!\s*\d)", re.IGNORECASE
)
YEAR_RANGE = re.compile(
    rf"(?:(?P<pre>\b[Bb]etween|\b[Ff]rom)\s+)?{_year('y1')}(?P<conn>{CONNECT}){_year('y2')}"
)
AFTER_YEAR = (rf"(?!\s+(?!(?:{'|'.join(NOT_PLURALS)})\b)"
              rf"(?-i:(?:[a-z]+[^\Wsu]s|{'|'.join(COLLECTIVE_NOUNS)})\b))")
YEAR_AFTER_TRIGGER = re.compile(
    rf"(?:^|(?<=\s)|(?<=\())(?P<trigger>{'|'.join(re.escape(t) for t in YEAR_TRIGGERS)})\s+{_year('y')}{AFTER_YEAR}",
    re.IGNORECASE,
)
YEAR_LIST_NEXT = re.compile(rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_year('y')}{AFTER_YEAR}")
FOUR_DIGITS = re.compile(r"\d\d\d\d")
YEAR_IN_PARENS = re.compile(rf"(?<=\(){_year('y')}(?=\))")


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    if not 1 <= month <= 12 or not 1 <= day <= _last_day(year, month):
        return None
    return datetime.date(year, month, day)


def _int(match: re.Match, name: str) -> int | None:
    value = match.group(name)
    return int(value) if value else None


def _month_of(match: re.Match, name: str) -> int:
    return MONTHS[match.group(name)]


def _part_name(text: str) -> str:
    word = text.lower().split()[-2] if " of" in text.lower() else text.lower()
    return PART_SYNONYMS.get(word, word)


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _plausible_month_alone(match: re.Match) -> bool:
    if match.group("m") in AMBIGUOUS_MONTHS:
        return match.group("trigger") is not None
    return True


class _Rules:
    """The absolute-date rules: each yields candidates for one sentence."""

    @staticmethod
    def candidates(text: str) -> Iterator[_Candidate]:
        # Cheap substring tests first: most sentences hold no month name and no four-digit number.
        if any(name in text for name in MONTHS):
            yield from _Rules.month_candidates(text)
        if FOUR_DIGITS.search(text):
            yield from _Rules.year_candidates(text)

    @staticmethod
    def month_candidates(text: str) -> Iterator[_Candidate]:
        for m in DAY_RANGE_CROSS.finditer(text):
            if _connector(m, m.group("pre")):
                yield _Candidate(m.start(), m.end(), _build_day_range_cross(m), _int(m, "y2"))
        for m in DAY_RANGE.finditer(text):
            if _connector(m, m.group("pre"), days_of_one_month=True) and int(m.group("d1")) < int(m.group("d2")):
                yield _Candidate(m.start(), m.end(), _build_day_range(m, "m"), _int(m, "y"))
        for m in US_DAY_RANGE.finditer(text):
            if int(m.group("d1")) < int(m.group("d2")):
                yield _Candidate(m.start(), m.end(), _build_day_range(m, "m"), _int(m, "y"))
        for m in DAY_MONTH_YEAR.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_day(m), _int(m, "y"))
        for m in MONTH_DAY_YEAR.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_day(m), _int(m, "y"))
        for m in MONTH_RANGE.finditer(text):
            if _connector(m, m.group("pre")):
                yield _Candidate(m.start(), m.end(), _build_month_range(m), _int(m, "y2"))
        for m in PART_RANGE.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_part_range(m), _int(m, "y2"))
        for m in PART_MONTH.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_part_month(m), _int(m, "y"))
        for m in MONTH_YEAR.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_month(m), _int(m, "y"))
        for m in MONTH_ALONE.finditer(text):
            # IGNORECASE serves the trigger words; the month itself must be capitalised.
            if m.group("m") in MONTHS and _plausible_month_alone(m):
                yield _Candidate(m.start("m"), m.end("m"), _build_month(m))

    @staticmethod
    def year_candidates(text: str) -> Iterator[_Candidate]:
        for m in PART_DECADE.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_decade(m))
        for m in PART_YEAR.finditer(text):
            yield _Candidate(m.start(), m.end(), _build_part_year(m), _int(m, "y"))
        for m in YEAR_RANGE.finditer(text):
            y1, y2 = int(m.group("y1")), int(m.group("y2"))
            if _connector(m, m.group("pre")) and y1 < y2:
                yield _Candidate(m.start(), m.end(), _build_years(y1, y2, m.start(), m.end()), y2)
        for m in YEAR_AFTER_TRIGGER.finditer(text):
            year = int(m.group("y"))
            yield _Candidate(m.start("y"), m.end("y"), _build_years(year, year, m.start("y"), m.end("y")), year)
            position = m.end()
            while (more := YEAR_LIST_NEXT.match(text, position)) is not None:
                other = int(more.group("y"))
                yield _Candidate(more.start("y"), more.end("y"),
                                 _build_years(other, other, more.start("y"), more.end("y")), other)
                position = more.end()
        for m in YEAR_IN_PARENS.finditer(text):
            year = int(m.group("y"))
            yield _Candidate(m.start(), m.end(), _build_years(year, year, m.start(), m.end()), year)


def _value(text: str, start: int, stop: int, begin, end, precision: str) -> DateValue | None:
    if begin is None or end is None or begin > end:
        return None
    return DateValue(begin, end, precision, text[start:stop], start, stop)


def _build_day(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        year = resolver.year_for(_int(m, "y"))
        if year is None:
            return None
        day = _safe_date(year, _month_of(m, "m"), int(m.group("d")))
        return _value(text, m.start(), m.end(), day, day, "day")
    return build


def _build_day_range(m: re.Match, month_group: str):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        year = resolver.year_for(_int(m, "y"))
        if year is None:
            return None
        month = _month_of(m, month_group)
        begin = _safe_date(year, month, int(m.group("d1")))
        end = _safe_date(year, month, int(m.group("d2")))
        return _value(text, m.start(), m.end(), begin, end, "day")
    return build


def _build_day_range_cross(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        y2 = resolver.year_for(_int(m, "y2") or _int(m, "y1"))
        if y2 is None:
            return None
        end = _safe_date(y2, _month_of(m, "m2"), int(m.group("d2")))
        y1 = _int(m, "y1") or y2
        begin = _safe_date(y1, _month_of(m, "m1"), int(m.group("d1")))
        if not m.group("y1") and begin and end and begin > end:
            begin = _safe_date(y1 - 1, _month_of(m, "m1"), int(m.group("d1")))
        return _value(text, m.start(), m.end(), begin, end, "day")
    return build


def _build_month(m: re.Match):
    """ "September 2023" (MONTH_YEAR) or "September" alone (MONTH_ALONE, without its trigger word)."""
    explicit = _int(m, "y") if "y" in m.re.groupindex else None
    start, stop = m.start("m"), (m.end("y") if explicit is not None else m.end("m"))

    def build(resolver: DateResolver, text: str) -> DateValue | None:
        year = resolver.year_for(explicit)
        if year is None:
            return None
        month = _month_of(m, "m")
        begin, end = datetime.date(year, month, 1), datetime.date(year, month, _last_day(year, month))
        return _value(text, start, stop, begin, end, "month")
    return build


def _build_month_range(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        y2 = resolver.year_for(_int(m, "y2") or _int(m, "y1"))
        if y2 is None:
            return None
        m1, m2 = _month_of(m, "m1"), _month_of(m, "m2")
        y1 = _int(m, "y1") or (y2 if m1 <= m2 else y2 - 1)
        begin, end = datetime.date(y1, m1, 1), datetime.date(y2, m2, _last_day(y2, m2))
        precision = "part-of-month" if m.group("p1") or m.group("p2") else "month"
        return _value(text, m.start(), m.end(), begin, end, precision)
    return build


def _part_span(year: int, month: int, part: str) -> tuple[datetime.date, datetime.date]:
    """The whole month: where "mid-October" begins and ends is not settled by the text, and a span
    cut at the 10th and 20th would leave out the 21st that a writer may well have meant (the
    annotation guide gives such a date as its month). The precision still says a part was named."""
    assert part in PART_OF_MONTH, part
    return datetime.date(year, month, 1), datetime.date(year, month, _last_day(year, month))


def _build_part_month(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        year = resolver.year_for(_int(m, "y"))
        if year is None:
            return None
        begin, end = _part_span(year, _month_of(m, "m"), _part_name(m.group("p")))
        return _value(text, m.start(), m.end(), begin, end, "part-of-month")
    return build


def _build_part_range(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        y2 = resolver.year_for(_int(m, "y2") or _int(m, "y1"))
        if y2 is None:
            return None
        m1, m2 = _month_of(m, "m1"), _month_of(m, "m2")
        y1 = _int(m, "y1") or (y2 if m1 <= m2 else y2 - 1)
        begin, _ = _part_span(y1, m1, _part_name(m.group("p1")))
        _, end = _part_span(y2, m2, _part_name(m.group("p2")))
        return _value(text, m.start(), m.end(), begin, end, "part-of-month")
    return build


def _build_part_year(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        year = int(m.group("y"))
        first, last = PART_OF_YEAR[_part_name(m.group("p"))]
        begin, end = datetime.date(year, first, 1), datetime.date(year, last, _last_day(year, last))
        return _value(text, m.start(), m.end(), begin, end, "year")
    return build


def _build_decade(m: re.Match):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        decade = int(m.group("decade"))
        first, last = PART_OF_DECADE[m.group("p").lower()] if m.group("p") else (0, 9)
        begin, end = datetime.date(decade + first, 1, 1), datetime.date(decade + last, 12, 31)
        return _value(text, m.start(), m.end(), begin, end, "year")
    return build


def _build_years(first: int, last: int, start: int, stop: int):
    def build(resolver: DateResolver, text: str) -> DateValue | None:
        return _value(text, start, stop, datetime.date(first, 1, 1), datetime.date(last, 12, 31), "year")
    return build


# ----------------------------------------------------------------------------------------------
# Relative expressions, resolved against the anchor day.
# ----------------------------------------------------------------------------------------------

RELATIVE = re.compile(
    r"\b(?:"
    r"(?P<tod_late>(?:late|early)\s+in\s+the\s+(?P<tod1>morning|afternoon|evening|night|day))"
    r"|(?P<tod_that>(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?(?P<tod2>morning|afternoon|evening|night))"
    r"|(?P<that_day>(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?day|(?:later|earlier)\s+in\s+the\s+day)"
    r"|(?P<same_day>the\s+(?:very\s+)?same\s+day)"
    r"|(?P<end_day>(?:by|at|until|before|towards?|near)\s+the\s+end\s+of\s+the\s+day)"
    # "in the next two days", "over the following three weeks": the days after the narrative's day
    r"|(?P<span>the\s+(?P<span_dir>next|following|previous|preceding)\s+(?P<span_n>"
    + "|".join(NUMBER_WORDS) + r"|\d{1,2})\s+(?P<span_unit>day|week)s)"
    r"|(?P<next>the\s+(?P<next_dir>next|following|previous|preceding)\s+"
    r"(?P<next_unit>day|morning|afternoon|evening|night|month|year))"
    r"|(?P<day_around>the\s+day\s+(?P<around_dir>before|after))"
    r"|(?P<count>(?P<n>" + "|".join(NUMBER_WORDS) + r"|\d{1,2})\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<dir>after|later|before|earlier))"
    # "on Tuesday", "late Thursday": the weekday nearest the narrative's day (news style)
    r"|(?P<weekday>(?:(?:late|early)\s+(?:on\s+)?|on\s+)?(?P<wd>" + "|".join(WEEKDAYS) + r"))"
    r")\b",
    re.IGNORECASE,
)


# What may stand between a weekday and the date it names: "Thursday, 5 March", "Friday (March 6)".
WEEKDAY_TO_DATE = re.compile(r"\s*[,(]?\s*(?:the\s+)?")


def _weekday_names_a_date(text: str, end: int) -> bool:
    """A day of a month written right after the weekday (the date patterns' own guards: not "40 marchers")."""
    at = WEEKDAY_TO_DATE.match(text, end).end()
    return bool(DAY_MONTH_YEAR.match(text, at) or MONTH_DAY_YEAR.match(text, at))


def _counted_from_an_event(sentence: str, start: int) -> bool:
    """"three days after the town was encircled": a count from an event the text names (not "two days after,")."""
    match = RELATIVE.match(sentence, start)
    return match is not None and match.group("count") is not None \
        and match.group("dir").lower() in ("after", "before") \
        and re.match(r"\s*(?:[,.;:)]|$)", sentence[match.end():]) is None


# A count of days told as approximate: "some 10 days later", "about two weeks after".
APPROXIMATE_COUNT = re.compile(r"\b(?:some|about|around|approximately|roughly|nearly|almost|over|more\s+than)\s+$",
                               re.IGNORECASE)


def _relative_value(m: re.Match, anchor: datetime.date,
                    last: datetime.date | None = None) -> tuple[datetime.date, datetime.date, str] | None:
    """``anchor``: the first day of the narrative's last days; ``last``: their last day, from which a count
    forward runs ("on 10 and 11 July ... Over the next four days": 12 to 15 July)."""
    last = anchor if last is None else last
    if m.group("tod_late") or m.group("tod_that"):
        return anchor, anchor, "time-of-day"
    if m.group("that_day") or m.group("same_day") or m.group("end_day"):
        return anchor, anchor, "day"
    if m.group("weekday"):
        target = WEEKDAYS.index(m.group("wd").lower())
        if FUTURE_MARKER.search(m.string, 0, m.start()):
            day = anchor + datetime.timedelta(days=(target - anchor.weekday()) % 7 or 7)
        else:  # told in the past: that weekday of the week ending on the narrative's day
            day = anchor - datetime.timedelta(days=(anchor.weekday() - target) % 7)
        return day, day, "day"
    if m.group("day_around"):
        day = last + datetime.timedelta(days=1) if m.group("around_dir").lower() == "after" \
            else anchor - datetime.timedelta(days=1)
        return day, day, "day"
    if m.group("span"):
        n = m.group("span_n").lower()
        days = (NUMBER_WORDS[n] if n in NUMBER_WORDS else int(n)) * (7 if m.group("span_unit").lower() == "week" else 1)
        if m.group("span_dir").lower() in FORWARD:
            return last + datetime.timedelta(days=1), last + datetime.timedelta(days=days), "day"
        return anchor - datetime.timedelta(days=days), anchor - datetime.timedelta(days=1), "day"
    if m.group("next"):
        forward = m.group("next_dir").lower() in FORWARD
        return _offset(last if forward else anchor, 1 if forward else -1, m.group("next_unit").lower())
    n = m.group("n").lower()
    count = NUMBER_WORDS[n] if n in NUMBER_WORDS else int(n)
    sign = 1 if m.group("dir").lower() in FORWARD else -1
    unit = m.group("unit").lower()
    start = last if sign > 0 else anchor
    if unit == "week":
        return _offset(start, sign * 7 * count, "day")
    return _offset(start, sign * count, unit)


def _widened(m: re.Match, anchor: datetime.date, last: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The days an approximate count ("some 10 days later") may mean: half to one and a half times it (forward
    from the last day of the narrative's days, back from the first, as an exact count)."""
    n = m.group("n").lower()
    count = NUMBER_WORDS[n] if n in NUMBER_WORDS else int(n)
    days = count * {"day": 1, "week": 7, "month": 30, "year": 365}[m.group("unit").lower()]
    start = anchor if last is None else last
    near, far = start + datetime.timedelta(days=days // 2), start + datetime.timedelta(days=days * 3 // 2)
    if m.group("dir").lower() not in FORWARD:
        near, far = anchor - datetime.timedelta(days=days * 3 // 2), anchor - datetime.timedelta(days=days // 2)
    return near, far


def _offset(anchor: datetime.date, amount: int, unit: str) -> tuple[datetime.date, datetime.date, str]:
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, amount)
        return datetime.date(year, month, 1), datetime.date(year, month, _last_day(year, month)), "month"
    if unit == "year":
        year = anchor.year + amount
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"
    day = anchor + datetime.timedelta(days=amount)
    return day, day, "day" if unit == "day" else "time-of-day"


# ----------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------

EXPLICIT_FULL_DATE = re.compile(
    rf"(?:{_day('d')}\s+)?{_month('m')}(?:\s+{_day('d2')},)?\s+{_year('y')}"
)


def infer_default_year(document_text: str) -> int | None:
    """The year written most often in full dates ("19 September 2023", "September 2023").

    Ties go to the year written first. ``None`` when the text has no full date.

    >>> infer_default_year("On 1 May 2020 and 3 June 2021, then September 2021; in 1990.")
    2021
    >>> infer_default_year("No dates at all in 1990.") is None
    True
    """
    years = Counter(int(m.group("y")) for m in EXPLICIT_FULL_DATE.finditer(document_text))
    if not years:
        return None
    return max(years, key=lambda y: years[y])  # Counter keeps first-seen order for ties


class DateResolver:
    """Finds the dates of sentences fed in document order, keeping the year and anchor in force.

    >>> r = DateResolver(default_year=2023)
    >>> [(d.text, str(d.begin)) for d in r.dates_in("On 10 November 2020 a ceasefire began.")]
    [('10 November 2020', '2020-11-10')]
    >>> [(d.text, str(d.begin)) for d in r.dates_in("On 12 November, troops left.")]
    [('12 November', '2020-11-12')]
    >>> r.new_paragraph()
    >>> [(d.text, str(d.begin)) for d in r.dates_in("On 12 November, troops left.")]
    [('12 November', '2023-11-12')]
    >>> [(d.text, str(d.begin), d.precision) for d in r.dates_in("A week before the fighting, talks failed.")]
    [('A week before', '2023-11-05', 'day')]
    """

    def __init__(self, default_year: int | None):
        self.default_year = default_year
        self.paragraph_year: int | None = None
        self.anchor: datetime.date | None = None
        self.anchor_last: datetime.date | None = None  # the last day of the anchor's date (a range's end)
        self.paragraph_last: datetime.date | None = None  # the latest date this paragraph wrote, any precision

    def new_paragraph(self) -> None:
        self.paragraph_year = None
        self.paragraph_last = None

    def year_for(self, explicit: int | None) -> int | None:
        if explicit is not None:
            return explicit
        return self.paragraph_year if self.paragraph_year is not None else self.default_year

    def dates_in(self, sentence: str) -> list[DateValue]:
        candidates = list(_Rules.candidates(sentence))
        lowered = sentence.lower()
        if any(word in lowered for word in RELATIVE_KEYWORDS):
            candidates.extend(self._relative_candidates(sentence))
        chosen: list[_Candidate] = []
        for candidate in sorted(candidates, key=lambda c: (c.start, c.start - c.stop)):
            if not chosen or candidate.start >= chosen[-1].stop:
                chosen.append(candidate)
        values = []
        for candidate in chosen:
            value = candidate.build(self, sentence)
            if value is None:
                continue
            if value.relative and any(not v.relative and v.precision in ("day", "time-of-day") for v in values) \
                    and _counted_from_an_event(sentence, candidate.start):
                # "On 20 October, three days after the town was encircled, ...": the sentence's day is
                # given; the count is from another event, not from that day
                continue
            values.append(value)
            glance_back = value.precision == "year" and self.paragraph_last is not None \
                and candidate.explicit_year is not None and candidate.explicit_year < self.paragraph_last.year
            if candidate.explicit_year is not None and not value.relative \
                    and not DEADLINE.search(sentence, 0, value.start) and not glance_back:
                # not a bare earlier year told in passing after the paragraph's own dates ("On 1 August,
                # ... He had escaped from prison in 2009. By 4 August, ...": still the paragraph's year)
                self.paragraph_year = candidate.explicit_year
            if value.precision in ("day", "time-of-day") and not (
                    value.relative and self.anchor is not None and value.begin < self.anchor):
                # "the previous day" glances back; the narrative stays on its day for "later that day"
                self.anchor = value.begin
                self.anchor_last = value.end
            if not value.relative:
                self.paragraph_last = value.begin
        return values


    def _relative_candidates(self, sentence: str) -> Iterator[_Candidate]:
        for m in RELATIVE.finditer(sentence):
            yield _Candidate(m.start(), m.end(), self._relative_builder(m))

    def _relative_builder(self, m: re.Match):
        def build(resolver: DateResolver, text: str) -> DateValue | None:
            if m.group("weekday") and _weekday_names_a_date(text, m.end()):
                return None  # "on Thursday, 5 March": the weekday of the date written after it
            anchor, last = resolver.anchor, resolver.anchor_last
            if anchor is not None and resolver.paragraph_year not in (None, anchor.year):
                # the paragraph tells another year than the last day's ("In 2014, ... in early May, ...
                # the following month"): a month or year later is counted from the paragraph's own
                # latest date; a day later cannot be
                unit = (m.group("next_unit") or m.group("unit") or "day").lower() if (
                    m.group("next") or m.group("count")) else "day"
                anchor = last = resolver.paragraph_last if unit in ("month", "year") else None
            if anchor is None:
                return None
            if _counted_from_an_event(text, m.start()):
                last = anchor  # "one day after the offensive started": from the event, which began the span
            begin, end, precision = _relative_value(m, anchor, last)
            if m.group("count") and APPROXIMATE_COUNT.search(text, 0, m.start()):
                # "some 10 days later": no one day; the window from half to one and a half times the count
                begin, end = _widened(m, anchor, last)
            return DateValue(begin, end, precision, text[m.start():m.end()], m.start(), m.end(), True)
        return build
