"""Make docs/screenshots/sparql-error-undeclared-prefix.png: the web UI's error for a query with
an undeclared prefix, in headless Chromium.

    python docs/screenshots/take_sparql_error.py [--data dist] [--url http://127.0.0.1:8000]

Without --url it starts the server on the release in --data (default dist/; `kg build` makes
it) on a free loopback port and stops it afterwards. Needs Chromium and its driver
(`apt-get install chromium chromium-driver`) and selenium (the project's test extra).
tests/browser/test_ui.py checks the same page and saves the same view under test-artifacts/.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "sparql-error-undeclared-prefix.png"
QUERY = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?label WHERE {
  ?event a ckg:Capture ;
         foo:label ?label .
}"""


@contextlib.contextmanager
def serving(data: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, "-m", "conflict_kg.server.cli", "--data", str(data), "--host", "127.0.0.1",
                                "--port", str(port)], cwd=REPO, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urlopen(base + "/", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server on {data} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def screenshot(base: str, out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--window-size=1400,900", f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        try:
            driver.get(base + "/?" + urlencode({"query": QUERY}))
            WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
            driver.find_element(By.CSS_SELECTOR, "#editor .yasqe_queryButton").click()
            WebDriverWait(driver, 30).until(EC.visibility_of_element_located((By.ID, "query-error")))
            driver.save_screenshot(str(out))
        finally:
            driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "dist", help="release folder to serve")
    parser.add_argument("--url", help="a running server instead (e.g. http://127.0.0.1:8000)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.url:
        screenshot(args.url.rstrip("/"), args.out)
    else:
        with serving(args.data) as base:
            screenshot(base, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
