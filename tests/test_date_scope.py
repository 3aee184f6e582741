"""An event the text dates only by its beginning ("In December 2022, X began blockading Y") carries
`ckg:dateScope ckg:Onset`: its dates bound when it began, not how long it went on. One dated only by
the day it had happened by ("X retook Vellin by 9 May") carries only `ckg:latestDate`: no begin or end
date that a query for a period would match."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from project_paths import GENERALITY
from rdflib.namespace import RDF, RDFS

from conflict_kg.corpus import SourceDocument
from conflict_kg.document import Document
from conflict_kg.emit import Graphs, emit_document
from conflict_kg.export import QuickStatementsExporter
from conflict_kg.extract import extract
from conflict_kg.namespaces import CKG
from conflict_kg.registry import load_registry

TEXT = ("In December 2022, Valdoria began blockading Upper Tarsia. "
        "On 3 May 2023, Valdorian forces began an assault on Kelmar. "
        "On 4 May 2023, Valdoria launched an offensive against Upper Tarsia. "
        "On 5 May 2023, Valdorian forces shelled Dunmere. "
        "Valdoria retook Vellin by 9 May 2023. "
        "By 12 May 2023, Valdorian forces had withdrawn from Dunmere, whereupon Orlandia attacked Kelmar.")


@pytest.fixture(scope="module")
def extracted():
    registry = load_registry(GENERALITY / "registry.yaml")
    document = Document.from_text("scope", TEXT)
    contexts, extraction = extract(document, registry)
    return document, registry, contexts, extraction


def test_begin_and_start_date_the_onset_only(extracted):
    *_, extraction = extracted
    scope = {e.kind: e.scope for e in extraction.events if e.date is not None}
    assert scope["Blockade"] == scope["Attack"] == "Onset"  # "began blockading", "began an assault"
    assert scope["MilitaryOffensive"] == "Onset"  # "launched an offensive on 4 May": its first day
    assert scope["Shelling"] is None


def test_an_offensive_launched_over_a_span_of_days_is_dated_by_all_of_it():
    registry = load_registry(GENERALITY / "registry.yaml")
    text = "Between 3 and 4 May 2023, Valdoria launched an offensive against Upper Tarsia."
    _, extraction = extract(Document.from_text("span", text), registry)
    offensive = next(e for e in extraction.events if e.kind == "MilitaryOffensive")
    assert (str(offensive.date.begin), str(offensive.date.end), offensive.scope) == ("2023-05-03", "2023-05-04", None)


def test_a_by_date_of_the_events_own_clause_is_the_day_it_had_happened_by(extracted):
    *_, extraction = extracted
    by = {e.kind: (e.scope, e.date and str(e.date.end)) for e in extraction.events}
    assert by["Capture"] == ("Completion", "2023-05-09")  # "retook Vellin by 9 May 2023"
    assert by["Withdrawal"] == ("Completion", "2023-05-12")  # "By 12 May 2023, ... had withdrawn"
    # what followed ("whereupon Orlandia attacked") may have come after that day: undated
    orlandian = [e for e in extraction.events if e.kind == "Attack" and "orlandia" in e.agents]
    assert orlandian and all(e.date is None for e in orlandian)


def emitted(document, registry, contexts, extraction) -> Graphs:
    source = SourceDocument(id=document.doc_id, path=GENERALITY / "article.txt", title="t",
                            source_url="https://example.org/t",
                            license_url="https://creativecommons.org/licenses/by-sa/4.0/", attribution="a",
                            registry=GENERALITY / "registry.yaml")
    graphs = Graphs()
    emit_document(source, document, contexts, extraction, registry, graphs)
    return graphs


@pytest.fixture(scope="module")
def graphs(extracted):
    return emitted(*extracted)


def test_the_node_says_its_dates_bound_the_onset_and_its_label_says_from(graphs):
    facts = graphs.facts_of("scope")
    blockade = next(facts.subjects(RDF.type, CKG.Blockade))
    shelling = next(facts.subjects(RDF.type, CKG.Shelling))
    assert (blockade, CKG.dateScope, CKG.Onset) in facts
    assert (shelling, CKG.dateScope, None) not in facts
    assert "(from 2022-12-01/2022-12-31)" in str(facts.value(blockade, RDFS.label))
    capture = next(facts.subjects(RDF.type, CKG.Capture))
    assert str(facts.value(capture, CKG.latestDate)) == "2023-05-09"
    assert (capture, CKG.beginDate, None) not in facts and (capture, CKG.dateScope, None) not in facts
    assert "(by 2023-05-09)" in str(facts.value(capture, RDFS.label))


def test_the_wikidata_export_gives_an_onset_a_start_time_only(graphs):
    store = ox.Store()
    for graph in (graphs.provenance, graphs.facts_of("scope")):
        store.load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    exporter = QuickStatementsExporter(store)
    facts = graphs.facts_of("scope")
    blockade = next(facts.subjects(RDF.type, CKG.Blockade))
    shelling = next(facts.subjects(RDF.type, CKG.Shelling))
    dated = {line[1]: line[2] for line in exporter.event_commands(str(blockade)) if len(line) > 2 and line[1] in ("P580", "P582", "P585")}
    assert dated == {"P580": "+2022-12-00T00:00:00Z/10"}  # began then; no end, no point in time
    dated = {line[1]: line[2] for line in exporter.event_commands(str(shelling)) if len(line) > 2 and line[1] in ("P580", "P582", "P585")}
    assert dated == {"P585": "+2023-05-05T00:00:00Z/11"}
    capture = next(facts.subjects(RDF.type, CKG.Capture))
    dated = [line[1:5] for line in exporter.event_commands(str(capture)) if len(line) > 2 and line[1] == "P585"]
    assert dated == [["P585", "somevalue", "P1326", "+2023-05-09T00:00:00Z/11"]]  # when unknown, by then


def events_of(text: str) -> list:
    _, extraction = extract(Document.from_text("told", text), load_registry(GENERALITY / "registry.yaml"))
    return extraction.events


def test_what_went_on_while_a_clause_bounded_by_a_day_happened_had_happened_by_it_too():
    capture = next(e for e in events_of("By 12 May 2023, Valdorian forces had surrounded Dunmere, while having "
                                        "taken control of Kelmar.") if e.kind == "Capture")
    assert (capture.scope, str(capture.date.end)) == ("Completion", "2023-05-12")


def test_what_a_dated_clause_came_after_had_happened_by_its_day():
    surrender = next(e for e in events_of("Fighting in Dunmere ended on 16 May 2023 after Orlandian peacekeepers "
                                          "surrendered at Kelmar.") if e.kind == "Surrender")
    assert (surrender.scope, str(surrender.date.end)) == ("Completion", "2023-05-16")


def test_a_past_perfect_on_a_day_had_happened_by_it_unless_it_is_someones_words():
    evacuation = next(e for e in events_of("On 6 May 2023, some 500 civilians had been evacuated from Dunmere.")
                      if e.kind == "Evacuation")
    assert (evacuation.scope, str(evacuation.date.end)) == ("Completion", "2023-05-06")
    # reported speech moves the tense back: the day is the event's own
    detention = next(e for e in events_of("The men said that they had been taken captive by Valdorian forces on "
                                          "27 May 2023 in Dunmere.") if e.kind == "Detention")
    assert (detention.scope, str(detention.date.begin)) == (None, "2023-05-27")
    # set off by a comma at the end, the day may be when it was said: by that day, no more
    capture = next(e for e in events_of("The Valdorian army stated that it had secured most of Kelmar, on 16 May "
                                        "2023.") if e.kind == "Capture")
    assert (capture.scope, str(capture.date.end)) == ("Completion", "2023-05-16")


def test_a_count_as_of_a_day_had_happened_by_it_a_state_held_on_it():
    fled = next(e for e in events_of("10,617 Tarsians fled Upper Tarsia as of 3 October 2023.")
                if e.kind == "Displacement")
    assert (fled.scope, str(fled.date.end)) == ("Completion", "2023-10-03")
    # no count: not a tally ("As of 3 October, fighting continued" tells a state)
    assert not [e for e in events_of("Civilians fled Upper Tarsia as of 3 October 2023.")
                if e.kind == "Displacement" and e.scope == "Completion"]


def test_the_end_of_the_day_is_the_narratives_day_not_a_day_someone_spoke_of():
    capture = next(e for e in events_of("On 10 June 2023, Valdorian forces entered Kelmar. Mirek Dovan stated that "
                                        "they had shelled Dunmere on 7 June. At the end of the day, Valdorian "
                                        "forces captured Vellin.") if e.kind == "Capture")
    assert str(capture.date.begin) == str(capture.date.end) == "2023-06-10"


def test_what_was_confirmed_on_a_day_had_happened_by_it():
    capture = next(e for e in events_of("On 12 May 2023, Valdorian forces shelled Dunmere. Meanwhile, it was confirmed "
                                        "Valdorian forces also took control of Kelmar.") if e.kind == "Capture")
    assert (capture.scope, str(capture.date.end)) == ("Completion", "2023-05-12")


def test_what_a_war_that_ended_in_a_year_left_had_come_about_by_then():
    capture = next(e for e in events_of("The conflict triggered a war that ended in 1994 with Upper Tarsia losing "
                                        "control of Kelmar to Valdorian forces.") if e.kind == "Capture")
    assert (capture.scope, str(capture.date.end)) == ("Completion", "1994-12-31")


def test_a_past_act_told_aside_in_a_days_narrative_had_happened_by_that_day():
    visit = next(e for e in events_of("On 2 October 2023, the last bus left Dunmere. Journalists who visited Kelmar "
                                      "said the town was abandoned.") if e.kind == "Visit")
    assert (visit.scope, str(visit.date.end)) == ("Completion", "2023-10-02")
    # not what is told as coming after it
    found = [e for e in events_of("On 2 October 2023, residents fled Dunmere before Valdorian forces captured the "
                                  "town.") if e.kind == "Capture"]
    assert found and found[0].date is None


def test_what_was_told_by_a_day_had_happened_by_that_day():
    capture = next(e for e in events_of("By 12 May 2023, it was reported that Valdorian forces had captured Kelmar.")
                   if e.kind == "Capture")
    assert (capture.scope, str(capture.date.end)) == ("Completion", "2023-05-12")


def test_what_was_told_on_a_day_had_happened_by_that_day():
    told = {e.kind: e for e in events_of("On 7 May 2023, Orlandia claimed that Valdorian forces had shelled Dunmere. "
                                         "On 8 May 2023, Mirek Dovan said that Valdorian forces captured Kelmar on "
                                         "6 May 2023.")}
    shelling, capture = told["Shelling"], told["Capture"]
    assert (shelling.status, shelling.scope, str(shelling.date.end)) == ("alleged", "Completion", "2023-05-07")
    assert (capture.scope, str(capture.date.begin)) == (None, "2023-05-06")  # its own date first


def test_what_someone_said_was_done_on_the_narratives_day_was_done_by_then():
    events = events_of("On 7 May 2023, Valdorian forces shelled Dunmere. Mirek Dovan said that Orlandian "
                       "peacekeepers were killed. Sara Belline said that Valdorian forces were shelling Kelmar.")
    killing = next(e for e in events if e.kind == "Killing")
    assert (killing.status, killing.scope, str(killing.date.end)) == ("reported", "Completion", "2023-05-07")
    # going on as she spoke ("were shelling"): that day itself
    ongoing = [e for e in events if e.status == "reported" and e.kind != "Killing"]
    assert ongoing and all(e.scope is None and str(e.date.begin) == "2023-05-07" for e in ongoing)


def test_a_node_told_once_by_its_day_and_once_by_its_month_is_dated_by_the_day():
    text = ("On 28 May 2023, Mirek Dovan signed a decree dissolving the council. On 28 May 2023, Mirek Dovan "
            "signed a decree ending the republic. In June 2023, Dovan said that the decree issued in May 2023 "
            "was empty paper.")
    document = Document.from_text("nested", text)
    registry = load_registry(GENERALITY / "registry.yaml")
    facts = emitted(document, registry, *extract(document, registry)).facts_of("nested")
    decree = next(facts.subjects(RDF.type, CKG.Decree))
    assert str(facts.value(decree, CKG.mentionCount)) == "3"
    # "the decree issued in May" says less of the same day; a day range would still span its days
    assert (str(facts.value(decree, CKG.beginDate)), str(facts.value(decree, CKG.endDate))) == ("2023-05-28", "2023-05-28")


def test_a_claim_after_an_hour_of_the_day_is_of_that_day_and_its_participle_done_by_then():
    told = {e.kind: e for e in events_of("On 3 May 2023, Valdoria invaded Kestria. Late in the afternoon, Valdoria "
                                         "offered talks. Mirek Dovan claimed that Orlandian forces attacked Dunmere "
                                         "with heavy weapons, killing one civilian.")}
    for kind in ("Attack", "Killing"):  # "killing" is told as "attacked" is: done by the day of the claim
        event = told[kind]
        assert (event.date.precision, str(event.date.end), event.scope) == ("day", "2023-05-03", "Completion"), kind
