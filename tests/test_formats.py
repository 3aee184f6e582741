"""Document formats: plain text, Markdown, wikitext and HTML read into one layout (kg/formats/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from article_copies import to_html, to_wikitext

from conflict_kg.corpus import CorpusError, load_corpus
from conflict_kg.document import Document, DocumentError
from conflict_kg.extract import extract
from conflict_kg.formats import detect_format, read_layout
from conflict_kg.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt"
MARKER = re.compile(r"\[(?:\d{1,4}|[a-z])\]")


def lines(layout):
    return [(b.kind, layout.text[b.begin:b.end], b.section) for b in layout.blocks]


def test_plain_text_is_kept_byte_for_byte_and_its_headings_open_sections():
    text = "Intro line.\nBackground\nIt began. [3]\nCasualties\n5 killed [4] | 7 wounded |\n"
    layout = read_layout(text, "text")
    assert layout.text == text
    assert [(kind, section) for kind, _, section in lines(layout)] == [
        ("paragraph", ()), ("heading", ("Background",)), ("paragraph", ("Background",)),
        ("paragraph", ("Background",)),  # followed by a table row: a table's title, not a heading
        ("table", ("Background",)), ("paragraph", ("Background",))]


def test_markdown_headings_lists_tables_images_and_front_matter():
    text = ("---\ntitle: X\n---\n# Siege\n\nThe **siege** of [Zenda](https://x.org) began.[^3]\n"
            "![Ruins of the city](https://img/ruins.jpg)\n\n## Background\n### Early days\n* 5 killed\n"
            "* 7 wounded\n\n> Quoted words.\n\n| Side | Losses |\n|---|---|\n| A | 5 |\n\n"
            "🇷🇺 Ruritania: a statement.\n\n## See also\n* [Other war](https://x)\n")
    layout = read_layout(text, "markdown")
    assert lines(layout) == [
        ("heading", "Siege", ("Siege",)),
        ("paragraph", "The siege of Zenda began.[3]", ("Siege",)),
        ("caption", "Ruins of the city", ("Siege",)),
        ("heading", "Background", ("Siege", "Background")),
        ("heading", "Early days", ("Siege", "Background", "Early days")),
        ("item", "5 killed", ("Siege", "Background", "Early days")),
        ("item", "7 wounded", ("Siege", "Background", "Early days")),
        ("quote", "Quoted words.", ("Siege", "Background", "Early days")),
        ("table", "Side | Losses", ("Siege", "Background", "Early days")),
        ("table", "A | 5", ("Siege", "Background", "Early days")),
        ("paragraph", "Ruritania: a statement.", ("Siege", "Background", "Early days")),
        ("heading", "See also", ("Siege", "See also")),
        ("reference", "Other war", ("Siege", "See also")),  # an appendix section is not the story
    ]


def test_markdown_wikitext_leftovers_are_read_as_mediawiki_shows_them():
    text = ("Troops [[Zenda (city)|entered Zenda]] and ''held'' it.{{citation needed}}\n\n"
            "[[File:Bridges.png|thumb|350px|Bridges of the river:• North Bridge\n\n• South Bridge]]**May 4**\n\n"
            "The bridge fell.\n")
    layout = read_layout(text, "markdown")
    assert lines(layout) == [("paragraph", "Troops entered Zenda and held it.", ()),
                             ("caption", "Bridges of the river:• North Bridge • South Bridge", ()),
                             ("paragraph", "May 4", ()), ("paragraph", "The bridge fell.", ())]


WIKITEXT = """{{Infobox military conflict
| conflict = Zenda offensive
| casualties1 = 192 killed<ref name="mod">{{cite web |title=MoD}}</ref>
}}
'''The Zenda offensive''' was launched by [[Ruritania|Ruritanian]] forces.<ref>{{cite news |title=A}}</ref> It ended,
two days later.<ref name="mod" />{{efn|Dates are local.}} The town ({{lang|xx|Zendagrad}}) lies {{convert|5|km}} away.

== Background ==
{{Main|Zenda conflict}}
* Shelling began.<ref>B</ref>
* Talks failed.
{| class="wikitable"
! Side !! Losses
|-
| Ruritania || 192
|}
[[File:Map.png|thumb|250px|The front on 3 May]]
<blockquote>We will return.</blockquote>
=== Aftermath ===
Refugees left.<!-- hidden comment -->[[Category:Wars]][[de:Zenda-Offensive]]

== References ==
{{Reflist}}
"""


def test_wikitext_references_numbered_in_order_of_first_use_and_structure_kept():
    layout = read_layout(WIKITEXT, "wikitext")
    assert lines(layout) == [
        ("infobox", "conflict | Zenda offensive", ()),
        ("infobox", "casualties1 | 192 killed[1]", ()),
        ("paragraph", "The Zenda offensive was launched by Ruritanian forces.[2] It ended, two days later.[1][a] "
                      "The town (Zendagrad) lies 5 km away.", ()),
        ("heading", "Background", ("Background",)),
        ("hatnote", "Main article: Zenda conflict", ("Background",)),
        ("item", "Shelling began.[3]", ("Background",)),
        ("item", "Talks failed.", ("Background",)),
        ("table", "Side | Losses", ("Background",)),
        ("table", "Ruritania | 192", ("Background",)),
        ("caption", "The front on 3 May", ("Background",)),
        ("quote", "We will return.", ("Background",)),
        ("heading", "Aftermath", ("Background", "Aftermath")),
        ("paragraph", "Refugees left.", ("Background", "Aftermath")),
        ("heading", "References", ("References",)),
    ]


HTML = """<!DOCTYPE html><html><head><title>Zenda</title><style>p{margin:0}</style><script>var x;</script></head>
<body><div id="mw-navigation"><ul><li>Main page</li></ul></div><div id="mw-content-text">
<div class="mw-content-ltr mw-parser-output"><div class="shortdescription">Short</div>
<table class="infobox"><tbody><tr><th>Date</th><td>3 May 2021<sup class="reference"><a>[1]</a></sup></td></tr>
</tbody></table><p>The <b>Zenda offensive</b> was launched by <a href="/wiki/R">Ruritania</a>.<sup class="reference">
<a href="#cite_note-2">[2]</a></sup> It ended<br>two days later.</p>
<div class="mw-heading mw-heading2"><h2 id="Background">Background</h2><span class="mw-editsection">[<a>edit</a>]</span></div>
<div role="note" class="hatnote navigation-not-searchable">Main article: <a>Zenda conflict</a></div>
<figure><a><img src="m.png"></a><figcaption>The front on 3 May</figcaption></figure>
<ul><li>Shelling began.<ul><li>At dawn.</li></ul></li><li>Talks failed.</li></ul>
<h3><span class="mw-headline">Aftermath</span><span class="mw-editsection">[edit]</span></h3><p>Refugees left.</p>
<div class="navbox">Wars of Ruritania</div><h2>References</h2><div class="reflist"><ol class="references">
<li>MoD report</li></ol></div></div></div><footer>Last edited</footer></body></html>"""


def test_html_reads_the_article_body_only():
    layout = read_layout(HTML, "html")
    assert lines(layout) == [
        ("infobox", "Date | 3 May 2021[1]", ()),
        ("paragraph", "The Zenda offensive was launched by Ruritania.[2] It ended two days later.", ()),
        ("heading", "Background", ("Background",)),
        ("hatnote", "Main article: Zenda conflict", ("Background",)),
        ("caption", "The front on 3 May", ("Background",)),
        ("item", "Shelling began.", ("Background",)),
        ("item", "At dawn.", ("Background",)),
        ("item", "Talks failed.", ("Background",)),
        ("heading", "Aftermath", ("Background", "Aftermath")),
        ("paragraph", "Refugees left.", ("Background", "Aftermath")),
        ("heading", "References", ("References",)),
        ("reference", "MoD report", ("References",)),
    ]


def test_sentences_know_their_section_and_only_prose_is_read_for_facts(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("## Offensive\nRuritania shelled Zenda on 3 May 2021.\n\n"
                    "![Ruritania shelled Zenda on 4 May 2021](x.png)\n", encoding="utf-8")
    document = Document.from_file(path)
    assert [(s.text, s.block, s.section, s.extracted) for s in document.sentences] == [
        ("Offensive", "heading", ("Offensive",), True),
        ("Ruritania shelled Zenda on 3 May 2021.", "paragraph", ("Offensive",), True),
        ("Ruritania shelled Zenda on 4 May 2021", "caption", ("Offensive",), False)]
    for sentence in document.sentences:  # offsets point into the normalised text
        assert document.text[sentence.begin:sentence.end] == sentence.text


def test_format_from_suffix_or_content(tmp_path):
    assert detect_format(Path("a.md"), "") == "markdown"
    assert detect_format(Path("a.wiki"), "") == "wikitext"
    assert detect_format(Path("a.htm"), "") == "html"
    assert detect_format(Path("a"), "<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert detect_format(Path("a"), "'''Zenda''' is a town.\n== History ==\n") == "wikitext"
    assert detect_format(Path("a"), "# Zenda\n\nA town.") == "markdown"
    assert detect_format(Path("a"), "Zenda is a town.") == "text"


def test_a_document_with_no_prose_in_its_format_is_refused(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><body><script>only()</script></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="no text left after reading it as html"):
        Document.from_file(path)


def test_the_corpus_manifest_checks_a_declared_format(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "r.yaml").write_text("entities: []\n", encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "documents:\n- {id: a, path: a.txt, title: A, source: s, license: l, attribution: x, registry: r.yaml,"
        " format: docx}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="format 'docx' is not one of text, markdown, wikitext, html"):
        load_corpus(tmp_path / "corpus.yaml")


# --- the project's article from a wikitext and an HTML copy (tests/article_copies.py) -------------

def _fact_keys(document: Document, registry) -> set[tuple]:
    """Every fact with its fields, its sentence as words (citation numbers differ between formats)."""
    def words(text: str) -> str:
        return re.sub(r"\s+([,.;:])", r"\1", " ".join(MARKER.sub(" ", text).split()))

    def date(value) -> str:
        return f"{value.begin}/{value.end}/{value.precision}" if value is not None else ""

    _, extraction = extract(document, registry)
    keys: set[tuple] = set()
    for event in extraction.events:
        for m in event.mentions():
            keys.add(("event", m.kind, words(m.sentence.text), date(m.date), tuple(sorted(m.agents)),
                      tuple(sorted(m.targets)), tuple(sorted(m.places)), m.status))
    for s in extraction.statements:
        keys.add(("statement", s.kind, words(s.sentence.text), s.speaker, date(s.date), words(s.content)))
    for f in extraction.figures:
        keys.add(("figure", f.quantity_kind, words(f.sentence.text), f.value, f.according_to))
    for r in extraction.relations:
        keys.add(("relation", r.predicate, words(r.sentence.text), r.subject, r.object))
    return keys


@pytest.fixture(scope="module")
def article_facts():
    registry = load_registry(ROOT / "data" / "registry.yaml")
    text = ARTICLE.read_text(encoding="utf-8")
    return registry, text, _fact_keys(Document.from_text("a", text), registry)


@pytest.mark.parametrize("fmt, convert", [("wikitext", to_wikitext), ("html", to_html)])
def test_the_article_from_a_wikitext_or_html_copy_gives_the_same_facts(article_facts, fmt, convert):
    registry, text, plain = article_facts
    copy = Document.from_text("a", convert(text), fmt)
    assert "<ref" not in copy.text and "{{" not in copy.text and "<p>" not in copy.text
    other = _fact_keys(copy, registry)
    differing = plain ^ other
    print(f"\n{fmt}: {len(plain)} facts from the text, {len(other)} from the copy, {len(differing)} differ")
    assert len(plain) > 300
    assert len(differing) <= 0.02 * len(plain), sorted(differing)[:6]


# --- markup never reaches a fact ----------------------------------------------------------------

MARKUP = re.compile(r"\*\*|__|\]\(|\[\[|\]\]|\{\{|\}\}|<[a-z/][^>]*>|''|!\[|\.(?:jpe?g|png|svg|webm)\b|\|\s*thumb"
                    r"|\[object Object\]|^#+ ", re.I | re.M)


def test_markup_never_reaches_a_fact_of_a_development_article():
    corpus = load_corpus(ROOT / "data" / "dev" / "corpus.yaml")
    checked = 0
    for source in corpus.documents:
        document = Document.from_file(source.path, source.id, source.format)
        assert document.layout.format == "markdown"
        _, extraction = extract(document, load_registry(source.registry))
        texts = [m.sentence.text for e in extraction.events for m in e.mentions()]
        texts += [t for s in extraction.statements for t in (s.sentence.text, s.content, s.quote or "")]
        texts += [t for f in extraction.figures for t in (f.sentence.text, f.raw_text, f.counted_text)]
        texts += [r.sentence.text for r in extraction.relations]
        found = [(source.id, text[:120]) for text in texts if MARKUP.search(text)]
        assert not found, found[:5]
        checked += len(texts)
    assert checked > 1000
