"""The command line on a real build: build, stats, query, validate, candidates."""

import re

from click.testing import CliRunner
from project_paths import DATA

from conflict_kg.cli import main


def test_stats_reports_no_fact_without_provenance(built_release):
    _, out = built_release
    result = CliRunner().invoke(main, ["stats", "--data", str(out)])
    assert result.exit_code == 0, result.output
    assert "facts without provenance: 0" in result.output
    assert "Wikidata coverage:" in result.output
    by_kind = dict(re.findall(r"(states|persons|settlements) (\d+/\d+)", result.output))
    assert set(by_kind) == {"states", "persons", "settlements"}, result.output
    covered, total = map(int, by_kind["states"].split("/"))
    assert 0 < covered <= total
    # every QID says where it was verified, and none rests only on the unreliable dr5hn tables
    assert "resting only on dr5hn/countries-states-cities-database: 0;" in result.output
    assert re.search(r"QID evidence by source: .*whosonfirst-data/whosonfirst-data-admin-az \d+", result.output)
    assert "Capture" in result.output
    # event coreference is reported: nodes, the mentions they hold, and how many were merged
    nodes, mentions, merged = map(int, re.search(
        r"events: (\d+) nodes from (\d+) sentence mentions \((\d+) mentions merged", result.output).groups())
    assert 0 < nodes < mentions and merged == mentions - nodes
    assert re.search(r"by status: alleged \d+, asserted \d+, reported \d+", result.output)


def test_query_runs_text_and_files(built_release, tmp_path):
    _, out = built_release
    text = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Capture }"
    result = CliRunner().invoke(main, ["query", text, "--data", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) > 3
    query_file = tmp_path / "ask.rq"
    query_file.write_text("ASK { ?s ?p ?o }")
    result = CliRunner().invoke(main, ["query", str(query_file), "--data", str(out)])
    assert result.output.strip() == "true"
    # a query longer than a file name may be (a whole file's text, as a shell's $(cat ...) passes it)
    long_text = "# " + "x" * 300 + "\n" + text
    result = CliRunner().invoke(main, ["query", long_text, "--data", str(out), "--format", "csv"])
    assert result.exit_code == 0 and "Traceback" not in result.output and int(result.output.splitlines()[1]) > 3


def test_query_table_shortens_iris_and_marks_what_it_cuts(built_release):
    _, out = built_release
    text = ("SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?event <https://w3id.org/conflict-kg/ontology#place> ?s } "
            "} ORDER BY ?g ?s")
    table = CliRunner().invoke(main, ["query", text, "--data", str(out)]).output.splitlines()[2:-1]
    assert table and all(re.match(r"\S+\s+ckr:", line) for line in table), table[:3]
    cut = [line.split()[0] for line in table if line.split()[0].endswith("…")]
    assert cut and all(len(iri) == 60 for iri in cut)  # graph IRIs longer than a cell, marked
    whole = CliRunner().invoke(main, ["query", text, "--data", str(out), "--format", "csv"]).output
    assert "https://w3id.org/conflict-kg/graph/facts/" in whole and "…" not in whole


def test_a_bad_query_is_a_clear_error(built_release):
    _, out = built_release
    result = CliRunner().invoke(main, ["query", "SELECT WHERE {", "--data", str(out)])
    assert result.exit_code == 2
    assert "query failed" in result.output


def test_commands_reading_a_release_refuse_a_folder_without_one(tmp_path):
    for command in (["stats"], ["validate"], ["query", "ASK {}"]):
        result = CliRunner().invoke(main, [*command, "--data", str(tmp_path)])
        assert result.exit_code == 2, (command, result.output)
        assert "holds no release" in result.output and "kg build" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_the_release_again(built_release):
    _, out = built_release
    result = CliRunner().invoke(main, ["validate", "--data", str(out)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_candidates_lists_unmatched_names_with_counts():
    result = CliRunner().invoke(main, ["candidates", "--corpus", str(DATA / "corpus.yaml"), "--limit", "500"])
    assert result.exit_code == 0, result.output
    rows = [line.split(None, 1) for line in result.output.splitlines()]
    assert rows and all(count.isdigit() for count, _ in rows)
    counts = [int(count) for count, _ in rows]
    assert counts == sorted(counts, reverse=True)


def tiny_release(tmp_path):
    """A release folder holding a two-triple kg.trig: enough for `kg query`, built in no time."""
    release = tmp_path / "dist"
    release.mkdir(parents=True)
    (release / "kg.trig").write_text(
        "<https://w3id.org/conflict-kg/graph/facts/t> { <https://w3id.org/conflict-kg/id/a> "
        "<http://www.w3.org/2000/01/rdf-schema#label> \"A\" . }\n", encoding="utf-8")
    return release


def test_query_names_a_missing_file_instead_of_parsing_its_name(tmp_path):
    for name in ("queries/no-such.rq", str(tmp_path / "no-such.sparql"), "queries/sub/thing"):
        result = CliRunner().invoke(main, ["query", name, "--data", str(tiny_release(tmp_path / name[-5:]))])
        assert result.exit_code == 2, result.output
        assert f"no such file: {name}" in result.output
        assert "expected" not in result.output and "Traceback" not in result.output
    query_file = tmp_path / "ask.sparql"
    query_file.write_text("ASK { ?s ?p ?o }")
    result = CliRunner().invoke(main, ["query", str(query_file), "--data", str(tiny_release(tmp_path))])
    assert result.exit_code == 0 and result.output.strip() == "true"


def test_a_malformed_query_says_where_with_a_caret_and_a_hint(tmp_path):
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * WHERE {\n  ?s foo:label ?o\n}"
    result = CliRunner().invoke(main, ["query", query, "--data", str(tiny_release(tmp_path))])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "query failed: line 3, column 6: prefix foo: is not declared; declared: rdfs:",
        "  ?s foo:label ?o",
        "     ^"]
    result = CliRunner().invoke(main, ["query", "SELEC * WHERE { ?s ?p ?o }", "--data", str(tmp_path / "dist")])
    assert result.exit_code == 2 and "unknown word SELEC; did you mean SELECT?" in result.output
    assert "CONSTRUCT" not in result.output


def test_a_service_out_of_reach_is_one_line_not_a_traceback(tmp_path):
    """As with the network down: the SERVICE endpoint cannot be reached (nothing listens there)."""
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    result = CliRunner().invoke(main, ["query", query, "--data", str(tiny_release(tmp_path))])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "query failed: the SERVICE call to http://127.0.0.1:9/sparql failed (")
    assert lines[0].endswith("is the network up?")


def test_a_release_that_is_not_trig_is_one_line(tmp_path):
    release = tiny_release(tmp_path)
    (release / "kg.trig").write_text("this is not { TriG", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "ASK {}", "--data", str(release)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"query failed: {release / 'kg.trig'} is not valid TriG (line 1")


def test_commands_on_bad_data_or_a_missing_file_say_so_in_one_line(tmp_path):
    release = tiny_release(tmp_path)
    (release / "kg.trig").write_text("this is not { TriG", encoding="utf-8")
    for command in (["stats", "--data", str(release)], ["validate", "--data", str(release)],
                    ["audit", "--kind", "events", "--seed", "1", "--data", str(release)],
                    ["export", "--data", str(release)],
                    ["candidates", "--corpus", str(tmp_path / "no-such.yaml")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (command, result.exception)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{command[0]} failed: "), (command, lines)
        assert "kg.trig" in lines[0] or "no-such.yaml" in lines[0]


def test_evidence_summary_counts_publishers_and_flags_the_unreliable_source():
    from conflict_kg.inspect import evidence_summary

    line = evidence_summary([
        "https://github.com/dr5hn/countries-states-cities-database/blob/x/states.json (row)",
        "https://github.com/whosonfirst-data/whosonfirst-data-admin-az/blob/x/1.geojson; also "
        "https://github.com/dr5hn/countries-states-cities-database/blob/x/cities.json",
        "https://www.wikidata.org/wiki/Q1 (kg link from the Wikidata API, checked 2026-12-04)",
        "a search-index id only",
    ])
    assert line == ("QID evidence by source: dr5hn/countries-states-cities-database 2, "
                    "whosonfirst-data/whosonfirst-data-admin-az 1, www.wikidata.org 1; resting only on "
                    "dr5hn/countries-states-cities-database: 1; with a source but no URL to it: 1")
