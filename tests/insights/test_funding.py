"""Funding-form indicators against hand-computed figures: budget exhaustion and cost per funding stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from insights.scenario_store import build_store
from reforms import cases
from zorgpad.catalog.lookup import Catalog
from zorgpad.insights.registry import Filters, InsightContext, compute_indicator
from zorgpad.store import Store

TASK = {"funding_variant": "taakgericht", "unit": None, "frequencies": []}
CATALOG: dict[str, Any] = {
    "care_forms": [{"code": "crisis", "name": "Crisis"}, {"code": "daghulp", "name": "Daghulp"}],
    "products": [
        {"code": "46A01", "category": "46", "care_form": "crisis", "complexity": "hoog", **TASK,
         "tariffs": [{"valid_from": "2025-01-01", "blended": 45000, "source": "t"}]},
        {"code": "46A02", "category": "46", "care_form": "crisis", "complexity": "hoog", **TASK,
         "tariffs": [{"valid_from": "2025-01-01", "blended": 12000, "source": "t"}]},
        {"code": "41D02", "category": "41", "care_form": "daghulp", "complexity": "hoog",
         "funding_streams": ["jeugdwet", "onderwijs-zorg"],
         "tariffs": [{"valid_from": "2025-01-01", "blended": 7000, "source": "t"}]},
    ],
    "budgets": [
        {"id": "CRISIS-2025", "provider": {"agb": "99000016", "name": "Crisisdienst"},
         "products": ["46A01", "46A02"], "year": 2025, "amount": 360000,
         "municipality_shares": {"0202": 3, "0221": 1}, "source": "t"},
    ],
    "funding_shares": [
        {"products": ["41D02"], "shares": {"jeugdwet": 60, "onderwijs-zorg": 40}, "valid_from": "2025-01-01",
         "source": "OZA-convenant"},
    ],
}  # fmt: skip


def _line(n: int, gemeente: str, aanbieder: str, product: str, month: str, cents: int) -> dict[str, Any]:
    return {"message_id": f"m{n}", "position": 0, "gemeente": gemeente, "aanbieder": aanbieder,
            "client_key": f"c{n}", "product_code": product, "product_periode_begin": f"2025-{month}-01",
            "signed_bedrag": cents}  # fmt: skip


LINES = [
    _line(1, "0202", "99000016", "46A01", "03", 135000),
    _line(2, "0202", "99000016", "46A02", "03", 120000),
    _line(3, "0221", "99000016", "46A02", "04", 60000),
    _line(4, "0202", "99000015", "46A01", "05", 90000),  # another provider: not against this budget
    _line(5, "0221", "99000017", "41D02", "05", 20000),
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InsightContext]:
    store: Store = build_store({"tables": {"claim_lines": LINES}}, tmp_path_factory.mktemp("f") / "f.duckdb")
    yield InsightContext(store, Catalog(cases.catalog(CATALOG), Path("financiering.yaml"), "financiering"))
    store.close()


def test_budget_exhaustion_against_the_year_passed(ctx: InsightContext) -> None:
    (row,) = compute_indicator(ctx, "budget-uitputting").to_pylist()
    # 135000 + 120000 + 60000 = 315000 of 360000 = 87.5%; last claimed month April = 33.3% of the year
    assert row == {"budget": "CRISIS-2025", "aanbieder": "99000016", "jaar": 2025, "budget_bedrag": 360000,
                   "gedeclareerd": 315000, "uitputting": 87.5, "jaar_verstreken": 33.3,
                   "signaal": "loopt voor"}  # fmt: skip


def test_budget_exhaustion_for_one_municipality_uses_its_share(ctx: InsightContext) -> None:
    (row,) = compute_indicator(ctx, "budget-uitputting", Filters(gemeente="0221")).to_pylist()
    # Doesburg's share: 360000 x 1/4 = 90000; its claims 60000 = 66.7%
    assert (row["budget_bedrag"], row["gedeclareerd"], row["uitputting"]) == (90000, 60000, 66.7)


def test_cost_per_funding_stream_splits_an_oza_arrangement(ctx: InsightContext) -> None:
    rows = {
        r["stroom"]: r["bedrag"] for r in compute_indicator(ctx, "kosten-per-financieringsstroom").to_pylist()
    }
    # 41D02: 20000 x 60% Jeugdwet, 40% onderwijs-zorg; the crisis products wholly Jeugdwet (405000)
    assert rows == {"jeugdwet": 405000 + 12000, "onderwijs-zorg": 8000}
