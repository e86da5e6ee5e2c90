"""Every help page and every framework error of the command line is Dutch, coded, and exits non-zero."""

from __future__ import annotations

import pytest
import typer.main

from zorgpad.app.cli import app
from zorgpad.app.cli_dutch import dutch_type_label
from zorgpad.app.cli_group import LazyGroup
from zorgpad.app.commands import COMMANDS, PANELS

from .entry import Runner


def _command_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    paths: list[tuple[str, ...]] = [()]

    def walk(command: object, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, (*path, name))

    for name, command in root.load_all().items():
        walk(command, (name,))
    return paths


COMMAND_PATHS = _command_paths()


def test_every_command_is_reached() -> None:
    names = {path[0] for path in COMMAND_PATHS if path}
    assert names >= {entry.name for entry in COMMANDS}
    assert ("catalog", "show") in COMMAND_PATHS and ("scenario", "run") in COMMAND_PATHS


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda path: " ".join(path) or "zorgpad")
def test_help_is_dutch(zorgpad: Runner, path: tuple[str, ...]) -> None:
    shown = zorgpad(*path, "--help")
    assert shown.code == 0
    assert f"Gebruik: {' '.join(('zorgpad', *path))}" in shown.out
    assert "Toon deze hulp en stop." in shown.out
    assert shown.english() == []


def test_root_help_lists_commands_in_working_order(zorgpad: Runner) -> None:
    out = zorgpad("--help").out
    positions = [out.index(panel) for panel in PANELS]
    assert positions == sorted(positions)
    working_order = ("validate", "ingest", "check", "serve", "scenario", "catalog")
    order = [out.index(f" {name} ") for name in working_order]
    assert order == sorted(order)


# (arguments, expected code): each is a mistake a user makes.
BAD_INVOCATIONS = [
    (("chekc",), "CLI-COMMANDO-ONBEKEND"),
    (("catalog", "shw"), "CLI-COMMANDO-ONBEKEND"),
    (("--bogus",), "CLI-OPTIE-ONBEKEND"),
    (("check", "--dbb", "x.duckdb"), "CLI-OPTIE-ONBEKEND"),
    (("check",), "CLI-VERPLICHT"),
    (("explain", "--db", "x.duckdb"), "CLI-VERPLICHT"),
    (("check", "--db"), "CLI-OPTIE-WAARDE"),
    (("catalog", "list", "extra"), "CLI-ARGUMENT-TEVEEL"),
    (("serve", "--db", "x.duckdb", "--port", "abc"), "CLI-GETAL-ONGELDIG"),
    (("synth", "--catalog", "rijnmond", "--out", "x", "--scale", "veel"), "CLI-GETAL-ONGELDIG"),
    (("synth", "--catalog", "rijnmond", "--out", "x", "--scale", "1e309"), "CLI-GETAL-ONGELDIG"),
    (("ingest", "in", "--db", "x.duckdb", "--batch-bestanden", "0"), "CLI-BUITEN-BEREIK"),
    (("ingest", "in", "--db", "x.duckdb", "--processen", "100000"), "CLI-BUITEN-BEREIK"),
    (("check", "--db", "x.duckdb", "--dagtekening", "2025-13-45"), "DATUM-ONGELDIG"),
    (("worklist", "--db", "x.duckdb", "--op", "3 april"), "DATUM-ONGELDIG"),
    (("catalog", "show", "rijnmond", "--on", "2025-02-30"), "DATUM-ONGELDIG"),
    (("validate", "/nergens/bericht.xml"), "PAD-ONBEKEND"),
    (("ingest", "/nergens", "--db", "x.duckdb"), "MAP-ONBEKEND"),
    (("check", "--db", "/nergens/zorgpad.duckdb"), "DB-ONBEKEND"),
    (("catalog", "check", "/nergens/catalogus.yaml"), "CAT-NAAM-ONBEKEND"),
]


@pytest.mark.parametrize(("args", "code"), BAD_INVOCATIONS, ids=lambda value: " ".join(value))
def test_a_bad_invocation_is_a_coded_dutch_error(zorgpad: Runner, args: tuple[str, ...], code: str) -> None:
    outcome = zorgpad(*args)
    assert outcome.code == 2
    assert outcome.err.startswith("Fout: ")
    assert f"[{code}]" in outcome.err
    assert outcome.english() == []


def test_the_error_names_what_was_typed_and_suggests(zorgpad: Runner) -> None:
    assert "Bedoelde u 'check'?" in zorgpad("chekc").err
    assert "Bedoelde u '--db'?" in zorgpad("check", "--dbb", "x").err
    assert "'abc' is geen geheel getal; --port" in zorgpad("serve", "--db", "x", "--port", "abc").err
    assert (
        "--batch-bestanden moet minstens 1 zijn, niet 0"
        in zorgpad("ingest", "in", "--db", "x", "--batch-bestanden", "0").err
    )
    assert "Zie 'zorgpad serve --help'." in zorgpad("serve", "--port", "1").err


def test_type_labels_are_dutch() -> None:
    assert dutch_type_label("<int range>") == "<getal>"
    assert dutch_type_label("<list[Path]>") == "<pad>..."
    assert dutch_type_label("<str>") == "<tekst>"
    assert dutch_type_label("<bool>") == ""


def test_a_test_runner_sees_exit_2_and_the_dutch_message() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["serve", "--db", "x.duckdb", "--port", "abc"])
    assert result.exit_code == 2
    assert "[CLI-GETAL-ONGELDIG]" in result.output and "Invalid value" not in result.output


def test_a_group_without_a_command_shows_its_dutch_help(zorgpad: Runner) -> None:
    for args in ((), ("catalog",), ("scenario",)):
        shown = zorgpad(*args)
        assert shown.code == 2
        assert "Gebruik: zorgpad" in shown.out
        assert "Commando's" in shown.out or "1 · Ontvangen" in shown.out
        assert shown.english() == []


def test_the_index_names_each_command_once() -> None:
    names = [entry.name for entry in COMMANDS]
    assert len(names) == len(set(names))
    assert all(entry.panel in PANELS and entry.summary.endswith(".") for entry in COMMANDS)
