"""Edit a registry file in place, as a curator would: find an entity's block, try a change against
the loader, replace the file atomically. Shared by `kg link` and `kg locate`, which add fields to
entities without rewriting (and so reformatting) the curators' YAML."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conflict_kg.registry import RegistryError, load_registry


def entity_block(lines: list[str], entity_id: str) -> tuple[int, int, int] | None:
    """(first line, last field line, dash indent) of an entity's block-style entry."""
    head = re.compile(r"^(\s*)-\s+id:\s*[\"']?" + re.escape(entity_id) + r"[\"']?\s*(#.*)?$")
    for number, line in enumerate(lines):
        match = head.match(line.rstrip("\r\n"))
        if not match:
            continue
        dash_indent = len(match.group(1))
        last = number
        for following in range(number + 1, len(lines)):
            text = lines[following].rstrip("\r\n")
            if not text.strip():
                continue
            indent = len(text) - len(text.lstrip())
            if indent <= dash_indent:
                break
            if not text.lstrip().startswith("#"):
                last = following
        return number, last, dash_indent
    return None

def load_problem(registry_path: Path, lines: list[str], entity_id: str) -> str | None:
    """The loader's complaints about one entity if the registry had these lines, else None."""
    temporary = registry_path.with_name(registry_path.name + ".tmp")
    temporary.write_text("".join(lines), encoding="utf-8")
    try:
        load_registry(temporary)
    except RegistryError as error:
        mine = [line.strip().removeprefix("- ") for line in str(error).splitlines() if f"'{entity_id}'" in line]
        return "; ".join(mine) or str(error)
    finally:
        temporary.unlink(missing_ok=True)
    return None

def replace_file(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)

def yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
