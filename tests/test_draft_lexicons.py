"""The word lists of `kg init`'s drafting rules (kg/draft.py) earn their place: each entry occurs, in
the construction its rule reads, in at least two articles (the project's own and the development set;
not the locked test article), or it is a plain construction of English, said why below. The table of
occurrences per entry and article is printed (pytest -s), as tests/test_rule_lexicons.py does for the
extraction rules. The constructions are read with regular expressions, as kg/draft.py reads them."""

import re

import pytest
from project_paths import ARTICLE, DATA

from conflict_kg import draft
from conflict_kg.corpus import load_corpus
from conflict_kg.document import Document

# A capitalised word after a lowercase word or a comma: a name, not a sentence's first word.
NAME = r"(?<=[a-z,;:)] )[A-Z][\w'’-]+"

# list name -> (its entries, the construction its rule reads, as a pattern for an entry)
LISTS = {
    "SITE_NOUNS": (draft.SITE_NOUNS, lambda w: NAME + rf"\s+(?:[a-z]+\s+)?{w}\b"),
    "PLURAL_KINDS": (tuple(draft.PLURAL_KINDS),
                     lambda w: rf"[A-Z][\w'’-]+,?\s+and\s+(?:parts? of\s+)?[A-Z][\w'’-]+\s+(?i:{w})\b"),
    "POSTING_VERBS": (draft.POSTING_VERBS, lambda w: rf"\b{w}\b(?:\s+[\w'’-]+){{0,4}}?\s+on\s+[A-Z]"),
    "POST_NOUNS": (draft.POST_NOUNS, lambda w: NAME + rf"\s+{w}\b"),
    "OFFICE_WORDS": (draft.OFFICE_WORDS, lambda w: r"[A-Z][\w'’-]+,\s+(?:the\s+|a\s+)?"
                                                   rf"(?:deputy\s+|former\s+|acting\s+|local\s+)?{w}\b"),
    "EVENT_NAME_WORDS": (draft.EVENT_NAME_WORDS, lambda w: rf"\b{w} of [A-Z]"),
    # after a demonym ("Ruritanian") or a place's name: a capitalised word ending like a demonym or not
    "POPULATION_NOUNS": (draft.POPULATION_NOUNS, lambda w: rf"\b[A-Z][\w'’-]+\s+{w}\b"),
    "GOVERNMENT_NOUNS": (draft.GOVERNMENT_NOUNS, lambda w: rf"\b[A-Z][\w'’-]+(?:an|ish|ese|i)\s+{w}\b"),
    "FIGHTING_NOUNS": (draft.FIGHTING_NOUNS, lambda w: rf"\b[A-Z][\w'’-]+(?:an|ish|ese|i|en)\s+{w}\b"),
    # a side called by a bare plural in lowercase ("the rebels captured ...")
    "BARE_FIGHTERS": (draft.BARE_FIGHTERS, lambda w: rf"\bthe {w}\b"),
    "MEDIA_AGENCY_WORDS": (draft.MEDIA_AGENCY_WORDS, lambda w: rf"\b[A-Z][\w'’-]+\s+(?i:{w})\s+Agency\b"),
}
# Entries kept although fewer than two articles use them: each list is a closed class of plain English
# words read in a plain construction, said here; the table shows which entries the articles exercise.
PLAIN = {
    "SITE_NOUNS": "a common noun for a site: '<Name> <noun>' ('the X airport', 'X cemetery') names a site "
                  "after the place or person X",
    "PLURAL_KINDS": "the plural of a kind of place: 'A, B and C <kinds>' makes each of A, B and C one of them",
    "POSTING_VERBS": "a verb of posting or writing: what is posted or written 'on X' is on a medium X",
    "POST_NOUNS": "what a medium carries: 'an X post', 'the X channel' are on a medium X",
    "OFFICE_WORDS": "an office: 'Name, <office> of ...' in apposition makes Name a person",
    "EVENT_NAME_WORDS": "how battles are named: '<word> of X' names an event after the place X, not an entity",
    "POPULATION_NOUNS": "the people of a place: '<demonym or place> civilians/residents/...' are its population",
    "GOVERNMENT_NOUNS": "who governs a state: '<demonym> government/authorities/officials' is its government",
    "FIGHTING_NOUNS": "men under arms: '<demonym> forces/troops/...' of a people with no state are a force",
    "BARE_FIGHTERS": "a side an article keeps calling by what its fighters are: 'the rebels', 'the separatists'",
    "MEDIA_AGENCY_WORDS": "an agency of the press: '<Name> News Agency', '<Name> Press Agency' is a media outlet",
}


@pytest.fixture(scope="module")
def texts():
    found = {"article": Document.from_file(ARTICLE).text}
    for source in load_corpus(DATA / "dev" / "corpus.yaml").documents:
        found[source.id] = Document.from_file(source.path, source.id, source.format).text
    return found


def test_each_entry_occurs_in_two_articles_or_its_list_is_plain_english(texts):
    names = list(texts)
    print(f"\n{'list':18} {'entry':14} " + " ".join(f"{n[:12]:>12}" for n in names))
    lonely, unattested = [], []
    for list_name, (entries, construction) in LISTS.items():
        used_in = set()
        for entry in entries:
            counts = [len(re.findall(construction(entry), texts[n])) for n in names]
            print(f"{list_name:18} {entry:14} " + " ".join(f"{c:>12}" for c in counts))
            used_in |= {n for n, c in zip(names, counts, strict=True) if c}
            if sum(1 for c in counts if c) < 2 and list_name not in PLAIN:
                lonely.append(f"{list_name} {entry} ({dict(zip(names, counts, strict=True))})")
        if len(used_in) < 2:
            unattested.append(f"{list_name} ({sorted(used_in)})")
    assert not lonely, "entries in fewer than two articles:\n" + "\n".join(lonely)
    # a plain list still reads a construction the articles use: in two of them at least
    assert not unattested, "constructions in fewer than two articles:\n" + "\n".join(unattested)


def test_the_lists_are_what_the_rules_read():
    """The patterns are built from the lists, so an entry counted here is an entry the rule uses."""
    assert all(draft.SITE_AFTER.match(f" {noun}") for noun in draft.SITE_NOUNS)
    assert draft.SITE_AFTER.match(" industrial zone") and not draft.SITE_AFTER.match(" of the road")
    assert all(draft.POSTED_ON.search(f"{verb} photos on ") for verb in draft.POSTING_VERBS)
    assert all(draft.POST_AFTER.match(f" {noun}") for noun in draft.POST_NOUNS)
    assert all(draft.OFFICE_AFTER.match(f", deputy {office} of") for office in draft.OFFICE_WORDS)
    assert all(draft.EVENT_NAME.match(f"{word} of") for word in draft.EVENT_NAME_WORDS)
    assert all(draft.LIST_BEFORE_KIND.search(f"Orsk, Brask and Tevin {kind.capitalize()}") for kind in draft.PLURAL_KINDS)
