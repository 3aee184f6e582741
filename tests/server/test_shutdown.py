"""Stopping the real `kg serve` (gunicorn subprocess): it exits promptly with status 0, and its log
shows no signal but the one it was sent, no crash (SIGSEGV), no forced kill (SIGKILL), no traceback.

Once the gunicorn worker crashed (SIGSEGV) in its exit on almost every stop (the arbiter had
opened the store before forking it), and a SIGINT that landed while the worker was handing a
connection to its threads deadlocked it until the arbiter sent SIGKILL; see conflict_kg.server.store and
conflict_kg.server.gunicorn_worker.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from serverfixtures import RELEASE, REPO, free_port

from conflict_kg.server.gunicorn_worker import REQUEST_GRACE

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
QUERIES = ["ASK { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 20",
           "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
           "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"]


class Serve:
    """`kg serve` in its own process group, logging to a file."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = dict(os.environ, PYTHONPATH=str(REPO))
        for name in [n for n in env if n.startswith("KG_")]:
            env.pop(name)
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "conflict_kg.cli", "serve", "--data", str(RELEASE), "--host",
                 "127.0.0.1", "--port", str(self.port), "--workers", "2", "--timeout", "20"],
                cwd=REPO, env=env, start_new_session=True, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, f"server exited: {self.text()}"
            try:
                if requests.get(self.base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, f"server did not become ready: {self.text()}"
            time.sleep(0.05)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: signal.Signals, group: bool, within: float) -> float:
        """Send ``sig`` (to the whole group, as Ctrl-C in a terminal does, or to `kg serve` only);
        the seconds it took to exit. Fails if it took longer than ``within``."""
        started = time.monotonic()
        (os.killpg if group else os.kill)(self.process.pid, sig)
        try:
            code = self.process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            pytest.fail(f"kg serve still running {within:g} s after {sig.name}: {self.text()}")
        assert code == 0, f"exit status {code} after {sig.name}: {self.text()}"
        return time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def assert_clean_log(self, sig: signal.Signals) -> None:
        text = self.text()
        for word in ("SIGSEGV", "SIGKILL", "SIGABRT", "Traceback", "Fatal Python error"):
            assert word not in text, f"{word} in the log after {sig.name}:\n{text}"
        others = [s for s in re.findall(r"was sent (\w+)", text) if s != sig.name]
        assert not others, f"the log names signals other than {sig.name}:\n{text}"

    def assert_group_gone(self) -> None:
        """No process of the server is left (its query workers included)."""
        deadline = time.monotonic() + 3
        while True:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            assert time.monotonic() < deadline, "processes of the server outlived it"
            time.sleep(0.05)


def query(base: str, text: str) -> requests.Response:
    return requests.get(base + "/sparql", params={"query": text}, timeout=20)


@pytest.mark.parametrize("group", [False, True], ids=["to-kg-serve", "to-the-group"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_stop_after_queries_logs_no_signal_but_the_one_sent(tmp_path, sig, group):
    for round_ in range(2):
        server = Serve(tmp_path / f"serve-{round_}.log")
        try:
            for text in QUERIES:
                assert query(server.base, text).status_code == 200
            server.stop(sig, group, within=REQUEST_GRACE)  # nothing in flight: no grace used
            server.assert_clean_log(sig)
            server.assert_group_gone()
        finally:
            server.kill()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_stop_with_a_query_running_and_clients_connecting(tmp_path, sig):
    """A query still running is cut with a clean 503 (SIGINT at once, SIGTERM after the grace);
    clients opening and closing connections meanwhile (what once deadlocked the worker) too."""
    server = Serve(tmp_path / "serve.log")
    outcome, stop_clients = {}, threading.Event()

    def heavy():
        try:
            outcome["heavy"] = query(server.base, CARTESIAN)
        except requests.RequestException as error:
            outcome["heavy"] = error

    def client():
        while not stop_clients.is_set():
            try:
                query(server.base, "ASK { ?s ?p ?o }")
            except requests.RequestException:
                time.sleep(0.01)  # refused once the server stops listening

    threads = [threading.Thread(target=heavy)] + [threading.Thread(target=client) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(0.7)  # the heavy query is running now
        seconds = server.stop(sig, group=False, within=REQUEST_GRACE + 2.5)
        if sig == signal.SIGINT:
            assert seconds < 2.5
        server.assert_clean_log(sig)
        server.assert_group_gone()
    finally:
        stop_clients.set()
        for thread in threads:
            thread.join(timeout=25)
        server.kill()
    response = outcome["heavy"]
    assert isinstance(response, requests.Response), response
    assert response.status_code == 503, response.text[:300]
    assert "Traceback" not in response.text
