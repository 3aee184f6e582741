"""Date recognition and normalisation (kg/dates.py): each rule, its negatives, context, the article."""

from __future__ import annotations

import datetime
import doctest
import re
import time
from pathlib import Path

import pytest

import conflict_kg.dates
from conflict_kg.dates import PRECISIONS, DateResolver, DateValue, infer_default_year

ARTICLE = Path(__file__).parents[1] / "data" / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt"


def check_value(sentence: str, value: DateValue) -> None:
    assert value.text == sentence[value.start:value.stop]
    assert value.begin <= value.end
    assert value.precision in PRECISIONS


def found(sentence: str, default_year: int | None = 2023, resolver: DateResolver | None = None):
    resolver = resolver or DateResolver(default_year)
    values = resolver.dates_in(sentence)
    for value in values:
        check_value(sentence, value)
    assert [v.start for v in values] == sorted(v.start for v in values)
    return [(v.text, v.begin.isoformat(), v.end.isoformat(), v.precision) for v in values]


def one(sentence: str, default_year: int | None = 2023):
    values = found(sentence, default_year)
    assert len(values) == 1, values
    return values[0]


# ---------------------------------------------------------------------------------------------
# Absolute days, months, years
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("On 19 September 2023, troops moved.", ("19 September 2023", "2023-09-19", "2023-09-19", "day")),
    ("Talks began on 28 September.", ("28 September", "2023-09-28", "2023-09-28", "day")),
    ("It fell on 1st March 2022.", ("1st March 2022", "2022-03-01", "2022-03-01", "day")),
    ("It was signed on September 19, 2023 in Baku.", ("September 19, 2023", "2023-09-19", "2023-09-19", "day")),
    ("Traffic continued until June 15, at which point it stopped.", ("June 15", "2023-06-15", "2023-06-15", "day")),
    ("In September 2023, people fled.", ("September 2023", "2023-09-01", "2023-09-30", "month")),
    ("The decree issued in September was empty.", ("September", "2023-09-01", "2023-09-30", "month")),
    ("Talks were held in Spain on October and later.", ("October", "2023-10-01", "2023-10-31", "month")),
    ("Statements made in May appeared to recognise it.", ("May", "2023-05-01", "2023-05-31", "month")),
    ("In February 2024, talks resumed.", ("February 2024", "2024-02-01", "2024-02-29", "month")),
    ("It was leap: 29 February 2024.", ("29 February 2024", "2024-02-29", "2024-02-29", "day")),
    ("The conflict escalated in 1988, when it began.", ("1988", "1988-01-01", "1988-12-31", "year")),
    ("It has been disputed since 1991.", ("1991", "1991-01-01", "1991-12-31", "year")),
    ("The collapse of the Union in 1991 stated that borders stay.", ("1991", "1991-01-01", "1991-12-31", "year")),
    ("Events of the year 2023 in Armenia.", ("2023", "2023-01-01", "2023-12-31", "year")),
    ("Inhabited by Armenians until 2023, and more.", ("2023", "2023-01-01", "2023-12-31", "year")),
    ("The war (1994) ended.", ("1994", "1994-01-01", "1994-12-31", "year")),
    ("Expulsions took place during the 1990s.", ("1990s", "1990-01-01", "1999-12-31", "year")),
    ("Fighting flared in the early 1990s.", ("early 1990s", "1990-01-01", "1993-12-31", "year")),
])
def test_single_absolute_dates(sentence, expected):
    assert one(sentence) == expected


def test_year_lists_after_a_trigger_give_one_value_each():
    assert [v[0] for v in found("Alerts were issued in 2020, 2021, 2022, and a warning in 2023.")] == [
        "2020", "2021", "2022", "2023"]


@pytest.mark.parametrize("sentence", [
    "100,617 ethnic Armenians fled.",
    "Ruins of a 2,000-year-old Armenian city.",
    "It reaffirmed Resolution 62/243 in the assembly.",
    "Turnout reached 13.6% in the region.",
    "Prices rose to 1950% of the old level.",
    "Parliament voted 60–22 in favour.",
    "Parliament voted 60-22 on the bill.",
    "It was signed in the aftermath of the war.",
    "The 2020 war ended with a ceasefire.",
    "They violated the 2008 United Nations resolution.",
    "A 2024 report was published.",
    "A total of 2000 soldiers and up to 1900 people arrived.",
    "In 1799 and in 2101 nothing counts.",
    "The ceasefire began at 13:00 and talks at 1 pm.",
    "They met on Wednesday and on Friday.",
    "Aliyev may be planning an attack.",
    "Theresa May said so.",
    "It was 29 February 2023, which never existed.",
    "Armenia became the 124th member.",
    "The decree ordered citizens 18 years of age to report.",
])
def test_numbers_and_words_that_are_not_dates(sentence):
    assert found(sentence) == []


def test_time_before_a_date_gives_only_the_date():
    assert found("The ceasefire from 13:00 on 20 September held.") == [
        ("20 September", "2023-09-20", "2023-09-20", "day")]
    assert found("Hostilities ended from 00:00, on 10 November 2020 Moscow time.") == [
        ("10 November 2020", "2020-11-10", "2020-11-10", "day")]


def test_weekday_before_a_date_is_ignored_but_the_date_kept():
    assert found("On Wednesday, 20 September 2023, talks began.") == [
        ("20 September 2023", "2023-09-20", "2023-09-20", "day")]


# ---------------------------------------------------------------------------------------------
# Ranges and parts
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("On 19–20 September 2023 Azerbaijan attacked.",
     ("19–20 September 2023", "2023-09-19", "2023-09-20", "day")),
    ("On 19-20 September fighting raged.", ("19-20 September", "2023-09-19", "2023-09-20", "day")),
    ("Between 19 and 20 September 2023, Azerbaijan attacked.",
     ("Between 19 and 20 September 2023", "2023-09-19", "2023-09-20", "day")),
    ("She visited from 16 to 23 October 2023, and wrote.",
     ("from 16 to 23 October 2023", "2023-10-16", "2023-10-23", "day")),
    ("Targets were destroyed between 7–9 June 2023.", ("between 7–9 June 2023", "2023-06-07", "2023-06-09", "day")),
    ("Report for service between 1 October and 31 October 2023.",
     ("between 1 October and 31 October 2023", "2023-10-01", "2023-10-31", "day")),
    ("It ran from 28 December to 3 January 2024.",
     ("from 28 December to 3 January 2024", "2023-12-28", "2024-01-03", "day")),
    ("It happened on September 19–20, 2023.", ("September 19–20, 2023", "2023-09-19", "2023-09-20", "day")),
    ("He was president from May 2020 to September 2023.",
     ("from May 2020 to September 2023", "2020-05-01", "2023-09-30", "month")),
    ("He was minister from August to September 2023.",
     ("from August to September 2023", "2023-08-01", "2023-09-30", "month")),
    ("Arms imports from 2011 to 2020 rose.", ("from 2011 to 2020", "2011-01-01", "2020-12-31", "year")),
    ("Between 1991 and 2023, Artsakh held land.",
     ("Between 1991 and 2023", "1991-01-01", "2023-12-31", "year")),
    ("The First War (1988–1994) ended.", ("1988–1994", "1988-01-01", "1994-12-31", "year")),
    ("Violations lasted until early October.", ("early October", "2023-10-01", "2023-10-31", "part-of-month")),
    ("The offensive began in mid-October, when it rained.",
     ("mid-October", "2023-10-01", "2023-10-31", "part-of-month")),
    ("The corridor reopened in late September 2023.",
     ("late September 2023", "2023-09-01", "2023-09-30", "part-of-month")),
    ("It closed in late February 2024.", ("late February 2024", "2024-02-01", "2024-02-29", "part-of-month")),
    ("It was cold at the end of January 2021.",
     ("the end of January 2021", "2021-01-01", "2021-01-31", "part-of-month")),
    ("In late 2020, war broke out.", ("late 2020", "2020-09-01", "2020-12-31", "year")),
    ("In early 2020, talks stalled.", ("early 2020", "2020-01-01", "2020-04-30", "year")),
    ("By mid-2020 the talks stalled.", ("mid-2020", "2020-05-01", "2020-08-31", "year")),
    ("Building ended in late August or early September 2023.",
     ("late August or early September 2023", "2023-08-01", "2023-09-30", "part-of-month")),
    # a part of a month at one end only
    ("Strikes went on from July 2015 to late February 2016.",
     ("from July 2015 to late February 2016", "2015-07-01", "2016-02-29", "part-of-month")),
    ("In late June-early July, reporters came.", ("late June-early July", "2023-06-01", "2023-07-31", "part-of-month")),
    ("The offensive took place from the end of May until July 2015.",
     ("from the end of May until July 2015", "2015-05-01", "2015-07-31", "part-of-month")),
])
def test_ranges_and_parts_give_one_spanning_value(sentence, expected):
    assert one(sentence) == expected


def test_and_without_between_does_not_join_two_dates_into_a_range():
    assert found("Talks were held on 20 September and 3 October 2023.") == [
        ("20 September", "2023-09-20", "2023-09-20", "day"),
        ("3 October 2023", "2023-10-03", "2023-10-03", "day"),
    ]


def test_two_days_of_one_month_joined_by_and_are_both_days():
    assert found("On 10 and 11 July, the SDF advanced.") == [("10 and 11 July", "2023-07-10", "2023-07-11", "day")]
    # months or years joined by "and" stay apart: "elections in 2014 and 2018" is not a span
    assert [v[0] for v in found("In March and April, troops massed.")] == ["March", "April"]


@pytest.mark.parametrize("after, expected", [
    ("Over the next four days, the SDF advanced.", ("2023-07-12", "2023-07-15")),
    ("The next day, the SDF withdrew.", ("2023-07-12", "2023-07-12")),
    ("Two days later, the SDF withdrew.", ("2023-07-13", "2023-07-13")),
    ("The previous day, the SDF had massed.", ("2023-07-09", "2023-07-09")),
])
def test_days_counted_forward_from_a_span_of_days_run_from_its_last_day(after, expected):
    resolver = DateResolver(default_year=2023)
    resolver.dates_in("Between 10 and 11 July, the SDF captured two villages.")
    value = resolver.dates_in(after)[0]
    assert (str(value.begin), str(value.end)) == expected


def test_a_descending_day_range_is_not_a_range():
    assert [v[0] for v in found("It ran 20–19 September.")] == ["19 September"]


# ---------------------------------------------------------------------------------------------
# The year of a bare date: paragraph year, default year, deadlines
# ---------------------------------------------------------------------------------------------

def test_bare_date_takes_the_paragraphs_last_explicit_year_then_the_default_after_a_new_paragraph():
    resolver = DateResolver(2023)
    assert found("In late 2020, war broke out.", resolver=resolver)[0][1] == "2020-09-01"
    assert found("A ceasefire came on 10 November.", resolver=resolver)[0][1] == "2020-11-10"
    assert found("It was signed in November.", resolver=resolver)[0][1] == "2020-11-01"
    resolver.new_paragraph()
    assert found("Talks resumed on 10 November.", resolver=resolver)[0][1] == "2023-11-10"


def test_a_deadline_year_does_not_become_the_paragraph_year():
    resolver = DateResolver(2023)
    found("On 28 September, he decreed dissolution by 1 January 2024.", resolver=resolver)
    assert found("However, on 22 December, he retracted it.", resolver=resolver)[0][1] == "2023-12-22"


def test_attributive_years_do_not_set_the_paragraph_year():
    resolver = DateResolver(2023)
    found("On 19 September 2023, in violation of the 2020 ceasefire, troops moved.", resolver=resolver)
    assert found("On 20 September, it ended.", resolver=resolver)[0][1] == "2023-09-20"


def test_without_any_year_a_bare_date_is_skipped():
    assert found("Talks began on 28 September.", default_year=None) == []
    assert found("Talks began in 2020 and on 28 September.", default_year=None) == [
        ("2020", "2020-01-01", "2020-12-31", "year"),
        ("28 September", "2020-09-28", "2020-09-28", "day"),
    ]


@pytest.mark.parametrize("text, year", [
    ("On 19 September 2023 and 20 September 2023, then 1 January 2024.", 2023),
    ("In September 2021, and October 2021; also 3 May 2020.", 2021),
    ("It happened on September 19, 2022 and September 20, 2022, in 2023 and 2023.", 2022),
    ("Only bare years: in 2020 and in 2020.", None),
    ("Ties: 1 May 2020 and 1 May 2021.", 2020),
])
def test_infer_default_year(text, year):
    assert infer_default_year(text) == year


# ---------------------------------------------------------------------------------------------
# Relative expressions and the anchor
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, begin, end, precision", [
    ("Late in the afternoon, leaders agreed.", "2023-09-19", "2023-09-19", "time-of-day"),
    ("In an address that evening, he spoke.", "2023-09-19", "2023-09-19", "time-of-day"),
    ("Later that day, villages fell.", "2023-09-19", "2023-09-19", "day"),
    ("By the end of the day, 27 were dead.", "2023-09-19", "2023-09-19", "day"),
    ("On the same day, aid arrived.", "2023-09-19", "2023-09-19", "day"),
    ("A report released the same day found more.", "2023-09-19", "2023-09-19", "day"),
    ("The next day, talks began.", "2023-09-20", "2023-09-20", "day"),
    ("The following day, talks began.", "2023-09-20", "2023-09-20", "day"),
    ("One day after the offensive, a ceasefire came.", "2023-09-20", "2023-09-20", "day"),
    ("Two days later, talks began.", "2023-09-21", "2023-09-21", "day"),
    ("A week before the fighting, he spoke.", "2023-09-12", "2023-09-12", "day"),
    ("Two weeks before the clashes, it warned.", "2023-09-05", "2023-09-05", "day"),
    ("The paper reported it a month later, citing a source.", "2023-10-01", "2023-10-31", "month"),
    ("A year later, it was over.", "2024-01-01", "2024-12-31", "year"),
    ("The previous day, shelling began.", "2023-09-18", "2023-09-18", "day"),
    ("In the course of the next two days, troops advanced.", "2023-09-20", "2023-09-21", "day"),
    ("Over the following three weeks, talks went on.", "2023-09-20", "2023-10-10", "day"),
    ("During the previous two days, shelling went on.", "2023-09-17", "2023-09-18", "day"),
])
def test_relative_expressions_resolve_against_the_anchor(phrase, begin, end, precision):
    resolver = DateResolver(2023)
    found("On 19 September 2023, the offensive began.", resolver=resolver)
    values = resolver.dates_in(phrase)
    assert len(values) == 1
    value = values[0]
    check_value(phrase, value)
    assert value.relative
    assert (value.begin.isoformat(), value.end.isoformat(), value.precision) == (begin, end, precision)


@pytest.mark.parametrize("phrase", ["The next day, talks began.", "On the same day, aid arrived.",
                                    "A week before the fighting, he spoke."])
def test_relative_expressions_without_an_anchor_are_skipped(phrase):
    resolver = DateResolver(2023)
    assert resolver.dates_in(phrase) == []
    found("Talks stalled in September 2023.", resolver=resolver)  # month precision: still no anchor
    assert resolver.dates_in(phrase) == []


def test_the_anchor_crosses_sentences_and_paragraphs_and_follows_relatives():
    resolver = DateResolver(2023)
    found("On 30 September, the exodus peaked.", resolver=resolver)
    resolver.new_paragraph()
    first = resolver.dates_in("The next day, the last bus left.")
    second = resolver.dates_in("The following day, the city was empty.")
    assert [v.begin for v in first + second] == [datetime.date(2023, 10, 1), datetime.date(2023, 10, 2)]


def test_a_date_earlier_in_the_sentence_is_the_anchor_for_a_relative_later_in_it():
    assert found("Talks failed on 5 May 2021, and the next day fighting resumed.") == [
        ("5 May 2021", "2021-05-05", "2021-05-05", "day"),
        ("the next day", "2021-05-06", "2021-05-06", "day"),
    ]


def test_a_day_range_anchors_at_its_first_day():
    resolver = DateResolver(2023)
    found("Between 19 and 20 September 2023, Azerbaijan attacked.", resolver=resolver)
    found("This violated the 2020 agreement signed in 2020.", resolver=resolver)  # year only: anchor kept
    resolver.new_paragraph()
    values = resolver.dates_in("One day after the offensive started on 20 September, a ceasefire came.")
    assert [(v.text, v.begin, v.relative) for v in values] == [
        ("One day after", datetime.date(2023, 9, 20), True),
        ("20 September", datetime.date(2023, 9, 20), False),
    ]


def test_a_month_later_crosses_the_year_end():
    resolver = DateResolver(2023)
    found("On 15 December 2023, talks began.", resolver=resolver)
    value = resolver.dates_in("A month later, they ended.")[0]
    assert (value.begin, value.end, value.precision) == (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31),
                                                        "month")


# ---------------------------------------------------------------------------------------------
# The real article, the doctests, speed
# ---------------------------------------------------------------------------------------------

def _article_sentences():
    paragraphs = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [re.split(r"(?<=\.) ", paragraph) for paragraph in paragraphs]


def test_the_article():
    text = ARTICLE.read_text(encoding="utf-8")
    assert infer_default_year(text) == 2023
    resolver = DateResolver(infer_default_year(text))
    values = []
    for paragraph in _article_sentences():
        resolver.new_paragraph()
        for sentence in paragraph:
            for value in resolver.dates_in(sentence):
                check_value(sentence, value)
                assert 1900 <= value.begin.year <= 2100 and 1900 <= value.end.year <= 2100
                values.append(value)
    texts = [v.text for v in values]
    # Each kind of expression the article uses is found at least once.
    assert "Between 19 and 20 September 2023" in texts
    assert "from 16 to 23 October 2023" in texts
    assert "late August or early September 2023" in texts
    assert "from May 2020 to September 2023" in texts
    assert any(v.relative for v in values)
    assert {v.precision for v in values} == set(PRECISIONS)
    # Numbers that are not dates stay out.
    assert not any(t in texts for t in ("617", "60–22", "2,000", "243"))


def test_the_article_is_fast():
    sentences = [s for paragraph in _article_sentences() for s in paragraph]
    best = float("inf")
    for _ in range(3):
        resolver = DateResolver(2023)
        began = time.perf_counter()
        for sentence in sentences:
            resolver.dates_in(sentence)
        best = min(best, time.perf_counter() - began)
    assert len(sentences) > 300
    assert best < 0.25  # about 20 ms on a laptop; the bound only catches a pathological pattern


def test_doctests():
    result = doctest.testmod(conflict_kg.dates)
    assert result.attempted > 0
    assert result.failed == 0


def test_a_weekday_is_the_one_nearest_the_narratives_day_backwards_unless_said_to_come():
    resolver = DateResolver(2017)
    resolver.dates_in("On 30 May 2017, troops advanced.")  # a Tuesday
    [tuesday] = resolver.dates_in("They reported that eight fighters had been killed Tuesday.")
    [thursday] = resolver.dates_in("Two militants were among those killed late Thursday.")
    [coming] = resolver.dates_in("Talks will start on Thursday.")
    assert (str(tuesday.begin), str(thursday.begin), str(coming.begin)) == ("2017-05-30", "2017-05-25", "2017-06-01")
    assert tuesday.relative and tuesday.precision == "day"


def test_a_weekday_right_before_a_written_date_is_that_dates_name_not_a_day_of_the_narrative():
    resolver = DateResolver(2017)
    resolver.dates_in("On 28 June 2017, troops advanced.")  # the narrative's day
    assert [(d.text, str(d.begin)) for d in resolver.dates_in("The bishop, on Wednesday, 24 May, asked for prayers.")] \
        == [("24 May", "2017-05-24")]
    assert [(d.text, str(d.begin)) for d in resolver.dates_in("Rebels attacked on Thursday (May 25).")] \
        == [("May 25", "2017-05-25")]


def test_a_weekday_before_a_number_that_is_no_date_is_still_dated():
    resolver = DateResolver(2017)
    resolver.dates_in("On 28 June 2017, troops advanced.")
    [tuesday] = resolver.dates_in("On Tuesday, 40 marchers were shot dead by police.")  # "40 march..." is no date
    assert str(tuesday.begin) == "2017-06-27"


def test_a_relative_date_in_a_paragraph_about_another_year_counts_from_that_paragraphs_dates():
    resolver = DateResolver(2022)
    resolver.dates_in("On 24 February 2022, the siege began.")  # the last day told: 2022
    resolver.new_paragraph()
    resolver.dates_in("In 2014, protests broke out. In early May, militias took the city.")
    [month] = resolver.dates_in("However, the following month, the army recaptured it.")
    assert (str(month.begin), str(month.end)) == ("2014-06-01", "2014-06-30")  # not June 2022
    assert resolver.dates_in("The next day, the militia left.") == []  # no day of 2014 to count from
    resolver.new_paragraph()
    resolver.dates_in("On 3 March, shelling resumed.")
    [day] = resolver.dates_in("The next day, talks began.")
    assert str(day.begin) == "2022-03-04"  # the narrative's own year: as before


# --- the year of a section (documents with headings: kg/extract/context.section_years) ------------

SECTIONED = """# Zenda offensive
The offensive began on 3 May 2023 and ended on 9 May 2023.

## Background
Clashes broke out in March 2020. A truce followed in June 2020, after talks in May 2021.

On 12 November, the first convoy left.

### Prelude
On 2 May, troops massed at the border.

## 2020 war
On 12 November, a ceasefire was signed.

### Aftermath of the war
On 20 November, prisoners were exchanged.

## Reactions
Ruritania condemned the attack in May 2015.

On 5 May, Zenda protested.
"""


def test_a_section_takes_the_year_its_heading_names_or_its_own_dates_clearly_name():
    from conflict_kg.document import Document
    from conflict_kg.extract.context import section_years

    document = Document.from_text("t", SECTIONED, "markdown")
    years = {" › ".join(section): year for section, year in section_years(document.sentences, 2023).items()}
    assert years == {
        "Zenda offensive": 2023,
        "Zenda offensive › Background": 2020,  # two of its three full dates say 2020
        "Zenda offensive › Background › Prelude": 2023,  # the Background's own majority is not its subsection's
        "Zenda offensive › 2020 war": 2020,  # named by the heading
        "Zenda offensive › 2020 war › Aftermath of the war": 2020,  # under a heading that names it
        "Zenda offensive › Reactions": 2023,  # one glance back to 2015 does not move the section
    }


def test_dates_without_a_year_take_their_sections_year():
    from conflict_kg.document import Document
    from conflict_kg.extract.context import analyse
    from conflict_kg.registry import Registry

    document = Document.from_text("t", SECTIONED, "markdown")
    contexts = analyse(document, Registry(entities={}, source=Path("none")))
    found = {c.sentence.text: str(c.dates[0].begin) for c in contexts if c.dates and "On " in c.sentence.text}
    assert found == {"On 12 November, the first convoy left.": "2020-11-12",
                     "On 2 May, troops massed at the border.": "2023-05-02",
                     "On 12 November, a ceasefire was signed.": "2020-11-12",
                     "On 20 November, prisoners were exchanged.": "2020-11-20",
                     "On 5 May, Zenda protested.": "2023-05-05"}


def test_a_glance_back_leaves_the_narrative_on_its_day():
    resolver = DateResolver(2022)
    found("On 9 March, the city was shelled.", resolver=resolver)
    assert found("Shelling had hit the cemetery the previous day.", resolver=resolver)[0][1] == "2022-03-08"
    assert found("Later that day, a hospital was struck.", resolver=resolver)[0][1] == "2022-03-09"
    assert found("The next day, talks began.", resolver=resolver)[0][1] == "2022-03-10"  # forward moves it
    assert found("Later that day, they ended.", resolver=resolver)[0][1] == "2022-03-10"


def test_an_earlier_year_told_in_passing_does_not_move_the_paragraphs_days():
    resolver = DateResolver(default_year=2016)
    resolver.dates_in("On 1 August, the bombing began.")
    resolver.dates_in("He had escaped from prison in 2009.")
    assert [str(d.begin) for d in resolver.dates_in("By 4 August, the district was secured.")] == ["2016-08-04"]
    # a later year sets the paragraph's scene anew
    resolver.dates_in("In 2017, the city was rebuilt.")
    assert [str(d.begin) for d in resolver.dates_in("On 4 August, the market opened.")] == ["2017-08-04"]


ROLLING_OVER = """# Zenda offensive

## The offensive

On 6 November 2016, Ruritanian troops crossed the border.

### Slow advance

On 29 December, the rebels entered Tarsk. On 2 January, they took Lorsk.

### Into the town

On 8 January, the rebels reached Zenda. By 23 February 2017, the town had fallen.
"""


def test_the_narrative_passes_into_the_next_year_without_writing_it():
    from conflict_kg.document import Document
    from conflict_kg.extract.context import analyse
    from conflict_kg.registry import Registry

    document = Document.from_text("t", ROLLING_OVER, "markdown")
    contexts = analyse(document, Registry(entities={}, source=Path("none")))
    found = {d.text: str(d.begin) for c in contexts for d in c.dates}
    assert found == {"6 November 2016": "2016-11-06", "29 December": "2016-12-29", "2 January": "2017-01-02",
                     "8 January": "2017-01-08", "23 February 2017": "2017-02-23"}


CROSSED_IN_A_SIBLING = """# Zenda offensive

## Background

On 17 May 2015, the rebels took Zenda. On 13 July 2015, Ruritanian troops began an offensive. By 9 December 2015,
they had surrounded the town.

## The battle

### Clearing the town

On 3 January 2016, the army retook the town hall. On 5 January 2016, it retook the market. On 8 January, it
cleared the station.

### Clearing the outskirts

On 13 January, the army retook Tarsk.
"""

GOES_BACK_ELSEWHERE = """# Zenda offensive

## The battle

On 17 May 2015, the rebels took Zenda. On 13 July 2015, Ruritanian troops began an offensive. By 9 December 2015,
they had surrounded the town.

## Aftermath

On 2 May 2016, the army reopened the market. On 20 May 2016, the town hall was rebuilt.

## Casualties

On 8 June, the rebels released 20 prisoners.
"""


def test_a_sibling_section_goes_on_in_the_year_the_narrative_reached():
    from conflict_kg.document import Document
    from conflict_kg.extract.context import analyse
    from conflict_kg.registry import Registry

    document = Document.from_text("t", CROSSED_IN_A_SIBLING, "markdown")
    contexts = analyse(document, Registry(entities={}, source=Path("none")))
    found = {d.text: str(d.begin) for c in contexts for d in c.dates}
    # the document writes 2015 most: a section of the battle with no year of its own goes on in 2016
    assert found["13 January"] == "2016-01-13", found
    # a section that is no part of the one the narrative reached its year in may go back to the battle's
    document = Document.from_text("t", GOES_BACK_ELSEWHERE, "markdown")
    contexts = analyse(document, Registry(entities={}, source=Path("none")))
    assert {d.text: str(d.begin) for c in contexts for d in c.dates}["8 June"] == "2015-06-08"


SUMMED_UP_FIRST = """# Zenda offensive

The offensive began on 24 February 2022. Ruritanian forces withdrew from Zenda on 9 November 2022.

## The offensive

### February

On 24 February, Ruritanian troops crossed the border. On 26 February, they took Lorsk.
"""


def test_the_lead_that_sums_the_story_up_does_not_roll_the_year_over():
    from conflict_kg.document import Document
    from conflict_kg.extract.context import analyse
    from conflict_kg.registry import Registry

    document = Document.from_text("t", SUMMED_UP_FIRST, "markdown")
    contexts = analyse(document, Registry(entities={}, source=Path("none")))
    found = {d.text: str(d.begin) for c in contexts for d in c.dates}
    assert found["24 February"] == "2022-02-24" and found["26 February"] == "2022-02-26", found


def test_later_in_the_day_is_the_narratives_day_even_in_a_new_paragraph():
    resolver = DateResolver(2019)
    found("On 17 October, the rebels took half of Tarsk.", resolver=resolver)
    resolver.new_paragraph()
    dates = resolver.dates_in("Later in the day, Ruritania and Zendia agreed to a ceasefire.")
    assert [(str(d.begin), d.precision) for d in dates] == [("2019-10-17", "day")]


def test_a_sentence_dated_by_the_same_day_keeps_the_narrative_on_it():
    from conflict_kg.document import Document
    from conflict_kg.extract.context import analyse, narrative_dates
    from conflict_kg.registry import Registry

    text = ("# Tarsk\n\n## Fall\n\nOn 6 December 2016, the rebels attacked Tarsk. Tarsk was captured later in the "
            "day. The holdouts had fallen earlier in the day. The last nine fighters surrendered during the night.\n")
    contexts = analyse(Document.from_text("t", text, "markdown"), Registry(entities={}, source=Path("none")))
    days = narrative_dates(contexts)
    last = next(i for i, c in enumerate(contexts) if c.text.startswith("The last nine"))
    assert days[last] is not None and str(days[last].date.begin) == "2016-12-06"


def test_days_after_an_event_the_text_names_are_not_counted_from_the_narratives_day():
    resolver = DateResolver(2019)
    found("On 17 October, the rebels encircled Tarsk.", resolver=resolver)
    dates = resolver.dates_in("On 20 October, three days after Tarsk was encircled, the rebels withdrew.")
    assert [d.text for d in dates] == ["20 October"]
    # with no day of its own, the sentence's count is from the narrative's day (the event just told)
    assert [str(d.begin) for d in resolver.dates_in("Two days after the fall of the city, the army left.")] \
        == ["2019-10-22"]


def test_an_approximate_count_of_days_gives_a_window_not_a_day():
    resolver = DateResolver(2016)
    found("On 15 July, the fighting resumed.", resolver=resolver)
    dates = resolver.dates_in("Some 10 days later, the Front captured the port.")
    assert [(str(d.begin), str(d.end)) for d in dates] == [("2016-07-20", "2016-07-30")]
    resolver = DateResolver(2016)
    found("On 15 July, the fighting resumed.", resolver=resolver)
    assert found("Ten days later, the Front captured the port.", resolver=resolver)[0][1] == "2016-07-25"
