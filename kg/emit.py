"""Turn the registry and the extracted facts into RDF graphs (registry, facts, provenance).

Facts say what happened; provenance says where each fact was read: the sentence's code-point
offsets in the stored document, its text and its citation numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from conflict_kg.corpus import SourceDocument
from conflict_kg.dates import DateValue
from conflict_kg.document import Document, Sentence
from conflict_kg.extract import Extraction, SentenceContext
from conflict_kg.extract.facts import Event, Figure, Relation, Statement
from conflict_kg.namespaces import CKG, CKR, GEO, GRAPH, NIF, WD, bind_prefixes, facts_graph_name
from conflict_kg.registry import Registry

# Place classes from the narrowest to the widest, for naming events by where they happened.
PLACE_BREADTH = ({"Site", "Monastery", "Mine", "Airport", "Bridge", "Checkpoint", "Monument", "Facility", "Road",
                  "Corridor"}, {"Village", "Town", "City", "Settlement"}, {"District"}, {"Region"}, {"Country"})
PRECISION = {"day": CKG.Day, "part-of-month": CKG.PartOfMonth, "month": CKG.Month,
             "year": CKG.Year, "time-of-day": CKG.TimeOfDay}


@dataclass
class Graphs:
    """The asserted graphs of a build: one registry and provenance graph, one facts graph per document."""

    registry: Graph = field(default_factory=lambda: bind_prefixes(Graph()))
    provenance: Graph = field(default_factory=lambda: bind_prefixes(Graph()))
    facts: dict[str, Graph] = field(default_factory=dict)  # document id -> its facts graph

    def facts_of(self, document_id: str) -> Graph:
        if document_id not in self.facts:
            self.facts[document_id] = bind_prefixes(Graph())
        return self.facts[document_id]


def entity_iri(entity_id: str) -> URIRef:
    return CKR[entity_id]


def emit_registry(registry: Registry, graph: Graph) -> None:
    for entity in registry:
        node = entity_iri(entity.id)
        for type_name in entity.types:
            graph.add((node, RDF.type, CKG[type_name]))
        graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
        for alias in dict.fromkeys(entity.aliases):
            if alias != entity.label:
                graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        if entity.wikidata:
            graph.add((node, CKG.wikidataId, Literal(entity.wikidata)))
            graph.add((node, CKG.wikidataEvidence, Literal(entity.wikidata_source)))
            graph.add((node, SKOS.exactMatch, WD[entity.wikidata]))
        for place in entity.located_in:
            graph.add((node, CKG.locatedIn, entity_iri(place)))
        for organization in entity.part_of:
            graph.add((node, CKG.partOf, entity_iri(organization)))
        if entity.unreviewed:
            graph.add((node, CKG.unreviewed, Literal(True)))
        if entity.coordinates:
            # GeoSPARQL 1.1: the place has a geometry, a WKT point written longitude first (CRS84)
            latitude, longitude = entity.coordinates
            geometry = URIRef(f"{node}/geometry")
            graph.add((node, GEO.hasGeometry, geometry))
            graph.add((node, GEO.hasCentroid, geometry))  # the point: what distances and map markers use
            graph.add((geometry, RDF.type, GEO.Geometry))
            wkt = f"POINT({_degrees(longitude)} {_degrees(latitude)})"
            graph.add((geometry, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)))
            graph.add((geometry, DCTERMS.source, Literal(entity.coordinates_source)))
        if entity.coordinates and entity.outline:
            # and its area, where the gazetteer record has a polygon: for "which places lie in this district"
            outline = URIRef(f"{node}/outline")
            graph.add((node, GEO.hasGeometry, outline))
            graph.add((outline, RDF.type, GEO.Geometry))
            graph.add((outline, GEO.asWKT, Literal(_multipolygon_wkt(entity.outline), datatype=GEO.wktLiteral)))
            graph.add((outline, DCTERMS.source, Literal(
                f"{entity.coordinates_source}; polygon simplified (Douglas-Peucker, 0.005 to 0.01 degrees)")))


def _multipolygon_wkt(polygons) -> str:
    """Polygons of rings of (longitude, latitude) as WKT, no space after a comma: the form Virtuoso
    stores a WKT literal in, so that every engine gives back the same literal."""
    def ring(points):
        return "(" + ",".join(f"{_degrees(x)} {_degrees(y)}" for x, y in points) + ")"
    return "MULTIPOLYGON(" + ",".join("(" + ",".join(ring(r) for r in polygon) + ")" for polygon in polygons) + ")"


def _degrees(value: float) -> str:
    """Degrees to six decimals (about 0.1 m), without trailing zeros."""
    return format(value, ".6f").rstrip("0").rstrip(".")


def emit_document(source: SourceDocument, document: Document, contexts: list[SentenceContext],
                  extraction: Extraction, registry: Registry, graphs: Graphs) -> None:
    writer = _Writer(source, document, registry, graphs)
    writer.document()
    for context in contexts:
        writer.sentence(context.sentence)
        for mention in context.mentions:
            writer.mention(context.sentence, mention.start, mention.stop, mention.entity_id)
    statement_nodes: dict[int, URIRef] = {}
    for statement in extraction.statements:
        statement_nodes[id(statement)] = writer.statement(statement)
    event_nodes = {id(event): writer.event(event, statement_nodes) for event in extraction.events}
    for statement in extraction.statements:
        if statement.responds_to is not None and id(statement.responds_to) in statement_nodes:
            writer.facts.add((statement_nodes[id(statement)], CKG.respondsTo,
                              statement_nodes[id(statement.responds_to)]))
    for figure in extraction.figures:
        node = writer.figure(figure)
        if figure.event is not None and id(figure.event) in event_nodes:
            writer.facts.add((node, CKG.figureOf, event_nodes[id(figure.event)]))
    for relation in extraction.relations:
        writer.relation(relation)


SECTION_SEPARATOR = " › "  # between the headings of ckg:section, outermost first


class _Writer:
    def __init__(self, source: SourceDocument, document: Document, registry: Registry, graphs: Graphs):
        self.source = source
        self.document_text = document
        self.registry = registry
        self.facts = graphs.facts_of(source.id)
        self.provenance = graphs.provenance
        self.doc = CKR[f"doc/{source.id}"]
        self.counters: dict[tuple[str, int], int] = {}

    # -- provenance ---------------------------------------------------------------------------
    def document(self) -> None:
        g, doc = self.provenance, self.doc
        g.add((doc, RDF.type, CKG.Document))
        g.add((doc, RDFS.label, Literal(self.source.title, lang="en")))
        g.add((doc, DCTERMS.title, Literal(self.source.title, lang="en")))
        g.add((doc, DCTERMS.source, URIRef(self.source.source_url)))
        g.add((doc, DCTERMS.license, URIRef(self.source.license_url)))
        g.add((doc, DCTERMS.rights, Literal(self.source.attribution, lang="en")))
        g.add((doc, DCTERMS.language, Literal(self.source.language)))
        g.add((doc, NIF.isString, Literal(self.document_text.text)))
        g.add((doc, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
        g.add((doc, NIF.endIndex, Literal(len(self.document_text.text), datatype=XSD.nonNegativeInteger)))
        facts = GRAPH[facts_graph_name(self.source.id)]
        g.add((facts, RDF.type, CKG.FactsGraph))
        g.add((facts, RDFS.label, Literal(f"Facts of {self.source.title}", lang="en")))
        g.add((facts, PROV.wasDerivedFrom, doc))

    def sentence_iri(self, sentence: Sentence) -> URIRef:
        return CKR[f"doc/{self.source.id}/sentence/{sentence.begin}-{sentence.end}"]

    def sentence(self, sentence: Sentence) -> None:
        g, node = self.provenance, self.sentence_iri(sentence)
        g.add((node, RDF.type, CKG.Sentence))
        g.add((node, NIF.beginIndex, Literal(sentence.begin, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(sentence.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.anchorOf, Literal(sentence.text)))
        g.add((node, NIF.referenceContext, self.doc))
        if sentence.section:
            g.add((node, CKG.section, Literal(SECTION_SEPARATOR.join(sentence.section))))
        for number in sentence.citations:
            g.add((node, CKG.citation, Literal(number, datatype=XSD.integer)))
        for note in sentence.notes:
            g.add((node, CKG.note, Literal(note)))

    def mention(self, sentence: Sentence, start: int, stop: int, entity_id: str) -> None:
        begin, end = sentence.begin + start, sentence.begin + stop
        g, node = self.provenance, CKR[f"doc/{self.source.id}/mention/{begin}-{end}"]
        g.add((node, RDF.type, CKG.Mention))
        g.add((node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.anchorOf, Literal(self.document_text.text[begin:end])))
        g.add((node, NIF.referenceContext, self.doc))
        g.add((node, CKG.sentence, self.sentence_iri(sentence)))
        g.add((node, CKG.refersTo, CKR[entity_id]))

    def _fact_iri(self, kind: str, sentence: Sentence) -> URIRef:
        key = (kind, sentence.begin)
        number = self.counters.get(key, 0)
        self.counters[key] = number + 1
        return CKR[f"{kind}/{self.source.id}/{sentence.begin}-{number}"]

    def _derived(self, node: URIRef, sentence: Sentence) -> None:
        self.provenance.add((node, CKG.extractedFrom, self.sentence_iri(sentence)))

    def _dates(self, node: URIRef, date: DateValue | None) -> None:
        if date is None:
            return
        self.facts.add((node, CKG.beginDate, Literal(date.begin, datatype=XSD.date)))
        self.facts.add((node, CKG.endDate, Literal(date.end, datatype=XSD.date)))
        self.facts.add((node, CKG.datePrecision, PRECISION[date.precision]))
        self.facts.add((node, CKG.dateText, Literal(date.text)))

    def _place_breadth(self, entity_id: str) -> int:
        types = set(self.registry[entity_id].types)
        return next((rank for rank, kinds in enumerate(PLACE_BREADTH) if types & kinds), len(PLACE_BREADTH))

    def _name(self, entity_id: str) -> str:
        return self.registry[entity_id].label

    # -- facts --------------------------------------------------------------------------------
    def event(self, event: Event, statement_nodes: dict[int, URIRef]) -> URIRef:
        """One node per real-world event: its mentions' roles together, every mention's sentence."""
        node = self._fact_iri("event", event.sentence)
        g = self.facts
        mentions = event.mentions()
        g.add((node, RDF.type, CKG[event.kind]))
        places = _union(m.places for m in mentions)
        destinations = [d for d in _union(m.destinations for m in mentions) if d not in places]
        agents = _union(m.agents for m in mentions)
        targets = _union(m.targets for m in mentions)
        mediators = _union(m.mediators for m in mentions)
        date, scope = _node_date(mentions)
        status = _node_status(mentions)
        sources = _union(m.sources for m in mentions if m.status != "asserted") if status != "asserted" else []
        # "Capture: <village> by <agent>": the most specific places first, then who did it; without
        # a place, whom it was done to ("Shelling by X of Y"), never a target read as a place.
        kind_words = _words(event.kind)
        if status != "asserted":
            kind_words = f"{status.capitalize()} {kind_words[:1].lower()}{kind_words[1:]}"
        label = kind_words
        where = sorted(places, key=self._place_breadth)[:2]
        if where:
            label += f": {', '.join(self._name(e) for e in where)}"
        if destinations:  # "Evacuation: Orsk to Tarsk", "Evacuation to Tarsk"
            label += f" to {', '.join(self._name(e) for e in destinations[:2])}"
        doers = _union(m.agent_descriptions for m in mentions)
        if agents:
            label += f" by {', '.join(self._name(e) for e in agents[:2])}"
        elif doers:
            label += f" by {', '.join(doers[:2])}"  # "Visit: Dunmere by journalists"
        if targets and not where:
            label += f" {'from' if event.kind == 'Capture' else 'against'} {', '.join(self._name(e) for e in targets[:2])}"
        if date:
            label += f" (by {date.end.isoformat()})" if scope == "Completion" else \
                f" ({SCOPE_WORDS.get(scope, '')}{_date_label(date)})"
        if sources:
            label += f", according to {', '.join(self._name(s) for s in sources[:2])}"
        g.add((node, RDFS.label, Literal(label, lang="en")))
        for mention in mentions:
            g.add((node, CKG.triggerText,
                   Literal(mention.sentence.clean[mention.trigger[0]:mention.trigger[1]])))
            self._derived(node, mention.sentence)
            if mention.reported_in is not None and id(mention.reported_in) in statement_nodes:
                g.add((node, CKG.reportedIn, statement_nodes[id(mention.reported_in)]))
        if len(mentions) > 1:
            g.add((node, CKG.mentionCount, Literal(len(mentions), datatype=XSD.positiveInteger)))
        g.add((node, CKG.epistemicStatus, CKG[status.capitalize()]))
        for source in sources:
            g.add((node, CKG.reportedBy, CKR[source]))
        if scope == "Completion":
            # known only to have happened by that day: no begin or end date a period query would match
            g.add((node, CKG.latestDate, Literal(date.end.isoformat(), datatype=XSD.date)))
            g.add((node, CKG.dateText, Literal(date.text)))
        else:
            self._dates(node, date)
            if scope:
                g.add((node, CKG.dateScope, CKG[scope]))
        for place in places:
            g.add((node, CKG.place, CKR[place]))
        for place in destinations:
            g.add((node, CKG.destination, CKR[place]))
        # a capture's target is the side that lost the ground; what it took, in words, is no target
        described = CKG.takenDescription if event.kind == "Capture" else CKG.targetDescription
        for description in _union(m.target_descriptions for m in mentions):
            g.add((node, described, Literal(description, lang="en")))
        for description in doers:
            g.add((node, CKG.agentDescription, Literal(description, lang="en")))
        for predicate, ids in ((CKG.agent, agents), (CKG.target, targets), (CKG.mediator, mediators)):
            for entity_id in ids:
                g.add((node, predicate, CKR[entity_id]))
        return node

    def statement(self, statement: Statement) -> URIRef:
        node = self._fact_iri("statement", statement.sentence)
        g = self.facts
        g.add((node, RDF.type, CKG[statement.kind]))
        label = f"{_words(statement.kind)} by {self._name(statement.speaker)}"
        if statement.date:
            label += f" ({_date_label(statement.date)})"
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, CKG.speaker, CKR[statement.speaker]))
        if statement.content:
            g.add((node, CKG.content, Literal(statement.content, lang="en")))
        if statement.quote:
            g.add((node, CKG.quote, Literal(statement.quote, lang="en")))
        self._dates(node, statement.date)
        for entity_id in statement.about:
            g.add((node, CKG.about, CKR[entity_id]))
        for entity_id in statement.addressees:
            g.add((node, CKG.addressee, CKR[entity_id]))
        self._derived(node, statement.sentence)
        return node

    def figure(self, figure: Figure) -> URIRef:
        node = self._fact_iri("figure", figure.sentence)
        g = self.facts
        g.add((node, RDF.type, CKG.Figure))
        label = figure.raw_text
        if figure.according_to:
            label += f" (according to {self._name(figure.according_to)})"
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, CKG.rawText, Literal(figure.raw_text)))
        g.add((node, CKG.countedText, Literal(figure.counted_text)))
        g.add((node, CKG.bound, CKG[figure.bound]))
        g.add((node, CKG.quantityKind, CKG[figure.quantity_kind]))
        for predicate, value in ((CKG.value, figure.value), (CKG.minValue, figure.min_value),
                                 (CKG.maxValue, figure.max_value)):
            if value is not None:
                g.add((node, predicate, Literal(value, datatype=XSD.decimal)))
        if figure.according_to:
            g.add((node, CKG.accordingTo, CKR[figure.according_to]))
        if figure.of_whom:
            g.add((node, CKG.ofWhom, CKR[figure.of_whom]))
        if figure.as_of:
            g.add((node, CKG.asOf, Literal(figure.as_of.end, datatype=XSD.date)))
        self._derived(node, figure.sentence)
        return node

    def relation(self, relation: Relation) -> URIRef:
        subject, predicate, obj = CKR[relation.subject], CKG[relation.predicate], CKR[relation.object]
        self.facts.add((subject, predicate, obj))
        node = self._fact_iri("relation", relation.sentence)
        g = self.provenance
        g.add((node, RDF.type, CKG.RelationAssertion))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        label = f"{self._name(relation.subject)} {_words(relation.predicate).lower()} {self._name(relation.object)}"
        if relation.former:
            g.add((node, CKG.former, Literal(True)))
            label += " (former)"
        g.add((node, RDFS.label, Literal(label, lang="en")))
        self._derived(node, relation.sentence)
        return node


# How a label words a date that bounds only its onset: "(from 2022-12-01/2022-12-31)".
SCOPE_WORDS = {"Onset": "from "}


def _node_date(mentions: list[Event]) -> tuple[DateValue | None, str | None]:
    """The node's date and what part of the event it bounds ("Onset", "Completion": the day it had
    happened by, ckg:latestDate). Only the onset is dated when every dated mention tells of its
    beginning. A day it had happened by ("by 13 September") gives way to a mention's own date;
    alone, the earliest such day bounds it most."""
    dated = [m for m in mentions if m.date is not None]
    # a mention told as going on ("X continued the offensive" on a day) says it was still going on then:
    # a day inside another mention's date does not narrow the event to it (a day after it still widens it)
    dated = [m for m in dated if not (m.continued and any(
        o is not m and not o.continued and o.date is not None and o.scope != "Completion"
        and o.date.begin <= m.date.begin and m.date.end <= o.date.end for o in dated))]
    exact = [m for m in dated if m.scope != "Completion"]
    if exact:
        date = _covering_date([m.date for m in exact])
        return date, "Onset" if all(m.scope == "Onset" for m in exact) else None
    if dated:
        return min((m.date for m in dated), key=lambda d: d.end), "Completion"
    return None, None


def _covering_date(dates: list[DateValue]) -> DateValue | None:
    """The node's dates span all its mentions' ("19–20 September" with "on 19 September" is 19–20),
    at the precision of the widest: a node never claims more precision than its mentions give.
    A coarser date that holds a finer one says less of the same event ("the decree issued in
    September" after "on 28 September ... signed a decree"), so it gives way to the finer one."""
    if not dates:
        return None
    dates = [d for d in dates if not any(
        _COARSENESS[e.precision] < _COARSENESS[d.precision] and d.begin <= e.begin and e.end <= d.end
        for e in dates)]
    widest = max(dates, key=lambda d: (d.end - d.begin, -d.begin.toordinal()))
    begin, end = min(d.begin for d in dates), max(d.end for d in dates)
    if (begin, end) == (widest.begin, widest.end):
        return widest
    return DateValue(begin, end, widest.precision, widest.text, widest.start, widest.stop)


# A day range ("19–20 September") is a span; a month or a year is a day not known more closely.
_COARSENESS = {"day": 0, "time-of-day": 0, "part-of-month": 1, "month": 2, "year": 3}


def _union(lists) -> list[str]:
    return list(dict.fromkeys(value for values in lists for value in values))


def _node_status(mentions: list[Event]) -> str:
    """Asserted when the document states any mention itself; alleged only when every mention is."""
    statuses = {m.status for m in mentions}
    if "asserted" in statuses:
        return "asserted"
    return "alleged" if statuses == {"alleged"} else "reported"


def _words(name: str) -> str:
    """'ArrestWarrant' -> 'Arrest warrant'; 'presidentOf' -> 'president of'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return spaced[:1].upper() + spaced[1:].lower() if name[:1].isupper() else spaced.lower()


def _date_label(date: DateValue) -> str:
    if date.begin == date.end:
        return date.begin.isoformat()
    return f"{date.begin.isoformat()}/{date.end.isoformat()}"

