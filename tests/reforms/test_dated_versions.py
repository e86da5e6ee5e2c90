"""A scenario over every version of a region: each line is priced, limited and placed by the version in
force on its date, and the reform is applied to each version."""

from __future__ import annotations

from typing import Any

from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.reform import parse_spec

from . import cases

# Version 2025 prices 54B01 at € 92,00 from 2025; version 2026 only knows its own € 95,00 from 2026
# (no history): a 2025 line can only be priced by version 2025.
V2025: dict[str, Any] = {
    "version": "2025",
    "valid_from": "2025-01-01",
    "products": [
        {"code": "54B01", "tariffs": [{"valid_from": "2025-01-01", "blended": 9200, "source": "t"}]}
    ],
}
V2026: dict[str, Any] = {
    "version": "2026",
    "valid_from": "2026-01-01",
    "products": [
        {
            "code": "54B01",
            "name": "Behandeling 2026",
            "tariffs": [{"valid_from": "2026-01-01", "blended": 9500, "source": "t"}],
        }
    ],
}
LINES = {
    "declaraties": [
        {"ref": "r1", "product": "54B01", "periode": "2025-03", "volume": 10, "tarief": 9200},
        {
            "ref": "r2",
            "product": "54B01",
            "periode": "2026-03",
            "volume": 10,
            "tarief": 9500,
            "gemeente": "0221",
        },
    ]
}


def _run(versions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    scenario = Scenario.prepare(cases.store(LINES), [cases.catalog(v) for v in versions], None)
    result = scenario.run((parse_spec("indexeer_tarieven:procent=10,producten=54B01"),))
    return {row["referentie_nummer"]: row for row in result.lines.to_pylist()}


def test_each_line_is_priced_by_the_version_in_force() -> None:
    rows = _run([V2026, V2025])  # order given does not matter
    assert (rows["r1"]["baseline_cents"], rows["r1"]["scenario_cents"]) == (92000, 101200)
    assert (rows["r2"]["baseline_cents"], rows["r2"]["scenario_cents"]) == (95000, 104500)
    assert rows["r1"]["product_name"] == "Product 54B01" and rows["r2"]["product_name"] == "Behandeling 2026"


def test_one_version_prices_only_what_it_knows() -> None:
    rows = _run([V2026])
    assert (rows["r1"]["baseline_cents"], rows["r1"]["scenario_cents"]) == (92000, 92000)
    assert "niet in de catalogus" in rows["r1"]["reason"]
    assert rows["r2"]["scenario_cents"] == 104500
