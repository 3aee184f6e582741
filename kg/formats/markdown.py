"""Markdown (CommonMark with tables), as most saved copies of Wikipedia articles are, read with
markdown-it-py: a CommonMark-compliant parser (the reference test suite passes), so emphasis, links,
images and lists are recognised by the grammar rather than by our own regular expressions.

Images become captions (their alt text); a YAML front matter block is skipped; wikitext that a
converter left behind (``[[File:…|thumb|caption]]``, ``[[target|text]]``, ``''italic''``) is read
the way MediaWiki would show it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from conflict_kg.formats import Layout, LayoutWriter

FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S)
WIKI_FILE = re.compile(r"\[\[(?:File|Image):[^\[\]]*(?:\[\[[^\[\]]*\]\][^\[\]]*)*\]\]", re.I)
WIKI_LINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]|]*)\]\]")
WIKI_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
WIKI_EMPHASIS = re.compile(r"'{2,5}")
FOOTNOTE_REF = re.compile(r"\[\^(\d{1,4})\]")
CONTAINERS = {"bullet_list_open": "item", "ordered_list_open": "item", "blockquote_open": "quote"}


def read_markdown(text: str) -> Layout:
    text = _wiki_files_as_images(FRONT_MATTER.sub("", text, count=1))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    writer = LayoutWriter("markdown")
    container: list[str] = []  # the kinds of the lists and quotations we are inside
    row: list[str] | None = None
    heading_level = 0
    for token in tokens:
        if token.type in CONTAINERS:
            container.append(CONTAINERS[token.type])
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            container.pop()
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            writer.add("table", " | ".join(cell or "-" for cell in row))
            row = None
        elif token.type == "inline":
            words, captions = _inline(token.children or [])
            if row is not None:
                row.append(words)
            elif heading_level:
                writer.heading(words, heading_level)
            else:
                writer.add(container[-1] if container else "paragraph", words)
            for caption in captions:
                writer.add("caption", caption)
        elif token.type in ("fence", "code_block", "html_block"):
            continue  # code and raw HTML are not the article's prose
    return writer.layout()


def _wiki_files_as_images(text: str) -> str:
    """A wikitext ``[[File:…]]`` may span paragraphs; make it one Markdown image before parsing."""
    out: list[str] = []
    position = 0
    for match in re.finditer(r"\[\[(?:File|Image):", text, re.I):
        if match.start() < position:
            continue  # nested in the previous one
        depth, end = 0, match.start()
        while end < len(text):
            if text.startswith("[[", end):
                depth, end = depth + 1, end + 2
            elif text.startswith("]]", end):
                depth, end = depth - 1, end + 2
                if depth == 0:
                    break
            else:
                end += 1
        parts = text[match.start() + 2:end - 2].split("|")
        caption = re.sub(r"[\[\]()]", "", WIKI_LINK.sub(r"\1", parts[-1] if len(parts) > 1 else ""))
        out.append(text[position:match.start()])
        out.append(f"\n\n![{' '.join(caption.split())}](file)\n\n")
        position = end
    out.append(text[position:])
    return "".join(out)


def _inline(children: list[Token]) -> tuple[str, list[str]]:
    """The words of an inline run as a reader sees them, and the captions of its images."""
    words: list[str] = []
    captions: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif child.type == "image":
            captions.append(child.content or "".join(c.content for c in child.children or []))
        # emphasis, links and inline HTML: their marks go, their words (text children) stay
    return wiki_leftovers("".join(words), captions), captions


def wiki_leftovers(text: str, captions: list[str]) -> str:
    """Wikitext a converter left in the Markdown, shown as MediaWiki shows it."""
    for match in WIKI_FILE.findall(text):
        parts = match[2:-2].split("|")
        if len(parts) > 1:
            captions.append(WIKI_LINK.sub(r"\1", parts[-1]))
    text = WIKI_FILE.sub("", text)
    text = WIKI_LINK.sub(r"\1", text)
    while WIKI_TEMPLATE.search(text):
        text = WIKI_TEMPLATE.sub("", text)
    text = FOOTNOTE_REF.sub(r"[\1]", text)
    return WIKI_EMPHASIS.sub("", text)
