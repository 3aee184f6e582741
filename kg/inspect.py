"""Look into a published release: load it, query it, count what is in it, find unmatched names."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from conflict_kg.corpus import load_corpus
from conflict_kg.document import Document
from conflict_kg.geofunctions import CUSTOM_FUNCTIONS
from conflict_kg.mentions import MentionFinder
from conflict_kg.namespaces import PREFIXES
from conflict_kg.registry import load_registry
from conflict_kg.server import sparql_text
from conflict_kg.server.sparql_errors import explain

STATS_QUERIES = {
    "classes": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
          GRAPH ?g { ?s a ?class } FILTER(?g != <https://w3id.org/conflict-kg/graph/inferred>
                                          && ?g != <https://w3id.org/conflict-kg/graph/ontology>)
          FILTER(STRSTARTS(STR(?class), STR(ckg:)))
        } GROUP BY ?class ORDER BY DESC(?n)""",
    "unprovenanced": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE {
          VALUES ?kind { ckg:Event ckg:Statement ckg:Figure ckg:RelationAssertion }
          ?fact a ?kind .
          FILTER NOT EXISTS { ?fact ckg:extractedFrom ?sentence . ?sentence a ckg:Sentence }
        }""",
    # event nodes, the sentence mentions they hold (coreference), and their epistemic status
    "events": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?status (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {
          ?e ckg:epistemicStatus/rdfs:label ?status .
          ?e ckg:extractedFrom ?sentence . BIND(CONCAT(STR(?e), STR(?sentence)) AS ?mention)
        } GROUP BY ?status ORDER BY ?status""",
    "mentions": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT (COUNT(?m) AS ?mentions) (COUNT(DISTINCT ?e) AS ?entities) WHERE { ?m ckg:refersTo ?e }""",
    # places of the registry by their asserted place class, and whether they have a geometry
    "located": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        SELECT ?class (COUNT(DISTINCT ?e) AS ?places) (COUNT(DISTINCT ?g) AS ?located)
               (COUNT(DISTINCT ?area) AS ?areas) WHERE {
          GRAPH <https://w3id.org/conflict-kg/graph/registry> {
            ?e a ?class . OPTIONAL { ?e geo:hasCentroid ?g }
            OPTIONAL { ?e geo:hasGeometry ?area . ?area geo:asWKT ?wkt FILTER(STRSTARTS(STR(?wkt), "MULTIPOLYGON")) }
          }
          VALUES ?class { ckg:Country ckg:Region ckg:District ckg:Settlement ckg:City ckg:Town ckg:Village
                          ckg:Site ckg:Facility ckg:Place }
        } GROUP BY ?class ORDER BY DESC(?places)""",
    "registry": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?e ?label (SAMPLE(?qid) AS ?q) (SAMPLE(?evidence) AS ?source) (COUNT(DISTINCT ?m) AS ?mentions)
               (SAMPLE(?draft) AS ?unreviewed)
        WHERE {
          GRAPH <https://w3id.org/conflict-kg/graph/registry> { ?e rdfs:label ?label }
          OPTIONAL { ?e ckg:wikidataId ?qid OPTIONAL { ?e ckg:wikidataEvidence ?evidence } }
          OPTIONAL { ?e ckg:unreviewed ?draft }
          OPTIONAL { ?m ckg:refersTo ?e }
        } GROUP BY ?e ?label ORDER BY ?label""",
    # registry entities per class, asserted or inferred (the union holds the OWL RL closure)
    "kinds": """
        SELECT ?e ?class WHERE {
          GRAPH <https://w3id.org/conflict-kg/graph/registry> { ?e a ?asserted }
          ?e a ?class
        }""",
}
# The kinds of entity whose Wikidata coverage is reported on its own line, each entity counted
# under the first kind it belongs to (a state is also an organisation).
COVERAGE_KINDS = (("states", ("State", "DeFactoState")), ("armed forces", ("ArmedForce",)),
                  ("persons", ("Person",)), ("organisations", ("Organization",)),
                  ("settlements", ("Settlement",)), ("regions and districts", ("Region", "District")))


class QueryError(ValueError):
    """The query could not be parsed (malformed) or run; the message says why in a few lines."""

    def __init__(self, message: str, malformed: bool = False):
        super().__init__(message)
        self.malformed = malformed


class ReleaseError(ValueError):
    """The release's kg.trig cannot be read (missing, unreadable or not TriG)."""


def open_store(release: Path) -> ox.Store:
    trig = Path(release) / "kg.trig"
    if not trig.is_file():
        raise FileNotFoundError(f"{trig} does not exist: run `kg build` first")
    store = ox.Store()
    try:
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    except SyntaxError as exc:
        raise ReleaseError(f"{trig} is not valid TriG (line {exc.lineno}, column {exc.offset}): "
                           f"{exc.msg}") from None
    except OSError as exc:
        raise ReleaseError(f"{trig} cannot be read: {exc.strerror or exc}") from None
    return store


def load_release_graph(release: Path) -> Graph:
    dataset = Dataset()
    trig = Path(release) / "kg.trig"
    try:
        dataset.parse(trig, format="trig")
    except OSError as exc:
        raise ReleaseError(f"{trig} cannot be read: {exc.strerror or exc}") from None
    except Exception as exc:  # rdflib's parsers raise their own types (BadSyntax, ParserError...)
        raise ReleaseError(f"{trig} is not valid TriG: {' '.join(str(exc).split())[:300]}") from None
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def run_query(release: Path, query: str, result_format: str = "table", store: ox.Store | None = None) -> str:
    store = store or open_store(release)
    try:
        results = store.query(query, use_default_graph_as_union=True, custom_functions=CUSTOM_FUNCTIONS)
    except SyntaxError as exc:
        raise QueryError(explain(str(exc), query).as_text(), malformed=True) from None
    try:  # the store evaluates lazily: a SERVICE call happens while the results are read
        return _render(results, result_format)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(_evaluation_failure(exc, query)) from None


def _render(results, result_format: str) -> str:
    if isinstance(results, bool) or isinstance(results, ox.QueryBoolean):
        return "true" if bool(results) else "false"
    if isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        # a table is read by a person: IRIs with the project's prefixes; files keep them whole
        cell = _short if result_format == "table" else _plain
        rows = [[cell(solution[v]) for v in variables] for solution in results]
        return _format_rows(variables, rows, result_format)
    return ox.serialize(results, format=ox.RdfFormat.TURTLE).decode("utf-8")


def _evaluation_failure(exc: Exception, query: str) -> str:
    """One line for a query that parsed but failed while it ran: most often a SERVICE endpoint
    out of reach (no network), which the store reports as a bare OSError."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    tokens = sparql_text.tokenize(query)
    try:
        endpoints = [c.endpoint or c.endpoint_text for c in sparql_text.service_clauses(
            query, tokens, sparql_text.read_prologue(query, tokens))]
    except sparql_text.SparqlTextError:
        endpoints = []
    if endpoints and isinstance(exc, OSError):
        return (f"the SERVICE call to {', '.join(dict.fromkeys(endpoints))} failed ({reason}); "
                "is the network up?")
    return f"the query failed while running: {reason}"


def _plain(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def _short(term) -> str:
    """An IRI as prefix:name when one of the project's prefixes covers it (ckr:dunmere)."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            namespace = str(namespace) if isinstance(namespace, str) else str(namespace._NS)
            rest = term.value[len(namespace):]
            if term.value.startswith(namespace) and rest and "/" not in rest and "#" not in rest:
                return f"{prefix}:{rest}"
    return _plain(term)


TABLE_CELL = 60  # characters; a longer value is cut and ends with "…"


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[:width - 1] + "…"


def _format_rows(variables: list[str], rows: list[list[str]], result_format: str) -> str:
    if result_format == "json":
        return json.dumps([dict(zip(variables, row, strict=True)) for row in rows], indent=2, ensure_ascii=False)
    if result_format in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if result_format == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    widths = [min(TABLE_CELL, max([len(v)] + [len(r[i]) for r in rows])) for i, v in enumerate(variables)]
    line = "  ".join(_cut(v, w).ljust(w) for v, w in zip(variables, widths, strict=True))
    body = ["  ".join(_cut(c, w).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join([line, "-" * len(line), *body, f"({len(rows)} rows)"])


def release_stats(release: Path) -> str:
    store = open_store(release)
    lines = []
    manifest = Path(release) / "manifest.json"
    if manifest.is_file():
        info = json.loads(manifest.read_text(encoding="utf-8"))
        lines.append(f"release {info.get('version')} built {info.get('built')}")
        lines.append("triples per graph: " + ", ".join(f"{k} {v}" for k, v in info.get("triples", {}).items()))
    lines.append("\ninstances per class (asserted):")
    for row in store.query(STATS_QUERIES["classes"]):
        lines.append(f"  {row['n'].value:>6}  {row['class'].value.rsplit('#', 1)[-1]}")
    unprovenanced = next(iter(store.query(STATS_QUERIES["unprovenanced"], use_default_graph_as_union=True)))
    lines.append(f"\nfacts without provenance: {unprovenanced['n'].value}")
    event_rows = list(store.query(STATS_QUERIES["events"], use_default_graph_as_union=True))
    if event_rows:
        nodes = sum(int(r["events"].value) for r in event_rows)
        mentions = sum(int(r["mentions"].value) for r in event_rows)
        lines.append(f"events: {nodes} nodes from {mentions} sentence mentions "
                     f"({mentions - nodes} mentions merged into nodes they corefer with); by status: "
                     + ", ".join(f"{r['status'].value} {r['events'].value}" for r in event_rows))
    counts = next(iter(store.query(STATS_QUERIES["mentions"], use_default_graph_as_union=True)))
    lines.append(f"mentions: {counts['mentions'].value} of {counts['entities'].value} distinct entities")
    registry_rows = list(store.query(STATS_QUERIES["registry"], use_default_graph_as_union=True))
    unmentioned = [r["label"].value for r in registry_rows if int(r["mentions"].value) == 0]
    without_qid = [r["label"].value for r in registry_rows if r["q"] is None]
    total = len(registry_rows)
    lines.append(f"registry entities: {total}; never mentioned in the text: {len(unmentioned)}"
                 + (f" ({', '.join(unmentioned[:20])}{' ...' if len(unmentioned) > 20 else ''})" if unmentioned else ""))
    unreviewed = sum(1 for r in registry_rows if r["unreviewed"] is not None)
    lines.append(f"unreviewed entities (drafted by kg init, not yet checked by a curator): {unreviewed} of {total}")
    located = [r for r in store.query(STATS_QUERIES["located"], use_default_graph_as_union=True)
               if int(r["places"].value)]
    if located:
        lines.append("places with coordinates (GeoSPARQL geo:hasCentroid), by asserted kind: " + ", ".join(
            f"{r['class'].value.rsplit('#', 1)[-1]} {r['located'].value}/{r['places'].value}" for r in located))
        lines.append("places with an area (a geo:hasGeometry multipolygon), by asserted kind: " + ", ".join(
            f"{r['class'].value.rsplit('#', 1)[-1]} {r['areas'].value}" for r in located if int(r["areas"].value)))
    covered = total - len(without_qid)
    share = f"{100 * covered / total:.1f}%" if total else "n/a"
    lines.append(f"Wikidata coverage: {covered}/{total} entities have a QID ({share})")
    lines.append("  by kind: " + ", ".join(coverage_by_kind(store, registry_rows)))
    lines.append("  " + evidence_summary([r["source"].value if r["source"] is not None else ""
                                          for r in registry_rows if r["q"] is not None]))
    if without_qid:
        lines.append("  without QID: " + ", ".join(without_qid))
    return "\n".join(lines)


# A source that pairs QIDs with names unreliably (shifted and duplicated rows for one country): a QID resting on
# it alone is not verified.
UNRELIABLE_SOURCES = ("dr5hn/countries-states-cities-database",)


def evidence_summary(evidence: list[str]) -> str:
    """Where the QIDs were verified: the publishers named in each QID's evidence, counted once per QID."""
    publishers: dict[str, int] = {}
    unreliable_only = missing = 0
    for text in evidence:
        urls = re.findall(r"https?://[^\s)'\"]+", text)
        if not urls:
            missing += 1
            continue
        names = {_publisher(url) for url in urls}
        for name in names:
            publishers[name] = publishers.get(name, 0) + 1
        if all(any(bad in url for bad in UNRELIABLE_SOURCES) for url in urls):
            unreliable_only += 1
    ranked = ", ".join(f"{name} {n}" for name, n in sorted(publishers.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"QID evidence by source: {ranked or '-'}; resting only on {' / '.join(UNRELIABLE_SOURCES)}: "
            f"{unreliable_only}; with a source but no URL to it: {missing}")


def _publisher(url: str) -> str:
    """github.com/owner/repo/... -> owner/repo; other sites -> their host."""
    parts = url.split("/")
    host = parts[2] if len(parts) > 2 else url
    if host == "github.com" and len(parts) > 4:
        return f"{parts[3]}/{parts[4]}"
    return host


def coverage_by_kind(store: ox.Store, registry_rows) -> list[str]:
    """'kind covered/total' for each of COVERAGE_KINDS, and for the entities of none of them."""
    classes: dict[str, set[str]] = {}
    for row in store.query(STATS_QUERIES["kinds"], use_default_graph_as_union=True):
        classes.setdefault(row["e"].value, set()).add(row["class"].value.rsplit("#", 1)[-1])
    tally = {name: [0, 0] for name, _ in COVERAGE_KINDS} | {"other": [0, 0]}
    for row in registry_rows:
        kinds = classes.get(row["e"].value, set())
        name = next((n for n, members in COVERAGE_KINDS if kinds & set(members)), "other")
        tally[name][0] += row["q"] is not None
        tally[name][1] += 1
    return [f"{name} {covered}/{total}" for name, (covered, total) in tally.items() if total]


from conflict_kg.draft import TITLES  # noqa: E402  (a title alone is not a name to add)

# A run of capitalised words, allowing lowercase joiners inside ("Ministry of Defense").
CANDIDATE = re.compile(r"\b[A-Z][\w’'-]+(?:\s+(?:of|the|for|de|and|al)?\s*[A-Z][\w’'-]+)*")
SENTENCE_STARTERS = {"The", "A", "An", "In", "On", "At", "By", "It", "He", "She", "They", "This", "These",
                     "After", "Before", "During", "Following", "According", "Among", "Under", "While",
                     "Since", "When", "Some", "Other", "Several", "Many", "Most", "Both", "There", "Later",
                     "However", "Additionally", "Furthermore", "Despite", "Two", "One", "Three", "For", "As",
                     "Meanwhile", "Also", "But", "Their", "Amidst", "Amid", "Reports", "Then", "Its", "His", "Her",
                     "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Battle"}
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"}


# A group named by its members and no proper name: "separatist forces", "government troops", "Chechen fighters".
GROUP_PHRASE = re.compile(r"\b(?:[A-Z][a-z]+|[a-z]{3,})(?:\s+[a-z]{3,})?\s+(?:forces|troops|militants|fighters|soldiers"
                          r"|militiamen|units|officials|authorities|government)\b")
GROUP_NOT_A_NAME = {"the", "these", "those", "their", "its", "his", "her", "our", "some", "many", "all", "other", "both",
                    "more", "several", "most", "few", "and", "of", "with", "by", "from", "against", "between", "to",
                    "that", "which", "who", "were", "was", "are", "had", "have", "has", "when", "where", "while",
                    "also", "been", "any", "such", "than", "into", "over", "after", "before", "for", "not"}
# Markup a reader left in the text would show up as a "name": never list it.
MARKUP = re.compile(r"[\[\]{}<>|*_#=]|\.(?:jpe?g|png|svg)\b", re.I)


def unmatched_candidates(corpus_path: Path) -> list[tuple[str, int]]:
    """Names and group phrases the registry does not match, with counts: what a curator adds next.

    Capitalised runs ("Kherson Oblast") and lowercase group phrases ("separatist forces"); demonyms the
    registry already has ("Ruritanian" in "Ruritanian forces" resolves through its state) and markup
    left over from a document's format are not listed.
    """
    corpus = load_corpus(corpus_path)
    counts: Counter = Counter()
    for source in corpus.documents:
        document = Document.from_file(source.path, source.id, source.format)
        registry = load_registry(source.registry)
        finder = MentionFinder(registry)
        demonyms = {d.casefold() for e in registry for d in e.demonyms}
        for sentence in document.sentences:
            if not sentence.extracted:
                continue
            text = sentence.clean
            for mention in (*finder.mentions(text), *finder.demonyms(text)):
                text = text[:mention.start] + " " * (mention.stop - mention.start) + text[mention.stop:]
            for match in GROUP_PHRASE.finditer(text):
                words = match.group().split()
                if text[max(0, match.start() - 1):match.start()] in ("-", "–"):
                    continue  # the tail of a matched name: "VLF-linked militants"
                if not {w.casefold() for w in words[:-1]} & (GROUP_NOT_A_NAME | demonyms):
                    counts[match.group().lower() if words[0].islower() else match.group()] += 1
            for match in CANDIDATE.finditer(text):
                words = match.group().split()
                while words and (words[0] in SENTENCE_STARTERS or words[0] in MONTHS):
                    words = words[1:]
                name = " ".join(words)
                if (name and not name.isdigit() and name not in MONTHS and len(name) > 2
                        and name.casefold() not in demonyms and not MARKUP.search(name)
                        and not set(name.replace(".", "").split()) <= TITLES):
                    counts[name] += 1
    return counts.most_common()
