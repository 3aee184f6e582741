"""Read an article saved as plain text, Markdown, MediaWiki wikitext or HTML into one layout.

Every reader gives the same thing: the **normalised text** (one block per line: a heading, a
paragraph, a list item, a table or infobox row with its cells joined by `` | ``, a caption, a
quotation, a reference) with citation markers written as ``[16]`` and notes as ``[a]``, and the list
of **blocks** saying what each line is and under which section headings it stands. Offsets of every
fact point into that normalised text, which the release ships beside the graph (``source-<id>.txt``).

Plain text is read as it is (offsets unchanged); its structure is read off the lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# What a line of the normalised text is. Facts come from PROSE_KINDS (tables and the infobox only
# through the rules meant for them: their cells are marked ``in_table``); captions, references and
# hatnotes are kept in the text (for the reader) but nothing is extracted from them.
BLOCK_KINDS = ("heading", "paragraph", "item", "quote", "table", "infobox", "caption", "reference", "hatnote")
EXTRACTED_KINDS = frozenset({"heading", "paragraph", "item", "quote", "table", "infobox"})
TABLE_KINDS = frozenset({"table", "infobox"})

# Wikipedia's standard appendix sections (WP:LAYOUT): lists of links and sources, not the article's story.
APPENDIX_HEADINGS = frozenset({"see also", "notes", "references", "external links", "further reading",
                               "bibliography", "sources", "citations", "footnotes", "explanatory notes",
                               "notes and references", "works cited"})

_APPENDIX_ALTERNATIVES = "|".join(sorted(APPENDIX_HEADINGS, key=len, reverse=True))
APPENDIX = re.compile(rf"(?:{_APPENDIX_ALTERNATIVES})\b", re.I)  # "References[object Object]" too
SPACES = re.compile(r"\s+")
FLAG_EMOJI = re.compile("[\U0001F1E6-\U0001F1FF]")  # regional indicators: a flag icon drawn as text


@dataclass(frozen=True)
class Block:
    kind: str
    begin: int  # offsets into the normalised text; a block is one line
    end: int
    section: tuple[str, ...] = ()  # the headings it stands under, outermost first


@dataclass
class Layout:
    text: str
    blocks: list[Block] = field(default_factory=list)
    format: str = "text"

    def block_at(self, line: int) -> Block | None:
        return self.blocks[line] if 0 <= line < len(self.blocks) else None


class FormatError(ValueError):
    """The document cannot be read in the format it was given or looks like."""


class LayoutWriter:
    """Collects blocks line by line; a heading opens a section (closing those at its level or below)."""

    def __init__(self, fmt: str):
        self.format = fmt
        self.lines: list[str] = []
        self.blocks: list[Block] = []
        self.position = 0
        self.sections: list[tuple[int, str]] = []  # (level, title)

    @property
    def in_appendix(self) -> bool:
        return any(APPENDIX.match(title) for _, title in self.sections)

    def heading(self, title: str, level: int) -> None:
        title = normalise_space(title)
        if not any(c.isalnum() for c in title):
            return
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        self.sections.append((level, title))
        self._line("heading", title)

    def add(self, kind: str, text: str) -> None:
        if kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {kind!r}")
        text = normalise_space(text)
        if not any(c.isalnum() for c in text):
            return
        if self.in_appendix and kind != "heading":
            kind = "reference"
        self._line(kind, text)

    def _line(self, kind: str, text: str) -> None:
        section = tuple(title for _, title in self.sections)
        self.blocks.append(Block(kind, self.position, self.position + len(text), section))
        self.lines.append(text)
        self.position += len(text) + 1

    def layout(self) -> Layout:
        return Layout("\n".join(self.lines) + "\n" if self.lines else "", self.blocks, self.format)


def normalise_space(text: str) -> str:
    """One space between words; none before a citation marker or a comma, as the page shows them."""
    text = SPACES.sub(" ", FLAG_EMOJI.sub("", text).replace("\u00a0", " ")).strip()
    text = re.sub(r"\s+(\[(?:\d{1,4}|[a-z])\])", r"\1", text)  # a marker sits on the word it follows
    return re.sub(r"\s+([.,;:!?])(?=\s|$|\[)", r"\1", text)


FORMATS = ("text", "markdown", "wikitext", "html")
SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".wiki": "wikitext", ".wikitext": "wikitext", ".mediawiki": "wikitext",
            ".html": "html", ".htm": "html"}


def detect_format(path: Path, text: str) -> str:
    """The format named by the file's suffix, else guessed from its first lines."""
    by_suffix = SUFFIXES.get(Path(path).suffix.lower())
    if by_suffix:
        return by_suffix
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if re.search(r"^\{\{infobox|^==[^=].*==\s*$|'''", text[:4000], re.M | re.I):
        return "wikitext"
    if re.search(r"^#{1,6} |^---\n", text[:4000], re.M):
        return "markdown"
    return "text"


def read_layout(text: str, fmt: str) -> Layout:
    if fmt == "text":
        from conflict_kg.formats.plain import read_plain
        return read_plain(text)
    if fmt == "markdown":
        from conflict_kg.formats.markdown import read_markdown
        return read_markdown(text)
    if fmt == "wikitext":
        from conflict_kg.formats.wikitext import read_wikitext
        return read_wikitext(text)
    if fmt == "html":
        from conflict_kg.formats.html import read_html
        return read_html(text)
    raise FormatError(f"unknown document format {fmt!r}; known: {', '.join(FORMATS)}")
