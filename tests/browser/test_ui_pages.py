"""The UI pages without a browser (Flask test client on the built release): the example list,
the editor's initial query, the timeline as the answers of queries/timeline.rq, and its filters."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QUERIES = REPO / "queries"
CKR = "https://w3id.org/conflict-kg/id/"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client(built_release, tmp_path_factory):
    from conflict_kg.server import create_app

    _, release = built_release
    app = create_app({"data_dir": release, "store": tmp_path_factory.mktemp("ui-store"),
                      "timeout": 20, "workers": 1})
    yield app.test_client()
    app.extensions["kg"].store.close()


def ui_config(page: str) -> dict:
    match = re.search(r'<script[^>]*id="ui-config"[^>]*>(.*?)</script>', page, re.S)
    assert match, "the page carries its configuration"
    return json.loads(match.group(1))


def test_home_lists_every_example_with_title_description_and_text(client):
    response = client.get("/", headers=HTML)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    names = sorted(path.stem for path in QUERIES.glob("*.rq"))
    config = ui_config(page)
    assert sorted(config["examples"]) == names
    for name in names:
        text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
        assert config["examples"][name]["text"] == text
        assert f'href="/?example={name}"' in page
        title = re.search(r"# title: (.*)", text).group(1).strip()
        assert config["examples"][name]["title"] == title
    assert config["initial"] == "timeline"
    # the articles it names are the release's, read from its graph (not written in the page)
    assert re.findall(r'<a class="document" href="(/id/doc/[^"]+)">([^<]+)</a>', page) == [
        ("/id/doc/2023-azerbaijani-offensive-in-nagorno-karabakh", "2023 Azerbaijani offensive in Nagorno-Karabakh")]
    assert client.get("/id/doc/2023-azerbaijani-offensive-in-nagorno-karabakh", headers=HTML).status_code == 200
    # the surfaces of the server stay one click away, the vendored editor comes from here
    for link in ('href="/sparql"', 'href="/dumps/"', 'href="/void"', 'href="/ontology"',
                 'href="/timeline"', 'src="/static/vendor/yasgui/yasgui.min.js"'):
        assert link in page
    for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page):
        assert url.startswith("/"), f"{url} is not served by this server"


def test_example_and_query_parameters_choose_the_editor_text(client):
    config = ui_config(client.get("/?example=casualty-figures").get_data(as_text=True))
    assert config["initial"] == "casualty-figures" and config["text"] is None
    config = ui_config(client.get("/?query=ASK%20%7B%7D").get_data(as_text=True))
    assert config["initial"] is None and config["text"] == "ASK {}"
    assert client.get("/?example=no-such-query").status_code == 404


def test_vendored_files_and_favicon_are_served(client):
    for path in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css",
                 "/static/ui.js", "/static/ui.css", "/favicon.ico"):
        assert client.get(path).status_code == 200, path
    licence = (REPO / "server/static/vendor/yasgui/LICENSE.txt").read_text()
    assert "MIT" in licence


def timeline_answers(client) -> list[dict]:
    text = (QUERIES / "timeline.rq").read_text(encoding="utf-8")
    response = client.post("/sparql", data={"query": text}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def event_links(page: str) -> list[str]:
    return re.findall(r'<td><a href="(/id/event/[^"]+)">', page)


def test_timeline_shows_exactly_the_answers_of_the_timeline_query(client):
    page = client.get("/timeline?all=1").get_data(as_text=True)
    answers = timeline_answers(client)
    assert answers
    assert event_links(page) == ["/" + a["event"][len("https://w3id.org/conflict-kg/"):] for a in answers]
    assert f"{len(answers)} of {len(answers)} events" in page
    assert "precision: day" in page and "/sentence/" in page
    # a date that bounds only the event's onset says so
    assert {a["dateScope"] for a in answers if a.get("dateScope")} == {"onset"}
    assert '<span class="scope">from</span>' in page


def test_timeline_opens_on_the_main_period_with_the_background_one_click_away(client):
    answers = timeline_answers(client)
    years = [a["begin"][:4] for a in answers]
    main = max(sorted(set(years)), key=years.count)
    earlier = [a for a in answers if (a["end"] or a["begin"])[:4] < main]
    assert main == "2023" and earlier  # the article's offensive, and its 2020-2022 background
    page = client.get("/timeline").get_data(as_text=True)
    assert len(event_links(page)) == len(answers) - len(earlier)
    assert f"{len(answers) - len(earlier)} of {len(answers)} events: from 2023" in page
    assert f"show the {len(earlier)} earlier background event" in page and 'href="/timeline?all=1"' in page


@pytest.mark.parametrize("parameter, value, column", [
    ("kind", "Capture", "kind"), ("place", "stepanakert", "places"), ("actor", "azerbaijan", "actors")])
def test_timeline_filters_keep_only_matching_answers(client, parameter, value, column):
    answers = timeline_answers(client)
    if parameter == "kind":
        expected = [a for a in answers if a["kind"].endswith("#" + value)]
    else:
        expected = [a for a in answers if f"<{CKR}{value}>" in a[column]]
    assert 0 < len(expected) < len(answers)
    page = client.get(f"/timeline?{parameter}={value}").get_data(as_text=True)
    assert len(event_links(page)) == len(expected)
    assert f"{len(expected)} of {len(answers)} events" in page
    assert 'selected>' in page  # the chosen filter stays selected


def test_timeline_filters_combine(client):
    page = client.get("/timeline?kind=Capture&place=zabukh").get_data(as_text=True)
    links = event_links(page)
    assert links and all(link.startswith("/id/event/") for link in links)
    assert "Capture: Zabukh" in page
    assert "No event matches" in client.get("/timeline?kind=Capture&place=yerevan-nowhere").get_data(
        as_text=True)


def map_data(page: str) -> dict:
    match = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the map page carries its markers"
    return json.loads(match.group(1))


def map_answers(client) -> list[dict]:
    text = (QUERIES / "events-on-the-map.rq").read_text(encoding="utf-8")
    response = client.post("/sparql", data={"query": text}, headers={"Accept": "text/csv"})
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_map_draws_the_answers_of_the_map_query_one_circle_per_place(client):
    page = client.get("/map", headers=HTML).get_data(as_text=True)
    data = map_data(page)
    markers = {m["place"]["iri"]: m for m in data["markers"]}
    answers = map_answers(client)
    assert set(markers) == {a["place"] for a in answers}
    for iri, marker in markers.items():  # each place's events are exactly the answers at that place
        expected = {"/" + a["event"][len("https://w3id.org/conflict-kg/"):] for a in answers if a["place"] == iri}
        assert {e["href"] for e in marker["events"]} == expected
    stepanakert = markers[CKR + "stepanakert"]
    assert 39.7 < stepanakert["lat"] < 39.9 and 46.7 < stepanakert["lon"] < 46.8  # latitude, longitude
    assert len(stepanakert["events"]) >= 5
    assert data["tiles"] == ""  # offline by default: no tile server
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page


def test_map_filters_by_kind_status_and_dates(client):
    everything = map_data(client.get("/map").get_data(as_text=True))["markers"]
    captures = map_data(client.get("/map?kind=Capture").get_data(as_text=True))["markers"]
    assert captures and all(e["kind"] == "Capture" for m in captures for e in m["events"])
    assert sum(len(m["events"]) for m in captures) < sum(len(m["events"]) for m in everything)
    for status in ("asserted", "alleged"):
        chosen = map_data(client.get(f"/map?status={status}").get_data(as_text=True))["markers"]
        assert chosen and all(e["status"] == status for m in chosen for e in m["events"])
    day = min(e["begin"] for m in everything for e in m["events"] if e["begin"])
    window = map_data(client.get(f"/map?from={day}&to={day}").get_data(as_text=True))["markers"]
    events = [e for m in window for e in m["events"]]
    assert events and all(e["begin"] <= day <= (e["end"] or e["begin"]) for e in events)
    assert len(events) < sum(len(m["events"]) for m in everything)


def network_data(page: str) -> dict:
    match = re.search(r'<script id="network-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the network page carries its graph"
    return json.loads(match.group(1))


def test_network_draws_the_answers_of_the_network_query_as_weighted_links(client):
    text = (QUERIES / "actor-network.rq").read_text(encoding="utf-8")
    answers = list(csv.DictReader(io.StringIO(client.post(
        "/sparql", data={"query": text}, headers={"Accept": "text/csv"}).get_data(as_text=True))))
    data = network_data(client.get("/network", headers=HTML).get_data(as_text=True))
    links = {(e["source"], e["target"], e["relation"]): e for e in data["edges"]}
    expected: dict[tuple, set] = {}
    for a in answers:
        expected.setdefault((a["source"], a["target"], a["relation"]), set()).add(a["fact"])
    assert set(links) == set(expected)  # one link per pair and relation
    for key, facts in expected.items():  # weighted by its facts, each fact once
        assert {"https://w3id.org/conflict-kg/" + f["fact"]["href"][1:] for f in links[key]["facts"]} == facts
    assert {n["id"] for n in data["nodes"]} == {a["source"] for a in answers} | {a["target"] for a in answers}


def test_network_filters_by_relation_and_kind(client):
    spoke = network_data(client.get("/network?relation=spoke+about").get_data(as_text=True))
    assert spoke["edges"] and all(e["relation"] == "spoke about" for e in spoke["edges"])
    accusations = network_data(client.get("/network?kind=Accusation").get_data(as_text=True))
    assert accusations["edges"] and all(f["kind"] == "Accusation" for e in accusations["edges"] for f in e["facts"])
    assert len(accusations["edges"]) < len(spoke["edges"])


def test_entity_page_puts_facts_with_sources_first_and_folds_inferences_and_mentions(client):
    page = client.get("/id/stepanakert", headers=HTML).get_data(as_text=True)
    # links to the resource's RDF and to Wikidata at the top
    assert all(f'href="?format={f}"' in page for f in ("turtle", "jsonld", "ntriples"))
    assert 'href="http://www.wikidata.org/entity/Q129352"' in page
    assert page.index('id="formats"') < page.index('id="asserted-facts"')
    # the facts as built first; what reasoning adds (superclasses) folded after them
    asserted = page[page.index('id="asserted-facts"'):page.index('id="inferred-facts"')]
    inferred = page[page.index('id="inferred-facts"'):]
    assert "geosparql#hasGeometry" in asserted or "hasGeometry" in asserted
    assert "Feature" in inferred[:inferred.index("</details>")]  # ckg:City ⊑ ckg:Place ⊑ geo:Feature
    # its mentions as the sentences that name it, not as a list of mention IRIs
    count = int(re.search(r"Mentioned in (\d+) sentences", page).group(1))
    mentions = page[page.index('id="mentions"'):]
    assert count >= 10 and mentions[:mentions.index("</details>")].count("/sentence/") == count
    assert "/mention/" not in page


def test_the_endpoint_evaluates_geof_distance(client):
    text = (QUERIES / "events-near-a-place.rq").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(client.post(
        "/sparql", data={"query": text}, headers={"Accept": "text/csv"}).get_data(as_text=True))))
    assert rows and all(0 <= float(r["km"]) <= 25 for r in rows)


def test_map_draws_the_outlines_of_the_countries_and_regions_it_ships(client):
    outlines = map_data(client.get("/map").get_data(as_text=True))["outlines"]
    kinds = [f["properties"]["kind"] for f in outlines["features"]]
    assert kinds.count("country") == 2 and kinds.count("region") >= 80
    assert "Who's On First" in outlines["attribution"]
