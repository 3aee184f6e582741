"""Programs the tests need that pip cannot install: Virtuoso (real-engine tests) and Chromium with
its driver (browser tests).

On a machine without them those tests skip with one line saying what to install, so the README's
test command passes on a fresh clone. CI installs both (.ci/run) and sets KG_TEST_REQUIRE_TOOLS=1,
which turns every such skip into a failure: CI never skips them silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE = "KG_TEST_REQUIRE_TOOLS"

TOOLS = {
    "virtuoso": {
        "paths": [shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t",
                  shutil.which("isql-vt") or "/usr/bin/isql-vt"],
        "install": "apt-get install virtuoso-opensource-7-bin",
    },
    "chromium": {
        "paths": ["/usr/bin/chromium", "/usr/bin/chromedriver"],
        "install": "apt-get install chromium chromium-driver (or run .ci/install-browser as root)",
    },
}

def missing(tool: str) -> list[str]:
    return [path for path in TOOLS[tool]["paths"] if not Path(path).exists()]


def why_missing(tool: str) -> str:
    return f"{tool} is not installed ({', '.join(missing(tool))} not found): {TOOLS[tool]['install']}"


def require(tool: str) -> None:
    """Skip the calling test (or fail it when KG_TEST_REQUIRE_TOOLS=1) if ``tool`` is missing."""
    if not missing(tool):
        return
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{why_missing(tool)}; {REQUIRE}=1 forbids skipping", pytrace=False)
    pytest.skip(why_missing(tool))
