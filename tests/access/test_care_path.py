"""Care paths (tests/access_scenarios/zorgpad.yaml), the `traject` command (pseudonym only) and the
indicator registered in zorgpad.insights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from zorgpad.access.care_path import care_path
from zorgpad.access.pseudonyms import reference, resolve_client
from zorgpad.app.cli import app
from zorgpad.catalog import load_catalog
from zorgpad.insights.registry import Filters, InsightContext, compute_indicator
from zorgpad.store import Store

from .builder import bsn_for, build_store

SCENARIOS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "access_scenarios" / "zorgpad.yaml").read_text(encoding="utf-8")
)
CASES: list[dict[str, Any]] = SCENARIOS["cases"]
WIDE = {"COLUMNS": "200"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_care_path(case: dict[str, Any], tmp_path: Path) -> None:
    db = build_store(case["given"], tmp_path)
    catalog = load_catalog(SCENARIOS["catalog"])
    client = case["given"]["allocations"][0]["client"]
    with Store.open(db, read_only=True) as store:
        steps = care_path(store.connection, resolve_client(store, db, bsn_for(client)), catalog)
    got = [{"product": s.allocation.product_code, "hoe": s.cause, "richting": s.direction} for s in steps]
    assert got == case["expect"]["steps"]


def test_traject_command_prints_pseudonym_only(tmp_path: Path) -> None:
    db = build_store(CASES[0]["given"], tmp_path)
    bsn = bsn_for("A")
    result = CliRunner().invoke(
        app, ["traject", bsn, "--db", str(db), "--catalog", "centraal-gelderland@2026"], env=WIDE
    )
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        ref = reference(resolve_client(store, db, bsn))
    assert ref in result.output and bsn not in result.output
    assert "overstap aanbieder" in result.output and "afschalen" in result.output
    again = CliRunner().invoke(app, ["traject", ref, "--db", str(db)], env=WIDE)
    assert again.exit_code == 0 and "54B03" in again.output


def test_indicator_counts_steps(tmp_path: Path) -> None:
    db = build_store(CASES[1]["given"], tmp_path)
    with Store.open(db, read_only=True) as store:
        context = InsightContext(store, load_catalog("centraal-gelderland@2026"))
        table = compute_indicator(context, "zorgpad-stappen", Filters()).to_pylist()
    assert table == [
        {"gemeente": "0202", "opschalen": 1, "afschalen": 1, "gelijk": 1, "overstap aanbieder": 0,
         "ander domein": 1, "wijzigingsverzoek": 0},
    ]  # fmt: skip
