"""Strict event counts with a latest date (`ckg:latestDate`, scope "Completion") scored as a date:
it disagrees wherever the gold gives no date. The other reading of the README's table.

Run from the repository root: .venv/bin/python docs/evaluation/2026-12-05/latest_date_as_date.py
"""
from pathlib import Path

import conflict_kg.evaluate as evaluate

kept = evaluate._same_date


def latest_date_as_date(gold, value, scope=None):
    if scope == "Completion" and gold in (None, "") and value is not None:
        return False, "(none)", "by"
    return kept(gold, value, scope)


evaluate._same_date = latest_date_as_date
for manifest, gold_dir in (("data/corpus.yaml", evaluate.GOLD_FOLDER), ("data/dev/corpus.yaml", evaluate.GOLD_FOLDER / "dev")):
    report = evaluate.evaluate_corpus(Path(manifest), gold_dir=gold_dir)
    for document, scores in report.documents.items():
        events = scores["events"]
        print(f"{document:45} strict {events.strict:3}  P {events.strict_precision:.3f}")
