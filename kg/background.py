"""Run one step of the build in a forked child process while the parent goes on with another.

The build's last two steps, checking the shapes and writing the files, read the same finished
graphs and do not depend on each other; on a machine with two cores they can run at once. A forked
child sees the parent's graphs without copying or pickling them (pages are shared until written).

Where that cannot work the step runs in the parent, at the moment its result is asked for: no
``fork`` (Windows), other threads running (e.g. a build started inside a server), or too little
free memory (or room under a container's cgroup limit) for the pages the child may end up copying
(the child touches every triple, so up to a second copy of the parent's heap).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class BackgroundError(RuntimeError):
    """The step failed in the child process (its message and traceback are in this error)."""


class ChildDied(BackgroundError):
    """The child process ended without an answer (killed, e.g. by the kernel for memory)."""


class Background:
    """A call started at once in a child process, or deferred when no child can be used."""

    def __init__(self, function: Callable[..., Any], *args: Any, child: bool = True):
        self._function, self._args = function, args
        self._process = None
        self.in_child = child and room_for_a_child()
        self.seconds = 0.0  # how long the call itself took, wherever it ran
        self.child_private_bytes = 0  # memory the child did not share with the parent (copied pages)
        if self.in_child:
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_run_and_send, args=(sender, function, args), daemon=True)
            self._process.start()
            sender.close()  # the parent keeps only its reading end: a dead child then reads as EOF

    def result(self) -> Any:
        """The call's return value (ask once); BackgroundError if it raised, ChildDied if the child died."""
        if not self.in_child:
            started = time.perf_counter()
            try:
                return self._function(*self._args)
            except Exception as exc:  # the same error as from a child, so callers handle one kind
                raise BackgroundError(f"{type(exc).__name__}: {exc}") from exc
            finally:
                self.seconds = time.perf_counter() - started
        try:
            status, value, self.seconds, self.child_private_bytes = self._receiver.recv()
        except EOFError:
            status, value = "died", None
        finally:
            self._receiver.close()
            self._process.join()
        if status == "ok":
            return value
        if status == "died":
            raise ChildDied(f"the child process running {self._function.__name__} died "
                            f"(exit code {self._process.exitcode}; out of memory?)")
        raise BackgroundError(value)

    def cancel(self) -> None:
        """Stop the child if it is still running (the caller gave up on the result)."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()


def _run_and_send(sender, function, args) -> None:
    started = time.perf_counter()
    try:
        status, value = "ok", function(*args)
    except BaseException as exc:
        status, value = "error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    sender.send((status, value, time.perf_counter() - started, _private_bytes()))
    sender.close()


def _private_bytes() -> int:
    """This process's pages that no other process shares (Linux; 0 where that cannot be read)."""
    try:
        fields = dict(line.split(":", 1) for line in Path("/proc/self/smaps_rollup").read_text().splitlines()
                      if ":" in line)
        return sum(int(fields[key].split()[0]) * 1024 for key in ("Private_Clean", "Private_Dirty"))
    except (OSError, KeyError, ValueError):
        return 0


def room_for_a_child() -> bool:
    """True where fork exists, this process runs one thread, and free memory could hold a copy of it."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() > 1:  # a fork copies locks that other threads may be holding
        return False
    available, resident = available_bytes(), _resident_bytes()
    return available is not None and resident is not None and available > resident


def available_bytes(proc: Path = Path("/proc"), cgroup: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Memory this process may still use: the machine's MemAvailable, or less under a cgroup limit
    (a container's memory limit: the machine's free memory says nothing about it)."""
    try:
        machine = next(int(line.split()[1]) * 1024 for line in (proc / "meminfo").read_text().splitlines()
                       if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return None
    headroom = cgroup_headroom(proc, cgroup)
    return machine if headroom is None else min(machine, headroom)


def cgroup_headroom(proc: Path = Path("/proc"), cgroup: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Bytes left under this process's cgroup memory limit (v2 or v1); None without a limit."""
    try:
        lines = (proc / "self" / "cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        hierarchy, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if hierarchy == "0" and controllers == "":  # cgroup v2: one unified hierarchy
            folder = cgroup / path.lstrip("/")
            limit_file, usage_file = folder / "memory.max", folder / "memory.current"
        elif "memory" in controllers.split(","):  # cgroup v1: the memory controller's hierarchy
            folder = cgroup / "memory" / path.lstrip("/")
            limit_file, usage_file = folder / "memory.limit_in_bytes", folder / "memory.usage_in_bytes"
        else:
            continue
        try:
            limit, usage = limit_file.read_text().strip(), int(usage_file.read_text())
        except (OSError, ValueError):
            continue
        if limit != "max" and int(limit) < 1 << 60:  # v1 writes "no limit" as a huge number
            return int(limit) - usage
    return None


def _resident_bytes() -> int | None:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
