"""The root command group: commands listed from the index, imported only when used; errors in Dutch.

`zorgpad --help` shows every command from `zorgpad.app.commands.COMMANDS` (name, panel, summary)
without importing a command module; running a command imports its module alone. Every framework usage
error (unknown command or option, missing or bad value) is printed as a coded Dutch `UserError`, like
any other user error, and ends the process with exit code 2.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import typer
from typer._click.core import Command, Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.exceptions import Abort

from zorgpad.app import commands
from zorgpad.app.cli_dutch import DutchCommand, DutchGroup, apply_texts, use_dutch_classes
from zorgpad.app.cli_errors import show, user_error
from zorgpad.app.commands import COMMANDS, MANAGE, Entry


def _usage_failed(error: ClickException) -> BaseException:
    """What leaves the group for a framework usage error: the Dutch message is printed, exit 2.

    Printed here rather than raised as a `UserError`, so a usage error ends with exit code 2 however
    the command line is driven (the entry point, or a test runner calling the Typer app).
    """
    # Asking for help without arguments is not an error to translate: Typer prints the help.
    if isinstance(error, NoArgsIsHelpError):
        return error
    show(user_error(error))
    return SystemExit(2)


def _unindexed() -> list[Entry]:
    """Command modules without an entry in the index: still usable, listed under Beheer."""
    known = {entry.module or entry.name for entry in COMMANDS}
    return [
        Entry(info.name, MANAGE, "", info.name)
        for info in pkgutil.iter_modules(commands.__path__)
        if info.name not in known and not info.name.startswith("_")
    ]


class LazyGroup(DutchGroup):
    """A Dutch group whose sub-commands come from the command index and load on first use."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.entries = {entry.name: entry for entry in (*COMMANDS, *_unindexed())}

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.entries)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        entry = self.entries.get(cmd_name)
        if entry is None:
            return None
        if cmd_name in self.commands or not entry.summary:
            return self.load(cmd_name)
        # For the listing only: name, panel and summary, without importing the module.
        return DutchCommand(cmd_name, help=entry.summary, rich_help_panel=entry.panel)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name, _, rest = super().resolve_command(ctx, args)
        return name, (self.load(name) if name else None), rest

    def load(self, name: str) -> Command:
        """Import the command's module and build its Click command (once)."""
        if name not in self.commands:
            entry = self.entries[name]
            holder = typer.Typer()
            importlib.import_module(entry.module_name).register(holder)
            use_dutch_classes(holder)
            built = typer.main.get_group(holder)
            for built_name, command in built.commands.items():
                self.commands.setdefault(built_name, command)
        return self.commands[name]

    def load_all(self) -> dict[str, Command]:
        """Every command, loaded (for tests and documentation checks, not for the command line)."""
        return {name: self.load(name) for name in self.entries}

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except ClickException as error:
            raise _usage_failed(error) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClickException as error:
            raise _usage_failed(error) from None
        except Abort:
            apply_texts()  # Typer prints its "Aborted" text next: in Dutch
            raise
