"""`zorgpad serve`: documented options, Dutch errors for a bad port or a missing database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zorgpad.app.cli import app as cli
from zorgpad.app.commands.serve import serve
from zorgpad.errors import UserError


def test_serve_is_a_command_with_its_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--catalog", "--port", "--host"):
        assert option in result.output


def test_serve_refuses_a_port_that_does_not_exist(region_db: Path) -> None:
    with pytest.raises(UserError) as raised:
        serve(region_db, None, port=70000)
    assert raised.value.code == "POORT-ONGELDIG"


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(UserError) as raised:
        serve(tmp_path / "geen.duckdb", None, port=8765)
    assert raised.value.code == "DB-ONBEKEND"
