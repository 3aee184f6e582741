"""Build and load at corpus scale: 1x, 10x, 100x, 1,000x documents, clean, unchanged and incremental.

The corpus at each scale is made of renamed copies of five source articles in turn (the project's
article and the four development articles), each copy with its own renamed registry
(bench/corpus.py, generate_mixed). At each scale, in one run:
- clean build (an empty unit cache and an empty parse cache): wall clock, peak RSS of the build and its pool summed, the
  release's and the cache's size on disk;
- unchanged rebuild (the same cache, nothing changed);
- incremental rebuild after one document's text changed (a sentence appended);
- the release loaded into an embedded store (what `kg serve` does at start-up), in a process of its
  own: wall clock and peak RSS.
``python -m bench.scale --scales 1,10,100 [--jobs 2]`` prints a table and writes
bench/results/scale-<timestamp>.json (and scale-latest.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate_mixed
from bench.endpoint import TreeMemory

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT_ROOT / "bench" / "results"
SOURCES = [(PROJECT_ROOT / "data" / "corpus.yaml", 0)] + [
    (PROJECT_ROOT / "data" / "dev" / "corpus.yaml", i) for i in range(4)]
CHANGE = "\nOn 3 March 2024 the ceasefire was broken again.\n"


def disk_mb(path: Path) -> float:
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def timed_process(command: list[str], log: Path) -> dict:
    started = time.perf_counter()
    with open(log, "w") as sink:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=sink, stderr=subprocess.STDOUT)
        with TreeMemory(process.pid, interval=0.05) as tree:
            code = process.wait()
    return {"wall_s": time.perf_counter() - started, "peak_rss_mb": tree.peak / 2**20, "exit": code,
            "processes_seen": len(tree.pids)}


def build(manifest: Path, out: Path, cache: Path, jobs: int, work: Path, name: str) -> dict:
    record_path = work / f"{name}.json"
    command = [sys.executable, "-m", "bench.build_child", "--corpus", str(manifest), "--out", str(out),
               "--json", str(record_path), "--cache", str(cache), "--jobs", str(jobs)]
    outcome = timed_process(command, work / f"{name}.log")
    record = json.loads(record_path.read_text()) if record_path.exists() else {"ok": False}
    if not record.get("ok"):
        raise RuntimeError(f"{name} failed: {record.get('error') or (work / f'{name}.log').read_text()[-3000:]}")
    return {**outcome, "build_wall_s": record["build_wall_s"], "units_built": record["units_built"],
            "units_reused": record["units_reused"], "jobs": record["jobs"], "timings": record["timings"],
            "documents": record["documents"], "sentences": record["sentences"],
            "triples": record["counts"].get("union")}


def load(release: Path, work: Path, name: str) -> dict:
    store = work / f"{name}-store"
    shutil.rmtree(store, ignore_errors=True)
    code = ("import sys; from pathlib import Path; from conflict_kg.server.store import prepare_store; "
            "prepare_store(Path(sys.argv[1]), Path(sys.argv[2]))")
    outcome = timed_process([sys.executable, "-c", code, str(release), str(store)], work / f"{name}.log")
    outcome["store_mb"] = disk_mb(store)
    shutil.rmtree(store, ignore_errors=True)
    return outcome


def run_scale(copies: int, jobs: int, work: Path, say=print) -> dict:
    folder = work / f"{copies}x"
    # A parse cache of its own: every text of a clean build is parsed (cold), as on a new machine
    os.environ["KG_CACHE_DIR"] = str(folder / "parse-cache")
    manifest = generate_mixed(SOURCES, copies, folder / "corpus")
    out, cache = folder / "dist", folder / "cache"
    say(f"  {copies}x: corpus written; clean build ...")
    clean = build(manifest, out, cache, jobs, folder, "clean")
    record = {"copies": copies, "clean": clean, "release_mb": disk_mb(out), "cache_mb": disk_mb(cache)}
    say(f"    clean: {clean['build_wall_s']:.1f} s build ({clean['wall_s']:.1f} s process), "
        f"{clean['sentences']} sentences, {clean['triples']} triples, peak RSS {clean['peak_rss_mb']:.0f} MB "
        f"(all processes), release {record['release_mb']:.0f} MB, cache {record['cache_mb']:.0f} MB")
    record["unchanged"] = build(manifest, out, cache, jobs, folder, "unchanged")
    say(f"    unchanged: {record['unchanged']['wall_s']:.2f} s process "
        f"({record['unchanged']['units_built']} units built)")
    import yaml

    last = yaml.safe_load(manifest.read_text(encoding="utf-8"))["documents"][-1]
    changed = manifest.parent / last["path"]
    changed.write_text(changed.read_text(encoding="utf-8") + CHANGE, encoding="utf-8")
    record["incremental"] = build(manifest, out, cache, jobs, folder, "incremental")
    say(f"    one document changed: {record['incremental']['wall_s']:.2f} s process "
        f"({record['incremental']['units_built']} unit built)")
    record["load"] = load(out, folder, "load")
    say(f"    store load: {record['load']['wall_s']:.2f} s, peak RSS {record['load']['peak_rss_mb']:.0f} MB")
    record["per_document_s"] = clean["build_wall_s"] / copies
    shutil.rmtree(folder / "corpus", ignore_errors=True)
    return record


def render(results: dict) -> str:
    scales = results["scales"]
    base = scales[0]["per_document_s"] if scales else None
    lines = ["| documents | clean build | s/document (vs 1x) | peak RSS, all processes | release / cache on disk "
             "| unchanged rebuild | one document changed | store load (peak RSS) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in scales:
        lines.append(
            f"| {r['copies']} | {r['clean']['wall_s']:.1f} s | {r['per_document_s']:.2f} "
            f"({r['per_document_s'] / base:.2f}×) | {r['clean']['peak_rss_mb']:.0f} MB | "
            f"{r['release_mb']:.0f} / {r['cache_mb']:.0f} MB | {r['unchanged']['wall_s']:.2f} s | "
            f"{r['incremental']['wall_s']:.2f} s | {r['load']['wall_s']:.2f} s "
            f"({r['load']['peak_rss_mb']:.0f} MB) |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    started = dt.datetime.now()
    work = Path(tempfile.mkdtemp(prefix="conflict-kg-scale-"))
    results = {"started": started.isoformat(timespec="seconds"), "cpus": os.cpu_count(), "jobs": args.jobs,
               "sources": [f"{m.relative_to(PROJECT_ROOT)}#{i}" for m, i in SOURCES], "scales": []}
    try:
        for copies in [int(x) for x in args.scales.split(",") if x.strip()]:
            results["scales"].append(run_scale(copies, args.jobs, work))
            print(render(results), flush=True)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"scale-{started.strftime('%Y%m%dT%H%M%S')}.json"
        text = json.dumps(results, indent=1, default=str)
        path.write_text(text)
        (RESULTS / "scale-latest.json").write_text(text)
        print(f"wrote {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
