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


def extract(document: Document, registry: Registry) -> tuple[list[SentenceContext], Extraction]:
    contexts = analyse(document, registry)
    statements = extract_statements(contexts)
    return contexts, Extraction(
        events=extract_events(contexts, statements),
        statements=statements,
        figures=extract_figures(contexts, statements),
        relations=extract_relations(contexts),
    )
