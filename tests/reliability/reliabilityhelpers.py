"""Helpers of the reliability tests: the real `kg serve` as a subprocess and its process tree.

Unlike serverfixtures.running_server this keeps the process handle (for psutil: memory of the
whole tree, the query workers' pids) and logs to a file, so a chatty server never blocks on a
full pipe while it is being fuzzed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests
from serverfixtures import REPO, free_port

QUERIES = REPO / "queries"


def release_copy_of(release: Path, target: Path) -> Path:
    shutil.copytree(Path(release).resolve(), target)
    return target


def query_mix() -> dict[str, str]:
    """The example and quality queries, without the federated ones (they need the network)."""
    mix = {}
    for path in sorted(QUERIES.rglob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if "# federated: true" not in text:
            mix[str(path.relative_to(QUERIES))] = text
    return mix


def kg_serve_command(data_dir: Path, port: int, *args: str) -> list[str]:
    return [sys.executable, "-m", "conflict_kg.cli", "serve", "--data", str(data_dir), "--host", "127.0.0.1",
            "--port", str(port), *args]


def server_env(token: str | None = None, pythonpath_first: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath_first, str(REPO)]))
    env.pop("KG_UPDATE_TOKEN", None)
    for name in list(env):
        if name.startswith("KG_") and name != "KG_SOAK":
            env.pop(name)
    if token:
        env["KG_UPDATE_TOKEN"] = token
    return env


class Server:
    """`kg serve` on a free loopback port; use as a context manager (always stopped afterwards)."""

    def __init__(self, data_dir: Path, *args: str, token: str | None = None, ready_timeout: float = 60):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="kg-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            kg_serve_command(data_dir, self.port, *args), cwd=REPO, env=server_env(token),
            start_new_session=True, stdout=self.log, stderr=subprocess.STDOUT)
        self.ready_timeout = ready_timeout

    def __enter__(self) -> Server:
        deadline = time.monotonic() + self.ready_timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}): {self.log_text()}")
            try:
                if requests.get(self.base + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not become ready: " + self.log_text())
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def tree(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def rss(self) -> int:
        total = 0
        for process in self.tree():
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    def query_workers(self) -> list[psutil.Process]:
        return [p for p in self.tree() if "conflict_kg.server.query_worker" in " ".join(p.cmdline())]

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log.close()

    def crash(self) -> None:
        """SIGKILL to every process of the server at once (a power cut, the OOM killer)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)
        time.sleep(0.3)  # the query workers go with the group; let the kernel reap them


def assert_clean_error(response, statuses=None) -> dict:
    """The server's JSON error shape, the status inside matching, no stack trace."""
    text = response.text
    assert "Traceback" not in text and 'File "' not in text, text[:500]
    if statuses is not None:
        assert response.status_code in statuses, (response.status_code, text[:300])
    body = json.loads(text)
    error = body["error"]
    assert error["status"] == response.status_code
    assert error["title"] and error["message"]
    return error


def run_cli(args: list[str], timeout: float, pythonpath_first: str | None = None,
            token: str | None = None) -> subprocess.CompletedProcess:
    """A kg command as a subprocess with a bounded wait: a hang fails the test (its whole process
    group is killed, gunicorn workers included), it never blocks CI."""
    command = [sys.executable, "-m", "conflict_kg.cli", *args]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=server_env(token, pythonpath_first), start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise AssertionError(f"`kg {' '.join(args)}` hung for {timeout:g} s: {stderr[-2000:]}") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
