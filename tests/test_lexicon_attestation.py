"""Every entry of the lexicons the extraction rules added on 2026-12-04 occurs in at least two of the
articles (the project's and the development articles), as a lemma of their parse: an entry
that only one article uses is fitted to it, not general. Each entry's articles are printed."""

from __future__ import annotations

import pytest
from project_paths import ROOT

from conflict_kg.corpus import load_corpus
from conflict_kg.document import Document
from conflict_kg.extract.clauses import ALLEGING
from conflict_kg.extract.events import GATHERING_VERBS, MET_PEOPLE
from conflict_kg.extract.lexicon import GROUPING_NOUNS, PERSON_NOUNS, VICTIM_NOUNS
from conflict_kg.extract.statements import UNINFORMATIVE
from conflict_kg.parse import parse_document

ARTICLES = {"article": ROOT / "data" / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt",
            **{source.id: source.path for source in load_corpus(ROOT / "data" / "dev" / "corpus.yaml").documents}}
LEXICONS = {
    "victim nouns (beyond the counted-people nouns)": VICTIM_NOUNS - PERSON_NOUNS,
    "grouping nouns": GROUPING_NOUNS,
    "whom one meets": MET_PEOPLE,
    "verbs of gathering": GATHERING_VERBS,
    "objects that say nothing by themselves": UNINFORMATIVE,
    "verbs of citing": {"cite"} & ALLEGING,
    "parts of a town": {"neighborhood", "street"},
}


@pytest.fixture(scope="module")
def lemmas():
    return {name: {t.lemma.lower() for sentence in parse_document(Document.from_file(path)) for t in sentence.tokens}
            for name, path in ARTICLES.items()}


@pytest.mark.parametrize("lexicon", LEXICONS)
def test_each_entry_occurs_in_two_articles(lemmas, lexicon):
    lonely = []
    for entry in sorted(LEXICONS[lexicon]):
        found = [name for name, words in lemmas.items() if entry in words]
        print(f"{lexicon}: {entry}: {', '.join(found) or '-'}")
        if len(found) < 2:
            lonely.append(entry)
    assert len(ARTICLES) >= 5 and not lonely, f"in fewer than two articles: {lonely}"
