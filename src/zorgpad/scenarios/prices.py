"""A scenario state flattened into small Arrow tables the replay joins claim lines against.

The state's catalogue is flattened by the one priced catalogue (`zorgpad.catalog.priced`), as claim
control's is; this module only adds what a scenario needs on top (the staffing mix and Dutch labels).

- `entries`: one row per tariff period, catalogue-wide (`aanbieder` and `gemeente` empty) or from a
  contract (the provider and one municipality the contract covers). `blended` is the
  mixtarief; `mixed` the per-level tariffs weighted by the state's staffing mix (equal shares when the
  state has none). `label` says in Dutch what the price is.
- `levels`: the per-level tariffs of each entry, so a line whose declared tariff matches a level is
  priced at that level.
- `products`: what the totals are grouped by (care form, lot, purchasing) and the limits replay applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from zorgpad.catalog.model import Tariff
from zorgpad.catalog.priced import PricedCatalog, Window, flatten, windows
from zorgpad.scenarios.builtin.funding import unit_price
from zorgpad.scenarios.params import euro, number_nl
from zorgpad.scenarios.state import ScenarioState

OPEN_END = dt.date(9999, 12, 31)
OPEN_START = dt.date(1, 1, 1)

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
        # The days the catalogue version holding this row is in force (open ends as 0001-01-01/9999-12-31).
        ("cat_from", pa.date32()),
        ("cat_to", pa.date32()),
    ]
)
PARTS = pa.schema(
    [
        ("product_code", pa.string()),
        ("complexity", pa.string()),
        ("lot", pa.string()),
        ("purchasing", pa.string()),
        ("cat_from", pa.date32()),
        ("cat_to", pa.date32()),
    ]
)


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


def price_tables(state: ScenarioState, window: Window = (None, None)) -> PriceTables:
    """The state's catalogue priced through the one priced catalogue (`zorgpad.catalog.priced`), its dates
    clipped to `window` (the days this catalogue version is in force)."""
    priced = flatten(state.catalog, name=state.catalog.version, content_hash="", window=window)
    entries: list[dict[str, Any]] = []
    levels: list[dict[str, Any]] = []
    for (code, aanbieder, gemeente), tariff in _tariff_periods(priced):
        mix = state.mix_for(code)
        product = state.product(code)
        per_trajectory = product is not None and product.funding_variant == "outputgericht"
        price = unit_price(tariff, mix) if (tariff.blended is not None or tariff.by_level) else None
        entry_id = len(entries)
        entries.append(
            {
                "entry_id": entry_id,
                "product_code": code,
                "aanbieder": aanbieder or "",
                "gemeente": gemeente or "",
                "valid_from": tariff.valid_from,
                "valid_to": tariff.valid_to or OPEN_END,
                # A contract tariff is for one provider in one municipality: it beats the catalogue's.
                "specificity": 0 if aanbieder is None else 3,
                "blended": None if tariff.blended is None else float(tariff.blended),
                "mixed": None if price is None or tariff.blended is not None else float(price),
                "label": "" if price is None else _label(tariff, mix, price, per_trajectory),
            }
        )
        levels.extend(
            {
                "entry_id": entry_id,
                "level": level,
                "tarief": float(amount),
                "label": f"tarief {level} {euro(amount)}",
            }
            for level, amount in tariff.by_level.items()
        )
    return PriceTables(
        pa.Table.from_pylist(entries, schema=ENTRIES),
        pa.Table.from_pylist(levels, schema=LEVELS),
        pa.Table.from_pylist(_products(priced), schema=PRODUCTS),
        pa.Table.from_pylist(_parts(priced), schema=PARTS),
    )


def _tariff_periods(priced: PricedCatalog) -> list[tuple[tuple[str, str | None, str | None], Tariff]]:
    """The priced catalogue's tariff rows gathered back into tariff periods (blended and per level),
    keyed by (product, provider, municipality); provider and municipality are None for the catalogue's."""
    periods: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in priced.tariffs_arrow.to_pylist():
        key = (
            row["product_code"],
            row["aanbieder"],
            row["gemeente"],
            row["contract_id"],
            row["valid_from"],
            row["valid_to"],
        )
        period = periods.setdefault(key, {"blended": None, "by_level": {}})
        if row["staff_level"] is None:
            period["blended"] = row["tarief"]
        else:
            period["by_level"][row["staff_level"]] = row["tarief"]
    return [
        (
            (code, aanbieder, gemeente),
            Tariff(valid_from=start, valid_to=end, blended=p["blended"], by_level=p["by_level"], source=""),
        )
        for (code, aanbieder, gemeente, _contract, start, end), p in periods.items()
    ]


def _parts(priced: PricedCatalog) -> list[dict[str, Any]]:
    """One row per product and complexity level its lot parts cover (a part without levels covers all)."""
    return [
        {
            **{key: row[key] for key in ("product_code", "complexity", "lot", "purchasing")},
            "cat_from": row["cat_from"] or OPEN_START,
            "cat_to": row["cat_to"] or OPEN_END,
        }
        for row in priced.lots_arrow.to_pylist()
    ]


def _products(priced: PricedCatalog) -> list[dict[str, Any]]:
    # a product split by complexity is, by default, where its own complexity is bought
    lot_of = {
        row["product_code"]: (row["lot"], row["purchasing"])
        for row in priced.lots_arrow.to_pylist()
        if row["is_default"]
    }
    rows = []
    for p in priced.products_arrow.to_pylist():
        lot, purchasing = lot_of.get(p["product_code"], (None, None))
        rows.append(
            {
                "product_code": p["product_code"],
                "product_name": p["name"],
                "care_form": p["care_form"],
                "funding_variant": p["funding_variant"],
                "unit": p["unit"],
                "max_duration_months": p["max_duration_months"],
                "max_volume": p["max_volume"],
                "max_volume_per": p["max_volume_per"],
                "lot": lot,
                "purchasing": purchasing,
                "complexity": p["complexity"],
                "cat_from": p["cat_from"] or OPEN_START,
                "cat_to": p["cat_to"] or OPEN_END,
            }
        )
    return rows


def dated_price_tables(states: Sequence[ScenarioState]) -> PriceTables:
    """The states of every catalogue version (oldest first), each priced for the days it is in force:
    a line is priced, limited and placed in a lot by the version valid on its date."""
    if len(states) == 1:
        return price_tables(states[0])
    parts = [
        price_tables(state, window)
        for state, window in zip(states, windows([s.catalog for s in states]), strict=True)
    ]
    offset = 0
    entries, levels = [], []
    for part in parts:  # entry ids are per version: shift them so they stay unique
        entries.append(part.entries.set_column(0, "entry_id", pc.add(part.entries["entry_id"], offset)))
        levels.append(part.levels.set_column(0, "entry_id", pc.add(part.levels["entry_id"], offset)))
        offset += part.entries.num_rows
    return PriceTables(
        pa.concat_tables(entries),
        pa.concat_tables(levels),
        pa.concat_tables([p.products for p in parts]),
        pa.concat_tables([p.parts for p in parts]),
    )
