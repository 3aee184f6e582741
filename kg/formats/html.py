"""A saved HTML page of an article (Wikipedia's rendered page, or any page with headings and
paragraphs), read with lxml: a fast, maintained HTML parser (libxml2's, tolerant of the tag soup of
saved pages) with a real tree, so what is a heading, a paragraph, an infobox row or a caption is
read off the elements rather than guessed from the text.

Only the article body is read (``.mw-parser-output`` or ``<main>``/``<article>`` when there is one):
menus, edit links, navboxes, the table of contents, styles and scripts are dropped. Citation
markers are Wikipedia's own ``<sup class="reference">[16]</sup>``, kept as they show.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from conflict_kg.formats import FormatError, Layout, LayoutWriter

HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Classes of elements a reader of the article body does not read as the article's text.
DROPPED_CLASSES = frozenset({"mw-editsection", "navbox", "navbox-styles", "toc", "mw-jump-link", "noprint",
                             "metadata", "ambox", "mw-empty-elt", "sistersitebox", "shortdescription",
                             "mw-cite-backlink", "sidebar", "vertical-navbox", "printfooter", "catlinks",
                             "mw-indicators", "side-box", "portal"})
DROPPED_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "button", "svg",
                          "math", "link", "meta", "input", "form", "audio", "video", "map"})
HATNOTE_CLASSES = frozenset({"hatnote", "dablink", "rellink"})
REFERENCE_CLASSES = frozenset({"reflist", "references", "mw-references-wrap", "refbegin"})
BLOCK_TAGS = frozenset({"p", "ul", "ol", "dl", "table", "blockquote", "figure", "div", "section",
                        *HEADINGS})
BODY_XPATHS = ('//*[contains(concat(" ", normalize-space(@class), " "), " mw-parser-output ")]',
               "//main", "//article", "//body")


def read_html(text: str) -> Layout:
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"not readable as HTML: {exc}") from None
    body = next((found[0] for xpath in BODY_XPATHS if (found := root.xpath(xpath))), root)
    writer = LayoutWriter("html")
    _walk(body, writer)
    return writer.layout()


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _dropped(element) -> bool:
    return (not isinstance(element.tag, str) or element.tag in DROPPED_TAGS
            or bool(_classes(element) & DROPPED_CLASSES) or element.get("id") == "toc"
            or (element.get("style") or "").replace(" ", "").find("display:none") >= 0)


def _words(element) -> str:
    """The text a reader sees in an element: dropped parts left out, line breaks as spaces."""
    parts: list[str] = []

    def visit(node) -> None:
        if _dropped(node):
            return
        if node.tag == "br":
            parts.append(" ")
        elif node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in ("p", "li", "div", "td", "th", "dd", "dt", "tr"):
            parts.append(" ")

    visit(element)
    return " ".join("".join(parts).split())


def _walk(element, writer: LayoutWriter) -> None:
    for child in element:
        if _dropped(child):
            continue
        tag, classes = child.tag, _classes(child)
        if tag in HEADINGS:
            writer.heading(_words(child), HEADINGS[tag])
        elif classes & HATNOTE_CLASSES:
            writer.add("hatnote", _words(child))
        elif classes & REFERENCE_CLASSES or tag == "ol" and "references" in classes:
            for item in child.iter("li"):
                writer.add("reference", _words(item))
        elif tag == "p":
            writer.add("paragraph", _words(child))
        elif tag in ("ul", "ol"):
            for item in child:
                if item.tag == "li" and not _dropped(item):
                    _list_item(item, writer)
        elif tag == "dl":
            for item in child:
                if item.tag in ("dd", "dt") and not _dropped(item):
                    writer.add("item", _words(item))
        elif tag == "table":
            _table(child, writer, "infobox" if "infobox" in classes else "table")
        elif tag == "blockquote":
            writer.add("quote", _words(child))
        elif tag == "figure" or classes & {"thumb", "gallerybox", "gallerytext"}:
            for caption in child.xpath('.//figcaption | .//*[contains(@class, "thumbcaption")]'
                                       ' | .//*[contains(@class, "gallerytext")]'):
                writer.add("caption", _words(caption))
        elif tag == "figcaption":
            writer.add("caption", _words(child))
        elif any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in child.iter() if c is not child):
            _walk(child, writer)  # a container (section, div, center) of blocks
        else:
            writer.add("paragraph", _words(child))  # a container of words only


def _list_item(item, writer: LayoutWriter) -> None:
    """A list item's own words; a list nested in it gives items of its own."""
    nested = [c for c in item if c.tag in ("ul", "ol")]
    for sub in nested:
        item.remove(sub)
    writer.add("item", _words(item))
    for sub in nested:
        for child in sub:
            if child.tag == "li" and not _dropped(child):
                _list_item(child, writer)


def _table(table, writer: LayoutWriter, kind: str) -> None:
    for caption in table.xpath("./caption"):
        writer.add("caption", _words(caption))
    for row in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells = [_words(cell) for cell in row if cell.tag in ("th", "td") and not _dropped(cell)]
        if any(cells):
            writer.add(kind, " | ".join(cell or "-" for cell in cells))
