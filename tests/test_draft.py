"""`kg init`: a draft registry and a corpus entry from a new document's text (kg/draft.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conflict_kg.build import BuildOptions, build_release
from conflict_kg.cli import main as kg
from conflict_kg.document import Document
from conflict_kg.draft import draft_registry
from conflict_kg.evaluate import evaluate_corpus
from conflict_kg.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "dev"

# An invented article (no real names): what a curator would write for it is asserted below.
ARTICLE = """# Zenda offensive

The Zenda offensive was launched by the Armed Forces of Ruritania (AFR) against Borduria on 3 May 2021. \
Ruritanian forces shelled the village of Tarsk and entered Zenda. Ruritanian troops captured Tarsk on 4 May.

Government officials in Borduria said that Bordurian troops had withdrawn from Zenda. President Pavel Marek \
of Borduria condemned the attack. Marek said the Ruritanian government had broken the truce.

General Anton Vasek, the commander of the Ruritanian forces, said the fighting in Zenda was over. Vasek later \
visited Tarsk. The Red Cross evacuated civilians from Zenda to Lorsk.
"""
RED_CROSS = {"id": "icrc", "label": "International Committee of the Red Cross", "types": ["NGO"],
             "aliases": ["Red Cross", "ICRC"]}


@pytest.fixture(scope="module")
def drafted():
    draft = draft_registry(Document.from_text("zenda", ARTICLE, "markdown"), [[RED_CROSS]])
    return {entry["label"]: entry for entry in draft.entities}, draft


def test_states_take_the_demonyms_whose_stem_they_share(drafted):
    entries, _ = drafted
    assert entries["Ruritania"]["types"] == ["State", "Country"]
    assert entries["Ruritania"]["demonyms"] == ["Ruritanian"]
    assert entries["Borduria"]["demonyms"] == ["Bordurian"]


def test_the_named_force_is_the_states_whole_force_and_group_phrases_its_aliases(drafted):
    entries, _ = drafted
    force = entries["Armed Forces of Ruritania"]
    assert force["types"] == ["ArmedForce"] and force["part_of"] == ["ruritania"]
    assert {"AFR", "Ruritanian forces", "Ruritanian troops"} <= set(force["aliases"])
    # a state whose forces the text names only by group phrase gets one made for them
    assert entries["Bordurian forces"]["part_of"] == ["borduria"]
    assert "Bordurian troops" in entries["Bordurian forces"]["aliases"]
    government = entries["Ruritanian government"]
    assert government["types"] == ["GovernmentBody"] and government["part_of"] == ["ruritania"]


def test_people_by_full_name_with_their_surnames_as_aliases(drafted):
    entries, _ = drafted
    assert entries["Pavel Marek"]["types"] == ["Person"] and entries["Pavel Marek"]["aliases"] == ["Marek"]
    assert entries["Anton Vasek"]["aliases"] == ["Vasek"]
    assert "Marek" not in entries and "Vasek" not in entries and "General Anton Vasek" not in entries


def test_places_by_the_words_around_them(drafted):
    entries, _ = drafted
    assert entries["Tarsk"]["types"] == ["Village"]  # "the village of Tarsk"
    assert entries["Zenda"]["types"] == ["Place"]  # a place, but the text never says what kind
    assert "Government" not in entries  # a common noun opening a sentence


CUES = """# The Tarsk campaign

On 3 May 2021, the Ruritanian Army captured al-Hattin and Lorsk. The Ruritanian Army then secured parts of \
Vellin, Brask and ar-Ruda. Bordurian troops held the neighborhoods al-Nahr, Kessel and Dorn.

The Battle of Morava ended later. Ruritania recaptured three villages in Tarsk Raion: Aval, Bevel and Ceval. The Zenda Iron and Steel Works was hit twice. Workers left the Zenda Iron \
and Steel Works on 5 May. Ruritania and Borduria signed a truce. Senator Ronald dela Vega met the commander of Task Force Orsk. Some 700 \
ZLF fighters joined them.
"""


def test_names_after_a_particle_a_battle_or_a_district_word_and_names_with_and_inside():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("cues", CUES, "markdown"), []).entities}
    assert entries["al-Hattin"]["types"] != ["Person"]  # "captured al-Hattin and Lorsk": a place
    assert entries["Brask"]["types"] == ["Place"]  # "secured parts of Vellin, Brask and ar-Ruda"
    assert entries["al-Nahr"]["types"] == entries["Kessel"]["types"] == ["District"]  # "the neighborhoods ..."
    assert "Morava" in entries  # "the Battle of Morava": a battle is named after a place
    assert entries["Bevel"]["types"] == ["Village"]  # "three villages in Tarsk Raion: Aval, Bevel and Ceval"
    assert entries["Zenda Iron and Steel Works"]["types"] == ["Facility"]  # read whole twice
    assert "Ruritania and Borduria" not in entries  # two names, each on its own
    assert entries["Ronald dela Vega"]["types"] == ["Person"]  # a lowercase particle inside a name
    assert entries["Task Force Orsk"]["types"] == ["Organization"]
    assert entries["ZLF"]["types"] == ["Organization"]  # "ZLF fighters": an acronym with members is a body


LISTS = """# The Vellin campaign

Refugees reached Orsk, Brask, Morlan and Tevin Oblasts by May. The failures of the Zenda Front in the Battle of \
Kessel slowed it. Ruritania captured two villages, including al-Zarun, on 3 May. Bordurian troops had \
taken control of parts of Hadim ibn Abd al-Qasim, al-Tarif and Nessa.
"""


def test_names_before_a_plural_kind_after_including_and_in_lists_with_particles():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("lists", LISTS, "markdown"), []).entities}
    # "Orsk, Brask, Morlan and Tevin Oblasts": four places, not an organisation "Tevin Oblasts"
    assert all(entries[name]["types"] == ["Place"] for name in ("Orsk", "Brask", "Morlan", "Tevin"))
    assert "Tevin Oblasts" not in entries
    # "the Battle of Kessel" names an event after its place: the place is the entity
    assert "Battle of Kessel" not in entries and entries["Kessel"]["types"] == ["Place"]
    assert entries["al-Zarun"]["types"] == ["Village"]  # "two villages, including al-Zarun"
    # "taken control of parts of Hadim ibn Abd al-Qasim, al-Tarif and Nessa": the list goes on past "ibn"
    assert entries["al-Tarif"]["types"] == ["Place"]


SITES = """# The Orsk siege

Fighters held out in the Orsk steel plant until May. On 3 May the Orsk plant was shelled again. The dead \
were buried in the Vellin cemetery. Ruritanian troops entered Orsk. Soldiers raised a flag outside Orsk city \
hall. Russian troops left a Russian logistics base near Orsk.
"""


def test_a_lowercase_site_noun_after_a_name_names_a_site():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("sites", SITES, "markdown"), []).entities}
    assert entries["Orsk steel plant"]["types"] == ["Facility"]
    assert entries["Orsk steel plant"]["aliases"] == ["Orsk plant"]  # one site, written two ways
    assert entries["Vellin cemetery"]["types"] == ["Site"]
    assert "Vellin" not in entries  # named only as the cemetery's name
    assert entries["Orsk city hall"]["types"] == ["Facility"]
    assert entries["Orsk"]["types"] == ["City"]  # what has a city hall is a city
    assert not any("logistics base" in label for label in entries)  # a demonym names no site


MEDIA_AND_OFFICES = """# The Orsk siege

Ruritania captured the village of Tarsk according to Oleksa Marvin, deputy head of the Bordurian general staff. \
The governor posted photos on Zelmigram of soldiers outside Tarsk. Residents left in a Zelmigram post.
"""


def test_a_medium_by_what_is_posted_on_it_and_a_person_by_the_office_after_the_name():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("m", MEDIA_AND_OFFICES, "markdown"), []).entities}
    assert entries["Zelmigram"]["types"] == ["MediaOutlet"]  # "posted photos on Zelmigram", "a Zelmigram post"
    assert entries["Oleksa Marvin"]["types"] == ["Person"]
    # the office after a name is a person's cue where the recogniser reads no person (a long sentence
    # of one development article): the pattern itself
    from conflict_kg.draft import OFFICE_AFTER
    assert OFFICE_AFTER.match(", deputy head of operations") and OFFICE_AFTER.match(", the mayor of Tarsk")
    assert not OFFICE_AFTER.match(", the capital of Borduria") and not OFFICE_AFTER.match(" head of")


def test_a_name_after_a_states_adjective_is_also_an_alias_without_it():
    text = ARTICLE + "\nThe Ruritanian State Security Service detained two Bordurian officers in Zenda.\n"
    entries = {e["label"]: e for e in draft_registry(Document.from_text("zenda", text, "markdown"), []).entities}
    assert "State Security Service" in entries["Ruritanian State Security Service"]["aliases"]
    assert "Forces of Ruritania" not in entries["Armed Forces of Ruritania"].get("aliases", [])


def test_known_entries_are_reused_as_written_and_only_new_ones_are_unreviewed(drafted):
    entries, draft = drafted
    assert entries["International Committee of the Red Cross"] == RED_CROSS
    assert all(entry.get("unreviewed") is True for label, entry in entries.items() if label != RED_CROSS["label"])
    assert draft.reused == 1 and draft.new == len(entries) - 1


def _init(tmp_path: Path, name: str, *extra: str):
    copy = tmp_path / Path(name).name
    shutil.copyfile(DEV / name, copy)
    return copy, CliRunner().invoke(kg, ["init", str(copy), *extra])


def test_kg_init_then_kg_build_gives_a_conforming_release_that_counts_the_unreviewed(tmp_path):
    copy, result = _init(tmp_path, "siege-of-marawi.md")
    assert result.exit_code == 0, result.output
    assert "read siege-of-marawi.md as markdown" in result.output
    manifest = yaml.safe_load((tmp_path / "corpus.yaml").read_text(encoding="utf-8"))
    entry = manifest["documents"][0]
    assert entry["id"] == "siege-of-marawi" and entry["title"] == "Siege of Marawi"
    assert entry["source"] == "https://en.wikipedia.org/wiki/Siege_of_Marawi"
    registry = load_registry(tmp_path / entry["registry"])
    assert sum(e.unreviewed for e in registry) > 100
    built = build_release(tmp_path / "release", BuildOptions(corpus=tmp_path / "corpus.yaml"))
    assert built.validation.conforms
    release = json.loads((built.release / "manifest.json").read_text(encoding="utf-8"))
    assert release["unreviewed_entities"] == sum(e.unreviewed for e in registry)
    assert (built.release / "source-siege-of-marawi.txt").read_text(encoding="utf-8") == \
        Document.from_file(copy).text


def test_kg_init_never_overwrites_a_registry_nor_lists_a_document_twice(tmp_path):
    _, first = _init(tmp_path, "siege-of-marawi.md")
    assert first.exit_code == 0
    before = (tmp_path / "siege-of-marawi.registry.yaml").read_bytes()
    _, again = _init(tmp_path, "siege-of-marawi.md")
    assert again.exit_code == 1 and "is never overwritten" in again.output
    assert (tmp_path / "siege-of-marawi.registry.yaml").read_bytes() == before
    (tmp_path / "siege-of-marawi.registry.yaml").rename(tmp_path / "kept.yaml")
    _, third = _init(tmp_path, "siege-of-marawi.md")
    assert third.exit_code == 1 and "already listed" in third.output


# Measured with the draft registry, never reviewed, against the blind gold of each development article
# (bench/draft.py prints the same beside the curated registry's figures): these floors keep them.
FLOORS = {"siege-of-marawi": 0.905, "siege-of-mariupol": 0.90, "2022-kharkiv-counteroffensive": 0.90,
          "battle-of-raqqa-2017": 0.90}


@pytest.mark.parametrize("doc_id", sorted(FLOORS))
def test_entity_recall_of_a_draft_on_each_development_article(tmp_path, doc_id):
    _, result = _init(tmp_path, f"{doc_id}.md")
    assert result.exit_code == 0, result.output
    scores = evaluate_corpus(tmp_path / "corpus.yaml", gold_dir=ROOT / "tests" / "gold" / "dev").documents[doc_id]
    print(f"\n{doc_id}: entity recall {scores['entities'].recall:.3f} with the unreviewed draft")
    assert scores["entities"].recall >= FLOORS[doc_id]


def test_a_name_read_whole_is_not_two_names_when_its_second_part_names_nothing_alone():
    from conflict_kg.draft import Candidate, _joins_two_names, _key
    whole = Candidate("Central Missile and Artillery Directorate", whole=1)
    candidates = {_key(c.name): c for c in (whole, Candidate("Central Missile", count=1))}
    assert not _joins_two_names(whole.name, candidates)
    # "Mirek Dovan of the Zenda Front": both parts name something of their own
    run = Candidate("Mirek Dovan of the Zenda Front", whole=1)
    candidates = {_key(c.name): c for c in (run, Candidate("Mirek Dovan", count=1), Candidate("Zenda Front", count=1))}
    assert _joins_two_names(run.name, candidates)



def test_a_hyphen_joins_one_name_but_not_two_names_written_alone():
    from conflict_kg.draft import Candidate, _key, _name_runs, _two_names_hyphenated
    from conflict_kg.parse import parse_document

    text = "On 3 May, troops clashed near a school in Ar-Zelva neighborhood and on the Morlan-Tesk Highway."
    document = Document.from_text("h", text, "markdown")
    sentence = document.sentences[0]
    names = {sentence.clean[start:stop] for start, stop, _ in _name_runs(parse_document(document)[sentence.index])}
    assert {"Ar-Zelva", "Morlan-Tesk Highway"} <= names  # the parser splits "Ar", "-", "Zelva"
    candidates = {_key(n): Candidate(n) for n in ("Ruritania", "Borduria", "Ruritania-Borduria", "Ar-Zelva")}
    assert _two_names_hyphenated("Ruritania-Borduria", candidates, text)  # "the Ruritania-Borduria border"
    assert not _two_names_hyphenated("Ar-Zelva", candidates, text)


OWNERS_AND_TITLES = """# The Orsk siege

Refugees fled from Orsk to Ruritania and to Borduria, and from Borduria to Ruritania. Ismail Hakki, the head of the local Sultan Zendar Mosque, said that civilians were sheltering there. Ruritania's \
Health Department sent doctors to Orsk. Ruritania's Tevin Park was shelled. A shell hit Saint Mary's Cathedral \
in Orsk. Fighting was bitter at the al-Zarim roundabout in Orsk. The al-Zarnahdah militia held the \
al-Zarim district. The US sent aid, a doctor told us.
"""
US = {"id": "united-states", "label": "United States", "types": ["State", "Country"], "aliases": ["US", "U.S."]}


@pytest.mark.parametrize("votes, stripped", [
    ({"GPE": 21, "FAC": 23, "ORG": 2}, True),  # a city the recogniser often reads as a building beside "port"
    ({"GPE": 10}, True),
    ({"PERSON": 8, "GPE": 2}, False),  # "Saint Mary's Cathedral": named after a person
    ({"ORG": 6, "FAC": 5}, False),  # an organisation's building keeps its owner's name
])
def test_a_possessive_place_is_left_out_of_what_it_owns(votes, stripped):
    from collections import Counter

    from conflict_kg.draft import Candidate, _key, _without_owning_place
    owner = Candidate("Orsk", labels=Counter(votes), count=sum(votes.values()))
    owned = Candidate("Orsk's Tevin hospital", labels=Counter({"FAC": 1}), count=1)
    candidates = {_key(c.name): c for c in (owner, owned)}
    _without_owning_place(candidates)
    assert (_key("Tevin hospital") in candidates) is stripped
    assert (_key("Orsk's Tevin hospital") in candidates) is not stripped


def test_owners_titles_particles_and_capitals_as_the_names_are_written():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("o", OWNERS_AND_TITLES, "markdown"),
                                                     [[US]]).entities}
    # a building named after a titled person keeps the title, and is no person
    assert entries["Sultan Zendar Mosque"]["types"] == ["Site"]
    # a place's body or site is named without the place's possessive; a saint's is not a place's
    assert "Health Department" in entries and "Ruritania's Health Department" not in entries
    assert "Tevin Park" in entries and not any(label.startswith("Ruritania") and " " in label for label in entries)
    assert "Saint Mary's Cathedral" in entries
    # "al" before a hyphen is part of the name even when the tagger splits "al", "-", "Zarim"
    assert entries["al-Zarim roundabout"]["types"] == ["Site"]
    # two names that share the article "al-" share no stem: no demonym, no state
    assert not any("State" in e["types"] for label, e in entries.items() if label.startswith("al-"))
    # "US" in capitals is the reused state, although "us" is a word of the text
    assert "United States" in entries


def test_al_before_a_split_hyphen_stays_in_the_name_and_shares_no_stem():
    from conflict_kg.draft import _demonym_of, _name_runs
    from conflict_kg.parse import parse_document

    document = Document.from_text("p", "Fighting was bitter at the al-Zarim roundabout in Orsk.", "markdown")
    sentence = document.sentences[0]
    names = {sentence.clean[start:stop] for start, stop, _ in _name_runs(parse_document(document)[sentence.index])}
    assert "al-Zarim" in names  # the tagger reads "al", "-", "Zarim" as three proper nouns
    assert _demonym_of("Ruritanian", "Ruritania")
    assert not _demonym_of("al-Zarnahdah", "al-Zarim")  # one article, two names


def test_parts_read_only_inside_a_whole_name_are_no_names_unless_whole_themselves():
    from conflict_kg.draft import Candidate, _joins_two_names, _key

    def read(*candidates):
        return {_key(c.name): c for c in candidates}

    # the parser splits at "and" and reads both halves; the recogniser reads the whole: one agency
    whole = Candidate("Zenda Cooperation and Coordination Agency", count=1, whole=1)
    parts = [Candidate("Zenda Cooperation", count=1, inside_whole=1),
             Candidate("Coordination Agency", count=1, inside_whole=1)]
    assert not _joins_two_names(whole.name, read(whole, *parts))
    # two names each ending in what it names, although read only inside the whole
    dams = Candidate("Tarsk Dam and Orsk Dam", count=1, whole=1)
    assert _joins_two_names(dams.name, read(dams, Candidate("Tarsk Dam", count=1, inside_whole=1),
                                            Candidate("Orsk Dam", count=1, inside_whole=1)))
    # "of" joins no names by their kind word alone: "Ruritanian Ministry of Internal Affairs"
    ministry = Candidate("Ruritanian Ministry of Internal Affairs", count=1)
    assert not _joins_two_names(ministry.name, read(ministry, Candidate("Internal Affairs", count=1)))


POPULATIONS = ARTICLE + """
Ruritanian officials said the shelling had stopped. Bordurian civilians fled Zenda, and Zenda residents \
sheltered in basements.
"""


def test_the_people_of_a_state_or_a_place_are_a_population_and_its_officials_its_government():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("p", POPULATIONS, "markdown"), []).entities}
    assert entries["Bordurian civilians"]["types"] == ["Population"]
    assert entries["Zenda residents"]["types"] == ["Population"]
    assert "Ruritanian officials" in entries["Ruritanian government"]["aliases"]


def test_a_name_capitalised_mid_sentence_is_a_name_though_the_text_also_writes_it_lowercase():
    text = ("# The Orsk siege\n\nRuritania captured Orsk on 3 May. Its governor questioned the plan, writing on "
            "Zelmigram: \"We will hold.\" A pro-Bordurian zelmigram channel reported the capture of Orsk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("z", text, "markdown"), []).entities}
    assert entries["Zelmigram"]["types"] == ["MediaOutlet"]
    # a common noun that only ever opens a sentence is still no name
    text = "# Orsk\n\nGovernment troops entered Orsk on 3 May. The government said Orsk was taken.\n"
    entries = {e["label"]: e for e in draft_registry(Document.from_text("g", text, "markdown"), []).entities}
    assert "Government" not in entries


def test_a_title_before_a_bodys_word_is_in_its_name_and_an_offices_domain_is_not_in_a_persons():
    text = ("# The Orsk offensive\n\nOn 3 May, the General Staff of the Armed Forces of Ruritania said that Orsk "
            "had been taken. On 6 June, Ruritanian Deputy Minister of Healthcare Ivo Dorn warned against a cholera "
            "outbreak in Orsk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("t", text, "markdown"), []).entities}
    assert "General Staff of the Armed Forces of Ruritania" in entries
    assert entries["Ivo Dorn"]["types"] == ["Person"]
    assert not any("Healthcare" in label for label in entries)


def test_a_name_nothing_else_reads_is_a_body_when_things_are_according_to_it():
    text = ("# The Orsk siege\n\nRuritania captured Orsk on 3 May. According to Zeltally, a team of independent "
            "journalists, at least 300 civilians died in Orsk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("a", text, "markdown"), []).entities}
    assert entries["Zeltally"]["types"] == ["Organization"]


def test_a_road_by_its_number_and_the_forces_of_a_people_without_a_state():
    text = ("# The Orsk offensive\n\nRuritanian troops entered Orsk on 3 May. Ruritanian forces had secured the "
            "T14 highway the day before. Fighting centered west of the R-7 road. The commander of Zendish forces "
            "in Orsk was a member of the Ruritanian parliament. The ZLF forces left Orsk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("r", text, "markdown"), []).entities}
    assert entries["T14 highway"]["types"] == entries["R-7 road"]["types"] == ["Road"]
    assert entries["Zendish forces"]["types"] == ["ArmedForce"]  # the text gives the Zendish no state
    assert "ZLF forces" not in entries  # an acronym is no people
    assert not any(label.startswith("Ruritanian") and "State" in e["types"] for label, e in entries.items())


def test_two_names_nothing_labels_are_a_persons_when_the_second_is_read_alone():
    from collections import Counter

    from conflict_kg.draft import Candidate, _key, _kind

    def read(*candidates):
        return {_key(c.name): c for c in candidates}

    # "... by president Marek, Ivo Dorn assured ...", "Marek talked to Dorn": the recogniser labels neither
    full = Candidate("Ivo Dorn", labels=Counter({"NONE": 1}), count=1)
    assert _kind(full, read(full, Candidate("Dorn", labels=Counter({"NONE": 1}), count=1))) == "Person"
    # "on Ruritanian Zelmigram": the first word is read alone too, so no given name
    run = Candidate("Ruritanian Zelmigram", labels=Counter({"NONE": 1}), count=1)
    assert _kind(run, read(run, Candidate("Ruritanian", count=3), Candidate("Zelmigram", count=2))) is None
    # "Tarsk Dam": a kind word ends a place's name, not a person's
    dam = Candidate("Tarsk Dam", labels=Counter({"NONE": 1}), count=1)
    assert _kind(dam, read(dam, Candidate("Dam", count=1))) != "Person"


def test_a_title_word_inside_a_bodys_name_keeps_the_name_whole():
    # "General" before "Assembly" is part of the name wherever it stands, as it is at its start
    text = ("# Zenda\n\nOn 3 May 2023, the Ruritanian General Assembly voted to condemn the shelling of Zenda. "
            "Ruritania shelled Zenda again.\n")
    entries = {e["label"] for e in draft_registry(Document.from_text("g", text, "markdown"), []).entities}
    assert "Ruritanian General Assembly" in entries


ACRONYMS = """# The Kessel offensive

The fighting was between the Islamic Front of Orsk and the Valley (IFOV) and the Government of Brask. The \
Peace Mission in Brask (PMIB) called for a ceasefire. Later the IFOV withdrew and the PMIB left.
"""


def test_a_name_is_the_words_its_bracketed_acronym_spells_though_it_holds_and_or_in():
    entries = {e["label"]: e for e in draft_registry(Document.from_text("acronyms", ACRONYMS, "markdown"), []).entities}
    assert "IFOV" in entries["Islamic Front of Orsk and the Valley"].get("aliases", [])
    assert "PMIB" in entries["Peace Mission in Brask"].get("aliases", [])


def test_an_acronym_read_as_a_demonym_before_fighters_is_an_armed_group():
    from collections import Counter

    from conflict_kg.draft import Candidate, _armed_acronym
    text = "ZLF fighters captured Tarsk. ZLF militants shelled Zenda. Ruritanian fighters withdrew."
    assert _armed_acronym(Candidate("ZLF", labels=Counter({"NORP": 5, "ORG": 1})), text)
    assert not _armed_acronym(Candidate("Ruritanian", labels=Counter({"NORP": 5})), text)  # a word: a demonym
    assert not _armed_acronym(Candidate("ZLF", labels=Counter({"ORG": 5})), text)  # already read as a body
    assert not _armed_acronym(Candidate("ZLF", labels=Counter({"NORP": 5})), "The ZLF said so.")


def test_what_the_seizure_or_recapture_of_names_is_a_place():
    text = ("# Zenda offensive\n\nOn 3 May 2021, the Ruritanian army announced the seizure of al-Tarsk, al-Lorsk "
            "and al-Vesk, and later the recapture of Brodny.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("s", text, "markdown"), []).entities}
    for name in ("al-Tarsk", "al-Lorsk", "al-Vesk", "Brodny"):
        assert name in entries and entries[name]["types"] == ["Place"], (name, entries.get(name))


def test_every_name_listed_after_villages_of_or_the_area_of_is_a_place():
    text = ("# Zenda offensive\n\nOn 3 May 2021, Ruritanian troops seized control over three villages of Tarsk, "
            "Lorsk, and Vesk east of Zenda. Two days later, 12 soldiers were killed in the area of Brodny.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("v", text, "markdown"), []).entities}
    assert [entries.get(n, {}).get("types") for n in ("Tarsk", "Lorsk", "Vesk")] == [["Village"]] * 3
    assert entries.get("Brodny", {}).get("types") == ["Place"]


def test_a_known_states_possessive_is_not_part_of_the_name_it_owns():
    orlandia = {"id": "orlandia", "label": "Orlandia", "types": ["State", "Country"], "demonyms": ["Orlandian"]}
    text = ("# Zenda offensive\n\nOn 3 May 2021, commanders of Orlandia's Kessel Guard Corps discussed the "
            "battle with Ruritanian officers.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("q", text, "markdown"), [[orlandia]]).entities}
    assert "Kessel Guard Corps" in entries and "Orlandia's Kessel Guard Corps" not in entries, sorted(entries)
    assert "Orlandia" in entries


def test_a_name_with_and_without_its_arabic_article_or_its_dots_is_one_entry():
    text = ("# Zenda offensive\n\nOn 3 May 2021, the U.S.-led Coalition struck the al-Tarsk neighborhood and the "
            "neighborhoods of al-Lorsk and al-Vesk. On 4 May, Ruritanian troops entered Tarsk. On 5 May, the "
            "US-led Coalition struck Lorsk district.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("a", text, "markdown"), []).entities}
    assert "US-led Coalition" in entries["U.S.-led Coalition"].get("aliases", []), entries["U.S.-led Coalition"]
    assert "Tarsk" not in entries and "Tarsk" in entries["al-Tarsk"].get("aliases", []), sorted(entries)
    assert "Lorsk" in entries["al-Lorsk"].get("aliases", [])


def test_a_quoted_name_before_a_noun_of_ground_names_that_ground():
    text = ("# Zenda offensive\n\nOn 3 May 2021, Ruritanian troops secured the \"300\" neighbourhood and reached "
            "the “Market” district. On 4 May, they cleared the \"12\" street.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("q", text, "markdown"), []).entities}
    assert entries['"300" neighbourhood']["types"] == ["District"]
    assert entries["“Market” district"]["types"] == ["District"]
    assert entries['"12" street']["types"] == ["Road"]


def test_a_noun_of_ground_and_its_number_name_that_ground():
    text = ("# Zenda offensive\n\nOn 3 May 2021, Ruritanian troops advanced into neighbourhood 4 and reached "
            "Street 12, two miles from the centre of Zenda.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("n", text, "markdown"), []).entities}
    assert entries["neighbourhood 4"]["types"] == ["District"] and entries["Street 12"]["types"] == ["Road"]
    assert "Street" not in entries


def test_a_side_the_text_keeps_calling_the_rebels_is_an_armed_group():
    text = ("# Zenda offensive\n\nOn 3 May 2021, Ruritanian rebel groups attacked Tarsk. The rebels took Lorsk on 4 May. "
            "The rebels then shelled Zenda. On 6 May, the rebels entered Vesk. The rebels withdrew from Vesk. "
            "On 9 May, the rebels captured Brodny.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("r", text, "markdown"), []).entities}
    group = entries.get("Ruritanian rebel groups")
    assert group is not None and group["types"] == ["ArmedForce"] and "rebels" in group["aliases"], sorted(entries)


def test_the_backed_rebels_are_the_backed_rebel_forces():
    text = ("# Zenda offensive\n\nOn 3 May 2021, Ruritanian-backed rebel forces attacked Tarsk. The rebels took Lorsk "
            "on 4 May. The Ruritanian-backed rebels then shelled Zenda. On 6 May, the rebels entered Vesk. The rebels "
            "withdrew from Vesk. On 9 May, the rebels captured Brodny.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("r", text, "markdown"), []).entities}
    assert "Ruritanian-backed rebels" in entries["Ruritanian-backed rebel forces"]["aliases"], sorted(entries)


def test_the_members_of_a_group_named_by_its_acronym_are_the_group():
    text = ("# Zenda offensive\n\nOn 3 May 2021, the Zenda Liberation Front (ZLF) attacked Tarsk. ZLF militants "
            "took Lorsk on 4 May. The Zenda Liberation Front then shelled Vesk, and ZLF militants entered it.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("z", text, "markdown"), []).entities}
    front = entries["Zenda Liberation Front"]
    assert "ZLF" in front["aliases"] and "ZLF militants" in front["aliases"], front


def test_a_quarter_the_text_places_in_a_town_lies_in_it():
    text = ("# Orsk offensive\n\nOn 3 May 2021, Ruritanian troops entered the city of Orsk. They reached the Tarsk "
            "neighbourhood in eastern Orsk on 4 May, and the Lorsk district of Orsk on 5 May. Tarsk neighbourhood "
            "fell on 6 May. Fighting in Lorsk district went on. Vesk, Zenda and Orsk were shelled.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("q", text, "markdown"), []).entities}
    orsk = entries["Orsk"]["id"]
    assert entries["Tarsk"]["located_in"] == [orsk] and entries["Lorsk"]["located_in"] == [orsk], entries
    assert not entries.get("Vesk", {}).get("located_in")  # listed beside the town, not in it


def test_the_demonym_before_a_city_of_a_name_is_no_city():
    text = ("# Orsk offensive\n\nOn 3 May 2021, Ruritanian troops entered Orsk. Ruritanian forces shelled Tarsk. "
            "A Ruritanian officer was killed near the Ruritanian city of Lorsk on 7 May. Ruritanian units left "
            "Tarsk. The Ruritanian army took Vesk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("d", text, "markdown"), []).entities}
    assert "Ruritanian" not in entries, entries["Ruritanian"]


def test_a_tie_between_a_peoples_reading_and_an_organisations_is_no_demonym():
    from collections import Counter

    from conflict_kg.draft import Candidate, _read_as_norp

    assert _read_as_norp(Candidate("Ruritanian", labels=Counter({"NORP": 5, "GPE": 1})))
    assert not _read_as_norp(Candidate("Zenda State", labels=Counter({"NORP": 1, "ORG": 1})))


def test_a_name_cut_at_its_and_stays_an_alias_where_the_text_writes_it_alone():
    from conflict_kg.draft import _key, _whole_name_of

    entry = {"id": "zenda-state", "label": "Zenda State", "types": ["Organization"], "unreviewed": True}
    full = "Zenda State of Tarsk and Vesk"
    text = f"The {full} (ZSTV) took Orsk. Zenda State fighters left Lorsk."
    assert _whole_name_of({_key("Zenda State"): entry}, full, text) is entry
    assert entry["label"] == full and entry["aliases"] == ["Zenda State"]
    alone = {"id": "zenda-state", "label": "Zenda State", "types": ["Organization"], "unreviewed": True}
    _whole_name_of({_key("Zenda State"): alone}, full, f"The {full} (ZSTV) took Orsk.")
    assert "aliases" not in alone  # written only as the start of the whole name


def test_a_states_military_by_its_possessive_is_its_armed_force():
    text = ("# Orsk offensive\n\nOn 3 May 2021, Ruritania attacked Orsk. Ruritanian forces shelled Tarsk. "
            "Ruritanian troops took Lorsk on 5 May. Ruritania's military said it had taken Vesk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("p", text, "markdown"), []).entities}
    force = entries["Ruritanian forces"]
    assert "Ruritania's military" in force["aliases"] and force["part_of"] == [entries["Ruritania"]["id"]], force


def test_the_city_council_is_the_one_town_council_of_the_draft():
    text = ("# Orsk siege\n\nOn 3 May 2021, Ruritanian troops shelled Orsk. The Orsk City Council said 30 people "
            "died. On 5 May, the city council said the water plant was hit. Orsk City Council asked for help.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("c", text, "markdown"), []).entities}
    assert "city council" in entries["Orsk City Council"].get("aliases", []), entries["Orsk City Council"]


def test_a_place_named_as_a_country_is_named_is_a_state():
    text = ("# Orsk crisis\n\nOn 3 May 2021, the United States and Zendia agreed to a ceasefire in Orsk. The United "
            "States sent envoys to Orsk on 5 May.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("s", text, "markdown"), []).entities}
    assert entries["United States"]["types"] == ["State", "Country"], entries.get("United States")
    assert "State" not in entries.get("Orsk", {"types": []})["types"]


def test_a_states_government_with_a_capital_or_without_a_demonym():
    text = ("# Orsk crisis\n\nOn 3 May 2021, the Ruritanian Government denied the attack on Orsk. Ruritanian troops "
            "left Orsk. On 4 May, the United States government and Ruritania agreed to a ceasefire. The United "
            "States sent envoys.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("g", text, "markdown"), []).entities}
    governments = {e["label"]: e for e in entries.values() if e["types"] == ["GovernmentBody"]}
    assert any("Ruritanian Government" in [g["label"], *g.get("aliases", [])] for g in governments.values()), governments
    assert any("United States government" in [g["label"], *g.get("aliases", [])] for g in governments.values()), \
        governments


def test_acronyms_an_en_dash_joins_are_one_name_and_named_places_two():
    text = ("# Orsk offensive\n\nOn 3 May 2021, according to the ZJTF\u2013ORS, its aircraft struck Orsk. Several "
            "soldiers were wounded near Orsk, according to the ZJTF\u2013ORS. The Ruritania\u2013Borduria clashes "
            "began on 4 May, and the Tarsk\u2013Orsk road was cut.\n")
    labels = {e["label"] for e in draft_registry(Document.from_text("d", text, "markdown"), []).entities}
    assert "ZJTF\u2013ORS" in labels and not {"ZJTF", "ORS"} & labels, labels
    assert not any("\u2013" in label and ("Ruritania" in label or "Orsk" in label) for label in labels), labels


def test_an_owners_name_before_a_things_name_is_two_names():
    text = ("# Orsk offensive\n\nOn 3 May 2021, the ZLF took Orsk. The ZLF's Velmar News Agency said it had taken "
            "Lorsk. Velmar News Agency later denied it. The ZLF left Tarsk. Orsk's Central Hospital was hit; "
            "Orsk was shelled.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("o", text, "markdown"), []).entities}
    assert "Velmar News Agency" in entries and "ZLF's Velmar News Agency" not in entries, sorted(entries)
    assert entries["Velmar News Agency"]["types"] == ["MediaOutlet"]  # a news agency is the press's


def test_ground_named_after_a_place_is_a_place_written_so():
    text = ("# Orsk offensive\n\nOn 3 May 2021, Ruritanian troops cleared the Velmora area of Zendan fighters. "
            "On 5 May, the army reported that the Tarnin area in the eastern district was ready for the families "
            "to return.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("a", text, "markdown"), []).entities}
    for name in ("Velmora", "Tarnin"):
        assert name in entries and f"{name} area" in entries[name].get("aliases", []), sorted(entries)
        assert "State" not in entries[name]["types"]


def test_a_coalition_named_by_who_leads_it_is_one_armed_force_in_every_form_written():
    text = ("# Orsk offensive\n\nOn 3 May 2021, the Zendian-led coalition struck Orsk. On 5 May, the Z.D.-led Coalition "
            "struck Tarsk, and the ZD-led coalition struck Lorsk.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("l", text, "markdown"), []).entities}
    coalition = entries["Zendian-led coalition"]
    assert coalition["types"] == ["ArmedForce"]
    # "Z.D." and "ZD" are one leader written two ways: one coalition
    ones = [e for e in entries.values() if "ZD-led coalition" in [e["label"], *e.get("aliases", [])]]
    assert len(ones) == 1 and "Z.D.-led Coalition" in [ones[0]["label"], *ones[0].get("aliases", [])], ones


def test_a_coalition_opening_a_sentence_is_not_another_named_the():
    text = ("# Orsk offensive\n\nThe Zendian-led coalition struck Orsk on 3 May 2021. On 5 May, the Zendian-led "
            "coalition struck Tarsk.\n")
    labels = [e["label"] for e in draft_registry(Document.from_text("t", text, "markdown"), []).entities]
    assert "Zendian-led coalition" in labels and not any(label.startswith("The ") for label in labels), labels


def test_ground_a_group_holds_is_no_place_named_after_it():
    text = ("# Orsk offensive\n\nOn 3 May 2021, the ZLF left Orsk. Ruritanian troops entered the ZLF area on 4 May. "
            "The ZLF retreated.\n")
    entries = draft_registry(Document.from_text("z", text, "markdown"), []).entities
    assert not any("ZLF area" in e.get("aliases", []) for e in entries), entries


def test_a_surname_is_the_one_full_name_it_ends_whatever_the_recogniser_calls_it_but_no_country_is():
    from collections import Counter

    from conflict_kg.draft import Candidate, _full_name_ending_in

    full = Candidate("Ivo Dorn", labels=Counter({"PERSON": 2}), count=2)
    # "Governor Dorn said ...": the recogniser reads the lone surname as a people's name more often than not
    surname = Candidate("Dorn", labels=Counter({"NORP": 5, "PERSON": 3}), cues=Counter({"Person": 4}), count=8)
    assert _full_name_ending_in(surname, [full]) is full
    # two people of that name: which one is not settled
    assert _full_name_ending_in(surname, [full, Candidate("Ana Dorn", labels=Counter({"PERSON": 1}))]) is None
    # "the Deputy Minister of Defense of Chile": a country's name ends the run, it is no one's surname
    run = Candidate("Defense of Chile", labels=Counter({"GPE": 1}), count=1)
    country = Candidate("Chile", labels=Counter({"GPE": 9}), count=9)
    assert _full_name_ending_in(country, [run]) is None
    # after a place's cue word ("the village of Dorn") it is a place's name
    village = Candidate("Dorn", labels=Counter({"PERSON": 1}), cues=Counter({"Place": 1}), count=1)
    assert _full_name_ending_in(village, [full]) is None


def test_a_name_with_of_is_no_persons():
    from collections import Counter

    from conflict_kg.draft import Candidate, _key, _kind

    # "Deputy Minister of Defense of Ruritania": the recogniser's run after the title
    run = Candidate("Defense of Ruritania", labels=Counter({"GPE": 1}), cues=Counter({"Person": 1}), count=1)
    assert _kind(run, {_key(run.name): run}) is None
    # "a statement of the Bishops' Conference of Ruritania, whose President ...": a body's name
    body = Candidate("Bishops' Conference of Ruritania", labels=Counter({"ORG": 2}), cues=Counter({"Person": 1}), count=2)
    assert _kind(body, {_key(body.name): body}) == "Organization"


def test_names_of_several_words_before_a_plural_kind_and_a_district_named_with_and_without_its_word():
    text = ("# The Orsk offensive\n\nOn 3 May, Ruritanian troops recaptured the Albu Kessel and Albu Tarn Districts "
            "near Orsk. In Vellin and Dorn districts the fighting went on. On 5 May, Ruritanian troops entered the "
            "Albu Kessel District. Bordurian shelling hit the Dorn District on 6 May.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("d", text, "markdown"), []).entities}
    # "the Albu Kessel and Albu Tarn Districts": two districts of two words each, no "Albu Tarn Districts"
    assert entries["Albu Tarn"]["types"] == ["District"]
    assert not any(label.endswith("Districts") for label in entries)
    # "In Vellin and Dorn districts": "In" opens the sentence, it is no part of a name
    assert "Vellin" in entries and "In Vellin" not in entries
    # a district named once with its word and once in a list without it is one district
    assert "Albu Kessel" in entries["Albu Kessel District"]["aliases"] and "Albu Kessel" not in entries
    assert "Dorn" in entries["Dorn District"]["aliases"] and "Dorn" not in entries


def test_a_word_opening_the_sentence_is_no_part_of_a_listed_name_and_a_village_is_no_surname():
    text = "# T\n\nAfter Vellin and Dorn districts fell, the army withdrew. The army of Ruritania left Vellin.\n"
    entries = {e["label"]: e for e in draft_registry(Document.from_text("d", text, "markdown"), []).entities}
    assert "After Vellin" not in entries and entries["Vellin"]["types"] == ["District"]
    text = "# T\n\nThe village of Dorn was shelled on 4 May. Governor Ivo Dorn said the shelling of Dorn was over.\n"
    entries = {e["label"]: e for e in draft_registry(Document.from_text("d", text, "markdown"), []).entities}
    assert "Dorn" not in entries["Ivo Dorn"].get("aliases", [])


def test_a_name_in_a_list_mostly_of_places_is_a_place_though_its_neighbours_read_as_persons():
    # the recogniser reads "Eftris, Jisral" as persons, each the other's neighbour: the list as a whole is
    # of places
    text = ("# Zenda offensive\n\nThe villages under siege were Dourin, Mesrat, Arbul, Hamrin, Saqra, Modrin, "
            "Eftris, Jisral, as well as Harsat.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("v", text, "markdown"), []).entities}
    assert [entries.get(n, {}).get("types") for n in ("Modrin", "Eftris", "Jisral")] == [["Place"]] * 3


def test_a_capitalised_ground_feature_with_a_number_is_a_site():
    text = ("# Zenda offensive\n\nOn 14 March 2021, the army captured Hill 812 and Hill 853 near Zenda, and on the next "
            "day Point 939 and the Kilo 71 area. At one point 5 soldiers were wounded.\n")
    entries = {e["label"]: e for e in draft_registry(Document.from_text("v", text, "markdown"), []).entities}
    assert [entries.get(n, {}).get("types") for n in ("Hill 812", "Hill 853", "Point 939", "Kilo 71")] == [["Site"]] * 4
    assert "point 5" not in {label.casefold() for label in entries}
