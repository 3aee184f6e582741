"""Where finished build units are kept, and the content address each is kept under.

A unit's key is a digest of everything its output depends on: the rules (every file of the
conflict_kg code, and the parser model's name and version), the ontology and shapes, the reasoner,
and the unit's own inputs: a registry's file; a document's text, its manifest entry and its
registry unit's key. Any change to one of them gives a new key, so a changed unit is built again
and an unchanged one is taken as it is. The document's key covers its whole registry file, not only
the entries it mentions: editing a shared registry rebuilds every document that uses it (the safe
side: which entries a document reaches is only known after extracting it).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from conflict_kg.corpus import SourceDocument
from conflict_kg.release import sha256_of

UNITS = "units"
KEY_FORMAT = 1  # bump when a unit folder's layout changes


@functools.cache
def rules_version() -> str:
    """A digest of the code that turns inputs into units (every file of the package's own folder)."""
    from conflict_kg.parse import MODEL_PACKAGE, MODEL_VERSION

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{KEY_FORMAT}|{MODEL_PACKAGE}|{MODEL_VERSION}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def context_key(ontology: Path, shapes: Path, reasoner: str, reason: bool) -> str:
    return _key("context", rules_version(), sha256_of(ontology), sha256_of(shapes), reasoner, reason)


def ontology_key(context: str) -> str:
    return _key("ontology", context)


def registry_key(context: str, registry: Path) -> str:
    from conflict_kg.registry import outlines_path

    outlines = outlines_path(registry)  # the polygons it names are part of its input
    return _key("registry", context, str(registry), sha256_of(registry),
                sha256_of(outlines) if outlines is not None and outlines.is_file() else None)


def document_key(context: str, source: SourceDocument, registry_unit: str) -> str:
    return _key("document", context, {k: str(v) for k, v in asdict(source).items()},
                sha256_of(source.path), registry_unit)


def release_key(unit_keys: list[str], corpus_manifest: Path) -> str:
    """A release's inputs: its units in order and its corpus manifest (SOURCE_DATE_EPOCH too,
    which sets the release's date)."""
    import os

    return _key("release", unit_keys, sha256_of(corpus_manifest), os.environ.get("SOURCE_DATE_EPOCH", ""))


def unit_folder(cache: Path, key: str) -> Path:
    return Path(cache) / UNITS / key[:2] / key


def is_finished(folder: Path) -> bool:
    from conflict_kg.units import UNIT_FILE

    return (folder / UNIT_FILE).is_file()
