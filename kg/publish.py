"""``kg publish --to URL``: put a release into a remote SPARQL 1.1 engine, never half of it.

The release's ``kg.trig`` is loaded graph by graph under temporary *staging* graph names
(``graph/staging/{stamp}/...``) through the engine's bulk path (the Graph Store Protocol: Oxigraph's
``/store``, Virtuoso's ``/sparql-graph-crud-auth``; SPARQL ``INSERT DATA`` only when the engine has no
Graph Store endpoint). The loaded triple counts are checked against the release, then ONE SPARQL
Update request switches: ``MOVE`` each staging graph onto its final name, drop the graphs the new
release no longer has, and rewrite the catalogue graph that names the current release. On an
engine that runs the request as one snapshot-isolated transaction (Oxigraph) a reader sees the
previous release until it commits and the new one after it. Virtuoso has no snapshot reads, so the
request also moves a switch counter in the catalogue (odd while switching, even after), and kg
serve's remote store answers a query only when it read the same even counter before and after it.

Every staging graph is recorded in the catalogue before any triple goes into it, so a publish that
fails or is killed leaves the previous release served plus some staging graphs that the next
publish drops. Publishing the release that is already current changes nothing.
docs/design.md ("Publishing") describes the catalogue.

Credentials come from KG_STORE_USER / KG_STORE_PASSWORD only; the scheme (basic or digest) is the
one the engine asks for.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click
import pyoxigraph as ox
import requests

from conflict_kg.namespaces import BASE, CKR, DCTERMS, VOID, XSD

CATALOGUE = BASE + "graph/catalogue"
# The switch counter readers check (kg serve's remote store): odd while a switch runs, +2 per switch.
# An engine without snapshot reads (Virtuoso) lets a query that spans a switch see both releases;
# a reader that finds the same even generation before and after its query knows it saw one.
GENERATION = CATALOGUE + "#generation"
STAGING = BASE + "graph/staging/"
OUR_GRAPHS = BASE + "graph/"
RELEASE_IRI = str(CKR) + "release/"
# Triples per Graph Store request (~12 MB of N-Triples). Virtuoso 7.2 loads a large POST on several
# threads that can deadlock one another (SR172, SQLSTATE 40001): seen here from 100,000 triples of
# the provenance graph on a fresh database, and once a retried 200,000-triple load hung it.
DEFAULT_CHUNK = 50_000
SPLIT_DOWN_TO = 1_000  # a load rolled back as a deadlock victim is sent again in halves, to this size
RETRIES = 6  # of a request the engine rolled back as a deadlock victim
TIMEOUT = (10, 600)  # connect, read (seconds): the switch can take minutes
LOAD_RATE = 1_000  # triples per second below which a load counts as hung (engines load >10x faster)
ENV_USER, ENV_PASSWORD = "KG_STORE_USER", "KG_STORE_PASSWORD"
# Known URL layouts: the query endpoint's last path segment -> (update, graph store) paths.
# With credentials, Virtuoso's writable endpoints are the -auth ones.
LAYOUTS = {
    "sparql": ("sparql", "sparql-graph-crud", "sparql-auth", "sparql-graph-crud-auth"),  # Virtuoso
    "query": ("update", "store", "update", "store"),  # Oxigraph's server
}


class PublishError(RuntimeError):
    """The publish failed; the message is one line and the previous release is still served."""


@dataclass
class Endpoints:
    query: str
    update: str
    store: str | None  # Graph Store Protocol endpoint, None: load with INSERT DATA


def endpoints_for(url: str, update_url: str | None = None, store_url: str | None = None,
                  authenticated: bool = False) -> Endpoints:
    """The query endpoint ``url`` plus the update and Graph Store endpoints, given or derived."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise PublishError(f"not an http(s) URL: {url!r}")
    head, _, last = parsed.path.rstrip("/").rpartition("/")
    layout = LAYOUTS.get(last)
    if update_url is None:
        if layout is None:
            raise PublishError(f"cannot tell the update endpoint of {url}: give --update-url "
                               "(known layouts: .../sparql for Virtuoso, .../query for Oxigraph)")
        update_url = urllib.parse.urlunsplit(
            parsed._replace(path=f"{head}/{layout[2 if authenticated else 0]}", query=""))
    if store_url is None and layout is not None:
        store_url = urllib.parse.urlunsplit(
            parsed._replace(path=f"{head}/{layout[3 if authenticated else 1]}", query=""))
    return Endpoints(query=url, update=update_url, store=store_url)


@dataclass
class Release:
    folder: Path
    trig: Path
    sha256: str
    built: str | None
    version: str | None

    @property
    def iri(self) -> str:
        return RELEASE_IRI + self.sha256


def read_release(folder: Path) -> Release:
    """The release in ``folder``: its kg.trig, checked against SHA256SUMS when there is one."""
    folder = Path(folder)
    trig = folder / "kg.trig"
    if not trig.is_file():
        raise PublishError(f"no kg.trig in {folder}: build a release first (kg build)")
    digest = hashlib.sha256()
    with open(trig, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    sha = digest.hexdigest()
    sums = folder / "SHA256SUMS"
    if sums.is_file():
        listed = dict(reversed(line.split(None, 1)) for line in sums.read_text().splitlines()
                      if line.strip())
        if listed.get("kg.trig", sha) != sha:
            raise PublishError(f"{trig} does not match its SHA256SUMS entry: the release is damaged")
    built = version = None
    manifest = folder / "manifest.json"
    if manifest.is_file():
        import json

        data = json.loads(manifest.read_text(encoding="utf-8"))
        built, version = data.get("built"), data.get("version")
    return Release(folder=folder, trig=trig, sha256=sha, built=built, version=version)


def credentials_from_env(environ=None) -> tuple[str, str] | None:
    environ = os.environ if environ is None else environ
    user, password = environ.get(ENV_USER), environ.get(ENV_PASSWORD)
    if not user and not password:
        return None
    if not user or password is None:
        raise PublishError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
    return user, password


@dataclass
class Catalogue:
    """What the engine holds now: the current release and its graphs, and leftover staging."""

    release: str | None = None
    graphs: set[str] = field(default_factory=set)
    staging: set[str] = field(default_factory=set)
    generation: int = 0


class Engine:
    """The remote engine over HTTP: SPARQL queries, updates and Graph Store loads."""

    def __init__(self, endpoints: Endpoints, credentials: tuple[str, str] | None):
        self.endpoints = endpoints
        self.session = requests.Session()
        self.credentials = credentials
        self._auth_ready = credentials is None

    # -- HTTP ------------------------------------------------------------------------------
    def _send(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        for attempt in range(RETRIES + 1):
            response = self._send_once(method, url, what, **kwargs)
            # a serialization failure (SQLSTATE 40001: Virtuoso picks a deadlock victim when
            # readers hold locks) rolled the whole request back, so sending it again is safe
            if not _deadlocked(response) or attempt == RETRIES:
                break
            time.sleep(0.1 * 2 ** attempt)
        return self._check(response, url, what)

    def _send_once(self, method: str, url: str, what: str, timeout=TIMEOUT, **kwargs) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=timeout, **kwargs)
        except requests.ConnectionError:
            raise PublishError(f"cannot reach the engine at {url} ({what})") from None
        except requests.Timeout:
            raise PublishError(f"the engine at {url} did not answer in time ({what})") from None
        except requests.RequestException as exc:
            raise PublishError(f"{what} failed: {type(exc).__name__}") from None

    def _check(self, response: requests.Response, url: str, what: str) -> requests.Response:
        if response.status_code in (401, 403):
            hint = (f"set {ENV_USER}/{ENV_PASSWORD}" if self.credentials is None
                    else f"check {ENV_USER}/{ENV_PASSWORD}")
            raise PublishError(f"{what}: the engine refused the credentials "
                               f"(HTTP {response.status_code} from {url}); {hint}")
        if response.status_code >= 400:
            raise PublishError(f"{what}: HTTP {response.status_code} from {url}: "
                               f"{_one_line(response.text)}")
        return response

    def _authenticate(self) -> None:
        """Pick the auth scheme the engine asks for on its update endpoint (an empty update)."""
        if self._auth_ready:
            return
        user, password = self.credentials
        try:
            probe = self.session.post(self.endpoints.update, data={"update": ""}, timeout=TIMEOUT)
        except requests.RequestException:
            raise PublishError(f"cannot reach the engine at {self.endpoints.update}") from None
        challenge = probe.headers.get("WWW-Authenticate", "").lower()
        if challenge.startswith("digest"):
            self.session.auth = requests.auth.HTTPDigestAuth(user, password)
        else:
            self.session.auth = requests.auth.HTTPBasicAuth(user, password)
        self._auth_ready = True

    def select(self, query: str, what: str) -> list[dict]:
        response = self._send("POST", self.endpoints.query, what, data={"query": query},
                              headers={"Accept": "application/sparql-results+json"})
        try:
            return response.json()["results"]["bindings"]
        except (ValueError, KeyError):
            raise PublishError(f"{what}: {self.endpoints.query} did not answer with SPARQL JSON "
                               "results (is it a SPARQL query endpoint?)") from None

    def update(self, update: str, what: str) -> None:
        self._authenticate()
        try:
            self._send("POST", self.endpoints.update, what, data={"update": update.encode("utf-8")},
                       headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
        except PublishError as exc:
            if self.credentials is None and "HTTP" in str(exc):
                # engines answer an anonymous update with 400/403/500 rather than 401
                raise PublishError(f"{exc} (does the engine need credentials? set {ENV_USER} and "
                                   f"{ENV_PASSWORD})") from None
            raise

    def load(self, graph: str, triples: list[ox.Triple]) -> None:
        """Add triples to ``graph``: Graph Store POST (the bulk path), else INSERT DATA."""
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if not self.endpoints.store:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body.decode('utf-8')}}} }}",
                        f"loading into {graph}")
            return
        self._authenticate()
        what = f"loading into {graph}"
        request = dict(params={"graph": graph}, data=body, headers={"Content-Type": "application/n-triples"},
                       timeout=(TIMEOUT[0], 60 + len(triples) / LOAD_RATE))
        response = self._send_once("POST", self.endpoints.store, what, **request)
        if not _deadlocked(response):
            self._check(response, self.endpoints.store, what)
        elif len(triples) >= 2 * SPLIT_DOWN_TO and not _has_blank_node(triples):
            # smaller loads deadlock less; triples are a set, so what the victim left is harmless
            half = len(triples) // 2
            self.load(graph, triples[:half])
            self.load(graph, triples[half:])
        else:  # blank node labels are scoped to one request: such a chunk is sent whole, again
            self._send("POST", self.endpoints.store, what, **request)

    # -- what the engine holds -------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        rows = self.select(f"""
            SELECT ?release ?graph ?staging ?generation WHERE {{ GRAPH <{CATALOGUE}> {{
              {{ ?r <{DCTERMS.identifier}> ?release . OPTIONAL {{ ?r <{VOID.subset}> ?graph }} }}
              UNION {{ ?staging <{DCTERMS.isVersionOf}> ?final }}
              UNION {{ <{CATALOGUE}> <{GENERATION}> ?generation }} }} }}""", "reading the catalogue")
        found = Catalogue()
        for row in rows:
            if "release" in row:
                found.release = row["release"]["value"]
            if "graph" in row:
                found.graphs.add(row["graph"]["value"])
            if "staging" in row:
                found.staging.add(row["staging"]["value"])
            if "generation" in row:
                found.generation = max(found.generation, int(row["generation"]["value"]))
        return found

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                           f"counting {graph}")
        return int(rows[0]["n"]["value"]) if rows else 0


def _deadlocked(response: requests.Response) -> bool:
    """The engine rolled the request back as a deadlock victim (SQLSTATE 40001): safe to resend."""
    return response.status_code >= 500 and "40001" in response.text


def _has_blank_node(triples: list[ox.Triple]) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def _one_line(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit] or "(empty body)"


def staging_name(stamp: str, graph: str) -> str:
    suffix = graph[len(OUR_GRAPHS):] if graph.startswith(OUR_GRAPHS) else (
        "other/" + urllib.parse.quote(graph, safe=""))
    return f"{STAGING}{stamp}/{suffix}"


def iter_graph_chunks(trig: Path, chunk: int) -> Iterator[tuple[str, list[ox.Triple]]]:
    """(graph IRI, triples) in file order, at most ``chunk`` triples at a time. A graph with blank
    nodes is not cut after its first blank node: labels are scoped to one request, so a node split
    over two requests would become two nodes."""
    graph, batch, has_bnode = None, [], False
    try:
        for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode):
                raise PublishError(f"{trig} has triples outside a named graph; a release has none")
            if name.value != graph:
                if batch:
                    yield graph, batch
                graph, batch, has_bnode = name.value, [], False
            batch.append(quad.triple)
            has_bnode = has_bnode or isinstance(quad.subject, ox.BlankNode) or isinstance(
                quad.object, ox.BlankNode)
            if len(batch) >= chunk and not has_bnode:
                yield graph, batch
                batch = []
    except SyntaxError as exc:
        raise PublishError(f"{trig} is not valid TriG: {_one_line(str(exc))}") from None
    if batch:
        yield graph, batch


def _literal(value: str, datatype=None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"' + (f"^^<{datatype}>" if datatype else "")


def catalogue_entries(release: Release, counts: dict[str, int], published: str) -> str:
    """What the catalogue says of the current release (its switch counter is written apart)."""
    lines = [f"<{release.iri}> <{DCTERMS.identifier}> {_literal(release.sha256)} .",
             f"<{release.iri}> <{DCTERMS.available}> {_literal(published, XSD.dateTime)} .",
             f"<{release.iri}> <{VOID.triples}> {_literal(str(sum(counts.values())), XSD.integer)} ."]
    if release.built:
        lines.append(f"<{release.iri}> <{DCTERMS.issued}> {_literal(release.built, XSD.dateTime)} .")
    if release.version:
        lines.append(f"<{release.iri}> <{DCTERMS.hasVersion}> {_literal(release.version)} .")
    for graph, count in sorted(counts.items()):
        lines.append(f"<{release.iri}> <{VOID.subset}> <{graph}> .")
        lines.append(f"<{graph}> <{VOID.triples}> {_literal(str(count), XSD.integer)} .")
    return "\n".join(lines)


def switch_request(staged: dict[str, str], release: Release, counts: dict[str, int],
                   previous: set[str], generation: int) -> str:
    """The ONE update that makes the staged release current: generation made odd (switching),
    MOVE staging -> final, drop graphs the release no longer has, new catalogue with the next even
    generation. An engine that runs the request as one transaction shows readers only the ends."""
    published = datetime.now(UTC).replace(microsecond=0).isoformat()
    switching = generation + 1 if generation % 2 == 0 else generation + 2
    # The counter is never absent (each change inserts the new value before it deletes the old): on
    # an engine that shows readers each operation's result (Virtuoso), a reader that found no
    # counter would take the store for one kg publish never filled and read across the switch.
    operations = [_set_generation(switching)]
    operations += [f"DROP SILENT GRAPH <{final}> ;\nMOVE SILENT GRAPH <{staging}> TO GRAPH <{final}>"
                  for final, staging in sorted(staged.items())]
    operations += [f"DROP SILENT GRAPH <{gone}>" for gone in sorted(previous - set(staged))]
    operations.append(f"DELETE {{ GRAPH <{CATALOGUE}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{CATALOGUE}> "
                      f"{{ ?s ?p ?o FILTER(?p != <{GENERATION}>) }} }}")
    operations.append(f"INSERT DATA {{ GRAPH <{CATALOGUE}> {{\n{catalogue_entries(release, counts, published)}\n}} }}")
    operations.append(_set_generation(switching + 1))
    return " ;\n".join(operations)


def _set_generation(value: int) -> str:
    """The new counter first, then the old one goes: readers take the highest, and never find none."""
    literal = _literal(str(value), XSD.integer)
    return (f"INSERT DATA {{ GRAPH <{CATALOGUE}> {{ <{CATALOGUE}> <{GENERATION}> {literal} }} }} ;\n"
            f"DELETE {{ GRAPH <{CATALOGUE}> {{ <{CATALOGUE}> <{GENERATION}> ?old }} }} WHERE {{ "
            f"GRAPH <{CATALOGUE}> {{ <{CATALOGUE}> <{GENERATION}> ?old }} FILTER(?old != {literal}) }}")


def drop_staging(engine: Engine, graphs: set[str]) -> None:
    if not graphs:
        return
    operations = [f"DROP SILENT GRAPH <{g}>" for g in sorted(graphs)]
    operations.append(f"DELETE WHERE {{ GRAPH <{CATALOGUE}> {{ ?staging <{DCTERMS.isVersionOf}> "
                      "?final . ?staging ?p ?o } }")
    engine.update(" ;\n".join(operations), "dropping staging graphs")


@dataclass
class Outcome:
    release: str
    changed: bool
    counts: dict[str, int] = field(default_factory=dict)
    cleaned: int = 0  # leftover staging graphs dropped
    seconds: dict[str, float] = field(default_factory=dict)


def publish(folder: Path, engine: Engine, chunk: int = DEFAULT_CHUNK,
            progress: Callable[[str], None] = lambda line: None) -> Outcome:
    release = read_release(folder)
    before = engine.catalogue()
    cleaned = len(before.staging)
    if before.staging:
        # left by a publish that failed or was killed: never part of what readers see
        drop_staging(engine, before.staging)
        progress(f"dropped {cleaned} staging graph(s) left by an interrupted publish")
    if before.release == release.sha256:
        return Outcome(release=release.sha256, changed=False, cleaned=cleaned)

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(4)
    staged: dict[str, str] = {}
    counts: dict[str, int] = {}
    seconds: dict[str, float] = {}
    started = time.monotonic()
    try:
        for graph, triples in iter_graph_chunks(release.trig, chunk):
            if graph not in staged:
                staged[graph] = staging_name(stamp, graph)
                # recorded before loading, so the next publish finds it even if this one dies
                engine.update(f"INSERT DATA {{ GRAPH <{CATALOGUE}> {{ <{staged[graph]}> "
                              f"<{DCTERMS.isVersionOf}> <{graph}> }} }}", "recording a staging graph")
                progress(f"staging {graph}")
            engine.load(staged[graph], triples)
            counts[graph] = counts.get(graph, 0) + len(triples)
        seconds["load"] = time.monotonic() - started
        progress(f"loaded {sum(counts.values())} triples in {len(counts)} graph(s) "
                 f"in {seconds['load']:.1f} s")
        for graph, staging in staged.items():
            loaded = engine.count(staging)
            if loaded != counts[graph]:
                raise PublishError(f"count mismatch for {graph}: the release has {counts[graph]} "
                                   f"triples, the engine holds {loaded} after loading")
    except PublishError:
        try:
            drop_staging(engine, set(staged.values()))
        except PublishError:
            pass  # the next publish drops them
        raise
    switch_started = time.monotonic()
    engine.update(switch_request(staged, release, counts, before.graphs, before.generation),
                  "switching releases")
    seconds["switch"] = time.monotonic() - switch_started
    after = engine.catalogue()
    if after.release != release.sha256:
        raise PublishError("the switch was accepted but the catalogue does not name the new "
                           "release: another publish may be running")
    return Outcome(release=release.sha256, changed=True, counts=counts, cleaned=cleaned,
                   seconds=seconds)


@click.command("publish")
@click.option("--to", "to", required=True, metavar="URL",
              help="The engine's SPARQL query endpoint, e.g. http://host:8890/sparql (Virtuoso) or "
                   "http://host:7878/query (Oxigraph's server).")
@click.option("--data", type=click.Path(file_okay=False), default="dist", show_default=True,
              help="Release folder to publish (its kg.trig).")
@click.option("--update-url", default=None, metavar="URL",
              help="SPARQL Update endpoint (default: derived from --to for the known layouts).")
@click.option("--store-url", default=None, metavar="URL",
              help="Graph Store Protocol endpoint for bulk loads (default: derived from --to).")
@click.option("--chunk", type=click.IntRange(min=1), default=DEFAULT_CHUNK, show_default=True,
              help="Triples per load request.")
def publish_command(to, data, update_url, store_url, chunk):
    """Publish a release into a remote SPARQL engine: staged, checked, then switched in one update.

    \b
    Credentials, if the engine needs them, from the environment only:
      KG_STORE_USER, KG_STORE_PASSWORD
    """
    try:
        credentials = credentials_from_env()
        engine = Engine(endpoints_for(to, update_url, store_url, credentials is not None),
                        credentials)
        outcome = publish(Path(data), engine, chunk=chunk, progress=click.echo)
    except PublishError as exc:
        click.echo(f"publish failed: {exc}", err=True)
        click.echo("the previously published release (if any) is still the one served.", err=True)
        sys.exit(1)
    if not outcome.changed:
        click.echo(f"release {outcome.release[:12]} is already the current one: nothing to do")
        return
    click.echo(f"published release {outcome.release[:12]}: "
               f"{sum(outcome.counts.values())} triples in {len(outcome.counts)} graph(s); "
               f"load {outcome.seconds['load']:.2f} s, switch {outcome.seconds['switch']:.2f} s")
