"""Every command of the index, given bad input, stops with a coded Dutch message (issue 17, Deliver 6).

The commands and their parameters are found by walking the real command tree, so a new command or
option is swept without editing this test. Each command gets a good invocation against a small store
(the vendored examples, ingested), and then one bad value at a time:

- a date that does not exist (`2025-13-45`) for every date option;
- a file that does not exist for every input file (databases, catalogues, reform and answer files,
  addresses, findings, certificates, the files and folders a command reads);
- an output folder that is a file, and an output file that is a folder;
- a municipality (`9999`) and a provider (`99999999`) the region does not know.

Each must end with a non-zero exit and a message `Fout: ... [CODE]` on stderr: no traceback, no English
framework or system text, and no server started.
"""

from __future__ import annotations

import io
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
import uvicorn

from store.store_data import EXAMPLES, copy_examples
from zorgpad.app.cli import app
from zorgpad.app.cli_group import LazyGroup
from zorgpad.app.commands import COMMANDS
from zorgpad.app.options import DATE_METAVAR
from zorgpad.store import ingest

from .entry import Runner

# System and library text that, besides the framework's, must not reach a user.
ENGLISH_SYSTEM = (
    "Errno",
    "IO Error",
    "Permission denied",
    "Is a directory",
    "Not a directory",
    "not a valid",
    "does not exist",
    "Exception",
    "object has no attribute",
    "Invalid",
    "Catalog Error",
    "Binder Error",
)
CODED = re.compile(r"^Fout: .*\[[A-Z0-9]+(?:-[A-Z0-9]+)*\]\s*$", re.MULTILINE)
UNKNOWN_GEMEENTE = "9999"
UNKNOWN_AANBIEDER = "99999999"
MISSING = "ontbreekt/bestaat-niet.yaml"

# Good values for required parameters, by option or argument metavar; {tmp} and {db} are filled in.
GOOD_OPTIONS = {
    "--db": "{db}",
    "--catalog": "rijnmond",
    "--role": "regio",
    "--naam": "Test",
    "--email": "test@example.org",
    "--naar": "{tmp}/kopie.duckdb",
}
GOOD_ARGUMENTS = {
    "MAP": "{tmp}/in",
    "CATALOGUS": "rijnmond",
    "OUD": "rijnmond",
    "NIEUW": "rijnmond",
    "REFERENTIENUMMER": "RN001",
    "CLIENT": "X",
    "NAAM": "test",
}
# Per command, what else makes the invocation good, so the bad value is what gets refused (an option
# under test is left out here). Recording a triage needs answers, a client and a municipality; a user's
# scope needs the role that has one.
CONTEXT: dict[tuple[str, ...], dict[str, str]] = {
    ("triage",): {
        "--catalog": "centraal-gelderland",
        "-a": "acuut_onveilig=nee",
        "--antwoorden": "{tmp}/antwoorden.yaml",
        "--vastleggen": "{tmp}/verwijzingen.csv",
        "--bsn": "111222333",
        "--gemeente": "0202",
    },
    ("feed", "verstuur"): {
        "--smtp-host": "127.0.0.1",
        "--van": "zorgpad@example.org",
        "--smtp-gebruiker": "zorgpad",
        "--dashboard": "https://zorgpad.example.org",
    },
}
# Arguments that make an invocation good where the command has no required one.
CONTEXT_ARGUMENTS: dict[tuple[str, ...], list[str]] = {("validate",): ["{tmp}/bericht.xml"]}
ROLE_FOR_SCOPE = {"--gemeente": "gemeente", "--aanbieder": "aanbieder"}
# Outputs: folders (a file given there must be refused) and files (a folder given there must be refused).
OUTPUT_FOLDERS = {"--out", "--retour", "--outbox"}
OUTPUT_FILES = {("report", "--out"), ("backup", "--naar"), ("triage", "--vastleggen")}
# Inputs that are not typed as a path: a catalogue (name or path), reform files, TLS files.
TEXT_INPUTS = {"--catalog", "--reform-file", "--ssl-certfile", "--ssl-keyfile"}
CATALOG_ARGUMENTS = {"CATALOGUS", "OUD", "NIEUW"}


@dataclass(frozen=True)
class BadCase:
    path: tuple[str, ...]
    parameter: str
    kind: str
    value: str
    args: tuple[str, ...]

    def __str__(self) -> str:
        return f"{' '.join(self.path)} {self.parameter}: {self.kind}"


def _option(param: Any) -> str:
    return next(opt for opt in param.opts if opt.startswith("--"))


def _is_path(param: Any) -> bool:
    annotation = param.type_descriptor.annotation
    return annotation in (Path, Path | None, list[Path], list[Path] | None)


def _default_out(path: tuple[str, ...], option: str) -> str:
    return "{tmp}/rapport.html" if (path[0], option) in OUTPUT_FILES else "{tmp}/uit"


def _good(path: tuple[str, ...], param: Any) -> list[str]:
    """A good value for a required parameter: [value] for an argument, [option, value] for an option."""
    if param.param_type_name == "argument":
        return [GOOD_ARGUMENTS.get(param.metavar or "", "{tmp}/bestand.csv")]
    option = _option(param)
    if option in OUTPUT_FOLDERS or (path[0], option) in OUTPUT_FILES:
        return [option, GOOD_OPTIONS.get(option, _default_out(path, option))]
    return [option, GOOD_OPTIONS.get(option, "x")]


def _with(path: tuple[str, ...], command: Any, bad: Any, value: str) -> tuple[str, ...]:
    """The good invocation of `command` with `value` for the parameter `bad`."""
    arguments: list[str] = []
    options: list[str] = []
    context = dict(CONTEXT.get(path, {}))
    bad_option = None if bad.param_type_name == "argument" else _option(bad)
    if path == ("users", "add") and bad_option in ROLE_FOR_SCOPE:
        context["--role"] = ROLE_FOR_SCOPE[bad_option]
    for param in command.params:
        is_argument = param.param_type_name == "argument"
        if param is bad:
            if is_argument:
                arguments.append(value)
            else:
                options += [_option(param), value]
        elif param.required:
            good = _good(path, param)
            if not is_argument and good[0] in context:
                good = [good[0], context.pop(good[0])]
            (arguments if is_argument else options).extend(good)
    for option, good_value in context.items():
        if option != bad_option:
            options += [option, good_value]
    if not any(param is bad and param.param_type_name == "argument" for param in command.params):
        arguments = [*arguments, *CONTEXT_ARGUMENTS.get(path, [])]
    return (*path, *arguments, *options)


def _bad_values(path: tuple[str, ...], param: Any) -> Iterator[tuple[str, str]]:
    """(kind, value) of every bad value this parameter should refuse."""
    name = param.metavar or "" if param.param_type_name == "argument" else _option(param)
    if param.metavar == DATE_METAVAR:
        yield "datum bestaat niet", "2025-13-45"
    if name in OUTPUT_FOLDERS and (path[0], name) not in OUTPUT_FILES:
        yield "uitvoermap is een bestand", "{tmp}/bestaand.txt"
    elif (path[0], name) in OUTPUT_FILES:
        yield "uitvoerbestand is een map", "{tmp}"
    elif (_is_path(param) or name in TEXT_INPUTS or name in CATALOG_ARGUMENTS) and name != "--inbox":
        yield "bestand ontbreekt", "{tmp}/" + MISSING
    if name == "--gemeente":
        yield "onbekende gemeente", UNKNOWN_GEMEENTE
    if name == "--aanbieder":
        yield "onbekende aanbieder", UNKNOWN_AANBIEDER


def _leaves() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command that runs (not a group), with its path of names."""
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)

    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        subcommands = getattr(command, "commands", None) or {}
        for name, sub in subcommands.items():
            yield from walk(sub, (*path, name))
        if not subcommands:
            yield path, command

    for name, command in root.load_all().items():
        yield from walk(command, (name,))


def _cases() -> list[BadCase]:
    cases: list[BadCase] = []
    for path, command in _leaves():
        for param in command.params:
            if param.param_type_name not in ("argument", "option"):
                continue
            for kind, value in _bad_values(path, param):
                shown = param.metavar if param.param_type_name == "argument" else _option(param)
                shown = shown or param.name
                cases.append(BadCase(path, shown, kind, value, _with(path, command, param, value)))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a small store: the vendored examples (municipalities 0384 and 0363), ingested."""
    folder = tmp_path_factory.mktemp("regio")
    db = folder / "db" / "zorg.duckdb"
    db.parent.mkdir()
    ingest(copy_examples(folder / "berichten", fixed=True), db)
    return db.parent


def test_every_command_of_the_index_is_swept() -> None:
    swept = {case.path[0] for case in CASES}
    assert {entry.name for entry in COMMANDS} - swept == set()
    kinds = {case.kind for case in CASES}
    assert kinds == {
        "datum bestaat niet",
        "bestand ontbreekt",
        "uitvoermap is een bestand",
        "uitvoerbestand is een map",
        "onbekende gemeente",
        "onbekende aanbieder",
    }


def test_every_date_option_is_found_as_one() -> None:
    """An option documented as a date but without the date metavar would escape both sweeps."""
    undeclared = [
        (path, _option(param))
        for path, command in _leaves()
        for param in command.params
        if param.param_type_name == "option"
        and "JJJJ-MM-DD" in (param.help or "")
        and param.metavar != DATE_METAVAR
    ]
    assert undeclared == []


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_a_coded_dutch_error(
    zorgpad: Runner, region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: BadCase
) -> None:
    store = tmp_path / "db"
    shutil.copytree(region, store)
    (tmp_path / "in").mkdir()
    shutil.copy(EXAMPLES / "JW301.xml", tmp_path / "bericht.xml")
    (tmp_path / "antwoorden.yaml").write_text("domein: psychisch\nleefgebieden: 2\n", encoding="utf-8")
    existing = tmp_path / "bestaand.txt"
    existing.write_text("al bezet", encoding="utf-8")

    def no_server(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server was started despite the bad input")

    monkeypatch.setattr(uvicorn.Server, "run", no_server)
    monkeypatch.chdir(tmp_path)  # default output folders (controle/, scenario/) land here, if made at all
    monkeypatch.setattr("sys.stdin", io.StringIO("een-wachtwoord-van-genoeg-tekens\n"))
    monkeypatch.setenv("ZORGPAD_SMTP_PASSWORD", "wachtwoord-van-de-test")  # the mail settings are complete
    with socket.socket() as probe:  # a free port, so a taken 8000 never hides what is tested
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    args = [part.format(tmp=tmp_path, db=store / "zorg.duckdb") for part in case.args]
    if case.path == ("serve",) or case.path == ("demo",):
        args += ["--port", port]
    outcome = zorgpad(*args)
    assert outcome.code != 0, f"{case} exited 0:\n{outcome.text}"
    assert "Traceback" not in outcome.text
    assert outcome.english() == [], outcome.text
    assert [f for f in ENGLISH_SYSTEM if f in outcome.text] == [], outcome.text
    assert CODED.search(outcome.err), outcome.text
    # The message says what was wrong: it names the value, its file, or the option.
    value = case.value.format(tmp=tmp_path)
    assert value in outcome.err or Path(value).name in outcome.err or case.parameter in outcome.err, (
        outcome.err
    )
    assert existing.read_text(encoding="utf-8") == "al bezet"
