"""SHACL validation of a build: the release is published only when the graph conforms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import RDF, SH

from conflict_kg.namespaces import bind_prefixes

MAX_LISTED = 50
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
# How one shape uses another (directly, or through an RDF list): a node shape used so stays as it is.
SHAPE_REFERENCES = (SH.node, SH["not"], SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)


@dataclass
class ValidationOutcome:
    conforms: bool
    report: Graph
    violations: list[str]

    def summary(self) -> str:
        if self.conforms:
            return "SHACL: the graph conforms"
        listed = "\n  - ".join(self.violations[:MAX_LISTED])
        more = len(self.violations) - MAX_LISTED
        tail = f"\n  ... and {more} more (see validation.ttl)" if more > 0 else ""
        return f"SHACL: {len(self.violations)} violation(s):\n  - {listed}{tail}"


def load_shapes(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def validate(data: Graph | Sequence[Graph], shapes: Graph) -> ValidationOutcome:
    """Validate ``data`` (one graph, or several read as their union without copying them)."""
    from pyshacl import validate as shacl_validate  # imported here: only the build needs it

    # Read through a read-only aggregate, so that validating can never change the data.
    data = ReadOnlyGraphAggregate([data] if isinstance(data, Graph) else list(data))
    # inplace: in advanced mode pyshacl otherwise copies the whole data graph first, for SHACL rules;
    # the shapes have none, and one added later fails on the read-only data instead of passing
    # (tests/test_shapes.py). The copy was 40% of the validation time.
    conforms, report, _ = shacl_validate(
        data, shacl_graph=targeted_property_shapes(shapes), inference="none", abort_on_first=False,
        allow_warnings=True, advanced=True, inplace=True,
    )
    bind_prefixes(report)
    return ValidationOutcome(conforms=bool(conforms), report=report, violations=_violations(report))


def targeted_property_shapes(shapes: Graph) -> Graph:
    """The same constraints, with each sh:property of a targeted node shape given that shape's targets.

    pyshacl evaluates a nested property shape once per focus node, looking its constraints up each
    time; a property shape with its own targets is evaluated once over all its focus nodes, about
    three times faster here. The focus nodes, the constraints and the results (sh:sourceShape is the
    property shape either way) are the same. Node shapes that other shapes refer to (sh:node,
    sh:and, ...) are left as they are: there the nesting carries meaning.
    """
    referenced = {shape for predicate in SHAPE_REFERENCES for shape in shapes.objects(None, predicate)}
    referenced |= {member for predicate in SHAPE_LISTS
                   for head in shapes.objects(None, predicate) for member in shapes.items(head)}
    flat = Graph()
    for triple in shapes:
        flat.add(triple)
    for node_shape in set(shapes.subjects(SH.property, None)) - referenced:
        targets = [(p, o) for p in TARGETS for o in shapes.objects(node_shape, p)]
        if not targets or (node_shape, SH.deactivated, None) in shapes:
            continue
        for property_shape in shapes.objects(node_shape, SH.property):
            flat.remove((node_shape, SH.property, property_shape))
            for predicate, target in targets:
                flat.add((property_shape, predicate, target))
    return flat


def _violations(report: Graph) -> list[str]:
    lines = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        where = f"{focus}" + (f" {_short(path)}" if path is not None else "")
        detail = f" (value: {value})" if value is not None else ""
        lines.append(f"{where}: {message}{detail}")
    return sorted(lines)


def _short(term) -> str:
    text = str(term)
    return "<" + text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] + ">"
