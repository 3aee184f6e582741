"""Fixtures for the server tests: Flask test clients, and real servers started as subprocesses."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RELEASE = HERE / "data" / "release"
TOKEN = "s3cret-test-token"

sys.path.insert(0, str(REPO))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(data_dir: Path, *args: str, token: str | None = None, ready_timeout: float = 60):
    """A real `serve` process on a free loopback port; always terminated afterwards."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("KG_UPDATE_TOKEN", None)
    if token:
        env["KG_UPDATE_TOKEN"] = token
    process = subprocess.Popen(
        [sys.executable, "-m", "conflict_kg.server.cli", "--data", str(data_dir), "--host", "127.0.0.1",
         "--port", str(port), *args], cwd=REPO, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stdout.read().decode()}")
            try:
                if requests.get(base + "/", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready")
            time.sleep(0.1)
        yield base
    finally:
        stop_process_group(process)
        process.stdout.close()


def stop_process_group(process: subprocess.Popen) -> None:
    """Terminate a server started with start_new_session=True and everything it forked."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def make_app(**config):
    from conflict_kg.server import create_app

    config.setdefault("data_dir", RELEASE)
    return create_app(config)


@pytest.fixture(scope="session")
def app():
    return make_app(timeout=10)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def token_app(tmp_path_factory):
    return make_app(update_token=TOKEN, store=tmp_path_factory.mktemp("store"), timeout=10)


@pytest.fixture()
def token_client(token_app):
    return token_app.test_client()


@pytest.fixture(scope="session")
def live_server():
    """The real server, read-only, with a 2 s query timeout, as if behind one reverse proxy: a
    test speaks as a client of its own with an X-Forwarded-For header (see as_client)."""
    with running_server(RELEASE, "--timeout", "2", "--workers", "2", "--proxy-hops", "1") as base:
        yield base


@pytest.fixture()
def release_copy(tmp_path) -> Path:
    target = tmp_path / "release"
    shutil.copytree(RELEASE, target)
    return target


class Listener:
    """A listening loopback socket that only counts the connections made to it (it never answers):
    proof that a refused SERVICE call was refused before any connection."""

    def __init__(self, family=socket.AF_INET, host="127.0.0.1"):
        self.sock = socket.socket(family)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]

    def accepted(self) -> int:
        count = 0
        while True:
            try:
                connection, _ = self.sock.accept()
                connection.close()
                count += 1
            except TimeoutError:
                return count


def as_client(address: str) -> dict[str, str]:
    """Headers that make a request to live_server come from another client."""
    return {"X-Forwarded-For": address}
