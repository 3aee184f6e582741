"""Caching of answers: the result cache, ETag / If-None-Match / 304, Cache-Control."""

from __future__ import annotations

import uuid

import pytest
from serverfixtures import TOKEN, make_app

from conflict_kg.server.guarded_store import is_repeatable, names_fresh_blank_nodes
from conflict_kg.server.result_cache import ENTRY_OVERHEAD, ResultCache

RESULTS_JSON = "application/sparql-results+json"


def ask(client, text, headers=None, method="get"):
    if method == "get":
        return client.get("/sparql", query_string={"query": text},
                          headers={"Accept": RESULTS_JSON, **(headers or {})})
    return client.post("/sparql", data={"query": text}, headers={"Accept": RESULTS_JSON, **(headers or {})})


def unique_query() -> str:
    """A query no other test sends, so the cache starts without it."""
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(?s != <urn:x:{uuid.uuid4().hex}>) }}"


def status(client) -> dict:
    return client.get("/status").get_json()


# ---- the result cache on its own -------------------------------------------------------------------

def answer(size: int) -> dict:
    return {"ok": True, "body": b"x" * size}


def test_cache_counts_bytes_and_drops_the_least_recently_used():
    cache = ResultCache(8 * (1000 + ENTRY_OVERHEAD + 1))
    tag = (0, "r")
    for name in "abcdefgh":
        assert cache.put(tag, name, answer(1000))
    assert cache.get(tag, "a") is not None  # a is now the most recently used
    assert cache.put(tag, "i", answer(1000))
    assert cache.get(tag, "b") is None and cache.get(tag, "a") is not None
    assert cache.stats()["bytes"] <= cache.capacity and cache.stats()["evictions"] == 1


def test_cache_refuses_an_answer_larger_than_an_eighth_of_it():
    cache = ResultCache(80_000)
    assert not cache.put((0, "r"), "big", answer(20_000))
    assert cache.get((0, "r"), "big") is None


def test_a_later_tag_empties_the_cache_and_an_earlier_one_is_ignored():
    cache = ResultCache(1_000_000)
    cache.put((0, "r"), "q", answer(10))
    assert cache.get((1, "r"), "q") is None  # an update happened: stale
    assert not cache.put((0, "r"), "q", answer(10))  # a request that ran before the update
    assert cache.get((0, "r"), "q") is None and cache.stats()["entries"] == 0
    cache.put((1, "r"), "q", answer(10))
    assert cache.get((1, "r"), "q") is not None


def test_a_zero_size_cache_keeps_nothing():
    cache = ResultCache(0)
    assert not cache.put((0, "r"), "q", answer(1))
    assert cache.get((0, "r"), "q") is None


@pytest.mark.parametrize("text, repeatable", [
    ("SELECT * { ?s ?p ?o }", True),
    ("SELECT (RAND() AS ?r) {}", False),
    ("SELECT (now() AS ?t) {}", False),
    ("SELECT (STRUUID() AS ?u) {}", False),
    ('SELECT * { ?s ?p "RAND()" }', True),  # a word inside a string is not a call
])
def test_answers_that_can_differ_between_runs_are_told_apart(text, repeatable):
    assert is_repeatable(text) is repeatable


def test_construct_templates_with_blank_nodes_are_told_apart():
    assert names_fresh_blank_nodes("CONSTRUCT { ?s <urn:p> [ <urn:q> ?o ] } WHERE { ?s ?p ?o }")
    assert names_fresh_blank_nodes("CONSTRUCT { _:b <urn:p> ?o } WHERE { ?s ?p ?o }")
    assert not names_fresh_blank_nodes("CONSTRUCT { ?s <urn:p> ?o } WHERE { ?s ?p ?o }")


# ---- through the server --------------------------------------------------------------------------

def test_a_repeated_query_is_answered_from_the_cache(client):
    text = unique_query()
    before = status(client)
    first, second = ask(client, text), ask(client, text)  # GET: the second is a whole answer kept
    middle = status(client)
    third, fourth = ask(client, text, method="post"), ask(client, text, method="post")  # the query's answer kept
    after = status(client)
    assert first.status_code == second.status_code == 200 and first.data == second.data == third.data == fourth.data
    assert middle["cache"]["misses"] == before["cache"]["misses"] + 1
    assert middle["responses"]["hits"] == before["responses"]["hits"] + 1
    assert after["cache"]["hits"] == middle["cache"]["hits"] + 2  # neither POST ran the query
    assert after["cache"]["misses"] == middle["cache"]["misses"]


def test_query_answers_carry_a_strong_etag_and_a_matching_get_gets_304(client):
    text = unique_query()
    first = ask(client, text)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong
    assert first.headers["Cache-Control"] == "public, max-age=300"
    runs = status(client)["cache"]
    again = ask(client, text, {"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Vary"] == "Accept"
    assert status(client)["cache"] == runs  # a 304 ran nothing, not even a cache lookup
    assert ask(client, text, {"If-None-Match": '"something-else"'}).status_code == 200


def test_the_etag_depends_on_the_request(client):
    text = unique_query()
    json_tag = ask(client, text).headers["ETag"]
    csv_tag = client.get("/sparql", query_string={"query": text}, headers={"Accept": "text/csv"}).headers["ETag"]
    other = ask(client, unique_query()).headers["ETag"]
    assert len({json_tag, csv_tag, other}) == 3


def test_a_post_with_if_none_match_is_answered_in_full(client):
    text = unique_query()
    etag = ask(client, text).headers["ETag"]
    response = ask(client, text, {"If-None-Match": etag}, method="post")
    assert response.status_code == 200 and response.get_json()["results"]["bindings"]


def test_a_query_with_rand_is_neither_cached_nor_tagged_as_repeatable(client):
    text = f"SELECT (RAND() AS ?r) WHERE {{ BIND(<urn:x:{uuid.uuid4().hex}> AS ?x) }}"
    before = status(client)["cache"]
    first, second = ask(client, text), ask(client, text)
    assert first.headers["Cache-Control"] == second.headers["Cache-Control"] == "no-store"
    assert status(client)["cache"]["hits"] == before["hits"]


def test_a_service_query_must_be_revalidated():
    client = make_app(service_allow="http://example.invalid/sparql",  # refused connections: SILENT
                      service_rewrites="http://example.invalid/sparql=http://127.0.0.1:9/sparql").test_client()
    text = "SELECT * WHERE { SERVICE SILENT <http://example.invalid/sparql> { ?s ?p ?o } }"
    response = ask(client, text)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"


def test_pages_carry_an_etag_and_answer_304(client):
    page = client.get("/id/test-person", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers.get("ETag")
    again = client.get("/id/test-person", headers={"Accept": "text/html",
                                                          "If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304


def test_errors_are_not_made_cacheable(client):
    response = ask(client, "SELECT * WHERE {")
    assert response.status_code == 400 and "ETag" not in response.headers


def test_an_update_moves_the_etag_and_empties_the_cache(token_app):
    client = token_app.test_client()
    text = "ASK { <urn:x:cached> <urn:x:p> 1 }"
    first = ask(client, text)
    assert first.headers["Cache-Control"] == "no-cache"  # updates are possible: always revalidate
    assert first.get_json()["boolean"] is False
    done = client.post("/sparql", data={"update": "INSERT DATA { <urn:x:cached> <urn:x:p> 1 }"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204
    after = ask(client, text, {"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["boolean"] is True
    assert after.headers["ETag"] != first.headers["ETag"]
    client.post("/sparql", data={"update": "DELETE DATA { GRAPH <https://w3id.org/conflict-kg/graph/"
                                           "updates> { <urn:x:cached> <urn:x:p> 1 } }"},
                headers={"Authorization": f"Bearer {TOKEN}"})
    assert ask(client, text).get_json()["boolean"] is False


def test_whole_answers_are_kept_per_host_and_accept_and_revalidated_with_304(client):
    text = unique_query()
    before = status(client)["responses"]
    first = ask(client, text)
    again = ask(client, text, {"If-None-Match": first.headers["ETag"]})
    other_accept = client.get("/sparql", query_string={"query": text}, headers={"Accept": "text/csv"})
    other_host = client.get("/sparql", query_string={"query": text}, base_url="http://other.example",
                            headers={"Accept": RESULTS_JSON})
    after = status(client)["responses"]
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    assert other_accept.status_code == other_host.status_code == 200
    assert other_accept.headers["Content-Type"].startswith("text/csv")
    # three answers made and kept, and the first /status (answers that say no-store are looked up
    # but never kept)
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"] + 4


def test_dump_files_stream_past_the_kept_answers(client):
    before = status(client)["responses"]
    response = client.get("/dumps/kg.trig")
    assert response.status_code == 200 and response.headers.get("ETag")
    assert status(client)["responses"]["entries"] == before["entries"]
