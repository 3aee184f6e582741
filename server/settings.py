"""Every server setting, declared once: name, default, help.

The table drives three things: ``create_app`` (defaults, then ``KG_*`` environment variables,
then a test override), the ``serve`` command's options, and the README table
(``python -m server.settings`` prints it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _text_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _rewrites(value: str) -> dict[str, str]:
    """``IRI=URL`` pairs separated by commas (an IRI or URL never holds a bare comma here)."""
    pairs = {}
    for item in _text_list(value):
        iri, sep, url = item.partition("=")
        if not sep or not iri.strip() or not url.strip():
            raise ValueError(f"a rewrite must read IRI=URL, got {item!r}")
        pairs[iri.strip()] = url.strip()
    return pairs


def _optional_path(value: str) -> Path | None:
    return Path(value) if value else None


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    cli: bool = True  # False: secrets, read from the environment only (a CLI value shows in `ps`)
    flag: str | None = None  # the command-line option when it differs from the name

    @property
    def env(self) -> str:
        return "KG_" + self.name.upper()

    @property
    def option(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def shown_default(self) -> str:
        if self.default is None or self.default == "":
            return "(none)"
        if isinstance(self.default, dict):
            return ",".join(f"{k}={v}" for k, v in self.default.items()) or "(none)"
        if isinstance(self.default, (tuple, list)):
            return ",".join(self.default) or "(none)"
        return str(self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", Path("dist"), "Release folder holding kg.trig and the dump files "
            "(built with kg.build.build_release when kg.trig is missing).", Path, flag="--data"),
    Setting("host", "127.0.0.1", "Address to listen on."),
    Setting("port", 8000, "TCP port to listen on.", int),
    Setting("timeout", 30.0, "Seconds a query or update may run before its worker is killed "
            "and the client gets 503.", float),
    Setting("workers", 2, "Query worker processes (queries run in parallel up to this number).", int),
    Setting("threads", 8, "HTTP threads of the gunicorn gthread worker.", int),
    Setting("max_rows", 10000, "Most result rows (or triples) returned; a cut result carries "
            "the header X-Result-Truncated.", int),
    Setting("max_body", 1_000_000, "Largest accepted request body in bytes (larger: 413).", int),
    Setting("service_allow", ("https://query.wikidata.org/sparql",), "Comma-separated SERVICE "
            "endpoints a query may call; an entry ending in * matches by prefix.", _text_list),
    Setting("service_timeout", 10.0, "Seconds a SERVICE call may take.", float),
    Setting("service_rewrites", {}, "Comma-separated IRI=URL pairs: call URL when a query names "
            "the allow-listed endpoint IRI (e.g. a local stand-in for tests).", _rewrites),
    Setting("update_token", "", "Bearer token that unlocks SPARQL Update, LOAD and non-local "
            "datasets; environment variable KG_UPDATE_TOKEN only.", str, cli=False),
    Setting("store", None, "On-disk pyoxigraph store folder (kept between runs, so updates "
            "survive a restart); default: a temporary folder.", _optional_path),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def load_settings(environ: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then ``KG_*`` environment variables, then explicit overrides."""
    environ = os.environ if environ is None else environ
    values = {setting.name: setting.default for setting in SETTINGS}
    for setting in SETTINGS:
        if setting.env in environ:
            values[setting.name] = setting.parse(environ[setting.env])
    for name, value in (overrides or {}).items():
        if name not in BY_NAME:
            raise KeyError(f"unknown setting {name!r}")
        values[name] = BY_NAME[name].parse(value) if isinstance(value, str) else value
    return values


def markdown_table() -> str:
    lines = ["| setting | option | environment | default | meaning |", "|---|---|---|---|---|"]
    for setting in SETTINGS:
        option = f"`{setting.option}`" if setting.cli else "(none)"
        lines.append(f"| {setting.name} | {option} | `{setting.env}` | `{setting.shown_default}` "
                     f"| {setting.help} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
