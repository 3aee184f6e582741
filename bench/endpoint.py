"""Endpoint load test: kg serve vs Oxigraph's server vs rdflib-endpoint, driven by wrk.

The query mix is every ``queries/*.rq`` whose header does not say ``# federated: true``, read at run
time. wrk (Debian's package) sends them in rotation with a generated Lua script; each server gets a
warm-up, then one timed run per concurrency level. Servers listen on 127.0.0.1 only and every run
is bounded by its duration. Peak memory of each server is the sum of RSS over its process tree,
sampled while wrk runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PROJECT_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
FEDERATED = re.compile(r"^\s*#\s*federated\s*:\s*true\s*$", re.IGNORECASE | re.MULTILINE)
FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@dataclass
class Query:
    name: str
    text: str
    form: str

    @property
    def accept(self) -> str:
        return RESULTS_JSON if self.form in ("SELECT", "ASK") else NTRIPLES


@dataclass
class Server:
    name: str
    path: str  # the SPARQL endpoint's path
    process: subprocess.Popen
    port: int
    workdir: Path
    log: Path
    description: str
    descendants: set[int] = field(default_factory=set)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def discover_queries(folder: Path) -> tuple[list[Query], list[str]]:
    """The load mix (sorted by file name) and the names left out as federated."""
    mix, federated = [], []
    for path in sorted(Path(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if FEDERATED.search(text):
            federated.append(path.name)
            continue
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        match = FORM.search(body)
        mix.append(Query(path.name, text, match.group(1).upper() if match else "SELECT"))
    return mix, federated


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tool(name: str) -> str:
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found (see bench/README.md for what to install)")
    return found


def start_server(kind: str, release: Path, workdir: Path, kg_workers: int, kg_threads: int,
                 kg_extra: tuple[str, ...] = (), env: dict[str, str] | None = None) -> Server:
    """Start one server; ``env``: variables added to this process's environment for it."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{kind}.log"
    trig = Path(release) / "kg.trig"
    if kind == "kg":
        command = [_tool("kg"), "serve", "--data", str(release), "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(kg_workers), "--threads", str(kg_threads), *kg_extra]
        path, description = "/sparql", " ".join(["kg serve --workers", str(kg_workers), "--threads",
                                                 str(kg_threads), *kg_extra])
    elif kind == "oxigraph":
        location = workdir / "oxigraph-store"
        shutil.rmtree(location, ignore_errors=True)
        subprocess.run([_tool("oxigraph"), "load", "--location", str(location), "--file", str(trig)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        command = [_tool("oxigraph"), "serve-read-only", "--location", str(location),
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        path, description = "/query", "oxigraph serve-read-only --union-default-graph"
    elif kind == "rdflib-endpoint":
        command = [_tool("rdflib-endpoint"), "serve", str(trig), "--host", "127.0.0.1", "--port", str(port)]
        path, description = "/", "rdflib-endpoint serve kg.trig (rdflib Dataset, default_union)"
    else:
        raise ValueError(kind)
    env = dict(os.environ, **(env or {}))
    handle = open(log, "wb")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               cwd=PROJECT_ROOT, start_new_session=True, env=env)
    server = Server(kind, path, process, port, workdir, log, description)
    try:
        wait_ready(server, 120)
    except Exception:
        stop_server(server)
        raise RuntimeError(f"{kind} did not start: {log.read_text(errors='replace')[-1500:]}") from None
    return server


def _get(server: Server, query: str, accept: str, timeout: float = 60) -> tuple[int, bytes]:
    url = f"{server.base}{server.path}?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_ready(server: Server, timeout: float, ask_timeout: float = 5) -> None:
    """Wait for a 200 to ASK; else fail with the last status and body (kg serve's JSON message)."""
    deadline, last = time.monotonic() + timeout, "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited ({server.process.returncode}); see {server.log}")
        try:
            status, body = _get(server, "ASK { ?s ?p ?o }", RESULTS_JSON, timeout=ask_timeout)
            if status == 200:
                return
            last = f"HTTP {status}: {body.decode(errors='replace')[:400]}"
        except (OSError, urllib.error.URLError) as error:
            last = f"{type(error).__name__}: {error}"
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer within {timeout:.0f} s; last answer {last}; "
                       f"see {server.log}")


def stop_server(server: Server) -> None:
    """Stop the server we started, then any of its descendants still alive (by pid, all ours)."""
    try:
        server.descendants |= {p.pid for p in psutil.Process(server.process.pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        pass
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    for pid in server.descendants:
        try:
            psutil.Process(pid).kill()
        except psutil.NoSuchProcess:
            pass


def check_answers(server: Server, queries: list[Query], timeout: float = 10.0) -> dict[str, dict]:
    """One request per query: status (or "timeout"), seconds, and the number of result rows."""
    answers = {}
    for query in queries:
        started = time.perf_counter()
        try:
            status, body = _get(server, query.text, query.accept, timeout=timeout)
        except TimeoutError:
            answers[query.name] = {"status": "timeout", "rows": None, "seconds": time.perf_counter() - started}
            continue
        except (OSError, urllib.error.URLError) as error:
            answers[query.name] = {"status": f"error {error}", "rows": None, "seconds": time.perf_counter() - started}
            continue
        seconds = time.perf_counter() - started
        rows = None
        if status == 200 and query.accept == RESULTS_JSON:
            data = json.loads(body)
            rows = len(data["results"]["bindings"]) if "results" in data else int(bool(data.get("boolean")))
        elif status == 200:
            rows = sum(1 for line in body.splitlines() if line.strip())
        answers[query.name] = {"status": status, "rows": rows, "seconds": seconds}
    return answers


LUA_DONE = r"""
function done(summary, latency, requests)
  local non200 = 0
  for _, t in ipairs(threads) do non200 = non200 + t:get("bad") end
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non200":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"mean_us":%.1f,"max_us":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, non200, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""

LUA = r"""
-- generated by bench/endpoint.py: rotates the query mix, counts non-200 answers
local reqs = {
%(requests)s
}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  idx = 0
  bad = 0
  formatted = {}
  for i, r in ipairs(reqs) do formatted[i] = wrk.format("GET", r[1], {["Accept"] = r[2]}) end
end
function request()
  idx = idx %% #formatted + 1
  return formatted[idx]
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
%(done)s"""


def write_lua(server: Server, queries: list[Query], path: Path) -> Path:
    lines = []
    for query in queries:
        target = f"{server.path}?{urllib.parse.urlencode({'query': query.text})}"
        lines.append(f'  {{"{target}", "{query.accept}"}},')
    path.write_text(LUA % {"requests": "\n".join(lines), "done": LUA_DONE})
    return path


class TreeMemory:
    """Peak of the summed RSS of a process and its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.pids: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
                self.pids.add(process.pid)
            except psutil.NoSuchProcess:
                pass
        self.peak = max(self.peak, total)
        return total

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def tree_cpu(pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) so far of a process and its descendants, with each one's role."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {}
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
            role = "query workers" if "conflict_kg.server.query_worker" in " ".join(process.cmdline()) else "server"
            seconds[process.pid] = (role, times.user + times.system)
        except psutil.NoSuchProcess:
            pass
    return seconds


def cpu_per_request(before: dict, after: dict, requests: int) -> dict[str, float]:
    """Milliseconds of CPU per request, by role and in all (processes that ended are missed)."""
    spent: dict[str, float] = {}
    for pid, (role, seconds) in after.items():
        spent[role] = spent.get(role, 0.0) + seconds - before.get(pid, (role, 0.0))[1]
    spent["all"] = sum(spent.values())
    return {role: 1000 * value / requests if requests else 0.0 for role, value in spent.items()}


def run_wrk(server: Server, script: Path, connections: int, duration: float, threads: int = 1,
            script_args: tuple[str, ...] = ()) -> dict:
    """One wrk run; ``script_args`` reach the Lua script's init(args) as args[1], args[2], ..."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "30s",
               "-s", str(script), server.base, *script_args]
    cpu_before = tree_cpu(server.process.pid)
    with TreeMemory(server.process.pid) as memory:
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 90)
    cpu_after = tree_cpu(server.process.pid)
    server.descendants |= memory.pids
    line = next((out for out in done.stdout.splitlines() if out.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    data = json.loads(line[len("BENCHJSON "):])
    seconds = data["duration_us"] / 1e6
    return {
        "connections": connections,
        "seconds": seconds,
        "requests": data["requests"],
        "req_per_s": data["requests"] / seconds if seconds else 0.0,
        "p50_ms": data["p50_us"] / 1000, "p90_ms": data["p90_us"] / 1000, "p99_ms": data["p99_us"] / 1000,
        "mean_ms": data["mean_us"] / 1000, "max_ms": data["max_us"] / 1000,
        "non200": data["non200"],
        "socket_errors": data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"],
        "peak_rss_mb": memory.peak / 2**20,
        "cpu_ms_per_request": cpu_per_request(cpu_before, cpu_after, data["requests"]),
    }


def profile_kg(server: Server, script: Path, connections: int, seconds: float, out: Path) -> dict:
    """py-spy over kg serve's whole process tree while wrk runs: the heaviest frames."""
    raw = out.with_suffix(".txt")
    spy = subprocess.Popen([_tool("py-spy"), "record", "--pid", str(server.process.pid), "--subprocesses",
                            "--duration", str(int(seconds)), "--rate", "200", "--format", "raw",
                            "--output", str(raw), "--nonblocking"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    load = run_wrk(server, script, connections, seconds - 1)
    _, err = spy.communicate(timeout=seconds + 60)
    if not raw.exists():
        return {"error": f"py-spy wrote nothing: {err[-1000:]}"}
    return {"load": load, "raw": str(raw), **summarise_stacks(raw)}


def summarise_stacks(raw: Path, top: int = 15) -> dict:
    """Collapsed stacks -> self and inclusive sample counts per frame, per process."""
    leaf, inclusive, processes = Counter(), Counter(), Counter()
    leaf_by_process: dict[str, Counter] = {}
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        frames = stack.split(";")
        chain = [f for f in frames if f.startswith("process ")]
        process = _role(chain)
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        total += count
        processes[process] += count
        leaf[_short(frames[-1])] += count
        leaf_by_process.setdefault(process, Counter())[_short(frames[-1])] += count
        for frame in set(map(_short, frames)):
            inclusive[frame] += count
    share = lambda c: round(100 * c / total, 1) if total else 0.0  # noqa: E731
    return {
        "samples": total,
        "by_process": [(p, share(c)) for p, c in processes.most_common(6)],
        "top_self": [(f, share(c)) for f, c in leaf.most_common(top)],
        "top_inclusive": [(f, share(c)) for f, c in inclusive.most_common(top * 2)],
        # per process, waits left out (a thread blocked in a wait or select is idle, not busy)
        "top_busy_by_process": {p: [(f, share(c)) for f, c in counts.most_common(top * 2)
                                    if not f.startswith(IDLE_FRAMES)][:top]
                                for p, counts in leaf_by_process.items()},
    }


IDLE_FRAMES = ("Condition.wait", "EpollSelector.select", "_PollLikeSelector.select",
               "Thread._wait_for_tstate_lock", "Connection._recv", "wait (threading")


def _role(chain: list[str]) -> str:
    """Name a process by its place in kg serve's tree: arbiter, gunicorn worker, query worker."""
    if not chain:
        return "?"
    if "conflict_kg.server.query_worker" in chain[-1]:
        return "query workers"
    return {1: "gunicorn arbiter", 2: "gunicorn worker (Flask, HTTP threads)"}.get(len(chain), chain[-1][:60])


def _short(frame: str) -> str:
    frame = frame.replace(str(PROJECT_ROOT) + "/", "")
    frame = re.sub(r"/\S*/site-packages/", "", frame)
    frame = re.sub(r"/\S*/lib/python3\.\d+/", "", frame)
    frame = re.sub(r"\s*\(pid \d+\)|:\d+\)", ")", frame)  # line numbers and pids out, to aggregate
    return frame[:160]


def run(release: Path, queries_dir: Path, levels: list[int], duration: float, warmup: float,
        kg_workers: int, kg_threads: int, servers: list[str], profile: bool | None,
        check_timeout: float = 10.0, say=print) -> dict:
    """Check every query once on every server, then load each server with the mixes it can answer.

    Mix "all": every non-federated query; run on the servers that answered each of them (HTTP 200
    within ``check_timeout``). Mix "common": the queries every server answered with the same number
    of rows; run on every server, so it gives a ratio against each.
    """
    mix, federated = discover_queries(queries_dir)
    if not mix:
        raise RuntimeError(f"no queries in {queries_dir}")
    say(f"  mix: {len(mix)} queries from {queries_dir} (left out as federated: {', '.join(federated) or 'none'})")
    record: dict = {"release": str(release), "queries": [q.name for q in mix], "federated_excluded": federated,
                    "levels": levels, "duration_s": duration, "warmup_s": warmup, "check_timeout_s": check_timeout,
                    "servers": {}, "mixes": {}}
    workroot = Path(tempfile.mkdtemp(prefix="conflict-kg-bench-"))
    try:
        # 1. answers: one request per query and server (a server that timed out is stopped anyway)
        for kind in servers:
            started = time.perf_counter()
            server = start_server(kind, release, workroot / kind, kg_workers, kg_threads)
            entry = {"description": server.description, "startup_s": time.perf_counter() - started}
            try:
                entry["idle_rss_mb"] = TreeMemory(server.process.pid).sample() / 2**20
                entry["answers"] = {}
                for query in mix:
                    answer = check_answers(server, [query], check_timeout)[query.name]
                    entry["answers"][query.name] = answer
                    if answer["status"] != 200 and not isinstance(answer["status"], int):
                        # a timed-out query may still run inside the server: start a fresh one
                        stop_server(server)
                        server = start_server(kind, release, workroot / kind, kg_workers, kg_threads)
            finally:
                stop_server(server)
            bad = {n: a for n, a in entry["answers"].items() if a["status"] != 200}
            say(f"  {kind}: started in {entry['startup_s']:.1f} s; answered {len(mix) - len(bad)}/{len(mix)} queries"
                + ("" if not bad else " (not: " + ", ".join(f"{n} {a['status']}" for n, a in bad.items()) + ")")
                + f"; slowest {max(a['seconds'] for a in entry['answers'].values()):.2f} s")
            record["servers"][kind] = entry
        record["answer_mismatches"] = _mismatches(record)
        answered_by_all = [q for q in mix if all(s["answers"][q.name]["status"] == 200
                                                 for s in record["servers"].values())]
        differing = {m["query"] for m in record["answer_mismatches"]}
        mixes = {"all": mix, "common": [q for q in answered_by_all if q.name not in differing]}
        record["mixes"] = {name: [q.name for q in queries] for name, queries in mixes.items()}
        say(f"  mix 'all': {len(mix)} queries; mix 'common' (every server answers, same rows): "
            f"{len(mixes['common'])} queries")
        # 2. load, interleaved so that the servers share the machine's noise: every server is up;
        #    for each mix and each level, each server in turn gets its run
        running: dict[str, Server] = {}
        scripts: dict[tuple[str, str], Path] = {}
        try:
            for kind in servers:
                entry = record["servers"][kind]
                entry["mixes"], entry["levels"] = {}, {}
                running[kind] = start_server(kind, release, workroot / kind, kg_workers, kg_threads)
            for name, queries in mixes.items():
                if not queries or (name == "common" and mixes["common"] == mixes["all"]):
                    continue
                kinds = [k for k in servers if name != "all" or all(
                    record["servers"][k]["answers"][q.name]["status"] == 200 for q in queries)]
                for kind in kinds:
                    scripts[kind, name] = write_lua(running[kind], queries, workroot / f"{kind}-{name}.lua")
                    if warmup > 0:
                        run_wrk(running[kind], scripts[kind, name], max(levels), warmup)
                for connections in levels:
                    for kind in kinds:
                        result = run_wrk(running[kind], scripts[kind, name], connections, duration)
                        record["servers"][kind]["mixes"].setdefault(name, {})[str(connections)] = result
                        say(f"    {kind:<16} mix={name:<6} c={connections:<3} {result['req_per_s']:8.1f} req/s  "
                            f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                            f"errors {result['non200'] + result['socket_errors']}  "
                            f"peak RSS {result['peak_rss_mb']:.0f} MB  CPU/request "
                            + ", ".join(f"{role} {ms:.2f} ms" for role, ms in result["cpu_ms_per_request"].items()))
            for kind in servers:
                entry = record["servers"][kind]
                entry["levels"] = entry["mixes"].get("all") or entry["mixes"].get("common") or {}
                entry["peak_rss_mb"] = max((r["peak_rss_mb"] for m in entry["mixes"].values() for r in m.values()),
                                           default=0)
            entry = record["servers"].get("kg")
            if entry and entry["levels"] and profile is not False and (profile or _kg_misses_latency(entry, levels)):
                say("    profiling kg serve under load with py-spy ...")
                script = scripts.get(("kg", "all")) or scripts.get(("kg", "common"))
                entry["profile"] = profile_kg(running["kg"], script, max(levels), max(8.0, duration),
                                              workroot / "kg-profile")
                if "raw" in entry["profile"]:
                    keep = PROJECT_ROOT / "bench" / "results" / "tmp"
                    keep.mkdir(parents=True, exist_ok=True)
                    target = keep / "kg-serve-pyspy.txt"
                    shutil.copyfile(entry["profile"]["raw"], target)
                    entry["profile"]["raw"] = str(target.relative_to(PROJECT_ROOT))
        finally:
            for server in running.values():
                stop_server(server)
    finally:
        shutil.rmtree(workroot, ignore_errors=True)
    record["ratios"] = _ratios(record, levels)
    return record


def _kg_misses_latency(entry: dict, levels: list[int]) -> bool:
    top = entry["levels"].get(str(max(levels)))
    return bool(top and top["p99_ms"] > 50)


def _mismatches(record: dict) -> list[dict]:
    servers = record["servers"]
    out = []
    for name in record["queries"]:
        rows = {kind: s["answers"][name]["rows"] if s["answers"][name]["status"] == 200
                else f"HTTP {s['answers'][name]['status']}" for kind, s in servers.items()}
        if len(set(map(str, rows.values()))) > 1:
            out.append({"query": name, **rows})
    return out


def _ratios(record: dict, levels: list[int]) -> dict:
    """kg's throughput over each other server's, per mix both ran, per level."""
    servers = record["servers"]
    ratios: dict = {}
    if "kg" not in servers:
        return ratios
    for other in ("oxigraph", "rdflib-endpoint"):
        if other not in servers:
            continue
        for mix in ("all", "common"):
            mine, theirs = servers["kg"].get("mixes", {}).get(mix), servers[other].get("mixes", {}).get(mix)
            if mine is None and mix == "common":
                mine = servers["kg"].get("mixes", {}).get("all") if record["mixes"].get("common") == \
                    record["mixes"].get("all") else None
            if theirs is None and mix == "common" and record["mixes"].get("common") == record["mixes"].get("all"):
                theirs = servers[other].get("mixes", {}).get("all")
            if not mine or not theirs:
                continue
            ratios[f"kg/{other} ({mix})"] = {
                str(c): mine[str(c)]["req_per_s"] / theirs[str(c)]["req_per_s"]
                if theirs[str(c)]["req_per_s"] else None for c in levels}
    return ratios
