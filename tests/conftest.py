"""Fixtures shared by the build tests: paths, and one full build of the article per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def built_release(tmp_path_factory):
    """The article built once into a temporary release folder: (BuildResult, release path)."""
    from conflict_kg.build import build_release

    out = tmp_path_factory.mktemp("release") / "dist"
    result = build_release(out)
    return result, out


@pytest.fixture
def single_threaded():
    """Wait for threads left by earlier tests (e.g. a stub server finishing a reply) to end.

    conflict_kg.background forks only from a single-threaded process; a test that needs the child must not
    fall back to running in the test process because some other test's thread is still winding down.
    A thread that outlives the wait is a leak, and the test fails naming it.
    """
    import threading
    import time

    deadline = time.monotonic() + 15
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    assert not others, f"threads still running from earlier tests: {others}"


def pytest_terminal_summary(terminalreporter):
    """Skips grouped by reason, one line each: a missing program (tests/external_tools.py) is one
    line saying how many tests it cost and what to install, not one line per test module."""
    from collections import Counter

    reasons = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count} skipped: {reason}", yellow=True)
