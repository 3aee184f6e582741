"""SHACL validation of a build: the release is published only when the graph conforms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.namespaces import bind_prefixes

MAX_LISTED = 50


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


def validate(data: Graph, shapes: Graph) -> ValidationOutcome:
    from pyshacl import validate as shacl_validate  # imported here: only the build needs it

    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True,
        advanced=True,
    )
    bind_prefixes(report)
    return ValidationOutcome(conforms=bool(conforms), report=report, violations=_violations(report))


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
