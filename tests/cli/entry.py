"""Run the real `zorgpad` entry point (its UserError handling included) and capture what it prints."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from zorgpad.app.cli import main

# English text of Typer/Click/Python that must never reach a user of zorgpad.
ENGLISH_FRAGMENTS = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "No such",
    "Did you mean",
    "Missing",
    "Invalid value",
    "Error",
    "Try '",
    "[default",
    "[required]",
    "Aborted",
    "Traceback",
    "<int",
    "<str",
    "<path",
    "<Path",
    "<bool",
    "<float",
    "requires an argument",
    "unexpected extra",
    "No such file",
)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def english(self) -> list[str]:
        return [fragment for fragment in ENGLISH_FRAGMENTS if fragment in self.text]


Runner = Callable[..., Outcome]


@pytest.fixture
def zorgpad(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Call `zorgpad ARGS...` through `main()`; return its exit code, stdout and stderr."""

    def run(*args: str) -> Outcome:
        monkeypatch.setattr(sys, "argv", ["zorgpad", *args])
        code: int | str | None = 0
        try:
            main()
        except SystemExit as stopped:
            code = stopped.code
        captured = capsys.readouterr()
        return Outcome(code if isinstance(code, int) else 1, captured.out, captured.err)

    return run
