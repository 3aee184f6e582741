"""Faults: a query worker killed mid-query, a crashed server restarted on its on-disk store, a
build killed midway, a corrupt or truncated kg.trig, and a server that cannot boot."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
import requests
from reliabilityhelpers import Server, assert_clean_error, run_cli, server_env
from serverfixtures import REPO, TOKEN

from conflict_kg.release import ReleaseWriter, sha256_of

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = {"query": "ASK { ?s a ?t }"}
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def busiest(processes: list[psutil.Process], wait: float = 0.4) -> psutil.Process:
    before = {p.pid: sum(p.cpu_times()[:2]) for p in processes}
    time.sleep(wait)
    return max(processes, key=lambda p: sum(p.cpu_times()[:2]) - before[p.pid])


# --- a query worker killed ------------------------------------------------------------------

def test_worker_killed_mid_query_gives_a_clean_503_and_the_pool_recovers(article_release):
    with Server(article_release, "--workers", "2", "--timeout", "20") as server:
        workers = server.query_workers()
        assert len(workers) == 2
        outcome = {}

        def heavy():
            started = time.monotonic()
            outcome["response"] = requests.get(server.base + "/sparql", params={"query": CARTESIAN},
                                               timeout=30)
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=heavy)
        thread.start()
        time.sleep(0.5)
        victim = busiest(workers)
        os.kill(victim.pid, signal.SIGKILL)
        thread.join(timeout=30)
        assert not thread.is_alive(), "the request hung after its worker was killed"
        error = assert_clean_error(outcome["response"], statuses={503})
        assert "SIGKILL" in error["message"] and "fresh one" in error["message"]
        assert outcome["response"].headers.get("Retry-After")
        assert outcome["seconds"] < 10  # not the 20 s timeout: the death is noticed at once
        for _ in range(10):
            response = requests.get(server.base + "/sparql", params=ASK, timeout=10)
            assert response.status_code == 200 and response.json()["boolean"] is True
        replaced = server.query_workers()
        assert len(replaced) == 2 and victim.pid not in {p.pid for p in replaced}
        assert "Traceback" not in server.log_text()


def test_idle_workers_killed_the_next_queries_still_succeed(article_release):
    """A worker that died while idle is replaced and the query rerun: no error at all."""
    with Server(article_release, "--workers", "2") as server:
        for victim in server.query_workers():
            os.kill(victim.pid, signal.SIGKILL)
        time.sleep(0.3)
        for number in range(6):  # each text new: an answer from the result cache would run nothing
            response = requests.get(server.base + "/sparql", timeout=10,
                                    params={"query": f"ASK {{ ?s ?p ?o FILTER(?s != <urn:x:{number}>) }}"})
            assert response.status_code == 200, response.text
        assert len(server.query_workers()) == 2


# --- restart on an on-disk store --------------------------------------------------------------

def store_fingerprint(store_dir: Path) -> tuple[int, str]:
    """(quads, SHA-256 of the sorted N-Quads dump) of the store, opened read-only."""
    store = ox.Store.read_only(str(store_dir))
    try:
        lines = sorted(ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode().splitlines())
    finally:
        del store
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def http_count(base: str) -> int:
    response = requests.get(base + "/sparql", params={"query": COUNT_ALL}, timeout=30)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_restart_after_a_crash_keeps_the_on_disk_store_identical(article_release, tmp_path):
    store = tmp_path / "store"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    update = ('INSERT DATA { <urn:x:s> <urn:x:p> "Stepanakert / Xankəndi \\u2014 «ok»"@en , 7 . '
              "<urn:x:s> <urn:x:q> [ <urn:x:r> 1.5 ] }")
    with Server(article_release, "--store", str(store), token=TOKEN) as server:
        response = requests.post(server.base + "/sparql", data={"update": update}, headers=auth, timeout=20)
        assert response.status_code == 204, response.text
        before_count = http_count(server.base)
        before = store_fingerprint(store)
        server.crash()  # SIGKILL to the whole group: no orderly shutdown
    assert before[0] == before_count > 20_000  # the whole release (about 26,000 triples), not a part
    with Server(article_release, "--store", str(store)) as server:
        assert http_count(server.base) == before_count
    after = store_fingerprint(store)
    print(f"\nstore: {before[0]} quads, sorted N-Quads SHA-256 {before[1][:16]}... before the crash "
          f"and after the restart")
    assert after == before


# --- a build killed midway --------------------------------------------------------------------

def verify_checksums(release: Path) -> None:
    for line in (release / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert sha256_of(release / name) == digest, name


@pytest.mark.parametrize("during", ["extract", "serialise"])
def test_build_killed_midway_leaves_the_previous_release_served(article_release, tmp_path, during):
    """`kg build` is SIGKILLed during a step: while building units (just after it reported `plan`), or
    while writing its staging folder. `out` still points to the previous release, which verifies
    and is served; the half-written folder is never published."""
    out = tmp_path / "dist"
    writer = ReleaseWriter(out)  # the first good build, published the way a build publishes
    staging = writer.stage()
    for path in article_release.iterdir():
        (staging / path.name).write_bytes(path.read_bytes())
    previous = writer.publish(staging)
    log = tmp_path / "build.log"
    env = dict(server_env(), PYTHONUNBUFFERED="1")
    with log.open("w") as sink:
        build = subprocess.Popen([sys.executable, "-m", "conflict_kg.cli", "build", "--out", str(out)],
                                 cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while build.poll() is None and time.monotonic() < deadline:
            if during == "extract" and any(line.split()[:1] == ["plan"]
                                           for line in log.read_text().splitlines()):
                break
            if during == "serialise" and list(writer.releases.glob("*.partial")):
                break
            time.sleep(0.001)
        build.kill()
    finally:
        build.kill()
        build.wait(timeout=30)
    output = log.read_text()
    assert build.returncode == -signal.SIGKILL, output
    assert "published" not in output, output
    assert out.resolve() == previous
    verify_checksums(out)
    with Server(out) as server:
        assert http_count(server.base) > 20_000  # the whole previous release, not a part
    if during == "serialise":  # its half-written folder stays aside, unpublished
        assert [p.name for p in writer.releases.iterdir() if p.name.endswith(".partial")]


# --- a corrupt or truncated kg.trig -----------------------------------------------------------

def corrupt_truncated(trig: Path) -> int:
    data = trig.read_bytes()
    cut = data[: len(data) // 2]
    cut = cut[: cut.rfind(b"\n") + 1] + b"<https://w3id.org/conflict-kg/id/x> <https://w3id.org/con"
    trig.write_bytes(cut)
    return cut.count(b"\n") + 1


def corrupt_garbage_line(trig: Path) -> int:
    lines = trig.read_bytes().split(b"\n")
    lines[1000] = b"this is not RDF at all ;;; }"
    trig.write_bytes(b"\n".join(lines))
    return 1001


def corrupt_bad_utf8(trig: Path) -> int:
    lines = trig.read_bytes().split(b"\n")
    number = next(i for i, line in enumerate(lines) if b'"' in line and i > 500)
    lines[number] = lines[number].replace(b'"', b'"\xff\xfe', 1)
    trig.write_bytes(b"\n".join(lines))
    return number + 1


def corrupt_binary(trig: Path) -> int:
    trig.write_bytes(bytes(range(256)) * 64)
    return 1


@pytest.mark.parametrize("corrupt", [corrupt_truncated, corrupt_garbage_line, corrupt_bad_utf8,
                                     corrupt_binary])
def test_corrupt_release_kg_serve_refuses_naming_file_and_line(scratch_release, corrupt):
    trig = scratch_release / "kg.trig"
    line = corrupt(trig)
    started = time.monotonic()
    result = run_cli(["serve", "--data", str(scratch_release), "--port", "1"], timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert time.monotonic() - started < 30
    assert str(trig) in result.stderr and f"line {line}," in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


# --- a server that cannot boot exits promptly -------------------------------------------------

def test_app_that_cannot_be_imported_makes_kg_serve_exit_nonzero_promptly(article_release, tmp_path):
    """Once this hung: the forked worker crashed in its exit, gunicorn restarted it forever."""
    fake = tmp_path / "broken"
    fake.mkdir()
    (fake / "flask.py").write_text("raise ImportError('simulated: flask cannot be imported')\n")
    started = time.monotonic()
    result = run_cli(["serve", "--data", str(article_release), "--port", "0"], timeout=60,
                     pythonpath_first=str(fake))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert time.monotonic() - started < 30
    assert "simulated: flask cannot be imported" in output and "failed to boot" in output
    assert output.count("simulated: flask cannot be imported") <= 3  # booted once, not in a loop


def test_query_worker_that_cannot_start_makes_kg_serve_exit_nonzero(article_release, tmp_path):
    fake = tmp_path / "broken"
    fake.mkdir()
    # only the query worker processes (`python -m conflict_kg.server.query_worker FD STORE`) fail at start-up
    (fake / "sitecustomize.py").write_text(
        "import sys\nif len(sys.argv) > 2 and sys.argv[0] == '-m' and sys.argv[1].isdigit():\n"
        "    raise SystemExit('simulated: the query worker cannot start')\n")
    result = run_cli(["serve", "--data", str(article_release), "--port", "0"], timeout=90,
                     pythonpath_first=str(fake))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "a query worker failed to start" in output


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    data = tmp_path / "not-a-folder"
    data.write_text("x")
    result = run_cli(["serve", "--data", str(data), "--port", "0"], timeout=60)
    assert result.returncode == 2
    assert str(data) in result.stderr and "not a release folder" in result.stderr
    assert data.read_text() == "x"  # not moved aside for a build


@pytest.mark.parametrize("where", ["under-a-file", "is-a-file"])
def test_unusable_store_path_is_refused(article_release, tmp_path, where):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = blocker / "store" if where == "under-a-file" else blocker
    result = run_cli(["serve", "--data", str(article_release), "--store", str(store), "--port", "0"],
                     timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert f"cannot open the store {store}" in result.stderr
    assert "Traceback" not in result.stderr
