"""Docs kept honest: every command of the CLI is in README's command table."""

from __future__ import annotations

from pathlib import Path

import typer.main

from zorgpad.app.cli import app
from zorgpad.app.cli_group import LazyGroup

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(command: object, prefix: tuple[str, ...] = ()) -> list[str]:
    # Typer ships its own click; a group is whatever has sub-commands.
    subcommands: dict[str, object] | None = getattr(command, "commands", None)
    if subcommands:
        found: list[str] = []
        for name, sub in subcommands.items():
            found.extend(_commands(sub, (*prefix, name)))
        return found
    return [" ".join(prefix)]


def test_every_command_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    commands = [path for name, command in root.load_all().items() for path in _commands(command, (name,))]
    assert len(commands) >= 15
    missing = [name for name in commands if f"zorgpad {name}" not in text and f"`{name}" not in text]
    assert missing == []


def test_quick_start_has_exactly_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("##", 1)[0]
    block = section.split("```", 2)[1]
    lines = [line for line in block.splitlines()[1:] if line.strip()]
    assert lines == ["make demo", "make test"]


def test_readme_lists_the_commands_in_the_order_of_the_help() -> None:
    from zorgpad.app.commands import COMMANDS, PANELS

    text = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("## Development", 1)[0]
    panels = [text.index(f"**{panel}**") for panel in PANELS]
    assert panels == sorted(panels)
    firsts = [text.index(f"`zorgpad {entry.name}") for entry in COMMANDS]
    by_panel = sorted(COMMANDS, key=lambda entry: PANELS.index(entry.panel))
    assert [text.index(f"`zorgpad {entry.name}") for entry in by_panel] == sorted(firsts)
    assert "source .venv/bin/activate" in text


def test_make_demo_ends_with_the_next_command() -> None:
    from zorgpad.app.demo import DEFAULT_CATALOG, DEFAULT_OUT

    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert f"zorgpad serve --db {DEFAULT_OUT}/zorgpad.duckdb --catalog {DEFAULT_CATALOG}" in recipe
    assert "source $(BIN)/activate" in recipe
