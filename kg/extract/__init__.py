"""Extraction: the document and the registry in, plain facts out (no RDF here)."""

from __future__ import annotations

from conflict_kg.document import Document
from conflict_kg.extract.context import SentenceContext, analyse
from conflict_kg.extract.events import extract_events
from conflict_kg.extract.facts import Event, Extraction, Figure, Relation, Statement
from conflict_kg.extract.figures import extract_figures
from conflict_kg.extract.relations import extract_relations
from conflict_kg.extract.statements import extract_statements
from conflict_kg.parse import ParsedSentence, parse_document
from conflict_kg.registry import Registry

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


def extract(document: Document, registry: Registry,
            parses: list[ParsedSentence] | None = None) -> tuple[list[SentenceContext], Extraction]:
    """``parses``: the document's parse (conflict_kg.parse.parse_document), made here when not given."""
    if parses is None:
        parses = parse_document(document)
    contexts = analyse(document, registry, parses)
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
    for node in extraction.events:
        for mention in node.mentions():
            by_sentence.setdefault(mention.sentence.index, {}).setdefault(mention.kind, node)
    for figure in extraction.figures:
        events = by_sentence.get(figure.sentence.index, {})
        figure.event = next((events[k] for k in FIGURE_EVENTS.get(figure.quantity_kind, ()) if k in events), None)
