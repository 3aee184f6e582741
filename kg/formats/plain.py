"""Plain text, the project's own format: one paragraph per line, headings as short lines of their own.

The text is kept byte for byte (offsets of earlier releases stay valid); only its structure is read:
a line with ``|`` is a table row (an infobox copied as text), a short line that does not end like a
sentence, and is not followed by a table row, is a heading and opens a section.
"""

from __future__ import annotations

from conflict_kg.formats import Block, Layout

HEADING_MAX = 80


def is_heading_line(line: str) -> bool:
    text = line.strip()
    return (0 < len(text) < HEADING_MAX and "|" not in text and any(c.isalnum() for c in text)
            and not text.endswith((".", "!", "?", ":", ";", ",", '"', "”", ")", "]")))


def read_plain(text: str) -> Layout:
    blocks: list[Block] = []
    section: tuple[str, ...] = ()
    position = 0
    lines = text.split("\n")
    for line, following in zip(lines, _next_nonblank(lines), strict=True):
        begin, position = position, position + len(line) + 1
        if "|" in line:
            kind = "table"
        elif is_heading_line(line) and "|" not in following:  # a table's caption or cell is no heading
            kind, section = "heading", (line.strip(),)
        else:
            kind = "paragraph"
        blocks.append(Block(kind, begin, begin + len(line), section))
    return Layout(text, blocks, "text")


def _next_nonblank(lines: list[str]) -> list[str]:
    """For each line, the first non-blank line after it ("" at the end)."""
    after, found = [], ""
    for line in reversed(lines):
        after.append(found)
        if line.strip():
            found = line
    return after[::-1]
