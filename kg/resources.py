"""The files the package ships beside its code, found through the package, never through a checkout.

In the repository they sit at the top level (ontology/, queries/, data/); pyproject maps each to a
sub-package of conflict_kg (conflict_kg.ontology, conflict_kg.queries, conflict_kg.data), so a wheel
installed anywhere and an editable install of a checkout find them the same way.
"""
from __future__ import annotations

import importlib
from pathlib import Path


class MissingResource(FileNotFoundError):
    """A file the package should ship is not there: a broken install, not a user error."""


def folder(package: str) -> Path:
    """The folder of one of the package's data sub-packages ("ontology", "queries", "data")."""
    try:
        module = importlib.import_module(f"conflict_kg.{package}")
    except ModuleNotFoundError as error:
        raise MissingResource(f"conflict_kg.{package} is not installed: reinstall conflict-kg") from error
    # Each data folder holds only an __init__.py (so an editable install's finder maps it like code).
    return Path(module.__file__).parent

