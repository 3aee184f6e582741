"""Real SPARQL engines for the tests: Virtuoso open source and Oxigraph's own server.

Each engine runs as a child process on free loopback ports with all its files in a temporary folder,
and is stopped by its process id when the context manager exits. Import it like serverfixtures::

    sys.path.insert(0, str(Path(__file__).resolve().parent))   # tests/
    from engines import running_virtuoso, running_oxigraph, Engine

and use the module-scoped pytest fixtures ``virtuoso`` / ``oxigraph`` (import them into the test
module's namespace so pytest finds them), or the context managers directly.

Credentials. Oxigraph's server has no authentication: ``user``/``password`` are None and its
/update and /store are open (loopback only). Virtuoso is set up the way an operator should run it:
the public ``/sparql`` stays read-only (the SPARQL user is NOT granted SPARQL_UPDATE), and writes go
to ``/sparql-auth`` (SPARQL Update) and ``/sparql-graph-crud-auth`` (Graph Store Protocol, accepts
``?graph=IRI``) with HTTP *digest* authentication (Virtuoso refuses basic auth there) as ``dba``,
whose password the fixture sets to a random value through isql. ``Engine.auth()`` builds the
matching ``requests`` auth object; ``Engine.env()`` gives KG_STORE_USER / KG_STORE_PASSWORD for a
subprocess, the names the server and ``kg publish`` read.

Needs: ``/usr/bin/virtuoso-t`` and ``/usr/bin/isql-vt`` (Debian ``virtuoso-opensource-7-bin``,
installed by .ci/run; without them the Virtuoso tests skip, see external_tools.py) and the
``oxigraph`` CLI in the virtualenv (PyPI ``oxigraph``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from external_tools import require

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
READY_TIMEOUT = 60.0
LOG_TAIL = 3000  # characters of an engine's log quoted in a startup error


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Engine:
    """A running engine: where to query, update and load, how to authenticate, what to stop."""

    name: str                      # "virtuoso" or "oxigraph"
    base_url: str
    query_url: str                 # SPARQL 1.1 Protocol query endpoint
    update_url: str                # SPARQL 1.1 Update endpoint
    store_url: str                 # SPARQL 1.1 Graph Store Protocol endpoint (?graph=IRI)
    pid: int
    data_dir: Path
    log_path: Path
    user: str | None = None
    password: str | None = None
    auth_scheme: str | None = None  # "digest" for Virtuoso, None when the engine has no auth
    extra: dict = field(default_factory=dict)  # engine-specific: Virtuoso's isql_port

    def auth(self):
        if self.user is None:
            return None
        if self.auth_scheme == "digest":
            return requests.auth.HTTPDigestAuth(self.user, self.password)
        return requests.auth.HTTPBasicAuth(self.user, self.password)

    def env(self) -> dict[str, str]:
        """Environment variables carrying the credentials to a subprocess (never argv)."""
        if self.user is None:
            return {}
        return {"KG_STORE_USER": self.user, "KG_STORE_PASSWORD": self.password}

    def select(self, query: str, timeout: float = 30) -> list[dict]:
        """Run a SELECT on the public query endpoint; the JSON bindings."""
        response = requests.post(self.query_url, data={"query": query}, timeout=timeout,
                                 headers={"Accept": "application/sparql-results+json"})
        response.raise_for_status()
        return response.json()["results"]["bindings"]

    def update(self, update: str, timeout: float = 60) -> None:
        response = requests.post(self.update_url, data={"update": update}, auth=self.auth(),
                                 timeout=timeout)
        response.raise_for_status()

    def isql(self, sql: str, timeout: float = 60) -> str:
        """Virtuoso only: run SQL through isql as dba; the output (raises on an error)."""
        if self.name != "virtuoso":
            raise ValueError("isql is Virtuoso's")
        return _isql(self.extra["isql_port"], self.password, sql, timeout)

    def log(self) -> str:
        return _tail(self.log_path)


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-LOG_TAIL:]
    except FileNotFoundError:
        return "(no log written)"


def _isql(port: int, password: str, sql: str, timeout: float = 60) -> str:
    result = subprocess.run([ISQL, f"127.0.0.1:{port}", "dba", password, f"exec={sql}"],
                            capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    # isql exits 0 on SQL errors; it prints "*** Error" instead
    if result.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql failed on {sql!r}: {output.strip()[-LOG_TAIL:]}")
    return output


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    """Stop an engine by its process id: SIGTERM, then SIGKILL after the grace period."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def _wait_ready(process: subprocess.Popen, url: str, log_path: Path, what: str,
                timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} during startup; "
                               f"log {log_path}:\n{_tail(log_path)}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s; "
                               f"log {log_path}:\n{_tail(log_path)}")
        time.sleep(0.1)


VIRTUOSO_INI = """\
; Written by tests/engines.py: a small throw-away Virtuoso whose files all live in {dir}.
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort          = 127.0.0.1:{isql_port}
DisableUnixSocket   = 1
ServerThreads       = 10
CheckpointInterval  = 60
CaseMode            = 2
MaxStaticCursorRows = 5000
; the bulk loader (ld_dir) may read only from these folders
DirsAllowed         = ., {dir}
VADInstallDir       = {dir}/vad
; 8 KB pages: {buffers} buffers is ~{buffer_mb} MB, enough for test data and small on CI
NumberOfBuffers     = {buffers}
MaxDirtyBuffers     = {dirty}
MaxMemPoolSize      = 40000000
; read committed (Virtuoso's default); see docs/design.md, Publishing, on what readers see
DefaultIsolation    = 2

[HTTPServer]
ServerPort            = 127.0.0.1:{http_port}
ServerRoot            = {dir}
MaxClientConnections  = {http_threads}
ServerThreads         = {http_threads}
MaxKeepAlives         = 10
KeepAliveTimeout      = 10
EnabledDavVSP         = 0
HTTPProxyEnabled      = 0
Charset               = UTF-8
EnabledGzipContent    = 1

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
; high enough that no example query is silently truncated (Virtuoso's default cuts at 10000)
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = {max_seconds}
DeferInferenceRulesInit    = 0
"""


@contextmanager
def running_virtuoso(data_dir: Path | None = None, *, buffers: int = 10000,
                     http_threads: int = 10, max_seconds: int = 120,
                     ready_timeout: float = READY_TIMEOUT) -> Iterator[Engine]:
    """Virtuoso with a fresh database in ``data_dir`` (a new temporary folder by default, removed
    afterwards); ``dba``'s password is random; stopped by pid on exit. Skips the test when Virtuoso
    is not installed (external_tools.require)."""
    require("virtuoso")
    owned = data_dir is None
    folder = Path(tempfile.mkdtemp(prefix="virtuoso-")) if owned else Path(data_dir)
    process = None
    try:  # the folder goes whatever fails, the start itself included
        folder.mkdir(parents=True, exist_ok=True)
        isql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(
            dir=folder, isql_port=isql_port, http_port=http_port, buffers=buffers,
            dirty=buffers * 3 // 4, buffer_mb=buffers * 8 // 1024, http_threads=http_threads,
            max_seconds=max_seconds))
        log_path = folder / "virtuoso.log"
        with open(folder / "virtuoso.stdout", "wb") as stdout:
            process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(ini)], cwd=folder,
                                       stdin=subprocess.DEVNULL, stdout=stdout,
                                       stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{http_port}"
        _wait_ready(process, base + "/sparql?query=ASK%7B%7D", log_path, "virtuoso-t",
                    ready_timeout)
        password = secrets.token_hex(12)
        _isql(isql_port, "dba", f"USER_SET_PASSWORD ('dba', '{password}');")
        yield Engine(name="virtuoso", base_url=base, query_url=base + "/sparql",
                     update_url=base + "/sparql-auth", store_url=base + "/sparql-graph-crud-auth",
                     pid=process.pid, data_dir=folder, log_path=log_path, user="dba",
                     password=password, auth_scheme="digest",
                     extra={"isql_port": isql_port, "http_port": http_port})
    finally:
        if process is not None:
            stop(process)
        if owned:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_oxigraph(data_dir: Path | None = None, *, ready_timeout: float = READY_TIMEOUT,
                     timeout_s: int | None = None) -> Iterator[Engine]:
    """`oxigraph serve` (read-write) with its store in ``data_dir`` (a new temporary folder by
    default, removed afterwards); stopped by pid on exit. No authentication."""
    owned = data_dir is None
    folder = Path(tempfile.mkdtemp(prefix="oxigraph-")) if owned else Path(data_dir)
    process = None
    try:  # the folder goes whatever fails, the start itself included
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log_path = folder / "oxigraph.log"
        args = [OXIGRAPH, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"]
        if timeout_s is not None:
            args += ["--timeout-s", str(timeout_s)]
        with open(log_path, "wb") as log:
            process = subprocess.Popen(args, cwd=folder, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        _wait_ready(process, base + "/query?query=ASK%7B%7D", log_path, "oxigraph serve",
                    ready_timeout)
        yield Engine(name="oxigraph", base_url=base, query_url=base + "/query",
                     update_url=base + "/update", store_url=base + "/store", pid=process.pid,
                     data_dir=folder, log_path=log_path, extra={"http_port": port})
    finally:
        if process is not None:
            stop(process)
        if owned:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[Engine]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as engine:
        yield engine


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[Engine]:
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as engine:
        yield engine


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request, tmp_path_factory) -> Iterator[Engine]:
    """Each real engine in turn (module-scoped, one fresh instance per engine)."""
    starter = running_oxigraph if request.param == "oxigraph" else running_virtuoso
    with starter(tmp_path_factory.mktemp(request.param)) as running:
        yield running
