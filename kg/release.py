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
from rdflib import BNode, Graph, Literal, URIRef

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


def write_rdf_files(folder: Path, named_graphs: dict[str, Graph], graph_iri) -> dict[str, int]:
    """kg.trig with one named graph each, and the union as Turtle, N-Triples and JSON-LD.

    Writing is native (pyoxigraph). The union is merged and ordered as N-Triples lines (bytes,
    deduplicated and sorted in C) rather than as Python triple objects sorted by ``str``, whose cost
    grew faster than the corpus. (A pyoxigraph Store is not used: it would store
    xsd:nonNegativeInteger literals as xsd:integer.)
    """
    counts = {}
    quads = []
    for name, graph in named_graphs.items():
        graph_node = ox.NamedNode(str(graph_iri(name)))
        counts[name] = len(graph)
        quads.extend(ox.Quad(to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o), graph_node)
                     for s, p, o in graph)
    ox.serialize(quads, str(folder / "kg.trig"), ox.RdfFormat.TRIG, prefixes=PREFIXES_FOR_OXIGRAPH)
    n_triples = ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES)
    del quads
    lines = sorted(set(n_triples.splitlines()))  # the union: one line per distinct triple
    del n_triples
    union = b"\n".join(lines) + b"\n" if lines else b""
    (folder / "kg.nt").write_bytes(union)
    for filename, rdf_format in UNION_FORMATS.items():
        if rdf_format is not ox.RdfFormat.N_TRIPLES:
            ox.serialize(ox.parse(union, ox.RdfFormat.N_TRIPLES), str(folder / filename), rdf_format,
                         prefixes=PREFIXES_FOR_OXIGRAPH)
    counts["union"] = len(lines)
    return counts


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
