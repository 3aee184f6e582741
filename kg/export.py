"""``kg export --format quickstatements``: the release's events as QuickStatements v1 commands.

One new item per event (``CREATE`` then ``LAST`` lines, tab-separated):

* ``Len`` the event's English label;
* ``P31`` (instance of) from EVENT_CLASSES below;
* ``P585`` (point in time) when the event's dates fall on one day / month / year at their precision,
  else ``P580`` / ``P582`` (start / end time); an event whose dates bound only its onset
  (``ckg:dateScope ckg:Onset``) gets ``P580`` alone, one known only to have happened by a day
  (``ckg:latestDate``, "by 13 September") ``P585`` unknown value (``somevalue``) qualified with ``P1326``
  (latest date); precision ``/11`` day, ``/10`` month, ``/9`` year
  (``+2023-09-00T00:00:00Z/10`` and ``+2023-00-00T00:00:00Z/9`` for the coarser ones);
* ``P276`` (location) for each ``ckg:place`` and ``P710`` (participant) for each ``ckg:participant``,
  ``ckg:agent``, ``ckg:target`` or ``ckg:mediator`` -- only entities that have a QID;
* figures linked by ``ckg:figureOf``: deaths as ``P1120`` (number of deaths), injuries as ``P1339``
  (number of injured); other kinds and figures without ``ckg:figureOf`` are skipped.

Quantities follow the v1 syntax accepted by QuickStatements' parser: ``+192`` (exact), ``+250[200,300]``
(amount with lower and upper bound, for ``ckg:Range``), ``amount~tolerance`` (not needed here). A Wikibase
quantity has both bounds or none, so a one-sided figure ("200+", "at least", "more than", "at most") is
written as its bound with the figure's wording kept in ``P1932`` (object named as: how the value is given
in the source); ``ckg:Approximately`` gets ``P1480`` (sourcing circumstances) = ``Q5727902`` (circa).

Who gave a figure (``ckg:accordingTo``) is the qualifier ``P3680`` (statement supported by): Wikidata
qualifies contradicting statements with "statement supported by" / "statement disputed by" (e.g. the
capital statements on Jerusalem, Q1218), which is our case of one figure per source. ``P642`` ("of") is
not used: Wikidata is deprecating it. The reference of every statement is the article:
``S854`` (reference URL) = ``dcterms:source`` of the ``ckg:Document`` the fact was extracted from, and
``S813`` (retrieved) when the document carries a ``dcterms:date`` or ``--retrieved`` is given.

Property labels checked in public tables: P31 instance of, P580 start time, P582 end time, P585 point in
time, P1326 latest date, P276 location, P710 participant, P1120 number of deaths, P1339 number of injured, P854 reference URL,
P813 retrieved, P1932 object named as, P1480 sourcing circumstances, P3680 statement supported by.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import click
import pyoxigraph as ox

from conflict_kg.inspect import open_store

CKG = "https://w3id.org/conflict-kg/ontology#"
# Every document's facts graph: the provenance graph types each one ckg:FactsGraph.
IN_FACTS_GRAPHS = ("GRAPH <https://w3id.org/conflict-kg/graph/provenance> { ?facts a ckg:FactsGraph } "
                   "GRAPH ?facts")
WD_ENTITY = "http://www.wikidata.org/entity/"

# ckg event class -> Wikidata class for P31. Only QIDs whose label was checked (where in the comment);
# an event of another class is an "occurrence" (Q1190554), Wikidata's most general class of events.
EVENT_CLASSES = {
    "MilitaryOffensive": "Q2001676",  # military offensive (several public QID tables and a dataset card)
    "Explosion": "Q179057",  # explosion (several public QID tables)
    "Protest": "Q273120",  # protest (several public QID tables)
}
GENERIC_EVENT = "Q1190554"  # occurrence (three public QID tables)

QUANTITY_PROPERTIES = {"Deaths": "P1120", "Injuries": "P1339"}
PRECISION = {"Day": 11, "TimeOfDay": 11, "PartOfMonth": 10, "Month": 10, "Year": 9}
CIRCA = "Q5727902"
PARTICIPANT_PROPERTIES = ("participant", "agent", "target", "mediator")
LABEL_LIMIT = 250  # Wikibase's maximum label length


class ExportError(ValueError):
    """The release cannot be exported."""


@dataclass(frozen=True)
class Reference:
    url: str
    retrieved: date | None = None

    def columns(self) -> list[str]:
        out = ["S854", _string(self.url)]
        if self.retrieved:
            out += ["S813", _time(self.retrieved, 11)]
        return out


def _string(text: str) -> str:
    return '"' + " ".join(str(text).split()) + '"'


def _time(day: date, precision: int) -> str:
    if precision >= 11:
        return f"+{day.year:04d}-{day.month:02d}-{day.day:02d}T00:00:00Z/11"
    if precision == 10:
        return f"+{day.year:04d}-{day.month:02d}-00T00:00:00Z/10"
    return f"+{day.year:04d}-00-00T00:00:00Z/9"


def _number(value: Decimal) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        text = str(int(value))
    else:
        text = format(value.normalize(), "f")
    return text if text.startswith("-") else "+" + text


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value(term) -> str:
    return term.value if term is not None else None


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    prefixes = (f"PREFIX ckg: <{CKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n")
    solutions = store.query(prefixes + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{name: _value(row[name]) for name in names} for row in solutions]


class QuickStatementsExporter:
    def __init__(self, store: ox.Store, retrieved: date | None = None):
        self.store = store
        self.retrieved = retrieved
        self.qids = self._qids()
        self.documents = self._documents()

    # -- look-ups ---------------------------------------------------------------------------------------
    def _qids(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in _rows(self.store, "SELECT ?e ?q WHERE { ?e ckg:wikidataId ?q }"):
            out.setdefault(row["e"], row["q"])
        for row in _rows(self.store, "SELECT ?e ?m WHERE { ?e skos:exactMatch ?m }"):
            if row["m"].startswith(WD_ENTITY):
                out.setdefault(row["e"], row["m"][len(WD_ENTITY):])
        return out

    def _documents(self) -> dict[str, Reference]:
        out: dict[str, Reference] = {}
        rows = _rows(self.store, """
            SELECT ?doc ?url ?date WHERE {
              ?doc a ckg:Document ; dcterms:source ?url . OPTIONAL { ?doc dcterms:date ?date }
            } ORDER BY ?doc""")
        for row in rows:
            retrieved = self.retrieved
            if retrieved is None and row.get("date"):
                try:
                    retrieved = date.fromisoformat(row["date"][:10])
                except ValueError:
                    retrieved = None
            out.setdefault(row["doc"], Reference(row["url"], retrieved))
        if not out:
            raise ExportError("the release has no ckg:Document with a dcterms:source to reference")
        return out

    def _reference(self, fact: str) -> Reference:
        rows = _rows(self.store, f"""
            SELECT DISTINCT ?doc WHERE {{
              <{fact}> ckg:extractedFrom ?sentence . ?sentence nif:referenceContext ?doc }} ORDER BY ?doc""")
        for row in rows:
            if row["doc"] in self.documents:
                return self.documents[row["doc"]]
        if len(self.documents) == 1:
            return next(iter(self.documents.values()))
        raise ExportError(f"{fact}: cannot tell which document it comes from")

    def events(self) -> list[str]:
        rows = _rows(self.store, f"""
            SELECT DISTINCT ?e WHERE {{
              {IN_FACTS_GRAPHS} {{ ?e a ?type }}
              ?type rdfs:subClassOf* ckg:Event
            }} ORDER BY ?e""")
        found = [row["e"] for row in rows]
        if not found:  # an ontology without the subclass axioms: rely on the class names we know
            rows = _rows(self.store, f"SELECT DISTINCT ?e ?type WHERE {{ {IN_FACTS_GRAPHS} {{ ?e a ?type }} }}")
            found = sorted({row["e"] for row in rows if row["type"].startswith(CKG)
                            and _local(row["type"]) in EVENT_CLASSES})
        return found

    def _instance_of(self, event: str) -> str:
        types = {_local(row["t"]) for row in _rows(self.store, f"SELECT ?t WHERE {{ <{event}> a ?t }}")}
        for name in sorted(types):
            if name in EVENT_CLASSES:
                return EVENT_CLASSES[name]
        return GENERIC_EVENT

    # -- commands ---------------------------------------------------------------------------------------
    def event_commands(self, event: str) -> list[list[str]]:
        reference = self._reference(event).columns()
        info = _rows(self.store, f"""
            SELECT ?label ?begin ?end ?precision ?scope ?latest WHERE {{
              OPTIONAL {{ <{event}> rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
              OPTIONAL {{ <{event}> ckg:beginDate ?begin }}
              OPTIONAL {{ <{event}> ckg:endDate ?end }}
              OPTIONAL {{ <{event}> ckg:datePrecision ?precision }}
              OPTIONAL {{ <{event}> ckg:dateScope ?scope }}
              OPTIONAL {{ <{event}> ckg:latestDate ?latest }}
            }} LIMIT 1""")[0]
        lines: list[list[str]] = [["CREATE"]]
        if info.get("label"):
            lines.append(["LAST", "Len", _string(info["label"][:LABEL_LIMIT])])
        lines.append(["LAST", "P31", self._instance_of(event), *reference])
        lines += [["LAST", *statement, *reference] for statement in self._dates(info)]
        places = _rows(self.store, f"SELECT DISTINCT ?x WHERE {{ <{event}> ckg:place ?x }}")
        for qid in sorted({self.qids[r["x"]] for r in places if r["x"] in self.qids}, key=_qid_key):
            lines.append(["LAST", "P276", qid, *reference])
        values = " ".join(f"ckg:{name}" for name in PARTICIPANT_PROPERTIES)
        actors = _rows(self.store, f"SELECT DISTINCT ?x WHERE {{ VALUES ?p {{ {values} }} <{event}> ?p ?x }}")
        for qid in sorted({self.qids[r["x"]] for r in actors if r["x"] in self.qids}, key=_qid_key):
            lines.append(["LAST", "P710", qid, *reference])
        for statement in self._figures(event):
            lines.append(["LAST", *statement, *reference])
        return lines

    def _dates(self, info: dict) -> list[list[str]]:
        if info.get("latest") and not info.get("begin"):
            # "by 13 September": when is unknown, that day the latest it can be
            return [["P585", "somevalue", "P1326", _time(date.fromisoformat(info["latest"][:10]), 11)]]
        if not info.get("begin"):
            return []
        begin = date.fromisoformat(info["begin"][:10])
        end = date.fromisoformat(info["end"][:10]) if info.get("end") else begin
        precision = PRECISION.get(_local(info["precision"]), 11) if info.get("precision") else 11
        first, last = _time(begin, precision), _time(end, precision)
        if info.get("scope") and _local(info["scope"]) == "Onset":
            # only its beginning is dated ("began blockading in December 2022"): a start time, no end
            return [["P580", first]] if first == last else []
        if first == last:
            return [["P585", first]]
        return [["P580", first], ["P582", last]]

    def _figures(self, event: str) -> list[list[str]]:
        rows = _rows(self.store, f"""
            SELECT ?f ?kind ?bound ?value ?min ?max ?raw ?source WHERE {{
              ?f ckg:figureOf <{event}> ; ckg:quantityKind ?kind .
              OPTIONAL {{ ?f ckg:bound ?bound }}
              OPTIONAL {{ ?f ckg:value ?value }}
              OPTIONAL {{ ?f ckg:minValue ?min }}
              OPTIONAL {{ ?f ckg:maxValue ?max }}
              OPTIONAL {{ ?f ckg:rawText ?raw }}
              OPTIONAL {{ ?f ckg:accordingTo ?source }}
            }} ORDER BY ?f""")
        out: list[list[str]] = []
        seen: set[str] = set()
        for row in rows:
            if row["f"] in seen:
                continue
            seen.add(row["f"])
            prop = QUANTITY_PROPERTIES.get(_local(row["kind"]))
            amount = _quantity(row)
            if prop is None or amount is None:
                continue
            statement = [prop, amount]
            bound = _local(row["bound"]) if row.get("bound") else "Exact"
            if bound == "Approximately":
                statement += ["P1480", CIRCA]
            elif bound not in ("Exact", "Range") and row.get("raw"):
                statement += ["P1932", _string(row["raw"])]
            if row.get("source") in self.qids:
                statement += ["P3680", self.qids[row["source"]]]
            out.append(statement)
        return out

    def commands(self) -> list[str]:
        out: list[str] = []
        for event in self.events():
            out += ["\t".join(line) for line in self.event_commands(event)]
        return out


def _qid_key(qid: str) -> int:
    return int(qid[1:])


def _quantity(row: dict) -> str | None:
    """The v1 quantity for a figure: '+192', '+250[200,300]', or a one-sided bound as the amount."""
    value = Decimal(row["value"]) if row.get("value") else None
    low = Decimal(row["min"]) if row.get("min") else None
    high = Decimal(row["max"]) if row.get("max") else None
    if low is not None and high is not None:
        if low > high:
            return None
        amount = value if value is not None and low <= value <= high else (low + high) / 2
        return f"{_number(amount)}[{_number(low).lstrip('+')},{_number(high).lstrip('+')}]"
    for candidate in (value, low, high):
        if candidate is not None:
            return _number(candidate)
    return None


def export_quickstatements(release: Path, retrieved: date | None = None) -> str:
    exporter = QuickStatementsExporter(open_store(Path(release)), retrieved)
    lines = exporter.commands()
    return "\n".join(lines) + ("\n" if lines else "")


@click.command("export")
@click.option("--format", "export_format", type=click.Choice(["quickstatements"]), default="quickstatements",
              show_default=True, help="Output format.")
@click.option("--data", type=click.Path(file_okay=False), default="dist", show_default=True,
              help="Release folder to read (its kg.trig).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Output file (default: stdout).")
@click.option("--retrieved", default=None, help="Date the article was retrieved (YYYY-MM-DD), for S813.")
def export(export_format, data, out, retrieved):
    """Export the release's events for Wikidata (QuickStatements v1, tab-separated)."""
    try:
        when = date.fromisoformat(retrieved) if retrieved else None
    except ValueError:
        raise click.BadParameter(f"not a date: {retrieved}", param_hint="--retrieved") from None
    try:
        text = export_quickstatements(Path(data), when)
    except (ExportError, FileNotFoundError) as exc:
        click.echo(f"export failed: {exc}", err=True)
        sys.exit(1)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {text.splitlines().count('CREATE')} event item(s), {len(text.splitlines())} line(s) to {out}",
                   err=True)
    else:
        click.echo(text, nl=False)
