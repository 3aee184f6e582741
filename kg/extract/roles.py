"""Who or what a noun phrase of the parse names: registry mentions, demonym groups, pronouns.

A role filler is a token of the parse (the subject, the object, the "by" phrase). Its entities are
the registry names inside its own noun phrase (and its conjuncts: "Ostria and Valdoria"), never
inside a clause or a locative phrase hanging from it ("forces in Dunmere" names no actor Dunmere).
"Valdorian forces" and "Ostria's troops" resolve through the state's demonym and the group noun
to the state's armed force; "he" and "it" to the most salient fitting entity of the sentences before.
"""

from __future__ import annotations

from conflict_kg.extract.clauses import ALLEGING, REPORTING
from conflict_kg.extract.context import SentenceContext
from conflict_kg.extract.lexicon import CIVILIAN_NOUNS, VICTIM_NOUNS
from conflict_kg.parse import Token
from conflict_kg.registry import Registry

# Dependents that stay inside a noun phrase when looking for its names.
NOMINAL_DEPS = frozenset({"compound", "amod", "conj", "cc", "appos", "det", "nmod", "poss", "case",
                          "nummod", "quantmod", "punct", "prep", "pobj", "flat"})
# Nouns whose "of" phrase names who or where they are: "the village of Keln", "forces of Ostria",
# "representatives of X", "two of its soldiers"; not "the president of X" (a person, named apart).
OF_TRANSPARENT = frozenset({"village", "city", "town", "settlement", "region", "district", "area", "province",
                            "neighborhood", "neighbourhood", "street",
                            "oblast", "capital", "municipality", "suburb", "outskirts", "countryside", "territory", "part",
                            "force", "troop", "army", "unit", "representative", "delegation", "member",
                            "people", "population", "community", "resident", "group", "element", "remnant",
                            "some", "many", "most", "all", "several", "dozen", "hundred", "thousand",
                            "rest", "majority", "none", "each", "both", "one", "number", "mass", "convoy", "government",
                            "state", "republic", "enclave", "outskirt", "%", "percent", "half",
                            "third", "quarter", "center", "centre", "ministry", "front", "vicinity", "edge",
                            "personnel", "soldier", "serviceman", "servicemen", "fighter", "militant",
                            "militiaman", "militiamen"})  # "in front of X", "in the vicinity of X"
# Nouns of an office held by one person: "President of the Assembly X" names X.
OFFICES = frozenset({"president", "chairman", "commander", "head", "leader", "mayor", "secretary"})
# Prepositions that list the members of a group: "officials, including X and Y".
LISTING = frozenset({"including", "like"})
# Definite descriptions that stand for the latest place of a type: "the region", "the city".
PLACE_DESCRIPTIONS = {"region": ("Region",), "city": ("City", "Town", "Settlement"), "town": ("Town", "City"),
                      "village": ("Village", "Settlement", "Town"), "country": ("Country", "State"),
                      "district": ("District",), "capital": ("City",), "bridge": ("Bridge",)}
# Group nouns that stand for a state's institutions when a demonym or a state's name qualifies them.
ARMED_GROUP = frozenset({"force", "troop", "army", "military", "soldier", "serviceman", "servicemen", "unit",
                         "fighter", "artillery", "personnel", "brigade", "battalion", "division", "command",
                         "militia", "navy", "aircraft", "drone", "tank", "position", "side", "sniper",
                         "paratrooper", "marine", "infantry", "airstrike", "jet", "missile", "armed", "helicopter",
                         "warplane", "plane",
                         # the violence itself: "killed by Russian shelling" was done by Russia's forces
                         "shelling", "strike", "bombardment", "bombing", "attack", "fire", "assault",
                         "rocket", "mortar", "shell", "raid", "offensive", "counteroffensive"})
# Words that make a plane a civil one: "a passenger plane" is no armed body.
CIVIL_CRAFT = frozenset({"passenger", "civilian", "cargo", "commercial", "private"})
GOVERNMENT_GROUP = frozenset({"government", "authority", "leadership", "administration"})
# Verbs whose coordinated subject acted on each other, not together: "X and Y clashed".
RECIPROCAL = frozenset({"clash", "fight", "battle", "skirmish"})
# Parts of a settlement named by a compound of its description: "the city center" is in the city.
SETTLEMENT_PARTS = frozenset({"center", "centre", "outskirts", "limit", "suburb", "edge"})
# Groups that speak or negotiate for a state: "the Ostrian delegation said".
REPRESENTING = frozenset({"delegation"})
# Nouns for anyone, which name whoever the sentence is about, never one entity by themselves.
GENERIC_GROUPS = VICTIM_NOUNS | ARMED_GROUP | GOVERNMENT_GROUP | frozenset({"organization", "organisation", "team",
                                                                          "official", "source", "agency"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
THING_PRONOUNS = frozenset({"it", "its"})
SPEECH_LEMMAS = REPORTING | ALLEGING | {"deny", "accuse", "announce"}


# Words for the members of one side, which a text keeps for that side ("ISIL militants" ... "six militants were
# arrested"); not "fighters" or "soldiers", which it writes for every side.
MEMBER_NOUNS = frozenset({"militant"})


def _named_otherwise(token: Token) -> bool:
    """'Shia militants', 'Iranian-backed militants': a modifier that names whose they are (a capitalised word or
    a hyphened one), so not the text's one group of militants ("two female militants" are)."""
    return any(c.dep in ("amod", "compound", "nmod") and (c.text[:1].isupper() or "-" in c.text
                                                          or c.i + 1 < token.i and token.sentence.tokens[c.i + 1].text == "-")
               for c in token.children)


def mention_index(context: SentenceContext) -> dict[int, str]:
    """Token index -> the entity of the mention that covers it (a name may span several tokens)."""
    return {token.i: mention.entity_id for mention in context.mentions
            for token in context.parse.tokens_in(mention.start, mention.stop)}


def _members_written(contexts, registry: Registry) -> dict[str, set[str]]:
    """'ISIL militants': member noun -> the armed groups whose name the text writes right before it."""
    written: dict[str, set[str]] = {}
    for context in contexts:
        if context.parse is None:
            continue
        mention_at = mention_index(context)
        for token in context.parse.tokens:
            # the name before the noun, or a name that ends with it ("Maute militants" as the group's alias)
            group = mention_at.get(token.i) or mention_at.get(token.i - 1)
            if token.lemma.lower() in MEMBER_NOUNS and group is not None \
                    and "ArmedForce" in registry[group].types and not registry[group].is_person:
                written.setdefault(token.lemma.lower(), set()).add(group)
    return written


# Sentences that must have named an entity before a bare noun its name is built on stands for it.
MAIN_ACTOR_MENTIONS = 3


class Salience:
    """The entities of the sentences read so far in a paragraph, subjects first, latest first."""

    def __init__(self, registry: Registry, contexts=()):
        """``contexts``: the document's sentences, read whole for the words it keeps for one side's members."""
        self.registry = registry
        self.recent: list[str] = []  # subjects, most salient last
        self.named: list[str] = []  # every entity named in the paragraph, latest last
        self.last_named: list[str] = []  # the entities the paragraph's latest sentence named
        self.document_places: list[str] = []  # every place named so far in the document, latest last
        self.place_counts: dict[str, int] = {}  # sentences naming each place so far
        self.named_counts: dict[str, int] = {}  # sentences naming each entity so far
        self.paragraph_counts: dict[str, int] = {}  # sentences of the paragraph naming each entity
        self.parties: list[str] = []  # the two sides of the latest event told with two agents
        self.parties_age = 0  # paragraphs since they were told
        self.lead_groups: list[str] = []  # the group(s) the paragraph's latest sentence was about
        self.by_head_word: dict[str, set[str]] = {}  # the noun a name is built on -> entities so named
        self._contexts = contexts
        # "militant" -> the groups the text writes "<its name> militants" for, anywhere in it (read when first asked)
        self._members_written: dict[str, set[str]] | None = None
        for entity in registry:
            for name in entity.names:
                self.by_head_word.setdefault(_head_word(name), set()).add(entity.id)

    def new_paragraph(self) -> None:
        self.recent.clear()
        self.named.clear()
        self.last_named = []
        self.paragraph_counts.clear()
        self.lead_groups = []
        self.parties_age += 1

    def remember_parties(self, agents: list[str]) -> None:
        """An event told with two agents: what "both sides" will mean for a paragraph or so."""
        self.parties, self.parties_age = list(agents), 0

    def members_of(self, noun: str) -> str | None:
        """'six militants were arrested': the group the text has written "<its name> militants" for, when it
        has written that for one group only (not "Maute militants" and "Abu Sayyaf militants": allies, whose
        militants may be either's)."""
        if self._members_written is None:
            self._members_written = _members_written(self._contexts, self.registry)
        written = self._members_written.get(noun, set())
        return next(iter(written)) if len(written) == 1 else None

    def remember(self, entity_ids: list[str], named: list[str] = ()) -> None:
        for entity_id in entity_ids:
            if entity_id in self.recent:
                self.recent.remove(entity_id)
            self.recent.append(entity_id)
        self.last_named = list(named)
        for entity_id in named:
            if entity_id in self.named:
                self.named.remove(entity_id)
            self.named.append(entity_id)
            self.named_counts[entity_id] = self.named_counts.get(entity_id, 0) + 1
            self.paragraph_counts[entity_id] = self.paragraph_counts.get(entity_id, 0) + 1
            if self.registry[entity_id].is_place:
                self.place_counts[entity_id] = self.place_counts.get(entity_id, 0) + 1
                if entity_id in self.document_places:
                    self.document_places.remove(entity_id)
                self.document_places.append(entity_id)

    def described(self, noun: str, earlier: list[str], earlier_group_noun: bool = False) -> str | None:
        """'the peacekeepers', 'the region', 'the court': the latest entity such a description fits."""
        types = PLACE_DESCRIPTIONS.get(noun)
        if types and not any(any(t in types for t in self.registry[e].types) for e in earlier):
            # "the city" in a paragraph of several: the one it keeps naming, not one named once in
            # passing ("... evacuate from X along a corridor to the city of Y. ... shelling the city": X)
            fitting = [e for e in self.named if any(t in types for t in self.registry[e].types)]
            if fitting:
                return max(fitting, key=lambda e: (self.paragraph_counts.get(e, 0), fitting.index(e)))
        for entity_id in reversed([*self.named, *earlier]):
            entity = self.registry[entity_id]
            if types and any(t in types for t in entity.types):
                return entity_id
            if any(_head_word(name) in (noun, noun + "s") for name in entity.names) and len(noun) > 3:
                return entity_id
        if noun == "group" and not earlier_group_noun:
            # "airstrikes against the group": the armed group of no state the paragraph named last (not
            # after "a group of journalists" in the same sentence: that group)
            for entity_id in reversed([*self.named, *earlier]):
                entity = self.registry[entity_id]
                if "ArmedForce" in entity.types and not entity.is_person and self.registry.state_of(entity_id) is None:
                    return entity_id
        if not types and len(noun) > 3 and noun.removesuffix("s") not in GENERIC_GROUPS:
            # "peacekeepers" where the paragraph names none: the one entity of the registry whose name
            # is built on that noun, if the document has named it often (a main actor, not a passing one)
            fitting = self.by_head_word.get(noun, set()) | self.by_head_word.get(noun + "s", set())
            if len(fitting) == 1 and self.named_counts.get(only := next(iter(fitting)), 0) >= MAIN_ACTOR_MENTIONS:
                return only
        if types:  # "the city" in a paragraph that names none: the city the document names most
            fitting = [e for e in self.document_places if any(t in types for t in self.registry[e].types)]
            if fitting:
                return max(fitting, key=lambda e: (self.place_counts.get(e, 0), fitting.index(e)))
        return None

    def resolve(self, pronoun: str) -> str | None:
        wanted_person = pronoun.lower() in PERSON_PRONOUNS
        for entity_id in reversed(self.recent):
            entity = self.registry[entity_id]
            if not entity.is_actor:
                continue
            if wanted_person == entity.is_person:
                return entity_id
        if wanted_person:
            # "Police arrested X, the group's leader. He was held at ...": no person was a subject; the one
            # person the sentence before named is who "he" is (two or more: no telling which)
            people = {e for e in self.last_named if self.registry[e].is_person}
            if len(people) == 1:
                return people.pop()
        return None


# Fighters of any side: a count of them ("three soldiers were killed") says nothing of whose they were,
# where "militants" in an article on an insurgency are the insurgents the paragraph names.
SIDELESS_FIGHTERS = frozenset({"soldier", "troop", "serviceman", "servicemen"})


class RoleReader:
    def __init__(self, context: SentenceContext, salience: Salience):
        self.context = context
        self.salience = salience
        self.parse = context.parse
        # token index -> the mention that covers it (a name may span several tokens)
        self.mention_at: dict[int, str] = mention_index(context)
        # "the League of Nations Commissioner for Refugees Mirek Dovan": a title written right
        # before a person's name is that person; the parser often hangs the name inside the title
        ordered = sorted(context.mentions, key=lambda m: m.start)
        for title, name in zip(ordered, ordered[1:], strict=False):
            if context.registry[name.entity_id].is_person and not context.registry[title.entity_id].is_person \
                    and not context.registry[title.entity_id].is_place and not context.text[title.stop:name.start].strip():
                for token in self.parse.tokens_in(title.start, title.stop):
                    self.mention_at[token.i] = name.entity_id
        # "pro-GNA militias": armed men of the body named after "pro-" (a name there is no mention of its own,
        # so that "pro-SDF media" names no speaker); a state's name or demonym there names no side: fighters
        # for a state are not the state ("pro-Russian separatists")
        pro = [t for t in self.parse.tokens[2:] if self.parse.tokens[t.i - 2].lower_text() == "pro"]
        names = {name.casefold(): entity.id for entity in context.registry for name in entity.names} if pro else {}
        for token in pro:
            named = names.get(token.text.casefold())
            if named is not None and token.i not in self.mention_at \
                    and self.parse.tokens[token.i - 1].text == "-" \
                    and token.head.i > token.i and token.head.lemma.lower() in ARMED_GROUP \
                    and context.registry[named].is_actor and not context.registry[named].is_person \
                    and context.registry.state_of(named) != named:
                self.mention_at[token.i] = named
        self.demonym_at: dict[int, str] = {}
        for mention in context.demonyms:
            for token in self.parse.tokens_in(mention.start, mention.stop):
                self.demonym_at[token.i] = mention.entity_id

    # -- entities of a phrase --------------------------------------------------------------------
    def entities(self, token: Token | None) -> list[str]:
        """Every entity the phrase headed by ``token`` names, conjuncts included."""
        if token is None:
            return []
        found: list[str] = []
        for conjunct in _conjuncts(token):
            found.extend(self.entities_of_one(conjunct))
        return list(dict.fromkeys(found))

    def entities_of_one(self, token: Token) -> list[str]:
        """The entities the phrase headed by ``token`` names itself, its conjuncts aside."""
        sides = self._coordinated_sides(token)
        if sides:
            # "Turkish and rebel forces", "both Turkish and Russian airstrikes": each modifier's forces
            return sides
        if token.i in self.mention_at:
            # "clashes between the VLF and Front militants": a name the registry knows whole ("Front
            # militants") shares its noun with the name coordinated before it
            shared = [self.mention_at[c.i] for c in token.children if c.dep in ("nmod", "compound")
                      and c.i in self.mention_at and self.mention_at[c.i] != self.mention_at[token.i]
                      and any(j.dep == "conj" and self.mention_at.get(j.i) == self.mention_at[token.i]
                              for j in c.children)]
            return [*shared, self.mention_at[token.i]]
        lower = token.text.lower()
        if token.pos == "PRON":
            resolved = self.pronoun(token)
            if resolved is None and len(going_on := self._groups_going_on(token)) > 1:
                return going_on  # "A and B captured X. They later captured Y": both
            return [resolved] if resolved else []
        group = self.group(token)
        if group:
            return [group]
        if token.lemma.lower() in ("side", "party") and token.tag == "NNS" and any(
                c.lower_text() in ("both", "two") for c in token.children if c.dep in ("det", "nummod", "predet")):
            # "both sides agreed": the two just told of, in this paragraph or the one before
            return list(self.salience.parties) if self.salience.parties_age <= 1 else []
        found: list[str] = []
        for child in token.children:
            if child.dep == "appos":
                found.extend(self.entities(child))  # "former presidents A, B and C"
            elif child.dep in ("compound", "nmod", "flat") and child.i in self.mention_at:
                found.append(self.mention_at[child.i])
                if token.tag in ("NNS", "NNPS"):  # "the Kelmar and Dunmere districts": both, one noun
                    found += [self.mention_at[c.i] for c in _conjuncts(child)[1:] if c.i in self.mention_at]
        named_by_of = token.lemma.lower() in OF_TRANSPARENT and any(c.dep == "prep" and c.lemma == "of"
                                                                  for c in token.children)
        if not found and token.lemma.lower() in MEMBER_NOUNS and not named_by_of and not any(
                c.lower_text() in ("other", "another") or c.dep == "poss" for c in token.children) \
                and not _named_otherwise(token):
            member = self.salience.members_of(token.lemma.lower())
            if member is not None:
                return [member]
        if not found and not named_by_of:
            # "Military officials" (a name the tagger read as an adjective), not beside a name; but "the
            # military district of Tarsk" is Tarsk, named by its "of" phrase below
            found = [self.mention_at[c.i] for c in token.children if c.dep == "amod" and c.i in self.mention_at]
        if found:
            return found  # "the president of Ostria, Mirek Dovan": the person
        if token.lemma.lower() in OFFICES:
            # "President of the Upper Tarsia Assembly Mirek Dovan": the parser hangs the name at the end
            # of the office's "of" phrase; the person, not the body, is who is named
            # "The president of the Republic of Ostria, Mirek Dovan, ...": the parser hangs the
            # apposition on the nearer noun; the person it names holds the office
            people = [e for c in token.children if c.dep == "prep" and c.lemma == "of"
                      for p in c.children if p.dep == "pobj"
                      for e in self.entities(p) + [e for a in p.children if a.dep == "appos" for e in self.entities(a)]
                      if self.context.registry[e].is_person]
            if people:
                return people
        owners = [e for c in token.children if c.dep == "poss" for e in (
            [self.mention_at[c.i]] if c.i in self.mention_at
            # "the city's hospitals": a place described, not named, owns just as well
            else self.entities_of_one(c) if c.lemma.lower() in PLACE_DESCRIPTIONS else [])]
        if not owners and token.lemma.lower() in SETTLEMENT_PARTS and _is_definite(token) and token.dep == "pobj":
            # "hit in the city center": in the city, as "in the city's center" would say (what was
            # taken in "captured the city center" is only the center: a description, not the city)
            owners = [e for c in token.children if c.dep == "compound" and c.i not in self.mention_at
                      and c.lemma.lower() in PLACE_DESCRIPTIONS
                      for e in [self.salience.described(c.lemma.lower(), [])] if e]
        owner_places = [e for e in owners if self.context.registry[e].is_place and not self.context.registry[e].is_actor]
        if owner_places and token.lemma.lower() not in ARMED_GROUP | GOVERNMENT_GROUP:
            return owner_places  # "in Dunmere's siege", "the city's hospitals": where
        for child in token.children:
            if child.dep == "prep" and (child.lemma in LISTING or _such_as(child) or (
                    child.lemma == "of" and (token.lemma.lower() in OF_TRANSPARENT or token.pos == "NUM"
                                             or _part_by_compass(token)))):
                for pobj in child.children:
                    if pobj.dep == "pobj":
                        found.extend(self.entities(pobj))
        place_word = token.lemma.lower() in PLACE_DESCRIPTIONS
        # "the city" names one; "large cities" names none; "peacekeepers" may be the ones just named
        # "forces" alone does not say whose: an armed group's bare plural names no side
        bare_armed = token.tag == "NNS" and token.lemma.lower() in ARMED_GROUP and not any(
            c.dep in ("det", "poss", "amod", "compound", "nmod") for c in token.children)
        # "other governments", "another group": not the one already named
        others = any(c.lower_text() in ("other", "another") for c in token.children if c.dep in ("amod", "det"))
        # "17 civilians were evacuated": new people, not "ethnic Tarsian civilians" named before ("the
        # civilians" may be those)
        new_people = token.tag == "NNS" and not _is_definite(token) and not any(c.dep == "poss" for c in token.children) \
            and (token.lemma.lower() in CIVILIAN_NOUNS or (
                # "85 seriously wounded soldiers were evacuated": counted, so new, whoever's they were
                token.lemma.lower() in SIDELESS_FIGHTERS and any(c.dep == "nummod" for c in token.children)))
        # "pro-government fighters": a side named by whom it backs, not one the paragraph named
        backers = any(c.dep in ("amod", "compound") and (c.lower_text() == "pro" or c.lower_text().startswith("pro-"))
                      for c in token.children)
        if not found and not bare_armed and not others and not new_people and not backers \
                and token.pos in ("NOUN", "PROPN") and (
                (_is_definite(token) and (token.tag == "NN" or not place_word))
                or (token.tag == "NNS" and not place_word)):
            earlier = [self.mention_at[i] for i in sorted(self.mention_at) if i < token.i]
            described = self.salience.described(
                lower if token.tag != "NNS" else token.lemma.lower(), earlier,
                earlier_group_noun=lower == "group" and any(
                    t.lemma.lower() == "group" and t.pos == "NOUN" for t in self.parse.tokens[:token.i]))
            # "the three states conducted airstrikes": several states or places are not the one named after
            # them ("United States"); a count of people is of the group they belong to ("six militants",
            # "the 120,000 people")
            several = token.tag == "NNS" and any(c.dep == "nummod" for c in token.children)
            entity = self.context.registry[described] if described else None
            if described and not (several and (entity.is_place or "State" in entity.types)):
                found.append(described)
        return found

    def pronoun(self, token: Token) -> str | None:
        """'X said that it had ...': the speaker; else the latest fitting subject before."""
        lower = token.text.lower()
        wants_person = lower in PERSON_PRONOUNS
        if lower not in PERSON_PRONOUNS and lower not in THING_PRONOUNS and lower not in ("they", "their", "them"):
            return None
        for ancestor in token.ancestors():  # the nearest speaker named (not itself a pronoun)
            if ancestor.lemma.lower() in SPEECH_LEMMAS:
                speaking = ancestor
                while speaking.tag == "VBG" and speaking.dep in ("advcl", "conj") and speaking.head_i != speaking.i \
                        and not any(c.dep.startswith("nsubj") for c in speaking.children):
                    speaking = speaking.head  # "X surrounded Y, thus also cutting off Z while claiming that it had ...": X
                speakers = [c for c in speaking.children if c.dep == "nsubj" and c.pos != "PRON"
                            and token.i not in {t.i for t in c.subtree()}]
                for child in speakers:
                    for entity_id in self.entities(child):
                        if self.context.registry[entity_id].is_person == wants_person:
                            return entity_id
                if speakers:
                    # "X reported that survivors said they were shot": they are the survivors, whom no
                    # entity names, not the farther speaker X
                    break
        if lower in ("its", "their") and token.dep == "poss":
            # "The United States resumed its airstrikes": a possessive in the clause goes back to its subject
            holder = token.head
            while holder.dep in ("pobj", "prep", "dobj") and holder.head_i != holder.i and not holder.is_verb():
                holder = holder.head
            while holder.is_verb() and holder.dep == "xcomp" and holder.head_i != holder.i and not any(
                    c.dep.startswith("nsubj") for c in holder.children):
                holder = holder.head  # "X was reported to have withdrawn its fighters": X's
            subject = next((c for c in holder.children if c.dep in ("nsubj", "nsubjpass") and c.pos != "PRON"), None) \
                if holder.is_verb() else None
            group = self._one_group(subject) if subject is not None else None
            if group is not None:
                return group
        if lower in ("they", "their", "them"):
            # a plural subject with no speaker above it is the group that is subject earlier in the same
            # sentence ("Valdorian forces entered the district, where they clashed with ...")
            if token.dep != "nsubj" and not (lower == "their" and token.dep == "poss"):
                return None  # "... were killed when their vehicle was attacked": theirs, as "they" would be
            earlier = [t for t in self.parse.tokens if t.i < token.i and t.pos != "PRON" and t.dep in ("nsubj", "nsubjpass")
                       and token.i not in {x.i for x in t.subtree()}]  # not "X with their vehicles": no antecedent of itself
            for subject in reversed(earlier):
                groups = [e for e in self.entities(subject) if self.is_actor(e)
                          and not self.context.registry[e].is_person]
                if groups:
                    return groups[0] if len(groups) == 1 else None
                if token.dep == "poss":
                    return None  # "as civilians fled; their convoy ...": theirs, whom no entity names
            going_on = self._groups_going_on(token)
            return going_on[0] if len(going_on) == 1 else None
        return self.salience.resolve(lower)

    def _groups_going_on(self, token: Token) -> list[str]:
        """"Valdorian forces attacked Kelmar. They also occupied the main street": the main subject
        "they" of a sentence that names no subject before it goes on with the group(s) the sentence
        before was about (its main subject); nothing else ("They claimed ..." after another subject)."""
        if token.lower_text() != "they" or token.dep != "nsubj" or token.head.head_i != token.head.i:
            return []
        if any(t.i < token.i and t.pos != "PRON" and t.dep in ("nsubj", "nsubjpass") for t in self.parse.tokens):
            return []
        return list(self.salience.lead_groups)

    def _one_group(self, subject: Token) -> str | None:
        groups = [e for e in self.entities(subject) if self.is_actor(e) and not self.context.registry[e].is_person]
        return groups[0] if len(groups) == 1 else None

    def lead_groups(self) -> list[str]:
        """The group(s) the sentence's main clause is about: its subject, when that is one group told in
        the plural ("Valdorian forces", "the militants") or an armed force ("the VLF"), or groups
        coordinated ("the VLF and the Front"), each one group."""
        root = next((t for t in self.parse.tokens if t.head_i == t.i), None)
        subject = next((c for c in root.children if c.dep == "nsubj"), None) if root is not None else None
        if subject is None:
            return []
        if subject.pos == "PRON":
            groups = [e for e in self.entities(subject) if self.is_actor(e) and not self.context.registry[e].is_person]
            return groups if subject.lower_text() == "they" else []
        parts = _conjuncts(subject)
        if len(parts) == 1:
            group = self._one_group(subject)
            if group is None and not any(self.is_actor(e) for e in self.entities(subject)) \
                    and subject.lemma.lower() not in VICTIM_NOUNS and subject.tag not in ("NNS", "NNPS"):
                return self._group_of_a_clause_aside(root)  # an act or a place, not people ("Civilians fled after ...")
            return [group] if group is not None and (subject.tag in ("NNS", "NNPS") or self.is_armed(group)) else []
        if root.lemma.lower() in RECIPROCAL:
            return []  # "X and Y clashed near Z. They later ...": two sides, not one group acting together
        # each part exactly one group of its own ("the VLF and the Front"; the parse hangs the later parts
        # on the first, whose entities hold them too); a part that names none or two ("the VLF and local
        # men", "Valdorian and Kestrian forces and local men"): who "they" are is not settled
        groups = []
        for k, part in enumerate(parts):
            later = {e for q in parts[k + 1:] for e in self.entities(q)}
            own = [e for e in self.entities(part) if e not in later and self.is_actor(e)
                   and not self.context.registry[e].is_person]
            if len(own) != 1:
                return []
            groups.append(own[0])
        return list(dict.fromkeys(groups))

    def _group_of_a_clause_aside(self, root: Token) -> list[str]:
        """'The siege began in June, after ISIL forces advanced on X. They attacked the town': where the
        main clause is about no actor (an act, a place), the one group told in the plural or armed that is
        the subject of a clause of time aside ("after / when / as / before"); none when two are."""
        groups = []
        for clause in (t for t in root.children if t.dep == "advcl" and t.is_verb()
                       and any(c.dep == "mark" and c.lower_text() in TIME_MARKS for c in t.children)):
            subject = next((c for c in clause.children if c.dep == "nsubj" and c.pos != "PRON"), None)
            group = self._one_group(subject) if subject is not None else None
            if group is not None and (subject.tag in ("NNS", "NNPS") or self.is_armed(group)):
                groups.append(group)
        groups = list(dict.fromkeys(groups))
        return groups if len(groups) == 1 else []

    def _coordinated_sides(self, token: Token) -> list[str]:
        """The armed groups of an armed noun with coordinated modifiers ("Valdorian and rebel forces", "Valdorian and VLF forces"): a
        demonym gives its state's armed force, another word the group the registry names with the noun
        ("rebel forces"). Empty unless every modifier names one."""
        if token.lemma.lower() not in ARMED_GROUP:
            return []
        first = next((c for c in token.children if c.dep in ("amod", "compound", "nmod") and c.i < token.i
                      and any(x.dep == "conj" for x in c.children)), None)
        # "Valdorian-Kestrian forces": a hyphened pair of demonyms
        paired = next(([*_hyphened(c), c] for c in token.children if c.dep in ("amod", "compound", "nmod")
                       and c.i < token.i and _hyphened(c) and self._states_paired([c, *_hyphened(c)])),
                      None)
        if first is None and paired is None:
            return []
        names = self.context.registry.by_name()
        found = []
        for modifier in _conjuncts(first) if first is not None else paired:
            if modifier.i in self.demonym_at:
                state = self.demonym_at[modifier.i]
                found.append(self._part_of(state, "ArmedForce") or state)
            elif (named := names.get(f"{modifier.text} {token.text}".casefold())) is not None:
                found.append(named)
            elif modifier.i in self.mention_at and self.context.registry[self.mention_at[modifier.i]].is_actor:
                found.append(self.mention_at[modifier.i])  # "Valdorian and VLF forces": the front's own
            else:
                return []
        return list(dict.fromkeys(found)) if len(found) > 1 else []

    def group(self, token: Token) -> str | None:
        """'Valdorian forces', "Ostria's troops": the state's armed force or government (unless the
        registry lists the phrase as unresolved: ambiguous in its text)."""
        if self.context.registry.unresolved:
            modifiers = [c for c in token.children if c.dep in ("amod", "compound", "poss", "nmod") and c.i < token.i]
            start = min([token.start] + [c.start for c in modifiers])
            if " ".join(self.context.text[start:token.end].casefold().split()) in self.context.registry.unresolved:
                return None
        state = body = None
        for child in token.children:
            if child.dep in ("amod", "compound", "poss", "nmod") and child.i in self.demonym_at:
                state = self.demonym_at[child.i]
            elif child.dep in ("poss", "compound"):
                owners = [self.mention_at[child.i]] if child.i in self.mention_at else (
                    [self.pronoun(child)] if child.pos == "PRON" and self.pronoun(child) else [])
                for candidate in owners:
                    if not self.is_state(candidate) and self.is_actor(candidate) and not self.is_armed(candidate):
                        body = candidate
                    state = self._state_of(candidate) or state
        if state is None:
            return None
        lemma = token.lemma.lower()
        if lemma == "plane" and any(c.lemma.lower() in CIVIL_CRAFT for c in token.children):
            return None  # "the Malaysian passenger plane": no state's forces
        if lemma in ARMED_GROUP:
            # "its forces" said by a defence ministry: its state's armed forces; "GNA forces", where the
            # registry knows no armed forces of the state as a whole: the body whose forces they are
            return self._part_of(state, "ArmedForce") or body or state
        if lemma in GOVERNMENT_GROUP:
            return self._part_of(state, "GovernmentBody", prefer="government") or state
        if lemma in REPRESENTING:
            return state  # "the Ostrian delegation": whom it speaks for
        return None

    def _state_of(self, entity_id: str) -> str | None:
        """A state, or the state a body belongs to ("its forces" said by a ministry)."""
        return self.context.registry.state_of(entity_id)

    def _part_of(self, state: str, type_name: str, prefer: str | None = None) -> str | None:
        parts = [e for e in self.context.registry if state in e.part_of and type_name in e.types]
        if prefer:
            preferred = [e for e in parts if prefer in e.label.lower()]
            parts = preferred or parts
        if len(parts) > 1 and type_name == "ArmedForce":
            # the state's armed forces as a whole: the part named "<Demonym> forces / army / military"
            # or "Armed Forces of X", not one of its units
            demonyms = {d.lower() for d in self.context.registry[state].demonyms}
            general = [e for e in parts if any(_names_whole_force(name, demonyms) for name in e.names)]
            parts = general or parts
        if type_name == "ArmedForce" and len(parts) == 1 and any(
                branch in name.lower() for name in parts[0].names for branch in BRANCH_WORDS) and not any(
                _names_whole_force(name, {d.lower() for d in self.context.registry[state].demonyms})
                for name in parts[0].names):
            return None  # "Libyan forces" are not the Libyan Navy, the one unit the registry lists
        return parts[0].id if len(parts) == 1 else None

    def armed_force_of(self, state: str) -> str | None:
        return self._part_of(state, "ArmedForce")

    def _states_paired(self, demonyms: list[Token]) -> bool:
        """A hyphened pair of demonyms names two sides when each is a state's: "Russian-Syrian" is two states,
        "Syrian-Kurdish" one people of one state."""
        entities = [self.context.registry[self.demonym_at[t.i]] for t in demonyms if t.i in self.demonym_at]
        return len(entities) == len(demonyms) and all({"State", "DeFactoState"} & set(e.types) for e in entities)

    def state_of_modifier(self, token: Token) -> list[str]:
        """'the Valdorian offensive', "Valdoria's offensive": the state (or actor) qualifying a noun."""
        found = []
        for child in token.children:
            if child.dep in ("amod", "compound", "nmod") and child.i in self.demonym_at:
                found.append(self.demonym_at[child.i])
                # "both Valdorian and Kestrian airstrikes": each state of the coordinated demonyms
                found += [self.demonym_at[c.i] for c in _conjuncts(child)[1:] if c.i in self.demonym_at]
                # "the Valdorian-Kestrian bombardments": both states of a hyphened pair (not "Syrian-Kurdish
                # fighters": Syria's Kurds, one people)
                if self._states_paired([child, *_hyphened(child)]):
                    found += [self.demonym_at[c.i] for c in _hyphened(child) if c.i in self.demonym_at]
            elif child.dep in ("poss", "compound", "nmod"):
                found.extend(e for e in self.entities(child) if self.is_actor(e))
        return list(dict.fromkeys(found))

    def is_actor(self, entity_id: str) -> bool:
        return self.context.registry[entity_id].is_actor

    def is_state(self, entity_id: str) -> bool:
        return bool({"State", "DeFactoState"} & set(self.context.registry[entity_id].types))

    def is_armed(self, entity_id: str) -> bool:
        return "ArmedForce" in self.context.registry[entity_id].types

    def is_place(self, entity_id: str) -> bool:
        return self.context.registry[entity_id].is_place

    def named(self) -> list[str]:
        """The entities the sentence names, but not a place given only as a landmark ("44 km northwest
        of X", "north of X"): what "the city" in the next sentence means is not the landmark."""
        return list(dict.fromkeys(self.mention_at[i] for i in sorted(self.mention_at)
                                  if not _landmark(self.parse.tokens[i])))

    def distant(self) -> set[str]:
        """The places the sentence names only as a distance away ("two kilometres from X"): nothing told
        happened at them."""
        marks = {i for i in self.mention_at if self.parse.tokens[i].dep in ("pobj", "compound", "flat")
                 and _distance_from(_phrase_head(self.parse.tokens[i]).head)}
        return {self.mention_at[i] for i in marks} - {self.mention_at[i] for i in self.mention_at if i not in marks}

    def landmarks(self) -> set[str]:
        """The places the sentence names only as landmarks ("southwest of X", "to X's southwest")."""
        marks = {i for i in self.mention_at if _landmark(self.parse.tokens[i])}
        return {self.mention_at[i] for i in marks} - {self.mention_at[i] for i in self.mention_at if i not in marks}

    def subjects(self) -> list[str]:
        """The entities of the sentence's subjects, for resolving pronouns in the next sentence."""
        found = []
        for token in self.parse.tokens:
            if token.dep in ("nsubj", "nsubjpass"):
                # "It accused X of ...": a pronoun subject keeps what it stands for the topic, ahead of X
                found.extend(self.entities(token))
        return found


COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})


def _phrase_head(token: Token) -> Token:
    while token.dep in ("compound", "flat") and token.head_i != token.i:
        token = token.head
    return token


def _landmark(token: Token) -> bool:
    """A name inside "north of X", "7 km east of X": the point something else is placed from."""
    token = _phrase_head(token)
    if token.dep == "poss" and token.head.lower_text() in COMPASS:
        return True  # "to X's southwest"
    of = token.head if token.dep == "pobj" else None
    if of is not None and _distance_from(of):
        return True  # "fighting went on two kilometres from X", "5 km away from X": not at X
    return of is not None and of.lemma == "of" and of.head.lower_text() in COMPASS and not _part_by_compass(of.head)


# Units of distance: "two kilometres from X" places something away from X.
DISTANCES = frozenset({"kilometre", "kilometer", "km", "mile", "metre", "meter"})


def _distance_from(preposition: Token) -> bool:
    """'2 kilometres from X', 'two km away from X': a "from" measured off by a distance (the parser hangs
    the distance on the preposition or on the word the preposition hangs from)."""
    return preposition.lemma == "from" and any(
        c.lemma.lower() in DISTANCES for c in [*preposition.children, *preposition.head.children])


def _such_as(preposition: Token) -> bool:
    """'towns such as A and B': the "as" phrase lists them."""
    return preposition.lemma.lower() == "as" and any(c.lemma.lower() == "such" for c in preposition.children)


def _part_by_compass(token: Token) -> bool:
    """'in the south of X' is a part of X; 'south of X', 'to the south of X' are outside it."""
    return token.lower_text() in COMPASS and any(c.dep == "det" for c in token.children) \
        and token.dep == "pobj" and token.head.lemma.lower() in ("in", "within", "across", "throughout")


def _hyphened(token: Token) -> list[Token]:
    """'Valdorian-Kestrian': the word joined to this one by a hyphen, which the parser hangs on it."""
    return [c for c in token.children if c.i == token.i - 2 and c.dep in ("npadvmod", "amod", "compound", "nmod")
            and token.sentence.tokens[token.i - 1].text in ("-", "\u2013")]


def _conjuncts(token: Token) -> list[Token]:
    found, stack = [], [token]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(child for child in current.children if child.dep == "conj")
        stack.extend(_listed_names(current))
    return sorted(found, key=lambda t: t.i)


def _listed_names(token: Token) -> list[Token]:
    """'securing the A, B, C and D neighborhoods': names in a comma list the parser read as appositions,
    each hung on the one before, the last with "and" and a conjunct of its own: the next name of the list.
    Not an apposition that describes ('X, the capital')."""
    if token.pos != "PROPN":
        return []
    chain, current = [], token
    while (following := next((c for c in current.children if c.dep == "appos" and c.pos == "PROPN"), None)) is not None:
        chain.append(following)
        current = following
    ends_with_and = any(c.dep == "cc" and c.lower_text() in ("and", "or") for c in current.children) \
        and any(c.dep == "conj" and c.pos == "PROPN" for c in current.children)
    return chain[:1] if chain and ends_with_and else []


def _head_word(name: str) -> str:
    """The noun a name is built on: 'Republic of Ostria' -> republic, 'Valdorian peacekeepers' -> peacekeepers."""
    words = name.split()
    for index, word in enumerate(words):
        if index and word.lower() in ("of", "in", "for", "on", "at"):
            words = words[:index]
            break
    return words[-1].lower() if words else ""


def _is_definite(token: Token) -> bool:
    return any(child.dep == "det" and child.lower_text() in ("the", "this", "that", "these", "those")
               for child in token.children)


WHOLE_FORCE_WORDS = ("forces", "armed forces", "army", "military", "troops")


# Subordinators of a clause of time: "after X advanced", "when X entered", "as X withdrew".
TIME_MARKS = frozenset({"after", "when", "as", "before", "once", "while"})
# Words that name one branch or unit of a state's armed forces, not the whole of them.
BRANCH_WORDS = ("navy", "naval", "air force", "marine", "coast guard", "special forces", "special operations", "guard",
                "brigade", "battalion", "regiment", "division", "police")


def _names_whole_force(name: str, demonyms: set[str]) -> bool:
    lower = name.lower()
    if "armed forces" in lower:
        return True
    return any(lower == f"{d} {w}" for d in demonyms for w in WHOLE_FORCE_WORDS)
