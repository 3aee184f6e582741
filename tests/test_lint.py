"""The code stays clean under the ruff rules chosen in pyproject.toml ([tool.ruff])."""

import shutil
import subprocess
import sys
from pathlib import Path

from project_paths import ROOT


def _ruff() -> str:
    beside = Path(sys.executable).parent / "ruff"  # the test extra installs it into this venv
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found, "ruff is not installed: pip install -e '.[test]'"
    return found


def test_ruff_finds_nothing():
    done = subprocess.run([_ruff(), "check", "--no-cache", "--output-format", "concise", "."], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"ruff check . found:\n{done.stdout}{done.stderr}"


def test_ruff_reads_the_project_configuration(tmp_path):
    """A file with an unsorted import and a loop variable captured late fails: the rules are on."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "bad.py").write_text("import sys\nimport os\n\nfns = [lambda: i for i in range(3)]\n"
                                     "print(os, sys, fns)\n")
    done = subprocess.run([_ruff(), "check", "--no-cache", "--output-format", "concise", "."], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "I001" in done.stdout and "B023" in done.stdout, done.stdout
