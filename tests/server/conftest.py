"""Fixtures of the server tests live in serverfixtures.py (importable by name, unlike conftest)."""

from serverfixtures import *  # noqa: F403  (pytest collects the fixtures from here)
