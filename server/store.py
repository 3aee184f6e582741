"""Put a release into the on-disk pyoxigraph store the query workers open read-only.

Loading happens once, in a child of the process that starts the server, before any worker opens
the store. The release graphs are replaced; other graphs (SPARQL updates) stay, so they survive a
restart when the store folder is kept. A marker file remembers which kg.trig was loaded last. The
release's kg.nq holds the same quads one per line, which Oxigraph's bulk loader reads faster than
TriG: it is read instead when SHA256SUMS vouches for both files.

Opening an on-disk store starts the storage engine's (RocksDB's) background threads, which stay
for the life of the process; at exit, a static destructor joins them. A process that forks after
opening one hands its child the record of those threads but not the threads, and that child then
crashes (SIGSEGV) in its exit joining them. So a process that forks workers (gunicorn's arbiter)
must not open the store: it calls ``prepare_store_in_child``, which loads it in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from conflict_kg.release import sha256_of
from conflict_kg.server.vocab import is_release_graph

MARKER = "conflict-kg-release.sha256"


class ReleaseLoadError(RuntimeError):
    """kg.trig could not be read; the message names the file and line."""


def ensure_release(data_dir: Path) -> Path:
    """The release's kg.trig, building the release first when there is none."""
    if Path(data_dir).exists() and not Path(data_dir).is_dir():
        raise ReleaseLoadError(f"{data_dir} is not a release folder (it is a file)")
    trig = Path(data_dir) / "kg.trig"
    if not trig.exists():
        from conflict_kg.build import build_release  # heavy (spaCy), only needed without a release

        build_release(Path(data_dir))
    return trig


def prepare_store(data_dir: Path, store_dir: Path) -> list[str]:
    """Load the release into ``store_dir``; return the named graphs the store now holds."""
    trig = ensure_release(data_dir)
    digest = sha256_of(trig)
    marker = Path(store_dir) / MARKER
    store = ox.Store(str(store_dir))
    try:
        if not (marker.exists() and marker.read_text().strip() == digest):
            # Every graph of the previous release goes, also facts graphs of documents since dropped;
            # then the file streams in through Oxigraph's bulk loader (never whole in memory).
            _remove_release_graphs(store)
            marker.unlink(missing_ok=True)  # a load that stops half-way is redone at the next start
            source = _built_quads(trig, digest)
            try:
                if source is not None:
                    # the build's own N-Quads, as SHA256SUMS lists them: checked already, so the
                    # loader skips checking every IRI again (the fastest load Oxigraph has)
                    store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS, lenient=True)
                else:
                    source = trig
                    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
            except SyntaxError as error:
                _remove_release_graphs(store)  # no half release left behind
                raise ReleaseLoadError(f"{source}: line {error.lineno}, column {error.offset}: "
                                       f"{error.msg}") from None
            store.flush()
            marker.write_text(digest + "\n")
        return sorted(graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode))
    finally:
        del store


def _built_quads(trig: Path, trig_digest: str) -> Path | None:
    """The release's kg.nq (the quads of kg.trig, one per line) when SHA256SUMS vouches for both files
    as they are: else None, and kg.trig is what is read (a release of an older build, or one
    edited by hand)."""
    quads, sums = trig.with_name("kg.nq"), trig.with_name("SHA256SUMS")
    if not (quads.is_file() and sums.is_file()):
        return None
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name.strip()] = digest.strip()
    if listed.get("kg.trig") != trig_digest or listed.get("kg.nq") != sha256_of(quads):
        return None
    return quads


def _remove_release_graphs(store: ox.Store) -> None:
    for graph in [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and is_release_graph(g.value)]:
        store.remove_graph(graph)


def prepare_store_in_child(data_dir: Path, store_dir: Path) -> list[str]:
    """``prepare_store`` run in a fresh Python process, so this one never opens the store.

    Raises what ``prepare_store`` raises for a bad release or an unusable store folder
    (ReleaseLoadError, OSError, with the same message); RuntimeError for anything else, whose
    traceback the child has printed to stderr.
    """
    read_end, write_end = os.pipe()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "conflict_kg.server.store", str(data_dir), str(store_dir), str(write_end)],
            pass_fds=[write_end], stdin=subprocess.DEVNULL)
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read()
    code = child.wait()
    answer = json.loads(message) if message else {}
    if code == 0 and "graphs" in answer:
        return answer["graphs"]
    if answer.get("error") == "release":
        raise ReleaseLoadError(answer["message"])
    if answer.get("error") == "os":
        raise OSError(answer["message"])
    raise RuntimeError(f"loading the release into the store failed (exit status {code})")


def _child_main(data_dir: str, store_dir: str, fd: int) -> int:
    try:
        answer, code = {"graphs": prepare_store(Path(data_dir), Path(store_dir))}, 0
    except ReleaseLoadError as error:
        answer, code = {"error": "release", "message": str(error)}, 2
    except OSError as error:
        answer, code = {"error": "os", "message": str(error)}, 2
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(json.dumps(answer).encode())
    return code


if __name__ == "__main__":  # python -m conflict_kg.server.store DATA_DIR STORE_DIR FD (see prepare_store_in_child)
    sys.exit(_child_main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
