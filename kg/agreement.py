"""A second annotation of a document read as if it were an extraction: how far two annotators agree.

`kg evaluate --second-annotation DIR` scores DIR/<document id>.yaml, written blind by a second
annotator with the same guide (and, so that names compare, the same registry), against the gold
file, by the very measure the extractor is scored by: the same matching, the same strict fields.
The extractor's strict precision can then be read against what two careful people reach on the same
text: a field that two annotators fill differently half of the time cannot be scored much higher.

Every item of the second annotation becomes the fact the extractor would have made: its quote is
its trigger, found in the document's text; its names resolve through the registry (a name the
registry does not hold stays a name of its own, which agrees with nothing, as in the gold); events
that share a `ref` are one node, so its coreference is measured too.
"""

from __future__ import annotations

from pathlib import Path

from conflict_kg.dates import DateValue
from conflict_kg.document import Document, Sentence
from conflict_kg.evaluate import _decimal, _Resolver, gold_interval  # the gold's own readings, so both sides read alike
from conflict_kg.extract.facts import Event, Extraction, Figure, Relation, Statement
from conflict_kg.registry import Registry


class AnnotationError(ValueError):
    """A second annotation that cannot be read against its document."""


def annotation_as_extraction(document: Document, registry: Registry, annotation: dict,
                             source: Path | str = "the annotation") -> tuple[Extraction, set[str]]:
    """The facts the annotation records, and the entities it names (resolved through the registry)."""
    resolve = _Resolver(registry)
    named: set[str] = set()

    def entity(name) -> str | None:
        if not isinstance(name, str) or not name.strip():
            return None
        found = resolve(name)
        if found is not None:
            named.add(found)
            return found
        return f"unregistered:{name.strip().casefold()}"  # agrees with nothing, as an unresolved gold name

    def entities(names) -> list[str]:
        names = names if isinstance(names, list) else [names] if names else []
        return [e for e in (entity(n) for n in names) if e is not None]

    def where(item: dict) -> tuple[Sentence, tuple[int, int]]:
        quote = item.get("quote") or ""
        start = document.text.find(quote) if quote else -1
        if start < 0:
            raise AnnotationError(f"{source}: quote not found in the document: {quote!r}")
        if document.text.find(quote, start + 1) >= 0:
            raise AnnotationError(f"{source}: quote found more than once in the document (which one is "
                                  f"meant is not settled): {quote!r}")
        for sentence in document.sentences:
            if sentence.begin <= start < sentence.end + 1:
                # the span in the sentence's clean text (citation markers out), as the extractor gives it
                at = sentence.clean.find(quote)
                if at < 0:
                    raise AnnotationError(f"{source}: quote runs across a citation marker: {quote!r}")
                return sentence, (at, at + len(quote))
        raise AnnotationError(f"{source}: quote outside every sentence: {quote!r}")

    extraction = Extraction()
    nodes: dict[str, Event] = {}
    for item in annotation.get("events") or []:
        sentence, span = where(item)
        event = Event(kind=item.get("kind"), sentence=sentence, trigger=span, date=_date(item.get("date")),
                      places=entities(item.get("places")), agents=entities(item.get("agents")),
                      targets=entities(item.get("targets")), mediators=entities(item.get("mediators")),
                      status=str(item.get("status") or "asserted"), sources=entities(item.get("source")))
        ref = item.get("ref")
        if ref and ref in nodes:
            nodes[ref].also.append(event)  # the annotator's own coreference: one real-world event
            continue
        if ref:
            nodes[ref] = event
        extraction.events.append(event)
    for item in annotation.get("statements") or []:
        sentence, span = where(item)
        extraction.statements.append(Statement(
            kind=item.get("kind"), sentence=sentence, verb=span, speaker=entity(item.get("speaker")) or "",
            date=_date(item.get("date")), content=str(item.get("content") or ""),
            about=entities(item.get("about"))))
    for item in annotation.get("figures") or []:
        sentence, span = where(item)
        extraction.figures.append(Figure(
            sentence=sentence, span=span, raw_text=str(item.get("quote")), bound=item.get("bound"),
            quantity_kind=item.get("kind"), counted_text="", value=_decimal(item.get("value")),
            min_value=_decimal(item.get("min")), max_value=_decimal(item.get("max")),
            according_to=entity(item.get("according_to")), as_of=_date(item.get("as_of"))))
    for item in annotation.get("relations") or []:
        subject, obj = entity(item.get("subject")), entity(item.get("object"))
        if subject and obj:
            extraction.relations.append(Relation(subject=subject, predicate=str(item.get("relation")),
                                                 object=obj, sentence=document.sentences[0], span=(0, 0)))
    for item in annotation.get("entities") or []:
        entity(item.get("name") if isinstance(item, dict) else item)
    return extraction, named


def _date(text) -> DateValue | None:
    """The annotation's date ("2016-01-13", "2015-12", "2016", "2015-07-01/2016-02-29") as the days it
    covers (the evaluator compares the days only)."""
    if text in (None, ""):
        return None
    begin, end = gold_interval(text)
    written = str(text)
    precision = {10: "day", 7: "month", 4: "year"}.get(len(written), "day" if begin == end else "month")
    return DateValue(begin, end, precision, written, 0, 0)
