"""Usage errors of the command-line framework as coded Dutch `UserError`s.

Click (inside Typer) raises typed exceptions for bad invocations; their English text is never shown.
Each is translated from its structured fields (the option, the parameter, the validation error behind
a bad value), so the message names what the user typed and what to do instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typer._click.core import Context, Parameter
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
    UsageError,
)

from zorgpad.errors import UserError

if TYPE_CHECKING:
    from typer.core import _TyperParameter


class UnknownCommandError(UsageError):
    """A command name that does not exist, with the nearest existing names."""

    def __init__(self, name: str, suggestions: Sequence[str], ctx: Context | None) -> None:
        super().__init__(f"unknown command {name!r}", ctx)
        self.name = name
        self.suggestions = tuple(suggestions)


class NotFiniteError(BadParameter):
    """A number option given infinity or 'not a number'."""


def param_name(param: Parameter | None) -> str:
    """How the user writes the parameter: `--port` for an option, `MAP` for an argument."""
    if param is None:
        return "?"
    if param.param_type_name == "option":
        longs = [opt for opt in param.opts if opt.startswith("--")]
        return (longs or list(param.opts))[0]
    return (param.metavar or param.name or "?").upper()


def _help_hint(ctx: Context | None) -> str:
    return f" Zie '{ctx.command_path} --help'." if ctx is not None else ""


def _quoted(value: Any) -> str:
    return f"'{value}'"


def _suggest(candidates: Sequence[str]) -> str:
    if not candidates:
        return ""
    listed = " of ".join(_quoted(c) for c in candidates)
    return f" Bedoelde u {listed}?"


def _bad_value(error: BadParameter) -> tuple[str, str]:
    """The code and Dutch text for a value that did not convert or lies outside its range."""
    name = param_name(error.param)
    if isinstance(error, NotFiniteError):
        return "CLI-GETAL-ONGELDIG", f"{name} vraagt een eindig getal, niet {error.message}."
    cause = error.__cause__
    details: list[dict[str, Any]] = []
    if cause is not None and hasattr(cause, "errors"):
        details = list(cause.errors())
    if not details:
        return "CLI-WAARDE-ONGELDIG", f"De waarde voor {name} is ongeldig."
    detail = details[0]
    kind, value, limits = detail.get("type", ""), detail.get("input"), detail.get("ctx") or {}
    shown = _quoted(value)
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return "CLI-GETAL-ONGELDIG", f"{shown} is geen geheel getal; {name} vraagt een geheel getal."
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return "CLI-GETAL-ONGELDIG", f"{shown} is geen getal; {name} vraagt een getal (bijvoorbeeld 0.5)."
    bounds = {
        "greater_than_equal": ("ge", "minstens"),
        "greater_than": ("gt", "groter dan"),
        "less_than_equal": ("le", "hoogstens"),
        "less_than": ("lt", "kleiner dan"),
    }
    if kind in bounds:
        key, words = bounds[kind]
        return (
            "CLI-BUITEN-BEREIK",
            f"{name} moet {words} {limits.get(key)} zijn, niet {value}.",
        )
    if kind in {"bool_parsing", "bool_type"}:
        return "CLI-WAARDE-ONGELDIG", f"{shown} is geen ja/nee-waarde voor {name}."
    if kind in {"enum", "literal_error"}:
        expected = limits.get("expected", "")
        return "CLI-KEUZE-ONGELDIG", f"{shown} is geen keuze voor {name}; kies uit {expected}."
    if kind.startswith("path_"):
        return "CLI-PAD-ONGELDIG", f"{shown} is geen bruikbaar pad voor {name}."
    if kind.startswith("date") or kind.startswith("datetime"):
        return "DATUM-ONGELDIG", f"{shown} is geen datum; {name} vraagt JJJJ-MM-DD."
    return "CLI-WAARDE-ONGELDIG", f"{shown} is geen geldige waarde voor {name}."


EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra arguments? ?\(s\)? ?\((?P<extra>.*)\)$", re.DOTALL)


def user_error(error: ClickException) -> UserError:
    """The coded Dutch `UserError` for a framework usage error."""
    ctx: Context | None = getattr(error, "ctx", None)
    hint = _help_hint(ctx)
    if isinstance(error, UnknownCommandError):
        text = f"Onbekend commando {_quoted(error.name)}.{_suggest(error.suggestions)}{hint}"
        return UserError("CLI-COMMANDO-ONBEKEND", text)
    if isinstance(error, NoSuchOption):
        text = f"Onbekende optie {_quoted(error.option_name)}.{_suggest(sorted(error.possibilities or ()))}"
        return UserError("CLI-OPTIE-ONBEKEND", text + hint)
    if isinstance(error, MissingParameter):
        param = error.param
        if param is not None and param.param_type_name == "argument":
            text = f"Het argument {param_name(param)} ontbreekt."
        else:
            text = f"De verplichte optie {param_name(param)} ontbreekt."
        return UserError("CLI-VERPLICHT", text + hint)
    if isinstance(error, BadParameter):
        code, text = _bad_value(error)
        return UserError(code, text + hint)
    if isinstance(error, BadOptionUsage):
        if "does not take a value" in error.message:
            text = f"De optie {_quoted(error.option_name)} neemt geen waarde."
        else:
            text = f"De optie {_quoted(error.option_name)} vraagt een waarde."
        return UserError("CLI-OPTIE-WAARDE", text + hint)
    if isinstance(error, BadArgumentUsage):
        return UserError("CLI-ARGUMENTEN", f"Te veel of te weinig waarden voor een argument.{hint}")
    if isinstance(error, UsageError):
        extra = EXTRA_ARGUMENTS.match(error.message)
        if extra:
            text = f"Onverwacht extra argument: {extra['extra']}."
            return UserError("CLI-ARGUMENT-TEVEEL", text + hint)
        if error.message == "Missing command.":
            return UserError("CLI-COMMANDO-ONTBREEKT", f"Geef een commando.{hint}")
        return UserError("CLI-AANROEP-ONGELDIG", f"Deze aanroep klopt niet.{hint}")
    return UserError("CLI-FOUT", "Het commando kon niet worden uitgevoerd.")


def show(error: UserError) -> None:
    """Print a user error as zorgpad does: `Fout: … [CODE]` on stderr, never wrapped."""
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(f"[bold red]Fout:[/] {error.render()}", highlight=False)


def check_finite(value: object, param: _TyperParameter, ctx: Context) -> None:
    """Refuse infinity and NaN for a number option (pydantic accepts '1e309' as infinity)."""
    items = value if isinstance(value, (list, tuple)) else (value,)
    for item in items:
        if isinstance(item, float) and not math.isfinite(item):
            raise NotFiniteError(str(item), ctx=ctx, param=param)
