"""The one interface the server reaches its store through, and the choice between its two kinds.

A store takes jobs and gives answers in the shape of conflict_kg.server.query_worker: a job is a dict (op,
text, base_iri, max_rows, results_format, rdf_format, optional default_graphs / named_graphs /
union); an answer is {ok, kind: boolean|solutions|graph, body, truncated, rows}. The default
graph of every query is the union of this server's named graphs, on both kinds.

- EmbeddedStore: the release loaded into an on-disk pyoxigraph store, queried by worker processes.
- RemoteStore (conflict_kg.server.remote_store): any SPARQL 1.1 engine over HTTP (`--store http://...`).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol


class Store(Protocol):
    description: str  # for logs: what the store is, never a credential

    def execute(self, job: dict, cheap: bool = False) -> dict: ...

    def release_tag(self) -> tuple[int, str] | None: ...

    def update(self, job: dict) -> dict: ...

    def graphs(self) -> list[str]: ...

    def close(self) -> None: ...


def is_remote(location: Any) -> bool:
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def open_store(settings: Mapping[str, Any]) -> Store:
    """The store the settings name: a remote engine for an http(s) URL, else the embedded one."""
    if is_remote(settings["store"]):
        from conflict_kg.server.remote_store import RemoteStore

        return RemoteStore.from_settings(settings)
    return EmbeddedStore(Path(settings["data_dir"]), settings["store"], settings["workers"],
                         settings["timeout"], settings["worker_memory"], settings["cheap_lane_limit"])


class EmbeddedStore:
    """The release in an on-disk pyoxigraph store (a temporary folder unless one is given)."""

    def __init__(self, data_dir: Path, store_dir: Path | None, workers: int, timeout: float,
                 memory_mb: int = 0, cheap_limit: float = 1.0):
        from conflict_kg.server.store import MARKER, prepare_store
        from conflict_kg.server.workers import QueryPool

        self.temporary = store_dir is None
        self.store_dir = Path(tempfile.mkdtemp(prefix="conflict-kg-store-")) if self.temporary \
            else Path(store_dir)
        self.description = f"embedded pyoxigraph store in {self.store_dir}"
        try:
            self._graphs = prepare_store(data_dir, self.store_dir)
            self.pool = QueryPool(self.store_dir, workers, timeout, memory_mb, cheap_limit)
        except BaseException:
            self._remove_temporary()
            raise
        # The release loaded (its kg.trig's digest) and this process's start: a kept store folder
        # may hold updates of an earlier run, so the digest alone does not name what is served.
        self._release = (self.store_dir / MARKER).read_text().strip()[:16] + "." + uuid.uuid4().hex[:8]
        self._updates = 0

    def execute(self, job: dict, cheap: bool = False) -> dict:
        return self.pool.execute(job, cheap)

    def release_tag(self) -> tuple[int, str]:
        return self._updates, self._release

    def update(self, job: dict) -> dict:
        try:
            answer = self.pool.update(job)
        finally:
            self._updates += 1  # even a failed update may have written part of its operations
        self._graphs = list(answer["graphs"])
        return answer

    def graphs(self) -> list[str]:
        return list(self._graphs)

    def close(self) -> None:
        self.pool.close()
        self._remove_temporary()

    def _remove_temporary(self) -> None:
        if self.temporary:
            shutil.rmtree(self.store_dir, ignore_errors=True)
