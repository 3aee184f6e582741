"""Find registry names in sentences.

One compiled alternation of every label and alias, longest first, so that "Upper Tarsia
Defence Army" wins over "Upper Tarsia" at the same place. A plain regular expression does the job
of a phrase matcher here with exact code-point offsets and no start-up cost (spaCy's import alone
takes about 0.9 s on the build machine, half the build budget).

>>> from conflict_kg.registry import Entity, Registry
>>> reg = Registry({"x": Entity("x", "Xland", ("State",), ("Republic of Xland",), ("Xlandic",))})
>>> finder = MentionFinder(reg)
>>> [(m.text, m.entity_id) for m in finder.mentions("The Republic of Xland's army; Xland.")]
[('Republic of Xland', 'x'), ('Xland', 'x')]
>>> [(m.text, m.entity_id) for m in finder.demonyms("an Xlandic soldier")]
[('Xlandic', 'x')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflict_kg.registry import Registry


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the string searched (a sentence's clean text, or the document)
    stop: int
    text: str
    entity_id: str


class MentionFinder:
    def __init__(self, registry: Registry):
        self.registry = registry
        self._names = _name_table((name, e.id) for e in registry for name in e.names)
        self._demonyms = _name_table((name, e.id) for e in registry for name in e.demonyms)
        self._name_pattern = _alternation(self._names)
        self._demonym_pattern = _alternation(self._demonyms)

    def mentions(self, text: str) -> list[Mention]:
        return _find(self._name_pattern, self._names, text)

    def demonyms(self, text: str) -> list[Mention]:
        found = _find(self._demonym_pattern, self._demonyms, text)
        # "the Xlandic-Ylandic bombardments": the second of a hyphened pair of demonyms, which the pattern
        # skips after a hyphen (so that "pro-Xlandic" is no Xlandic)
        for mention in list(found):
            rest = text[mention.stop + 1:]
            if text[mention.stop:mention.stop + 1] in ("-", "\u2013") and (match := self._demonym_pattern.match(rest)):
                second = _find(self._demonym_pattern, self._demonyms, rest[:match.end()])
                found += [Mention(mention.stop + 1 + m.start, mention.stop + 1 + m.stop, m.text, m.entity_id)
                          for m in second[:1] if m.start == 0]
        return sorted(found, key=lambda m: m.start)


def _name_table(pairs) -> dict[str, str]:
    table: dict[str, str] = {}
    for name, entity_id in pairs:
        table.setdefault(_key(name), entity_id)
    return table


def _key(name: str) -> str:
    """Names compare with folded whitespace and a case-insensitive first letter."""
    name = " ".join(name.split())
    first = name[:1].lower()
    # "İ": a letter whose lower case is two characters keeps its own (the pattern is built from the key)
    return (first if len(first) == 1 else name[:1]) + name[1:]


def _alternation(names: dict[str, str]) -> re.Pattern | None:
    if not names:
        return None
    parts = []
    for name in sorted(names, key=len, reverse=True):
        first, rest = name[0], name[1:]
        head = f"[{re.escape(first.upper())}{re.escape(first)}]" if first.isalpha() else re.escape(first)
        parts.append(head + r"\s+".join(re.escape(word) for word in rest.split(" ")))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")


def _find(pattern: re.Pattern | None, names: dict[str, str], text: str) -> list[Mention]:
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        entity_id = names.get(_key(match.group()))
        if entity_id is not None:
            found.append(Mention(match.start(), match.end(), match.group(), entity_id))
    return found
