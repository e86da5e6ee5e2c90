"""The `zorgpad` command line: a thin shell over the command index in `zorgpad.app.commands`.

Each command module exposes `register(app: typer.Typer) -> None` and has one line in the index
(`commands.COMMANDS`: name, panel, summary); `cli_group.LazyGroup` lists the commands from the index
and imports a module only when its command runs. All framework text is Dutch (`cli_dutch`), and a
framework usage error is shown as a coded `UserError` (`cli_errors`). A `UserError` becomes a Dutch
message on stderr and exit code 2; a traceback is never shown for bad input.
"""

from __future__ import annotations

import sys

import typer

from zorgpad import __version__
from zorgpad.app.cli_errors import show
from zorgpad.app.cli_group import LazyGroup
from zorgpad.errors import UserError

app = typer.Typer(
    name="zorgpad",
    cls=LazyGroup,
    help="zorgpad: de productstructuur jeugdhulp van een regio als software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


def main() -> None:
    """Entry point of the `zorgpad` script."""
    try:
        app()
    except UserError as error:
        show(error)
        sys.exit(2)
