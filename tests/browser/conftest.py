"""Fixtures for the browser test: the real server on the real release, and headless Chromium.

The server runs as a subprocess on a free loopback port (as in tests/server/conftest.py) on the
release built from the article once per session (``built_release`` in tests/conftest.py).
Chromium and its driver come from Debian (`.ci/install-browser`); without them the tests skip, or
fail under KG_TEST_REQUIRE_TOOLS=1 as on CI (tests/external_tools.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

sys.path.insert(0, str(REPO))  # the `server` package, not the tests/server folder
sys.path.append(str(REPO / "tests" / "server"))
sys.path.append(str(REPO / "tests"))
from external_tools import require  # noqa: E402
from serverfixtures import running_server  # noqa: E402  (the same subprocess fixture as the server tests)


@pytest.fixture(scope="session")
def server(built_release):
    """Base URL of a real `serve` process on the built release; terminated afterwards."""
    _, release = built_release
    with running_server(release, "--timeout", "20", ready_timeout=90) as base:
        yield base


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def browser(tmp_path):
    """Headless Debian Chromium driven by Selenium through /usr/bin/chromedriver."""
    require("chromium")
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
