"""Draft a registry for a new document from its own text (``kg init``).

The names come from spaCy's named-entity recogniser (the same verified ``en_core_web_sm`` as the
parser), which is right about most spans but often wrong about their kind in war reporting (a
besieged city tagged as a person, a militant group as a place). So a name's kind is decided by
votes: the recogniser's labels, the words of the name itself ("Ministry", "Brigade", "Oblast",
"Bridge"), the words before it ("the village of", "President", "in"), and for single words whether
they end a person's full name. Then:

- a name that an existing registry (``--registry``) already knows is reused with its id, types,
  demonyms and Wikidata link (and the entries it is part of or located in);
- demonyms ("Ruritanian") are tied to the state whose name they start like, and the text's group
  phrases ("Ruritanian forces", "the Ruritanian government") become the state's armed force and
  government, which is how the rules resolve "Ruritanian troops shelled ...";
- a surname alone becomes an alias of the one full name it ends, an acronym in brackets after a
  name ("Armed Forces of Ruritania (AFR)") an alias of that name.

Every new entry is marked ``unreviewed: true``: the build accepts it as it is and the release says
how many entities nobody has checked.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from conflict_kg.document import Document
from conflict_kg.geo import fold, read_records
from conflict_kg.resources import folder

LABELS = ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC")
# The recogniser's other labels (and none) still name something; only these six vote on its kind.
# Words inside a name that say what it names (Wikipedia's own naming conventions).
NAME_WORDS = {
    "ArmedForce": {"army", "forces", "force", "brigade", "regiment", "battalion", "division", "militia", "guard",
                   "corps", "navy", "marines", "legion", "command", "squadron", "troops", "fleet", "detachment"},
    "GovernmentBody": {"ministry", "government", "council", "parliament", "police", "department", "office",
                       "presidency", "assembly", "court", "committee", "commission", "congress", "senate",
                       "administration", "cabinet", "prosecutor", "service", "agency", "duma", "directorate"},
    "MediaOutlet": {"news", "times", "post", "tv", "radio", "press", "journal", "gazette", "telegraph",
                    "guardian", "herald", "broadcasting", "television", "tribune", "daily", "media", "channel"},
    "AcademicInstitution": {"university", "college", "academy"},
    "NGO": {"amnesty", "watch", "cross", "crescent", "foundation", "institute", "médecins", "doctors"},
    "InternationalOrganization": {"nations", "union", "nato", "osce"},
    "Company": {"company", "inc", "corporation", "ltd", "llc", "group"},
    "Region": {"oblast", "province", "governorate", "region", "krai", "prefecture", "peninsula"},
    "District": {"district", "raion", "municipality", "county", "rayon", "municipal", "suburb", "quarter",
                 "neighbourhood", "neighborhood", "hromada"},
    "City": {"city"},
    "Village": {"village"},
    "Bridge": {"bridge"},
    "Airport": {"airport", "airfield", "airbase"},
    "Road": {"road", "highway", "street", "avenue", "motorway"},
    "Monastery": {"monastery"},
    "Site": {"mosque", "church", "cathedral", "temple", "cemetery", "memorial", "lake", "river", "sea", "mountain",
             "mount", "square", "park", "island", "hill", "palace", "castle", "fortress", "shrine", "citadel",
             "roundabout", "gate", "walls", "forest", "zone", "alley"},
    "Facility": {"hospital", "hall", "jail", "prison", "camp", "plant", "works", "port", "dam", "base", "school",
                 "factory", "station", "centre", "center", "theatre", "theater", "building", "stadium", "mall",
                 "capitol", "market", "complex", "tower", "barracks", "pool", "headquarters"},
}
KIND_WORDS = set().union(*NAME_WORDS.values())
# Words that head a body's name, after which a title word is part of the name ("General Staff", "General Assembly").
BODY_HEADS = KIND_WORDS | {"staff"}
# The last words of names of buildings and structures (a title before such a name is part of it).
BUILDING_WORDS = set().union(*(NAME_WORDS[k] for k in ("Bridge", "Airport", "Road", "Monastery", "Site", "Facility")))
PLACE_KINDS = {"Region", "District", "City", "Village", "Bridge", "Airport", "Road", "Monastery", "Site",
               "Facility", "Settlement", "Town", "Place"}
# The names of a list before the one at hand: "in Velykyi Burluk and Dvorichna", "captured A, B and C".
# A capitalised word, or one after a lowercase particle ("al-Hattin", "ar-Ruda").
NAME_WORD = r"(?:(?:al|el|ad|ar|as|ash|at|az|an)-)?[A-Z][\w'’-]*"
# (a name may hold a lowercase particle: "Hadim ibn Abd al-Qasim", "Vila de Orsk")
LIST_SO_FAR = rf"(?:{NAME_WORD}(?:\s+(?:(?:ibn|bin|de|del|da|dela|van|von|der)\s+)*{NAME_WORD})*,?\s+(?:and\s+)?)*$"
# Words just before a name that say what it names.
BEFORE = [
    # "the villages of A, B, and C": each name of the list
    (re.compile(r"\b(?i:village|villages|hamlet) of\s+" + LIST_SO_FAR), "Village"),
    (re.compile(r"\b(?i:town|towns) of\s+" + LIST_SO_FAR), "Town"),
    (re.compile(r"\b(?i:city|cities) of\s+" + LIST_SO_FAR), "City"),
    # "in the area of X", "the outskirts of X", "the areas of A and B": ground
    (re.compile(r"\b(?i:area|areas|vicinity|outskirts|environs) of\s+(?:(?i:the)\s+)?" + LIST_SO_FAR), "Place"),
    # "recaptured seven more villages in Svatove Raion: A, B and C": a list after a colon names them
    (re.compile(r"\b(?i:villages)\b[^:.;()]{0,60}:\s+" + LIST_SO_FAR), "Village"),
    (re.compile(r"\b(?i:towns|settlements|cities)\b[^:.;()]{0,60}:\s+" + LIST_SO_FAR), "Place"),
    # "capturing two villages, including al-Zarun": the names a plural kind noun goes on to include
    (re.compile(r"\b(?i:villages),?\s+including\s+" + LIST_SO_FAR), "Village"),
    (re.compile(r"\b(?i:towns|settlements|cities),?\s+including\s+" + LIST_SO_FAR), "Place"),
    # "the neighborhoods A, B and C", "the districts of A and B"
    (re.compile(r"\b(?i:neighbou?rhoods?|districts?|quarters?)\s+(?:of\s+)?" + LIST_SO_FAR), "District"),
    # "according to X": X says things, so a person or a body (the recogniser tells which, if anything)
    (re.compile(r"\b(?i:according) to\s+(?:the\s+)?$"), "Source"),
    # "the Battle of X", "the Siege of X": a battle is named after where it was fought
    (re.compile(r"\b(?:Battle|Siege|Fall|Liberation|Sack) of\s+(?:the\s+)?$"), "Place"),
    # "from" and "to" are left out: "a letter from X", "talks to X" take organisations and people too
    (re.compile(r"\b(?i:in|at|near|into|outside|around|across|towards?|within|through|inside)"
                r"\s+(?:(?i:the)\s+)?" + LIST_SO_FAR), "Place"),
    # "from" only after a movement away: "withdrew from X", "the retreat from X", "fled from X"
    (re.compile(r"\b(?i:withdr[ae]wn?|withdrawal|withdrawing|retreat(?:ed|ing)?|fled|fleeing|expelled|driven|ousted"
                r"|evacuated|pushed back)\s+from\s+(?:(?i:the)\s+)?" + LIST_SO_FAR), "Place"),
    # what is captured, shelled or entered is a place far more often than not
    (re.compile(r"\b(?:captured|recaptured|capturing|recapturing|liberated|liberating|retook|retaken|retaking"
                r"|seized|seizing|secured|securing|entered|entering|shelled|shelling|reached|encircled|besieged"
                r"|(?:took|taken|taking|regained|regaining|lost|losing) control of"
                # "the seizure of A, B and C", "the recapture of X": the noun of the same act
                r"|(?i:seizure|capture|recapture|liberation) of)\s+(?:parts? of\s+)?(?:the\s+)?"
                r"(?:(?:villages?|towns?|city) of\s+)?"
                + LIST_SO_FAR), "Place"),
    (re.compile(r"\b(?:President|Minister|General|Gen\.|Colonel|Col\.|Lieutenant|Lt\.|Major|Maj\.|Captain|Capt\."
                r"|Mayor|Secretary|Senator|Sen\.|Governor|Bishop|Father|Fr\.|Commander|Spokesman|spokesperson"
                r"|spokesman|Mr\.|Mrs\.|Ms\.|Dr\.|leader|chief|Chief|commander|journalist|Prime Minister"
                r"|Ambassador|Sergeant|Sgt\.|Admiral)\s+$"), "Person"),
]
# Wikipedia's names of events after the place they were fought at: the place is the entity.
EVENT_NAME_WORDS = ("Battle", "Siege", "Fall", "Liberation", "Sack")
EVENT_NAME = re.compile(rf"(?:{'|'.join(EVENT_NAME_WORDS)}) of\b")
# A plural kind word after a list of names makes each a place of that kind: "Orsk, Brask and Tevin
# Oblasts", "the Kessel and Dorn neighborhoods" (the cue each name gets).
PLURAL_KINDS = {"oblasts": "Place", "provinces": "Place", "governorates": "Place", "regions": "Place",
                "districts": "District", "raions": "District", "neighborhoods": "District",
                "neighbourhoods": "District", "villages": "Village", "towns": "Town"}
# A listed name may be of several words ("the Albu Khalifa and Albu Mahl Districts")
LISTED_NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}"
LIST_BEFORE_KIND = re.compile(
    rf"((?:{LISTED_NAME},\s+(?:and\s+)?(?:parts? of\s+)?)*{LISTED_NAME},?\s+and\s+(?:parts? of\s+)?{LISTED_NAME})"
    rf"\s+((?i:{'|'.join(PLURAL_KINDS)}))\b")
# Words that open a sentence or a phrase before a list, not a listed name ("In Orsk and Tarsk districts").
LIST_OPENERS = frozenset({"the", "in", "on", "at", "from", "to", "by", "both", "near", "between", "into", "and",
                          "after", "before", "during", "within", "with", "without", "across", "around", "through",
                          "throughout", "against", "among", "despite", "following", "under", "over", "for", "as",
                          "when", "while", "since", "until", "of"})
# A lowercase site noun after a name makes a site named after it: "Vellin cemetery", "the Zenda airport",
# "Orsk city hall", "the Tarsk industrial zone" (one lowercase word may come before the noun).
SITE_NOUNS = ("cemetery", "forest", "highway", "street", "road", "prison", "airport", "hall", "port", "plant",
              "bridge", "mosque", "church", "cathedral", "hospital", "school", "stadium", "zone", "centre",
              "center", "pool", "square", "station", "dam", "camp", "building", "shrine", "roundabout", "alley",
              "tower", "market", "theatre", "theater", "jail", "barracks", "base", "headquarters")
SITE_AFTER = re.compile(r"^\s+((?:(?!(?:by|of|in|on|at|to|for|from|with|and|or|as|is|was|were|are|the|a|an)\s)"
                        rf"[a-z]+\s+)?(?:{'|'.join(SITE_NOUNS)}))\b(?![-'’])")
# Where something is posted is a medium: "posted photos on Zelmigram", "writing on Zelmigram".
POSTING_VERBS = ("post", "posts", "posted", "posting", "wrote", "writing", "written", "published", "publishing",
                 "shared", "sharing", "uploaded", "uploading")
POSTED_ON = re.compile(rf"\b(?:{'|'.join(POSTING_VERBS)})\b(?:\s+[\w'’-]+){{0,4}}?\s+on\s+$")
# "a Zelmigram post", "his Zelmigram channel": a medium's name before what it carries.
POST_NOUNS = ("post", "posts", "page", "channel", "account", "video", "videos")
POST_AFTER = re.compile(rf"^\s+(?:{'|'.join(POST_NOUNS)})\b")
# A person's office in apposition after the name: "Oleksa Marvin, deputy head of ...", "X, the mayor of Y".
OFFICE_WORDS = ("head", "chief", "commander", "spokesman", "spokesperson", "spokeswoman", "mayor", "minister",
                "president", "governor", "director", "leader", "adviser", "advisor", "secretary", "chairman",
                "chairwoman")
OFFICE_AFTER = re.compile(r"^,\s+(?:the\s+|a\s+)?(?:deputy\s+|former\s+|acting\s+|local\s+)?"
                          rf"(?:{'|'.join(OFFICE_WORDS)})\b")
VILLAGE_AFTER = re.compile(r"^\s+(village|town|city|district|neighbourhood|neighborhood|quarter|suburb|area)s?\b")
# ("the Orsk area": ground named after a place, of no kind the text says)
AFTER_KIND = {"village": "Village", "town": "Town", "city": "City", "district": "District",
              "neighbourhood": "District", "neighborhood": "District", "quarter": "District", "suburb": "District",
              "area": "Place"}
PERSON_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)\.?$|\s+(?:II|III|IV)$")
ACRONYM = re.compile(r"([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|in|on|de|del|[A-Z][\w'’.-]*))*\s+[A-Z][\w'’.-]*)\s+\(([A-Z]{2,6})\)")
ARMED_NOUNS = ("forces", "troops", "army", "military", "soldiers", "servicemen", "units")
# Further words whose phrase with a demonym the text may use for the state's forces ("Ruritanian artillery");
# added as aliases only where the text writes them.
ARMED_PHRASE_NOUNS = ARMED_NOUNS + ("artillery", "aircraft", "jets", "warplanes", "paratroopers", "marines",
                                    "navy", "fighters", "militiamen", "personnel", "airstrikes", "shelling",
                                    "positions", "side", "defenders", "counteroffensive", "offensive")
GOVERNMENT_NOUNS = ("government", "authorities", "leadership", "administration", "officials")
MONTHS_AND_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                   "saturday", "sunday"}
STOP_NAMES = MONTHS_AND_DAYS | {"state", "defense", "defence", "background", "aftermath", "quran", "islam", "god",
                                "allah", "street view", "google earth"}
# Arabic article and kin written in lowercase inside names: "al-Zendah", "Tel ez-Tarsk".
PARTICLE = re.compile(r"^(?:al|el|ez|ad|ar|as|ash|at|az|an|ath|ud|ul)-", re.I)
ABBREVIATED_END = re.compile(r"\b(?:Jr|Sr|St|Co|Inc|Ltd|Bros)\.$")
ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
CONNECTORS = {"of", "the", "del", "de", "la", "al", "for", "el", "da", "van", "von", "bin", "ibn",
              "dela", "der"}  # lowercase particles of names: "Ronald dela Rosa", "Ursula von der Leyen"
# Titles written before a name: they are not part of it, and they say the name is a person's.
TITLES = {"President", "Vice", "Minister", "Secretary", "General", "Gen", "Lieutenant", "Lt", "Colonel", "Col",
          "Major", "Maj", "Captain", "Capt", "Mayor", "Governor", "Senator", "Sen", "Representative", "Rep",
          "Sultan", "Sheik", "Sheikh", "Father", "Fr", "Bishop", "Commander", "Spokesman", "Spokesperson", "Chief",
          "Director", "Ambassador", "Prime", "Sergeant", "Sgt", "Admiral", "Adm", "Brigadier", "Marshal", "Judge",
          "Justice", "Pope", "Prince", "King", "Queen", "Mr", "Mrs", "Ms", "Dr", "Imam", "Patriarch", "Archbishop",
          "Cardinal", "Emir", "Commissioner", "Chairman", "Chairwoman", "Speaker", "Deputy", "Private", "Corporal",
          "Gov", "Supt", "Superintendent", "Sir", "Dame", "Lord", "Lady", "Inspector", "Officer", "Lieutenant-General", "Major-General"}


def _read_as_norp(candidate: Candidate) -> bool:
    """Read as a people's name ("Ruritanian") more often than as anything else: a tie with an
    organisation's or a place's reading ("the Zenda State", NORP once and ORG once) is not."""
    counts = candidate.labels.most_common(2)
    return counts[0][0] == "NORP" and (len(counts) == 1 or counts[1][1] < counts[0][1])


def _place_cues(candidate: Candidate) -> int:
    """How often the words around the name said it is a place ("the village of X", "X district", ...)."""
    return sum(candidate.cues[cue] for cue in ("Place", "Village", "Town", "City", "District"))


def _full_name_ending_in(candidate: Candidate, persons: list[Candidate]) -> Candidate | None:
    """The one person's full name a single word ends, when the word is used as a surname: not read
    as a country's name ("Ruritania" does not become an alias of a "Defense of Ruritania" misread as a
    person), never after a place's cue word."""
    if " " in candidate.name or fold(candidate.name) in _country_names() or _place_cues(candidate):
        return None
    owners = [p for p in persons if p.name.split()[-1] == candidate.name]
    return owners[0] if len(owners) == 1 else None


@dataclass
class Candidate:
    name: str
    labels: Counter = field(default_factory=Counter)
    cues: Counter = field(default_factory=Counter)
    count: int = 0
    written_with: set[str] = field(default_factory=set)  # "Tarsk district" for "Tarsk"
    written_before_of: set[str] = field(default_factory=set)  # of those, any read "the Tarsk district of Orsk"
    coordinated: Counter = field(default_factory=Counter)  # names it is listed with ("Zenda and Tarsk")
    whole: int = 0  # times the recogniser read it, "and" and all, as one organisation's or building's name
    mid_sentence: int = 0  # times read after a sentence's first word (capitalised there by choice, not by place)
    inside_whole: int = 0  # times it was read only as a part of such a whole ("Zenda Iron" of "Zenda Iron and Steel Works")


@dataclass
class Draft:
    entities: list[dict]
    reused: int
    new: int
    demonyms: dict[str, str]  # demonym -> entity id


def draft_registry(document: Document, existing: list[list[dict]]) -> Draft:
    """``existing``: the entries of registries to reuse (each a list of entries as written)."""
    from conflict_kg.parse import load_model, parse_document

    parses = parse_document(document)
    sentences = [s for s in document.sentences if s.extracted and s.block != "heading"]
    nlp = load_model(ner=True)
    candidates: dict[str, Candidate] = {}
    sites: dict[tuple[str, str], str] = {}  # (name, site noun) -> the site's name as first written
    sited: dict[str, str] = {}  # a site's key -> the key of the name it is named after
    text = "\n".join(s.clean for s in sentences)
    for sentence, doc in zip(sentences, nlp.pipe([s.clean for s in sentences], batch_size=64), strict=True):
        label_at = {}
        for ent in doc.ents:
            for i in range(ent.start_char, ent.end_char):
                label_at[i] = ent.label_
        # Both readings of each name: the recogniser's span and the parse's proper-noun run; where they
        # agree the name is counted once, where they differ both are candidates and the votes decide.
        spans = set(_name_runs(parses[sentence.index]))
        recognised = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "FAC")}
        spans |= {(e.start_char, e.end_char, False) for e in doc.ents if e.label_ in LABELS}
        in_sentence: list[tuple[int, int, str]] = []
        for start, stop, titled in sorted(spans):
            whole = (start, stop) in recognised
            name = sentence.clean[start:stop]
            if name.lower().startswith("the "):
                start, name = start + 4, name[4:]
            name = re.sub(r"['’]s?$", "", name).strip(" ,;:-")
            if name.endswith(".") and not ABBREVIATED_END.search(name):
                name = name[:-1]
            while " " in name and name.split()[0].lower() in MONTHS_AND_DAYS:  # "September Ruritanian forces"
                first = name.split()[0]
                start, name = start + len(first) + 1, name[len(first) + 1:]
                if name.lower().startswith("the "):  # "On 3 May the Orsk plant"
                    start, name = start + 4, name[4:]
            # an organisation's or a building's name the recogniser read whole may hold "and", "for",
            # "in" ("Zenda Iron and Steel Works", "Council for Peace and Co-operation in Orlandia")
            if not _is_name(name, INNER_CONNECTORS if whole else ()):
                continue
            candidate = candidates.setdefault(_key(name), Candidate(name))
            candidate.whole += whole
            candidate.mid_sentence += _standing_alone_mid_sentence(sentence.clean, start, start + len(name))
            candidate.inside_whole += any(a <= start and start + len(name) <= b and (a, b) != (start, start + len(name))
                                          and " and " in sentence.clean[a:b] for a, b in recognised)
            in_sentence.append((start, start + len(name), _key(name)))
            label = Counter(label_at[i] for i in range(start, start + len(name)) if i in label_at).most_common(1)
            candidate.labels[label[0][0] if label else "NONE"] += 1
            candidate.count += 1
            if titled:
                candidate.cues["Person"] += 1
            before = sentence.clean[:start]
            for pattern, cue in BEFORE:
                if pattern.search(before[-80:]):
                    candidate.cues[cue] += 1
            rest = sentence.clean[start + len(name):]
            if POSTED_ON.search(before[-80:]) or POST_AFTER.match(rest):
                candidate.cues["MediaOutlet"] += 1
            if " " in name and OFFICE_AFTER.match(rest):
                candidate.cues["Person"] += 1
            site = SITE_AFTER.match(rest)
            after = None if site else VILLAGE_AFTER.match(rest)  # "Orsk city hall" is a site, not the city Orsk
            if after and after.group(1) == "area" and (label and label[0][0] == "NORP" or ACRONYM_NAME.fullmatch(name)):
                after = None  # "the Kurdish area", "the ZLF area": ground a people or a group holds, no place's name
            if after:  # "Tarsk village", "the Lorsk district": a kind, and a name of its own
                candidate.cues[AFTER_KIND[after.group(1)]] += 1
                if not after.group(0).endswith("s"):  # "Tarsk village" names it; "A and B villages" does not
                    candidate.written_with.add(f"{name} {after.group(1)}")
                    if re.match(r"\s+of\s+[A-Z]", rest[after.end():]):
                        candidate.written_before_of.add(f"{name} {after.group(1)}")
            if site:
                _note_site(candidate, name, site.group(1).split(), candidates, sites, sited)
        _note_coordination(parses[sentence.index], in_sentence, candidates)
    for site_key, name_key in sited.items():
        base = candidates.get(name_key)
        if base is not None and _read_as_norp(base):
            candidates.pop(site_key, None)  # "a Ruritanian logistics base": a demonym names no site
    _names_before_a_plural_kind(candidates, text)
    _without_owning_place(candidates, _known_places(existing))
    _road_numbers(candidates, text)
    for key in [k for k, c in candidates.items() if EVENT_NAME.match(c.name)]:
        del candidates[key]  # "the Battle of Kessel": an event, named after its place (the entity)
    lowercase_words = set(re.findall(r"(?<=[a-z,;] )[a-z]+", text))
    for key in [k for k, c in candidates.items() if _joins_two_names(c.name, candidates)
                or _two_names_hyphenated(c.name, candidates, text)
                or _possessor_and_name(c.name, candidates)
                or _ends_with_a_name(c.name, candidates)
                or (" " not in c.name and not c.name.isupper() and not c.mid_sentence
                    and c.name.lower() in lowercase_words)]:
        # a run across two names, or a common noun only ever opening a sentence ("Government"; but "US"
        # is no "us", and "writing on Zelmigram" capitalises a name that "a zelmigram channel" does not)
        del candidates[key]
    known = _known_names(existing)
    entries: dict[str, dict] = {}
    aliases_of: dict[str, str] = {}  # key -> the key of the entry it is an alias of
    demonyms: dict[str, str] = {}

    # 1. demonyms and states
    norp = [c.name for c in candidates.values() if _read_as_norp(c)]
    for demonym in norp:
        for registry in existing:
            for item in registry:
                if demonym in (item.get("demonyms") or []):
                    demonyms[demonym] = item["id"]
                    _reuse(item, registry, entries)
    persons = [c for c in candidates.values() if _kind(c, candidates) == "Person" and len(c.name.split()) > 1]
    ranked = sorted(candidates.items(), key=lambda kv: -kv[1].count)
    for key, _candidate in ranked:  # reused entries first: their ids are taken as they are
        if key in known:
            item, registry = known[key]
            _reuse(item, registry, entries)
    for key, candidate in ranked:
        if key in known:
            continue
        owner = _full_name_ending_in(candidate, persons)
        if owner is not None and (not _read_as_norp(candidate) or candidate.cues["Person"]):
            # "Dorn" after "Ivo Dorn", whatever the recogniser called it: it reads a lone surname after a
            # title ("Governor Dorn") as a people's name as often as a person's ("Koreans" after "North
            # Koreans", with no title, stays a people's)
            aliases_of[key] = _key(owner.name)
            continue
        place_cues = _place_cues(candidate)
        if _armed_acronym(candidate, text):
            _add(entries, _new(candidate.name, "ArmedForce"))
            continue
        of_a_state = candidate.name in demonyms or any(
            _demonym_of(candidate.name, other.name) for other in candidates.values()
            if other is not candidate and other.labels["GPE"] > other.labels["NORP"])
        demonym_like = of_a_state or candidate.labels["NORP"] >= 2
        if _read_as_norp(candidate) and demonym_like and not _cue_kind(candidate.name) \
                and (of_a_state or not candidate.written_with - candidate.written_before_of):
            # "Ruritanian", "Bordurian": a demonym, never a place of its own ("the Ruritanian city of Orsk"
            # names Orsk, and "the only major Ruritanian city" no city "Ruritanian")
            continue
        if _read_as_norp(candidate) and not place_cues:
            kind = _cue_kind(candidate.name)  # "Ruritanian Marines": a force; "Muslims": a population
            if kind is None and candidate.name.endswith("s") and candidate.name[:-1] not in demonyms \
                    and not any(_demonym_of(candidate.name[:-1], c.name) for c in candidates.values()
                                if c.labels.most_common(1)[0][0] == "GPE"):
                kind = "Population"  # "Muslims"; but "Ruritanians" are Ruritania's (see _plural_demonyms)
            if kind is not None:
                _add(entries, _new(candidate.name, kind))
            continue
        kind = _kind(candidate, candidates)
        if kind in (None, "Person") and " " not in candidate.name and not candidate.cues["Person"] \
                and _listed_with_places(candidate, candidates):
            kind = "Place"  # "as far back as Zenda and Tarsk": a list of places
        if kind is None and ACRONYM_NAME.fullmatch(candidate.name) and re.search(
                rf"\b(?:[Tt]he {candidate.name}\b|{candidate.name}['’]s\b|{candidate.name} (?:{BODY_FOLLOWERS})\b)", text):
            # "the UCCP", "FIDH's", "MNLF fighters", "the CBCP President": an acronym that has members,
            # leaders or an article is a body's ("a UAV", "via SMS" are not)
            kind = "Organization"
        if kind is None:
            continue
        if kind == "Person" and " " not in candidate.name:
            continue  # a surname of several people, or a single name: left to the curator
        entry = _new(candidate.name, kind)
        if candidate.written_with:
            entry.setdefault("aliases", []).extend(sorted(candidate.written_with))
        _add(entries, entry)
    _countries_are_states(entries)
    # 2. demonyms from the text to the states they start like ("Ruritanian" and "Ruritania")
    for demonym in norp:
        if demonym in demonyms or len(demonym) < 4 or " " in demonym.strip() or demonym.endswith("s") \
                or ACRONYM_NAME.fullmatch(demonym):
            continue  # an acronym is no demonym ("ZLF fighters" are the group's, not a state's)
        # the stem is strong evidence: "Ruritanian" makes "Ruritania" a state whatever the recogniser said
        # (a name the recogniser once read as a people's is no demonym of itself: "the Sedra area")
        places = [e for e in entries.values() if ("State" in e["types"] or e.get("_kind") in STATE_LIKE)
                  and _demonym_of(demonym, e["label"]) and _key(demonym) != _key(e["label"])]
        if places:
            place = max(places, key=lambda e: (("State" in e["types"]),
                                               getattr(candidates.get(_key(e["label"])), "count", 0)))
            place["unreviewed"] = True  # a demonym added to a reused entry is this draft's, to be checked
            place["types"] = ["State", "Country"]
            place.setdefault("demonyms", []).append(demonym)
            demonyms[demonym] = place["id"]
    # 3. the states' forces and governments: the one the text names ("Armed Forces of Ruritania",
    # "Bordurian government"), else one made for its group phrases ("Ruritanian troops"); the state's other
    # named forces and bodies ("Ruritanian Air Force") become parts of them, as a curator would file them
    by_id = {e["id"]: e for e in entries.values()}
    for state_id in sorted(set(demonyms.values()) | {e["id"] for e in entries.values() if "State" in e["types"]}):
        state = by_id.get(state_id)
        if state is None:
            continue
        # what the text calls the state's people and things: "Ruritanian", and a short name like "RU"
        own = [d for d, s in demonyms.items() if s == state_id] + [
            a for a in state.get("aliases", []) if a.isupper() and len(a) <= 4]
        if not own and re.search(rf"\b{re.escape(state['label'])}\s+(?:[Gg]overnment|[Ff]orces|[Mm]ilitary)\b", text):
            own = [state["label"]]  # "the Zendia government": a state the text gives no demonym
        if not own:
            continue
        for kind, nouns, whole_words in (("ArmedForce", ARMED_NOUNS, ("armed forces", "forces", "military")),
                                         ("GovernmentBody", GOVERNMENT_NOUNS, ("government",))):
            phrase_nouns = ARMED_PHRASE_NOUNS if kind == "ArmedForce" else nouns
            # "the Ruritanian Government"; "the Ruritania government" (the name right before the noun: not
            # "Ruritania withdrew its forces")
            phrases = sorted({m.group() for pattern in [
                rf"\b(?:{'|'.join(map(re.escape, own))})\s+(?:[a-z]+\s+){{0,2}}?(?i:{'|'.join(phrase_nouns)})\b",
                rf"\b{re.escape(state['label'])}\s+(?i:{'|'.join(phrase_nouns)})\b"] for m in re.finditer(pattern, text)})
            named = [e for e in entries.values() if e.get("unreviewed") and kind in e["types"]
                     and _service_of(e["label"], state["label"], own, kind)]
            reviewed = next((e for e in entries.values() if not e.get("unreviewed") and kind in e["types"]
                             and state_id in e.get("part_of", [])
                             and any(w in e["label"].lower() for w in whole_words)), None)
            whole = reviewed or next((e for e in named if _service_of(e["label"], state["label"], own, kind)
                                      == "whole"), None)
            if whole is None and phrases:
                whole = _new(f"{own[0]} {'forces' if kind == 'ArmedForce' else 'government'}", kind)
                _add(entries, whole)
            if whole is None:
                continue
            if whole.get("unreviewed"):
                whole["part_of"] = [state_id]
                owned = sorted({m.group() for m in re.finditer(  # "Ruritania's military"
                    rf"\b{re.escape(state['label'])}['’]s\s+(?:{'|'.join(phrase_nouns)})\b", text)})
                whole.setdefault("aliases", []).extend([f"{d} {noun}" for d in own for noun in nouns] + phrases + owned)
            for part in named:
                if part is not whole:
                    part["part_of"] = [whole["id"]]
            if kind == "GovernmentBody":  # "the Ruritanian foreign ministry": a ministry of that government
                for ministry in sorted({m.group() for d in own for m in re.finditer(
                        rf"\b{re.escape(d)}\s+[a-z]+\s+ministry\b", text)}):
                    if _key(ministry) not in {_key(e["label"]) for e in entries.values()}:
                        body = _new(ministry, "GovernmentBody")
                        body["part_of"] = [whole["id"]]
                        _add(entries, body)
    _home_state_bodies(entries, demonyms, text)
    _population_phrases(entries, demonyms, text)
    _plural_demonyms(entries, demonyms, candidates)
    _stateless_forces(entries, norp, demonyms, text)
    _containing_places(entries, text)
    _districts_named_without_their_word(entries)
    # 4. aliases: surnames, acronyms in brackets, "Zenda" for "Zenda group"
    by_key = {_key(e["label"]): e for e in entries.values()}
    for alias_key, owner_key in aliases_of.items():
        owner = by_key.get(owner_key)
        if owner is not None:
            owner.setdefault("aliases", []).append(candidates[alias_key].name)
    for match in ACRONYM.finditer(text):
        owner = by_key.get(_key(re.sub(r"^the\s+", "", match.group(1), flags=re.I)))
        acronym = match.group(2)
        if owner is None and (full := _spelled_by(match.group(1), acronym)) is not None:
            # "the Islamic State of Iraq and the Levant (ISIL)": the words the acronym spells are the
            # whole name, though the name was read only up to its "and" ("Islamic State of Iraq")
            owner = by_key.get(_key(full)) or _whole_name_of(by_key, full, text)
            twin = by_key.get(_key(acronym))
            if owner is None and twin is not None and twin.get("unreviewed") and len(full.split()) >= 2:
                # only the acronym was drafted ("the PMIB left"): it is the name's, which it spells
                by_key.pop(_key(acronym))
                twin["label"] = full
                by_key[_key(full)] = owner = twin
        if owner is None or acronym in owner.get("aliases", []) or owner["label"] == acronym:
            continue
        owner.setdefault("aliases", []).append(acronym)
        twin = by_key.pop(_key(acronym), None)  # the acronym's own draft entry becomes the alias
        if twin is not None and twin.get("unreviewed") and twin is not owner:
            entries.pop(twin["id"], None)
    for key, entry in list(by_key.items()):
        group = by_key.get(f"{key} group")
        if group is not None and entry.get("unreviewed") and entry["types"] != ["Person"] and entry is not group:
            group.setdefault("aliases", []).append(entry["label"])
            entries.pop(entry["id"], None)
    _quoted_names(entries, text)
    _bare_fighters(entries, text)
    _led_coalitions(entries, text)
    _numbered_ground(entries, text)
    _spelling_variants(entries, text)
    _member_phrases(entries, text)  # after the aliases: "ZLF fighters" once "ZLF" is the front's
    _the_town_body(entries, text)
    _without_demonym(entries, demonyms)
    _unique_aliases(entries)
    for entry in entries.values():
        entry.pop("_kind", None)
        for field_name in ("aliases", "demonyms"):
            if field_name in entry and not entry[field_name]:
                del entry[field_name]
    _drop_runs_into_people(entries)
    _drop_unfound(entries, sentences)
    new = sum(1 for e in entries.values() if e.get("unreviewed"))
    return Draft(list(entries.values()), len(entries) - new, new, demonyms)


ACRONYM_NAME = re.compile(r"[A-Z]{3,6}")


def _armed_acronym(candidate: Candidate, text: str) -> bool:
    """'ZLF fighters', 'ZLF militants': the recogniser reads an acronym before such a noun as a
    demonym, but a demonym is a word ("Ruritanian"), never an acronym: the group that fights."""
    return ACRONYM_NAME.fullmatch(candidate.name) is not None \
        and _read_as_norp(candidate) \
        and re.search(rf"\b{candidate.name} (?:{ARMED_MEMBERS})\b", text) is not None


def _spelled_by(name: str, acronym: str) -> str | None:
    """The shortest end of ``name`` whose words' initials spell ``acronym``: its capitalised words'
    ("Islamic State of Iraq and the Levant": ISIL), or all its words' ("Mission in Libya": MIL)."""
    words = name.split()
    for start in range(len(words) - 1, -1, -1):
        part = words[start:]
        if not part[0][:1].isupper():
            continue
        if acronym in ("".join(w[0] for w in part if w[:1].isupper()), "".join(w[0].upper() for w in part)):
            return " ".join(part)
    return None


def _whole_name_of(by_key: dict, full: str, text: str) -> dict | None:
    """The drafted entry whose label is the start of ``full`` (a name cut at its "and" or "in"),
    relabelled to the whole name; the start stays an alias where the text writes it alone ("the Zenda
    State" for "the Zenda State of Tarsk and Vesk")."""
    for key, entry in list(by_key.items()):
        if entry.get("unreviewed") and _key(full).startswith(key + " ") and len(key.split()) >= 2:
            by_key.pop(key)
            rest = full[len(entry["label"]):]
            if re.search(rf"\b{re.escape(entry['label'])}\b(?!{re.escape(rest)})", text):
                entry.setdefault("aliases", []).append(entry["label"])
            entry["label"] = full
            by_key[_key(full)] = entry
            return entry
    return None


# Who an armed group's members are called: "ZLF fighters", "VLF militants".
ARMED_MEMBERS = "|".join(("forces", "fighters", "troops", "militants"))
BODY_FOLLOWERS = "|".join(("forces", "fighters", "troops", "militants", "units", "members", "soldiers", "president",
                           "President", "chief", "spokesman", "spokesperson", "officials", "leader", "leaders",
                           "commander"))
# "the M14 highway", "the R-66 road": a road named by its number
ROAD_NUMBER = re.compile(r"\b[A-Z]{1,2}-?\d{1,3}\s+(?:highway|road|motorway)\b")
POSSESSIVE_OWNER = re.compile(r"([^'’]+)['’]s?\s+(?=\S)")
# Words inside an organisation's or building's name, not between two names.
INNER_CONNECTORS = frozenset({"and", "for", "in", "on"})


def _is_name(name: str, inner: frozenset[str] | tuple = ()) -> bool:
    """A name as a registry holds it: capitalised words (joined by "of", "de"…, and by ``inner``
    words inside it), no title, no clause."""
    words = name.split()
    if inner and not ((_capitalised(words[0]) or words[0][:1].isdigit()) and _capitalised(words[-1])):
        return False  # "Prevention and Punishment of": a name ends on a name word
    digits_only_in_ordinals = not any(c.isdigit() for c in ORDINAL.sub("", name))
    return ((len(name) > 2 or name.isupper()) and digits_only_in_ordinals and _key(name) not in STOP_NAMES
            and not any(c in name for c in ",;:()\"\n")
            and not any(words[k].strip(".") in TITLES and not _title_kept(words, k)
                        for k in range(max(1, len(words) - 1)))
            and any(_capitalised(w) for w in words)
            and all(_capitalised(w) or w[:1].isdigit() or w.lower() in CONNECTORS or w.lower() in inner
                    or w in ("'s", "’s") for w in words))


def _title_kept(words: list[str], k: int) -> bool:
    """A title word at ``k`` that is part of the name: of a building named after a titled person ("the
    Sultan Zendar Mosque", "King Orsk Airport"), or before a word of a body's name ("General Staff")."""
    return words[-1].lower() in BUILDING_WORDS or (k + 1 < len(words) and words[k + 1].lower() in BODY_HEADS)


def _standing_alone_mid_sentence(text: str, start: int, stop: int) -> bool:
    """"writing on Zelmigram:": after a lowercase word (not a name's "of", "the", not "and" inside a
    name, no comma of a list) and before no capitalised word, so capitalised by the writer's choice, not
    by the sentence or a longer name."""
    before = text[:start].split()
    after = text[stop:].split()
    return bool(before) and before[-1].isalpha() and before[-1].islower() and before[-1] not in CONNECTORS \
        and before[-1] not in ("and", "or") and not (
        after and after[0][:1].isupper())


def _particle_before_hyphen(piece) -> bool:
    return len(piece) > 1 and piece[1].text == "-" and piece[1].start == piece[0].end and bool(
        PARTICLE.match(piece[0].text + "-"))


def _capitalised(word: str) -> bool:
    """"Zenda", and "al-Zendah" (a lowercase particle before a capital)."""
    particle = PARTICLE.match(word)
    return word[particle.end() if particle else 0:][:1].isupper()


def _name_runs(parse):
    """Proper-noun runs of a parsed sentence: (start, stop, titled), titles before a name cut off.

    "Upper Tarsia Representative Mirek Dovan" gives "Upper Tarsia" and, titled, "Mirek Dovan";
    an ordinal opens a unit's name ("103rd Brigade"); "of", "the", "del" join proper nouns.
    """
    tokens = [t for t in parse.tokens if t.pos != "SPACE"]
    run: list = []

    def flush():
        while run and (run[-1].pos != "PROPN" or run[-1].text.lower() in CONNECTORS or run[-1].tag == "POS"):
            run.pop()
        pieces, titled, current = [], False, []
        words = [token.text for token in run]
        for k, token in enumerate(run):
            # a title says the name after it is a person's, unless it is part of the name itself
            if token.text.strip(".") in TITLES and not _title_kept(words, k):
                if current:
                    pieces.append((current, titled))
                current, titled = [], True
            else:
                current.append(token)
        if current:
            pieces.append((current, titled))
        for piece, was_titled in pieces:
            # "Deputy Minister of Healthcare Ivo Dorn": the office's domain, then the person; where three
            # names or more follow the office's "of", the last two are the person's
            if was_titled and len(piece) >= 4 and piece[0].text == "of" and all(
                    t.pos == "PROPN" and t.text[:1].isupper() for t in piece[-2:]):
                piece = piece[-2:]
            # a leading "the", "of" is no part of a name; "al" before a hyphen is ("al-Zarun", which the
            # tagger may split into "al", "-", "Zarun")
            while piece and piece[0].text.lower() in CONNECTORS and not _particle_before_hyphen(piece):
                piece = piece[1:]
            if piece:
                yield piece[0].start, piece[-1].end, was_titled
            for k, token in enumerate(piece):  # "Battle of Zenda": Zenda is named too
                if token.text.lower() == "of" and 0 < k < len(piece) - 1:
                    rest = piece[k + 1:]
                    while rest and rest[0].text.lower() in CONNECTORS:
                        rest = rest[1:]
                    if rest:
                        yield rest[0].start, rest[-1].end, False
        run.clear()

    for token in tokens:
        if run and run[-1].text == DASH and not (_acronym(token.text) and token.start == run[-1].end):
            run.pop()  # "the ZJTF–Orsk road": a dash between a name and another joins no name
            yield from flush()
        proper = token.pos == "PROPN" or token.tag in ("NNP", "NNPS") or bool(PARTICLE.match(token.text))
        ordinal = bool(ORDINAL.fullmatch(token.text)) and not run
        joiner = run and (token.text.lower() in CONNECTORS or token.tag == "POS"  # "Saint Mary's Cathedral"
                          or (token.tag == "HYPH" and token.start == run[-1].end)  # "Ar-Zelva": one name
                          # "ZJTF–ORS": two acronyms an en dash joins are one body's name
                          or (token.text == DASH and token.start == run[-1].end and _acronym(run[-1].text)))
        if proper or ordinal or joiner:
            run.append(token)
        else:
            yield from flush()
    yield from flush()


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _kind(candidate: Candidate, candidates: dict[str, Candidate]) -> str | None:
    """What a name names, by votes: the name's own words count most, then the words before it."""
    words = {w.strip(".,'’").lower() for w in candidate.name.split()}
    if (kind := _cue_kind(candidate.name)) is not None:
        return kind
    for kind in ("ArmedForce", "GovernmentBody", "MediaOutlet", "AcademicInstitution", "NGO",
                 "InternationalOrganization"):
        if words & NAME_WORDS[kind] and candidate.labels["ORG"]:
            return kind
    if candidate.cues["MediaOutlet"] and not candidate.labels["GPE"] and not candidate.cues["Person"]:
        return "MediaOutlet"  # "posted on Zelmigram", "a Zelmigram post"
    if re.match(r"(?:\w+ )?Task Force\b", candidate.name):
        return "Organization"  # named by what follows the words: "Task Force Davao"
    votes: Counter = Counter()
    labels = candidate.labels
    single = len(candidate.name.split()) == 1
    votes["Person"] += labels["PERSON"] * (0.5 if single else 1) + 2 * candidate.cues["Person"]
    # the recogniser often calls a besieged city an organisation: where a thing is, is stronger evidence
    votes["Place"] += labels["GPE"] + labels["LOC"] + labels["FAC"] + 3 * candidate.cues["Place"]
    votes["Organization"] += labels["ORG"]
    for cue in ("Village", "Town", "City", "District"):
        votes["Place"] += 3 * candidate.cues[cue]
    kind, score = votes.most_common(1)[0]
    if score < 1 and candidate.cues["Source"] and not labels["PERSON"]:
        return "Organization"  # "according to Zeltally", which nothing else reads: who says things, unnamed a person
    words = candidate.name.split()
    if score < 1 and len(words) == 2 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words) \
            and words[-1].lower() not in KIND_WORDS and _key(words[-1]) in candidates \
            and _key(words[0]) not in candidates:
        # "Ivo Dorn", and "Dorn" alone elsewhere (never "Ivo"): a full name and the surname it is known by;
        # not "Ruritanian Zelmigram", whose first word is read alone
        return "Person"
    if score < 1:
        return None
    if kind == "Person" and " of " in candidate.name:
        # "the Bishops' Conference of Ruritania", "Defense of Ruritania" (of "the Minister of Defense
        # of Ruritania"): no one's name; a body's, if the recogniser read one
        return "Organization" if labels["ORG"] else None
    if kind == "Place":
        for cue in ("Village", "Town", "City", "District"):
            if candidate.cues[cue]:
                return cue
        # where the text does not say what kind of place, the draft does not guess ("the city" must
        # not resolve to a place nobody called a city)
        return "Region" if labels["LOC"] > labels["GPE"] else "Place"
    return kind


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Every country's names (folded) in the shipped Natural Earth extract, which holds every country."""
    records = read_records(folder("data") / "geo" / "naturalearth.jsonl")
    return frozenset(fold(name) for record in records if record.kind == "country" for name in record.names) - {""}


def _countries_are_states(entries: dict) -> None:
    """'the United States and Zendia agreed ...': a place the draft could not type further, named as a country
    is named, is a state (an actor that acts, speaks and is spoken of), as a demonym would have made it."""
    countries = _country_names()
    for entry in entries.values():
        if entry.get("unreviewed") and entry["types"] in (["Place"], ["Region"]) and fold(entry["label"]) in countries:
            entry["types"] = ["State", "Country"]


# What an article says of its own side's bodies without naming the state ("the military", "government forces").
HOME_FORCE_ALIASES = ("military", "government forces", "government troops", "security forces",
                      "government security forces")
HOME_GOVERNMENT_ALIASES = ("government",)


def _drop_runs_into_people(entries: dict) -> None:
    """"Staff Mirek Dovan", "Zenda Ana Korr": a run that ran into a person the draft
    holds on its own; the longer name would always win the match and hide the person."""
    people = {e["label"] for e in entries.values() if e["types"] == ["Person"] and " " in e["label"]}
    for entry in list(entries.values()):
        words = entry["label"].split()
        if entry.get("unreviewed") and any(" ".join(words[cut:]) in people for cut in range(1, len(words) - 1)):
            del entries[entry["id"]]


def _drop_unfound(entries: dict, sentences) -> None:
    """A draft entry the matcher never finds in the text (a fragment such as "Ann Petinglay" of
    "Jo-Ann Petinglay", which the longer name always wins) is noise for a curator: drop it."""
    from conflict_kg.mentions import MentionFinder
    from conflict_kg.registry import Entity, Registry

    registry = Registry({e["id"]: Entity(e["id"], e["label"], tuple(e["types"]), tuple(e.get("aliases", ())),
                                         tuple(e.get("demonyms", ()))) for e in entries.values()})
    finder = MentionFinder(registry)
    found = {m.entity_id for s in sentences for m in (*finder.mentions(s.clean), *finder.demonyms(s.clean))}
    needed = {target for e in entries.values() for target in (*e.get("part_of", ()), *e.get("located_in", ()))}
    for entry in list(entries.values()):
        if entry.get("unreviewed") and entry["id"] not in found and entry["id"] not in needed:
            del entries[entry["id"]]


def _without_demonym(entries: dict, demonyms: dict[str, str]) -> None:
    """"Russian Federal Security Service", "Russian Izvestya": the text writes the state's adjective
    before a name of its own, which it also uses alone; not before a word that only says what part of
    the state it is ("Russian Navy", "Russian Armed Forces": the state's own)."""
    by_label = {_key(e["label"]): e for e in entries.values()}
    for entry in list(entries.values()):
        words = entry["label"].split()
        if not entry.get("unreviewed") or len(words) < 3 or words[0] not in demonyms:
            continue  # "Ruritanian Zelmak", "Bordurian Tarsk": one word after it is no name to go by
        rest = " ".join(words[1:])
        generic = all(w.lower() in GENERIC_WORDS for w in words[1:]) and len(words) < 4
        if generic or any(pattern.match(rest.lower()) for pattern in WHOLE.values()):
            continue
        twin = by_label.get(_key(rest))
        if twin is not None:
            if not twin.get("unreviewed") or twin["types"] != entry["types"] or twin["id"] not in entries:
                continue  # an entity of its own
            entries.pop(twin["id"])  # the same body read without its adjective: one entry
            for other in entries.values():
                for link in ("part_of", "located_in"):
                    if twin["id"] in other.get(link, []):
                        other[link] = [entry["id"] if t == twin["id"] else t for t in other[link]]
        entry.setdefault("aliases", []).append(rest)


# A name in quotation marks before the noun of what it names: 'the "300" neighbourhood', 'the “Market”
# neighbourhood', 'the "12" and "40" neighbourhoods', 'the "9" street'.
QUOTED_NAME = r"[\"“][\w][\w ]{0,20}[\"”]"
QUOTED_NAMES = re.compile(rf"({QUOTED_NAME}(?:,?\s+(?:and\s+)?{QUOTED_NAME})*)\s+"
                          r"(neighbou?rhood|district|quarter|street|road|building)(s?)\b")
QUOTED_KIND = {"neighbourhood": "District", "neighborhood": "District", "district": "District", "quarter": "District",
               "street": "Road", "road": "Road", "building": "Site"}


# Ground named by its number: "neighbourhood 4", "Street 12", "District No. 7".
NUMBERED_GROUND = re.compile(r"\b((?i:neighbou?rhood|district|street|sector|zone|block|quarter))\s+(?:No\.\s+)?\d{1,3}\b")
NUMBERED_KIND = {"street": "Road"}
# Features of ground a number names, written capitalised: "Hill 800", "Point 939", "Kilo 70" (a milestone).
NUMBERED_FEATURE = re.compile(r"\b(Hill|Point|Height|Kilo)\s+\d{2,4}\b")


# Plural nouns an article may call one side by, in lowercase: "the rebels captured ...".
BARE_FIGHTERS = ("rebels", "separatists", "insurgents")


def _bare_fighters(entries: dict, text: str) -> None:
    """'the rebels captured Tarsk' (five times or more, no capital): the side the article keeps calling
    so is an armed group of the draft, named by the fullest phrase the text gives it ("Ruritanian rebel
    groups"), unless an entry already ends with the noun (it is then that entry's alias)."""
    for noun in BARE_FIGHTERS:
        stem = noun[:-1]
        if len(re.findall(rf"(?<![A-Z]\w )\b{noun}\b", text)) < 5:
            continue
        owners = [e for e in entries.values() if any(
            name.casefold().endswith(" " + noun) or name.casefold() == noun
            for name in [e["label"], *e.get("aliases", [])])]
        if len(owners) == 1:
            owners[0].setdefault("aliases", []).append(noun)
            continue
        if owners:
            continue  # two sides so called: which one the text does not say
        phrases = [m.group(0) for m in re.finditer(rf"\b(?:[A-Z][\w-]+\s+)?{stem}\s+(?:groups|forces)\b", text)]
        label = max(phrases, key=lambda p: (len(p.split()), phrases.count(p))) if phrases else noun
        entry = _new(label, "ArmedForce")
        modifier = label.split()[0] + " " if label[0].isupper() else ""  # "Ruritanian-backed rebels" too
        entry["aliases"] = [a for a in dict.fromkeys([noun, f"{stem} forces", f"{stem} groups",
                                                      f"{modifier}{noun}", f"{modifier}{stem} groups"])
                            if a != label and re.search(rf"\b{re.escape(a)}\b", text)]
        _add(entries, entry)


# "the US-led coalition", "the U.S.-led Coalition": a coalition named by who leads it.
LED_COALITION = re.compile(r"\b(?!(?:The|A|An)\s)(?P<leader>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-led\s+(?P<noun>[Cc]oalition)\b")


def _led_coalitions(entries: dict, text: str) -> None:
    """'the US-led coalition' ... 'the U.S.-led Coalition': one armed force per leader (its forms told
    apart by dots and case only are one), labelled as first written, every other form its alias; added
    to an entry that already holds one of the forms."""
    forms: dict[str, list[str]] = {}
    for match in LED_COALITION.finditer(text):
        key = match.group("leader").replace(".", "").casefold()
        forms.setdefault(key, [])
        if match.group(0) not in forms[key]:
            forms[key].append(match.group(0))
    by_name = {_key(n): e for e in entries.values() for n in [e["label"], *e.get("aliases", [])]}
    for written in forms.values():
        entry = next((by_name[_key(w)] for w in written if _key(w) in by_name), None)
        if entry is None:
            entry = _new(written[0], "ArmedForce")
            _add(entries, entry)
        names = {_key(n) for n in [entry["label"], *entry.get("aliases", [])]}
        entry.setdefault("aliases", []).extend(w for w in written if _key(w) not in names)


def _numbered_ground(entries: dict, text: str) -> None:
    """'advancing into neighbourhood 4', 'reached Street 12', 'captured Hill 800': a noun of ground and a number
    name it."""
    labels = {e["label"].casefold() for e in entries.values()}
    found = [(m.group(0), NUMBERED_KIND.get(m.group(1).lower(), "District")) for m in NUMBERED_GROUND.finditer(text)]
    found += [(m.group(0), "Site") for m in NUMBERED_FEATURE.finditer(text)]  # "captured Hill 800 and Hill 853"
    for name, kind in found:
        if name.casefold() not in labels:
            labels.add(name.casefold())
            _add(entries, _new(name, kind))


def _quoted_names(entries: dict, text: str) -> None:
    """'the "300" neighbourhood': a quoted word or number before a noun of ground names that ground."""
    labels = {e["label"] for e in entries.values()}
    for match in QUOTED_NAMES.finditer(text):
        names = re.findall(QUOTED_NAME, match.group(1))
        noun = match.group(2) + ("" if len(names) > 1 else match.group(3))  # "the "12" and "40" neighbourhoods"
        for name in names:
            label = f"{name} {noun}"
            if label not in labels:
                labels.add(label)
                _add(entries, _new(label, QUOTED_KIND[match.group(2)]))


ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)-(?=[A-Z])")


def _spelling_variants(entries: dict, text: str) -> None:
    """One name written two ways in the text: with and without the Arabic article ("al-Tarsk",
    "Tarsk"), with and without the dots of an abbreviation ("U.K.-led Coalition", "UK-led
    Coalition"). The other spelling is an alias; a draft entry made for it is the same entity."""
    by_label = {e["label"]: e for e in entries.values()}
    for entry in list(entries.values()):
        label = entry["label"]
        variants = [ARABIC_ARTICLE.sub("", label)] if ARABIC_ARTICLE.match(label) else []
        if re.search(r"\b(?:[A-Z]\.){2,}", label):
            variants.append(re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), label))
        for variant in variants:
            if variant == label or not re.search(rf"(?<![\w-]){re.escape(variant)}\b", text):
                continue
            twin = by_label.get(variant)
            if twin is not None:
                if not twin.get("unreviewed") or twin["types"] != entry["types"] and "Place" not in twin["types"]:
                    continue  # a reviewed entry, or another kind of thing: left to the curator
                entries.pop(twin["id"], None)
                entry.setdefault("aliases", []).extend(twin.get("aliases", []))  # "Tarsk district"
            entry.setdefault("aliases", []).append(variant)


def _unique_aliases(entries: dict) -> None:
    """An alias or demonym names one entity (the registry's rule): a reviewed entry keeps it, a draft yields."""
    owner: dict[str, str] = {}
    ordered = sorted(entries.values(), key=lambda e: bool(e.get("unreviewed")))
    for entry in ordered:
        for field_name in ("aliases", "demonyms"):
            kept = []
            for name in dict.fromkeys(entry.get(field_name, [])):
                key = name.casefold()
                if owner.get(key, entry["id"]) == entry["id"] and key != entry["label"].casefold():
                    owner[key] = entry["id"]
                    kept.append(name)
            if field_name in entry:
                entry[field_name] = kept


def _plural_demonyms(entries: dict, demonyms: dict[str, str], candidates: dict[str, Candidate]) -> None:
    """"Ruritanians" in a war article: the state's forces where the draft made them, else the state."""
    for demonym, state_id in demonyms.items():
        if _key(demonym + "s") not in candidates or state_id not in entries:
            continue
        force = next((e for e in entries.values() if e.get("unreviewed") and "ArmedForce" in e["types"]
                      and state_id in e.get("part_of", [])), None)
        owner = force or entries[state_id]
        owner.setdefault("aliases", []).append(demonym + "s")
        owner["unreviewed"] = True  # an alias this draft added, to be checked


CONTAINER_KINDS = {"Region", "District"}
CONTAINED_KINDS = {"Village", "Town", "City", "Place", "Settlement", "Facility", "Site", "Bridge", "District"}


def _districts_named_without_their_word(entries: dict) -> None:
    """"the Orsk District" and "the Orsk and Tarsk Districts": a district the text names once with its
    word and once without is one district (a city and the district named after it are two places, but
    a name the draft typed a district only from "... Districts" is the district)."""
    by_label = {e["label"].casefold(): e for e in entries.values() if e.get("unreviewed")}
    for entry in list(entries.values()):
        if not entry.get("unreviewed") or entry["types"] != ["District"]:
            continue
        named_so = (by_label.get(f"{entry['label']} {word}".casefold()) for word in sorted(NAME_WORDS["District"]))
        whole = next((e for e in named_so if e is not None), None)
        if whole is not None and whole is not entry and whole["types"] == ["District"]:
            whole.setdefault("aliases", []).extend([entry["label"], *entry.get("aliases", [])])
            del entries[entry["id"]]


def _containing_places(entries: dict, text: str) -> None:
    """"Sosnove, Donetsk Oblast", "Masiu in Lanao del Sur": where the text itself places a place."""
    by_name = {}
    for entry in entries.values():
        for name in (entry["label"], *entry.get("aliases", [])):
            by_name.setdefault(name, entry)
    containers = [e for e in entries.values() if set(e["types"]) & CONTAINER_KINDS]
    for container in containers:
        for name in (container["label"], *container.get("aliases", [])):
            for match in re.finditer(rf"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)(?:,| in(?: the)?)\s+{re.escape(name)}\b",
                                     text):
                place = by_name.get(match.group(1))
                if place is None or place is container or not place.get("unreviewed") \
                        or not set(place["types"]) & CONTAINED_KINDS or place.get("located_in"):
                    continue
                if set(place["types"]) & CONTAINER_KINDS and "District" not in container["types"]:
                    place["located_in"] = [container["id"]]
                elif not set(place["types"]) & CONTAINER_KINDS:
                    place["located_in"] = [container["id"]]
    _quarters_of_towns(entries, by_name, text)


TOWN_KINDS = {"City", "Town"}
QUARTER_NOUN = r"(?:\s+(?:neighbou?rhood|district|quarter))?"
# "in eastern Orsk", "of the north-western Orsk", "in central Orsk": where in the town, said of a quarter
WHERE_IN_TOWN = r"(?:the\s+)?(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+|central\s+|downtown\s+)?"


def _quarters_of_towns(entries: dict, by_name: dict, text: str) -> None:
    """"the Tarsk neighbourhood in eastern Orsk", "the Lorsk district of Orsk": a quarter the text places
    in a town lies in it (so an event at the quarter is not also put at the whole town)."""
    for town in [e for e in entries.values() if set(e["types"]) & TOWN_KINDS]:
        for name in (town["label"], *town.get("aliases", [])):
            pattern = rf"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|(?:al|ar|as|ash|at|az|an|ad)-[A-Z][\w'’-]*){QUARTER_NOUN}" \
                      rf"\s+(?:in|of)\s+{WHERE_IN_TOWN}{re.escape(name)}\b"
            for match in re.finditer(pattern, text):
                place = by_name.get(match.group(1))
                if place is not None and place is not town and place.get("unreviewed") \
                        and "District" in place["types"] and not place.get("located_in"):
                    place["located_in"] = [town["id"]]


MEMBER_NOUNS = ("forces", "fighters", "troops", "militants", "units", "members", "soldiers", "militiamen")


def _member_phrases(entries: dict, text: str) -> None:
    """"RDF forces", "Zenda group fighters", "Tarsk group militants": a force's members are the force."""
    for entry in entries.values():
        if not entry.get("unreviewed") or not set(entry["types"]) & {"ArmedForce", "Organization", "PoliticalGroup",
                                                                     "Company"}:  # "Tarsk Group fighters" (a PMC)
            continue
        names = [entry["label"], *entry.get("aliases", [])]
        found = {m.group() for name in names for m in re.finditer(
            rf"\b{re.escape(name)}\s+(?:{'|'.join(MEMBER_NOUNS)})\b", text)}
        if found:
            entry.setdefault("aliases", []).extend(sorted(found - set(names)))


TOWN_BODY = re.compile(r"^[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+((?:City|Town)\s+(?:Council|Hall|Administration))$")


def _the_town_body(entries: dict, text: str) -> None:
    """"the city council" for the one "Orsk City Council" the draft holds, when the text calls it so."""
    bodies = defaultdict(list)
    for entry in entries.values():
        match = TOWN_BODY.match(entry["label"])
        if match and entry.get("unreviewed"):
            bodies[match.group(1).lower()].append(entry)
    for description, owners in bodies.items():
        if len(owners) == 1 and re.search(rf"\b[Tt]he {description}\b", text):
            owners[0].setdefault("aliases", []).append(description)


def _names_taken(entries: dict) -> set[str]:
    """The keys of every label and alias the draft already holds."""
    return {_key(a) for e in entries.values() for a in (e["label"], *e.get("aliases", []))}


# Men under arms, not a state's institution: "the Zendish military" or "army" is a state's (whose name the
# draft may not link to "Zendish"), so it makes no stateless force.
FIGHTING_NOUNS = ("forces", "troops", "soldiers", "units", "fighters")


def _stateless_forces(entries: dict, norp: list[str], demonyms: dict[str, str], text: str) -> None:
    """"Zendish forces" of a people the text gives no state ("Chechen", "Kurdish"): an armed force of
    their own, named as the text names them (a state's forces are made in step 3)."""
    taken = _names_taken(entries)
    for demonym in sorted(set(norp) - set(demonyms)):
        if " " in demonym or demonym.endswith("s") or demonym.isupper():
            continue  # "Zendish" only: not "Zendish people", not the plural "Zendishes", not an acronym
        phrases = sorted({m.group() for m in re.finditer(
            rf"\b{re.escape(demonym)}\s+(?:{'|'.join(FIGHTING_NOUNS)})\b", text)} - taken)
        if phrases and _key(f"{demonym} forces") not in taken:
            force = _new(f"{demonym} forces", "ArmedForce")
            force["aliases"] = [p for p in phrases if p != force["label"]]
            _add(entries, force)
            taken |= {_key(p) for p in phrases}


POPULATION_NOUNS = ("civilians", "residents", "people", "refugees", "population")
SETTLED_KINDS = {"State", "City", "Town", "Village", "Settlement", "Region", "District", "Place"}


def _population_phrases(entries: dict, demonyms: dict[str, str], text: str) -> None:
    """"Ruritanian civilians", "Orsk residents": the people of a state or a place, a population of their
    own (a curator files them so; the rules then read them as the targets or the displaced)."""
    owners = set(demonyms) | {e["label"] for e in entries.values() if set(e["types"]) & SETTLED_KINDS}
    if not owners:
        return
    taken = _names_taken(entries)
    pattern = rf"\b(?:{'|'.join(re.escape(o) for o in sorted(owners, key=len, reverse=True))})\s+(?:{'|'.join(POPULATION_NOUNS)})\b"
    for phrase in sorted({m.group() for m in re.finditer(pattern, text)}):
        if _key(phrase) not in taken:
            _add(entries, _new(phrase, "Population"))
            taken.add(_key(phrase))


def _home_state_bodies(entries: dict, demonyms: dict[str, str], text: str) -> None:
    """The state the text names most (by name and demonym) owns its unqualified "military" and "government"."""
    states = [e for e in entries.values() if "State" in e["types"]]
    if not states:
        return
    def mentions(state: dict) -> int:
        names = [state["label"], *state.get("aliases", []), *state.get("demonyms", [])]
        return sum(len(re.findall(rf"\b{re.escape(n)}\b", text)) for n in names)
    home = max(states, key=mentions)
    taken = _names_taken(entries)
    for kind, aliases in (("ArmedForce", HOME_FORCE_ALIASES), ("GovernmentBody", HOME_GOVERNMENT_ALIASES)):
        body = next((e for e in entries.values() if home["id"] in e.get("part_of", []) and kind in e["types"]
                     and e.get("unreviewed")), None)
        if body is not None:
            body.setdefault("aliases", []).extend(a for a in aliases if a not in taken
                                                  and re.search(rf"\b{a}\b", text, re.I))


SERVICE_WORDS = {"ArmedForce": {"air", "force", "forces", "navy", "naval", "army", "marines", "marine", "national",
                                "guard", "police", "coast", "ground", "special", "operations", "border",
                                "infantry", "airborne", "military", "armed", "defence", "defense", "territorial"},
                 "GovernmentBody": {"government", "national", "police", "ministry", "of", "defence", "defense",
                                    "foreign", "affairs", "interior", "presidency", "parliament", "security",
                                    "service", "state", "council", "cabinet", "administration", "authorities"}}
WHOLE = {"ArmedForce": re.compile(r"^(?:armed forces|forces|military|army|defence forces|defense forces)$"),
         "GovernmentBody": re.compile(r"^(?:government|national government|authorities)$")}


def _service_of(label: str, state: str, demonyms: list[str], kind: str) -> str | None:
    """"whole" for the state's armed forces or government as a whole ("Armed Forces of Ruritania",
    "Ruritanian government"), "part" for one of its services ("Ruritanian Air Force"), else None: a name
    with other words ("Ruritanian Democratic Forces") is not the state's."""
    for name in (state, *demonyms):
        for pattern in (rf"^{re.escape(name)}(?:'s)?\s+(.+)$", rf"^(.+?)\s+of\s+(?:the\s+)?{re.escape(name)}$"):
            match = re.match(pattern, label, re.I)
            if match:
                rest = match.group(1).lower()
                if WHOLE[kind].match(rest):
                    return "whole"
                if set(rest.split()) <= SERVICE_WORDS[kind]:
                    return "part"
    return None


def _ends_with_a_name(name: str, candidates: dict[str, Candidate]) -> bool:
    """"United Nations Mirek Dovan", "Europe Ana Korr": a run that ran into a person's name (or a
    unit's: "Borduria's Joint Forces Command") which is also read on its own."""
    words = name.split()
    for cut in range(1, len(words) - 1):
        tail = candidates.get(_key(" ".join(words[cut:])))
        head = _key(" ".join(words[:cut]))
        if tail is not None and tail.labels.most_common(1)[0][0] == "PERSON" and head in candidates:
            return True
    return False


GENERIC_WORDS = set().union(*NAME_WORDS.values()) | {
    "armed", "general", "staff", "national", "central", "supreme", "joint", "special", "federal", "high", "main",
    "state", "security", "defence", "defense", "foreign", "internal", "affairs", "interior", "operational"}


def _joins_two_names(name: str, candidates: dict[str, Candidate]) -> bool:
    """"Mirek Dovan of the Zenda Liberation Front", "Zenda for the Ruritanians": a run that "of" (or
    "and", "for", "in", "on") joined across two names, told by its first part being named on its own
    too (unlike "Armed Forces of Ruritania")."""
    whole = candidates[_key(name)].whole
    if whole >= 2:
        return False  # read whole by the recogniser more than once: one name ("Zenda Iron and Steel Works")
    match = re.match(r"(.+?)\s+(of|and|for|in|on)\s+(?:the\s+)?(.+)$", name)
    if not match:
        return False
    first, connector, second = match.groups()

    # in a whole read once with "and", two parts each a name by itself: "Tarsk Dam and Orsk Dam"
    parallel = bool(whole) and connector == "and" and _whole_name(first) and _whole_name(second)
    if not (_named_alone(first, candidates) or parallel):
        return False
    if whole and not (_named_alone(second, candidates) or parallel):
        return False  # read whole, and its second part names nothing alone ("... and Coordination Agency")
    # "Armed Forces of Ruritania": "Armed Forces" is read on its own too, but is no name by itself
    return not all(w.lower() in GENERIC_WORDS for w in first.split())


def _named_alone(name: str, candidates: dict[str, Candidate]) -> bool:
    """Read somewhere other than inside a name the recogniser read whole."""
    candidate = candidates.get(_key(name))
    return candidate is not None and candidate.count > candidate.inside_whole


def _whole_name(name: str) -> bool:
    """One word ("Zenda"), or words ending in what they name ("Tarsk Dam"): a name by itself, not the
    opening fragment of a longer one ("Zenda Iron" of "Zenda Iron and Steel Works")."""
    words = name.split()
    return len(words) == 1 or words[-1].lower() in KIND_WORDS


def _two_names_hyphenated(name: str, candidates: dict[str, Candidate], text: str) -> bool:
    """'the Ruritania-Borduria border', 'the Zenda–Orsk highway': two names the text also writes alone,
    joined by a hyphen or an en dash ("ZJTF–ORS", whose parts stand alone nowhere, is one name)."""
    parts = re.split(f"[-{DASH}]", name)
    return " " not in name and len(parts) == 2 and all(
        _capitalised(p) and _key(p) in candidates and (DASH not in name or _written_alone(p, text)) for p in parts)


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _possessor_and_name(name: str, candidates: dict[str, Candidate]) -> bool:
    """"the ZLF's Orsk News Agency": the owner's name, then the thing's own, each read as a name on
    its own (not "Saint Mary's Cathedral", whose parts name nothing alone)."""
    match = re.fullmatch(r"(.+?)['’]s\s+(.+)", name)
    # the thing's own name has a word of its own: "Orsk's Central Hospital" is a description
    return match is not None and all(_named_alone(part, candidates) for part in match.groups()) \
        and any(w.lower() not in GENERIC_WORDS | KIND_WORDS | BUILDING_WORDS for w in match.group(2).split())


def _written_alone(name: str, text: str) -> bool:
    """Written somewhere with no hyphen or dash joining it to another word."""
    return re.search(rf"(?<![\w{DASH}-]){re.escape(name)}(?![\w{DASH}-])", text) is not None


DASH = "\u2013"  # en dash


STATE_LIKE = {"Place", "Region", "Organization"}


def _demonym_of(demonym: str, name: str) -> bool:
    """"Ruritanian"/"Ruritania", "Bordurian"/"Borduria", "Turkish"/"Turkey": the same stem."""
    if PARTICLE.match(demonym) or PARTICLE.match(name):
        return False  # "al-Nahdah" and "al-Naim" share an article, not a stem
    common = 0
    for a, b in zip(demonym.lower(), name.lower(), strict=False):
        if a != b:
            break
        common += 1
    return " " not in name and common >= max(4, len(name) - 2)


def _note_coordination(parse, spans: list[tuple[int, int, str]], candidates: dict[str, Candidate]) -> None:
    """Names joined by "and" or a comma in one list are of one kind: remember who stands with whom."""
    heads = [(parse.head_of(start, stop), key) for start, stop, key in spans]
    for head, key in heads:
        for other, other_key in heads:
            if head is None or other is None or key == other_key:
                continue
            if (other.dep == "conj" and other.head_i == head.i) or (
                    head.dep == "conj" and other.dep == "conj" and head.head_i == other.head_i):
                candidates[key].coordinated[other_key] += 1
                candidates[other_key].coordinated[key] += 1


def _note_site(candidate: Candidate, name: str, words: list[str], candidates: dict[str, Candidate],
               sites: dict[tuple[str, str], str], sited: dict[str, str]) -> None:
    """'Vellin cemetery', 'Orsk city hall': a site named after ``name`` (the candidate as written here). One site written two
    ways ("the Orsk plant", "the Orsk steel plant") is one candidate, named by the form seen first."""
    if len(words) > 1 and words[0] in AFTER_KIND:
        candidate.cues[AFTER_KIND[words[0]]] += 1  # "Orsk city hall": Orsk is a city
    site_name = f"{name} {' '.join(words)}"
    first_form = sites.setdefault((_key(name), words[-1]), site_name)
    sited[_key(first_form)] = _key(name)
    named_site = candidates.setdefault(_key(first_form), Candidate(first_form))
    named_site.count += 1
    named_site.labels["FAC"] += 1
    if site_name != first_form:
        named_site.written_with.add(site_name)


def _road_numbers(candidates: dict[str, Candidate], text: str) -> None:
    """'the M14 highway': a road's number is its name (the name readers leave out a number)."""
    for road in ROAD_NUMBER.findall(text):
        candidate = candidates.setdefault(_key(road), Candidate(road))
        candidate.count += 1
        candidate.labels["FAC"] += 1


def _known_places(existing: list[list[dict]]) -> set[str]:
    """The keys of every name of a place in the registries reused."""
    from conflict_kg.registry import PLACE_CLASSES
    return {_key(name) for registry in existing for item in registry
            if any(t in PLACE_CLASSES for t in item.get("types") or [])
            for name in [item.get("label", ""), *(item.get("aliases") or [])] if name}


def _without_owning_place(candidates: dict[str, Candidate], known_places: set[str] = frozenset()) -> None:
    """"Orlandia's Health Department", "Zenda's Tevin Park": a place's body or site is named without
    the place's possessive, where the place is a name of its own, read also where it owns nothing
    ("Saint Zenda's Cathedral" is named after a saint the text never names alone), or a place a
    reused registry knows ("Orlandia's Quds Corps", the only time the text names Orlandia)."""
    owned: Counter = Counter()
    possessives = []
    for key, candidate in candidates.items():
        owner = POSSESSIVE_OWNER.match(candidate.name)
        if owner:
            owned[_key(owner.group(1))] += candidate.count
            possessives.append((key, candidate, owner))
    for key, candidate, owner in possessives:
        place = candidates.get(_key(owner.group(1)))
        # a place by most of the recogniser's votes: a city's name is often read as a facility's
        # ("Orsk" beside "port", "hospital"), never as a person's or an organisation's
        place_votes = sum(place.labels[label] for label in ("GPE", "LOC", "FAC")) if place is not None else 0
        if _key(owner.group(1)) not in known_places and (
                place is None or place_votes * 2 <= sum(n for label, n in place.labels.items() if label != "NONE")
                or place.labels.most_common(1)[0][0] not in ("GPE", "LOC", "FAC")
                or place.count <= owned[_key(owner.group(1))]):
            continue
        name = candidate.name[owner.end():]
        named = candidates.setdefault(_key(name), Candidate(name))
        named.count += candidate.count
        named.labels.update(candidate.labels)
        named.cues.update(candidate.cues)
        named.whole += candidate.whole
        named.written_with |= candidate.written_with
        del candidates[key]


def _names_before_a_plural_kind(candidates: dict[str, Candidate], text: str) -> None:
    """'Orsk, Brask, and Tevin Oblasts': each listed name is a place of the kind the plural says
    (the recogniser reads the last name and the kind word as one organisation's name)."""
    lowercase_words = set(re.findall(r"(?<=[a-z,;] )[a-z]+", text))
    for match in LIST_BEFORE_KIND.finditer(text):
        names = [n.strip() for n in re.split(r",\s+(?:and\s+)?|\s+and\s+|\bparts? of\s+", match.group(1)) if n.strip()]
        first = names[0].split()
        while len(first) > 1 and (first[0].lower() in LIST_OPENERS or first[0].lower() in lowercase_words):
            first = first[1:]  # "After Vellin and Dorn districts fell": a word the text also writes in lowercase
        names[0] = " ".join(first)
        cue = PLURAL_KINDS[match.group(2).lower()]
        candidates.pop(_key(f"{names[-1]} {match.group(2)}"), None)
        for name in names:
            candidate = candidates.setdefault(_key(name), Candidate(name))
            if not candidate.count:  # a name only the list shows
                candidate.count, candidate.labels["NONE"] = 1, 1
            candidate.cues[cue] += 1


def _listed_with_places(candidate: Candidate, candidates: dict[str, Candidate]) -> bool:
    """Listed with names that are places by their own evidence, and with no person: at least half of
    its neighbours in the list, or of the whole list ("Douma, Mesraba, Arbin, Saqba, Modira, Eftreis,
    Jisrin": the recogniser may read a run of them as persons, the neighbours of one as well as itself)."""
    neighbours = [candidates[k] for k in candidate.coordinated if k in candidates]
    if _mostly_places(neighbours):
        return True
    if candidate.cues["Person"]:
        return False  # a person by the words around it ("General X"): the list's other names do not undo it
    listed, todo = {_key(candidate.name)}, [candidate]
    while todo:  # every name the list joins to this one, through its neighbours, not through a person
        for key in todo.pop().coordinated:
            if key in candidates and key not in listed:
                listed.add(key)
                if not candidates[key].cues["Person"]:
                    todo.append(candidates[key])
    return _mostly_places([candidates[k] for k in listed - {_key(candidate.name)}])


def _mostly_places(partners: list[Candidate]) -> bool:
    places = [p for p in partners if _place_cues(p) >= 1 or p.labels["GPE"] > p.labels["PERSON"]]
    return bool(places) and len(places) * 2 >= len(partners)


# "<Name> News Agency": the words that make an agency the press's (otherwise an agency is a government's)
MEDIA_AGENCY_WORDS = ("news", "press")


def _cue_kind(name: str) -> str | None:
    """The kind the last word of a name says ("Brigade", "Ministry", "Oblast", "Bridge")."""
    last = name.split()[-1].strip(".,'’").lower()
    if re.search(rf"\b(?:{'|'.join(MEDIA_AGENCY_WORDS)}) agency$", name, re.I):
        return "MediaOutlet"  # "Orsk News Agency": an agency of the press, not of a government
    return next((kind for kind, cue_words in NAME_WORDS.items() if last in cue_words), None)


def _new(label: str, kind: str) -> dict:
    types = [kind]
    entry = {"id": "", "label": label, "types": types, "unreviewed": True, "_kind": kind}
    if kind == "Person" and PERSON_SUFFIX.search(label):  # "Carlito Galvez Jr." is also "Carlito Galvez"
        entry["aliases"] = [PERSON_SUFFIX.sub("", label)]
    return entry


def _add(entries: dict, entry: dict) -> None:
    entry["id"] = _slug(entry["label"], entries)
    entries[entry["id"]] = entry


def _slug(label: str, entries) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", label.lower().replace("’", "").replace("'", "")).strip("-") or "entity"
    slug, number = base, 2
    while slug in entries:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _known_names(existing: list[list[dict]]) -> dict[str, tuple[dict, list[dict]]]:
    known: dict[str, tuple[dict, list[dict]]] = {}
    for registry in existing:
        for item in registry:
            for name in (item["label"], *(item.get("aliases") or [])):
                known.setdefault(_key(re.sub(r"^the\s+", "", str(name), flags=re.I)), (item, registry))
    return known


def _reuse(item: dict, registry: list[dict], entries: dict) -> None:
    """Copy a reviewed entry as written, and the entries it is part of or located in."""
    if item["id"] in entries:
        return
    entries[item["id"]] = copy.deepcopy(item)  # the draft may add to it; the source stays as it was
    by_id = {other["id"]: other for other in registry}
    for parent in (*(item.get("part_of") or []), *(item.get("located_in") or [])):
        if parent in by_id:
            _reuse(by_id[parent], registry, entries)


def write_draft(draft: Draft, path: Path, document: Document) -> None:
    import yaml

    header = (f"# Draft registry for {document.doc_id}, written by `kg init`: {draft.new} new entries "
              f"(unreviewed: true) and {draft.reused} reused from existing registries.\n"
              "# Review each unreviewed entry (label, types, aliases), then delete its `unreviewed` line.\n")
    Path(path).write_text(header + yaml.safe_dump({"entities": draft.entities}, allow_unicode=True,
                                                  sort_keys=False, width=110), encoding="utf-8")


def kinds_of(draft: Draft) -> dict[str, int]:
    """How many new entries of each first type (what `kg init` reports)."""
    counts: dict[str, int] = defaultdict(int)
    for entry in draft.entities:
        if entry.get("unreviewed"):
            counts[entry["types"][0]] += 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


class DraftError(ValueError):
    """The draft cannot be written (an existing registry is malformed, or would be overwritten)."""


FRONT_MATTER_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?(?:title|subject):\s*[\"']?(.+?)[\"']?\s*\n", re.M)
HTML_TITLE = re.compile(r"<title>\s*(.*?)\s*(?:[-–—]\s*Wikipedia)?\s*</title>", re.I | re.S)


def init_document(path: Path, manifest: Path | None, existing: list[Path], doc_id: str | None, fmt: str | None,
                  title: str | None, source_url: str | None, license_url: str, attribution: str | None) -> str:
    """`kg init`: draft the registry, add the document to the manifest; returns what was done."""
    import yaml

    from conflict_kg.build import DEFAULT_CORPUS, DEFAULT_ONTOLOGY, ontology_classes
    from conflict_kg.corpus import add_document
    from conflict_kg.registry import SLUG, RegistryError, load_registry

    path = Path(path).resolve()
    doc_id = doc_id or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if not SLUG.match(doc_id):
        raise DraftError(f"the document id {doc_id!r} is not a slug (lowercase letters, digits and '-')")
    manifest = Path(manifest or path.parent / "corpus.yaml").resolve()
    registry_path = manifest.parent / f"{doc_id}.registry.yaml"
    if registry_path.exists():
        raise DraftError(f"{registry_path} exists: a registry is never overwritten (move it away to draft anew)")
    document = Document.from_file(path, doc_id, fmt)
    existing = existing or [DEFAULT_CORPUS.parent / "registry.yaml"]
    from rdflib import Graph
    classes = ontology_classes(Graph().parse(DEFAULT_ONTOLOGY, format="turtle"))
    raw: list[list[dict]] = []
    for registry in existing:
        try:
            load_registry(registry, classes)
        except RegistryError as exc:
            raise DraftError(f"cannot reuse {registry}: {exc}") from None
        raw.append(yaml.safe_load(Path(registry).read_text(encoding="utf-8"))["entities"])
    draft = draft_registry(document, raw)
    write_draft(draft, registry_path, document)
    try:
        load_registry(registry_path, classes)
    except RegistryError as exc:  # a bug of the drafter: say so rather than leave a broken file
        registry_path.unlink()
        raise DraftError(f"the draft registry did not load ({exc}); nothing was written") from None
    title = title or _title_of(path, document)
    entry = {"id": doc_id, "path": _relative(path, manifest.parent), "title": title,
             "source": source_url or "https://en.wikipedia.org/wiki/" + title.replace(" ", "_"),
             "license": license_url,
             "attribution": attribution or (f'Text from the English Wikipedia article "{title}" by its '
                                            "contributors (see the article's history)."),
             "registry": registry_path.name}
    if fmt:
        entry["format"] = fmt
    add_document(manifest, entry, title=f"Corpus of {title}")
    kinds = ", ".join(f"{n} {k}" for k, n in kinds_of(draft).items())
    return (f"read {path.name} as {document.layout.format if document.layout else 'text'}: "
            f"{len(document.sentences)} sentences\n"
            f"wrote {registry_path}: {draft.new} new entries, unreviewed ({kinds}); "
            f"{draft.reused} reused from {', '.join(str(p) for p in existing)}\n"
            f"added '{doc_id}' to {manifest}\n"
            f"next: review the unreviewed entries (kg candidates --corpus {manifest} lists names still "
            f"unmatched), then kg build --corpus {manifest}")


def _title_of(path: Path, document: Document) -> str:
    raw = Path(path).read_text(encoding="utf-8", errors="replace")[:20000]
    for pattern in (FRONT_MATTER_TITLE, HTML_TITLE):
        match = pattern.search(raw)
        if match and match.group(1).strip():
            return " ".join(match.group(1).split())
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize()


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)
