"""Embedded store vs Virtuoso, side by side in one run: load time, query latency, memory, disk.

The same release goes (a) into the embedded on-disk pyoxigraph store by ``kg serve``'s start-up load
(``conflict_kg.server.store.prepare_store``, timed up to the "serving ..." line kg serve prints after it) and
(b) into a throw-away Virtuoso (``tests/engines.py``'s ``running_virtuoso``) by ``kg publish --to``.
Both are then served by ``kg serve`` (embedded default; ``--store <virtuoso /sparql>``) and, for
reference, Virtuoso's own ``/sparql`` is queried directly. Every query of the non-federated mix is
sent once to each (status, rows, seconds); the load mix is the queries both kg servers answered;
wrk then runs it at each level, the servers taking turns level by level (bench/endpoint.py's Lua
script, wrk runner and memory sampler). Memory: peak summed RSS of kg serve's process tree and of
virtuoso-t (sampled every 0.2 s while loading and while wrk runs); disk: bytes of each store's files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from bench.endpoint import (
    PROJECT_ROOT,
    Server,
    TreeMemory,
    _tool,
    check_answers,
    cpu_per_request,
    discover_queries,
    free_port,
    run_wrk,
    stop_server,
    tree_cpu,
    wait_ready,
    write_lua,
)

TESTS = PROJECT_ROOT / "tests"
SERVING_LINE = "serving "  # kg serve prints it once the store is loaded, before gunicorn starts
PUBLISH_SECONDS = re.compile(r"load ([\d.]+) s, switch ([\d.]+) s")
STARTUP_TIMEOUT = 1800  # seconds: the 100x load is minutes on a busy 2-core machine
READY_TIMEOUT = 60  # seconds from the end of the load to a first 200 answer
DRAIN_LIMIT = 180  # seconds to wait for requests wrk left in flight to finish before the next run


# Virtuoso aborts a transaction whose roll-forward log passes TransactionAfterImageLimit (default
# 50 MB: "SR325 ... log after image size went above the limit"); kg publish's switch MOVEs the whole
# release in one transaction, which at 100x (2.6 M triples) passes it. The tests' ini keeps the default.
AFTER_IMAGE_LIMIT = 2_000_000_000


@contextmanager
def running_virtuoso(**options):
    """tests/engines.py's Virtuoso (fresh database in a temporary folder, stopped by pid), with
    TransactionAfterImageLimit raised for this process's instance only."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    import engines  # tests/engines.py

    template = engines.VIRTUOSO_INI
    if "[Parameters]\n" not in template:
        raise RuntimeError("tests/engines.py's VIRTUOSO_INI has no [Parameters] section")
    engines.VIRTUOSO_INI = template.replace(
        "[Parameters]\n", f"[Parameters]\nTransactionAfterImageLimit = {AFTER_IMAGE_LIMIT}\n", 1)
    try:
        with engines.running_virtuoso(**options) as engine:
            engines.VIRTUOSO_INI = template  # the ini is written: put the tests' template back
            yield engine
    finally:
        engines.VIRTUOSO_INI = template


def disk_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
    return total / 2**20


def _env(extra: dict[str, str]) -> dict[str, str]:
    return dict(os.environ, **extra)


def start_kg(name: str, release: Path, workdir: Path, args: list[str], env: dict[str, str],
             kg_workers: int, kg_threads: int) -> tuple[Server, dict]:
    """kg serve with extra ``args``; seconds to the end of its store load and to its first answer,
    and the peak RSS of its process tree meanwhile."""
    workdir.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), workdir / f"{name}.log"
    command = [_tool("kg"), "serve", "--data", str(release), "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(kg_workers), "--threads", str(kg_threads), *args]
    started = time.perf_counter()
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   cwd=PROJECT_ROOT, start_new_session=True, env=_env(env))
    server = Server(name, "/sparql", process, port, workdir, log, "kg serve " + " ".join(args))
    loaded_s = None
    try:
        with TreeMemory(process.pid) as memory:
            while loaded_s is None:
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited ({process.returncode}): {log.read_text(errors='replace')[-1500:]}")
                if SERVING_LINE in log.read_text(errors="replace"):
                    loaded_s = time.perf_counter() - started
                elif time.perf_counter() - started > STARTUP_TIMEOUT:
                    raise RuntimeError(f"{name} did not load its store within {STARTUP_TIMEOUT} s")
                else:
                    time.sleep(0.1)
            wait_ready(server, READY_TIMEOUT, ask_timeout=30)
        ready_s = time.perf_counter() - started
    except Exception:
        stop_server(server)
        raise
    return server, {"load_s": loaded_s, "ready_s": ready_s, "startup_peak_rss_mb": memory.peak / 2**20,
                    "idle_rss_mb": TreeMemory(process.pid).sample() / 2**20}


def publish(release: Path, engine, workdir: Path, chunk: int | None = None, timeout: float = 1800) -> dict:
    """``kg publish --to`` into Virtuoso: wall seconds, its own load/switch split, peak RSS of both
    the publishing process and virtuoso-t, then a checkpoint so the database files hold the data."""
    command = [_tool("kg"), "publish", "--to", engine.query_url, "--data", str(release)]
    if chunk:
        command += ["--chunk", str(chunk)]
    log = workdir / "publish.log"
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with TreeMemory(engine.pid) as virtuoso_memory, open(log, "wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   cwd=PROJECT_ROOT, env=_env(engine.env()))
        status, usage = _wait_with_usage(process, started + timeout)
    wall = time.perf_counter() - started
    output = log.read_text(errors="replace")
    if status is None:
        raise RuntimeError(f"kg publish did not finish within {timeout:.0f} s (stopped; virtuoso-t used "
                           f"{_cpu_s(engine.pid):.0f} s of CPU in all): {output[-800:]}")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"kg publish failed: {output[-1500:]}")
    split = PUBLISH_SECONDS.search(output)
    checkpoint_started = time.perf_counter()
    engine.isql("checkpoint;", timeout=1800)
    return {"publish_s": wall, "load_s": float(split.group(1)) if split else None,
            "switch_s": float(split.group(2)) if split else None,
            "checkpoint_s": time.perf_counter() - checkpoint_started,
            "publish_process_peak_rss_mb": usage.ru_maxrss / 1024,
            "virtuoso_peak_rss_mb_during_publish": virtuoso_memory.peak / 2**20,
            "output_tail": output.strip().splitlines()[-1] if output.strip() else ""}


def _wait_with_usage(process: subprocess.Popen, deadline: float):
    """(wait status, resource usage) of the child, or (None, None) after killing it at the deadline."""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return status, usage
        if time.perf_counter() > deadline:
            process.kill()
            process.wait()
            return None, None
        time.sleep(0.2)


def _cpu_s(pid: int) -> float:
    return sum(seconds for _, seconds in tree_cpu(pid).values())


def virtuoso_disk_mb(engine) -> float:
    """Virtuoso's database, transaction log and temp database (its ini and logs left out)."""
    return sum(p.stat().st_size for p in Path(engine.data_dir).glob("virtuoso*.db")) / 2**20 + sum(
        p.stat().st_size for p in Path(engine.data_dir).glob("virtuoso*.trx")) / 2**20


def run(release: Path, queries_dir: Path, levels: list[int], duration: float, warmup: float,
        kg_workers: int, kg_threads: int, check_timeout: float = 30.0, buffers: int = 100_000,
        publish_chunk: int | None = None, publish_timeout: float = 1800, say=print) -> dict:
    release = Path(release)
    mix, federated = discover_queries(queries_dir)
    if not mix:
        raise RuntimeError(f"no queries in {queries_dir}")
    record: dict = {"release": str(release), "kg_trig_mb": (release / "kg.trig").stat().st_size / 2**20,
                    "queries": [q.name for q in mix], "federated_excluded": federated, "levels": levels,
                    "duration_s": duration, "warmup_s": warmup, "check_timeout_s": check_timeout,
                    "virtuoso_buffers": buffers, "virtuoso_after_image_limit": AFTER_IMAGE_LIMIT,
                    "publish_chunk": publish_chunk, "servers": {}}
    say(f"  release {release} (kg.trig {record['kg_trig_mb']:.0f} MB); mix: {len(mix)} queries")
    workroot = Path(tempfile.mkdtemp(prefix="conflict-kg-engines-"))
    running: dict[str, Server] = {}
    try:
        # (a) embedded: kg serve loads kg.trig into a fresh on-disk store at start-up
        store = workroot / "embedded-store"
        running["kg-embedded"], startup = start_kg("kg-embedded", release, workroot / "kg-embedded",
                                                   ["--store", str(store)], {}, kg_workers, kg_threads)
        embedded = record["servers"]["kg-embedded"] = {
            "description": running["kg-embedded"].description, **startup, "disk_mb": disk_mb(store)}
        say(f"  embedded: kg serve loaded the store in {startup['load_s']:.1f} s (answering after "
            f"{startup['ready_s']:.1f} s), peak RSS {startup['startup_peak_rss_mb']:.0f} MB, "
            f"store {embedded['disk_mb']:.0f} MB on disk")
        # (b) Virtuoso: kg publish --to, then kg serve --store <its /sparql>
        with running_virtuoso(data_dir=workroot / "virtuoso", buffers=buffers,
                              http_threads=max(10, max(levels) + 2), ready_timeout=300) as engine:
            loaded = publish(release, engine, workroot / "publish", publish_chunk, publish_timeout)
            record["virtuoso"] = {**loaded, "disk_mb": virtuoso_disk_mb(engine),
                                  "idle_rss_mb": TreeMemory(engine.pid).sample() / 2**20}
            say(f"  virtuoso: kg publish in {loaded['publish_s']:.1f} s (load {loaded['load_s']} s, switch "
                f"{loaded['switch_s']} s), checkpoint {loaded['checkpoint_s']:.1f} s; virtuoso-t peak RSS "
                f"{loaded['virtuoso_peak_rss_mb_during_publish']:.0f} MB, database {record['virtuoso']['disk_mb']:.0f} MB")
            args = ["--store", engine.query_url, "--store-update", engine.update_url,
                    "--store-auth", engine.auth_scheme, "--store-timeout-param", "timeout"]
            try:
                running["kg-virtuoso"], startup = start_kg("kg-virtuoso", release, workroot / "kg-virtuoso", args,
                                                           engine.env(), kg_workers, kg_threads)
                record["servers"]["kg-virtuoso"] = {
                    "description": running["kg-virtuoso"].description + " (digest auth)", **startup}
            except RuntimeError as error:  # measured without it; the failure is part of the result
                record["servers"]["kg-virtuoso"] = {"error": str(error)}
                say(f"  kg-virtuoso FAILED: {error}")
            # Virtuoso's own endpoint, as the floor kg's remote store adds to
            direct = Server("virtuoso", "/sparql", SimpleNamespace(pid=engine.pid), engine.extra["http_port"],
                            workroot, engine.log_path, "virtuoso-t /sparql directly")
            record["servers"]["virtuoso"] = {"description": direct.description}
            _measure(record, mix, {**running, "virtuoso": direct}, engine.pid, levels, duration, warmup,
                     check_timeout, workroot, say)
            record["virtuoso"]["disk_mb_after_queries"] = virtuoso_disk_mb(engine)
    finally:
        for server in running.values():
            stop_server(server)
        shutil.rmtree(workroot, ignore_errors=True)
    return record


def _measure(record: dict, mix, servers: dict[str, Server], virtuoso_pid: int, levels: list[int],
             duration: float, warmup: float, check_timeout: float, workroot: Path, say) -> None:
    for name, server in servers.items():
        answers = check_answers(server, mix, check_timeout)
        record["servers"][name]["answers"] = answers
        bad = {q: a["status"] for q, a in answers.items() if a["status"] != 200}
        say(f"  {name}: answered {len(mix) - len(bad)}/{len(mix)}"
            + (f" (not: {', '.join(f'{q} {s}' for q, s in bad.items())})" if bad else "")
            + f"; slowest {max(a['seconds'] for a in answers.values()):.2f} s")
    record["row_differences"] = [
        {"query": q.name, **{n: record["servers"][n]["answers"][q.name]["rows"] for n in servers}}
        for q in mix if len({str(record["servers"][n]["answers"][q.name]["rows"]) for n in servers}) > 1]
    # the same work on both: the queries both kg servers answered, with the same number of rows
    kg_names = [n for n in servers if n.startswith("kg-")]  # both, or the one that started
    answers = [record["servers"][n]["answers"] for n in kg_names]
    load_mix = [q for q in mix if all(a[q.name]["status"] == 200 for a in answers)
                and len({a[q.name]["rows"] for a in answers}) == 1]
    record["load_mix"] = [q.name for q in load_mix]
    if not load_mix:
        raise RuntimeError("no query answered alike by the kg servers")
    names = [n for n in servers if n in kg_names or all(
        record["servers"][n]["answers"][q.name]["status"] == 200 for q in load_mix)]
    say(f"  load mix: {len(load_mix)} queries answered alike by {' and '.join(kg_names)}; "
        f"load on {', '.join(names)}")
    scripts = {n: write_lua(servers[n], load_mix, workroot / f"{n}.lua") for n in names}
    for name in names:
        if warmup > 0:
            run_wrk(servers[name], scripts[name], max(levels), warmup)
            drain(servers[name].process.pid)
    for connections in levels:
        for name in names:
            result = _wrk_with_virtuoso(servers[name], scripts[name], connections, duration,
                                        virtuoso_pid if name != "kg-embedded" else None)
            # a slow query wrk gave up on still runs: let it end before the next server's turn
            result["drain_s"] = drain(servers[name].process.pid)
            if name == "kg-virtuoso":
                result["drain_s"] += drain(virtuoso_pid)
            record["servers"][name].setdefault("levels", {})[str(connections)] = result
            say(f"    {name:<12} c={connections:<3} {result['req_per_s']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
                f"p99 {result['p99_ms']:7.1f} ms  errors {result['non200'] + result['socket_errors']}  "
                + (f"peak RSS kg {result['peak_rss_mb']:.0f} MB" if name != "virtuoso" else "peak RSS")
                + (f", virtuoso-t {result['virtuoso_peak_rss_mb']:.0f} MB" if "virtuoso_peak_rss_mb" in result else ""))


def drain(pid: int, idle_cpu_s: float = 0.05, interval: float = 0.5) -> float:
    """Seconds until the process tree is idle (under ``idle_cpu_s`` of CPU in ``interval``, twice)."""
    started, quiet = time.perf_counter(), 0
    before = _cpu_s(pid)
    while quiet < 2 and time.perf_counter() - started < DRAIN_LIMIT:
        time.sleep(interval)
        after = _cpu_s(pid)
        quiet = quiet + 1 if after - before < idle_cpu_s else 0
        before = after
    return time.perf_counter() - started


def _wrk_with_virtuoso(server: Server, script: Path, connections: int, duration: float,
                       virtuoso_pid: int | None) -> dict:
    """bench/endpoint.py's wrk run; for a run that reaches Virtuoso also virtuoso-t's peak RSS and
    CPU per request (run_wrk's own figures then cover kg serve's tree, or virtuoso-t when direct)."""
    if virtuoso_pid is None:
        return run_wrk(server, script, connections, duration)
    before = tree_cpu(virtuoso_pid)
    with TreeMemory(virtuoso_pid) as memory:
        result = run_wrk(server, script, connections, duration)
    result["virtuoso_peak_rss_mb"] = memory.peak / 2**20
    result["virtuoso_cpu_ms_per_request"] = cpu_per_request(before, tree_cpu(virtuoso_pid),
                                                            result["requests"])["all"]
    return result


def _seconds(answer: dict) -> str:
    return f"{answer['seconds']:.2f}" if answer["status"] == 200 else str(answer["status"])


def _table(header: list[str], rows: list[list]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def fmt(row: list) -> str:
        return "  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w)
                         for i, (x, w) in enumerate(zip(row, widths, strict=True)))
    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *map(fmt, rows)])


def render(record: dict) -> str:
    levels = [str(c) for c in record["levels"]]
    servers = record["servers"]
    lines = [f"EMBEDDED STORE vs VIRTUOSO ({record.get('copies', '?')}x, kg.trig {record['kg_trig_mb']:.0f} MB, "
             f"{record.get('triples', '?')} triples; mix of {len(record['load_mix'])} queries, "
             f"wrk {record['duration_s']:.0f} s per level)"]
    embedded, virtuoso = servers["kg-embedded"], record["virtuoso"]
    lines.append(f"load: embedded (kg serve start-up, prepare_store) {embedded['load_s']:.1f} s, peak RSS "
                 f"{embedded['startup_peak_rss_mb']:.0f} MB, store on disk {embedded['disk_mb']:.0f} MB")
    lines.append(f"      virtuoso (kg publish --to) {virtuoso['publish_s']:.1f} s (load {virtuoso['load_s']} s, "
                 f"switch {virtuoso['switch_s']} s; checkpoint after it {virtuoso['checkpoint_s']:.1f} s), "
                 f"virtuoso-t peak RSS {virtuoso['virtuoso_peak_rss_mb_during_publish']:.0f} MB, kg publish peak RSS "
                 f"{virtuoso['publish_process_peak_rss_mb']:.0f} MB, database on disk {virtuoso['disk_mb']:.0f} MB")
    header = ["server", "clients", "req/s", "p50 ms", "p99 ms", "errors", "kg RSS MB", "virtuoso-t RSS MB"]
    rows = []
    for name, entry in servers.items():
        for c in levels:
            r = entry.get("levels", {}).get(c)
            if not r:
                continue
            kg_rss = f"{r['peak_rss_mb']:.0f}" if name != "virtuoso" else "-"
            vt_rss = r.get("virtuoso_peak_rss_mb", r["peak_rss_mb"] if name == "virtuoso" else None)
            rows.append([name, c, f"{r['req_per_s']:.1f}", f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}",
                         str(r["non200"] + r["socket_errors"]), kg_rss, "-" if vt_rss is None else f"{vt_rss:.0f}"])
    lines.append(_table(header, rows))
    base = servers["kg-embedded"].get("levels", {})
    for other in ("kg-virtuoso", "virtuoso"):
        theirs = servers.get(other, {}).get("levels", {})
        if theirs:
            lines.append(f"{other}/kg-embedded throughput: " + ", ".join(
                f"c={c}: {theirs[c]['req_per_s'] / base[c]['req_per_s']:.2f}x" for c in levels
                if c in base and c in theirs and base[c]["req_per_s"]))
    failed = {n: e["error"] for n, e in servers.items() if "error" in e}
    for name, error in failed.items():
        lines.append(f"{name} FAILED: {error[:600]}")
    answered = [n for n, e in servers.items() if "answers" in e]
    per_query = [[q] + [_seconds(servers[n]["answers"][q]) for n in answered] for q in record["queries"]]
    lines += ["", "single query (one request each, in turn)", _table(["seconds"] + answered, per_query), ""]
    slow = {n: max(e["answers"].items(), key=lambda kv: kv[1]["seconds"]) for n, e in servers.items() if "answers" in e}
    lines.append("slowest single query: " + "; ".join(f"{n} {q} {a['seconds']:.2f} s" for n, (q, a) in slow.items()))
    left_out = [q for q in record["queries"] if q not in record["load_mix"]]
    if left_out:
        lines.append("left out of the load mix (not answered alike by both kg servers): " + ", ".join(left_out))
    if record.get("row_differences"):
        lines.append("result rows differ: " + "; ".join(
            ", ".join(f"{k}={v}" for k, v in d.items()) for d in record["row_differences"]))
    return "\n".join(lines)


def _union_triples(release: Path) -> int | None:
    """Distinct triples of the release: the lines of its union dump kg.nt."""
    union = release / "kg.nt"
    if not union.exists():
        return None
    with open(union, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


def run_part(args, results: dict, work: Path, run_build, say=print) -> dict:
    """``python -m bench --only virtuoso``: build the Nx release (or take ``--release``), measure,
    print the table and write ``bench/results/engines-<N>x.json``."""
    from bench.corpus import generate

    copies = args.engines_scale or max(int(x) for x in args.scales.split(",") if x.strip())
    built = results.get("build", {}).get("scales", {}).get(str(copies))
    build: dict
    if args.release:
        release, build = Path(args.release), {"given": args.release}
    elif built and built.get("ok"):
        release, build = Path(built["release"]), {"from_build_part": True}
    else:
        say(f"  {copies}x: generating and building the corpus (child process) ...")
        corpus = generate(Path(args.corpus), copies, work / f"engines-corpus-{copies}x").manifest
        build = run_build(corpus, work / f"engines-release-{copies}x" / "dist", work / f"engines-build-{copies}x.json")
        if not build.get("ok"):
            raise SystemExit(f"cannot build the {copies}x release: {build.get('error')}")
        release = Path(build["release"])
        say(f"  {copies}x: built in {build['process_wall_s']:.0f} s, peak RSS {build['peak_rss_mb']:.0f} MB")
    record = run(release, Path(args.queries), [int(x) for x in args.levels.split(",") if x.strip()],
                 args.duration, args.warmup, args.kg_workers, args.kg_threads, args.check_timeout,
                 args.virtuoso_buffers, args.publish_chunk, args.publish_timeout, say=say)
    record.update(copies=copies, triples=_union_triples(release),
                  build={k: v for k, v in build.items() if k != "facts_per_document"})
    say("")
    say(render(record))
    if not args.no_save:
        out = PROJECT_ROOT / "bench" / "results" / f"engines-{copies}x.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"machine": results.get("machine"), "versions": results.get("versions"),
                                   "started": results.get("started"), **record}, indent=1, default=str))
        say(f"wrote {out.relative_to(PROJECT_ROOT)}")
    return record
