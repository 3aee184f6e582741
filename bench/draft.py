"""``python -m bench.draft``: `kg init` + `kg build` on each development article and the locked test
article, scored against their blind gold with the drafted registry (unreviewed) beside the curated one.

For each article: the draft is made in a temporary folder from the saved Markdown alone, reusing only
the bundled article's registry (as `kg init` does by default; never the article's own curated
registry), built (the release must conform), then `kg evaluate` runs once with the draft and once
with the curated registry. Prints entity recall and strict precision of events, statements and
figures for both, and the machine time of `kg init` and of `kg build`.

The locked test article is scored, never tuned to: the rules of kg/draft.py were written against
the development articles only.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from conflict_kg.build import BuildOptions, build_release
from conflict_kg.cli import main as kg
from conflict_kg.corpus import load_corpus
from conflict_kg.evaluate import evaluate_corpus

ROOT = Path(__file__).resolve().parents[1]
SETS = (("dev", ROOT / "data" / "dev" / "corpus.yaml", ROOT / "tests" / "gold" / "dev"),
        ("test", ROOT / "data" / "test" / "corpus.yaml", ROOT / "tests" / "gold" / "test"))
KINDS = ("events", "statements", "figures")


def measure(source, curated_manifest: Path, gold_dir: Path, folder: Path) -> dict:
    copy = folder / source.path.name
    shutil.copyfile(source.path, copy)
    started = time.perf_counter()
    result = CliRunner().invoke(kg, ["init", str(copy), "--id", source.id, "--title", source.title])
    init_seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"kg init failed on {source.id}: {result.output}")
    manifest = folder / "corpus.yaml"
    started = time.perf_counter()
    built = build_release(folder / "release", BuildOptions(corpus=manifest))
    build_seconds = time.perf_counter() - started
    release_manifest = json.loads((built.release / "manifest.json").read_text(encoding="utf-8"))
    figures = {"init_s": round(init_seconds, 2), "build_s": round(build_seconds, 2),
               "conforms": built.validation.conforms, "unreviewed": release_manifest["unreviewed_entities"]}
    for name, corpus in (("draft", manifest), ("curated", curated_manifest)):
        scores = evaluate_corpus(corpus, gold_dir=gold_dir).documents[source.id]
        figures[name] = {"entity_recall": round(scores["entities"].recall, 3),
                         **{kind: round(scores[kind].strict_precision, 3) for kind in KINDS}}
    return figures


def main() -> None:
    rows = []
    for set_name, manifest, gold_dir in SETS:
        for source in load_corpus(manifest).documents:
            with tempfile.TemporaryDirectory() as folder:
                figures = measure(source, manifest, gold_dir, Path(folder))
            rows.append({"set": set_name, "document": source.id, **figures})
            print(f"{set_name:4} {source.id:32} init {figures['init_s']:5.1f} s  build {figures['build_s']:5.1f} s  "
                  f"conforms {figures['conforms']}  unreviewed {figures['unreviewed']}", flush=True)
            for name in ("draft", "curated"):
                f = figures[name]
                print(f"     {name:8} entity recall {f['entity_recall']:.3f}   strict precision: events "
                      f"{f['events']:.3f}  statements {f['statements']:.3f}  figures {f['figures']:.3f}", flush=True)
    out = ROOT / "bench" / "results" / "draft.json"
    out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
