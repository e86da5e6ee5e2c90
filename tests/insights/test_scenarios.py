"""Every indicator against hand-computed rows on small YAML scenarios (tests/insights/scenarios)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from insights.scenario_store import SCENARIOS, build_store, context, filters, read
from zorgpad.insights.registry import all_indicators, compute_indicator
from zorgpad.store import Store


def _cases() -> Iterator[Any]:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for number, case in enumerate(read(path)["expect"]):
            yield pytest.param(path, number, id=f"{path.stem}-{case['indicator']}-{number}")


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, float) and isinstance(found, int | float):
        return math.isclose(found, wanted, abs_tol=1e-9)
    return bool(found == wanted)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Path, Store]]:
    """One store per scenario file, built once for the module (indicators only read)."""
    opened: dict[Path, Store] = {}
    folder = tmp_path_factory.mktemp("scenarios")
    for path in sorted(SCENARIOS.glob("*.yaml")):
        opened[path] = build_store(read(path), folder / f"{path.stem}.duckdb")
    yield opened
    for store in opened.values():
        store.close()


@pytest.mark.parametrize(("path", "number"), list(_cases()))
def test_indicator_matches_the_hand_computed_rows(path: Path, number: int, stores: dict[Path, Store]) -> None:
    scenario = read(path)
    case = scenario["expect"][number]
    found = compute_indicator(
        context(scenario, stores[path]), case["indicator"], filters(case.get("filters"))
    )
    rows = found.to_pylist()
    wanted = case["rows"]
    assert len(rows) == len(wanted), rows
    for got, expected in zip(rows, wanted, strict=True):
        assert set(expected) == set(got), f"columns differ: {sorted(got)}"
        differing = {k: (got[k], v) for k, v in expected.items() if not _same(got[k], v)}
        assert not differing, f"{got} differs in {differing}"


# Indicators other work placed in zorgpad.insights, with their own tests.
TESTED_ELSEWHERE = {
    "zorgpad.insights.care_paths": "tests/access/test_care_path.py",
    "zorgpad.insights.funding": "tests/insights/test_funding.py",
    "zorgpad.insights.triage_allocation": "tests/insights/test_triage_allocation.py",
    "zorgpad.insights.population": "tests/web/test_conclusion_pages.py (rates against the region)",
}


def test_every_indicator_has_a_scenario() -> None:
    covered = {case["indicator"] for path in SCENARIOS.glob("*.yaml") for case in read(path)["expect"]}
    ours = {found.id for found in all_indicators() if found.compute.__module__ not in TESTED_ELSEWHERE}
    assert ours <= covered


def test_dimensions_come_first_in_every_result(stores: dict[Path, Store]) -> None:
    path = SCENARIOS / "regio.yaml"
    ctx = context(read(path), stores[path])
    for found in all_indicators():
        names = compute_indicator(ctx, found.id).column_names
        assert tuple(names[: len(found.dimensions)]) == found.dimensions, found.id
