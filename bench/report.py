"""Plain-text tables of a bench result (also: ``python -m bench.report bench/results/latest.json``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

STEPS = ("plan", "units", "validate", "join", "serialise", "publish")


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def render(results: dict) -> str:
    parts = []
    build = results.get("build")
    if build:
        scales = build["scales"]
        header = ["step (s)"] + [f"{k}x" for k in scales]
        rows = [[step] + [f"{r['timings'][step]:.2f}" if r.get("ok") else "-" for r in scales.values()]
                for step in STEPS]
        ok = lambda r, f: f(r) if r.get("ok") else "FAILED"  # noqa: E731
        rows += [
            ["total"] + [ok(r, lambda r: f"{r['total_s']:.2f}") for r in scales.values()],
            ["documents"] + [ok(r, lambda r: str(r["documents"])) for r in scales.values()],
            ["sentences"] + [ok(r, lambda r: str(r["sentences"])) for r in scales.values()],
            ["triples (union)"] + [ok(r, lambda r: str(r["counts"].get("union", ""))) for r in scales.values()],
            ["ms / sentence"] + [ok(r, lambda r: f"{1000 * r['s_per_sentence']:.2f}") for r in scales.values()],
            ["ratio vs 1x"] + [ok(r, lambda r: f"{r.get('ratio_per_sentence_vs_1x', float('nan')):.2f}")
                               for r in scales.values()],
            ["peak RSS, largest process (MB)"] + [f"{r['peak_rss_mb']:.0f}" for r in scales.values()],
            ["peak RSS, all processes (MB)"] + [f"{r.get('peak_tree_rss_mb', 0):.0f}" for r in scales.values()],
        ]
        parts.append("BUILD (one process per corpus; copies of the article, renamed)\n" + _table(header, rows))
        steps = [r for r in scales.values() if r.get("step_ratio_per_sentence_vs_1x")]
        if len(steps) > 1:
            header = ["per-sentence ratio vs 1x"] + [f"{r['copies']}x" for r in steps]
            rows = [[step] + [f"{r['step_ratio_per_sentence_vs_1x'].get(step, float('nan')):.2f}" for r in steps]
                    for step in STEPS if step in steps[0]["step_ratio_per_sentence_vs_1x"]]
            parts.append(_table(header, rows))
        repeats = scales.get("1", {}).get("repeats")
        if repeats:
            median = repeats["median_wall_s"]
            parts.append(
                f"1x built {repeats['pairs']} times each way, alternating: median wall {median['parallel']:.2f} s "
                f"with validate and serialise side by side (runs {', '.join(f'{w:.2f}' for w in repeats['wall_s']['parallel'])}), "
                f"{median['serial']:.2f} s one after the other (runs {', '.join(f'{w:.2f}' for w in repeats['wall_s']['serial'])}); "
                f"serial/parallel {repeats['serial_over_parallel']:.2f}")
        for key, r in scales.items():
            if not r.get("ok"):
                parts.append(f"build {key}x failed: {r.get('error')}")
    reasoning = results.get("reasoning")
    if reasoning:
        rows = [[engine, f"{e['infer_seconds']:.2f}", f"{e['closure_seconds']:.2f}", str(e["closure_triples"]),
                 str(e["informative_triples"])] for engine, e in reasoning["engines"].items()]
        d = reasoning["difference"]
        parts.append(
            f"REASONING ({reasoning.get('copies', 1)}x, {reasoning['asserted_triples']} asserted triples)\n"
            + _table(["engine", "infer (s)", "closure (s)", "closure triples", "informative triples"], rows)
            + f"\ninformative difference: only owlrl {d['only_owlrl']}, only reasonable {d['only_reasonable']}, "
              f"common {d['common']}; reasonable is {reasoning['speedup_reasonable_over_owlrl']:.1f}x faster")
    endpoint = results.get("endpoint")
    if endpoint:
        rows = []
        for kind, s in endpoint["servers"].items():
            for mix, levels in s.get("mixes", {}).items():
                for c, r in levels.items():
                    rows.append([kind, f"{mix} ({len(endpoint['mixes'][mix])})", c, f"{r['req_per_s']:.1f}",
                                 f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", str(r["requests"]),
                                 str(r["non200"] + r["socket_errors"]), f"{r['peak_rss_mb']:.0f}"])
        text = (f"ENDPOINT ({len(endpoint['queries'])} queries, federated left out: "
                f"{', '.join(endpoint['federated_excluded']) or 'none'}; wrk, {endpoint['duration_s']:.0f} s "
                f"per level; mix 'all' = every query, 'common' = those every server answers alike)\n"
                + _table(["server", "mix (queries)", "clients", "req/s", "p50 ms", "p99 ms", "requests", "errors",
                          "peak RSS MB"], rows))
        for name, ratios in endpoint["ratios"].items():
            text += f"\n{name} throughput: " + ", ".join(
                f"c={c}: {v:.2f}x" if v is not None else f"c={c}: n/a" for c, v in ratios.items())
        for kind, s in endpoint["servers"].items():
            bad = {n: a["status"] for n, a in s["answers"].items() if a["status"] != 200}
            slow = max(s["answers"].items(), key=lambda item: item[1]["seconds"])
            text += (f"\n{kind}: {s['description']}; startup {s['startup_s']:.1f} s; idle RSS "
                     f"{s['idle_rss_mb']:.0f} MB; slowest single query {slow[0]} {slow[1]['seconds']:.2f} s"
                     + ("; NOT answered: " + ", ".join(f"{n} ({v})" for n, v in bad.items()) if bad else ""))
        if endpoint.get("answer_mismatches"):
            text += "\nresult rows differ between servers: " + "; ".join(
                ", ".join(f"{k}={v}" for k, v in m.items()) for m in endpoint["answer_mismatches"])
        profile = endpoint["servers"].get("kg", {}).get("profile")
        if profile and "top_self" in profile:
            text += (f"\nkg serve profile (py-spy, {profile['samples']} samples; % of samples):"
                     f"\n  by process: " + ", ".join(f"{p} {s}%" for p, s in profile["by_process"])
                     + "\n  top self frames:\n" + "\n".join(f"    {s:5.1f}%  {f}" for f, s in profile["top_self"][:12]))
        parts.append(text)
    if results.get("targets"):
        verdict = {True: "met", False: "MISSED", None: "not measured"}
        rows = [[t["target"], t["measured"], verdict[t["met"]]] for t in results["targets"]]
        parts.append("TARGETS\n" + _table(["target", "measured", ""], rows))
    return "\n\n".join(parts)


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text())))
