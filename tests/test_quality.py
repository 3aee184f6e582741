"""Quality checks as queries: every queries/quality/*-violation.rq returns no rows on the release."""

from pathlib import Path

import pyoxigraph as ox
import pytest

QUALITY = Path(__file__).resolve().parents[1] / "queries" / "quality"
CHECKS = sorted(QUALITY.glob("*-violation.rq"))


def test_there_are_quality_checks():
    assert len(CHECKS) >= 3


@pytest.fixture(scope="module")
def store(built_release):
    _, out = built_release
    store = ox.Store()
    store.bulk_load(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG)
    return store


@pytest.mark.parametrize("check", CHECKS, ids=[c.stem for c in CHECKS])
def test_no_violations(store, check):
    rows = list(store.query(check.read_text(encoding="utf-8"), use_default_graph_as_union=True))
    assert rows == [], f"{check.name}: {len(rows)} violation(s), first: {rows[:3]}"
