"""How many queries one client may have running at once, and how many more may wait.

A public endpoint is shared: one client sending many expensive queries at once must not hold
every query worker. Each client (its address as the server sees it: set ``proxy_hops`` behind a
reverse proxy) may run ``running`` store queries at once; up to ``waiting`` more wait their turn
(a browser page fetching several things at once is served in order, not refused); past that the
request is refused with 429 and a Retry-After, as public endpoints throttle. Answers from the
result cache run nothing and are never counted.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from conflict_kg.server.errors import ApiError


class ClientGate:
    def __init__(self, running: int, waiting: int, retry_after: int = 2):
        self.running, self.waiting, self.retry_after = running, waiting, retry_after
        self._active: dict[str, int] = {}   # running now, per client
        self._queued: dict[str, int] = {}   # waiting now, per client
        self._changed = threading.Condition()
        self.refused = 0

    @property
    def enabled(self) -> bool:
        return self.running > 0

    @contextmanager
    def admitted(self, client: str | None, timeout: float):
        """Hold one of the client's running places for the block; 429 when it has too many."""
        if not self.enabled or client is None:
            yield
            return
        self._enter(client, timeout)
        try:
            yield
        finally:
            with self._changed:
                self._active[client] -= 1
                if not self._active[client]:
                    del self._active[client]
                self._changed.notify_all()

    def _enter(self, client: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            if self._active.get(client, 0) < self.running:
                self._active[client] = self._active.get(client, 0) + 1
                return
            if self._queued.get(client, 0) >= self.waiting:
                self.refused += 1
                raise self._too_many()
            self._queued[client] = self._queued.get(client, 0) + 1
            try:
                while self._active.get(client, 0) >= self.running:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        self.refused += 1
                        raise self._too_many()
                    self._changed.wait(left)
                self._active[client] = self._active.get(client, 0) + 1
            finally:
                self._queued[client] -= 1
                if not self._queued[client]:
                    del self._queued[client]

    def _too_many(self) -> ApiError:
        return ApiError(429, "Too Many Requests", f"This client already has {self.running} "
                        f"quer{'y' if self.running == 1 else 'ies'} running and {self.waiting} "
                        "waiting, as many as one client may; wait for an answer before sending "
                        "more.", {"Retry-After": str(self.retry_after)})
