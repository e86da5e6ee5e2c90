"""docs/operations.md kept honest: the systemd unit's and the container's command lines are ones
`zorgpad serve` accepts (the services themselves cannot run in the tests)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import typer.main

from zorgpad.app.cli import app
from zorgpad.app.cli_group import LazyGroup

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def _block(language: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")


def _serve() -> Any:
    """The click command of `zorgpad serve` (Typer ships its own click, so not typed as click's)."""
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    return root.load_all()["serve"]


def _parsed(argv: list[str]) -> dict[str, object]:
    assert Path(argv[0]).name == "zorgpad" and argv[1] == "serve", argv
    return dict(_serve().make_context("serve", argv[2:]).params)


def test_the_systemd_unit_starts_the_server_with_options_it_accepts() -> None:
    line = next(row for row in _block("ini").splitlines() if row.startswith("ExecStart="))
    params = _parsed(shlex.split(line.removeprefix("ExecStart=")))
    assert str(params["db"]) == "/var/lib/zorgpad/regio.duckdb"
    assert params["inbox"] is not None and params["outbox"] is not None
    assert params["host"] == "127.0.0.1"


def test_the_container_starts_the_server_with_options_it_accepts() -> None:
    line = next(row for row in _block("dockerfile").splitlines() if row.startswith("CMD "))
    argv = json.loads(line.removeprefix("CMD "))
    params = _parsed(argv)
    assert str(params["db"]).startswith("/data/") and params["host"] == "0.0.0.0"
