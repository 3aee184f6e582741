"""The web UI in a real browser: pick an example query, run it, see rows; the timeline shows rows.

Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import requests
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE_IRI = "https://w3id.org/conflict-kg/"


def wait(driver, seconds: float = 30):
    return WebDriverWait(driver, seconds)


def severe_console_messages(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def loaded_resources(driver) -> list[str]:
    return driver.execute_script(
        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));")


def test_editor_runs_an_example_query_and_links_results_to_entity_pages(server, browser, artifacts):
    browser.get(server + "/")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    examples = browser.find_elements(By.CSS_SELECTOR, "#examples a.example")
    assert len(examples) >= 15
    assert all(e.text.strip() for e in examples)

    link = browser.find_element(By.CSS_SELECTOR, 'a.example[data-example="captures-of-settlements"]')
    link.click()
    wait(browser).until(lambda d: "ckg:Capture" in d.execute_script(
        "return window.conflictKg.yasqe.getValue();"))
    assert browser.find_element(By.ID, "query-title").text == "Captures of settlements by date"
    assert "example=captures-of-settlements" in browser.current_url

    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#editor .yasqe_queryButton"))).click()
    # The session's first query from a cold browser sometimes sent no request at all (2026-12-06: a
    # screenshot after 90 s showed the query in the editor, the run button idle, no response; 1 run in 3
    # alone): the click landed while the editor was still laying out the example. A click that sent no
    # request to /sparql within 15 s is made once more; the rows must still come from the button.
    try:
        wait(browser, 15).until(lambda d: any("/sparql" in name for name in loaded_resources(d)))
    except TimeoutException:
        browser.find_element(By.CSS_SELECTOR, "#editor .yasqe_queryButton").click()
    # A wait is no speed test: allow 90 s for rows, and keep what the page showed if even that is not enough.
    try:
        rows = wait(browser, 90).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
                                       and len(d.find_elements(By.CSS_SELECTOR, "#results table tbody tr td")) > 1
                                       and d.find_elements(By.CSS_SELECTOR, "#results table tbody tr"))
    except TimeoutException:
        browser.save_screenshot(str(artifacts / "browser-editor-no-rows.png"))
        (artifacts / "browser-editor-no-rows.log").write_text(
            "\n".join(entry["message"] for entry in browser.get_log("browser")), encoding="utf-8")
        raise
    assert len(rows) >= 5
    table = browser.find_element(By.CSS_SELECTOR, "#results table").text
    assert "Martakert" in table and "Zabukh" in table and "2022-08-26" in table
    # result IRIs of the graph open this server's page for them
    martakert = browser.find_elements(By.CSS_SELECTOR, '#results a[href="/id/martakert"]')
    assert martakert, "the result link to ckr:martakert is rewritten to /id/martakert"
    assert not browser.find_elements(By.CSS_SELECTOR, f'#results a[href^="{BASE_IRI}"]')
    assert martakert[0].text == "ckr:martakert", "IRIs are shown as prefixed names"
    browser.save_screenshot(str(artifacts / "browser-editor.png"))

    # the download links ask /sparql for CSV and JSON of the query in the editor
    csv_link = browser.find_element(By.ID, "download-first")
    assert csv_link.text == "CSV"
    answer = requests.get(csv_link.get_attribute("href"), timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(records) >= len(rows)  # the table may paginate, the download holds every row
    assert any(r["settlement"] == BASE_IRI + "id/martakert" for r in records)
    json_answer = requests.get(browser.find_element(By.ID, "download-second").get_attribute("href"),
                               timeout=30)
    assert json_answer.json()["head"]["vars"][0] == "begin"

    # the entity page opens from the results
    browser.get(martakert[0].get_attribute("href"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Martakert"

    # nothing was fetched from anywhere but this server (no CDN), and no script error
    assert all(url.startswith(server) for url in loaded_resources(browser))
    browser.get(server + "/?example=timeline")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    assert all(url.startswith(server) for url in loaded_resources(browser))
    assert severe_console_messages(browser) == []


def test_the_editor_finds_no_syntax_error_in_any_example(server, browser):
    browser.get(server + "/")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    names = [a.get_attribute("data-example")
             for a in browser.find_elements(By.CSS_SELECTOR, "#examples a.example")]
    invalid = [name for name in names if not browser.execute_script(
        "window.conflictKg.choose(arguments[0]); window.conflictKg.yasqe.checkSyntax();"
        "return window.conflictKg.yasqe.queryValid;", name)]
    assert names and invalid == []


def test_timeline_page_shows_events_in_date_order_and_filters(server, browser, artifacts):
    browser.get(server + "/timeline")
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr.event-row")
    assert len(rows) >= 20
    # the first day written in the cell ("from 2022-12-01 – 2022-12-31" for an onset)
    dates = [re.search(r"\d{4}-\d{2}-\d{2}", row.find_element(By.CSS_SELECTOR, "td.date").text).group()
             for row in rows]
    assert dates == sorted(dates)
    assert "precision: day" in browser.find_element(By.ID, "timeline").text
    # every row says who stands behind the event; a claimed one is never shown as plain fact
    statuses = [row.find_element(By.CSS_SELECTOR, "td.status").text.split()[0] for row in rows]
    assert set(statuses) <= {"asserted", "reported", "alleged"} and "asserted" in statuses
    assert any(s != "asserted" for s in statuses)
    # every event links to its page and its sentence
    first = rows[0]
    assert first.find_element(By.CSS_SELECTOR, 'td:nth-child(3) a').get_attribute("href").startswith(
        server + "/id/event/")
    assert "/sentence/" in first.find_element(By.CSS_SELECTOR, "td.sentence a").get_attribute("href")
    browser.save_screenshot(str(artifacts / "browser-timeline.png"))

    Select(browser.find_element(By.ID, "filter-kind")).select_by_value("Capture")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait(browser).until(EC.url_contains("kind=Capture"))
    captures = browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr.event-row")
    assert 0 < len(captures) < len(rows)
    assert {row.find_element(By.CSS_SELECTOR, "a.kind").text for row in captures} == {"capture"}
    assert "Zabukh" in browser.find_element(By.ID, "timeline").text

    Select(browser.find_element(By.ID, "filter-place")).select_by_value("zabukh")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait(browser).until(EC.url_contains("place=zabukh"))
    narrowed = browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr.event-row")
    assert 0 < len(narrowed) <= len(captures)
    assert all("Zabukh" in row.text for row in narrowed)
    browser.save_screenshot(str(artifacts / "browser-timeline-filtered.png"))
    assert severe_console_messages(browser) == []


UNDECLARED_PREFIX = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?label WHERE {
  ?event a ckg:Capture ;
         foo:label ?label .
}"""


def show_query_error(browser, server: str, query: str):
    """Open the editor with `query`, run it, and return the error box once it shows."""
    browser.get(server + "/?" + urlencode({"query": query}))
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    browser.find_element(By.CSS_SELECTOR, "#editor .yasqe_queryButton").click()
    return wait(browser).until(EC.visibility_of_element_located((By.ID, "query-error")))


def test_a_malformed_query_shows_where_and_why_not_the_parser_dump(server, browser, artifacts):
    box = show_query_error(browser, server, UNDECLARED_PREFIX)
    title = box.find_element(By.CSS_SELECTOR, ".query-error-title").text
    assert title == "Malformed query at line 5, column 10: prefix foo: is not declared"
    excerpt = box.find_element(By.CSS_SELECTOR, ".query-error-excerpt")
    assert excerpt.value_of_css_property("font-family").lower().find("mono") >= 0
    assert excerpt.get_attribute("textContent") == "         foo:label ?label .\n         ^"
    assert box.find_element(By.CSS_SELECTOR, ".query-error-hint").text == "Hint: declared: ckg:, rdfs:"
    assert not browser.find_element(By.ID, "results").is_displayed()  # no stale table, no raw JSON
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "\\u{" not in page and "Traceback" not in page
    browser.save_screenshot(str(artifacts / "browser-sparql-error.png"))

    # a misspelt keyword, then a good query: the error goes, the results come back
    box = show_query_error(browser, server, "SELEC * WHERE { ?s ?p ?o } LIMIT 1")
    assert box.find_element(By.CSS_SELECTOR, ".query-error-hint").text == "Hint: did you mean SELECT?"
    browser.execute_script("window.conflictKg.yasqe.setValue('SELECT * WHERE { ?s ?p ?o } LIMIT 1');")
    browser.find_element(By.CSS_SELECTOR, "#editor .yasqe_queryButton").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results table tbody tr td"))
    assert not browser.find_element(By.ID, "query-error").is_displayed()
    assert browser.find_element(By.ID, "results").is_displayed()


def test_map_page_draws_a_circle_per_place_with_its_events(server, browser, artifacts):
    browser.get(server + "/map")
    circles = wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive"))
    listed = browser.find_elements(By.CSS_SELECTOR, "#map-places li")
    assert len(circles) == len(listed) >= 3
    # the place with most events (a permanent label may cover it, so the click is dispatched on it)
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", circles[0])
    popup = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-popup-content")))
    assert popup.find_elements(By.CSS_SELECTOR, "li a") and any(
        word in popup.text for word in ("asserted", "reported", "alleged"))
    browser.save_screenshot(str(artifacts / "browser-map.png"))
    assert severe_console_messages(browser) == []


def test_network_page_draws_actors_and_opens_the_facts_of_a_link(server, browser, artifacts):
    browser.get(server + "/network")
    nodes = wait(browser).until(lambda b: b.execute_script("return window.kgNetwork && window.kgNetwork.nodes().length"))
    edges = browser.execute_script("return window.kgNetwork.edges().length")
    assert nodes >= 20 and edges >= 20
    browser.execute_script("window.kgNetwork.edges().max(function (e) { return e.data('weight'); }).ele.emit('tap')")
    panel = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#network-facts ul.network-facts")))
    assert panel.find_elements(By.CSS_SELECTOR, "li a") and "“" in panel.text  # each fact with its sentence
    assert browser.find_element(By.CSS_SELECTOR, "#network-facts h2").text
    browser.save_screenshot(str(artifacts / "browser-network.png"))
    assert severe_console_messages(browser) == []
