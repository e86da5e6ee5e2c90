"""The `zorgpad` command line: a thin shell that finds its commands in `zorgpad.app.commands`.

Each command module exposes `register(app: typer.Typer) -> None`, so adding a command never means
editing this file. A `UserError` becomes a Dutch message on stderr and exit code 2 (usage) or the
code the error asks for; a traceback is never shown for bad input.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from rich.console import Console

from zorgpad import __version__
from zorgpad.app import commands
from zorgpad.errors import UserError

app = typer.Typer(
    name="zorgpad",
    help="zorgpad: de productstructuur jeugdhulp van een regio als software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"zorgpad {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Toon de versie en stop.",
        callback=_version_callback,
        is_eager=True,
    ),
) -> None:
    """zorgpad: de productstructuur jeugdhulp van een regio als software."""


def _load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_load_commands()


def main() -> None:
    """Entry point of the `zorgpad` script."""
    try:
        app()
    except UserError as error:
        err_console.print(f"[bold red]Fout:[/] {error.render()}", highlight=False)
        sys.exit(2)
