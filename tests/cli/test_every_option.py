"""Every number and date option of every command, given a bad value, is a coded Dutch error (exit 2).

The options are found by walking the real command tree, so a new command or option is covered without
editing this test: a number option gets "abc" and "1e309", a date option (metavar JJJJ-MM-DD)
"2025-13-45". Required parameters get harmless placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import typer.main

from zorgpad.app.cli import app
from zorgpad.app.cli_group import LazyGroup
from zorgpad.app.options import DATE_METAVAR

from .entry import Runner


@dataclass(frozen=True)
class OptionCase:
    path: tuple[str, ...]
    option: str
    value: str
    required: tuple[str, ...]
    code: str

    def __str__(self) -> str:
        return f"{' '.join(self.path)} {self.option} {self.value}"


def _placeholders(command: Any, skip: object) -> tuple[str, ...]:
    """Values for every required parameter but `skip`: arguments first (in order), then options."""
    arguments: list[str] = []
    options: list[str] = []
    for param in command.params:
        if param is skip or not param.required:
            continue
        if param.param_type_name == "argument":
            arguments.append("x")
        else:
            options += [next(opt for opt in param.opts if opt.startswith("--")), "x"]
    return (*arguments, *options)


def _cases() -> list[OptionCase]:
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    cases: list[OptionCase] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, (*path, name))
        if getattr(command, "commands", None):
            return
        for param in command.params:
            if param.param_type_name != "option":
                continue
            option = next(opt for opt in param.opts if opt.startswith("--"))
            annotation = param.type_descriptor.annotation
            required = _placeholders(command, param)
            if annotation in (int, float) or annotation in (int | None, float | None):
                for value in ("abc", "1e309"):
                    cases.append(OptionCase(path, option, value, required, "CLI-GETAL-ONGELDIG"))
            elif param.metavar == DATE_METAVAR:
                cases.append(OptionCase(path, option, "2025-13-45", required, "DATUM-ONGELDIG"))

    for name, command in root.load_all().items():
        walk(command, (name,))
    return cases


CASES = _cases()


def test_the_walk_finds_the_options_the_probe_named() -> None:
    found = {(case.path, case.option) for case in CASES}
    assert (("check",), "--dagtekening") in found
    assert (("serve",), "--port") in found
    assert (("ingest",), "--batch-bestanden") in found
    assert (("synth",), "--scale") in found
    assert (("catalog", "show"), "--on") in found


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_bad_value_for_any_option_is_a_coded_dutch_error(zorgpad: Runner, case: OptionCase) -> None:
    outcome = zorgpad(*case.path, *case.required, case.option, case.value)
    assert outcome.code == 2, outcome.err
    assert f"[{case.code}]" in outcome.err, outcome.err
    assert case.option in outcome.err
    assert outcome.english() == []
