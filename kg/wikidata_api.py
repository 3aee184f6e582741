"""Wikidata over the network for ``kg link``: search, one SPARQL request per batch, retries and a cache.

Wikimedia asks API clients for a descriptive ``User-Agent`` with a way to reach the operator and for
backing off when told to (HTTP 429 / 503 with ``Retry-After``). Every answer is written to a local cache
as soon as it arrives, keyed by the request, so a run that stops half-way resumes where it stopped and a
finished run can be repeated offline (``offline=True`` never touches the network).
"""

from __future__ import annotations

import email.utils
import hashlib
import importlib.metadata
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from conflict_kg.link import LANGUAGES, LinkError, WikidataItem, _qid

API_URL = "https://www.wikidata.org/w/api.php"
SPARQL_URL = "https://query.wikidata.org/sparql"
RETRY_STATUS = {429, 500, 502, 503, 504}
BATCH = 50  # items per SPARQL request: the VALUES list stays short enough for a GET-sized POST
MAX_WAIT = 300.0  # seconds; a Retry-After longer than this ends the run (resume later from the cache)


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "conflict-kg" / "wikidata"


def user_agent(contact: str | None) -> str:
    """Wikimedia's User-Agent policy: tool name/version and a way to reach whoever runs it."""
    try:
        version = importlib.metadata.version("conflict-kg")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    reach = f" ({contact})" if contact else ""
    return f"conflict-kg-link/{version}{reach} python-urllib"


# One request per batch of items. Each UNION branch yields one (key, value) row, so an item with many
# aliases and classes gives many short rows rather than their cartesian product. The class and
# containing-region paths stop after a few steps: deep P279 chains reach "entity" and tell nothing.
DESCRIBE_QUERY = """\
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT ?item ?key ?value WHERE {
  VALUES ?item { %s }
  { ?item rdfs:label ?value . FILTER(LANG(?value) IN (%s)) BIND("label" AS ?key) }
  UNION { ?item skos:altLabel ?value . FILTER(LANG(?value) IN (%s)) BIND("alias" AS ?key) }
  UNION { ?item schema:description ?value . FILTER(LANG(?value) = "en") BIND("description" AS ?key) }
  UNION { ?item wdt:P31 ?value . BIND("type" AS ?key) }
  UNION { ?item wdt:P31/wdt:P279 ?value . BIND("class" AS ?key) }
  UNION { ?item wdt:P31/wdt:P279/wdt:P279 ?value . BIND("class" AS ?key) }
  UNION { ?item wdt:P31/wdt:P279/wdt:P279/wdt:P279 ?value . BIND("class" AS ?key) }
  UNION { ?item wdt:P31/wdt:P279/wdt:P279/wdt:P279/wdt:P279 ?value . BIND("class" AS ?key) }
  UNION { ?item wdt:P17 ?value . BIND("country" AS ?key) }
  UNION { ?item wdt:P131 ?value . BIND("admin" AS ?key) }
  UNION { ?item wdt:P131/wdt:P131 ?value . BIND("admin" AS ?key) }
  UNION { ?item wdt:P131/wdt:P131/wdt:P131 ?value . BIND("admin" AS ?key) }
  UNION { ?item wdt:P625 ?value . BIND("coordinates" AS ?key) }
  UNION { ?item wdt:P569 ?value . BIND("born" AS ?key) }
  UNION { ?item wdt:P570 ?value . BIND("died" AS ?key) }
}"""


def describe_query(qids: Iterable[str]) -> str:
    languages = ", ".join(f'"{language}"' for language in LANGUAGES)
    values = " ".join(f"wd:{qid}" for qid in qids)
    return DESCRIBE_QUERY % (values, languages, languages)


@dataclass
class Cache:
    """Answers on disk, one JSON file per request (its key is a hash of the request)."""

    folder: Path

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: str):
        path = self._path(key)
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))["answer"]
        except (OSError, ValueError, KeyError):
            return None  # a damaged entry is asked again

    def put(self, key: str, answer) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"request": key, "answer": answer}, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # a crash never leaves half an answer behind


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


@dataclass
class WikidataClient:
    cache: Cache
    api_url: str = API_URL
    sparql_url: str = SPARQL_URL
    contact: str | None = None
    offline: bool = False
    attempts: int = 5
    backoff: float = 2.0  # first wait in seconds when the server gives no Retry-After; doubles each time
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    log: Callable[[str], None] = lambda message: None
    requests_sent: int = 0  # network requests, for the summary and the tests
    cache_hits: int = 0
    waits: list[float] = field(default_factory=list)

    # -- transport ------------------------------------------------------------------------------------

    def _fetch(self, key: str, request: urllib.request.Request):
        answer = self.cache.get(key)
        if answer is not None:
            self.cache_hits += 1
            return answer
        if self.offline:
            raise LinkError(f"offline and not in the cache {self.cache.folder}: {key[:160]}")
        request.add_header("User-Agent", user_agent(self.contact))
        for attempt in range(1, self.attempts + 1):
            self.requests_sent += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    answer = json.load(response)
            except urllib.error.HTTPError as error:
                if error.code not in RETRY_STATUS or attempt == self.attempts:
                    raise LinkError(f"{request.full_url.split('?')[0]} answered HTTP {error.code} "
                                    f"after {attempt} attempt(s); answers so far are cached, rerun to resume") from None
                wait = _retry_after(error.headers.get("Retry-After"))
                if wait is None:
                    wait = self.backoff * 2 ** (attempt - 1)
                reason = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.attempts:
                    raise LinkError(f"cannot reach {request.full_url.split('?')[0]}: {error}; "
                                    "answers so far are cached, rerun to resume") from None
                wait, reason = self.backoff * 2 ** (attempt - 1), str(error)
            except ValueError:
                raise LinkError(f"{request.full_url.split('?')[0]} did not answer JSON") from None
            else:
                self.cache.put(key, answer)
                return answer
            if wait > MAX_WAIT:
                raise LinkError(f"the server asks to wait {wait:.0f} s ({reason}); answers so far are cached, "
                                "rerun later to resume")
            self.log(f"  {reason}: waiting {wait:.1f} s before attempt {attempt + 1} of {self.attempts}")
            self.waits.append(wait)
            self.sleep(wait)
        raise AssertionError("unreachable")

    def api(self, params: dict):
        query = urllib.parse.urlencode(sorted({**params, "format": "json"}.items()))
        url = f"{self.api_url}?{query}"
        return self._fetch(f"GET {url}", urllib.request.Request(url))

    def sparql(self, query: str):
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(self.sparql_url, data=body, method="POST", headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded"})
        return self._fetch(f"POST {self.sparql_url}\n{query}", request)

    # -- Wikidata --------------------------------------------------------------------------------------

    def search(self, name: str, limit: int = 7) -> list[str]:
        """QIDs that Wikidata's own search finds for a name (labels and aliases, English)."""
        answer = self.api({"action": "wbsearchentities", "search": name, "language": "en", "uselang": "en",
                           "type": "item", "limit": limit})
        if not isinstance(answer, dict) or "error" in answer:
            raise LinkError(f"the search API refused {name!r}: {(answer or {}).get('error')}")
        return [hit["id"] for hit in answer.get("search", []) if _qid(str(hit.get("id", "")))]

    def describe(self, qids: Iterable[str]) -> dict[str, WikidataItem]:
        """Labels, aliases, description, classes, country, containing regions and dates of items."""
        ordered = sorted(set(qids), key=lambda q: int(q[1:]))
        items: dict[str, WikidataItem] = {}
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start:start + BATCH]
            answer = self.sparql(describe_query(batch))
            try:
                bindings = answer["results"]["bindings"]
            except (TypeError, KeyError):
                raise LinkError(f"{self.sparql_url} did not answer SPARQL JSON results") from None
            for qid in batch:
                items[qid] = WikidataItem(qid)
            for row in bindings:
                _add_row(items, row)
        return {qid: item for qid, item in items.items() if item.labels or item.types}


def _add_row(items: dict[str, WikidataItem], row: dict) -> None:
    qid = _qid(row.get("item", {}).get("value", ""))
    key = row.get("key", {}).get("value")
    cell = row.get("value", {})
    value = cell.get("value", "")
    if qid is None or qid not in items or not value:
        return
    item = items[qid]
    if key == "label":
        item.labels.setdefault(cell.get("xml:lang", "en"), value)
    elif key == "alias" and value not in item.aliases:
        item.aliases.append(value)
    elif key == "description" and not item.description:
        item.description = value
    elif key in ("type", "class", "country", "admin"):
        target = _qid(value)
        if target:
            {"type": item.types, "class": item.classes, "country": item.countries,
             "admin": item.admin}[key].add(target)
    elif key == "coordinates":
        item.coordinates = value  # WKT "Point(lon lat)"
    elif key in ("born", "died"):
        setattr(item, key, value[:10].lstrip("+"))


def fetch_candidates(client: WikidataClient, names_by_entity: dict[str, list[str]],
                     extra: Iterable[str] = (), limit: int = 7) -> dict[str, WikidataItem]:
    """Search every name of every entity, then describe all hits (and the ``extra`` QIDs) in batches."""
    found: list[str] = list(dict.fromkeys(extra))
    for entity_id, names in names_by_entity.items():
        client.log(f"search {entity_id}: {', '.join(names)}")
        for name in names:
            found += [qid for qid in client.search(name, limit) if qid not in found]
    return client.describe(found)
