"""``python -m bench.parse_split``: the article's cold parse in one forked child vs split between two.

Side by side in one run (alternating, 5 rounds, medians), so the machine's drifting speed hits both
alike; checks that both give the same rows. This is the measurement behind kg/parse.py's split.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import statistics
import time
from pathlib import Path

from conflict_kg import parse
from conflict_kg.document import Document

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt"


def in_children(texts: list[str], children: int) -> list:
    parts = parse._split_by_length(texts, children)
    with concurrent.futures.ProcessPoolExecutor(len(parts), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(parse._parse_in_child, part) for part in parts]
        return [rows for future in futures for rows in future.result()]


def main(rounds: int = 5) -> None:
    texts = [sentence.clean for sentence in Document.from_file(ARTICLE).sentences]
    seconds: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for children in (1, 2):
            started = time.perf_counter()
            in_children(texts, children)
            seconds[children].append(time.perf_counter() - started)
    same = in_children(texts, 1) == in_children(texts, 2)
    one, two = statistics.median(seconds[1]), statistics.median(seconds[2])
    print(f"{len(texts)} sentences; cold parse, median of {rounds}: one child {one:.2f} s, two children "
          f"{two:.2f} s (ratio {two / one:.2f}); same rows: {same}")
    print("every run:", {k: [round(x, 2) for x in v] for k, v in seconds.items()})


if __name__ == "__main__":
    main()
