"""Settings: one table drives the app, the `serve` options and the README table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from serverfixtures import REPO

from conflict_kg.server.cli import serve
from conflict_kg.server.settings import SETTINGS, load_settings, markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def test_readme_settings_table_matches_the_settings_module():
    printed = subprocess.run([sys.executable, "-m", "conflict_kg.server.settings"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.strip()
    assert printed == markdown_table()
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, f"README.md lacks the {START} ... {END} block"
    pasted = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert pasted == printed, "README.md's settings table is stale: paste `python -m conflict_kg.server.settings`"


def test_help_shows_every_setting():
    output = CliRunner().invoke(serve, ["--help"], terminal_width=400).output
    flat = " ".join(output.split())
    for setting in SETTINGS:
        assert " ".join(setting.help.split()) in flat, setting.name
        assert (setting.option in output) is setting.cli


def test_update_token_is_not_a_command_line_option():
    result = CliRunner().invoke(serve, ["--update-token", "x"])
    assert result.exit_code != 0 and "No such option" in result.output


def test_defaults_then_environment_then_overrides():
    defaults = load_settings(environ={})
    assert defaults["timeout"] == 30.0 and defaults["workers"] == 2
    assert defaults["service_allow"] == ("https://query.wikidata.org/sparql",)
    env = load_settings(environ={"KG_TIMEOUT": "5", "KG_SERVICE_REWRITES": "https://a/sparql=http://127.0.0.1:9/x",
                                 "KG_UPDATE_TOKEN": "t"})
    assert env["timeout"] == 5.0 and env["update_token"] == "t"
    assert env["service_rewrites"] == {"https://a/sparql": "http://127.0.0.1:9/x"}
    both = load_settings(environ={"KG_TIMEOUT": "5"}, overrides={"timeout": 7})
    assert both["timeout"] == 7


def test_store_is_a_folder_or_a_remote_engine_url_and_its_secrets_come_from_the_environment():
    assert load_settings(environ={"KG_STORE": "/tmp/x"})["store"] == Path("/tmp/x")
    remote = load_settings(environ={"KG_STORE": "https://engine.example/sparql",
                                    "KG_STORE_AUTH": "Digest", "KG_STORE_USER": "u",
                                    "KG_STORE_PASSWORD": "p"})
    assert remote["store"] == "https://engine.example/sparql" and remote["store_auth"] == "digest"
    assert (remote["store_user"], remote["store_password"]) == ("u", "p")
    try:
        load_settings(environ={"KG_STORE_AUTH": "kerberos"})
    except ValueError as error:
        assert "basic, digest" in str(error)
    else:
        raise AssertionError("an unknown store_auth was accepted")
    for option in ("--store-user", "--store-password"):
        result = CliRunner().invoke(serve, [option, "x"])
        assert result.exit_code != 0 and "No such option" in result.output
