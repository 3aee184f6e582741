"""One build in a process of its own (so its peak RSS is its own): ``python -m bench.build_child``.

Writes a JSON file with the step timings, triple counts, documents and sentences, or the failure.
"""

from __future__ import annotations

import argparse
import json
import time
import traceback
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--reasoner", default="reasonable")
    parser.add_argument("--profile", default=None, help="write a pyinstrument text profile here")
    parser.add_argument("--serial", action="store_true", help="build every unit in this process (jobs 1)")
    parser.add_argument("--jobs", type=int, default=0, help="processes building units (0: one per core)")
    parser.add_argument("--cache", default=None, help="unit cache folder; default: none (a clean build)")
    args = parser.parse_args()

    from conflict_kg.build import BuildError, BuildOptions, build_release

    record: dict = {"corpus": args.corpus, "reasoner": args.reasoner}
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    started = time.perf_counter()
    try:
        result = build_release(Path(args.out), BuildOptions(
            corpus=Path(args.corpus), reasoner=args.reasoner, jobs=1 if args.serial else args.jobs,
            cache=Path(args.cache) if args.cache else None, use_cache=bool(args.cache)))
    except BuildError as exc:
        record.update(ok=False, error=str(exc)[:4000], seconds=time.perf_counter() - started)
    except Exception as exc:
        record.update(ok=False, error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()[-4000:],
                      seconds=time.perf_counter() - started)
    else:
        record.update(
            ok=True,
            seconds=time.perf_counter() - started,
            timings=result.timings,
            build_wall_s=result.seconds,
            parallel=result.jobs > 1,
            jobs=result.jobs,
            units_built=result.units_built,
            units_reused=result.units_reused,
            counts=result.counts,
            documents=len(result.documents),
            sentences=sum(d.sentences for d in result.documents),
            facts_per_document={d.source_id: sum(d.facts.values()) for d in result.documents},
            release=str(result.release),
        )
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    Path(args.json).write_text(json.dumps(record, default=str))


if __name__ == "__main__":
    main()
