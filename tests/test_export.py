"""`kg export --format quickstatements`: every line checked against a QuickStatements v1 grammar."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflict_kg.export import ExportError, _quantity, export, export_quickstatements

RELEASE = Path(__file__).resolve().parent / "data" / "wikidata" / "release"
URL = '"https://en.wikipedia.org/wiki/Test_article"'
REF = f"S854\t{URL}\tS813\t+2024-01-15T00:00:00Z/11"

# -- the grammar of the QuickStatements v1 commands the exporter emits -----------------------------------
ITEM = r"Q[1-9][0-9]*"
STRING = r'"[^"\t\n]*"'
TIME = r"\+[0-9]{4}-(?:[0-9]{2}-[0-9]{2}T00:00:00Z/11|[0-9]{2}-00T00:00:00Z/10|00-00T00:00:00Z/9)"
NUMBER = r"[0-9]+(?:\.[0-9]+)?"
QUANTITY = rf"[+-]{NUMBER}(?:~{NUMBER}|\[-?{NUMBER},-?{NUMBER}\])?"
VALUE_OF = {  # datatype of each property used, as main value, qualifier or reference
    "P31": ITEM, "P276": ITEM, "P710": ITEM, "P3680": ITEM, "P1480": ITEM,
    "P580": TIME, "P582": TIME, "P585": TIME, "P813": TIME,
    "P1120": QUANTITY, "P1339": QUANTITY,
    "P854": STRING, "P1932": STRING,
}
MAIN = {"P31", "P276", "P710", "P580", "P582", "P585", "P1120", "P1339"}
QUALIFIERS = {"P3680", "P1480", "P1932"}
SOURCES = {"P854", "P813"}


def snak(kind: str, properties: set[str]) -> str:
    return "(?:" + "|".join(rf"{kind}{p[1:]}\t{VALUE_OF[p]}" for p in sorted(properties)) + ")"


CREATE = re.compile(r"^CREATE$")
LABEL = re.compile(rf"^LAST\tLen\t{STRING}$")
STATEMENT = re.compile(
    rf"^LAST\t{snak('P', MAIN)}(?:\t{snak('P', QUALIFIERS)})*(?:\t{snak('S', SOURCES)})+$"
)


def check_grammar(lines: list[str]) -> None:
    """The whole output: blocks of CREATE, an optional label, then statements on LAST."""
    assert lines, "no output"
    state = "start"
    for number, line in enumerate(lines, start=1):
        if CREATE.match(line):
            state = "created"
        elif LABEL.match(line):
            assert state == "created", f"line {number}: label not right after CREATE: {line!r}"
            state = "labelled"
        elif STATEMENT.match(line):
            assert state in ("created", "labelled", "statements"), f"line {number}: LAST before CREATE"
            state = "statements"
        else:
            pytest.fail(f"line {number} is not a QuickStatements v1 command we emit: {line!r}")


@pytest.fixture(scope="module")
def lines() -> list[str]:
    text = export_quickstatements(RELEASE)
    assert text.endswith("\n")
    return text.splitlines()


def blocks(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for line in lines:
        if line == "CREATE":
            out.append([])
        else:
            out[-1].append(line)
    return out


def test_whole_output_follows_the_grammar(lines):
    check_grammar(lines)
    assert all(line.count("\t") == len(line.split("\t")) - 1 and "" not in line.split("\t") for line in lines)


def test_grammar_rejects_malformed_lines():
    for bad in (
        "LAST\tP585\t2023-09-20",  # no sign, no precision
        "LAST\tP585\t+2023-09-20T00:00:00Z/11",  # no reference
        "LAST\tP1120\t192\tS854\t" + URL,  # quantity without sign
        "LAST\tP1120\t+200[200,]\tS854\t" + URL,  # one-sided bound: not v1 syntax
        "LAST\tP710\tfreedonia\tS854\t" + URL,  # not a QID
        "LAST P31 Q5 S854 " + URL,  # spaces instead of tabs
        "LAST\tLen\tno quotes",
    ):
        with pytest.raises(pytest.fail.Exception):
            check_grammar(["CREATE", bad])


def test_one_item_per_event_statements_not_exported(lines):
    assert lines.count("CREATE") == 4  # four events; the Denial statement is no event
    labels = [line for line in lines if "\tLen\t" in line]
    assert labels == [
        'LAST\tLen\t"Military offensive: Marsala, Blue Valley (2023-09-19/2023-09-20)"',
        'LAST\tLen\t"Shelling: Marsala (2023-09-20)"',
        'LAST\tLen\t"Meeting: Rufus T. Firefly (2023-09)"',
        'LAST\tLen\t"Ceasefire: Freedonia, Sylvania (2023)"',
    ]


def test_offensive_block_exactly(lines):
    offensive = blocks(lines)[0]
    assert offensive == [
        'LAST\tLen\t"Military offensive: Marsala, Blue Valley (2023-09-19/2023-09-20)"',
        f"LAST\tP31\tQ2001676\t{REF}",
        f"LAST\tP580\t+2023-09-19T00:00:00Z/11\t{REF}",
        f"LAST\tP582\t+2023-09-20T00:00:00Z/11\t{REF}",
        f"LAST\tP276\tQ9000004\t{REF}",  # Blue Valley has no QID
        f"LAST\tP710\tQ9000001\t{REF}",
        f"LAST\tP710\tQ9000002\t{REF}",  # Trentino Army has no QID
        f"LAST\tP1120\t+192\tP3680\tQ9000001\t{REF}",
        f'LAST\tP1120\t+200\tP1932\t"200+ servicemen killed"\tP3680\tQ9000002\t{REF}',
        f"LAST\tP1339\t+500[400,600]\t{REF}",
    ]


def test_dates_precision_and_generic_class(lines):
    shelling, meeting, ceasefire = blocks(lines)[1:]
    assert f"LAST\tP585\t+2023-09-20T00:00:00Z/11\t{REF}" in shelling  # one day: point in time
    assert f"LAST\tP31\tQ1190554\t{REF}" in shelling  # no verified class: occurrence
    assert f"LAST\tP1339\t+50\tP1480\tQ5727902\t{REF}" in shelling  # about 50, source without QID
    assert f"LAST\tP585\t+2023-09-00T00:00:00Z/10\t{REF}" in meeting  # mid-September: month
    assert f"LAST\tP585\t+2023-00-00T00:00:00Z/9\t{REF}" in ceasefire
    assert not any("\tP580\t" in line for line in meeting + ceasefire)


def test_figures_without_event_or_property_are_skipped(lines):
    quantities = [line for line in lines if "\tP1120\t" in line or "\tP1339\t" in line]
    assert len(quantities) == 4
    assert not any("+3\t" in line or "+1000" in line for line in lines)


def test_every_statement_referenced_and_only_qids(lines):
    for line in lines:
        if line.startswith("LAST\tP"):
            assert line.endswith(REF)
    items = re.findall(r"\t(Q[0-9]+)(?=\t|$)", "\n".join(lines))
    assert set(items) <= {"Q9000001", "Q9000002", "Q9000003", "Q9000004", "Q2001676", "Q1190554", "Q5727902"}


def test_cli_out_file_and_retrieved_option(tmp_path):
    out = tmp_path / "events.qs"
    result = CliRunner().invoke(export, ["--format", "quickstatements", "--data", str(RELEASE), "--out", str(out),
                                         "--retrieved", "2024-02-01"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    check_grammar(lines)
    assert f"LAST\tP31\tQ2001676\tS854\t{URL}\tS813\t+2024-02-01T00:00:00Z/11" in lines
    bad = CliRunner().invoke(export, ["--data", str(tmp_path)])
    assert bad.exit_code == 1 and "kg build" in bad.output


def test_quantity_syntax():
    assert _quantity({"value": "192.0"}) == "+192"
    assert _quantity({"min": "200", "max": "300"}) == "+250[200,300]"
    assert _quantity({"value": "220", "min": "200", "max": "300"}) == "+220[200,300]"
    assert _quantity({"value": "2.50"}) == "+2.5"
    assert _quantity({"max": "40"}) == "+40"
    assert _quantity({"min": "9", "max": "3"}) is None
    assert _quantity({}) is None


def test_release_without_document_fails(tmp_path):
    trig = (RELEASE / "kg.trig").read_text(encoding="utf-8")
    (tmp_path / "kg.trig").write_text(trig.replace("a ckg:Document", "a ckg:Other"), encoding="utf-8")
    with pytest.raises(ExportError):
        export_quickstatements(tmp_path, date(2024, 1, 1))
