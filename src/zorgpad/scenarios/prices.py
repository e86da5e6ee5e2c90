"""A scenario state flattened into small Arrow tables the replay joins claim lines against.

- `entries`: one row per tariff period, catalogue-wide (`aanbieder` and `gemeente` empty) or from a
  contract (the provider, and the municipality when the contract names them). `blended` is the
  mixtarief; `mixed` the per-level tariffs weighted by the state's staffing mix (equal shares when the
  state has none). `label` says in Dutch what the price is.
- `levels`: the per-level tariffs of each entry, so a line whose declared tariff matches a level is
  priced at that level.
- `products`: what the totals are grouped by (care form, lot, purchasing) and the limits replay applies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa

from zorgpad.catalog.model import Tariff
from zorgpad.scenarios.builtin.funding import unit_price
from zorgpad.scenarios.params import euro, number_nl
from zorgpad.scenarios.state import ScenarioState

OPEN_END = dt.date(9999, 12, 31)

ENTRIES = pa.schema(
    [
        ("entry_id", pa.int64()),
        ("product_code", pa.string()),
        ("aanbieder", pa.string()),
        ("gemeente", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("specificity", pa.int64()),
        ("blended", pa.float64()),
        ("mixed", pa.float64()),
        ("label", pa.string()),
    ]
)
LEVELS = pa.schema(
    [("entry_id", pa.int64()), ("level", pa.string()), ("tarief", pa.float64()), ("label", pa.string())]
)
PRODUCTS = pa.schema(
    [
        ("product_code", pa.string()),
        ("product_name", pa.string()),
        ("care_form", pa.string()),
        ("funding_variant", pa.string()),
        ("unit", pa.string()),
        ("max_duration_months", pa.int64()),
        ("max_volume", pa.int64()),
        ("max_volume_per", pa.string()),
        ("lot", pa.string()),
        ("purchasing", pa.string()),
        ("complexity", pa.string()),
    ]
)
PARTS = pa.schema(
    [
        ("product_code", pa.string()),
        ("complexity", pa.string()),
        ("lot", pa.string()),
        ("purchasing", pa.string()),
    ]
)
LEVELS_OF_COMPLEXITY = ("laag", "midden", "hoog")


@dataclass(frozen=True)
class PriceTables:
    entries: pa.Table
    levels: pa.Table
    products: pa.Table
    parts: pa.Table  # (product, complexity) -> lot and side of the knip, for products split by complexity


def _label(tariff: Tariff, mix: dict[str, float], price: Decimal, per_trajectory: bool) -> str:
    if tariff.blended is not None:
        return f"{'trajectprijs' if per_trajectory else 'mixtarief'} {euro(tariff.blended)}"
    levels = tariff.by_level
    if len(levels) == 1:
        ((level, amount),) = levels.items()
        return f"tarief {level} {euro(amount)}"
    total = sum(mix.get(lvl, 0.0) for lvl in levels) if mix else 0.0
    shares = (
        {lvl: mix.get(lvl, 0.0) / total for lvl in levels}
        if total > 0
        else dict.fromkeys(levels, 1 / len(levels))
    )
    parts = " / ".join(
        f"{number_nl(round(shares[lvl] * 100, 1))}% {lvl} {euro(amount)}" for lvl, amount in levels.items()
    )
    return f"gewogen tarief {euro(price)} (personeelsmix {parts})"


def price_tables(state: ScenarioState) -> PriceTables:
    entries: list[dict[str, Any]] = []
    levels: list[dict[str, Any]] = []

    def add(code: str, tariff: Tariff, aanbieder: str, gemeente: str, specificity: int) -> None:
        mix = state.mix_for(code)
        product = state.product(code)
        per_trajectory = product is not None and product.funding_variant == "outputgericht"
        price = unit_price(tariff, mix) if (tariff.blended is not None or tariff.by_level) else None
        entry_id = len(entries)
        entries.append(
            {
                "entry_id": entry_id,
                "product_code": code,
                "aanbieder": aanbieder,
                "gemeente": gemeente,
                "valid_from": tariff.valid_from,
                "valid_to": tariff.valid_to or OPEN_END,
                "specificity": specificity,
                "blended": None if tariff.blended is None else float(tariff.blended),
                "mixed": None if price is None or tariff.blended is not None else float(price),
                "label": "" if price is None else _label(tariff, mix, price, per_trajectory),
            }
        )
        for level, amount in tariff.by_level.items():
            levels.append(
                {
                    "entry_id": entry_id,
                    "level": level,
                    "tarief": float(amount),
                    "label": f"tarief {level} {euro(amount)}",
                }
            )

    for product in state.catalog.products:
        for tariff in product.tariffs:
            add(product.code, tariff, "", "", 0)
    for contract in state.catalog.contracts:
        for contracted in contract.products:
            for tariff in contracted.tariffs:
                places = contract.municipalities or ("",)
                for gemeente in places:
                    add(contracted.code, tariff, contract.provider.agb, gemeente, 2 + (1 if gemeente else 0))
    return PriceTables(
        pa.Table.from_pylist(entries, schema=ENTRIES),
        pa.Table.from_pylist(levels, schema=LEVELS),
        pa.Table.from_pylist(_products(state), schema=PRODUCTS),
        pa.Table.from_pylist(_parts(state), schema=PARTS),
    )


def _parts(state: ScenarioState) -> list[dict[str, Any]]:
    """One row per product and complexity level its lot parts cover (a part without levels covers all)."""
    return [
        {"product_code": code, "complexity": level, "lot": lot.code, "purchasing": part.purchasing}
        for lot in state.catalog.lots
        for part in lot.parts
        for code in part.products
        for level in (part.complexity or LEVELS_OF_COMPLEXITY)
    ]


def _products(state: ScenarioState) -> list[dict[str, Any]]:
    lot_of: dict[str, tuple[str, str]] = {}
    for each_lot in state.catalog.lots:
        for part in each_lot.parts:
            for code in part.products:
                product = state.product(code)
                # a product split by complexity is, by default, where its own complexity is bought
                if code not in lot_of or (product is not None and product.complexity in part.complexity):
                    lot_of[code] = (each_lot.code, part.purchasing)
    rows = []
    for p in state.catalog.products:
        lot, purchasing = lot_of.get(p.code, (None, None))
        rows.append(
            {
                "product_code": p.code,
                "product_name": p.name,
                "care_form": p.care_form,
                "funding_variant": p.funding_variant,
                "unit": p.unit,
                "max_duration_months": p.max_duration_months,
                "max_volume": p.max_volume.amount if p.max_volume else None,
                "max_volume_per": p.max_volume.per if p.max_volume else None,
                "lot": lot,
                "purchasing": purchasing,
                "complexity": p.complexity,
            }
        )
    return rows
