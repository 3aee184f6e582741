"""SPARQL syntax errors said plainly: the store's parser messages turned into message, position,
caret and hint (server/sparql_errors.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conflict_kg.server.sparql_errors import explain


def parser_message(query: str) -> str:
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(query)
    return str(caught.value)


def problem(query: str):
    return explain(parser_message(query), query)


def test_an_undeclared_prefix_is_named_with_the_declared_ones_and_the_line_and_caret():
    query = ("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?e WHERE {\n"
             "  ?e a ckg:Event ;\n"
             "     foo:label ?label .\n"
             "}")
    found = problem(query)
    assert found.message == "prefix foo: is not declared"
    assert found.hint == "declared: ckg:, rdfs:"
    assert found.summary == "line 5, column 6: prefix foo: is not declared; declared: ckg:, rdfs:"
    assert (found.line, found.column) == (5, 6)
    assert found.excerpt == "     foo:label ?label .\n     ^"
    assert "\\u{" not in found.as_text()  # none of the parser's character ranges


def test_a_project_prefix_left_undeclared_gets_its_declaration_as_hint():
    found = problem("SELECT * WHERE { ?s ?p ckr:martakert }")
    assert found.message == "prefix ckr: is not declared"
    assert found.hint == "the query declares no prefixes; add PREFIX ckr: <https://w3id.org/conflict-kg/id/>"
    assert (found.line, found.column) == (1, 24)


def test_prefixes_the_engine_declares_count_as_declared():
    query = "SELECT * WHERE { ?s ckg:x foo:y }"
    found = explain(parser_message(query), query, predeclared={"ckg": "https://w3id.org/conflict-kg/ontology#"})
    assert found.message == "prefix foo: is not declared" and found.hint == "declared: ckg:"


@pytest.mark.parametrize("query, word, suggestion, column", [
    ("SELEC * WHERE { ?s ?p ?o }", "SELEC", "SELECT", 1),
    ("SELCT ?s { ?s ?p ?o }", "SELCT", "SELECT", 1),
    ("CONSTRUT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUT", "CONSTRUCT", 1),
    ("ASKK { ?s ?p ?o }", "ASKK", "ASK", 1),
    ("PREFX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT * {}", "PREFX", "PREFIX", 1),
    ("SELECT * WHRE { ?s ?p ?o }", "WHRE", "WHERE", 10),
    ("SELECT * WHERE { ?s ?p ?o FILTR(?o) }", "FILTR", "FILTER", 27),
    ("SELECT * WHERE { ?s ?p ?o OPTINAL { ?o ?q ?r } }", "OPTINAL", "OPTIONAL", 27),
    ("select ?s where { ?s ?p ?o } limt 5", "limt", "LIMIT", 30),
])
def test_a_misspelt_keyword_is_named_with_the_keyword_meant(query, word, suggestion, column):
    found = problem(query)
    assert found.summary == f"line 1, column {column}: unknown word {word}; did you mean {suggestion}?"
    assert found.excerpt.splitlines()[1] == " " * (column - 1) + "^"


def test_other_errors_keep_the_parser_words_without_character_ranges_and_keep_the_position():
    query = "SELECT * WHERE {\n\t?s ?p ?o\n\t?x ?y }"
    found = problem(query)
    assert found.line is not None and found.column is not None
    assert "expected" in found.message and "['" not in found.message and "[_]" not in found.message
    line, caret = found.excerpt.split("\n")
    assert caret.rstrip("^").strip(" \t") == ""  # only blanks (tabs kept) before the caret
    assert len(caret) == found.column


def test_an_unclosed_string_is_pointed_at():
    found = problem('SELECT * WHERE { ?s ?p "Stepanakert }')
    assert found.message == "this string is not closed" and (found.line, found.column) == (1, 24)


def test_a_message_without_position_stays_but_the_text_still_finds_the_prefix():
    found = explain("Virtuoso 37000 Error SP030: Undefined namespace prefix at 'foo:bar'",
                    "SELECT * { ?s foo:bar ?o }")
    assert found.message == "prefix foo: is not declared" and found.column == 15
    plain = explain("Something else went wrong", "SELECT * { ?s ?p ?o }")
    assert plain.summary == "Something else went wrong" and plain.line is None and plain.excerpt is None


def test_a_long_line_is_cut_around_the_spot():
    query = "SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o ." for i in range(40)) + " ?s foo:x ?o }"
    found = problem(query)
    line, caret = found.excerpt.split("\n")
    assert len(line) <= 102 and line[len(caret) - 1:].startswith("foo:x")
