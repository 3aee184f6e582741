"""Round 39's draw: events whose trigger is a word made a trigger on 2026-12-06, two sheets of ten.

Usage: PYTHONPATH=<dir holding conflict_kg> python pick.py RELEASE SEED OUT_FOLDER
(the release was `kg build --corpus data/dev/corpus.yaml` at 9828efc; seed 1801).
"""

import random
import re
import sys
from pathlib import Path

from conflict_kg.audit import Audit, describe_fact, fact_iris, judging_sheet
from conflict_kg.inspect import open_store

NEW_TRIGGERS = re.compile(
    r"^(fight|fought|fighting|fights|battles?|firefights?|skirmish(es)?|clear(ed|ing|s)?|abandon(ed|ing|s)?"
    r"|pullouts?|arriv(e|ed|es|ing)|besieg\w*|sieges?|encircl\w*|surround\w*)$", re.IGNORECASE)


def main(release: Path, seed: int, out: Path) -> None:
    store = open_store(release)
    items = []
    for iri in fact_iris(store, "events"):
        item = describe_fact(store, iri)
        words = [word.strip("'\" ") for word in item.properties.get("ckg:triggerText", [])]
        if any(NEW_TRIGGERS.match(word) for word in words):
            items.append(item)
    print(len(items), "events with new triggers")
    chosen = random.Random(seed).sample(items, 20)
    for name, part in (("new-a", chosen[:10]), ("new-b", chosen[10:])):
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        sheet = judging_sheet(Audit("events", seed, len(items), part), release,
                              f"pick.py {seed} (events whose trigger is new on 2026-12-06)")
        (folder / "sheet.yaml").write_text(sheet, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
