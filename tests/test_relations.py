"""Relations the text states (kg/extract/relations.py): who holds which office in what, units, places.
Each test is a construction of English a blind judge found misread (audit round 26)."""

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


def test_a_press_secretary_speaks_for_the_body_and_does_not_head_it():
    found = relations("On 13 May 2023, the Press Secretary of the Unity Party Mirek Dovan said that it was over.")
    assert ("mirek-dovan", "spokespersonOf", "unity-party") in found
    assert not any(p == "headOf" for _, p, _ in found)


def test_the_secretary_general_heads_the_organisation_and_a_secretary_only_serves_it():
    found = relations("The trip by Secretary-General of the United Nations Ana Korr to Zland was short.")
    assert list(found) == [("ana-korr", "headOf", "united-nations")]
    found = relations("Mirek Dovan, Secretary of the Unity Party, spoke.")
    assert list(found) == [("mirek-dovan", "memberOf", "unity-party")]


def test_the_person_after_an_advisor_to_an_office_is_the_advisor():
    found = relations("An advisor to the head of Tarsk regional council, Ana Korr, posted photos.")
    assert ("ana-korr", "headOf", "regional-council") not in found


def test_an_office_told_as_past_is_marked_former():
    found = relations("Former Ylandish foreign minister Mirek Dovan surrendered.")
    assert found[("mirek-dovan", "foreignMinisterOf", "yland")].former
    found = relations("Ylandish foreign minister Mirek Dovan surrendered.")
    assert not found[("mirek-dovan", "foreignMinisterOf", "yland")].former


def test_a_unit_of_a_force_is_part_of_it_not_its_states_forces():
    found = relations("The Northern Fleet's 126th Coastal Brigade suffered losses.")
    assert list(found) == [("coastal-brigade", "partOf", "yland-fleet")]


def test_a_river_is_not_placed_in_the_region_a_settlement_by_it_lies_in():
    found = relations("Pisky is on the east side of Oskol River in Tarsk Oblast.")
    assert ("oskol-river", "locatedIn", "tarsk-oblast") not in found


def test_a_deputy_minister_is_no_minister_and_a_deputy_prime_minister_is_one():
    assert not relations("Ylandish Deputy Defence Minister Mirek Dovan said it was over.")
    found = relations("Yland's Deputy Prime Minister Mirek Dovan said it was over.")
    assert list(found) == [("mirek-dovan", "ministerOf", "yland")]


def test_a_senior_leader_is_one_of_its_leaders_and_the_commanding_general_heads_it():
    assert list(relations("They hunted Mirek Dovan, a senior Hezbar leader.")) == [("mirek-dovan", "memberOf", "hezbar")]
    assert list(relations("They hunted Mirek Dovan, the Hezbar leader.")) == [("mirek-dovan", "headOf", "hezbar")]
    assert list(relations("Mirek Dovan, commanding general of the Northern Fleet, spoke.")) == [
        ("mirek-dovan", "headOf", "yland-fleet")]


def test_members_counted_are_not_the_membership_of_the_bodies_named_before():
    assert not relations("The Unity Party evacuated around 500 members of the Tarsk regional council.")
    found = relations("Yland and Zland are both members of the United Nations.")
    assert set(found) == {("yland", "memberOf", "united-nations"), ("zland", "memberOf", "united-nations")}


def test_a_name_inside_a_hyphenated_adjective_is_not_the_holder():
    found = relations("They tried to capture Mirek Dovan, the leader of the Yland-backed Unity Party.")
    assert list(found) == [("mirek-dovan", "headOf", "unity-party")]


def test_a_place_is_in_a_place_only_as_a_noun_of_place_says():
    assert not relations("The Battle of Pisky was a consequence of the Tarsk Oblast's long strife.")
    assert list(relations("Pisky is a village in Tarsk Oblast.")) == [("pisky", "locatedIn", "tarsk-oblast")]


def test_every_office_someone_served_as_is_former():
    text = ("Mirek Dovan is a politician. He served as the foreign minister of Zland from 2007 until the abolishment "
            "of that position in 2017 and as the prime minister of Yland from 2017 until his resignation in 2018.")
    found = relations(text)
    assert found[("mirek-dovan", "foreignMinisterOf", "zland")].former
    assert found[("mirek-dovan", "primeMinisterOf", "yland")].former  # far from "served as"


def test_a_regional_office_is_not_an_office_of_the_whole():
    assert not relations("The regional Unity Party spokesman Mirek Dovan reported that 19 civilians had been killed.")
    assert list(relations("The Unity Party spokesman Mirek Dovan reported that 19 civilians had been killed.")) == [
        ("mirek-dovan", "spokespersonOf", "unity-party")]
