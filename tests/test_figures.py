"""Figure rules on small constructed sentences: multipliers, round plurals, bounds, the kind from the
counted noun and its governing word, and the source wherever the sentence names it.

Each sentence is parsed (the English model must be installed) and run through conflict_kg.extract.extract with
the fictional registry of the generality article, so no rule can lean on a name of the real article.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from project_paths import GENERALITY

from conflict_kg.document import Document
from conflict_kg.extract import extract
from conflict_kg.registry import load_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry(GENERALITY / "registry.yaml")


def figures_of(text: str, registry):
    _, extraction = extract(Document.from_text("figures-test", text), registry)
    return extraction.figures


def only(text: str, registry, value: str):
    """The one figure whose value, min or max is ``value``."""
    wanted = Decimal(value)
    found = [f for f in figures_of(text, registry) if wanted in (f.value, f.min_value, f.max_value)]
    assert len(found) == 1, [(f.raw_text, f.value, f.min_value, f.max_value) for f in figures_of(text, registry)]
    return found[0]


# -- numbers, multipliers, round plurals, bounds ---------------------------------------------------------
@pytest.mark.parametrize("text, value, bound", [
    ("About 1.5 million people fled the region.", "1500000", "Approximately"),
    ("The agency said 2 thousand civilians were evacuated.", "2000", "Exact"),
    ("More than 200 soldiers were killed.", "200", "MoreThan"),
    ("200+ soldiers killed", "200", "MoreThan"),
    ("At least 15 civilians were killed.", "15", "AtLeast"),
    ("Up to 20 military vehicles were destroyed.", "20", "AtMost"),
])
def test_multipliers_and_bounds(registry, text, value, bound):
    figure = only(text, registry, value)
    assert figure.bound == bound
    assert Decimal(value) in (figure.value, figure.min_value, figure.max_value)


@pytest.mark.parametrize("text, minimum", [
    ("Thousands of civilians fled the capital.", "1000"),
    ("Tens of thousands of Valdorians fled to Kestria.", "10000"),
    ("Hundreds of thousands of people were displaced.", "100000"),
    ("Hundreds of soldiers were killed.", "100"),
])
def test_round_plurals_are_lower_bounds(registry, text, minimum):
    figure = only(text, registry, minimum)
    assert (figure.bound, figure.min_value, figure.value) == ("AtLeast", Decimal(minimum), None)


def test_dozens_and_several_are_no_figures(registry):
    assert figures_of("Dozens of soldiers and several civilians were killed.", registry) == []


def test_a_range(registry):
    figure = only("Between 50 and 1,000 civilians remain in the town.", registry, "50")
    assert (figure.bound, figure.min_value, figure.max_value) == ("Range", Decimal(50), Decimal(1000))


@pytest.mark.parametrize("text, low, high", [
    ("Eight or nine seriously wounded soldiers were evacuated from Dunmere.", "8", "9"),
    ("An estimated 50 to 100 militants remained in Dunmere.", "50", "100"),
    ("Only 20–30 militants remained in Dunmere.", "20", "30"),
])
def test_two_numbers_joined_by_or_to_or_a_dash_are_a_range(registry, text, low, high):
    figure = only(text, registry, low)
    assert (figure.bound, figure.min_value, figure.max_value, figure.value) == \
        ("Range", Decimal(low), Decimal(high), None)


def test_money_with_a_currency_is_aid_when_given(registry):
    figure = only("Kestria gave 100,000 euros of aid to the families.", registry, "100000")
    assert figure.quantity_kind == "Aid"
    figure = only("Kestria sent $2 million in humanitarian aid to Dunmere.", registry, "2000000")
    assert figure.quantity_kind == "Aid"


# -- kind from the counted noun and the governing word -----------------------------------------------------
@pytest.mark.parametrize("text, value, kind", [
    ("Valdorian forces killed 12 people in Vellin.", "12", "Deaths"),
    ("The shelling caused the death of at least 541 people.", "541", "Deaths"),
    ("Orlandian peacekeepers evacuated 17 people who were injured in the clashes.", "17", "Evacuees"),
    ("Ambulances carried 23 severely injured people to Dunmere.", "23", "Injuries"),
    ("An influx of 40,000 families reached the town.", "40000", "Refugees"),
    ("Tens of thousands of people began to flee the region.", "10000", "Refugees"),
    ("Kestria sent two 20-tonne trucks with food to Dunmere.", "2", "Vehicles"),
    ("Kestria delivered 40 tonnes of humanitarian aid to Dunmere.", "40", "Aid"),
    ("Valdorian forces captured seven tanks, four mortars and two trucks.", "4", "Other"),
    ("The war resulted in thousands of casualties.", "1000", "Other"),
    ("Two soldiers were released in return for 32 prisoners.", "32", "Prisoners"),
    ("The clashes ended with 12 militants captured.", "12", "Prisoners"),
    ("On 12 April, 160 Valdorian servicemen surrendered at the plant.", "160", "Prisoners"),
    ("Valdorian forces captured 60 military posts.", "60", "Other"),  # captured things are no prisoners
])
def test_kind_from_the_counted_noun_and_governing_word(registry, text, value, kind):
    assert only(text, registry, value).quantity_kind == kind


def test_coordinated_counts_share_their_verb(registry):
    figures = figures_of("Mines killed two civilians and four police officers near Vellin.", registry)
    assert {f.value: f.quantity_kind for f in figures} == {Decimal(2): "Deaths", Decimal(4): "Deaths"}


def test_a_part_of_the_figure_before_takes_its_kind(registry):
    text = "Sara Belline said 11 civilians were injured, eight of whom were children."
    assert only(text, registry, "8").quantity_kind == "Injuries"


# -- the source ------------------------------------------------------------------------------------------
def test_according_to_before_the_number(registry):
    figure = only("According to the Valdorian Ministry of Defence, 41 soldiers were killed in Vellin.",
                  registry, "41")
    assert figure.according_to == "valdoria-ministry-of-defence"


def test_according_to_after_the_number(registry):
    figure = only("More than 50 tonnes of aid were delivered to Dunmere, according to the Kestrian Ministry "
                  "of Foreign Affairs.", registry, "50")
    assert figure.according_to == "kestria-ministry-of-foreign-affairs"


def test_a_speaker_who_said_the_number_had_reached(registry):
    figure = only("The Upper Tarsian authorities said the number of refugees from Vellin had reached 100,617 "
                  "on 6 March 2024.", registry, "100617")
    assert figure.according_to == "government-of-upper-tarsia"
    assert figure.quantity_kind == "Refugees"
    assert figure.as_of is not None and str(figure.as_of.begin) == "2024-03-06"


def test_a_consequence_takes_the_source_of_the_sentence_before(registry):
    text = ("According to the Valdorian Ministry of Defence, Valdorian forces opened fire on a car. "
            "As a result five peacekeepers were killed.")
    assert only(text, registry, "5").according_to == "valdoria-ministry-of-defence"


def test_no_source_without_a_speaker(registry):
    assert only("Thousands of civilians fled Vellin.", registry, "1000").according_to is None


# -- as of -------------------------------------------------------------------------------------------------
def test_the_date_of_another_event_is_not_the_figures(registry):
    text = ("On 3 March 2024 Valdoria launched an offensive. After the fighting ended on 6 March, "
            "thousands of civilians began to flee Vellin.")
    figure = only(text, registry, "1000")
    assert figure.as_of is None


def test_a_date_of_the_clause_is_the_figures(registry):
    text = "On 5 March 2024, the Valdorian Ministry of Defence said that 41 soldiers had been killed."
    figure = only(text, registry, "41")
    assert str(figure.as_of.begin) == "2024-03-05"
    assert figure.according_to == "valdoria-ministry-of-defence"


@pytest.mark.parametrize("text", [
    "The town prepared for an influx of 40,000 families.",
    "Kestria promised a payment of 100,000 euros to each family.",
    "The shelling could kill 500 people.",
])
def test_a_number_of_what_may_come_is_no_figure(registry, text):
    _, extraction = extract(Document.from_text("t", text), registry)
    assert extraction.figures == []


def test_the_deceased_are_counted_as_deaths(registry):
    text = "On 3 May 2023, Valdoria returned some 220 deceased Upper Tarsian soldiers to Upper Tarsia."
    assert only(text, registry, "220").quantity_kind == "Deaths"


def test_two_counts_that_share_a_noun_each_count_their_own(registry):
    text = "27 Valdorian and 1 Tarsian civilian killed"
    first, second = only(text, registry, "27"), only(text, registry, "1")
    assert (first.counted_text, second.counted_text) == ("Valdorian civilian", "Tarsian civilian")


def test_counted_things_keep_what_they_carry(registry):
    text = "On 22 May 2023, Valdoria said it had sent two trucks with bread to Dunmere."
    assert only(text, registry, "2").counted_text == "trucks with bread"
    text = "On 22 May 2023, around 4,000 vehicles with about 20,000 people left Dunmere."
    assert only(text, registry, "4000").counted_text == "vehicles"  # a count of its own is not what they carry


def test_civilians_named_by_a_demonym_are_that_people_where_the_registry_knows_it():
    from conflict_kg.registry import Entity, Registry

    registry = Registry({e.id: e for e in (
        Entity("valdoria", "Valdoria", ("State", "Country"), demonyms=("Valdorian",)),
        Entity("valdorians", "Valdorians", ("EthnicGroup",)),
        Entity("tarsia", "Tarsia", ("State", "Country"), demonyms=("Tarsian",)),
    )})
    assert only("27 Valdorian civilians were killed.", registry, "27").of_whom == "valdorians"
    assert only("27 Tarsian civilians were killed.", registry, "27").of_whom == "tarsia"  # no people of that name
    assert only("27 Valdorian soldiers were killed.", registry, "27").of_whom == "valdoria"  # a side's fighters


def test_counted_civilians_are_new_people_not_a_people_named_before():
    from conflict_kg.registry import Entity, Registry

    registry = Registry({e.id: e for e in (
        Entity("dunmere", "Dunmere", ("City",)),
        Entity("valdorian-minority", "Valdorian minority in Tarsia", ("EthnicGroup",),
               aliases=("ethnic Valdorian civilians",)),
    )})
    text = "Ten ethnic Valdorian civilians were killed in Dunmere. Later, 17 civilians were evacuated from Dunmere."
    assert only(text, registry, "10").of_whom == "valdorian-minority"
    assert only(text, registry, "17").of_whom is None


def test_counted_soldiers_are_of_no_side_the_text_does_not_name(registry):
    text = "On 3 May 2023, Valdorian soldiers shelled Dunmere. 85 seriously wounded soldiers were evacuated from Kelmar."
    assert only(text, registry, "85").of_whom is None
    text = "On 3 May 2023, 85 seriously wounded Valdorian soldiers were evacuated from Kelmar."
    assert only(text, registry, "85").of_whom == "valdorian-armed-forces"


def test_people_an_act_was_only_asked_for_are_not_counted_as_its_outcome(registry):
    text = "On 3 May 2023, Mirek Dovan urged the evacuation of 100,000 residents from Dunmere."
    assert only(text, registry, "100000").quantity_kind == "Other"
    text = "On 3 May 2023, the evacuation of 5,000 residents from Dunmere was completed."
    assert only(text, registry, "5000").quantity_kind == "Evacuees"


def test_people_taken_hostage_are_detainees(registry):
    text = "On 15 March 2023, Mirek Dovan accused Valdorian forces of taking around 400 civilians hostage in Dunmere."
    assert only(text, registry, "400").quantity_kind == "Detainees"


@pytest.mark.parametrize("text", ["On 3 May 2023, Mirek Dovan said that four hostages were still being held.",
                                  "On 3 May 2023, there were 40 civilians believed to be still held hostage."])
def test_people_still_held_are_detainees(registry, text):
    assert [f.quantity_kind for f in figures_of(text, registry)] == ["Detainees"]


def test_a_total_of_a_list_is_counted_as_its_verb_says(registry):
    found = figures_of("By 3 May 2023, a total of 163 Tarsian soldiers, 15 civilians and 35 members of the Valdorian "
                       "forces were killed in clashes.", registry)
    assert [(f.raw_text, f.quantity_kind) for f in found][:2] == [("163 Tarsian soldiers", "Deaths"),
                                                                  ("15 civilians", "Deaths")]
    # the civilians are no one's forces: a conjunct's owner is not theirs
    assert found[1].of_whom is None


def test_bodies_found_count_deaths(registry):
    found = figures_of("On 3 May 2023, the bodies of 11 soldiers were found in Dunmere.", registry)
    assert [f.quantity_kind for f in found] == ["Deaths"]


@pytest.mark.parametrize(("text", "raw"), [
    ("On 3 May 2023, 35 members of the Valdorian forces were killed.", "35 members"),
    ("On 3 May 2023, the army killed 20 VLF members near Dunmere.", "20 VLF members"),
])
def test_members_are_counted(registry, text, raw):
    assert [(f.raw_text, f.quantity_kind) for f in figures_of(text, registry)] == [(raw, "Deaths")]


def test_a_word_before_members_counts_only_when_it_is_a_name(registry):
    assert figures_of("On 3 May 2023, at least two of the wives of members of the VLF called for an evacuation.",
                      registry) == []


@pytest.mark.parametrize("text", ["On 23 April 2023, two Valdorian generals were killed in Kelmar.",
                                  "On 23 April 2023, two Valdorian commanders were killed in Kelmar."])
def test_generals_and_commanders_are_counted_people(registry, text):
    figure = only(text, registry, "2")
    assert figure.quantity_kind == "Deaths" and figure.bound == "Exact"


def test_nouns_joined_to_the_counted_one_with_no_number_of_their_own_are_counted_with_it(registry):
    f = only("On 4 May 2023, 12 women and children left Dunmere.", registry, "12")
    assert (f.raw_text, f.counted_text) == ("12 women and children", "women and children")
    # two numbers: two counts, each of its own noun
    assert [(f.raw_text, f.counted_text) for f in figures_of("On 4 May 2023, 15 women and 20 children left Dunmere.",
                                                             registry)] == [("15 women", "women"), ("20 children", "children")]
    # whose they all were the text does not say: not the army's, though "Valdorian soldiers" alone would be
    f = only("On 4 May 2023, around 300 Valdorian soldiers and civilians were killed in Dunmere.", registry, "300")
    assert f.counted_text == "Valdorian soldiers and civilians" and f.of_whom is None


@pytest.mark.parametrize("text", [
    "On 4 May 2023, aircraft dropped four 500 pound bombs on Dunmere.",
    "On 4 May 2023, Valdorian forces fired 122 mm rockets at Dunmere.",
])
def test_a_measure_before_a_noun_is_what_a_thing_weighs_not_a_count(text, registry):
    assert [f.raw_text for f in figures_of(text, registry) if f.value in (500, 122)] == []


def test_a_count_an_including_list_or_along_with_adds_shares_the_kind_of_what_happened(registry):
    text = "On 3 May 2023, Valdorian forces attacked Dunmere, killing 17 soldiers, including seven officers."
    assert only(text, registry, "7").quantity_kind == "Deaths"
    text = "On 3 May 2023, 12 Tarsian soldiers were killed in Dunmere, along with 13 civilians."
    assert only(text, registry, "13").quantity_kind == "Deaths"


def test_people_an_act_left_dead_or_wounded_are_its_deaths_or_injuries(registry):
    text = "On 3 May 2023, the assault on Dunmere left 30 Tarsian militants and 30 Valdorian soldiers dead."
    found = {f.raw_text: f.quantity_kind for f in figures_of(text, registry)}
    assert set(found.values()) == {"Deaths"}, found


def test_any_currency_sign_marks_money_whatever_noun_follows(registry):
    figure = only("On 3 May 2023, Valdoria allocated ₱35 million as aid for displaced residents of Dunmere.",
                  registry, "35000000")
    assert (figure.quantity_kind, figure.bound) == ("Aid", "Exact")
    for sign in ("₱", "₦", "₺", "HK$"):  # signs no list of the project names
        figure = only(f"On 3 May 2023, Valdoria paid {sign}12 million in aid to Dunmere.", registry, "12000000")
        assert figure.quantity_kind == "Aid", sign


def test_a_list_under_the_subject_of_an_active_verb_did_not_undergo_it(registry):
    text = "On 3 May 2023, 400 Valdorian soldiers, including 30 officers, killed 12 Tarsian soldiers in Dunmere."
    assert only(text, registry, "30").quantity_kind != "Deaths"


def test_a_currency_signs_country_letters_are_capitals(registry):
    figure = only("On 3 May 2023, Valdoria paid us$12 million in aid to Dunmere.", registry, "12000000")
    assert not figure.raw_text.startswith("us"), figure.raw_text
