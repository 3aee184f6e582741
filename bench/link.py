"""``python -m bench.link``: `kg link --wikidata-api --dry-run` on the article's registry, timed.

Against the local stand-in of Wikidata used by tests/test_link_online.py (this machine has no network),
on a copy of data/registry.yaml where only the states keep their QIDs, as a curator starts. Prints the
wall time of a cold run (every answer asked of the stand-in), of a rerun answered from the cache, and
how many proposals match the registry's verified QIDs.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_link_online import HOMONYMS, REGISTRY, proposals_in, unlinked_copy  # noqa: E402
from wikidata_stub import DATA, WikidataStandin, article_standin  # noqa: E402

from conflict_kg.link import link  # noqa: E402
from conflict_kg.registry import load_registry  # noqa: E402


def main() -> None:
    article = load_registry(REGISTRY)
    standin = WikidataStandin(article_standin(article) + (DATA / "homonyms.ttl").read_text(encoding="utf-8"))
    base = standin.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            registry = unlinked_copy(Path(folder))
            arguments = ["--registry", str(registry), "--wikidata-api", "--api-url", f"{base}/w/api.php",
                         "--sparql-url", f"{base}/sparql", "--cache", f"{folder}/cache", "--contact", "bench",
                         "--dry-run"]
            timings = []
            for _ in ("cold", "cached"):
                started = time.perf_counter()
                result = CliRunner().invoke(link, arguments)
                timings.append(time.perf_counter() - started)
                assert result.exit_code == 0, result.output
            found = proposals_in(result.output)
    finally:
        standin.stop()
    expected = {e.id: e.wikidata for e in article if e.wikidata and not {"State", "Country"} & set(e.types)}
    right = sum(1 for i, q in expected.items() if found.get(i) == ("proposed", q))
    homonyms = sum(1 for status, qid in found.values() if status == "proposed" and qid in HOMONYMS)
    requests = re.search(r"Wikidata: (\d+) request", result.output)
    print(f"entities with candidates: {len(found)}; stand-in items to find: {len(expected)}; proposed right: {right}; "
          f"homonyms proposed: {homonyms}")
    print(f"cold run {timings[0]:.2f} s ({len(standin.requests)} requests), "
          f"cached rerun {timings[1]:.2f} s ({requests.group(1) if requests else '?'} requests)")


if __name__ == "__main__":
    main()
