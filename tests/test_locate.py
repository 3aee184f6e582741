"""`kg locate`: coordinates for registry places from Who's On First (kg/geo.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conflict_kg.cli import main as kg
from conflict_kg.geo import Record, fold, folds, propose, read_records
from conflict_kg.registry import Entity, Registry, load_registry

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT / "data" / "geo" / "whosonfirst.jsonl"


def record(id_, name, kind="locality", country="RU", names=(), qid=None, preferred=None, lat=1.0, lon=2.0):
    names = (name, *names)
    return Record(id=id_, name=name, kind=kind, country=country, names=names, latitude=lat, longitude=lon,
                  within=(), qid=qid, source=f"test:{id_}", preferred=tuple(preferred or (name,)))


COUNTRIES = [record(1, "Ruritania", "country", "RU", qid="Q901"), record(2, "Borduria", "country", "BO", qid="Q902")]
REGISTRY = Registry({e.id: e for e in (
    Entity("ruritania", "Ruritania", ("State", "Country"), wikidata="Q901"),
    Entity("borduria", "Borduria", ("State", "Country"), wikidata="Q902"),
    Entity("highland", "Highland", ("DeFactoState",), located_in=("ruritania",)),
    Entity("zenda", "Zenda", ("Town",), located_in=("highland",)),
    Entity("tarsk", "Tarsk", ("Village",), located_in=("ruritania",)),
    Entity("lorsk", "Lorsk", ("Village",), located_in=("ruritania",)),
    Entity("strelsau", "Strelsau", ("City",), wikidata="Q905", located_in=("ruritania",)),
    Entity("mesto", "Mesto", ("Village",), located_in=("ruritania",)),
)})


def proposals(records):
    return {p.entity.id: p for p in propose(REGISTRY, COUNTRIES + records)}


def test_names_compare_without_case_accents_or_unit_words():
    assert fold("Tərtər Rayonu") == fold("Tartar District") == "tartar"
    assert fold("Xankendi") in folds("Xankəndi")  # "ə" is written "a" or "e"
    assert fold("Şuşa") == fold("Susa")


def test_a_place_is_located_in_the_state_its_registry_chain_reaches():
    found = proposals([record(10, "Zenda", country="RU", lat=45.1, lon=20.2),  # through the de facto state
                       record(11, "Zenda", country="BO")])  # a homonym in another country
    assert found["zenda"].accepted and found["zenda"].record.id == 10


def test_homonyms_in_the_same_country_are_left_to_a_curator():
    found = proposals([record(20, "Tarsk"), record(21, "Tarsk")])
    assert not found["tarsk"].accepted and "left to a curator" in found["tarsk"].reason


def test_a_qid_on_both_sides_must_agree():
    found = proposals([record(30, "Strelsau", qid="Q905"), record(31, "Strelsau", qid="Q999")])
    assert found["strelsau"].record.id == 30 and "Wikidata Q905 agree" in found["strelsau"].reason
    other = proposals([record(31, "Strelsau", qid="Q999")])
    assert not other["strelsau"].accepted  # another item of the same name is another place


def test_a_variant_name_of_a_record_whose_own_name_is_doubtful_is_refused():
    # the record is called "Lorsk" by another record too; "Mesto" is only one of its variant names
    found = proposals([record(40, "Lorsk", names=("Mesto",)), record(41, "Lorsk", kind="locality")])
    assert not found["mesto"].accepted and "a name two records have" in found["mesto"].reason


def test_records_are_read_from_a_checkout_of_geojson_files(tmp_path):
    folder = tmp_path / "data" / "123"
    folder.mkdir(parents=True)
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.2, 45.1]}, "properties": {
        "wof:id": 123, "wof:name": "Zenda", "wof:placetype": "locality", "wof:country": "RU",
        "geom:latitude": 45.1, "geom:longitude": 20.2, "name:eng_x_preferred": ["Zenda"],
        "name:deu_x_variant": ["Zenda-Stadt"], "wof:concordances": {"wd:id": "Q777"},
        "wof:hierarchy": [{"country_id": 1, "locality_id": 123}], "mz:is_current": 1}}
    (folder / "123.geojson").write_text(json.dumps(feature), encoding="utf-8")
    (folder / "123-alt-quattroshapes.geojson").write_text(json.dumps(feature), encoding="utf-8")
    [found] = read_records(tmp_path / "data")
    assert (found.id, found.qid, found.within, found.latitude) == (123, "Q777", (1,), 45.1)
    assert "Zenda-Stadt" in found.names and found.source.endswith("admin-ru:data/123/123.geojson")


def test_the_shipped_extract_gives_back_every_coordinate_of_the_registry():
    registry = load_registry(ROOT / "data" / "registry.yaml")
    located = {e.id: e for e in registry if e.coordinates}
    assert len(located) >= 40
    found = {p.entity.id: p for p in propose(registry, read_records(EXTRACT)) if p.accepted}
    for entity_id, entity in located.items():
        record = found[entity_id].record
        assert (record.latitude, record.longitude) == entity.coordinates
        assert f"Who's On First {record.id} " in entity.coordinates_source


def test_kg_locate_writes_only_with_apply_and_only_once(tmp_path):
    registry = tmp_path / "registry.yaml"
    text = (ROOT / "data" / "registry.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if "coordinates" not in line]
    registry.write_text("".join(lines), encoding="utf-8")
    before = registry.read_bytes()
    dry = CliRunner().invoke(kg, ["locate", "--registry", str(registry), "--from", str(EXTRACT)])
    assert dry.exit_code == 0 and "40 of 49 places" in dry.output and registry.read_bytes() == before
    applied = CliRunner().invoke(kg, ["locate", "--registry", str(registry), "--from", str(EXTRACT), "--apply"])
    assert "wrote coordinates for 40 entities" in applied.output
    stepanakert = load_registry(registry).entities["stepanakert"]
    shipped = load_registry(ROOT / "data" / "registry.yaml").entities["stepanakert"]
    assert stepanakert.coordinates == shipped.coordinates and "CC BY 4.0" in stepanakert.coordinates_source
    again = CliRunner().invoke(kg, ["locate", "--registry", str(registry), "--from", str(EXTRACT), "--apply"])
    assert "wrote coordinates for 0 entities" in again.output


def test_a_located_place_is_a_geosparql_feature_in_the_release(tmp_path):
    from conflict_kg.build import BuildOptions, build_release
    from conflict_kg.inspect import run_query

    shutil.copytree(ROOT / "tests" / "data" / "generality", tmp_path / "g")
    registry = tmp_path / "g" / "registry.yaml"
    text = registry.read_text(encoding="utf-8").replace(
        "    label: Dunmere\n", "    label: Dunmere\n    coordinates: [45.1, 20.25]\n"
                               "    coordinates_source: \"a fictional gazetteer record\"\n")
    registry.write_text(text, encoding="utf-8")
    manifest = tmp_path / "g" / "corpus.yaml"
    manifest.write_text(yaml_manifest(), encoding="utf-8")
    built = build_release(tmp_path / "dist", BuildOptions(corpus=manifest))
    assert built.validation.conforms
    answer = run_query(built.release, "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
                                      "SELECT ?wkt WHERE { ?p geo:hasGeometry/geo:asWKT ?wkt }", "csv")
    assert "POINT(20.25 45.1)" in answer


def yaml_manifest() -> str:
    return ("title: t\nversion: '0.1.0'\ndocuments:\n- {id: fictional-offensive, path: article.txt, title: T, "
            "source: 'https://example.org/t', license: 'https://creativecommons.org/licenses/by-sa/4.0/', "
            "attribution: A, registry: registry.yaml}\n")


def test_outlines_are_simplified_rings_that_stay_closed():
    from conflict_kg.geo import simplify

    square = [[0, 0], [0.5, 0.0001], [1, 0], [1, 1], [0.5, 1.0001], [0, 1], [0, 0]]
    assert simplify(square, 0.01) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # the near-collinear points go
    shipped = json.loads((ROOT / "data" / "geo" / "outlines.geojson").read_text(encoding="utf-8"))
    for feature in shipped["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            assert all(ring[0] == ring[-1] and len(ring) >= 4 for ring in polygon)
