import doctest

import conflict_kg.mentions
from conflict_kg.mentions import MentionFinder
from conflict_kg.registry import Entity, Registry


def registry():
    return Registry({
        "nk": Entity("nk", "Nagorno-Karabakh", ("Region",)),
        "karabakh": Entity("karabakh", "Karabakh", ("Region",)),
        "nk-armenians": Entity("nk-armenians", "Nagorno-Karabakh Armenians", ("Population",)),
        "russia": Entity("russia", "Russia", ("State", "Country"), demonyms=("Russian",)),
    })


def test_doctests():
    assert doctest.testmod(conflict_kg.mentions).failed == 0


def test_longest_name_wins_and_parts_of_words_do_not_match():
    finder = MentionFinder(registry())
    found = [(m.text, m.entity_id) for m in finder.mentions(
        "Nagorno-Karabakh Armenians fled Nagorno-Karabakh; Karabakh; Russian troops; Russia's army.")]
    assert found == [("Nagorno-Karabakh Armenians", "nk-armenians"), ("Nagorno-Karabakh", "nk"),
                     ("Karabakh", "karabakh"), ("Russia", "russia")]


def test_offsets_point_at_the_text():
    finder = MentionFinder(registry())
    text = "Peacekeepers left Russia   and Karabakh."
    for mention in finder.mentions(text):
        assert text[mention.start:mention.stop] == mention.text


def test_a_name_whose_first_letter_lowers_to_two_characters_is_found():
    # "İ".lower() is "i" and a combining dot: a key built from it never matched the name as written
    finder = MentionFinder(Registry({"hoca": Entity("hoca", "İsmail Hacıoğlu", ("Person",))}))
    found = finder.mentions("On 12 March, İsmail Hacıoğlu said that 86 people sheltered in the mosque.")
    assert [(m.text, m.entity_id) for m in found] == [("İsmail Hacıoğlu", "hoca")]
