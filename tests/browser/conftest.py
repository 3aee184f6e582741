"""Fixtures for the browser test: the real server on the real release, and headless Chromium.

The server runs as a subprocess on a free loopback port (as in tests/server/conftest.py) on the
release built from the article once per session (``built_release`` in tests/conftest.py).
Chromium and its driver come from Debian (`.ci/install-browser`); without them the test fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

sys.path.insert(0, str(REPO))  # the `server` package, not the tests/server folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(built_release, tmp_path_factory):
    """Base URL of a real `serve` process on the built release; terminated afterwards."""
    _, release = built_release
    port = free_port()
    log = (tmp_path_factory.mktemp("browser-server") / "server.log").open("wb")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("KG_UPDATE_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "--data", str(release), "--host", "127.0.0.1",
         "--port", str(port), "--timeout", "20"], cwd=REPO, env=env, start_new_session=True,
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {Path(log.name).read_text()}")
            try:
                if requests.get(base + "/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready")
            time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def browser(tmp_path):
    """Headless Debian Chromium driven by Selenium through /usr/bin/chromedriver."""
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), (
        "Chromium is missing: run .ci/install-browser (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1500,1100",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
