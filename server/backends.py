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
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol


class Store(Protocol):
    description: str  # for logs: what the store is, never a credential

    def execute(self, job: dict) -> dict: ...

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
                         settings["timeout"], settings["worker_memory"])


class EmbeddedStore:
    """The release in an on-disk pyoxigraph store (a temporary folder unless one is given)."""

    def __init__(self, data_dir: Path, store_dir: Path | None, workers: int, timeout: float,
                 memory_mb: int = 0):
        from conflict_kg.server.store import prepare_store
        from conflict_kg.server.workers import QueryPool

        self.temporary = store_dir is None
        self.store_dir = Path(tempfile.mkdtemp(prefix="conflict-kg-store-")) if self.temporary \
            else Path(store_dir)
        self.description = f"embedded pyoxigraph store in {self.store_dir}"
        try:
            self._graphs = prepare_store(data_dir, self.store_dir)
            self.pool = QueryPool(self.store_dir, workers, timeout, memory_mb)
        except BaseException:
            self._remove_temporary()
            raise

    def execute(self, job: dict) -> dict:
        return self.pool.execute(job)

    def update(self, job: dict) -> dict:
        answer = self.pool.update(job)
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
