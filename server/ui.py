"""The web UI: a SPARQL editor with the example queries at /, the timeline at /timeline, the map at /map.

The examples are the `.rq` files of queries/ (not its sub-folders), read at request time, so a new
or edited query shows without a restart; each starts with `# title:` and `# description:` lines.
The timeline page runs queries/timeline.rq through the query workers, like any SPARQL request, so
what it shows is exactly what the endpoint answers; its filters act on those answers. The map draws
the answers of queries/events-on-the-map.rq: each event on the places it names that have coordinates. The actor network (/network) draws the answers of queries/actor-network.rq.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, url_for

from conflict_kg.resources import folder
from conflict_kg.server import state
from conflict_kg.server.errors import ApiError
from conflict_kg.server.vocab import BASE, CKG, PREFIXES

blueprint = Blueprint("ui", __name__)

QUERIES = folder("queries")
TIMELINE = "timeline"
MAP = "events-on-the-map"
NETWORK = "actor-network"
POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)\s*$")
HEADER = re.compile(r"#\s*([a-z]+):\s*(.*\S)\s*$")
ITEM = re.compile(r"\s*([^;<]*?) <([^>\s]+)>")
PRECISION_WORDS = {"Day": "day", "PartOfMonth": "part of month", "Month": "month", "Year": "year",
                   "TimeOfDay": "time of day"}


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    federated: bool
    text: str


def read_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    fields = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
    return Example(path.stem, fields.get("title", path.stem), fields.get("description", ""),
                   fields.get("federated") == "true", text)


def examples() -> list[Example]:
    found = [read_example(path) for path in sorted(QUERIES.glob("*.rq"))]
    # the timeline first (it is what most visitors want), then by title
    return sorted(found, key=lambda e: (e.name != TIMELINE, e.title.lower()))


def local_path(iri: str) -> str | None:
    """The path this server serves an IRI of the graph at (None for other IRIs)."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else None


@blueprint.route("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")


@blueprint.route("/")
def index():
    found = examples()
    chosen = request.args.get("example")
    by_name = {e.name: e for e in found}
    if chosen is not None and chosen not in by_name:
        raise ApiError(404, "Not Found", f"There is no example query named {chosen!r}.")
    given = request.args.get("query") or None  # a query of one's own, e.g. from a shared link
    initial = by_name.get(chosen) or (None if given else (found[0] if found else None))
    config = {"base": BASE, "initial": initial.name if initial else None, "prefixes": PREFIXES,
              "text": given if chosen is None else None,
              "examples": {e.name: {"title": e.title, "description": e.description, "text": e.text}
                           for e in found}}
    return render_template("ui_index.html", examples=found, initial=initial, config=config,
                           graphs=sorted(state().local_graphs), documents=_documents())


def _documents() -> list[dict]:
    """The articles the served release was built from: the page names them, not the code. With the
    engine down the page is still served, without them."""
    try:
        rows = _select("""PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT DISTINCT ?document ?title WHERE { GRAPH ?g { ?document a ckg:Document ; rdfs:label ?title } }
            ORDER BY ?title""")
    except ApiError:
        return []
    return [_link(_value(row, "document"), _value(row, "title")) for row in rows]


def _select(text: str) -> list[dict]:
    answer = state().store.execute({"op": "query", "text": text, "base_iri": request.base_url,
                                   "max_rows": state().settings["max_rows"],
                                   "results_format": "JSON", "rdf_format": "TURTLE"})
    return json.loads(answer["body"])["results"]["bindings"]


def _value(binding: dict, name: str) -> str | None:
    """A variable's value in a SPARQL JSON binding, None when unbound."""
    return binding.get(name, {}).get("value")


@functools.cache
def _outlines() -> dict | None:
    """The map's background (data/geo/outlines.geojson): read once, it ships with the package."""
    path = folder("data") / "geo" / "outlines.geojson"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _link(iri: str, label: str | None = None) -> dict:
    return {"iri": iri, "href": local_path(iri) or iri, "label": label or _local_name(iri),
            "key": _local_name(iri) if iri.startswith(BASE + "id/") else iri}


SCOPE_WORDS = {"onset": "from"}  # ckg:DateScope labels


def timeline_rows(bindings: list[dict]) -> list[dict]:
    rows = []
    for b in bindings:
        get = functools.partial(_value, b)
        kind = get("kind") or ""
        precision = get("precision")
        scope = get("dateScope")
        rows.append({
            "event": _link(get("event"), get("label")),
            "kind": _link(kind, get("kindLabel") or _local_name(kind)),
            "kind_key": _local_name(kind) if kind.startswith(CKG) else kind,
            "begin": get("begin"), "end": get("end"), "date_text": get("dateText"),
            # the dates bound only when it began: "from"
            "scope_word": SCOPE_WORDS.get(scope, scope) if scope else None,
            "precision": PRECISION_WORDS.get(_local_name(precision), _local_name(precision))
            if precision else None,
            "places": [_link(iri, label) for label, iri in ITEM.findall(get("places") or "")],
            "actors": [_link(iri, label) for label, iri in ITEM.findall(get("actors") or "")],
            "sentence": _link(get("sentence"), "sentence") if get("sentence") else None,
            "sentence_text": get("sentenceText"),
            "status": get("status") or "asserted",
            "reported_by": [_link(iri, label) for label, iri in ITEM.findall(get("reportedBy") or "")],
            "mentions": int(get("mentions") or 1),
        })
    return rows


def _main_year(rows: list[dict]) -> str | None:
    years = [row["begin"][:4] for row in rows if row["begin"]]
    return max(sorted(set(years)), key=years.count) if years else None


def _choices(rows: list[dict], field: str) -> list[dict]:
    seen = {}
    for row in rows:
        for item in row[field]:
            seen.setdefault(item["key"], item)
    return sorted(seen.values(), key=lambda item: item["label"].lower())


def _matches(value: str, item: dict) -> bool:
    return value in (item["key"], item["iri"])


@blueprint.route("/timeline")
def timeline():
    path = QUERIES / f"{TIMELINE}.rq"
    if not path.exists():
        raise ApiError(404, "Not Found", "This server has no queries/timeline.rq.")
    query = read_example(path)
    rows = timeline_rows(_select(query.text))
    kinds = sorted({row["kind_key"]: row["kind"] for row in rows}.items(),
                   key=lambda pair: pair[1]["label"].lower())
    chosen = {name: request.args.get(name, "").strip() for name in ("actor", "place", "kind")}
    shown = [row for row in rows
             if (not chosen["actor"] or any(_matches(chosen["actor"], a) for a in row["actors"]))
             and (not chosen["place"] or any(_matches(chosen["place"], p) for p in row["places"]))
             and (not chosen["kind"] or chosen["kind"] in (row["kind_key"], row["kind"]["iri"]))]
    # Unfiltered, the page opens on the main period (the year most events begin in); the background
    # history before it is one click away (?all=1), never dropped from the answers.
    main_year = _main_year(rows)
    background = []
    if main_year and not any(chosen.values()) and not request.args.get("all"):
        background = [row for row in shown if (row["end"] or row["begin"] or "9999")[:4] < main_year]
        shown = [row for row in shown if row not in background]
    return render_template(
        "ui_timeline.html", rows=shown, total=len(rows), chosen=chosen, query=query,
        background=len(background), main_year=main_year,
        actors=_choices(rows, "actors"), places=_choices(rows, "places"), kinds=kinds,
        editor=url_for("ui.index", example=TIMELINE))


def _chosen(row: dict, chosen: dict, fields: tuple[str, ...]) -> bool:
    """The row has each chosen value of ``fields`` and overlaps the chosen period (an undated row
    never does once a period is chosen)."""
    if any(chosen[f] and row[f] != chosen[f] for f in fields):
        return False
    if chosen["from"] and (row["end"] or row["begin"] or "") < chosen["from"]:
        return False
    return not chosen["to"] or (row["begin"] or "9999") <= chosen["to"]


@blueprint.route("/map")
def map_view():
    path = QUERIES / f"{MAP}.rq"
    if not path.exists():
        raise ApiError(404, "Not Found", f"This server has no queries/{MAP}.rq.")
    query = read_example(path)
    rows = []
    for b in _select(query.text):
        get = functools.partial(_value, b)
        point = POINT.match(get("wkt") or "")
        if point:
            rows.append({"event": _link(get("event"), get("label")), "kind": _local_name(get("kind") or ""),
                         "status": get("status") or "asserted", "begin": get("begin"), "end": get("end"),
                         "place": _link(get("place"), get("placeLabel")), "sentence": get("sentenceText"),
                         "lat": float(point.group(2)), "lon": float(point.group(1))})
    kinds = sorted({row["kind"] for row in rows})
    chosen = {name: request.args.get(name, "").strip() for name in ("kind", "status", "from", "to")}
    shown = [row for row in rows if _chosen(row, chosen, ("kind", "status"))]
    markers: dict[str, dict] = {}
    for row in shown:
        marker = markers.setdefault(row["place"]["iri"], {"place": row["place"], "lat": row["lat"],
                                                          "lon": row["lon"], "events": []})
        marker["events"].append({"label": row["event"]["label"], "href": row["event"]["href"], "kind": row["kind"],
                                 "status": row["status"], "begin": row["begin"], "end": row["end"],
                                 "sentence": row["sentence"]})
    settings = state().settings
    return render_template(
        "ui_map.html", outlines=_outlines(), markers=sorted(markers.values(), key=lambda m: -len(m["events"])), chosen=chosen,
        kinds=kinds, total=len({r["event"]["iri"] for r in rows}), shown=len({r["event"]["iri"] for r in shown}),
        query=query, tiles=settings.get("map_tiles", ""), tiles_attribution=settings.get("map_tiles_attribution", ""))


@blueprint.route("/network")
def network_view():
    path = QUERIES / f"{NETWORK}.rq"
    if not path.exists():
        raise ApiError(404, "Not Found", "This server has no queries/actor-network.rq.")
    query = read_example(path)
    facts: dict[tuple, dict] = {}  # one entry per (fact, source, target): a fact's sentences gathered
    for b in _select(query.text):
        get = functools.partial(_value, b)
        key = (get("fact"), get("source"), get("target"))
        fact = facts.setdefault(key, {
            "source": _link(get("source"), get("sourceLabel")), "target": _link(get("target"), get("targetLabel")),
            "relation": get("relation"), "kind": _local_name(get("kind") or ""),
            "fact": _link(get("fact"), get("factLabel")), "begin": get("begin"), "end": get("end"),
            "status": get("status"), "sentences": []})
        if get("sentenceText") and get("sentenceText") not in fact["sentences"]:
            fact["sentences"].append(get("sentenceText"))
    rows = list(facts.values())
    kinds = sorted({row["kind"] for row in rows})
    chosen = {name: request.args.get(name, "").strip() for name in ("relation", "kind", "from", "to")}
    shown = [row for row in rows if _chosen(row, chosen, ("relation", "kind"))]
    edges: dict[tuple, dict] = {}
    nodes: dict[str, dict] = {}
    for row in shown:
        for end in (row["source"], row["target"]):
            nodes.setdefault(end["iri"], {"id": end["iri"], "label": end["label"], "href": end["href"], "degree": 0})
        edge = edges.setdefault((row["source"]["iri"], row["target"]["iri"], row["relation"]), {
            "source": row["source"]["iri"], "target": row["target"]["iri"], "relation": row["relation"],
            "facts": []})
        edge["facts"].append({k: row[k] for k in ("fact", "kind", "begin", "end", "status", "sentences")})
        nodes[row["source"]["iri"]]["degree"] += 1
        nodes[row["target"]["iri"]]["degree"] += 1
    return render_template(
        "ui_network.html", nodes=list(nodes.values()), edges=list(edges.values()), chosen=chosen, kinds=kinds,
        total=len(rows), shown=len(shown), query=query)
