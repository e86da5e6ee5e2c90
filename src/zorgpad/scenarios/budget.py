"""Task-based funding (taakgericht) in the replay: a product paid from a budget is not paid per claim.

After the replay, every line of a product that is taakgericht in the scenario (and was not in the
baseline) is paid nothing — its task is paid from the budget — and each budget of a year in the
history adds one row per municipality: its share of the budget (the budget's `municipality_shares`,
else in proportion to the municipality's granted claims of the budget's products that year, exact to
the cent by largest remainder). Budgets of products already taakgericht in the baseline add the same
rows on the baseline side, so task-based, output-based and effort-based products stand side by side in
every total (per municipality, provider, product). A budget row has `month` = the budget's year.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb
import pyarrow as pa

from zorgpad.catalog.model import Budget, CatalogFile
from zorgpad.scenarios.knip import allocate
from zorgpad.scenarios.params import euro

REGION = ""  # a budget no municipality used and none has a share in: the region as a whole


def _taakgericht(catalog: CatalogFile) -> set[str]:
    return {p.code for p in catalog.products if p.funding_variant == "taakgericht"}


def _use(lines: pa.Table) -> dict[tuple[str, str, str], int]:
    """(product, year, gemeente) -> granted cents in the baseline."""
    con = duckdb.connect()
    con.register("r", lines)
    rows = con.execute(
        "SELECT product_code, left(month, 4), gemeente, sum(baseline_cents)::BIGINT FROM r "
        "WHERE NOT starts_with(message_id, 'budget:') GROUP BY ALL"
    ).fetchall()
    con.close()
    return {(str(p), str(y), str(g)): int(c) for p, y, g, c in rows}


def shares_of(budget: Budget, use: dict[tuple[str, str, str], int]) -> tuple[dict[str, int], str]:
    """Per municipality its part of the budget, and how it was shared (Dutch)."""
    if budget.municipality_shares:
        return allocate(budget.amount, dict(budget.municipality_shares)), "vaste verdeling"
    weights: dict[str, int] = defaultdict(int)
    for (product, year, gemeente), cents in use.items():
        if product in budget.products and year == str(budget.year) and cents > 0:
            weights[gemeente] += cents
    if not weights:
        return {REGION: budget.amount}, "niet verdeeld (geen gebruik)"
    return allocate(budget.amount, dict(weights)), "naar gebruik"


def _rows(
    budget: Budget, side: str, catalog: CatalogFile, use: dict[tuple[str, str, str], int], schema: pa.Schema
) -> list[dict[str, Any]]:
    product = next((p for p in catalog.products if p.code == budget.products[0]), None)
    shares, how = shares_of(budget, use)
    rows = []
    for n, (gemeente, cents) in enumerate(sorted(shares.items())):
        row: dict[str, Any] = dict.fromkeys(schema.names)
        row.update(
            message_id=f"budget:{budget.id}", position=n, referentie_nummer=f"budget {budget.id} {gemeente}",
            gemeente=gemeente, aanbieder=budget.provider.agb, product_code=budget.products[0],
            product_name=product.name if product else budget.products[0], month=str(budget.year),
            debet_credit="D", care_form_b=product.care_form if product else None,
            care_form_n=product.care_form if product else None, baseline_cents=0, scenario_cents=0,
            moved_cents=0,
            reason=f"taakgericht budget {budget.id} van {budget.provider.name} voor {budget.year} "
                   f"({euro(budget.amount)}, {', '.join(budget.products)}), {how}",
        )  # fmt: skip
        row[side] = cents
        row["difference_cents"] = row["scenario_cents"] - row["baseline_cents"]
        rows.append(row)
    return rows


_UNPAID = """
SELECT r.* REPLACE (
    CASE WHEN b.label IS NULL THEN scenario_cents ELSE 0 END AS scenario_cents,
    CASE WHEN b.label IS NULL THEN moved_cents ELSE 0 END AS moved_cents,
    CASE WHEN b.label IS NULL THEN difference_cents ELSE -baseline_cents END AS difference_cents,
    CASE WHEN b.label IS NULL THEN reason ELSE b.label END AS reason
)
FROM r LEFT JOIN b ON b.product = r.product_code AND b.year = left(r.month, 4)
ORDER BY r.message_id, r.position
"""


def with_budgets(lines: pa.Table, before: CatalogFile, after: CatalogFile) -> pa.Table:
    """The replayed lines with task-based budgets applied (see the module's docstring)."""
    moved = _taakgericht(after) - _taakgericht(before)
    years = {str(m)[:4] for m in lines["month"].to_pylist() if m}
    base_budgets = [b for b in before.budgets if str(b.year) in years]
    new_budgets = [b for b in after.budgets if str(b.year) in years]
    if not moved and not base_budgets and not new_budgets:
        return lines
    labels = []
    for code in sorted(moved):
        for year in sorted(years):
            holder = next((b for b in new_budgets if code in b.products and str(b.year) == year), None)
            label = (
                f"taakgericht: betaald uit budget {holder.id} van {holder.provider.name}"
                if holder
                else f"taakgericht zonder budget voor {year}: niet per declaratie betaald"
            )
            labels.append({"product": code, "year": year, "label": label})
    con = duckdb.connect()
    con.register("r", lines)
    con.register("b", pa.Table.from_pylist(labels, schema=pa.schema(
        [("product", pa.string()), ("year", pa.string()), ("label", pa.string())])))  # fmt: skip
    unpaid = con.execute(_UNPAID).fetch_arrow_table().cast(lines.schema)
    con.close()
    use = _use(lines)
    rows = [r for b in base_budgets for r in _rows(b, "baseline_cents", before, use, lines.schema)]
    rows += [r for b in new_budgets for r in _rows(b, "scenario_cents", after, use, lines.schema)]
    return pa.concat_tables([unpaid, pa.Table.from_pylist(rows, schema=lines.schema)])
