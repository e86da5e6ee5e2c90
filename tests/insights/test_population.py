"""Clients per 1,000 young people: the bundled, dated table, the municipality against the region, and
the previous year when the store holds it."""

from __future__ import annotations

from pathlib import Path

from zorgpad.insights.population import young_people


def test_the_bundled_table_is_dated_and_sourced() -> None:
    path = Path(__file__).resolve().parents[2] / "src/zorgpad/insights/data/jeugdigen.csv"
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("peiljaar 2024" in line for line in header)
    assert any("CBS" in line for line in header)
    people = young_people()
    assert people["0202"] > people["0221"] > 0  # Arnhem is larger than Doesburg
