"""Smoke test of bench/parse.py's bookkeeping (no build is run): the step table kg build prints is read,
and medians, ratios and the 3 s / 2 s verdicts come out of a round's records."""

from __future__ import annotations

from bench.parse import STEP_LINE, summarise

PRINTED = """building /x/data/corpus.yaml -> /tmp/out
read         0.060 s
parse        2.522 s
total        5.153 s (validate and serialise ran side by side)
  union         25813 triples
"""


def _record(total: float, wall: float, parse: float | None = None) -> dict:
    steps = {"read": 0.1, **({"parse": parse} if parse is not None else {})}
    return {"ok": True, "ran_tree": True, "build_total_s": total, "process_wall_s": wall, "peak_rss_mb": 100.0,
            "cpu_s": 1.0, "steps": steps, "union_triples": 1}


def test_step_lines_and_verdicts():
    steps = {m.group(1): float(m.group(2)) for line in PRINTED.splitlines() if (m := STEP_LINE.match(line))}
    assert steps == {"read": 0.06, "parse": 2.522, "total": 5.153}
    rounds = [{"old": _record(2.0, 2.5), "cold": _record(4.0, 5.0, 2.0), "cached": _record(1.5, 2.2, 0.01)}] * 3
    result = summarise(rounds)
    assert result["ratios"]["cold/old"]["build_total_s"] == 2.0
    verdicts = {t["target"]: t["met"] for t in result["targets"]}
    assert verdicts["cold build <= 3 s (the build's total)"] is False
    assert verdicts["cached build <= 2 s (the build's total)"] is True
    assert verdicts["cached build <= 2 s (whole kg build process, wall)"] is False
