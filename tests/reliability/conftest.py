"""Fixtures of the reliability tests: the real server as a subprocess, with its process tree.

Long runs carry the marker ``soak``; they are deselected unless the environment sets KG_SOAK=1.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "server"))  # serverfixtures (never import conftest)
sys.path.insert(0, str(HERE.parent))  # project_paths

from reliabilityhelpers import release_copy_of  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: long load runs (minutes); run with KG_SOAK=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KG_SOAK") == "1":
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("soak") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def article_release(built_release, tmp_path_factory) -> Path:
    """A private copy of the article's release (the session build stays untouched)."""
    _, out = built_release
    return release_copy_of(out, tmp_path_factory.mktemp("article") / "release")


@pytest.fixture()
def scratch_release(article_release, tmp_path) -> Path:
    """A copy a test may break."""
    target = tmp_path / "release"
    shutil.copytree(article_release, target)
    return target
