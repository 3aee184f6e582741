"""Make an N-document corpus from one corpus document: copies whose names and years are renamed.

Copy 0 is the source document itself (its own text and registry). Copy k >= 1 is made by two general
rules, applied alike to the text and to a per-copy registry, so that every mention still matches and
every fact of copy k is distinct from those of the other copies:

* names: every *name word* gets the copy's suffix ("q" + two letters, e.g. ``Xland`` -> ``Xlandqab``).
  A name word is a word of a registry label, alias or demonym that starts with a capital letter,
  has at least two letters, and is either all capitals (an acronym) or never written in the text
  with a small first letter (so "Republic", "Foreign", "Ministry" stay when the text also writes
  "republic", "foreign", "ministry", and the general lexicon keeps working). Words are replaced
  whole (letters on neither side), in the text and in every registry name; entity ids get the
  suffix ``-c<k>``; Wikidata fields are dropped (a renamed entity is not the Wikidata item).
  An entity whose label has no name word at all ("International Criminal Court") would keep its
  label, so its names are renamed as whole phrases instead: each such label or alias, wherever it
  stands in the text or in a registry name, gets the suffix on every word.
* years: every four-digit number the date rules read as a year is shifted by a per-copy offset
  chosen so that every shifted year stays inside the years the date rules accept.

Nothing here knows any name, date or fact of the article: everything comes from the corpus
manifest, the registry and the text.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from conflict_kg.corpus import load_corpus
from conflict_kg.registry import copy_outlines

try:  # the year pattern the date rules use (so shifted years are read the same way)
    from conflict_kg.dates import _year as _kg_year

    YEAR = re.compile(_kg_year("y"))
except ImportError:  # pragma: no cover
    YEAR = re.compile(r"(?<![\d.,/])(?P<y>1[89]\d\d|20\d\d|2100)(?![\d%]|[.,/:]\d)")
YEAR_MIN, YEAR_MAX = 1800, 2100  # what YEAR accepts
SHAPE_YEARS = (1900, 2100)  # what the shapes accept of a fact's date (ontology/shapes.ttl)

WORD = re.compile(r"[^\W\d_]+")
NAME_FIELDS = ("label", "aliases", "demonyms")
DROPPED_FIELDS = ("wikidata", "wikidata_label", "wikidata_source")


@dataclass
class GeneratedCorpus:
    manifest: Path
    copies: int
    name_words: int
    year_shifts: list[int]
    name_phrases: int = 0


def suffix(k: int) -> str:
    """Copy k's name suffix: 'q' and two letters (676 copies at most)."""
    if not 0 < k < 26 * 26:
        raise ValueError(f"copy number {k} out of range 1..675")
    return "q" + chr(ord("a") + k // 26) + chr(ord("a") + k % 26)


def name_words(entities: list[dict], text: str) -> set[str]:
    lower_initial = {w.lower() for w in WORD.findall(text) if w[:1].islower()}
    words: set[str] = set()
    for item in entities:
        for field in NAME_FIELDS:
            values = item.get(field) or []
            for value in [values] if isinstance(values, str) else values:
                for word in WORD.findall(str(value)):
                    if len(word) < 2 or not word[:1].isupper():
                        continue
                    if word.isupper() or word.lower() not in lower_initial:
                        words.add(word)
    return words


def _word_pattern(words: set[str]) -> re.Pattern | None:
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])")


def name_phrases(entities: list[dict], words: set[str]) -> set[str]:
    """Labels and aliases of the entities whose label holds no name word (renamed as whole phrases)."""
    pattern = _word_pattern(words)
    unchanged = lambda name: pattern is None or not pattern.search(name)  # noqa: E731
    phrases = set()
    for item in entities:
        if unchanged(str(item.get("label", ""))):
            aliases = item.get("aliases") or []
            for name in [item.get("label"), *([aliases] if isinstance(aliases, str) else aliases)]:
                if name and unchanged(str(name)) and WORD.search(str(name)):
                    phrases.add(" ".join(str(name).split()))
    return phrases


def _phrase_pattern(phrases: set[str]) -> re.Pattern | None:
    if not phrases:
        return None
    # the mention finder folds whitespace and matches the first letter in either case
    alternatives = ["[" + re.escape(p[0].lower() + p[0].upper()) + "]" + r"\s+".join(
        re.escape(part) for part in p[1:].split(" ")) if p[0].isalpha() else r"\s+".join(
        re.escape(part) for part in p.split(" ")) for p in sorted(phrases, key=len, reverse=True)]
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])")


class Renamer:
    """The copy-independent part of the renaming: which phrases and words get a copy's suffix."""

    def __init__(self, entities: list[dict], text: str):
        self.words = name_words(entities, text)
        self.phrases = name_phrases(entities, self.words)
        self._word = _word_pattern(self.words)
        self._phrase = _phrase_pattern(self.phrases)

    def __call__(self, value: str, tag: str) -> str:
        if self._phrase is not None:
            value = self._phrase.sub(lambda m: WORD.sub(lambda w: w.group(0) + tag, m.group(0)), value)
        if self._word is not None:
            value = self._word.sub(lambda m: m.group(0) + tag, value)
        return value


def year_shifts(text: str, copies: int) -> list[int]:
    """Offsets for copies 1..copies-1: -1, +1, -2, +2, ... while every year stays inside the dates
    the shapes accept (SHAPE_YEARS), then the same offsets again (a copy's facts stay distinct by
    its renamed names; the shift only varies its dates)."""
    years = [int(m.group("y")) for m in YEAR.finditer(text)]
    first, last = SHAPE_YEARS
    low, high = (min(years), max(years)) if years else (first, last)
    down = list(range(-1, -max(0, low - first) - 1, -1))
    up = list(range(1, max(0, last - high) + 1))
    candidates = [s for pair in zip(down, up, strict=False) for s in pair] + down[len(up):] + up[len(down):]
    if not candidates:
        raise ValueError(f"no year shift keeps the years in {first}-{last}")
    return [candidates[n % len(candidates)] for n in range(copies - 1)]


def rename_text(text: str, renamer: Renamer, tag: str, shift: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group("y")) + shift), renamer(text, tag))


def rename_registry(data: dict, renamer: Renamer, tag: str, k: int) -> dict:
    def rename(value: str) -> str:
        return renamer(value, tag)

    entities = []
    for item in data["entities"]:
        item = {key: value for key, value in item.items() if key not in DROPPED_FIELDS}
        item["id"] = f"{item['id']}-c{k}"
        for field in NAME_FIELDS:
            if field in item:
                value = item[field]
                item[field] = rename(value) if isinstance(value, str) else [rename(v) for v in value]
        for field in ("located_in", "part_of"):
            if field in item:
                value = item[field]
                item[field] = [f"{v}-c{k}" for v in ([value] if isinstance(value, str) else value)]
        entities.append(item)
    return {"entities": entities}


def generate(source_manifest: Path, copies: int, out: Path, index: int = 0) -> GeneratedCorpus:
    """Write ``out/corpus.yaml`` listing ``copies`` documents made from the manifest's document
    number ``index`` (the first by default)."""
    corpus = load_corpus(source_manifest)
    source = corpus.documents[index]
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    text = source.path.read_text(encoding="utf-8")
    registry = yaml.safe_load(source.registry.read_text(encoding="utf-8"))
    renamer = Renamer(registry["entities"], text)
    shifts = year_shifts(text, copies)
    kind = source.path.suffix  # the copies keep the source's format (.txt, .md, .wiki, .html)
    shutil.copyfile(source.path, out / f"{source.id}{kind}")
    shutil.copyfile(source.registry, out / f"{source.id}.registry.yaml")
    copy_outlines(source.registry, out / f"{source.id}.registry.yaml")  # the polygons it names
    documents = [_entry(source, source.id, f"{source.id}{kind}", f"{source.id}.registry.yaml", source.title)]
    for k in range(1, copies):
        tag, doc_id = suffix(k), f"{source.id}-c{k}"
        (out / f"{doc_id}{kind}").write_text(rename_text(text, renamer, tag, shifts[k - 1]), encoding="utf-8")
        (out / f"{doc_id}.registry.yaml").write_text(
            yaml.safe_dump(rename_registry(registry, renamer, tag, k), allow_unicode=True, sort_keys=False),
            encoding="utf-8")
        documents.append(_entry(source, doc_id, f"{doc_id}{kind}", f"{doc_id}.registry.yaml",
                                f"{source.title} (synthetic copy {k}: names suffixed '{tag}', "
                                f"years shifted by {shifts[k - 1]:+d})"))
    manifest = out / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({
        "title": f"{corpus.title} (benchmark corpus, {copies} copies)",
        "description": "Synthetic benchmark corpus: renamed copies of one document (bench/corpus.py).",
        "version": corpus.version,
        "documents": documents,
    }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return GeneratedCorpus(manifest=manifest, copies=copies, name_words=len(renamer.words), year_shifts=shifts,
                           name_phrases=len(renamer.phrases))


def _entry(source, doc_id: str, path: str, registry: str, title: str) -> dict:
    return {"id": doc_id, "path": path, "title": title, "source": source.source_url,
            "license": source.license_url, "attribution": source.attribution, "registry": registry,
            "language": source.language}


def generate_mixed(sources: list[tuple[Path, int]], total: int, out: Path) -> Path:
    """A corpus of ``total`` documents made from several source documents (manifest, index) in turn,
    each copy with its own renamed registry: ``out/corpus.yaml``, each source's copies in a folder."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shares = [total // len(sources) + (1 if n < total % len(sources) else 0) for n in range(len(sources))]
    parts = []
    for number, ((manifest, index), copies) in enumerate(zip(sources, shares, strict=True)):
        if copies:
            generated = generate(manifest, copies, out / f"source-{number}", index)
            parts.append((f"source-{number}", yaml.safe_load(generated.manifest.read_text(encoding="utf-8"))))
    documents = []
    for round_number in range(max(len(p["documents"]) for _, p in parts)):  # interleaved: sources alternate
        for folder, part in parts:
            if round_number < len(part["documents"]):
                entry = dict(part["documents"][round_number])
                entry["path"] = f"{folder}/{entry['path']}"
                entry["registry"] = f"{folder}/{entry['registry']}"
                documents.append(entry)
    manifest = out / "corpus.yaml"
    manifest.write_text(yaml.safe_dump({
        "title": f"Benchmark corpus of {total} documents from {len(parts)} source articles",
        "description": "Synthetic benchmark corpus: renamed copies of several documents (bench/corpus.py).",
        "version": "0.0.1", "documents": documents}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return manifest
