"""The corpus manifest: which documents to build, with their metadata, licence and registry.

The manifest (``data/corpus.yaml``) is document-specific input like the text itself: titles, source
URLs and attribution live there, never in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from conflict_kg.formats import FORMATS
from conflict_kg.registry import SLUG
from conflict_kg.registry_file import replace_file


@dataclass(frozen=True)
class SourceDocument:
    id: str
    path: Path
    title: str
    source_url: str
    license_url: str
    attribution: str
    registry: Path
    language: str = "en"
    format: str | None = None  # text, markdown, wikitext or html; None: from the file's suffix


@dataclass(frozen=True)
class Corpus:
    title: str
    description: str
    version: str
    documents: tuple[SourceDocument, ...]
    manifest: Path


class CorpusError(ValueError):
    """The corpus manifest is malformed or names files that do not exist."""


def load_corpus(manifest: Path) -> Corpus:
    manifest = Path(manifest)
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{manifest}: cannot read the corpus manifest: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list) or not data["documents"]:
        raise CorpusError(f"{manifest}: expected a mapping with a non-empty list under 'documents'")
    base = manifest.parent
    documents = []
    for number, item in enumerate(data["documents"], start=1):
        missing = [k for k in ("id", "path", "title", "source", "license", "attribution", "registry")
                   if not isinstance(item, dict) or not item.get(k)]
        if missing:
            raise CorpusError(f"{manifest}: document #{number} lacks {', '.join(missing)}")
        if not SLUG.match(str(item["id"])):
            raise CorpusError(f"{manifest}: document #{number}: id {item['id']!r} is not a slug")
        for key in ("path", "registry"):
            if not (base / item[key]).is_file():
                raise CorpusError(f"{manifest}: document '{item['id']}': {key} {base / item[key]} does not exist")
        documents.append(SourceDocument(
            id=item["id"], path=base / item["path"], title=item["title"], source_url=item["source"],
            license_url=item["license"], attribution=item["attribution"], registry=base / item["registry"],
            language=item.get("language", "en"), format=item.get("format"),
        ))
    for document in documents:
        if document.format is not None and document.format not in FORMATS:
            raise CorpusError(f"{manifest}: document '{document.id}': format {document.format!r} is not one of "
                              f"{', '.join(FORMATS)}")
    if len({d.id for d in documents}) != len(documents):
        raise CorpusError(f"{manifest}: two documents share an id")
    return Corpus(
        title=data.get("title", "conflict-kg"),
        description=data.get("description", ""),
        version=str(data.get("version", "0.1.0")),
        documents=tuple(documents),
        manifest=manifest,
    )


def add_document(manifest: Path, entry: dict, title: str | None = None) -> None:
    """Append a document entry to a corpus manifest, creating the manifest if there is none.

    The entry's ``path`` and ``registry`` are written relative to the manifest's folder.
    """
    manifest = Path(manifest)
    data = {"title": title or "conflict-kg corpus", "description": "", "version": "0.1.0", "documents": []}
    if manifest.exists():
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not isinstance(data.get("documents", []), list):
            raise CorpusError(f"{manifest}: expected a mapping with a list under 'documents'")
        data.setdefault("documents", [])
    if any(isinstance(d, dict) and d.get("id") == entry["id"] for d in data["documents"]):
        raise CorpusError(f"{manifest}: a document with id '{entry['id']}' is already listed")
    data["documents"].append(entry)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    replace_file(manifest, yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110))
