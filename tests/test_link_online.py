"""`kg link --wikidata-api` against a local stand-in of Wikidata (tests/wikidata_stub.py): search, one
SPARQL request per batch, retries, a resumable cache, subclass typing, homonyms, per-entity apply."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from project_paths import DATA as PROJECT_DATA
from wikidata_stub import DATA, WikidataStandin, article_standin

from conflict_kg.link import LinkError, link, propose_links, review
from conflict_kg.registry import copy_outlines, load_registry
from conflict_kg.wikidata_api import Cache, WikidataClient, fetch_candidates

REGISTRY = PROJECT_DATA / "registry.yaml"
HOMONYMS = {"Q538325", "Q4056804", "Q230104"}
PROPOSAL = re.compile(r"^(\S+)  \[.*?\]  -> (\S+)")
CANDIDATE = re.compile(r"^    (\d\.\d{3})  (Q\d+) ")


@pytest.fixture(scope="module")
def article():
    return load_registry(REGISTRY)


@pytest.fixture(scope="module")
def standin_server(article):
    server = WikidataStandin(article_standin(article) + (DATA / "homonyms.ttl").read_text(encoding="utf-8"))
    server.base = server.start()
    yield server
    server.stop()


@pytest.fixture()
def standin(standin_server):
    standin_server.reset()
    return standin_server


def client_for(standin, tmp_path, **options) -> WikidataClient:
    options.setdefault("sleep", lambda seconds: None)
    return WikidataClient(cache=Cache(tmp_path / "cache"), api_url=f"{standin.base}/w/api.php",
                          sparql_url=f"{standin.base}/sparql", contact="tests@example.org", **options)


def unlinked_copy(tmp_path: Path) -> Path:
    """The article's registry as a curator starts it: only the states keep their QIDs."""
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    for entry in data["entities"]:
        if not {"State", "Country"} & set(entry["types"]):
            for key in ("wikidata", "wikidata_label", "wikidata_source", "wikidata_label_differs"):
                entry.pop(key, None)
    target = tmp_path / "registry.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    copy_outlines(REGISTRY, target)
    return target


def run_link(standin, tmp_path, registry: Path, *extra: str):
    return CliRunner().invoke(link, [
        "--registry", str(registry), "--wikidata-api", "--api-url", f"{standin.base}/w/api.php",
        "--sparql-url", f"{standin.base}/sparql", "--cache", str(tmp_path / "cache"),
        "--contact", "tests@example.org", *extra])


def proposals_in(output: str) -> dict[str, tuple[str, str | None]]:
    """entity id -> (status, best candidate's QID) from `kg link` output."""
    found: dict[str, tuple[str, str | None]] = {}
    lines = output.splitlines()
    for number, line in enumerate(lines):
        match = PROPOSAL.match(line)
        if match:
            candidate = CANDIDATE.match(lines[number + 1]) if number + 1 < len(lines) else None
            found[match.group(1)] = (match.group(2), candidate.group(2) if candidate else None)
    return found


# -- the article's registry, end to end -------------------------------------------------------------------

def test_dry_run_proposes_every_item_the_standin_holds_and_no_homonym(standin, tmp_path, article):
    registry = unlinked_copy(tmp_path)
    before = registry.read_bytes()
    result = run_link(standin, tmp_path, registry, "--dry-run")
    assert result.exit_code == 0, result.output
    assert registry.read_bytes() == before
    found = proposals_in(result.output)
    expected = {e.id: e.wikidata for e in article if e.wikidata and not {"State", "Country"} & set(e.types)}
    assert len(expected) > 100
    wrong = {i: (found.get(i), q) for i, q in expected.items() if found.get(i) != ("proposed", q)}
    assert wrong == {}
    assert not {qid for status, qid in found.values() if status == "proposed"} & HOMONYMS
    # the homonyms were candidates, and were refused with a reason
    assert "Q538325" in result.output and "REJECTED: country (P17) Q399, registry: Azerbaijan (Q227)" \
        in result.output


def test_check_linked_confirms_every_qid_of_the_registry(standin, tmp_path, article):
    registry = tmp_path / "registry.yaml"
    shutil.copy(REGISTRY, registry)
    copy_outlines(REGISTRY, registry)
    result = run_link(standin, tmp_path, registry, "--check-linked")
    assert result.exit_code == 0, result.output
    found = proposals_in(result.output)
    linked = {e.id for e in article if e.wikidata}
    assert {i for i in linked if found.get(i, ("",))[0] != "agrees"} == set()


# -- the client: User-Agent, retries, cache, resume -------------------------------------------------------

def test_requests_carry_a_user_agent_with_the_contact(standin, tmp_path):
    client_for(standin, tmp_path).search("Martuni")
    agent = standin.requests[-1]["user_agent"]
    assert agent.startswith("conflict-kg-link/") and "tests@example.org" in agent


def test_429_and_503_are_retried_honouring_retry_after(standin, tmp_path):
    standin.failures = [(429, {"Retry-After": "7"}), (503, {})]
    waited: list[float] = []
    client = client_for(standin, tmp_path, sleep=waited.append, backoff=0.5)
    assert "Q538325" in client.search("Martuni")
    assert waited == [7.0, 1.0]  # the server's Retry-After, then the second back-off step
    assert client.requests_sent == 3


def test_gives_up_with_a_clear_error_after_the_last_attempt(standin, tmp_path):
    standin.failures = [(503, {})] * 3
    client = client_for(standin, tmp_path, attempts=3)
    with pytest.raises(LinkError, match=r"HTTP 503 after 3 attempt\(s\).*rerun to resume"):
        client.search("Martuni")


def test_a_retry_after_beyond_the_limit_stops_the_run_instead_of_sleeping(standin, tmp_path):
    standin.failures = [(429, {"Retry-After": "3600"})]
    waited: list[float] = []
    with pytest.raises(LinkError, match="asks to wait 3600 s"):
        client_for(standin, tmp_path, sleep=waited.append).search("Martuni")
    assert waited == []


def test_a_run_that_fails_midway_resumes_from_the_cache_and_repeats_offline(standin, tmp_path):
    registry = unlinked_copy(tmp_path)
    standin.fail_after = 40
    first = run_link(standin, tmp_path, registry, "--retries", "1")
    assert first.exit_code == 2
    assert "link failed:" in first.output and "rerun to resume" in first.output
    assert standin.answered == 40

    standin.fail_after = None
    sent_before = len(standin.requests)
    second = run_link(standin, tmp_path, registry)
    assert second.exit_code == 0, second.output
    resumed = len(standin.requests) - sent_before

    sent_before = len(standin.requests)
    uninterrupted = run_link(standin, tmp_path / "fresh", registry)
    assert uninterrupted.exit_code == 0, uninterrupted.output
    assert resumed == len(standin.requests) - sent_before - 40  # the 40 answers were not asked again
    assert proposals_in(second.output) == proposals_in(uninterrupted.output)

    sent_before = len(standin.requests)
    third = run_link(standin, tmp_path, registry, "--offline")
    assert third.exit_code == 0, third.output
    assert len(standin.requests) == sent_before  # nothing asked of the network
    assert " 0 request(s)" in third.output
    assert proposals_in(third.output) == proposals_in(second.output)


def test_offline_without_a_cached_answer_fails_clearly(standin, tmp_path):
    with pytest.raises(LinkError, match="offline and not in the cache"):
        client_for(standin, tmp_path, offline=True).search("Martuni")


def test_one_sparql_request_describes_a_batch(standin, tmp_path, article):
    client = client_for(standin, tmp_path)
    qids = [e.wikidata for e in article if e.wikidata][:50]
    items = client.describe(qids)
    assert set(items) == set(qids)
    assert sum(1 for r in standin.requests if r["path"] == "/sparql") == 1


# -- checks: subclass typing, context, homonyms -----------------------------------------------------------

def test_a_district_passes_the_type_check_through_its_subclass_path(standin, tmp_path, article):
    item = client_for(standin, tmp_path).describe(["Q330790"])["Q330790"]  # Khojaly District
    assert item.types == {"Q13417250"}
    assert {"Q9000101", "Q9000102", "Q56061"} <= item.classes
    proposal = {p.entity_id: p for p in propose_links(article, None, items={"Q330790": item},
                                                      check_linked=True)}["khojaly-district"]
    assert proposal.status == "agrees"
    assert proposal.candidates[0].type_status == "match"
    item.classes.clear()  # the direct P31 alone is not in the table
    proposal = {p.entity_id: p for p in propose_links(article, None, items={"Q330790": item},
                                                      check_linked=True)}["khojaly-district"]
    assert proposal.candidates[0].type_status == "mismatch"


def test_the_martuni_of_armenia_is_refused_for_the_martuni_of_the_registry(standin, tmp_path, article):
    client = client_for(standin, tmp_path)
    items = fetch_candidates(client, {"martuni": ["Martuni", "Khojavend"]})
    assert {"Q538325", "Q1000844"} <= set(items)
    assert items["Q538325"].countries == {"Q399"} and "Q199905" in items["Q538325"].admin
    proposal = {p.entity_id: p for p in propose_links(article, None, items=items, check_linked=True)}["martuni"]
    armenian = next(c for c in proposal.candidates if c.qid == "Q538325")
    assert armenian.rejected and "Q399" in armenian.context_note and "Azerbaijan (Q227)" in armenian.context_note
    assert proposal.status == "agrees" and proposal.best.qid == "Q1000844"


# -- writing: per entity, the item's URL and date, review -------------------------------------------------

def test_apply_writes_each_accepted_proposal_and_reports_each_refusal(standin, tmp_path):
    registry = unlinked_copy(tmp_path)
    result = run_link(standin, tmp_path, registry, "--apply")
    assert result.exit_code == 0, result.output
    written = int(re.search(r"wrote (\d+) QID\(s\)", result.output).group(1))
    refused = re.findall(r"^refused (\S+) \((Q\d+)\): (.*)$", result.output, re.M)
    # a QID found through an alias whose recorded label names neither label nor alias is refused, alone
    assert ("martakert", "Q794712") in [(r[0], r[1]) for r in refused]
    assert all("matches neither the label nor an alias" in r[2] for r in refused)
    after = load_registry(registry)
    linked_before = [e for e in load_registry(REGISTRY) if e.wikidata and not {"State", "Country"} & set(e.types)]
    assert written + len(refused) == len(linked_before) and written >= 90
    assert after["martakert"].wikidata is None
    assert after["goris"].wikidata == "Q319735"
    assert re.fullmatch(r"https://www\.wikidata\.org/wiki/Q319735 \(kg link from the Wikidata API "
                        r"\(wbsearchentities \+ SPARQL\), checked \d{4}-\d{2}-\d{2}\)", after["goris"].wikidata_source)


def test_review_accepts_skips_and_adds_the_label_as_an_alias(standin, tmp_path):
    registry = unlinked_copy(tmp_path)
    client = client_for(standin, tmp_path)
    names = {"martakert": ["Martakert"], "goris": ["Goris"], "tegh": ["Tegh"]}
    items = fetch_candidates(client, names)
    proposals = [p for p in propose_links(load_registry(registry), None, items=items) if p.entity_id in names]
    answers = iter({"goris": "a", "martakert": "l", "tegh": "s"}[p.entity_id] for p in proposals)
    written = review(proposals, registry, "a test", ask=lambda *a, **k: next(answers))
    assert sorted(written) == ["goris", "martakert"]
    after = load_registry(registry)
    assert after["martakert"].wikidata == "Q794712" and "Aghdara" in after["martakert"].aliases
    assert after["tegh"].wikidata is None
