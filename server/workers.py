"""A pool of query worker processes, so a query that runs too long can really be stopped.

pyoxigraph cannot cancel a running query, so each query runs in a separate process. A request
thread borrows an idle worker, sends the job and waits up to the timeout; on timeout it kills
that worker, starts a fresh one and reports the timeout. Updates borrow every worker, so no
read-only handle is open while one worker writes.

Two lanes. With two workers or more, one is kept for queries predicted cheap
(conflict_kg.server.query_cost): a query predicted expensive runs only while fewer than
``size - 1`` of those are running, so a flood of expensive queries never holds every worker. A query in the cheap lane that
runs past ``cheap_limit`` seconds is stopped and run again in the general lane with the time its
timeout has left, so a wrong prediction costs that query ``cheap_limit`` seconds, never the lane.
"""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from conflict_kg.server.errors import ApiError
from conflict_kg.server.query_worker import decode_answer


class WorkerCrashed(RuntimeError):
    def __init__(self, message: str, started: bool = True):
        super().__init__(message)
        self.started = started  # False: the job never reached the worker (it was already gone)


BOOT_TIMEOUT = 60.0  # seconds a new query worker may take to answer its first message


class WorkerProcess:
    def __init__(self, store_path: str, memory_mb: int = 0):
        parent_end, child_end = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "conflict_kg.server.query_worker", str(child_end.fileno()), store_path,
             str(memory_mb)],
            pass_fds=[child_end.fileno()], stdin=subprocess.DEVNULL)
        child_end.close()
        self.connection = Connection(parent_end.detach())
        self.memory_mb = memory_mb
        # close() of the pool and a request thread whose worker it killed may both kill it: closing
        # the socket twice raced (EBADF, or worse, closing an fd number reused in between)
        self._kill_lock = threading.Lock()
        self.killed = False

    def run(self, job: dict, timeout: float) -> dict | None:
        """The answer, or None when the timeout passed first."""
        try:
            self.connection.send(job)
        except OSError as error:  # it died while idle: the job never started
            raise WorkerCrashed(f"{error} ({self.exit_description()})", started=False) from None
        try:
            if not self.connection.poll(timeout):
                return None
            return decode_answer(self.connection.recv_bytes())
        except (EOFError, OSError) as error:
            raise WorkerCrashed(f"{error or 'connection closed'} ({self.exit_description()})") from None

    def exit_description(self) -> str:
        try:
            code = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return "still running"
        if code == -signal.SIGABRT and self.memory_mb:
            # pyoxigraph aborts the process when an allocation fails, here at the memory cap
            return (f"killed by SIGABRT: most likely the query needed more than the "
                    f"{self.memory_mb} MB a query may use")
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    def check_boot(self, timeout: float) -> None:
        """Raise WorkerCrashed unless the worker answers a first message within ``timeout``."""
        answer = self.run({"op": "close"}, timeout)  # "close" on a fresh worker is a no-op
        if answer is None:
            raise WorkerCrashed(f"no answer within {timeout:g} s")

    def kill(self) -> None:
        """Stop the process and close its socket, once, whichever thread comes first."""
        with self._kill_lock:
            if self.killed:
                return
            self.killed = True
            self.process.kill()
            self.process.wait()
            self.connection.close()


class QueryPool:
    def __init__(self, store_path: Path, size: int, timeout: float, memory_mb: int = 0,
                 cheap_limit: float = 1.0):
        self.store_path, self.memory_mb = str(store_path), memory_mb
        self.size, self.timeout = max(1, size), timeout
        self.reserved = 1 if self.size >= 2 and cheap_limit > 0 else 0  # workers kept for cheap queries
        self.cheap_limit = cheap_limit
        self.general = threading.BoundedSemaphore(self.size - self.reserved)
        self.demoted = 0  # cheap-lane queries that overran and ran again in the general lane
        self.idle: queue.Queue[WorkerProcess] = queue.Queue()
        self.update_lock = threading.Lock()
        self.all: list[WorkerProcess] = []
        self.all_lock = threading.Lock()
        self.closed = False  # set by close: no more jobs, no more query workers started
        started = [self._spawn() for _ in range(self.size)]
        try:  # fail now (the server refuses to start) rather than answer every query with 503
            for worker in started:
                worker.check_boot(BOOT_TIMEOUT)
        except WorkerCrashed as error:
            self.close()
            raise RuntimeError(f"a query worker failed to start: {error}") from None
        for worker in started:
            self.idle.put(worker)

    def _spawn(self) -> WorkerProcess:
        with self.all_lock:
            if self.closed:  # the server is stopping: a request still running gets a clean 503
                raise _shutting_down()
            worker = WorkerProcess(self.store_path, self.memory_mb)
            self.all.append(worker)
        return worker

    def _replace(self, worker: WorkerProcess) -> WorkerProcess:
        worker.kill()
        with self.all_lock:
            if worker in self.all:  # not after close
                self.all.remove(worker)
        return self._spawn()

    def _borrow(self, deadline: float) -> WorkerProcess:
        if self.closed:
            raise _shutting_down()
        try:
            return self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise _all_busy(self.timeout) from None

    def _run_on(self, worker: WorkerProcess, job: dict, deadline: float,
                retry: bool = True, cheap: bool = False) -> tuple[WorkerProcess, dict]:
        """Run a job; returns the worker to give back (a fresh one if this one was killed)."""
        try:
            answer = worker.run(job, max(0.0, deadline - time.monotonic()))
        except WorkerCrashed as crash:
            worker = self._replace(worker)
            if retry and not crash.started:  # it had died while idle: run the job on a fresh one
                return self._run_on(worker, job, deadline, retry=False, cheap=cheap)
            # 503, not 500: the pool is whole again and a retry is served. A query that crashes
            # its worker every time (nested too deeply for the worker's stack) gets this too.
            raise _Failed(worker, ApiError(
                503, "Query worker failed", f"The query worker stopped while running this request "
                f"({crash}); a fresh one was started. Try again; if this query fails again, it "
                "needs too much memory or is nested or chained too deeply.", {"Retry-After": "1"})) from crash
        if answer is None:
            worker = self._replace(worker)
            if cheap:
                raise _Failed(worker, None)  # overran the cheap lane: the caller runs it again
            what = "update" if job["op"] == "update" else "query"
            raise _Failed(worker, ApiError(
                503, "Query timeout", f"The {what} ran longer than {self.timeout:g} s and was "
                "stopped; narrow it down (LIMIT, more specific patterns) and try again.",
                {"Retry-After": "1"}))
        return worker, answer

    def execute(self, job: dict, cheap: bool = False) -> dict:
        """Run a query; ``cheap``: in the cheap lane (see the module's docstring)."""
        deadline = time.monotonic() + self.timeout
        if cheap and self.reserved:
            try:
                return self._execute(job, deadline, self.cheap_limit)
            except _Overran:
                self.demoted += 1
        if not self.general.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _all_busy(self.timeout)
        try:
            return self._execute(job, deadline)
        finally:
            self.general.release()

    def _execute(self, job: dict, deadline: float, cheap_limit: float | None = None) -> dict:
        worker = self._borrow(deadline)
        try:
            started = time.monotonic()
            run_until = deadline if cheap_limit is None else min(deadline, started + cheap_limit)
            worker, answer = self._run_on(worker, job, run_until, cheap=run_until < deadline)
            answer["seconds"] = time.monotonic() - started  # the run alone, not the wait for a worker
            if answer.get("retire"):
                worker = self._replace(worker)
        except _Failed as failed:
            worker = failed.worker
            if failed.error is None:
                raise _Overran() from None
            raise failed.error from None
        finally:
            self.idle.put(worker)
        return _checked(answer)

    def update(self, job: dict) -> dict:
        """Run an update with every worker borrowed, so only the writer has the store open."""
        deadline = time.monotonic() + self.timeout
        with self.update_lock:
            borrowed = []
            try:
                while len(borrowed) < self.size:
                    borrowed.append(self._borrow(deadline))
                for i in range(1, len(borrowed)):
                    try:
                        borrowed[i].run({"op": "close"}, max(0.1, deadline - time.monotonic()))
                    except WorkerCrashed:  # a dead worker holds no handle; give back a fresh one
                        borrowed[i] = self._replace(borrowed[i])
                try:
                    borrowed[0], answer = self._run_on(borrowed[0], job, deadline)
                    if answer.get("retire"):
                        borrowed[0] = self._replace(borrowed[0])
                except _Failed as failed:
                    borrowed[0] = failed.worker
                    raise failed.error from None
            finally:
                for worker in borrowed:
                    self.idle.put(worker)
        return _checked(answer)

    def close(self) -> None:
        """Stop for good: kill the query workers (a request waiting on one gets its answer: 503)."""
        with self.all_lock:
            self.closed = True
            for worker in self.all:
                worker.kill()
            self.all.clear()


class _Failed(Exception):
    def __init__(self, worker: WorkerProcess, error: ApiError | None):
        self.worker, self.error = worker, error  # error None: a cheap-lane query overran


class _Overran(Exception):
    """A query in the cheap lane ran past its limit and was stopped."""


def _all_busy(timeout: float) -> ApiError:
    return ApiError(503, "Service Unavailable", f"Every query worker stayed busy for {timeout:g} s; "
                    "try again later.", {"Retry-After": "5"})


def _shutting_down() -> ApiError:
    return ApiError(503, "Service Unavailable", "The server is shutting down; try again later.",
                    {"Retry-After": "5"})


def _checked(answer: dict) -> dict:
    if not answer["ok"]:
        raise ApiError(answer["status"], answer["title"], answer["message"])
    return answer
