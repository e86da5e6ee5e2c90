"""Triage scenarios (tests/access_scenarios/triage_*.yaml): answers -> path, outcome and advice; and
together they take every branch of the bundled trees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from zorgpad.catalog import load_catalog
from zorgpad.triage import run_triage

FILES = sorted((Path(__file__).resolve().parents[1] / "access_scenarios").glob("triage_*.yaml"))
CASES = [
    (block["catalog"], case)
    for path in FILES
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))
    for case in block["cases"]
]


@pytest.mark.parametrize(("catalog", "case"), CASES, ids=[f"{c}: {case['name']}" for c, case in CASES])
def test_triage_scenario(catalog: str, case: dict[str, Any]) -> None:
    result = run_triage(load_catalog(catalog), case["answers"])
    expect = case["expect"]
    assert list(result.path) == expect["path"]
    assert result.outcome.id == expect["outcome"]
    assert result.outcome.complexity == expect["complexity"]
    assert list(result.outcome.products) == expect["products"]
    assert result.outcome.max_months == expect["max_months"]


@pytest.mark.parametrize("catalog", sorted({c for c, _ in CASES}))
def test_scenarios_cover_every_branch(catalog: str) -> None:
    cat = load_catalog(catalog)
    assert cat.triage is not None
    taken = {
        (step.node, step.branch)
        for c, case in CASES
        if c == catalog
        for step in run_triage(cat, case["answers"]).steps
    }
    assert {(n.id, b) for n in cat.triage.nodes for b in n.branches} == taken
