"""Totals per dimension and who gains or loses, from the per-line replay result.

Money that moves with the reform is counted where it lands: the baseline under the line's baseline
product, care form, lot and purchasing side; the scenario amount under the scenario's (a product
moved across the knip counts on its new side), and the part of a line moved to another product under
that product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

# dimension -> (baseline column, scenario column, moved-part column)
DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "gemeente": ("gemeente", "gemeente", "gemeente"),
    "aanbieder": ("aanbieder", "aanbieder", "aanbieder"),
    "product": ("product_code", "product_code", "target_product"),
    "zorgvorm": ("care_form_b", "care_form_n", "care_form_t"),
    "perceel": ("lot_b", "lot_n", "lot_t"),
    "inkoop": ("purchasing_b", "purchasing_n", "purchasing_t"),
    "maand": ("month", "month", "month"),
}
TITLES_NL = {
    "gemeente": "Per gemeente", "aanbieder": "Per aanbieder", "product": "Per product",
    "zorgvorm": "Per zorgvorm", "perceel": "Per perceel", "inkoop": "Regionaal of lokaal ingekocht",
    "maand": "Per maand",
}  # fmt: skip


@dataclass(frozen=True)
class Total:
    key: str
    baseline_cents: int
    scenario_cents: int

    @property
    def difference_cents(self) -> int:
        return self.scenario_cents - self.baseline_cents

    def as_json(self, name: str | None = None) -> dict[str, Any]:
        row: dict[str, Any] = {"baseline_cents": self.baseline_cents, "scenario_cents": self.scenario_cents,
                               "difference_cents": self.difference_cents}  # fmt: skip
        if name is not None:
            row["naam"] = name
        return row


def all_totals(lines: pa.Table, dimensions: tuple[str, ...] = tuple(DIMENSIONS)) -> dict[str, list[Total]]:
    """Baseline and scenario total per value of each dimension, ordered by the value."""
    con = duckdb.connect()
    con.register("r", lines)
    found: dict[str, list[Total]] = {}
    for dimension in dimensions:
        base, new, moved = DIMENSIONS[dimension]
        rows = con.execute(
            f"""
            SELECT coalesce(k, '(geen)') AS k, sum(b)::BIGINT, sum(s)::BIGINT FROM (
                SELECT {base} AS k, baseline_cents AS b, 0 AS s FROM r
                UNION ALL SELECT {new}, 0, scenario_cents - moved_cents FROM r
                UNION ALL SELECT {moved}, 0, moved_cents FROM r WHERE moved_cents <> 0
            ) GROUP BY 1 ORDER BY 1
            """
        ).fetchall()
        found[dimension] = [Total(str(k), int(b), int(s)) for k, b, s in rows]
    con.close()
    return found


def totals(lines: pa.Table, dimension: str) -> list[Total]:
    return all_totals(lines, (dimension,))[dimension]


def ranked(rows: list[Total]) -> tuple[list[Total], list[Total]]:
    """(gainers, losers): those whose scenario total is higher, resp. lower, largest difference first."""
    gainers = sorted((r for r in rows if r.difference_cents > 0), key=lambda r: (-r.difference_cents, r.key))
    losers = sorted((r for r in rows if r.difference_cents < 0), key=lambda r: (r.difference_cents, r.key))
    return gainers, losers
