"""Fixtures shared by the build tests: paths, and one full build of the article per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def built_release(tmp_path_factory):
    """The article built once into a temporary release folder: (BuildResult, release path)."""
    from kg.build import build_release

    out = tmp_path_factory.mktemp("release") / "dist"
    result = build_release(out)
    return result, out
