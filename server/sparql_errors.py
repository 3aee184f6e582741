"""A SPARQL syntax error said plainly: where it is (line, column, the line with a caret) and a hint.

The store's parser (pyoxigraph) reports "error at LINE:COLUMN: expected ..." with, for a prefixed
name whose prefix is not declared, a list of Unicode character ranges, and for a misspelt keyword
the last alternative it tried ("SELEC" -> "expected CONSTRUCT"). ``explain`` turns that message
and the query text into what a person can act on; the endpoint's JSON error body, the web UI and
``kg query`` all show the same. Other engines' messages (no position) keep their text; the query
text alone still finds an undeclared prefix or an unknown word.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from conflict_kg.server import sparql_text
from conflict_kg.server.vocab import PREFIXES

# Bare words SPARQL 1.1 knows (keywords and built-in functions) and the store's extensions; any
# other bare word in a query is an error, which is what makes "did you mean" safe to offer.
KEYWORDS = frozenset("""
    BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE GROUP BY HAVING
    ORDER ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL GRAPH SERVICE SILENT BIND UNION MINUS FILTER
    EXISTS NOT IN A TRUE FALSE LOAD CLEAR DROP CREATE ADD MOVE COPY TO INTO INSERT DELETE DATA WITH
    USING DEFAULT ALL LATERAL
    STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE
    LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
    SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT
    SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG
    SAMPLE GROUP_CONCAT SEPARATOR TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR HASLANG
    HASLANGDIR STRLANGDIR ADJUST
""".split())
# What "did you mean" offers: the words people type, not every function name.
SUGGESTIBLE = sorted(KEYWORDS - {"A", "TZ", "IF", "IN", "TO", "AS", "BY", "MD5", "SHA1", "URI"})

_POSITION = re.compile(r"^\s*error at (\d+):(\d+):\s*", re.IGNORECASE)
_EXPECTED = re.compile(r"expected (?:one of )?(.*)$", re.DOTALL)
EXPECTED_SHOWN = 8  # alternatives named from the parser's "expected one of" list
EXCERPT_WIDTH = 100  # characters of the query line shown around the spot


@dataclass(frozen=True)
class SyntaxProblem:
    message: str           # what is wrong, in plain words
    line: int | None       # 1-based, None when the parser gave no position
    column: int | None     # 1-based, in characters
    excerpt: str | None    # the query line and a caret under the spot, two lines
    hint: str | None       # what to do about it

    @property
    def summary(self) -> str:
        """One line: where, what, and the hint (the JSON body's "message")."""
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return where + self.message + (f"; {self.hint}" if self.hint else "")

    def as_text(self) -> str:
        """The summary, then the excerpt: what a terminal shows."""
        return self.summary + (f"\n{self.excerpt}" if self.excerpt else "")

    def fields(self) -> dict:
        """The members added to the JSON error body."""
        return {"line": self.line, "column": self.column, "excerpt": self.excerpt, "hint": self.hint}


def explain(parser_message: str, query: str, predeclared: dict[str, str] | None = None) -> SyntaxProblem:
    """The parser's message about ``query`` in plain language; ``predeclared``: prefixes the
    engine declares itself (none on this server)."""
    match = _POSITION.match(parser_message)
    offset = None
    detail = parser_message[match.end():] if match else parser_message.strip()
    if match:
        offset = _offset(query, int(match.group(1)), int(match.group(2)))
    tokens = _tokens(query)

    undeclared = _undeclared_prefix(query, tokens, offset, predeclared or {})
    if undeclared is not None and ("prefix" in detail.lower() or offset is None):
        token, declared = undeclared
        prefix = token.text.partition(":")[0]
        hint = ("declared: " + ", ".join(p + ":" for p in declared) if declared
                else "the query declares no prefixes")
        if prefix in PREFIXES:
            hint += f"; add PREFIX {prefix}: <{PREFIXES[prefix]}>"
        return _at(query, token.start, f"prefix {prefix}: is not declared", hint)

    quote = next((t for t in tokens if t.kind == "punct" and t.text in "'\""
                  and (offset is None or t.start <= offset)), None)
    if quote is not None:  # the rest of the line cannot be read as words: say that first
        return _at(query, quote.start, "this string is not closed",
                   f"end it with {quote.text} on the same line, or use {quote.text * 3} for text over lines")

    unknown = _unknown_word(tokens, offset)
    if unknown is not None:
        close = difflib.get_close_matches(unknown.text.upper(), SUGGESTIBLE, n=1, cutoff=0.7)
        return _at(query, unknown.start, f"unknown word {unknown.text}",
                   f"did you mean {close[0]}?" if close else None)

    message = _short(detail)
    if offset is None:
        return SyntaxProblem(message, None, None, None, None)
    if not query[offset:].strip():
        message = f"at the end of the query: {message}"
    return _at(query, offset, message, None)


def _tokens(query: str) -> list[sparql_text.Token]:
    try:
        return sparql_text.tokenize(query)
    except Exception:  # an explanation must never fail: without tokens, the parser's words stay
        return []


def _offset(query: str, line: int, column: int) -> int:
    """Character offset of a 1-based line and column, kept within the text."""
    lines = query.split("\n")
    line = max(1, min(line, len(lines)))
    start = sum(len(text) + 1 for text in lines[:line - 1])
    return min(start + max(column - 1, 0), start + len(lines[line - 1]))


def _undeclared_prefix(query, tokens, offset, predeclared):
    """The prefixed name whose prefix is not declared nearest before the parser's position."""
    prologue = sparql_text.read_prologue(query, tokens)
    declared = list(predeclared) + [p for p in prologue.prefixes if p not in predeclared]
    found = [t for i, t in enumerate(tokens)
             if t.kind == "pname" and t.text.partition(":")[0] not in declared
             and not (i and tokens[i - 1].is_word("PREFIX"))]
    if not found:
        return None
    before = [t for t in found if offset is None or t.start < offset]
    return (before[-1] if before and offset is not None else found[0]), declared


def _unknown_word(tokens, offset):
    """The first bare word SPARQL does not know, at or before the parser's position."""
    for token in tokens:
        if offset is not None and token.start > offset:
            return None
        if token.kind == "word" and token.text.upper() not in KEYWORDS:
            return token
    return None


def _short(detail: str) -> str:
    """The parser's words, with its lists of character ranges left out."""
    detail = " ".join(detail.split())
    match = _EXPECTED.search(detail)
    if not match:
        return detail
    kept = [item for item in (_readable(i) for i in _split_items(match.group(1))) if item]
    if not kept:
        return detail[:match.start()] + "the parser cannot go on from here"
    if len(kept) > EXPECTED_SHOWN:
        kept = kept[:EXPECTED_SHOWN] + ["…"]
    return detail[:match.start()] + ("expected " if len(kept) == 1 else "expected one of ") + ", ".join(kept)


def _split_items(listing: str) -> list[str]:
    """Top-level comma-separated items (a character class [...] is one item)."""
    items, depth, current, quote = [], 0, "", None
    for char in listing:
        if quote:
            quote = None if char == quote and not current.endswith("\\") else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += char
    return items + [current.strip()] if current.strip() else items


def _readable(item: str) -> str | None:
    """A keyword or quoted token as it is; a one-character class as that character; ranges and
    "any character" left out."""
    if not item.startswith("["):
        return item
    single = re.fullmatch(r"\[\s*'(\\?.)'\s*\]", item)
    if single:
        return '"' + single.group(1).replace("\\\\", "\\") + '"'
    return None


def _at(query: str, offset: int, message: str, hint: str | None) -> SyntaxProblem:
    line = query.count("\n", 0, offset) + 1
    start = query.rfind("\n", 0, offset) + 1
    end = query.find("\n", offset)
    text = query[start:end if end >= 0 else len(query)].rstrip("\r")
    column = offset - start + 1
    return SyntaxProblem(message, line, column, _excerpt(text, column - 1), hint)


def _excerpt(text: str, index: int) -> str:
    """The line (cut to EXCERPT_WIDTH around the spot) and a caret under the spot; tabs in the
    line stay tabs under it, so the caret lines up however wide a terminal shows them."""
    left = 0
    if len(text) > EXCERPT_WIDTH:
        left = max(0, min(index - EXCERPT_WIDTH // 2, len(text) - EXCERPT_WIDTH))
        shown = text[left:left + EXCERPT_WIDTH]
        prefix, suffix = ("…" if left else ""), ("…" if left + EXCERPT_WIDTH < len(text) else "")
        text, index = prefix + shown + suffix, index - left + len(prefix)
    pad = "".join("\t" if char == "\t" else " " for char in text[:index])
    return f"{text}\n{pad}^"
