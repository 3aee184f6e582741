"""Wikitext and HTML copies of a plain-text article, made from the text itself.

No saved wikitext or HTML of the project's article could be found (no network here), so the tests
write one the way MediaWiki would hold and show it: each ``[16]`` a ``<ref>`` (a named one, reused
where the text cites the same number again; MediaWiki then numbers references in order of first
use, so the numbers differ from the plain text's), each ``[a]`` an ``{{efn}}``, table lines a
wikitable, headings ``== … ==``; the HTML as Wikipedia renders it (``<sup class="reference">``,
``<h2>``, ``<p>``), with the page furniture a saved page has (menus, edit links, a navbox) around it.
"""

from __future__ import annotations

import html
import re

from conflict_kg.formats import Layout
from conflict_kg.formats.plain import read_plain

MARKER = re.compile(r"\s?\[(?:(?P<cite>\d{1,4})|(?P<note>[a-z]))\]")


def _wiki_markers(line: str, seen: set[str]) -> str:
    def replace(match: re.Match) -> str:
        if match.group("note"):
            return "{{efn|A note of the article.}}"
        number = match.group("cite")
        if number in seen:
            return f'<ref name="r{number}" />'
        seen.add(number)
        return f'<ref name="r{number}">{{{{cite web |title=Source {number} |url=https://example.org/{number}}}}}</ref>'
    return MARKER.sub(replace, line)


def to_wikitext(text: str) -> str:
    layout = read_plain(text)
    seen: set[str] = set()
    out: list[str] = ["{{Short description|A military offensive}}", "{{Use dmy dates|date=September 2023}}"]
    table: list[str] = []
    for block, line in _lines(layout):
        if block.kind == "table":
            cells = [c.strip() for c in re.split(r"\s*\|[\s|]*", line) if c.strip()]
            if cells:
                table.append("|-\n| " + " || ".join(_wiki_markers(c, seen) for c in cells))
            continue
        if table:
            out.append('{| class="wikitable"\n' + "\n".join(table) + "\n|}")
            table = []
        if not line.strip():
            continue
        if block.kind == "heading":
            out.append(f"== {line.strip()} ==")
        else:
            out.append(_wiki_markers(line, seen).replace("Azerbaijan ", "[[Azerbaijan]] ", 1))
    if table:
        out.append('{| class="wikitable"\n' + "\n".join(table) + "\n|}")
    out += ["== References ==", "{{Reflist}}", "[[Category:Conflicts in 2023]]"]
    return "\n\n".join(out) + "\n"


def _html_markers(line: str) -> str:
    escaped = html.escape(line, quote=False)
    return MARKER.sub(lambda m: f'<sup class="reference"><a href="#cite">[{m.group("cite") or m.group("note")}]</a></sup>',
                      escaped)


def to_html(text: str) -> str:
    layout = read_plain(text)
    body: list[str] = []
    rows: list[str] = []
    for block, line in _lines(layout):
        if block.kind == "table":
            cells = [c.strip() for c in re.split(r"\s*\|[\s|]*", line) if c.strip()]
            if cells:
                rows.append("<tr>" + "".join(f"<td>{_html_markers(c)}</td>" for c in cells) + "</tr>")
            continue
        if rows:
            body.append('<table class="infobox"><tbody>' + "".join(rows) + "</tbody></table>")
            rows = []
        if not line.strip():
            continue
        if block.kind == "heading":
            body.append(f'<div class="mw-heading mw-heading2"><h2>{html.escape(line.strip())}</h2>'
                        '<span class="mw-editsection">[<a href="#">edit</a>]</span></div>')
        else:
            body.append(f"<p>{_html_markers(line)}\n</p>")
    if rows:
        body.append('<table class="infobox"><tbody>' + "".join(rows) + "</tbody></table>")
    return ("<!DOCTYPE html><html><head><title>Article</title><style>p{margin:0}</style></head><body>"
            '<div id="mw-navigation"><ul><li>Main page</li><li>Contents</li></ul></div>'
            '<div id="mw-content-text"><div class="mw-content-ltr mw-parser-output">'
            + "\n".join(body)
            + '<div class="navbox">Navigation of related articles</div></div></div>'
            "<footer>This page was last edited</footer></body></html>")


def _lines(layout: Layout):
    for block in layout.blocks:
        yield block, layout.text[block.begin:block.end]
