import pytest
import yaml
from project_paths import ARTICLE, DATA

from conflict_kg.registry import RegistryError, load_registry


def write(tmp_path, text):
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_article_registry_loads_and_its_aliases_occur_in_the_text():
    registry = load_registry(DATA / "registry.yaml")
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(registry) >= 150
    missing = [a for e in registry for a in e.aliases if a not in text and a[:1].upper() + a[1:] not in text]
    assert missing == []


def test_located_in_reaches_a_country_for_settlements():
    registry = load_registry(DATA / "registry.yaml")
    for entity in registry:
        if any(t in ("Village", "Town", "City", "Settlement") for t in entity.types):
            seen, frontier = set(), list(entity.located_in)
            while frontier:
                current = frontier.pop()
                if current not in seen:
                    seen.add(current)
                    frontier.extend(registry[current].located_in)
            assert any("Country" in registry[p].types for p in seen), entity.id


@pytest.mark.parametrize("body, message", [
    ("entities:\n  - {id: x, label: X, types: [State], wikidata: X12, wikidata_source: s}\n", "malformed Wikidata QID"),
    ("entities:\n  - {id: x, label: X, types: [Dragon]}\n", "unknown class 'Dragon'"),
    ("entities:\n  - {id: x, label: X, types: [State]}\n  - {id: x, label: Y, types: [State]}\n", "duplicate id 'x'"),
    ("entities:\n  - {id: x, label: X, types: [State], wikidata: Q1, wikidata_source: s}\n"
     "  - {id: y, label: Y, types: [State], wikidata: Q1, wikidata_source: s}\n", "QID Q1 is given to both"),
    ("entities:\n  - {id: x, label: X, types: [State], aliases: [Ex]}\n"
     "  - {id: y, label: Y, types: [State], aliases: [Ex]}\n", "alias 'ex' belongs to both"),
    ("entities:\n  - {id: x, label: X, types: [Village], located_in: [nowhere]}\n", "unknown entity 'nowhere'"),
    ("entities:\n  - {id: Bad Id, label: X, types: [State]}\n", "is not a slug"),
    ("entities:\n  - {id: x, label: X, types: [State], wikidata: Q5}\n", "no wikidata_source"),
    ("entities:\n  - {id: x, label: Sylvania, types: [State], wikidata: Q5, wikidata_source: s}\n",
     "no wikidata_label"),
    ("entities:\n  - {id: x, label: Sylvania, aliases: [Sylvanian Republic], types: [State], wikidata: Q5,"
     " wikidata_label: Freedonia, wikidata_source: s}\n", "'Freedonia' of Q5 matches neither"),
    ("entities: [\n", "not valid YAML"),
    ("people: []\n", "expected a mapping with a list under 'entities'"),
])
def test_malformed_registries_are_refused_with_the_problem_named(tmp_path, body, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(write(tmp_path, body))


def test_every_problem_is_listed_at_once(tmp_path):
    body = ("entities:\n  - {id: x, label: X, types: [Dragon]}\n"
            "  - {id: y, label: Y, types: [State], wikidata: bad, wikidata_source: s}\n")
    with pytest.raises(RegistryError) as error:
        load_registry(write(tmp_path, body))
    assert "2 problem(s)" in str(error.value)


@pytest.mark.parametrize("label, aliases, wikidata_label", [
    ("United States", [], "United States of America"),        # the registry's words within Wikidata's
    ("Office of the United Nations High Commissioner for Human Rights", [],
     "Office of the High Commissioner for Human Rights"),   # Wikidata's words within the registry's
    ("Peter Szijjarto", ["Péter Szijjártó"], "Péter Szijjártó"),
    ("Ruben Vardanyan", [], "ruben vardanyan"),
])
def test_a_wikidata_label_that_names_the_same_thing_is_accepted(tmp_path, label, aliases, wikidata_label):
    entry = {"id": "x", "label": label, "aliases": aliases, "types": ["State"], "wikidata": "Q5",
             "wikidata_label": wikidata_label, "wikidata_source": "s"}
    registry = load_registry(write(tmp_path, yaml.safe_dump({"entities": [entry]}, allow_unicode=True)))
    assert registry.entities["x"].wikidata_label == wikidata_label


def test_a_different_name_passes_only_with_the_reason_recorded(tmp_path):
    entry = {"id": "x", "label": "Stepanograd", "types": ["State"], "wikidata": "Q5",
             "wikidata_label": "Khanabad", "wikidata_source": "s"}
    with pytest.raises(RegistryError, match="matches neither"):
        load_registry(write(tmp_path, yaml.safe_dump({"entities": [entry]})))
    entry["wikidata_label_differs"] = "renamed in 2024; same item"
    assert load_registry(write(tmp_path, yaml.safe_dump({"entities": [entry]}))).entities["x"].wikidata == "Q5"
