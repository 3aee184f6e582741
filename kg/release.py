"""Write a release atomically: every file lands in a fresh folder, then one rename publishes it.

``OUT`` (default ``dist/``) is a symbolic link to ``.OUT.releases/<stamp>/``. A build writes the
whole new folder first and then swaps the link with ``os.replace``, which is atomic: a reader (the
server) sees the previous release or the new one, never a mix, and a build that fails or is killed
leaves the link, and so the last good release, untouched. The two newest releases are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from conflict_kg.namespaces import PREFIXES

KEEP_RELEASES = 2
UNION_FORMATS = {"kg.ttl": ox.RdfFormat.TURTLE, "kg.nt": ox.RdfFormat.N_TRIPLES,
                 "kg.jsonld": ox.RdfFormat.JSON_LD}
PREFIXES_FOR_OXIGRAPH = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


class ReleaseError(RuntimeError):
    """The release could not be written; the previous one is still in place."""


@dataclass
class ReleaseWriter:
    out: Path

    def __post_init__(self):
        self.out = Path(self.out)
        self.releases = self.out.parent / f".{self.out.name}.releases"

    def stage(self) -> Path:
        """A new, empty folder to write the release into."""
        self.releases.mkdir(parents=True, exist_ok=True)
        now = time.time_ns()
        # Names sort in time order (pruning keeps the newest); the pid keeps parallel builds apart.
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{os.getpid()}"
        staging = self.releases / f"{stamp}.partial"
        staging.mkdir()
        return staging

    def publish(self, staging: Path) -> Path:
        """Make ``staging`` the current release in one atomic step."""
        final = staging.with_suffix("")
        staging.rename(final)
        if self.out.exists() and not self.out.is_symlink():
            self._retire_plain_folder()
        link = self.out.parent / f".{self.out.name}.link-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(final, self.out.parent))
        os.replace(link, self.out)
        self._prune(keep=final)
        return final

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def _retire_plain_folder(self) -> None:
        # A plain folder from elsewhere is moved aside once, so that the link can take its name.
        aside = self.releases / f"previous-{time.strftime('%Y%m%dT%H%M%S')}"
        self.out.rename(aside)

    def _prune(self, keep: Path) -> None:
        finished = sorted(p for p in self.releases.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
        for old in finished[:-KEEP_RELEASES]:
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)
        for partial in self.releases.glob("*.partial"):
            # Left by a build that was killed; a running build's folder is younger than a minute.
            if time.time() - partial.stat().st_mtime > 60:
                shutil.rmtree(partial, ignore_errors=True)


def to_oxigraph_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ReleaseError(f"cannot convert RDF term {term!r}")


def to_rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ReleaseError(f"cannot convert RDF term {term!r}")


def write_checksums(folder: Path) -> None:
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != "SHA256SUMS":
            lines.append(f"{sha256_of(path)}  {path.name}")
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
