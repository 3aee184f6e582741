"""``python -m bench``: build scaling, owlrl vs reasonable, endpoint load, memory. See bench/README.md."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT_ROOT / "bench" / "results"
DEFAULT_CORPUS = PROJECT_ROOT / "data" / "corpus.yaml"
PARTS = ("build", "reason", "endpoint", "caching", "virtuoso", "parse")
STEPS = ("plan", "units", "validate", "join", "serialise", "publish")
TARGET_BUILD_RATIO, TARGET_OXIGRAPH, TARGET_RDFLIB, TARGET_P99_MS = 1.2, 0.5, 10.0, 50.0


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--only", default="build,reason,endpoint",
                   help="comma-separated parts to run: build, reason, endpoint, caching, virtuoso, parse "
                        "(default: build,reason,endpoint; caching, virtuoso and parse only when named)")
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="source corpus manifest (its first document)")
    p.add_argument("--scales", default="1,10,30",
                   help="corpus sizes in copies of the article (default 1,10,30; 100 takes ~8 min and ~10 GB)")
    p.add_argument("--repeat-1x", type=int, default=5,
                   help="build the 1x corpus this many times each way (parallel/serial, alternating); "
                        "the median parallel run is the baseline (default 5)")
    p.add_argument("--reason-scale", type=int, default=1, help="copies for the owlrl/reasonable comparison")
    p.add_argument("--levels", default="1,4,16", help="concurrent clients (default 1,4,16)")
    p.add_argument("--duration", type=float, default=8.0, help="seconds of load per server and level")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up load per server")
    p.add_argument("--servers", default="kg,oxigraph,rdflib-endpoint")
    p.add_argument("--flood-seconds", type=float, default=60.0,
                   help="caching part: seconds the cheap client's ASKs are timed during the flood")
    p.add_argument("--kg-baseline", default=None, metavar="COMMIT",
                   help="caching part: also run kg serve of this commit (git archive), side by side")
    p.add_argument("--kg-workers", type=int, default=2, help="kg serve --workers (default: its default, 2)")
    p.add_argument("--kg-threads", type=int, default=8, help="kg serve --threads (default: its default, 8)")
    p.add_argument("--queries", default=str(PROJECT_ROOT / "queries"))
    p.add_argument("--check-timeout", type=float, default=10.0,
                   help="seconds a server may take for one query in the answer check (longer: left out of its mix)")
    p.add_argument("--profile", action=argparse.BooleanOptionalAction, default=None,
                   help="py-spy kg serve under load (default: only when it misses the p99 target)")
    p.add_argument("--profile-build", action="store_true",
                   help="also run pyinstrument over the largest build (a second build of that size)")
    p.add_argument("--engines-scale", type=int, default=None,
                   help="virtuoso part: corpus size in copies (default: the largest of --scales)")
    p.add_argument("--release", default=None,
                   help="virtuoso part: an already built release folder to use instead of building one")
    p.add_argument("--virtuoso-buffers", type=int, default=100_000,
                   help="virtuoso part: Virtuoso's NumberOfBuffers (8 KB pages; default 100000, ~780 MB)")
    p.add_argument("--publish-chunk", type=int, default=None,
                   help="virtuoso part: kg publish --chunk (triples per load request; default: kg publish's)")
    p.add_argument("--publish-timeout", type=float, default=1800.0,
                   help="virtuoso part: seconds kg publish may take before it is stopped (default 1800)")
    from bench.parse import add_arguments as parse_part_arguments

    parse_part_arguments(p.add_argument_group("parse part (old build vs cold/cached parse; bench/parse.py)"),
                         prefix="parse-")
    p.add_argument("--keep", action="store_true", help="keep generated corpora and releases (printed)")
    p.add_argument("--no-save", action="store_true", help="do not write bench/results/<timestamp>.json")
    return p.parse_args(argv)


def say(message: str) -> None:
    print(message, flush=True)


# ------------------------------------------------------------------------------------------ build


def run_build(corpus: Path, out: Path, json_path: Path, profile: Path | None = None, serial: bool = False) -> dict:
    command = [sys.executable, "-m", "bench.build_child", "--corpus", str(corpus), "--out", str(out),
               "--json", str(json_path)]
    if profile:
        command += ["--profile", str(profile)]
    if serial:
        command.append("--serial")
    from bench.endpoint import TreeMemory

    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT_ROOT)
    with TreeMemory(process.pid, interval=0.05) as tree:  # the build and its pool, summed
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    record = json.loads(json_path.read_text()) if json_path.exists() else {
        "ok": False, "error": f"build process exited {process.returncode} without a result (killed? out of memory?)"}
    record.update(process_wall_s=wall, peak_rss_mb=usage.ru_maxrss / 1024, peak_tree_rss_mb=tree.peak / 2**20,
                  cpu_s=usage.ru_utime + usage.ru_stime,
                  exit_code=process.returncode)
    return record


def _repeated_builds(manifest: Path, work: Path, pairs: int) -> dict:
    """The article built ``pairs`` times each way, alternating (parallel, serial), side by side.

    The 1x build takes two seconds and the machine is noisy: the median run is the baseline that
    the larger corpora are compared with, and the two ways of finishing a build are compared here.
    """
    runs: dict[str, list[dict]] = {"parallel": [], "serial": []}
    for number in range(pairs):
        for way in runs:
            runs[way].append(run_build(manifest, work / "release-1x" / "dist", work / f"build-1x-{way}-{number}.json",
                                       serial=way == "serial"))
    failed = [r for way in runs.values() for r in way if not r.get("ok")]
    if failed:
        return failed[0]
    walls = {way: sorted(r["build_wall_s"] for r in records) for way, records in runs.items()}
    median = {way: statistics.median_high(values) for way, values in walls.items()}  # a run's own figure
    record = next(r for r in runs["parallel"] if r["build_wall_s"] == median["parallel"])
    record["repeats"] = {"pairs": pairs, "wall_s": walls, "median_wall_s": median,
                         "serial_over_parallel": median["serial"] / median["parallel"],
                         "median_steps_s": {way: {step: statistics.median_high(r["timings"][step] for r in records)
                                                  for step in STEPS} for way, records in runs.items()}}
    say(f"  1x: {pairs} builds each way, median wall {median['parallel']:.2f} s with validate and serialise "
        f"side by side, {median['serial']:.2f} s one after the other")
    return record


def bench_build(args, work: Path) -> dict:
    from bench.corpus import generate

    scales = _ints(args.scales)
    out: dict = {"scales": {}}
    for copies in scales:
        folder = work / f"corpus-{copies}x"
        started = time.perf_counter()
        generated = generate(Path(args.corpus), copies, folder)
        gen_s = time.perf_counter() - started
        say(f"  {copies}x: corpus of {copies} documents generated in {gen_s:.1f} s; building ...")
        if copies == 1 and args.repeat_1x > 1:
            record = _repeated_builds(generated.manifest, work, args.repeat_1x)
        else:
            record = run_build(generated.manifest, work / f"release-{copies}x" / "dist", work / f"build-{copies}x.json")
        record.update(copies=copies, generate_s=gen_s, name_words_renamed=generated.name_words,
                      year_shifts=generated.year_shifts[:5] + (["..."] if len(generated.year_shifts) > 5 else []))
        if record.get("ok"):
            total = record["build_wall_s"]  # wall clock: validate and serialise may overlap
            record["total_s"] = total
            record["steps_sum_s"] = sum(record["timings"].values())
            record["s_per_sentence"] = total / record["sentences"]
            say(f"  {copies}x: {record['sentences']} sentences, {total:.1f} s, "
                f"{1000 * record['s_per_sentence']:.2f} ms/sentence, peak RSS {record['peak_rss_mb']:.0f} MB, "
                f"{record['counts'].get('union', 0)} triples")
        else:
            say(f"  {copies}x: BUILD FAILED: {record.get('error')}")
        out["scales"][str(copies)] = record
    base = out["scales"].get("1")
    if base and base.get("ok"):
        for record in out["scales"].values():
            if record.get("ok"):
                record["ratio_per_sentence_vs_1x"] = record["s_per_sentence"] / base["s_per_sentence"]
                record["step_ratio_per_sentence_vs_1x"] = {
                    step: (record["timings"][step] / record["sentences"])
                    / (base["timings"][step] / base["sentences"])
                    for step in STEPS if base["timings"].get(step, 0) > 0.005}
                facts = record.get("facts_per_document", {})
                record["facts_per_document_min_max"] = [min(facts.values()), max(facts.values())] if facts else None
    if args.profile_build:
        largest = max(scales)
        profile = RESULTS / "tmp" / f"build-{largest}x-pyinstrument.txt"
        profile.parent.mkdir(parents=True, exist_ok=True)
        say(f"  profiling the {largest}x build with pyinstrument ...")
        run_build(work / f"corpus-{largest}x" / "corpus.yaml", work / "release-profile" / "dist",
                  work / "build-profile.json", profile)
        out["profile"] = str(profile.relative_to(PROJECT_ROOT))
    return out


# ------------------------------------------------------------------------------------------ main


def main(argv=None) -> int:
    args = parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    sys.path.insert(0, str(PROJECT_ROOT))
    work = Path(tempfile.mkdtemp(prefix="conflict-kg-bench-"))
    started = dt.datetime.now()
    results: dict = {
        "started": started.isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "options": vars(args),
        "versions": _versions(),
    }
    try:
        if "build" in parts:
            say("== build")
            results["build"] = bench_build(args, work)
        if "reason" in parts:
            from bench.corpus import generate
            from bench.reasoning import run as run_reasoning

            say(f"== reasoning (owlrl vs reasonable, {args.reason_scale}x)")
            corpus = Path(args.corpus) if args.reason_scale == 1 else generate(
                Path(args.corpus), args.reason_scale, work / f"reason-corpus-{args.reason_scale}x").manifest
            results["reasoning"] = run_reasoning(corpus, say=say)
            results["reasoning"]["copies"] = args.reason_scale
        if "endpoint" in parts:
            from bench.endpoint import run as run_endpoint

            say("== endpoint")
            release = _release_1x(results, args, work)
            results["endpoint"] = run_endpoint(
                release, Path(args.queries), _ints(args.levels), args.duration, args.warmup,
                args.kg_workers, args.kg_threads, [s.strip() for s in args.servers.split(",") if s.strip()],
                args.profile, check_timeout=args.check_timeout, say=say)
        if "caching" in parts:
            from bench.caching import render as render_caching
            from bench.caching import run as run_caching
            from bench.caching import save as save_caching

            say("== caching and fairness (kg serve vs Oxigraph's server: distinct and Zipf mixes; flood)")
            results["caching"] = run_caching(
                _release_1x(results, args, work), Path(args.queries), _ints(args.levels), args.duration,
                args.warmup, args.flood_seconds, args.kg_workers, args.kg_threads, say=say,
                baseline=args.kg_baseline)
            say(render_caching(results["caching"]))
            if not args.no_save:
                path = save_caching(results["caching"], RESULTS, started.strftime("%Y%m%dT%H%M%S"))
                say(f"wrote {path.relative_to(PROJECT_ROOT)} (and caching-latest.json)")
        if "virtuoso" in parts:
            from bench.engines import run_part as run_engines

            say("== virtuoso (embedded store vs Virtuoso, side by side)")
            results["virtuoso"] = run_engines(args, results, work, run_build, say=say)
        if "parse" in parts:
            from bench.parse import machine, versions
            from bench.parse import run as run_parse

            say("== parse (old build vs the build with the parse: cold and cached)")
            results["parse"] = run_parse(args, work / "parse", say=say)
            results["parse"].update(started=results["started"], machine=machine(), versions=versions())
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    results["targets"] = targets(results)
    from bench.report import render

    say("")
    say(render(results))
    if "parse" in parts:
        from bench.parse import render as render_parse
        from bench.parse import save as save_parse

        results["parse"]["finished"] = results["finished"]
        say(render_parse(results["parse"]))
        if not args.no_save:
            say(f"\nwrote {save_parse(results['parse'], started).relative_to(PROJECT_ROOT)} (and parse-latest.json)")
    if not args.no_save and set(parts) - {"virtuoso", "parse", "caching"}:  # those parts write their own files
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{started.strftime('%Y%m%dT%H%M%S')}.json"
        path.write_text(json.dumps(results, indent=1, default=str))
        say(f"\nwrote {path.relative_to(PROJECT_ROOT)}")
    return 0


def _release_1x(results: dict, args, work: Path) -> Path:
    scale = results.get("build", {}).get("scales", {}).get("1")
    if scale and scale.get("ok"):
        return Path(scale["release"])
    say("  building the article's release for the endpoint ...")
    record = run_build(Path(args.corpus), work / "release-endpoint" / "dist", work / "build-endpoint.json")
    if not record.get("ok"):
        raise SystemExit(f"cannot build the release: {record.get('error')}")
    return Path(record["release"])


def targets(results: dict) -> list[dict]:
    rows = []
    build = results.get("build", {}).get("scales", {})
    ok = {int(k): v for k, v in build.items() if v.get("ok") and "ratio_per_sentence_vs_1x" in v}
    if ok and max(ok) > 1:
        largest = max(ok)
        ratio = ok[largest]["ratio_per_sentence_vs_1x"]
        rows.append({"target": f"build: per-sentence cost at 100x <= {TARGET_BUILD_RATIO}x of 1x",
                     "measured": f"{ratio:.2f}x at {largest}x" + ("" if largest >= 100 else
                                                                 " (100x not run: --scales 1,10,100)"),
                     # below 100x the target is not measured; a miss at a smaller size is still a miss
                     "met": ratio <= TARGET_BUILD_RATIO if largest >= 100 or ratio > TARGET_BUILD_RATIO
                     else None})
    failed = [k for k, v in build.items() if not v.get("ok")]
    if failed:
        rows.append({"target": "build: every corpus builds", "measured": f"failed at {', '.join(failed)}x",
                     "met": False})
    endpoint = results.get("endpoint")
    if endpoint:
        levels = [str(c) for c in endpoint["levels"]]
        for other, goal in (("oxigraph", TARGET_OXIGRAPH), ("rdflib-endpoint", TARGET_RDFLIB)):
            for mix in ("all", "common"):
                ratios = endpoint["ratios"].get(f"kg/{other} ({mix})")
                if ratios:
                    shown = ", ".join(f"c={c}: {ratios[c]:.2f}x" for c in levels if ratios[c] is not None)
                    rows.append({"target": f"endpoint: kg req/s >= {goal}x {other}, mix '{mix}'", "measured": shown,
                                 "met": all(r is not None and r >= goal for r in ratios.values())})
            if not any(k.startswith(f"kg/{other} ") for k in endpoint["ratios"]) and other in endpoint["servers"]:
                rows.append({"target": f"endpoint: kg req/s >= {goal}x {other}", "measured": "no common run",
                             "met": False})
        kg = endpoint["servers"].get("kg")
        if kg:
            top = kg["levels"][levels[-1]]  # mix 'all' when kg answered every query
            rows.append({"target": f"endpoint: kg p99 <= {TARGET_P99_MS:.0f} ms at {levels[-1]} clients",
                         "measured": f"{top['p99_ms']:.1f} ms", "met": top["p99_ms"] <= TARGET_P99_MS})
            errors = sum(r["non200"] + r["socket_errors"] for m in kg["mixes"].values() for r in m.values())
            rows.append({"target": "endpoint: kg answers every request 200", "measured": f"{errors} errors",
                         "met": errors == 0})
    return rows


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("rdflib", "owlrl", "reasonable", "pyshacl", "pyoxigraph", "oxigraph", "rdflib-endpoint",
                 "gunicorn", "flask", "uvicorn"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    try:
        out["wrk"] = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    except OSError:
        out["wrk"] = None
    return out


if __name__ == "__main__":
    sys.exit(main())
