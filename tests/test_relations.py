"""Relations the text states (kg/extract/relations.py): who holds which office in what, units, places.
Each case is a construction of English a blind judge found misread (audit rounds 26 and 27), or one
found reading every relation of the annotated articles after them."""

import pytest

from conflict_kg.document import Document
from conflict_kg.extract import extract
from conflict_kg.registry import Entity, Registry

REGISTRY = Registry({e.id: e for e in (
    Entity("yland", "Yland", ("State", "Country"), demonyms=("Ylandish",)),
    Entity("zland", "Zland", ("State", "Country")),
    Entity("mirek-dovan", "Mirek Dovan", ("Person",)),
    Entity("ana-korr", "Ana Korr", ("Person",)),
    Entity("united-nations", "United Nations", ("InternationalOrganization",)),
    Entity("unity-party", "Unity Party", ("Organization",)),
    Entity("hezbar", "Hezbar", ("Organization",)),
    Entity("regional-council", "Tarsk regional council", ("GovernmentBody",)),
    Entity("yland-fleet", "Northern Fleet", ("ArmedForce",), part_of=("yland",)),
    Entity("coastal-brigade", "126th Coastal Brigade", ("ArmedForce",)),
    Entity("tarsk-oblast", "Tarsk Oblast", ("Region",), located_in=("yland",)),
    Entity("oskol-river", "Oskol River", ("Site",)),
    Entity("pisky", "Pisky", ("Village",)),
)})


def relations(text: str):
    _, extraction = extract(Document.from_text("t", text), REGISTRY)
    return {(r.subject, r.predicate, r.object): r for r in extraction.relations}


@pytest.mark.parametrize("text, expected", [
    # a press secretary speaks for the body; a secretary serves it; its Secretary-General heads it
    ("On 13 May 2023, the Press Secretary of the Unity Party Mirek Dovan said that it was over.",
     [("mirek-dovan", "spokespersonOf", "unity-party")]),
    ("The trip by Secretary-General of the United Nations Ana Korr to Zland was short.",
     [("ana-korr", "headOf", "united-nations")]),
    ("Mirek Dovan, Secretary of the Unity Party, spoke.", [("mirek-dovan", "memberOf", "unity-party")]),
    # the person after "an advisor to the head of X," is the advisor, not X's head
    ("An advisor to the head of Tarsk regional council, Ana Korr, posted photos.", []),
    # a unit of a force is part of it, not its state's forces
    ("The Northern Fleet's 126th Coastal Brigade suffered losses.", [("coastal-brigade", "partOf", "yland-fleet")]),
    # a river runs on: "in Tarsk Oblast" places the village by it
    ("Pisky is on the east side of Oskol River in Tarsk Oblast.", []),
    # a deputy minister is no minister; a deputy prime minister is a minister of the government
    ("Ylandish Deputy Defence Minister Mirek Dovan said it was over.", []),
    ("Yland's Deputy Prime Minister Mirek Dovan said it was over.", [("mirek-dovan", "ministerOf", "yland")]),
    # "a senior X leader" is one of its leaders; "the X leader" heads it; a commanding general heads the unit
    ("They hunted Mirek Dovan, a senior Hezbar leader.", [("mirek-dovan", "memberOf", "hezbar")]),
    ("They hunted Mirek Dovan, the Hezbar leader.", [("mirek-dovan", "headOf", "hezbar")]),
    ("During these airstrikes, another Ylandish Hezbar commander, Mirek Dovan, was killed.",
     [("mirek-dovan", "memberOf", "hezbar")]),
    ("Mirek Dovan, commanding general of the Northern Fleet, spoke.", [("mirek-dovan", "headOf", "yland-fleet")]),
    # members counted are no membership of the bodies named before them; a copula says membership
    ("The Unity Party evacuated around 500 members of the Tarsk regional council.", []),
    ("Yland and Zland are both members of the United Nations.",
     [("yland", "memberOf", "united-nations"), ("zland", "memberOf", "united-nations")]),
    # a name inside a hyphenated adjective is not the holder
    ("They tried to capture Mirek Dovan, the leader of the Yland-backed Unity Party.",
     [("mirek-dovan", "headOf", "unity-party")]),
    # "X was a <noun> in Y" places X only for a noun of place
    ("The Battle of Pisky was a consequence of the Tarsk Oblast's long strife.", []),
    ("Pisky is a village in Tarsk Oblast.", [("pisky", "locatedIn", "tarsk-oblast")]),
    # an office of some part of a body is not an office of the whole
    ("The regional Unity Party spokesman Mirek Dovan reported that 19 civilians had been killed.", []),
    ("The Unity Party spokesman Mirek Dovan reported that 19 civilians had been killed.",
     [("mirek-dovan", "spokespersonOf", "unity-party")]),
])
def test_the_relation_the_sentence_states_and_no_other(text, expected):
    assert sorted(relations(text)) == sorted(expected)


def test_an_office_told_as_past_is_marked_former():
    found = relations("Former Ylandish foreign minister Mirek Dovan surrendered.")
    assert found[("mirek-dovan", "foreignMinisterOf", "yland")].former
    found = relations("Ylandish foreign minister Mirek Dovan surrendered.")
    assert not found[("mirek-dovan", "foreignMinisterOf", "yland")].former


def test_former_goes_with_a_demonym_to_the_military_commander_it_qualifies():
    found = relations("The prosecutor issued warrants against former Ylandish President Ana Korr and military commander "
                      "Mirek Dovan.")
    assert found[("mirek-dovan", "headOf", "yland-fleet")].former
    found = relations("The prosecutor issued warrants against Ylandish President Ana Korr and military commander Mirek Dovan.")
    assert not found[("mirek-dovan", "headOf", "yland-fleet")].former
    # a "former" before a demonym of another phrase is not this commander's
    found = relations("Former Ylandish officials said that military commander Mirek Dovan ordered the shelling.")
    assert all(not r.former for (s, p, o), r in found.items() if s == "mirek-dovan" and p == "headOf")


def test_every_office_someone_served_as_is_former():
    text = ("Mirek Dovan is a politician. He served as the foreign minister of Zland from 2007 until the abolishment "
            "of that position in 2017 and as the prime minister of Yland from 2017 until his resignation in 2018.")
    found = relations(text)
    assert found[("mirek-dovan", "foreignMinisterOf", "zland")].former
    assert found[("mirek-dovan", "primeMinisterOf", "yland")].former  # far from "served as"
