"""The `zorgpad synth` command: Dutch errors, refusing a non-empty folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgpad.catalog import load_catalog
from zorgpad.errors import UserError
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate


def test_refuses_non_empty_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zorgpad.app.cli import app

    (tmp_path / "iets.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["synth", "--catalog", "centraal-gelderland", "--out", str(tmp_path)])
    assert isinstance(result.exception, UserError)
    assert result.exception.code == "SYNTH-MAP-NIET-LEEG"


def test_rejects_a_year_before_ijw_32(tmp_path: Path) -> None:
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    with pytest.raises(UserError) as caught:
        generate(facts, tmp_path, 2019, seed=1)
    assert caught.value.code == "SYNTH-JAAR"


def test_cli_refuses_a_year_before_ijw_32_before_touching_the_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zorgpad.app.cli import app

    target = tmp_path / "uit"
    result = CliRunner().invoke(
        app, ["synth", "--catalog", "centraal-gelderland", "--year", "2019", "--out", str(target)]
    )
    assert isinstance(result.exception, UserError)
    assert result.exception.code == "SYNTH-JAAR"
    assert not target.exists()
