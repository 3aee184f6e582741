"""A query worker killed by two threads at once (the pool's close and a request thread whose worker
it just killed) closes its socket once: a second close raced into EBADF, a 500 in the CI log."""

from __future__ import annotations

import threading
import time

from conflict_kg.server.workers import WorkerProcess


class _SlowProcess:
    """Stands in for the child process: wait() takes long enough for a second killer to arrive."""

    def kill(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> int:
        time.sleep(0.2)
        return -9


class _CountingConnection:
    def __init__(self):
        self.closes = 0

    def close(self) -> None:
        self.closes += 1
        if self.closes > 1:
            raise OSError(9, "Bad file descriptor")


def test_two_threads_killing_one_worker_close_its_socket_once():
    worker = WorkerProcess.__new__(WorkerProcess)  # no child process: only kill() is under test
    worker.process, worker.connection, worker.memory_mb = _SlowProcess(), _CountingConnection(), 0
    worker._kill_lock, worker.killed = threading.Lock(), False
    errors: list[BaseException] = []

    def kill() -> None:
        try:
            worker.kill()
        except BaseException as error:  # the test reports what the thread raised
            errors.append(error)

    threads = [threading.Thread(target=kill) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert errors == []
    assert worker.connection.closes == 1
    assert worker.killed
