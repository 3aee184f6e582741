"""The distribution: the wheel built from this checkout, installed into a fresh venv in another
folder, is one import package (conflict_kg) that builds the bundled article and serves it, finding
its ontology, shapes, queries and article through the package, not through the checkout.

The fresh venv gets the wheel alone (pip --no-deps --no-index); its dependencies (spaCy, rdflib, ...)
come from this test run's venv through a .pth line, because tests have no network. A .pth line
adds a folder to sys.path without running the .pth files inside it, so the editable install of the
checkout that this venv holds is not seen there: the test checks where conflict_kg was imported from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest
import requests
from project_paths import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent / "server"))
from serverfixtures import free_port, stop_process_group

from conflict_kg.namespaces import CKG

SOURCE = ("pyproject.toml", "README.md", "kg", "server", "ontology", "queries", "data")

def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of what the distribution is made of: setuptools writes build/ into the source folder, and a
    # stale build/ in the checkout could leak old files into the wheel.
    source = tmp_path_factory.mktemp("source")
    for name in SOURCE:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(
            ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                             if (ROOT / name).is_dir() else {}))
    # --no-build-isolation: the build backend (setuptools, in the test extra) comes from this venv, offline.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(out), str(source)], cwd=out, env=dict(os.environ), timeout=300)
    [built] = out.glob("conflict_kg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    """A fresh venv in another folder with the wheel installed; (its bin folder, env, a work folder)."""
    home = tmp_path_factory.mktemp("elsewhere")
    venv = home / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=home, env=dict(os.environ))
    bin_dir = venv / "bin"
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
         cwd=home, env=dict(os.environ))
    # only after the install, so pip never sees (or touches) this venv's conflict-kg
    purelib = Path(_run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=home, env=dict(os.environ)).strip())
    (purelib / "zz-dependencies-from-the-test-venv.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH" and not key.startswith("KG_")}
    env["KG_CACHE_DIR"] = str(home / "cache")
    work = home / "work"
    work.mkdir()
    return bin_dir, env, work


def test_the_wheel_is_one_import_package_with_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"conflict_kg", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}
    for shipped in ("conflict_kg/ontology/ckg.ttl", "conflict_kg/ontology/shapes.ttl",
                    "conflict_kg/queries/timeline.rq", "conflict_kg/data/corpus.yaml",
                    "conflict_kg/data/registry.yaml", "conflict_kg/data/2023-azerbaijani-offensive-in-nagorno-karabakh.txt",
                    "conflict_kg/server/templates/base.html", "conflict_kg/server/static/ui.js",
                    "conflict_kg/extract/events.py"):
        assert shipped in names, f"{shipped} is not in the wheel"
    assert not any(name.startswith("conflict_kg/data/dev/") for name in names)  # development articles stay out
    assert not any("/tests/" in name for name in names)


def test_the_installed_wheel_imports_from_its_venv_not_the_checkout(installed):
    bin_dir, env, work = installed
    where = _run([str(bin_dir / "python"), "-c",
                  "import conflict_kg, conflict_kg.server, conflict_kg.build as b; "
                  "print(conflict_kg.__file__); print(conflict_kg.server.__file__); print(b.DEFAULT_CORPUS)"],
                 cwd=work, env=env).split()
    venv = bin_dir.parent
    for path in where:
        assert Path(path).is_relative_to(venv), f"{path} is not from the fresh venv"
    for name in ("kg", "server"):  # no top-level names that collide with anything else called so
        done = subprocess.run([str(bin_dir / "python"), "-c", f"import {name}"], cwd=work, env=env,
                              capture_output=True, text=True)
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr


def test_the_installed_kg_builds_and_serves_the_bundled_article(installed):
    bin_dir, env, work = installed
    kg = str(bin_dir / "kg")
    _run([kg, "build", "--out", "dist"], cwd=work, env=env, timeout=480)
    assert (work / "dist" / "kg.trig").is_file() and (work / "dist" / "SHA256SUMS").is_file()
    port = free_port()
    log = work / "serve.log"
    with open(log, "wb") as sink:
        server = subprocess.Popen([kg, "serve", "--data", "dist", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", "1"], cwd=work, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, f"kg serve exited: {log.read_text(errors='replace')}"
            try:
                if requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, f"kg serve not ready: {log.read_text(errors='replace')}"
            time.sleep(0.2)
        count = requests.get(base + "/sparql", headers={"Accept": "application/sparql-results+json"}, params={
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e a <{CKG.Event}> }}"}, timeout=30).json()
        assert int(count["results"]["bindings"][0]["n"]["value"]) > 0
        page = requests.get(base + "/", timeout=10)
        assert page.ok and "timeline" in page.text  # the example queries, read from the package
        assert requests.get(base + "/static/ui.js", timeout=10).ok
    finally:
        stop_process_group(server)
