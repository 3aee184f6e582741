"""Extraction: the document and the registry in, plain facts out (no RDF here)."""

from __future__ import annotations

from kg.document import Document
from kg.extract.context import SentenceContext, analyse
from kg.extract.events import extract_events
from kg.extract.facts import Event, Extraction, Figure, Relation, Statement
from kg.extract.figures import extract_figures
from kg.extract.relations import extract_relations
from kg.extract.statements import extract_statements
from kg.registry import Registry

__all__ = ["extract", "Extraction", "Event", "Statement", "Figure", "Relation", "SentenceContext"]


# Which event kinds a count can be the outcome of, most specific first.
FIGURE_EVENTS = {
    "Deaths": ("Killing", "Explosion", "Attack", "Shelling", "MilitaryOffensive"),
    "Injuries": ("Explosion", "Attack", "Shelling", "Killing", "MilitaryOffensive"),
    "Refugees": ("Displacement", "Evacuation", "BorderOpening"),
    "Evacuees": ("Evacuation", "Displacement"),
    "Detainees": ("Detention", "ArrestWarrant"),
    "Prisoners": ("PrisonerExchange",),
    "Aid": ("AidDelivery",),
    "Vehicles": ("WeaponsHandover", "Capture", "AidDelivery", "Displacement"),
}


def extract(document: Document, registry: Registry) -> tuple[list[SentenceContext], Extraction]:
    contexts = analyse(document, registry)
    relations = extract_relations(contexts)
    # Who holds which office, so that "The Turkish President said" finds its speaker.
    office_holders = {(r.predicate, r.object): r.subject for r in relations}
    statements = extract_statements(contexts, office_holders)
    extraction = Extraction(
        events=extract_events(contexts, statements),
        statements=statements,
        figures=extract_figures(contexts, statements),
        relations=relations,
    )
    link_figures_to_events(extraction)
    return contexts, extraction


def link_figures_to_events(extraction: Extraction) -> None:
    """A figure counts the outcome of an event of a fitting kind named in the same sentence."""
    by_sentence: dict[int, dict[str, Event]] = {}
    for event in extraction.events:
        by_sentence.setdefault(event.sentence.index, {}).setdefault(event.kind, event)
    for figure in extraction.figures:
        events = by_sentence.get(figure.sentence.index, {})
        figure.event = next((events[k] for k in FIGURE_EVENTS.get(figure.quantity_kind, ()) if k in events), None)
