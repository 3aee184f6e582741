"""Hostile input against the real server: fuzzed and pathological queries, malformed requests,
path traversal, SERVICE to internal addresses, updates without the right token.

Every answer must be 2xx, 4xx or 503 with a JSON message (gunicorn's own 400/414/431 included); never a 500, never a stack trace; and a probe ASK in a parallel thread must keep being
answered within 1 s while the fuzzing runs.
"""

from __future__ import annotations

import http.client
import inspect
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliabilityhelpers import Server, assert_clean_error, query_mix
from serverfixtures import TOKEN, Listener, make_app

MAX_BODY = 1_000_000
MIX = query_mix()
FUZZ_SETTINGS = dict(deadline=None, database=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
SECRETS = ("root:x:0:0", "[build-system]", "def create_app", "BEGIN PRIVATE KEY")
COUNTS = {"requests": 0}


@pytest.fixture(scope="module")
def server(article_release):
    with Server(article_release, "--timeout", "2", "--workers", "2", "--max-body", str(MAX_BODY),
                token=TOKEN) as running:
        with Probe(running.base) as probe:
            running.probe = probe
            yield running
        log = running.log_text()
    print(f"\nhostile: {COUNTS['requests']} requests sent to the fuzzed server; probe ASK answered "
          f"{len(probe.latencies)} times, worst {max(probe.latencies) * 1000:.0f} ms")
    assert "Traceback" not in log, log[-4000:]
    probe.check_since(0)


def check(response, gateway: bool = False) -> None:
    """2xx, 4xx or 503 (502/504 too for a SERVICE call: the remote failed); an error carries a
    message; never a 500 or a trace."""
    COUNTS["requests"] += 1
    status = response.status_code
    other = {503, 502, 504} if gateway else {503}
    assert 200 <= status < 300 or 400 <= status < 500 or status in other, (status, response.text[:300])
    text = response.text
    assert "Traceback" not in text and 'File "/' not in text, text[:500]
    for secret in SECRETS:
        assert secret not in text
    if status >= 400:
        if response.headers.get("Content-Type", "").startswith("application/json"):
            assert_clean_error(response)
        else:  # gunicorn's own page for a request it refuses before the app sees it
            assert status in (400, 414, 431) and "<title>" in text and len(text) < 2000, text[:300]


class Probe:
    """ASK { ?s a ?t } every 50 ms in a thread; every answer must be a 200 within 1 s."""

    def __init__(self, base: str):
        self.base, self.latencies, self.failures = base, [], []
        self.in_flight_since: float | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        session = requests.Session()
        while not self.done.is_set():
            started = self.in_flight_since = time.monotonic()
            try:
                response = session.get(self.base + "/sparql", params={"query": "ASK { ?s a ?t }"}, timeout=5)
                if response.status_code != 200 or response.json()["boolean"] is not True:
                    self.failures.append(f"HTTP {response.status_code}: {response.text[:100]}")
            except requests.RequestException as error:
                self.failures.append(repr(error))
            self.in_flight_since = None
            self.latencies.append(time.monotonic() - started)
            self.done.wait(0.05)

    def __enter__(self) -> Probe:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join(timeout=10)

    def mark(self) -> tuple[int, int]:
        return len(self.latencies), len(self.failures)

    def check_since(self, mark) -> None:
        """No probe failed or took 1 s or more since ``mark`` (nor is one in flight that long)."""
        answered, failed = mark if isinstance(mark, tuple) else (mark, 0)
        assert not self.failures[failed:], self.failures[failed:][:5]
        window = self.latencies[answered:]
        assert not window or max(window) < 1.0, sorted(window)[-5:]
        since = self.in_flight_since
        assert since is None or time.monotonic() - since < 1.0, "a probe ASK has waited 1 s or more"


def post_query(base: str, text: str, **kwargs):
    return requests.post(base + "/sparql", data={"query": text}, timeout=30, **kwargs)


# --- fuzzing with hypothesis ------------------------------------------------------------------

FRAGMENTS = ["{", "}", "(", ")", "[", "]", "<", ">", '"', "'", "'''", '"""', "\\", "\\u0000",
             "\\U0010FFFF", "\\u005C", "#", "\n", "*", "|", "^", "/", "?", "!", "^^", "@", "_:b",
             "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }", "FROM <file:///etc/passwd>",
             "GRAPH ?g", "OPTIONAL {", "UNION", "MINUS {", "FILTER(", "REGEX(?o, \"(a+)+$\")",
             "BIND(", "VALUES ?x { 1 2 }", "LIMIT 0", "OFFSET 99999999999999999999", "ORDER BY",
             "DESCRIBE", "CONSTRUCT", "ASK", "SELECT", "INSERT DATA { <a:b> <a:b> <a:b> }",
             "LOAD <file:///etc/passwd>", "\u202e", "\ufeff", "\u0301", "\U0001F4A3", "\uffff",
             "\u2028", "𝕏", "9" * 400, "1e999999", "?s ?p ?o .", ";", ",", ".", "a"]

mutation = st.tuples(st.sampled_from(["insert", "delete", "duplicate", "replace"]),
                     st.floats(0, 1), st.floats(0, 1),
                     st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)))


def mutate(text: str, operations) -> str:
    for kind, where, span, payload in operations:
        i = int(where * len(text))
        j = min(len(text), i + int(span * 60))
        if kind == "insert":
            text = text[:i] + payload + text[i:]
        elif kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + payload + text[j:]
    return text


@settings(max_examples=150, **FUZZ_SETTINGS)
@given(name=st.sampled_from(sorted(MIX)), operations=st.lists(mutation, min_size=1, max_size=6),
       how=st.sampled_from(["form", "direct", "get"]))
def test_mutated_example_queries(server, name, operations, how):
    mark = server.probe.mark()
    text = mutate(MIX[name], operations)
    if how == "form":
        response = post_query(server.base, text)
    elif how == "direct":
        response = requests.post(server.base + "/sparql", data=text.encode("utf-8", "surrogatepass"),
                                 headers={"Content-Type": "application/sparql-query"}, timeout=30)
    else:
        response = requests.get(server.base + "/sparql", params={"query": text}, timeout=30)
    check(response)
    server.probe.check_since(mark)


@settings(max_examples=60, **FUZZ_SETTINGS)
@given(body=st.binary(max_size=3000),
       content_type=st.sampled_from(["application/sparql-query", "application/sparql-update",
                                     "application/x-www-form-urlencoded", "application/sparql-query; charset=latin-1",
                                     "text/plain", "multipart/form-data; boundary=x", "", "*/*"]))
def test_random_bytes_bodies(server, body, content_type):
    mark = server.probe.mark()
    headers = {"Content-Type": content_type} if content_type else {}
    check(requests.post(server.base + "/sparql", data=body, headers=headers, timeout=30))
    server.probe.check_since(mark)


@settings(max_examples=60, **FUZZ_SETTINGS)
@given(text=st.text(max_size=400), accept=st.sampled_from(
    [None, "*/*", "text/csv", "application/sparql-results+xml", "text/turtle", "image/png", "a/b;q=x",
     ",,,;;;", "application/json;q=0"]))
def test_random_text_queries(server, text, accept):
    mark = server.probe.mark()
    headers = {"Accept": accept} if accept else {}
    check(post_query(server.base, text, headers=headers))
    server.probe.check_since(mark)


# --- pathological queries ---------------------------------------------------------------------

EVERYTHING = "?s (!<urn:x:none>|^!<urn:x:none>)* ?o"


def chain(item: str, joiner: str, n: int) -> str:
    return joiner.join([item] * n)


HOSTILE = [
    ("nested parentheses 1k", lambda: "ASK { FILTER(" + "(" * 1000 + "1" + ")" * 1000 + ") }"),
    ("nested parentheses 100k", lambda: "ASK { FILTER(" + "(" * 100_000 + "1" + ")" * 100_000 + ") }"),
    ("nested groups 20k", lambda: "SELECT * WHERE " + "{" * 20_000 + "}" * 20_000),
    ("nested sub-selects 5k", lambda: "SELECT * WHERE { " + "{ SELECT * WHERE " * 5000 + "{}" + " }" * 5000 + " }"),
    ("500k negations", lambda: "ASK { FILTER(" + "!" * 500_000 + "true) }"),
    ("chained && 100k", lambda: "ASK { FILTER(" + chain("true", "&&", 100_000) + ") }"),
    ("chained + 100k", lambda: "ASK { FILTER(" + chain("1", "+", 100_000) + " > 0) }"),
    ("5000 BINDs", lambda: "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(5000)) + " }"),
    ("5000 MINUS", lambda: "SELECT * { ?s a ?t " + chain("MINUS { ?s a <urn:x> }", " ", 5000) + " } LIMIT 1"),
    ("10k UNIONs", lambda: "SELECT * WHERE { " + chain("{ ?s a <urn:x> }", " UNION ", 10_000) + " }"),
    ("path sequence 3k", lambda: "ASK { ?s " + chain("<urn:p>", "/", 3000) + " ?o }"),
    ("nested blank nodes 20k", lambda: "ASK { ?s <urn:p> " + "[ <urn:p> " * 20_000 + "?o" + " ]" * 20_000 + " }"),
    ("huge literal 900 KB", lambda: 'ASK { FILTER(STRLEN("' + "x" * 900_000 + '") > 0) }'),
    ("huge IRI 900 KB", lambda: "ASK { <http://x/" + "a" * 900_000 + "> ?p ?o }"),
    ("body over the limit", lambda: 'ASK { FILTER(STRLEN("' + "x" * (MAX_BODY + 10) + '") > 0) }'),
    ("odd unicode", lambda: 'SELECT * { BIND("\u202e\u0000\ufeff\U0001F4A3\uffff\u2028\u0301" AS ?x) '
                            'FILTER(REGEX(?x, "\\\\p{L}")) }'),
    ("NUL by escape", lambda: 'SELECT * { BIND("a\\u0000b" AS ?x) BIND(<urn:\\u0000> AS ?y) }'),
    ("lone surrogate escape", lambda: 'SELECT * { BIND("\\uD800" AS ?x) }'),
    ("(:p|^:p)* over everything", lambda: f"SELECT (COUNT(*) AS ?n) WHERE {{ {EVERYTHING} }}"),
    ("(p|^p)* over every predicate", lambda: "SELECT (COUNT(*) AS ?n) WHERE { ?x ?p ?y . ?s (<urn:p>|^<urn:p>)* ?o }"),
    ("locatedIn closure both ways", lambda: "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
                                            "SELECT * WHERE { ?s (ckg:locatedIn|^ckg:locatedIn)* ?o }"),
    ("REGEX catastrophic pattern", lambda: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a+)+$")) }'),
    ("REGEX (a|a)* on a long string", lambda: 'ASK { FILTER(REGEX("' + "a" * 50_000 + 'b", "^(a|a)*$")) }'),
    ("REGEX too large to compile", lambda: 'ASK { FILTER(REGEX("a", "(((a{100}){100}){100}){100}")) }'),
    ("REGEX invalid", lambda: 'ASK { FILTER(REGEX("a", "(?<", "x")) }'),
    ("REPLACE on every literal", lambda: 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(isLiteral(?o)) '
                                         'BIND(REPLACE(STR(?o), "(.*)*", "$1$1") AS ?x) }'),
    ("VALUES 150k", lambda: "SELECT (COUNT(*) AS ?n) { VALUES ?x { " + " ".join(map(str, range(150_000))) + " } }"),
    ("VALUES wide rows", lambda: "SELECT * { VALUES (" + " ".join(f"?v{i}" for i in range(2000)) + ") { ("
                                 + " ".join(["1"] * 2000) + ") } }"),
    ("VALUES joined with everything", lambda: "SELECT (COUNT(*) AS ?n) { ?s ?p ?o VALUES ?x { "
                                              + " ".join(map(str, range(50_000))) + " } }"),
    ("cartesian product", lambda: "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
    ("DESCRIBE everything", lambda: "DESCRIBE ?s WHERE { ?s ?p ?o }"),
    ("CONSTRUCT everything", lambda: "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    ("huge LIMIT and OFFSET", lambda: "SELECT * { ?s ?p ?o } LIMIT 99999999999999999999999 OFFSET 18446744073709551616"),
    ("update sent as a query", lambda: "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ("LOAD a local file", lambda: "LOAD <file:///etc/passwd>"),
    ("FROM a local file", lambda: "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"),
    ("SERVICE to loopback", lambda: "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
    ("empty query", lambda: ""),
    ("only a comment", lambda: "# nothing"),
]


@pytest.mark.parametrize("name, make", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_pathological_query(server, name, make):
    mark = server.probe.mark()
    text = make()
    started = time.monotonic()
    response = requests.post(server.base + "/sparql", data=text.encode("utf-8", "surrogatepass"),
                             headers={"Content-Type": "application/sparql-query"}, timeout=60)
    check(response)
    assert time.monotonic() - started < 20  # the 2 s timeout (plus queueing) bounds every answer
    if name == "body over the limit":
        assert response.status_code == 413
    if response.status_code == 503:  # only the 2 s timeout: no query within the body limit kills its worker
        assert response.json()["error"]["title"] == "Query timeout", response.text
    server.probe.check_since(mark)


# --- malformed requests -----------------------------------------------------------------------

def test_non_utf8_and_wrong_charset_bodies(server):
    bad = requests.post(server.base + "/sparql", data=b"ASK { \xff\xfe\xc0\xaf }",
                        headers={"Content-Type": "application/sparql-query"}, timeout=10)
    check(bad)
    assert bad.status_code == 400 and "UTF-8" in bad.json()["error"]["message"]
    latin = requests.post(server.base + "/sparql", data="ASK {}".encode("latin-1"),
                          headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"}, timeout=10)
    check(latin)
    assert latin.status_code == 415
    form = requests.post(server.base + "/sparql", data=b"query=ASK%20%7B%FF%7D",
                         headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    check(form)
    assert form.status_code == 400


def chunks(data: bytes, size: int = 65536):
    for i in range(0, len(data), size):
        yield data[i:i + size]


@pytest.mark.parametrize("how", ["direct", "form", "direct chunked", "form chunked", "update chunked"])
def test_oversized_bodies_get_413(server, how):
    text = 'ASK { FILTER(STRLEN("' + "x" * (MAX_BODY + 100) + '") > 0) }'
    if how.startswith("direct"):
        body, content_type = text.encode(), "application/sparql-query"
    elif how.startswith("form"):
        body, content_type = urllib.parse.urlencode({"query": text}).encode(), "application/x-www-form-urlencoded"
    else:
        body = ("INSERT DATA { <urn:x:a> <urn:x:b> 1 } ; " + "#" * (MAX_BODY + 100)).encode()
        content_type = "application/sparql-update"
    data = chunks(body) if how.endswith("chunked") else body
    headers = {"Content-Type": content_type, "Authorization": f"Bearer {TOKEN}"}
    response = requests.post(server.base + "/sparql", data=data, headers=headers, timeout=30)
    check(response)
    assert response.status_code == 413, response.text[:300]
    if how == "update chunked":  # the cut-off update was not run either
        ask = post_query(server.base, "ASK { <urn:x:a> <urn:x:b> 1 }")
        assert ask.json()["boolean"] is False


def test_body_just_under_the_limit_chunked_is_served(server):
    text = 'ASK { FILTER(STRLEN("' + "x" * (MAX_BODY - 1000) + '") > 0) }'
    response = requests.post(server.base + "/sparql", data=chunks(text.encode()),
                             headers={"Content-Type": "application/sparql-query"}, timeout=30)
    check(response)
    assert response.status_code == 200 and response.json()["boolean"] is True


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "CONNECT"])
def test_wrong_methods(server, method):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(method, "/sparql?query=ASK%7B%7D", body=b"ASK {}")
    raw = connection.getresponse()
    text = raw.read().decode(errors="replace")
    connection.close()
    assert raw.status in (400, 405), (raw.status, text[:200])
    assert "Traceback" not in text
    if raw.status == 405:
        assert json.loads(text)["error"]["status"] == 405 and "GET" in raw.getheader("Allow", "")


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "multipart/form-data; boundary=x",
                                          "application/sparql-query; charset=utf-16", "application/xml"])
def test_wrong_content_types(server, content_type):
    response = requests.post(server.base + "/sparql", data=b"ASK {}", headers={"Content-Type": content_type},
                             timeout=10)
    check(response)
    assert response.status_code in (400, 415)


def test_ten_thousand_parameters(server):
    many = [(f"p{i}", "v") for i in range(10_000)]
    form = requests.post(server.base + "/sparql", data=many + [("query", "ASK {}")], timeout=30)
    check(form)
    assert form.status_code == 200  # unknown parameters are ignored
    repeated = requests.post(server.base + "/sparql", data=[("query", "ASK {}")] * 10_000, timeout=30)
    check(repeated)
    assert repeated.status_code == 400 and "Exactly one query" in repeated.json()["error"]["message"]
    graphs = requests.post(server.base + "/sparql", data=[("default-graph-uri", f"urn:g{i}") for i in range(10_000)]
                           + [("query", "ASK {}")], timeout=30)
    check(graphs)
    assert graphs.status_code == 403
    url = requests.get(server.base + "/sparql", params=many + [("query", "ASK {}")], timeout=30)
    check(url)
    assert url.status_code == 414  # the request line is longer than gunicorn takes
    assert "POST" in assert_clean_error(url)["message"]
    ampersands = requests.get(server.base + "/sparql?" + "&" * 4000 + "query=ASK%7B%7D", timeout=30)
    check(ampersands)
    assert ampersands.status_code == 200


def test_oversized_request_line_and_headers(server):
    """gunicorn refuses these before the app sees them; the answer still has the JSON shape."""
    long_url = requests.get(server.base + "/id/" + "a" * 20_000, timeout=10)
    check(long_url)
    assert long_url.status_code == 414
    assert long_url.headers["Content-Type"] == "application/json"
    assert "too large" in assert_clean_error(long_url)["message"]
    headers = requests.get(server.base + "/sparql", headers={"X-Big": "a" * 20_000}, timeout=10)
    check(headers)
    assert headers.status_code == 431
    assert headers.headers["Content-Type"] == "application/json"
    assert assert_clean_error(headers)["title"] == "Request Header Fields Too Large"


def test_malformed_request_line_gets_the_json_error_shape(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/9.9\r\nHost: x\r\n\r\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"Content-Type: application/json" in head, head
    error = json.loads(body)["error"]
    assert error["status"] == 400 and "HTTP Version" in error["message"], error


# --- path traversal and odd IRIs --------------------------------------------------------------

TRAVERSALS = [
    "/dumps/..%2f..%2fpyproject.toml", "/dumps/%2e%2e/%2e%2e/pyproject.toml", "/dumps/../../pyproject.toml",
    "/dumps/..\\..\\pyproject.toml", "/dumps/..%5c..%5cpyproject.toml", "/dumps/kg.trig%00.html",
    "/dumps/%00", "/dumps/kg.trig/..%2fmanifest.json", "/dumps/%252e%252e%252fpyproject.toml",
    "/dumps/%c0%ae%c0%ae/%c0%ae%c0%ae/pyproject.toml", "/dumps/%ff", "/dumps/" + "a" * 7000,
    "/dumps/.hidden", "/dumps//etc/passwd", "/dumps/%2fetc%2fpasswd", "/dumps/....//....//etc/passwd",
    "/dumps/kg.trig%20", "/dumps/KG.TRIG", "/dumps/kg.trig;.html", "/dumps/?name=../../etc/passwd",
    "/id/..%2f..%2f..%2fetc%2fpasswd", "/id/../../etc/passwd", "/id/%00", "/id/%0d%0aSet-Cookie:%20x=1",
    "/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/id/%ff%fe", "/id/" + "x" * 7000, "/id/a%20b", "/id/%7B%7D",
    "/id/%22%3E%3C", "/id/%EF%BF%BF", "/id/%E2%80%AE", "/id/" + "%C3%A9" * 1300, "/id/%F0%9F%92%A3",
    "/id/doc/x/sentence/-1--1", "/id/event/%2e%2e/%2e%2e", "/ontology/..%2f..%2fetc%2fpasswd",
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fserver%2f__init__.py",
    "/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/server/__init__.py", "/graph/..%2f..",
    "/sparql/..%2f..%2fetc%2fpasswd", "//etc/passwd", "/id/%", "/id/%%32%65", "/id/%u002e",
]


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "*/*"])
def test_traversal_and_odd_paths(server, accept):
    for path in TRAVERSALS:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.putheader("Accept", accept)
        connection.endheaders()
        raw = connection.getresponse()
        text = raw.read().decode(errors="replace")
        connection.close()
        COUNTS["requests"] += 1
        allowed = (200,) if path.startswith("/dumps/?") else (400, 404, 405, 414)  # ?name= is ignored
        assert raw.status in allowed, (path, raw.status, text[:200])
        assert "Traceback" not in text, path
        assert raw.getheader("Set-Cookie") is None
        for secret in SECRETS:
            assert secret not in text, path
        assert "<script>alert" not in text, path


def test_dumps_still_serve_real_files(server):
    listing = requests.get(server.base + "/dumps/", headers={"Accept": "application/json"}, timeout=10)
    names = {f["name"] for f in listing.json()["files"]}
    assert {"kg.trig", "SHA256SUMS"} <= names
    assert requests.get(server.base + "/dumps/SHA256SUMS", timeout=10).status_code == 200


# --- SERVICE to internal addresses ------------------------------------------------------------



class Redirector(BaseHTTPRequestHandler):
    """An allow-listed stand-in that answers every request with a redirect."""
    location = ""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(302)
        self.send_header("Location", Redirector.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args):
        pass


def local_names() -> list[str]:
    """Host names that resolve locally (/etc/hosts): `localhost` plus whatever else is there."""
    names = ["localhost", "ip6-localhost", "ip6-loopback"]
    try:
        for line in open("/etc/hosts", encoding="utf-8"):
            names += line.split("#")[0].split()[1:]
    except OSError:
        pass
    found = []
    for name in dict.fromkeys(names):
        try:
            socket.getaddrinfo(name, 80, proto=socket.IPPROTO_TCP)
            found.append(name)
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def federation(article_release):
    v4 = Listener()
    try:
        v6 = Listener(socket.AF_INET6, "::1")
    except OSError:
        v6 = None
    redirector = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
    threading.Thread(target=redirector.serve_forever, daemon=True).start()
    stand_in = f"http://127.0.0.1:{redirector.server_address[1]}/sparql"
    # "http://*" lets every address reach the address check; the stand-in is exactly allow-listed
    allow = f"http://*,https://*,{stand_in}"
    with Server(article_release, "--service-allow", allow, "--service-timeout", "3") as running:
        yield {"server": running, "v4": v4, "v6": v6, "stand_in": stand_in}
    redirector.shutdown()
    v4.sock.close()
    if v6:
        v6.sock.close()


ADDRESSES = ["127.0.0.1:{v4}", "127.1:{v4}", "2130706433:{v4}", "0x7f000001:{v4}", "0177.0.0.1:{v4}",
             "0.0.0.0:{v4}", "[::ffff:127.0.0.1]:{v4}", "[::1]:{v6}", "[::]:{v6}", "10.0.0.1", "172.16.0.1",
             "192.168.1.1", "100.64.0.1", "169.254.169.254", "[fe80::1]", "[fd00::1]", "[::ffff:169.254.169.254]",
             "169.254.169.254:80/latest/meta-data/", "metadata.google.internal.invalid"]


@pytest.mark.parametrize("host", ADDRESSES + [f"{name}:{{v4}}" for name in local_names()])
def test_service_to_internal_addresses_refused_without_connecting(federation, host):
    v6_port = federation["v6"].port if federation["v6"] else 9
    endpoint = "http://" + host.format(v4=federation["v4"].port, v6=v6_port)
    if "/" not in host:
        endpoint += "/sparql"
    started = time.monotonic()
    response = post_query(federation["server"].base, f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}")
    elapsed = time.monotonic() - started
    check(response, gateway=True)
    if host.startswith("metadata"):  # a name that does not resolve: refused, nothing to connect to
        assert response.status_code in (403, 502)
    else:
        assert response.status_code == 403, response.text
        assert "non-public address" in response.json()["error"]["message"]
    assert elapsed < 2  # refused before any connection attempt (169.254.169.254 would hang)
    assert federation["v4"].accepted() == 0
    if federation["v6"]:
        assert federation["v6"].accepted() == 0


@pytest.mark.parametrize("target", ["http://127.0.0.1:{v4}/", "http://169.254.169.254/latest/meta-data/",
                                    "http://localhost:{v4}/sparql"])
def test_redirect_from_an_allowed_endpoint_is_not_followed(federation, target):
    Redirector.location = target.format(v4=federation["v4"].port)
    response = post_query(federation["server"].base,
                          f"SELECT * WHERE {{ SERVICE <{federation['stand_in']}> {{ ?s ?p ?o }} }}")
    check(response, gateway=True)
    assert response.status_code == 502 and "302" in response.json()["error"]["message"]
    assert federation["v4"].accepted() == 0


# --- updates and the token --------------------------------------------------------------------

UPDATE = "INSERT DATA { <urn:x:token-test> <urn:x:p> 1 }"
TOKEN_PROBE = "ASK { <urn:x:token-test> <urn:x:p> 1 }"


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer ", "Bearer wrong", f"Bearer {TOKEN}x",
                                           f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", f"Token {TOKEN}", TOKEN,
                                           f"Bearer {TOKEN.upper()}", "Bearer \u00e9\u00ff"])
def test_updates_without_the_right_token_are_refused(server, authorization):
    headers = {} if authorization is None else {"Authorization": authorization.encode("utf-8")}
    response = requests.post(server.base + "/sparql", data={"update": UPDATE}, headers=headers, timeout=10)
    check(response)
    assert response.status_code == 403
    assert TOKEN not in response.text
    assert post_query(server.base, TOKEN_PROBE).json()["boolean"] is False


def test_token_elsewhere_than_the_header_is_refused(server):
    for response in (
        requests.post(server.base + "/sparql", params={"access_token": TOKEN}, data={"update": UPDATE}, timeout=10),
        requests.post(server.base + "/sparql", data={"update": UPDATE, "token": TOKEN}, timeout=10),
        requests.post(server.base + "/sparql", data=UPDATE, timeout=10,
                      headers={"Content-Type": "application/sparql-update", "X-Update-Token": TOKEN}),
    ):
        check(response)
        assert response.status_code == 403
    get = requests.get(server.base + "/sparql", params={"update": UPDATE}, timeout=10,
                       headers={"Authorization": f"Bearer {TOKEN}"})
    check(get)
    assert get.status_code == 400
    assert post_query(server.base, TOKEN_PROBE).json()["boolean"] is False


def test_read_only_server_refuses_every_update(article_release):
    with Server(article_release) as running:
        for authorization in (None, "Bearer ", f"Bearer {TOKEN}"):
            headers = {"Authorization": authorization} if authorization else {}
            response = requests.post(running.base + "/sparql", data={"update": "CLEAR ALL"}, headers=headers,
                                     timeout=10)
            check(response)
            assert response.status_code == 403 and "read-only" in response.json()["error"]["message"]


def test_token_comparison_uses_hmac_compare_digest(tmp_path, monkeypatch):
    from conflict_kg.server import protocol

    source = inspect.getsource(protocol.authorised)
    assert "hmac.compare_digest(" in source and "== token" not in source and "token ==" not in source
    calls = []
    real = protocol.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(protocol.hmac, "compare_digest", spy)
    client = make_app(update_token=TOKEN, store=tmp_path / "store", timeout=10).test_client()
    wrong = client.post("/sparql", data={"update": UPDATE}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = client.post("/sparql", data={"update": UPDATE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 204
    assert calls == [(b"nope", TOKEN.encode()), (TOKEN.encode(), TOKEN.encode())]
