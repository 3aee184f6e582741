"""Sample events whose trigger is one of this session's new trigger words; write two judging sheets."""
import random, re, shutil, sys
from pathlib import Path
from conflict_kg.audit import Audit, describe_fact, fact_iris, judging_sheet
from conflict_kg.inspect import open_store
release = Path(sys.argv[1]); seed = int(sys.argv[2]); out = Path(sys.argv[3])
NEW = re.compile(r"^(fight|fought|fighting|fights|battles?|firefights?|skirmish(es)?|clear(ed|ing|s)?|abandon(ed|ing|s)?|pullouts?|arriv(e|ed|es|ing)|besieg\w*|sieges?|encircl\w*|surround\w*)$", re.I)
store = open_store(release)
items = []
for iri in fact_iris(store, "events"):
    item = describe_fact(store, iri)
    words = [w.strip("'\" ") for w in item.properties.get("ckg:triggerText", [])]
    if any(NEW.match(w) for w in words):
        items.append(item)
print(len(items), "events with new triggers")
chosen = random.Random(seed).sample(items, 20)
for n, part in enumerate((chosen[:10], chosen[10:])):
    folder = out / f"new-{'ab'[n]}"
    folder.mkdir(parents=True, exist_ok=True)
    audit = Audit("events", seed, len(items), part)
    (folder / "sheet.yaml").write_text(judging_sheet(audit, release, f"pick.py {seed} (events whose trigger is new on 2026-12-06)"), encoding="utf-8")
    docs = {s.document for it in part for s in it.sentences}
    print(folder, sorted(docs))
