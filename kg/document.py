"""Read a source article: paragraphs, sentences with code-point offsets, citation markers.

The rules downstream see ``Sentence.clean``: the sentence with its citation and note markers blanked
out by spaces of the same length, so every offset in the clean text is also an offset in the stored
document and provenance needs no mapping back.

>>> doc = Document.from_text("demo", "Troops left. [3] [4] Talks began [a] on Monday.[5]\\nNext line.")
>>> [(s.text, s.citations, s.notes) for s in doc.sentences]
[('Troops left.', (3, 4), ()), ('Talks began [a] on Monday.', (5,), ('a',)), ('Next line.', (), ())]
>>> doc.sentences[1].clean
'Talks began     on Monday.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from conflict_kg.formats import EXTRACTED_KINDS, TABLE_KINDS, FormatError, Layout, detect_format, read_layout

# "[16]" cites a reference, "[d]" points at a note. Editorial insertions inside quotations such as
# "[Ilham]" or "[and]" are part of the text: only one lowercase letter or digits count as markers.
MARKER = re.compile(r"\s?\[(?:(?P<cite>\d{1,4})|(?P<note>[a-z]))\]")

# A sentence ends at . ! ? (possibly followed by closing quotes or brackets), then whitespace,
# then something that can start a sentence. Abbreviations that end in a period do not end one.
SENTENCE_END = re.compile(
    r"[.!?][\"'”’)]*(?=(?:\s?\[(?:\d{1,4}|[a-z])\])*\s+[\"“'‘(]?[A-Z0-9À-ÖØ-Þ])"
)
# A long Wikipedia article is well under 1 MB of text; 10 MB is a generous ceiling.
MAX_DOCUMENT_BYTES = 10_000_000
TABLE_SEPARATOR = re.compile(r"\s*\|[\s|]*")
ABBREVIATION = re.compile(
    # titles and ranks written before a name ("Brig. Gen. X", "Fr. X", "Sen. X") never end a sentence
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Capt|Maj|Sgt|Brig|Adm|Cmdr|Cpl|Pvt|Fr|Rev|Sen|Rep|Gov|Supt|"
    r"Insp|Hon|Prof|No|vs|etc|approx|Inc|Ltd|Co)"
    r"|\b[A-Z](?:\.[A-Z])*)\.$"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == document.text[begin:end]``; markers that follow it belong to it."""

    index: int
    paragraph: int
    begin: int
    end: int
    text: str
    clean: str
    citations: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    in_table: bool = False  # a cell of a table row (an infobox), not running prose
    block: str = "paragraph"  # what its line is (conflict_kg.formats.BLOCK_KINDS)
    section: tuple[str, ...] = ()  # the headings it stands under, outermost first

    @property
    def extracted(self) -> bool:
        """Facts are read from it (not from a caption, a reference list or a hatnote)."""
        return self.block in EXTRACTED_KINDS


@dataclass
class Document:
    doc_id: str
    text: str  # the normalised text: for plain text the file itself, else what conflict_kg.formats made
    sentences: list[Sentence] = field(default_factory=list)
    layout: Layout | None = None

    @classmethod
    def from_file(cls, path: Path, doc_id: str | None = None, fmt: str | None = None) -> Document:
        """``fmt``: text, markdown, wikitext or html; by default from the suffix, else guessed."""
        size = Path(path).stat().st_size
        if size > MAX_DOCUMENT_BYTES:  # refused before reading: extraction would run for hours
            raise DocumentError(f"{path}: the document is {size / 1e6:.1f} MB; a source document may "
                                f"have at most {MAX_DOCUMENT_BYTES / 1e6:.0f} MB")
        raw = Path(path).read_bytes()
        if not raw.strip():
            raise DocumentError(f"{path}: the document is empty")
        if b"\x00" in raw:
            raise DocumentError(f"{path}: the document is binary (it contains NUL bytes), not text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
        fmt = fmt or detect_format(Path(path), text)
        try:
            return cls.from_text(doc_id or Path(path).stem, text, fmt)
        except FormatError as exc:
            raise DocumentError(f"{path}: {exc}") from None

    @classmethod
    def from_text(cls, doc_id: str, text: str, fmt: str = "text") -> Document:
        layout = read_layout(text, fmt)
        if text.strip() and not layout.text.strip():
            raise FormatError(f"no text left after reading it as {fmt} (is that its format?)")
        doc = cls(doc_id=doc_id, text=layout.text, layout=layout)
        doc.sentences = list(_split(layout))
        return doc

    def paragraphs(self) -> list[list[Sentence]]:
        grouped: dict[int, list[Sentence]] = {}
        for sentence in self.sentences:
            grouped.setdefault(sentence.paragraph, []).append(sentence)
        return list(grouped.values())


class DocumentError(ValueError):
    """The input cannot be read as an article."""


def _split(layout: Layout):
    text = layout.text
    index = 0
    position = 0
    for paragraph_number, line in enumerate(text.split("\n")):
        line_start = position
        position += len(line) + 1
        block = layout.block_at(paragraph_number)
        kind = block.kind if block else "paragraph"
        in_table = kind in TABLE_KINDS
        for cell_start, cell in _cells(line) if in_table else [(0, line)]:
            for begin, end in _sentence_spans(cell):
                start = line_start + cell_start
                yield _make_sentence(text, index, paragraph_number, start + begin, start + end, in_table,
                                     kind, block.section if block else ())
                index += 1


def _cells(line: str):
    """Table rows ("a | b | ||||") are split into their cells; prose lines are one cell."""
    if "|" not in line:
        yield from _items(0, line)  # a row of one cell
        return
    start = 0
    for match in TABLE_SEPARATOR.finditer(line):
        yield from _items(start, line[start:match.start()])
        start = match.end()
    yield from _items(start, line[start:])


# In a table cell a citation marker ends an item: "5 killed [13] [14] 100,617 fled [15]" is two.
CELL_ITEM_END = re.compile(r"(?:\s?\[(?:\d{1,4}|[a-z])\])+\s+(?=[A-Z0-9])")


def _items(offset: int, cell: str):
    start = 0
    for match in CELL_ITEM_END.finditer(cell):
        yield offset + start, cell[start:match.end()]
        start = match.end()
    yield offset + start, cell[start:]


def _sentence_spans(line: str):
    """Spans of sentences in one paragraph, each extended over the markers that follow it."""
    start = _skip_space(line, 0)
    for match in SENTENCE_END.finditer(line):
        stop = match.end()
        if ABBREVIATION.search(line[start:stop]) and not _followed_by_marker(line, stop):
            continue
        stop = _swallow_markers(line, stop)
        if _has_words(line[start:stop]):
            yield start, stop
        start = _skip_space(line, stop)
    stop = len(line.rstrip())
    if _has_words(line[start:stop]):
        yield start, stop


def _has_words(span: str) -> bool:
    return any(character.isalnum() for character in span)


def _followed_by_marker(line: str, position: int) -> bool:
    return MARKER.match(line, position) is not None


def _swallow_markers(line: str, position: int) -> int:
    while (match := MARKER.match(line, position)) is not None:
        position = match.end()
    return position


def _skip_space(line: str, position: int) -> int:
    while position < len(line) and line[position].isspace():
        position += 1
    return position


def _make_sentence(text: str, index: int, paragraph: int, begin: int, end: int, in_table: bool,
                   block: str = "paragraph", section: tuple[str, ...] = ()) -> Sentence:
    body = text[begin:end]
    citations: list[int] = []
    notes: list[str] = []
    clean = list(body)
    for match in MARKER.finditer(body):
        if match.group("cite"):
            citations.append(int(match.group("cite")))
        else:
            notes.append(match.group("note"))
        for i in range(match.start(), match.end()):
            clean[i] = " "
    # Provenance spans the sentence's own words; trailing markers are kept as citations only.
    trimmed = len(body.rstrip(" ")) if not citations and not notes else _trim_trailing_markers(body)
    return Sentence(
        index=index,
        paragraph=paragraph,
        begin=begin,
        end=begin + trimmed,
        text=body[:trimmed],
        clean="".join(clean[:trimmed]),
        citations=tuple(dict.fromkeys(citations)),
        notes=tuple(dict.fromkeys(notes)),
        in_table=in_table,
        block=block,
        section=section,
    )


def _trim_trailing_markers(body: str) -> int:
    end = len(body)
    while True:
        stripped = body[:end].rstrip()
        match = re.search(r"\s?\[(?:\d{1,4}|[a-z])\]$", stripped)
        if not match:
            return len(stripped)
        end = match.start()
