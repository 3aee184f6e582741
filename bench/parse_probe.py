"""Child process of ``bench/parse.py``: where the seconds of a cold parse go, in one fresh process.

``python -m bench.parse_probe MODE`` prints one JSON object of seconds. Modes:

* ``build``: in order, as ``conflict_kg.parse`` does on a cold build: ``import conflict_kg.build``, ``import spacy``, the
  model package's import, ``verify_model`` (sha256 of the weight files), ``spacy.load(folder,
  exclude=["ner", "senter"])``, reading the article, the first ``nlp.pipe`` (batch 64, as
  ``parse_texts``), the docs turned into rows, the gzip cache entry. Then, warm (the lemmatizer and
  the attribute ruler cache per word, so warm figures understate a new text): the pipe again with
  batch 16/64/256/1000.
* ``components``: the first pass of each pipeline component alone (tokenizer, tok2vec, tagger,
  parser, attribute_ruler, lemmatizer) over the article.
* ``nproc2``: the first ``nlp.pipe(texts, batch_size=64, n_process=2)`` after the model is loaded.
* ``load_all``: ``spacy.load(folder)`` with nothing excluded (what ``exclude`` saves).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def main(mode: str = "build") -> int:
    sys.path.insert(0, str(PROJECT_ROOT))
    out: dict[str, float] = {}

    def timed(label, function):
        started = time.perf_counter()
        value = function()
        out[label] = time.perf_counter() - started
        return value

    timed("import_kg_build", lambda: __import__("conflict_kg.build"))
    from conflict_kg import parse as P
    from conflict_kg.build import DEFAULT_CORPUS
    from conflict_kg.corpus import load_corpus
    from conflict_kg.document import Document

    spacy = timed("import_spacy", lambda: __import__("spacy"))
    import importlib

    package = timed("import_model_package", lambda: importlib.import_module(P.MODEL_PACKAGE))
    folder = Path(package.__file__).parent / f"{P.MODEL_PACKAGE}-{P.MODEL_VERSION}"
    timed("verify_model", lambda: P.verify_model(folder))
    if mode == "load_all":
        timed("spacy_load_everything", lambda: spacy.load(folder))
        print(json.dumps(out))
        return 0
    nlp = timed("spacy_load_exclude_ner_senter", lambda: spacy.load(folder, exclude=["ner", "senter"]))
    source = load_corpus(DEFAULT_CORPUS).documents[0]
    texts = [s.clean for s in Document.from_file(source.path, source.id).sentences]
    out.update(sentences=len(texts), characters=sum(len(t) for t in texts))
    if mode == "components":
        docs = timed("first_tokenizer", lambda: [nlp.make_doc(t) for t in texts])
        for name, component in nlp.pipeline:
            docs = timed(f"first_{name}", lambda c=component, d=docs: list(c.pipe(d, batch_size=64)))
    elif mode == "nproc2":
        timed("pipe_first_batch64_n_process2", lambda: list(nlp.pipe(texts, batch_size=64, n_process=2)))
    else:
        docs = timed("pipe_first_batch64", lambda: list(nlp.pipe(texts, batch_size=64)))
        rows = timed("rows", lambda: [[[t.idx, t.idx + len(t.text), t.text, t.lemma_, t.pos_, t.tag_, t.dep_,
                                        t.head.i] for t in doc] for doc in docs])
        timed("cache_entry_gzip", lambda: gzip.compress(json.dumps(rows, separators=(",", ":")).encode(), 1))
        out["tokens"] = sum(len(d) for d in docs)
        for size in (16, 64, 256, 1000):
            timed(f"pipe_warm_batch{size}", lambda s=size: list(nlp.pipe(texts, batch_size=s)))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
