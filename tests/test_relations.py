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
