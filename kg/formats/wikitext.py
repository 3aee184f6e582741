"""MediaWiki wikitext (the source of a Wikipedia article), read with mwparserfromhell: it parses
templates, links, tags, tables and headings into a tree the way MediaWiki's own parser nests them,
which regular expressions over wikitext (nested templates, refs inside templates) get wrong.

What a reader of the rendered article sees is kept: link texts, the words of formatting tags, the
few templates that print words (language tags, ``convert``, ``nowrap``, dashes). References become
``[n]`` numbered in order of first use as MediaWiki numbers them (a named reference keeps its
number), footnotes (``efn`` and kin) ``[a]``, ``[b]``… The infobox becomes rows ``field | value``,
tables rows of cells, files and galleries captions, ``main``/``see also`` hatnotes hatnotes.
Templates that print no prose (citations, navboxes, maintenance tags) are dropped.
"""

from __future__ import annotations

import re
import string

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink

from conflict_kg.formats import Layout, LayoutWriter

NOTE_TEMPLATES = frozenset({"efn", "efn-ua", "efn-lr", "efn-la", "refn", "notetag", "note", "efn-lg"})
SHORT_CITATIONS = frozenset({"sfn", "sfnp", "sfnm", "harvnb", "r", "rp"})
HATNOTES = frozenset({"main", "see also", "further", "about", "for", "redirect", "distinguish", "details"})
QUOTES = frozenset({"quote", "blockquote", "cquote", "quote box", "rquote", "quotation"})
DASHES = {"ndash": "–", "snd": " – ", "spaced ndash": " – ", "mdash": "—", "nbsp": " ", "dash": "–"}
WORD_TEMPLATES = frozenset({"nowrap", "nobr", "small", "big", "sic", "lang", "transl", "transliteration",
                            "keep together", "noitalic", "nowiki", "abbr", "tooltip", "ill", "interlanguage link"})
DROPPED_TAGS = frozenset({"references", "math", "score", "templatestyles", "syntaxhighlight", "timeline",
                          "mapframe", "maplink", "graph", "chem", "ce", "hiero", "imagemap", "indicator"})
BLOCK_TAGS = frozenset({"li", "dt", "dd"})
NAMESPACE_DROPPED = re.compile(r"^\s*:?\s*(?:category|[a-z]{2,3}(?:-[a-z]+)?)\s*:", re.I)
FILE_LINK = re.compile(r"^\s*:?\s*(?:file|image)\s*:", re.I)
LETTERS = string.ascii_lowercase


def read_wikitext(text: str) -> Layout:
    flow = _Flow(LayoutWriter("wikitext"), _Markers())
    flow.nodes(mwparserfromhell.parse(text).nodes)
    flow.flush()
    return flow.writer.layout()


class _Markers:
    """Reference numbers and note letters, shared by everything read from one article."""

    def __init__(self):
        self.references: dict[str, int] = {}
        self.count = 0
        self.notes = 0

    def reference(self, name: str | None) -> str:
        if name and name in self.references:
            return f"[{self.references[name]}]"
        self.count += 1
        if name:
            self.references[name] = self.count
        return f"[{self.count}]"

    def note(self) -> str:
        letter = LETTERS[self.notes % 26] * (1 + self.notes // 26)
        self.notes += 1
        return f"[{letter}]"


class _Flow:
    """Walks the nodes in order: inline words into the current paragraph, blocks to the writer."""

    def __init__(self, writer: LayoutWriter | None, markers: _Markers):
        self.writer = writer  # None: inline only (a heading's title, a cell, a template's value)
        self.markers = markers
        self.buffer: list[str] = []
        self.kind = "paragraph"

    def text(self, nodes) -> str:
        inline = _Flow(None, self.markers)
        inline.nodes(nodes)
        return " ".join("".join(inline.buffer).split())

    def flush(self) -> None:
        if self.writer is None:
            return
        for paragraph in re.split(r"\n\s*\n", "".join(self.buffer)):
            if self.kind == "item":
                self.writer.add("item", paragraph)
                self.kind = "paragraph"
            else:
                self.writer.add("paragraph", paragraph)
        self.buffer = []

    def block(self, kind: str, words: str) -> None:
        if self.writer is None:
            self.buffer.append(" " + words + " ")
        elif kind in ("caption", "hatnote"):
            self.writer.add(kind, words)  # beside the paragraph it sits in, which goes on
        else:
            self.flush()
            self.writer.add(kind, words)

    def nodes(self, nodes) -> None:
        for node in nodes:
            self.node(node)

    def node(self, node) -> None:
        if isinstance(node, Text):
            self._text(str(node.value))
        elif isinstance(node, Heading):
            title = self.text(node.title.nodes)
            if self.writer is None:
                self.buffer.append(title)
            else:
                self.flush()
                self.writer.heading(title, node.level)
        elif isinstance(node, Wikilink):
            self._link(node)
        elif isinstance(node, ExternalLink):
            if node.title is not None:
                self.buffer.append(self.text(node.title.nodes))
        elif isinstance(node, Template):
            self._template(node)
        elif isinstance(node, Tag):
            self._tag(node)
        elif isinstance(node, HTMLEntity):
            self.buffer.append(node.normalize())
        elif isinstance(node, Comment):
            return
        # arguments ({{{1}}}) and other nodes print nothing in an article

    def _text(self, value: str) -> None:
        if self.kind == "item" and "\n" in value and self.writer is not None:
            before, _, after = value.partition("\n")
            self.buffer.append(before)
            self.flush()  # a list item ends at the end of its line
            value = after
        self.buffer.append(value)

    def _link(self, node: Wikilink) -> None:
        title = str(node.title)
        if FILE_LINK.match(title):
            caption = _last_argument(node)
            if caption is not None:
                self.block("caption", self.text(caption.nodes))
            return
        if NAMESPACE_DROPPED.match(title):
            return  # categories and links to other languages print nothing in place
        self.buffer.append(self.text(node.text.nodes) if node.text is not None else title.split("#")[0].strip())

    def _template(self, node: Template) -> None:
        name = " ".join(str(node.name).strip().lower().replace("_", " ").split())
        if name.startswith("infobox"):
            for param in node.params:
                value = self.text(param.value.nodes)
                if value:
                    self.block("infobox", f"{str(param.name).strip().replace('_', ' ')} | {value}")
        elif name in NOTE_TEMPLATES:
            self.buffer.append(self.markers.note())
        elif name in SHORT_CITATIONS:
            self.buffer.append(self.markers.reference("sfn:" + str(node).lower()))
        elif name in HATNOTES and self.writer is not None:
            targets = [self.text(p.value.nodes) for p in node.params if not p.showkey]
            label = "Main article" if name == "main" else name.capitalize()
            self.block("hatnote", f"{label}: {', '.join(targets)}")
        elif name in QUOTES:
            quote = _param(node, "text", "quote", "1")
            if quote is not None:
                self.block("quote", self.text(quote.nodes))
        elif name in DASHES:
            self.buffer.append(DASHES[name])
        elif name == "convert" and node.has("1"):
            unit = self.text(node.get("2").value.nodes) if node.has("2") else ""
            self.buffer.append(f"{self.text(node.get('1').value.nodes)} {unit}".strip())
        elif name in ("circa", "c."):
            self.buffer.append("c. " + (self.text(node.get("1").value.nodes) if node.has("1") else ""))
        elif name.startswith("lang-") and node.has("1"):
            self.buffer.append(self.text(node.get("1").value.nodes))
        elif name in WORD_TEMPLATES:
            positional = [p for p in node.params if not p.showkey]
            if positional:  # {{lang|az|Xankəndi}} shows its last positional argument
                chosen = positional[1] if name in ("lang", "transl", "transliteration") and len(positional) > 1 \
                    else positional[0]
                self.buffer.append(self.text(chosen.value.nodes))
        # every other template (citations, navboxes, maintenance tags, flags) prints no prose

    def _tag(self, node: Tag) -> None:
        tag = str(node.tag).lower()
        if tag == "ref":
            name = node.get("name").value.strip().strip('"') if node.has("name") else None
            group = node.get("group").value.strip().strip('"').lower() if node.has("group") else ""
            if group in ("note", "notes", "lower-alpha", "n", "nb", "upper-alpha"):
                self.buffer.append(self.markers.note())
            else:
                self.buffer.append(self.markers.reference(name))
        elif tag in DROPPED_TAGS:
            return
        elif tag == "br":
            self.buffer.append(" ")
        elif tag in BLOCK_TAGS and node.wiki_markup:
            if self.writer is not None:
                self.flush()
                self.kind = "item"
        elif tag == "table":
            self._table(node)
        elif tag == "blockquote":
            self.block("quote", self.text(node.contents.nodes))
        elif tag == "gallery":
            for line in str(node.contents).splitlines():
                if "|" in line:
                    self.block("caption", self.text(mwparserfromhell.parse(line.split("|", 1)[1]).nodes))
        elif tag == "hr":
            self.flush()
        elif node.contents is not None:
            self.nodes(node.contents.nodes)  # b, i, small, span, sup, div, nowiki: their words stay

    def _table(self, node: Tag) -> None:
        cells: list[str] = []
        for child in node.contents.nodes:
            if isinstance(child, Tag) and str(child.tag).lower() in ("th", "td"):
                cells.append(self.text(child.contents.nodes))
            elif isinstance(child, Tag) and str(child.tag).lower() == "tr":
                self._row(cells)
                cells = [self.text(c.contents.nodes) for c in child.contents.nodes
                         if isinstance(c, Tag) and str(c.tag).lower() in ("th", "td")]
            elif isinstance(child, Tag) and str(child.tag).lower() == "caption":
                self.block("caption", self.text(child.contents.nodes))
        self._row(cells)

    def _row(self, cells: list[str]) -> None:
        if any(cells):
            self.block("table", " | ".join(cell or "-" for cell in cells))


def _last_argument(node: Wikilink):
    """A file link's caption: its last ``|`` argument that is not an option (thumb, 250px, left…)."""
    if node.text is None:
        return None
    pieces: list[list] = [[]]
    depth = 0
    for child in node.text.nodes:
        if isinstance(child, Text) and depth == 0 and "|" in str(child.value):
            for i, piece in enumerate(str(child.value).split("|")):
                if i:
                    pieces.append([])
                if piece:
                    pieces[-1].append(Text(piece))
        else:
            pieces[-1].append(child)
    for piece in reversed(pieces):
        words = "".join(str(p) for p in piece).strip()
        if words and not re.fullmatch(r"thumb(nail)?|frame(less)?|border|left|right|center|centre|none|upright"
                                      r"(=?[\d.]+)?|\d*x?\d+px|alt=.*|link=.*|class=.*|lang=.*|page=\d+", words):
            return mwparserfromhell.parse("".join(str(p) for p in piece))
    return None


def _param(node: Template, *names: str):
    for name in names:
        if node.has(name):
            return node.get(name).value
    return None
