"""Dutch framework text for the command line: usage lines, help panels, the help option, type labels.

Typer renders help with texts it keeps in `typer.rich_utils` and with the command and parameter objects
it builds itself. The one place where zorgpad makes that Dutch is here:

- `apply_texts()` sets the panel titles and the `[standaard: …]` / `[verplicht]` markers when help is
  shown;
- `DutchCommand` and `DutchGroup` write "Gebruik:" usage lines and a Dutch `--help` option, and give
  their parameters Dutch type labels (`<getal>`, `<pad>`, `<tekst>`);
- `use_dutch_classes(app)` makes every command and sub-group of a Typer app use those classes, so a
  command module needs to do nothing for it.

Errors are translated in `zorgpad.app.cli_errors`.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

import typer
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer._click.parser import _split_opt
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption, _TyperParameter
from typer.models import DefaultPlaceholder

from zorgpad.app.cli_errors import UnknownCommandError, check_finite

USAGE_PREFIX = "Gebruik: "
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "COMMANDO [ARGUMENTEN]..."
HELP_OPTION_TEXT = "Toon deze hulp en stop."

# Typer's help texts, by the name `typer.rich_utils` gives them.
RICH_TEXTS = {
    "DEPRECATED_STRING": "(verouderd) ",
    "DEFAULT_STRING": "[standaard: {}]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Commando's",
    "ERRORS_PANEL_TITLE": "Fout",
    "ABORTED_TEXT": "Afgebroken.",
    "RICH_HELP": "Zie [blue]'{command_path} {help_option}'[/] voor hulp.",
}

# Typer's type labels (what `display_type` shows between < >) in Dutch.
TYPE_LABELS = {
    "int": "getal",
    "int range": "getal",
    "float": "getal",
    "float range": "getal",
    "str": "tekst",
    "path": "pad",
    "file": "bestand",
    "directory": "map",
    "datetime": "datum",
    "date": "datum",
}


def apply_texts() -> None:
    """Put the Dutch texts into Typer's help renderer (idempotent).

    Called when help is shown, not at start-up: the renderer imports rich's Markdown and traceback
    support, which a command that only runs does not need.
    """
    from typer import rich_utils

    for name, text in RICH_TEXTS.items():
        setattr(rich_utils, name, text)


def dutch_type_label(label: str | None) -> str | None:
    """`<int range>` → `<getal>`, `<list[path]>` → `<pad>...`; a flag shows no type at all."""
    if not label or not (label.startswith("<") and label.endswith(">")):
        return label
    inner = label[1:-1]
    if inner == "bool":
        return ""
    repeated = inner.startswith("list[") and inner.endswith("]")
    if repeated:
        inner = inner[5:-1]
    dutch = "|".join(TYPE_LABELS.get(part.lower(), part) for part in inner.split("|"))
    return f"<{dutch}>" + ("..." if repeated else "")


def _display_type(self: _TyperParameter, ctx: Context) -> str:
    """The type label between < >, in Dutch."""
    return dutch_type_label(_TyperParameter.display_type(self, ctx)) or ""


def _process_value(self: _TyperParameter, ctx: Context, value: Any) -> Any:
    """The converted value; an infinite number is refused."""
    value = _TyperParameter.process_value(self, ctx, value)
    check_finite(value, self, ctx)
    return value


class DutchOption(TyperOption):
    """A Typer option with a Dutch type label that refuses infinite numbers."""

    display_type = _display_type
    process_value = _process_value


class DutchArgument(TyperArgument):
    """A Typer argument with a Dutch type label that refuses infinite numbers."""

    display_type = _display_type
    process_value = _process_value


def _dutch_params(command: TyperCommand | TyperGroup) -> None:
    # Typer builds the parameter objects itself and has no setting for their class; these subclasses
    # add only a method, so re-classing the instances is safe.
    for param in command.params:
        if type(param) is TyperOption:
            param.__class__ = DutchOption
        elif type(param) is TyperArgument:
            param.__class__ = DutchArgument


class _DutchHelp:
    """What DutchCommand and DutchGroup share: the usage line and the help option."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        apply_texts()
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
            if type(option) is TyperOption:
                option.__class__ = DutchOption
        return option  # type: ignore[no-any-return]


class DutchCommand(_DutchHelp, TyperCommand):
    """A Typer command with Dutch usage, help option and type labels."""

    def __init__(self, name: str | None, **attrs: Any) -> None:
        super().__init__(name, **attrs)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = OPTIONS_METAVAR
        _dutch_params(self)


class DutchGroup(_DutchHelp, TyperGroup):
    """A Typer group with Dutch usage, help option and type labels."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.options_metavar = OPTIONS_METAVAR
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = SUBCOMMAND_METAVAR
        _dutch_params(self)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name = args[0]
        if not ctx.resilient_parsing and not _split_opt(name)[0] and self.get_command(ctx, name) is None:
            raise UnknownCommandError(name, get_close_matches(name, self.list_commands(ctx)), ctx)
        return super().resolve_command(ctx, args)


def use_dutch_classes(app: typer.Typer) -> None:
    """Make every command and sub-group registered on `app` (recursively) a Dutch one."""
    if isinstance(app.info.cls, DefaultPlaceholder) or app.info.cls in (None, TyperGroup):
        app.info.cls = DutchGroup
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = DutchCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_dutch_classes(group.typer_instance)
