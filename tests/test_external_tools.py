"""Tests that need Virtuoso or Chromium skip with what to install, or fail when CI requires them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import external_tools


@pytest.fixture
def absent_tool(monkeypatch, tmp_path):
    monkeypatch.setitem(external_tools.TOOLS, "nothing", {
        "paths": [str(tmp_path / "no-such-program")], "install": "apt-get install nothing"})
    return "nothing"


def test_a_missing_tool_skips_with_what_to_install(absent_tool, monkeypatch):
    monkeypatch.delenv(external_tools.REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        external_tools.require(absent_tool)
    assert "nothing is not installed" in str(skipped.value)
    assert "apt-get install nothing" in str(skipped.value)


def test_ci_turns_the_skip_into_a_failure(absent_tool, monkeypatch):
    monkeypatch.setenv(external_tools.REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        external_tools.require(absent_tool)
    assert "apt-get install nothing" in str(failed.value) and external_tools.REQUIRE in str(failed.value)


def test_a_present_tool_lets_the_test_run(monkeypatch, tmp_path):
    program = tmp_path / "program"
    program.write_text("")
    monkeypatch.setitem(external_tools.TOOLS, "something", {"paths": [str(program)], "install": "-"})
    monkeypatch.setenv(external_tools.REQUIRE, "1")
    assert external_tools.require("something") is None
