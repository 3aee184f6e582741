"""Every server setting, declared once: name, default, help.

The table drives three things: ``create_app`` (defaults, then ``KG_*`` environment variables,
then a test override), the ``serve`` command's options, and the README table
(``python -m conflict_kg.server.settings`` prints it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


def _store_location(value: str) -> Path | str | None:
    """A folder for the embedded store, or the query URL of a remote SPARQL engine."""
    if not value:
        return None
    return value if value.lower().startswith(("http://", "https://")) else Path(value)


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value.lower() not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}, got {value!r}")
        return value.lower()
    return parse


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
            "(built from the bundled article, as `kg build` does, when kg.trig is missing).", Path, flag="--data"),
    Setting("host", "127.0.0.1", "Address to listen on."),
    Setting("port", 8000, "TCP port to listen on.", int),
    Setting("timeout", 30.0, "Seconds a query or update may run before its worker is killed "
            "(remote store: the request is abandoned) and the client gets 503.", float),
    Setting("workers", 2, "Query worker processes (queries run in parallel up to this number).", int),
    Setting("threads", 8, "HTTP threads of the gunicorn gthread worker.", int),
    Setting("worker_memory", 2048, "Megabytes of memory one query or update may add to its query "
            "worker (address space); one that needs more gets 503 and the worker is replaced. "
            "0: no limit.", int),
    Setting("max_rows", 10000, "Most result rows (or triples) returned; a cut result carries "
            "the header X-Result-Truncated, and SPARQL JSON results say it in the body too "
            "(`\"truncated\": {\"maxRows\": N, …}`).", int),
    Setting("map_tiles", "", "URL template of a tile server for the /map page's background "
            "(e.g. https://tile.example.org/{z}/{x}/{y}.png); none: the places on a blank "
            "background, which works offline."),
    Setting("map_tiles_attribution", "", "Attribution line the tile server requires, shown on the map."),
    Setting("cache_size", 64_000_000, "Bytes of query answers kept in memory for the release "
            "served (least recently used go first; emptied at a release switch or an update); "
            "0: no result cache.", int),
    Setting("cache_max_age", 300, "Seconds a client or a reverse proxy may reuse an answer "
            "without asking again (Cache-Control max-age); every answer also carries an ETag, and "
            "If-None-Match gets 304. With an update token set, answers say no-cache instead "
            "(reuse only after asking).", int),
    Setting("client_queries", 1, "Queries one client may have running at once (answers from the "
            "result cache do not count); 0: no limit.", int),
    Setting("client_waiting", 3, "Further queries of one client that wait their turn; past "
            "that: 429 with Retry-After. Keep client_queries + client_waiting well under threads, "
            "or one client's waiting requests hold every HTTP thread.", int),
    Setting("proxy_hops", 0, "Reverse proxies in front of the server: the client is then the "
            "address that many hops back in X-Forwarded-For (0: the connecting address).", int),
    Setting("cheap_query_ms", 200, "A query whose shape (its text with IRIs and literals as "
            "placeholders) last took at most this many milliseconds of its query worker's CPU goes "
            "to the cheap lane: one query worker kept for such queries when there are two or more.", int),
    Setting("cheap_lane_limit", 1.0, "Seconds a query may run in the cheap lane before it is "
            "stopped and run again in the general lane; 0: no cheap lane.", float),
    Setting("max_body", 1_000_000, "Largest accepted request body in bytes (larger: 413).", int),
    Setting("service_allow", ("https://query.wikidata.org/sparql",), "Comma-separated SERVICE "
            "endpoints a query may call; an entry ending in * matches by prefix.", _text_list),
    Setting("service_timeout", 10.0, "Seconds a SERVICE call may take.", float),
    Setting("service_rewrites", {}, "Comma-separated IRI=URL pairs: call URL when a query names "
            "the allow-listed endpoint IRI (e.g. a local stand-in for tests).", _rewrites),
    Setting("service_bind_batch", 200, "SERVICE bound join: outer bindings sent per remote "
            "request as a VALUES block; 0 turns bound joins off (every SERVICE is fetched "
            "unbound).", int),
    Setting("service_bind_max_rows", 2000, "SERVICE bound join: most distinct outer bindings "
            "sent (in batches); with more, the SERVICE pattern is fetched unbound.", int),
    Setting("update_token", "", "Bearer token that unlocks SPARQL Update, LOAD and non-local "
            "datasets; environment variable KG_UPDATE_TOKEN only.", str, cli=False),
    Setting("store", None, "On-disk pyoxigraph store folder (kept between runs, so updates "
            "survive a restart); default: a temporary folder. An http:// or https:// URL instead: "
            "the query endpoint of a remote SPARQL 1.1 engine holding the release.", _store_location),
    Setting("store_update", "", "Remote store only: its SPARQL Update endpoint; default: the "
            "store URL."),
    Setting("store_auth", "basic", "Remote store only: HTTP authentication scheme for "
            "KG_STORE_USER / KG_STORE_PASSWORD, basic or digest (Virtuoso's /sparql-auth).",
            _choice("basic", "digest")),
    Setting("store_timeout_param", "", "Remote store only: request parameter that passes the "
            "timeout to the engine in milliseconds (Virtuoso: timeout); the timeout is enforced "
            "here as well."),
    Setting("store_user", "", "Remote store only: user name for the engine; environment "
            "variable KG_STORE_USER only.", str, cli=False),
    Setting("store_password", "", "Remote store only: password for the engine; environment "
            "variable KG_STORE_PASSWORD only.", str, cli=False),
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
