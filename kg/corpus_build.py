"""A release built unit by unit: planned, built in a process pool or taken from the cache, merged.

1. Plan: a unit for the ontology, one per registry file and one per document, each with its
   content address (conflict_kg.unit_cache).
2. Build what the cache lacks: first the ontology and registries, then the documents (a document
   is reasoned and validated with its registry's unit), in ``jobs`` processes.
3. Check: every unit conforms, or nothing is published.
4. Merge: the conclusions only several units give together, then the release files streamed from
   the units' sorted triples (conflict_kg.assemble), the metadata, and an atomic publish.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from rdflib import Graph

from conflict_kg import unit_cache
from conflict_kg.assemble import UnitFiles, cross_unit_conclusions, merged_report, write_release_files
from conflict_kg.build import (
    BuildError,
    BuildOptions,
    BuildResult,
    DocumentBuilt,
    _timed,
    ontology_version,
    source_text_name,
    without_cyclic_gc,
)
from conflict_kg.corpus import load_corpus
from conflict_kg.describe import describe
from conflict_kg.namespaces import GRAPH
from conflict_kg.release import ReleaseWriter, write_checksums, write_json
from conflict_kg.units import JOINS_FILE, TEXT_FILE, UNIT_FILE, Context, run_unit, worker_init
from conflict_kg.validate import ValidationOutcome

Say = Callable[[str], None]


def build_corpus(out: Path, options: BuildOptions, say: Say) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult(release=None)
    scratch_cache = None
    if options.use_cache:
        cache = Path(options.cache) if options.cache else out.parent / f".{out.name}.cache"
    else:
        cache = scratch_cache = Path(tempfile.mkdtemp(prefix="conflict-kg-units-"))
    try:
        with without_cyclic_gc():
            plan = _plan(options, cache, result, say)
            if _up_to_date(out, plan, result, say):
                result.seconds = time.perf_counter() - started
                return result
            _build_units(plan, options, result, say)
            summaries = {key: json.loads((folder / UNIT_FILE).read_text(encoding="utf-8"))
                         for key, folder in plan.folders.items()}
            _check(plan, summaries, result, say)
            result.release = _assemble(out, plan, summaries, options, result, say)
    finally:
        if scratch_cache is not None:
            shutil.rmtree(scratch_cache, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


class _Plan:
    def __init__(self):
        self.context: Context | None = None
        self.corpus = None
        self.ontology: str = ""  # unit key
        self.registries: dict[str, str] = {}  # registry path -> unit key
        self.documents: list[tuple[object, str]] = []  # (source, unit key)
        self.folders: dict[str, Path] = {}  # unit key -> its folder in the cache
        self.built: set[str] = set()  # unit keys built in this run (the others came from the cache)
        self.build_key: str = ""  # digest of every unit key and the corpus manifest


def _plan(options: BuildOptions, cache: Path, result: BuildResult, say: Say) -> _Plan:
    plan = _Plan()
    with _timed(result.timings, "plan", say):
        try:
            plan.corpus = result.corpus = load_corpus(options.corpus)
            for path in (options.ontology, options.shapes):
                if not Path(path).is_file():
                    raise BuildError(f"{path}: no such file")
            plan.context = Context(Path(options.ontology).resolve(), Path(options.shapes).resolve(),
                                   options.reasoner, options.reason)
            context = unit_cache.context_key(plan.context.ontology_path, plan.context.shapes_path,
                                             options.reasoner, options.reason)
            plan.ontology = unit_cache.ontology_key(context)
            for source in plan.corpus.documents:
                registry = str(Path(source.registry).resolve())
                if registry not in plan.registries:
                    plan.registries[registry] = unit_cache.registry_key(context, Path(registry))
                plan.documents.append((source, unit_cache.document_key(
                    context, source, plan.registries[registry])))
        except BuildError:
            raise
        except Exception as exc:  # every input problem becomes one clear message
            raise BuildError(f"{type(exc).__name__}: {exc}") from exc
        for key in [plan.ontology, *plan.registries.values(), *(key for _, key in plan.documents)]:
            plan.folders[key] = unit_cache.unit_folder(cache, key)
        # What the release is made of: its units and the manifest (titles, licences: void.ttl)
        plan.build_key = unit_cache.release_key([key for key in plan.folders], Path(options.corpus))
    return plan


def _up_to_date(out: Path, plan: _Plan, result: BuildResult, say: Say) -> bool:
    """True when the published release was built from exactly these units and this manifest: it is
    then the release a build would write, byte for byte, and is left as it is."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("build_key") != plan.build_key or not all(
            unit_cache.is_finished(folder) for folder in plan.folders.values()):
        return False
    result.release = out.resolve()
    result.counts = dict(manifest.get("triples", {}))
    result.validation = ValidationOutcome(conforms=bool(manifest.get("conforms")), report=Graph(), violations=[])
    result.units_reused = len(plan.folders)
    for source, key in plan.documents:
        summary = json.loads((plan.folders[key] / UNIT_FILE).read_text(encoding="utf-8"))
        result.documents.append(DocumentBuilt(source.id, summary["sentences"], summary["facts"],
                                              summary["read_as"], rebuilt=False))
    say(f"the release at {out} is up to date: built from these {len(plan.folders)} units and this manifest")
    return True


def _build_units(plan: _Plan, options: BuildOptions, result: BuildResult, say: Say) -> None:
    """The units the cache lacks: ontology and registries first, then the documents."""
    first = [("ontology", plan.ontology, plan.context, plan.folders[plan.ontology])]
    first += [("registry", key, plan.context, plan.folders[key], Path(path))
              for path, key in plan.registries.items()]
    second = [("document", key, plan.context, plan.folders[key], source,
               plan.folders[plan.registries[str(Path(source.registry).resolve())]])
              for source, key in plan.documents]
    missing = [[job for job in jobs if not unit_cache.is_finished(job[3])] for jobs in (first, second)]
    plan.built = {job[1] for jobs in missing for job in jobs}
    built = sum(len(jobs) for jobs in missing)
    result.units_built, result.units_reused = built, len(plan.folders) - built
    wanted = options.jobs or os.cpu_count() or 1
    # A pool costs each process its start (imports, ~2 s): only where two or more registries or
    # documents can use it. The ontology's unit is only a copy.
    pooled = [wanted > 1 and sum(1 for job in jobs if job[0] != "ontology") >= 2 for jobs in missing]
    result.jobs = max([1] + [min(wanted, len(jobs)) for jobs, pool in zip(missing, pooled, strict=True) if pool])
    pool = None
    try:
        with _timed(result.timings, "units", say):
            for jobs, use_pool in zip(missing, pooled, strict=True):
                if not use_pool:
                    for job in jobs:
                        _run(lambda job=job: run_unit(job), job)
                    continue
                if pool is None:
                    # spawn: the build process runs the pool's threads; forking a threaded process is unsafe
                    pool = concurrent.futures.ProcessPoolExecutor(
                        result.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=worker_init)
                futures = _submit_all(pool, jobs)
                for future in concurrent.futures.as_completed(futures):
                    _run(future.result, futures[future])
    except BaseException:
        if pool is not None:
            _stop_now(pool)
        raise
    if pool is not None:
        pool.shutdown()
    say(f"units: {result.units_built} built in {result.jobs} process(es), {result.units_reused} "
        f"taken from the cache")


def _submit_all(pool: concurrent.futures.ProcessPoolExecutor, jobs) -> dict:
    """Hand every job to the pool. A process that dies while jobs are still being handed out breaks the
    pool there and then: the next submit raises BrokenProcessPool, or an OSError from the pipe the dead
    pool has closed, where a started job would have raised BrokenProcessPool later."""
    futures = {}
    for job in jobs:
        try:
            futures[pool.submit(run_unit, job)] = job
        except (BrokenProcessPool, OSError) as exc:
            raise BuildError(f"a build process died while the build was handing out the {_what(job)} "
                             f"(killed? out of memory?): {type(exc).__name__}: {exc}") from exc
    return futures


def _stop_now(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Shut a failed build's pool down with its processes killed. A pool broken by one dead process
    leaves the others waiting for work, and Python 3.11's executor joins them when the interpreter
    exits: the caller of a failed build (a test run, a server) would never exit."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle on them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
        process.join(timeout=10)


def _run(call, job) -> None:
    try:
        call()
    except BuildError:
        raise
    except BrokenProcessPool as exc:
        raise BuildError(f"a build process died while building the {_what(job)} (killed? out of "
                         f"memory?): {exc}") from exc
    except Exception as exc:
        raise BuildError(f"{_what(job)}: {type(exc).__name__}: {exc}") from exc


def _what(job) -> str:
    kind = job[0]
    if kind == "document":
        return f"document {job[4].id}"
    return "ontology" if kind == "ontology" else f"registry {job[4]}"


def _check(plan: _Plan, summaries: dict[str, dict], result: BuildResult, say: Say) -> None:
    with _timed(result.timings, "validate", say):
        validations = [summary["validation"] for summary in summaries.values() if "validation" in summary]
        conforms = all(v["conforms"] for v in validations)
        violations = sorted({line for v in validations for line in v["violations"]})
        report = merged_report((v["report"] for v in validations), conforms)
        result.validation = ValidationOutcome(conforms=conforms, report=report, violations=violations)
    if not conforms:
        raise BuildError("the graph does not conform to the shapes; nothing was published.\n"
                         + result.validation.summary())


def _assemble(out: Path, plan: _Plan, summaries: dict[str, dict], options: BuildOptions,
              result: BuildResult, say: Say) -> Path:
    writer = ReleaseWriter(out)
    staging = writer.stage()
    # beside the staging folder (same disk); ".partial": never taken for a finished release
    scratch = Path(tempfile.mkdtemp(prefix="assemble-", suffix=".partial", dir=staging.parent))
    try:
        with _timed(result.timings, "join", say):
            ontology = Graph().parse(plan.context.ontology_path, format="turtle")
            joins = scratch / "joins.nt"
            registry_of = {key: plan.registries[str(Path(source.registry).resolve())] for source, key in plan.documents}
            joins_files = [(plan.folders[key] / JOINS_FILE, key, registry_of.get(key)) for key in summaries]
            added = cross_unit_conclusions(ontology, joins_files, options.reasoner, joins) \
                if options.reason and (len(plan.documents) > 1 or len(plan.registries) > 1) else _empty(joins)
            say(f"{'':<10} {added} conclusion(s) from the units' join triples reasoned together "
                "(kept where no unit drew them)")
        with _timed(result.timings, "serialise", say):
            try:
                def unit(key: str) -> UnitFiles:
                    return UnitFiles(plan.folders[key], summaries[key])

                counts = write_release_files(
                    staging, unit(plan.ontology), [unit(key) for key in dict.fromkeys(plan.registries.values())],
                    [(source.id, unit(key)) for source, key in plan.documents], joins,
                    lambda name: GRAPH[name], scratch)
            except Exception as exc:
                raise BuildError(f"writing the release failed: {type(exc).__name__}: {exc}") from exc
            _write_metadata(staging, plan, summaries, result, options, counts, ontology)
        with _timed(result.timings, "publish", say):
            release = writer.publish(staging)
    except BaseException:
        writer.discard(staging)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return release


def _empty(path: Path) -> int:
    path.write_bytes(b"")
    return 0


def built_time() -> dt.datetime:
    """When the release was built: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def _write_metadata(folder: Path, plan: _Plan, summaries: dict[str, dict], result: BuildResult,
                    options: BuildOptions, counts: dict[str, int], ontology: Graph) -> None:
    """Everything in the release but the RDF files: report, description, manifest, checksums."""
    result.counts = dict(counts)
    built = built_time()
    result.validation.report.serialize(folder / "validation.ttl", format="turtle")
    describe(plan.corpus, counts, built, ontology_version(ontology)).serialize(folder / "void.ttl", format="turtle")
    (folder / "shapes.ttl").write_bytes(Path(options.shapes).read_bytes())
    unreviewed = set()
    for key in plan.registries.values():
        unreviewed.update(summaries[key].get("unreviewed", []))
    texts = {}
    for source, key in plan.documents:
        summary = summaries[key]
        # Every offset in the graph points into a document's normalised text: ship it beside the graph.
        shutil.copyfile(plan.folders[key] / TEXT_FILE, folder / source_text_name(source.id))
        texts[source.id] = {"file": source_text_name(source.id), "read_as": summary["read_as"]}
        result.documents.append(DocumentBuilt(source.id, summary["sentences"], summary["facts"],
                                              summary["read_as"], rebuilt=key in plan.built))
    write_json(folder / "manifest.json", {
        "version": plan.corpus.version,
        "built": built.isoformat(timespec="seconds"),
        "documents": [source.id for source, _ in plan.documents],
        "unreviewed_entities": len(unreviewed),
        "texts": texts,
        "triples": counts,
        "conforms": result.validation.conforms,
        "build_key": plan.build_key,
        "timings_seconds": {k: round(v, 3) for k, v in result.timings.items()},
    })
    write_checksums(folder)
