"""A small SPARQL lexer and the few structural facts the server needs from query text.

The server never evaluates SPARQL itself; it only needs to find SERVICE clauses (and, for a bound
join, the part of their group they are joined with), FROM/FROM NAMED, the prologue, and the
operations of an update (to add USING/WITH). Comments are skipped and
strings and IRIs are single tokens, so a keyword inside them is never mistaken for one.
Codepoint escapes (\\uXXXX) are expanded first, as SPARQL 1.1 section 19.2 says, so the text
the server inspects is the text the store parses.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7]*)?:(?:[\w:%\\\-.\u00B7]|\\.)*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
""", re.VERBOSE | re.DOTALL)


class SparqlTextError(ValueError):
    """The text could not be analysed (the store's own parser gives the precise message)."""


class Token(NamedTuple):  # a tuple, not a dataclass: made by the hundred per request, 3x faster
    kind: str
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def expand_codepoint_escapes(text: str) -> str:
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, whitespace and comments left out.

    Each request's text is read by several parts of the server (the protocol, the result cache's
    and the cheap lane's traits, SERVICE federation), each with this function: the last few short
    texts are lexed once."""
    return list(_lexed(text)) if len(text) <= LEXED_TEXT else _lex(text)


def _lex(text: str) -> list[Token]:
    return [Token(match.lastgroup, match.group(), *match.span()) for match in _TOKEN.finditer(text)
            if match.lastgroup not in ("ws", "comment")]


LEXED_TEXT = 16_384  # characters; the 16 texts remembered are at most this long
_lexed = functools.lru_cache(maxsize=16)(lambda text: tuple(_lex(text)))


@dataclass
class Prologue:
    base: str | None
    prefixes: dict[str, str]
    text: str  # the declarations as written, to send along with a SERVICE sub-query


def read_prologue(text: str, tokens: list[Token]) -> Prologue:
    """PREFIX and BASE declarations anywhere at the start of the text or of an update operation."""
    prefixes, base, pieces = {}, None, []
    for i, token in enumerate(tokens):
        if token.is_word("PREFIX") and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
            pieces.append(text[token.start:tokens[i + 2].end])
        elif token.is_word("BASE") and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = tokens[i + 1].text[1:-1]
            pieces.append(text[token.start:tokens[i + 1].end])
    return Prologue(base, prefixes, "\n".join(pieces))


def resolve(token: Token, prologue: Prologue) -> str | None:
    """The IRI a token names (IRIREF or prefixed name), or None."""
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prologue.prefixes:
            return prologue.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def matching_brace(tokens: list[Token], open_index: int) -> int:
    return _matching(tokens, open_index, "{", "}")


def _matching(tokens: list[Token], open_index: int, opener: str, closer: str) -> int:
    depth = 0
    for i in range(open_index, len(tokens)):
        if tokens[i].text == opener and tokens[i].kind == "punct":
            depth += 1
        elif tokens[i].text == closer and tokens[i].kind == "punct":
            depth -= 1
            if depth == 0:
                return i
    raise SparqlTextError(f"unbalanced {opener}{closer}")


@dataclass
class ServiceClause:
    start: int          # character span of the whole clause, SERVICE ... }
    end: int
    endpoint: str | None  # None when the endpoint is a variable or cannot be resolved
    endpoint_text: str
    silent: bool
    pattern: str        # the group pattern, braces included
    first_token: int    # token indices of SERVICE and of the closing brace
    last_token: int


def service_clauses(text: str, tokens: list[Token], prologue: Prologue) -> list[ServiceClause]:
    """Outermost SERVICE clauses (nested ones travel to the remote endpoint inside their parent)."""
    clauses, i = [], 0
    while i < len(tokens):
        if not tokens[i].is_word("SERVICE"):
            i += 1
            continue
        j = i + 1
        silent = j < len(tokens) and tokens[j].is_word("SILENT")
        j += silent
        if j + 1 >= len(tokens) or tokens[j + 1].text != "{":
            raise SparqlTextError("SERVICE must be followed by an endpoint and a group pattern")
        close = matching_brace(tokens, j + 1)
        clauses.append(ServiceClause(
            tokens[i].start, tokens[close].end, resolve(tokens[j], prologue), tokens[j].text,
            silent, text[tokens[j + 1].start:tokens[close].end], i, close))
        i = close + 1
    return clauses


def variables(tokens: list[Token]) -> set[str]:
    """Names of the variables among the tokens (?x and $x are one variable)."""
    return {token.text[1:] for token in tokens if token.kind == "var"}


@dataclass
class JoinedPart:
    """The elements before a SERVICE clause in its group: the pattern the clause is joined with.

    SPARQL folds a group's elements left to right (Join; LeftJoin for OPTIONAL, Minus for MINUS,
    Extend for BIND) and applies the group's own FILTERs to the whole group at the end (SPARQL 1.1
    section 18.2.2.6), so these elements without the group-level FILTERs are exactly that pattern.
    """
    start: int                      # character after the group's opening brace
    end: int                        # character where the SERVICE clause begins
    filters: list[tuple[int, int]]  # character spans of the group-level FILTERs, to leave out


def joined_part(tokens: list[Token], clause: ServiceClause) -> JoinedPart | None:
    """What the clause is joined with, or None when that is not a pattern to evaluate on its own:
    under EXISTS (evaluated per outer solution, by substitution), under GRAPH (the elements would
    be matched in another graph), or text this analysis does not recognise."""
    groups = _open_groups(tokens, clause.first_token)
    if not groups or any(_under(tokens, group) for group in groups):
        return None
    body = groups[-1] + 1
    filters, parens, i = [], 0, body
    while i < clause.first_token:
        token = tokens[i]
        if token.kind == "punct" and token.text == "{":
            i = matching_brace(tokens, i) + 1  # a nested group is one element, its FILTERs its own
            continue
        if token.kind == "punct" and token.text in ("(", ")"):
            parens += 1 if token.text == "(" else -1
        elif token.is_word("FILTER"):
            last = _constraint_end(tokens, i + 1)
            if parens or last is None or last >= clause.first_token:
                return None
            filters.append((token.start, tokens[last].end))
            i = last + 1
            continue
        i += 1
    return JoinedPart(tokens[body - 1].end, tokens[clause.first_token].start, filters)


def _open_groups(tokens: list[Token], index: int) -> list[int]:
    """Token indices of the braces still open at token `index`, outermost first."""
    stack = []
    for token_index in range(index):
        token = tokens[token_index]
        if token.kind == "punct" and token.text == "{":
            stack.append(token_index)
        elif token.kind == "punct" and token.text == "}":
            if not stack:
                raise SparqlTextError("unbalanced {}")
            stack.pop()
    return stack


def _under(tokens: list[Token], open_index: int) -> bool:
    """Whether the group opened here is the body of EXISTS / NOT EXISTS, GRAPH or SERVICE."""
    if open_index >= 1 and tokens[open_index - 1].is_word("EXISTS"):
        return True
    return open_index >= 2 and tokens[open_index - 2].is_word("GRAPH", "SERVICE", "SILENT")


def _constraint_end(tokens: list[Token], index: int) -> int | None:
    """Index of the last token of a FILTER's constraint starting at `index`, or None if unknown."""
    def at(i: int, text: str) -> bool:
        return i < len(tokens) and tokens[i].kind == "punct" and tokens[i].text == text

    if at(index, "("):  # a bracketted expression
        return _matching(tokens, index, "(", ")")
    if index < len(tokens) and tokens[index].is_word("NOT"):
        index += 1
        if not (index < len(tokens) and tokens[index].is_word("EXISTS")):
            return None
    if index < len(tokens) and tokens[index].is_word("EXISTS"):
        return matching_brace(tokens, index + 1) if at(index + 1, "{") else None
    if index < len(tokens) and tokens[index].kind in ("word", "iri", "pname") and at(index + 1, "("):
        return _matching(tokens, index + 1, "(", ")")  # a built-in or function call
    return None


def has_ambiguous_iri(tokens: list[Token]) -> bool:
    """An IRI holding a quote could also read as `<` then a string, hiding what follows."""
    return any(token.kind == "iri" and "'" in token.text for token in tokens)


def dataset_clauses(tokens: list[Token], prologue: Prologue) -> list[tuple[bool, str]]:
    """(named?, IRI) for each FROM / FROM NAMED of a query."""
    found = []
    for i, token in enumerate(tokens):
        if token.is_word("FROM"):
            named = i + 1 < len(tokens) and tokens[i + 1].is_word("NAMED")
            target = tokens[i + 1 + named] if i + 1 + named < len(tokens) else None
            iri = resolve(target, prologue) if target else None
            if iri is None:
                raise SparqlTextError("FROM must name an IRI")
            found.append((named, iri))
    return found


@dataclass
class UpdateOperation:
    keyword: str            # first keyword after the prologue: INSERT, DELETE, WITH, LOAD, CLEAR...
    start: int              # character where the operation (after its prologue) begins
    is_modify: bool         # DELETE/INSERT ... WHERE (the form that takes WITH and USING)
    has_with: bool
    has_using: bool
    where_at: int | None    # character of the WHERE keyword of a modify operation


def update_operations(tokens: list[Token]) -> list[UpdateOperation]:
    operations, current, depth = [], [], 0
    for token in tokens + [Token("punct", ";", -1, -1)]:
        if token.kind == "punct" and token.text in ("{", "}"):
            depth += 1 if token.text == "{" else -1
        if depth == 0 and token.kind == "punct" and token.text == ";":
            if current:
                operations.append(_operation(current))
            current = []
        else:
            current.append((token, depth))
    return [op for op in operations if op is not None]


def _operation(tokens_with_depth: list[tuple[Token, int]]) -> UpdateOperation | None:
    tokens = [t for t, _ in tokens_with_depth]
    i = 0
    while i < len(tokens) and tokens[i].is_word("PREFIX", "BASE"):
        i += 3 if tokens[i].is_word("PREFIX") else 2
    if i >= len(tokens):
        return None
    first = tokens[i]
    keyword = first.text.upper() if first.kind == "word" else first.text
    second = tokens[i + 1] if i + 1 < len(tokens) else None
    is_modify = keyword == "WITH" or (
        keyword in ("INSERT", "DELETE") and not (second and second.is_word("DATA", "WHERE")))
    top = [t for t, d in tokens_with_depth[i:] if d == 0]
    where = next((t for t in top if t.is_word("WHERE")), None) if is_modify else None
    return UpdateOperation(keyword, first.start, is_modify, keyword == "WITH",
                           any(t.is_word("USING") for t in top), where.start if where else None)


def splice(text: str, insertions: list[tuple[int, str]]) -> str:
    """Insert strings at character positions (positions refer to the original text)."""
    for position, piece in sorted(insertions, reverse=True):
        text = text[:position] + piece + text[position:]
    return text
