"""Put a release into the on-disk pyoxigraph store the query workers open read-only.

Loading happens once, in the process that starts the server, before any worker opens the store.
The release graphs are replaced; other graphs (SPARQL updates) stay, so they survive a restart
when the store folder is kept. A marker file remembers which kg.trig was loaded last.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from server.vocab import is_release_graph

MARKER = "conflict-kg-release.sha256"


class ReleaseLoadError(RuntimeError):
    """kg.trig could not be read; the message names the file and line."""


def ensure_release(data_dir: Path) -> Path:
    """The release's kg.trig, building the release first when there is none."""
    if Path(data_dir).exists() and not Path(data_dir).is_dir():
        raise ReleaseLoadError(f"{data_dir} is not a release folder (it is a file)")
    trig = Path(data_dir) / "kg.trig"
    if not trig.exists():
        from kg.build import build_release  # heavy (spaCy), only needed without a release

        build_release(Path(data_dir))
    return trig


def prepare_store(data_dir: Path, store_dir: Path) -> list[str]:
    """Load the release into ``store_dir``; return the named graphs the store now holds."""
    trig = ensure_release(data_dir)
    digest = hashlib.sha256(trig.read_bytes()).hexdigest()
    marker = Path(store_dir) / MARKER
    store = ox.Store(str(store_dir))
    try:
        if not (marker.exists() and marker.read_text().strip() == digest):
            release = _parse(trig)
            # Every graph of the previous release goes, also facts graphs of documents since dropped.
            stale = {g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and is_release_graph(g.value)}
            for graph in stale | set(release.named_graphs()):
                store.remove_graph(graph)
            store.bulk_extend(iter(release))
            store.flush()
            marker.write_text(digest + "\n")
        return sorted(graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode))
    finally:
        del store


def _parse(trig: Path) -> ox.Store:
    release = ox.Store()
    try:
        release.load(path=str(trig), format=ox.RdfFormat.TRIG)
    except SyntaxError as error:
        raise ReleaseLoadError(f"{trig}: line {error.lineno}, column {error.offset}: "
                               f"{error.msg}") from None
    return release
