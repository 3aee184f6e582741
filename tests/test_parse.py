"""The parser: the checked model, offsets into the clean text, and the per-document cache."""

import shutil
from pathlib import Path

import pytest
from project_paths import GENERALITY

import conflict_kg.parse as parse
from conflict_kg.document import Document


def model_folder() -> Path:
    import importlib
    package = importlib.import_module(parse.MODEL_PACKAGE)
    return Path(package.__file__).parent / f"{parse.MODEL_PACKAGE}-{parse.MODEL_VERSION}"


def test_the_installed_model_is_the_checked_one():
    parse.verify_model(model_folder())  # raises on any difference


def test_a_model_with_other_weights_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_folder(), copy)
    with (copy / "parser" / "model").open("ab") as weights:
        weights.write(b"\0")
    with pytest.raises(parse.ParseError, match="parser/model differs"):
        parse.verify_model(copy)


def test_a_model_whose_meta_differs_from_the_official_release_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_folder(), copy)
    meta = (copy / "meta.json").read_text(encoding="utf-8").replace("5010fcbd3", "0000000")
    (copy / "meta.json").write_text(meta, encoding="utf-8")
    with pytest.raises(parse.ParseError, match="spacy_git_version"):
        parse.verify_model(copy)


def test_tokens_carry_offsets_into_the_clean_sentence_and_a_syntax(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    doc = Document.from_text("t", "Sos was captured by Ruritania on 3 May.[4] Troops fled.")
    sentences = parse.parse_document(doc)
    assert len(sentences) == len(doc.sentences) == 2
    first = sentences[0]
    for token in first.tokens:
        assert doc.sentences[0].clean[token.start:token.end] == token.text
    captured = next(t for t in first.tokens if t.text == "captured")
    assert captured.lemma == "capture" and captured.pos == "VERB"
    assert {c.dep for c in captured.children} >= {"nsubjpass", "agent"}
    assert first.head_of(0, 3).text == "Sos"


@pytest.mark.parametrize("text, subject", [
    ("On 19 June, the VLF counter-attacked at the old city walls.", "VLF"),
    ("Ruritanian forces re-captured the village of Sos.", "forces"),
])
def test_a_verb_split_at_its_prefix_hyphen_keeps_its_clause(tmp_path, monkeypatch, text, subject):
    # the tokenizer splits "counter-attacked"; the parser then reads "the VLF counter" as a noun that
    # underwent a passive "attacked"
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    sentence = parse.parse_document(Document.from_text("t", text))[0]
    verb = next(t for t in sentence.tokens if t.text in ("attacked", "captured"))
    assert verb.tag == "VBD" and not any(c.dep in ("nsubjpass", "auxpass") for c in verb.children)
    assert [c.text for c in verb.children if c.dep == "nsubj"] == [subject]


def test_an_unchanged_document_is_not_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    doc = Document.from_text("t", "Ruritania shelled Zenda. Talks were held.")
    first = parse.parse_document(doc)
    calls = []
    real = parse._parse_aside
    monkeypatch.setattr(parse, "_parse_aside", lambda texts: calls.append(texts) or real(texts))
    again = parse.parse_document(doc)
    assert calls == [] and [t.text for t in again[0].tokens] == [t.text for t in first[0].tokens]
    changed = Document.from_text("t", "Ruritania shelled Zenda again. Talks were held.")
    parse.parse_document(changed)  # a changed text misses the cache
    assert len(calls) == 1


def test_a_damaged_cache_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    doc = Document.from_text("t", "Ruritania shelled Zenda.")
    parse.parse_document(doc)
    (entry,) = (tmp_path / "parse").glob("*.json.gz")
    entry.write_bytes(b"not gzip")
    assert parse.parse_document(doc)[0].tokens[1].lemma == "shell"


def test_the_build_process_never_imports_spacy(tmp_path):
    """A cold parse runs in a forked child: the process that builds holds no spaCy afterwards."""
    import subprocess
    import sys
    code = ("import sys; from conflict_kg.document import Document; import conflict_kg.parse as p;"
            "p.parse_document(Document.from_text('t', 'Ruritania shelled Zenda.'));"
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "KG_CACHE_DIR": str(tmp_path)})
    assert result.stdout.strip() == "False", result.stderr


def test_sentences_split_between_two_children_parse_as_in_one(monkeypatch):
    texts = [s.clean for s in Document.from_file(GENERALITY / "article.txt").sentences]
    assert [len(p) for p in parse._split_by_length(["ab"] * 7, 2)] == [4, 3]
    monkeypatch.setattr(parse, "MIN_SENTENCES_TO_SPLIT", 1)
    monkeypatch.setattr(parse, "PARSE_WORKERS", 2)
    assert parse._parse_aside(texts) == parse.parse_texts(texts)


def test_a_noun_with_a_prefix_hyphen_is_one_word_the_sentence_is_parsed_around(tmp_path, monkeypatch):
    # split, "a counter - attack on 30 June" took the sentence's verb "retook" as a conjunct of a participle
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    text = "A major VLF counter-attack on 30 June, spearheaded by car bombs, retook the Tarsk district."
    sentence = parse.parse_document(Document.from_text("t", text))[0]
    noun = next(t for t in sentence.tokens if t.text == "counter-attack")
    assert noun.dep == "nsubj" and noun.head.text == "retook" and noun.head.head_i == noun.head.i
    assert noun.lemma == "counter-attack"
